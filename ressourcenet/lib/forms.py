"""Django forms rendered with DKFDS markup: labels, hints and errors tied to each field."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.Textarea: "form-input",
    Input: "form-input",
}


class DkfdsBoundField(forms.BoundField):
    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def marked_optional(self) -> bool:
        """Say "(optional)" unless the form asks for the field all the same (`recommended`)."""
        return not self.field.required and not getattr(self.field, "recommended", False)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_helptext"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        for widget_class, css_class in WIDGET_CLASSES.items():
            if isinstance(widget, widget_class):
                existing = attrs.get("class", widget.attrs.get("class", ""))
                attrs["class"] = f"{css_class} {existing}".strip()
                break
        described_by = []
        if self.help_text:
            described_by.append(self.hint_id)
        if self.errors:
            described_by.append(self.error_id)
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/_form.html"
    field_template_name = "forms/_field.html"
    bound_field_class = DkfdsBoundField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "input-width-m", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "input-width-s", **(attrs or {})}, format="%Y-%m-%d")
