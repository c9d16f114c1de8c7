"""Django forms rendered with DKFDS markup: labels, hints and errors tied to each field."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.Textarea: "form-input",
    Input: "form-input",
}


# What an empty choice says, in every select of the site and its admin, instead of "---------".
EMPTY_CHOICE = _("Choose …")
DASHES = BLANK_CHOICE_DASH[0][1]


def name_empty_choice(field: forms.Field) -> None:
    """Let the field's empty choice say "Choose …" unless the form gave it words of its own."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = EMPTY_CHOICE
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and label == DASHES for value, label in choices):
            field.choices = [
                (value, EMPTY_CHOICE if value == "" and label == DASHES else label)
                for value, label in choices
            ]


class DkfdsBoundField(forms.BoundField):
    def __init__(self, form, field, name):
        name_empty_choice(field)  # the form's own copy of the field
        super().__init__(form, field, name)

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
