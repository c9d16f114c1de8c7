"""Django forms rendered with DKFDS markup: labels, hints and errors tied to each field,
error messages that say what to do, and an error summary that links to the fields."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django import forms, template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import ChoiceWidget, Input
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The first class that fits: CheckboxSelectMultiple is a kind of RadioSelect to Django.
WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
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


# What Django says in general words ("This field is required."), said for the field: what
# to do, and where. A form's own message for a field (`error_messages`) is kept.
FILL_IN = _("Fill in “%(field)s”.")
CHOOSE_ONE = _("Choose one of the options under “%(field)s”.")
CHOOSE_SOME = _("Choose at least one of the options under “%(field)s”.")
TICK = _("Tick “%(field)s”.")
CHOOSE_AGAIN = _("What you chose under “%(field)s” can no longer be chosen. Choose again.")
WRITE_EMAIL = _("Write a valid e-mail address, such as name@example.com.")
WRITE_DATE = _("Write a whole date in “%(field)s”: day, month and year.")
WRITE_DATE_TIME = _("Write both a date and a time in “%(field)s”.")
WRITE_WHOLE_NUMBER = _("Write a whole number in “%(field)s”.")
AT_LEAST = _("Write a number of at least %(limit_value)s in “%(field)s”.")
AT_MOST = _("Write a number of at most %(limit_value)s in “%(field)s”.")
# Invisible characters (NUL, bidi overrides) pasted in: Django's own check and the bounds'
# (lib/bounds.py) both find them; one message, by their codes, says what to do.
REMOVE_INVISIBLE = _("Remove the invisible characters from “%(field)s”.")
ONE_LINE = _("Write “%(field)s” on one line, without invisible characters.")
INVISIBLE_CODES = ("null_characters_not_allowed", "control_characters")
SHORTEN = _("Shorten “%(field)s” to at most %(limit_value)d characters (it has %(show_value)d).")


def _required_message(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return TICK
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return CHOOSE_SOME
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return CHOOSE_ONE
    return FILL_IN


def _invalid_message(field: forms.Field) -> str | None:
    if isinstance(field, forms.EmailField):
        return WRITE_EMAIL
    if isinstance(field, forms.DateTimeField):
        return WRITE_DATE_TIME
    if isinstance(field, forms.DateField):
        return WRITE_DATE
    if isinstance(field, forms.FloatField | forms.DecimalField):
        return None  # Django's subclasses of IntegerField: not whole numbers
    if isinstance(field, forms.IntegerField):
        return WRITE_WHOLE_NUMBER
    return None


def _messages_for(field: forms.Field) -> dict[str, str]:
    """The message per error code for this kind of field."""
    messages = {"required": _required_message(field)}
    invalid = _invalid_message(field)
    if invalid:
        messages["invalid"] = invalid
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        for code in ("invalid_choice", "invalid_list", "invalid_pk_value"):
            messages[code] = CHOOSE_AGAIN
    if isinstance(field, forms.CharField):
        invisible = REMOVE_INVISIBLE if isinstance(field.widget, forms.Textarea) else ONE_LINE
        messages |= dict.fromkeys(INVISIBLE_CODES, invisible)
        if field.max_length is not None:
            messages["max_length"] = SHORTEN
    if isinstance(field, forms.IntegerField):
        messages |= {"min_value": AT_LEAST, "max_value": AT_MOST}
    return messages


def _django_default(field: forms.Field, code: str) -> str | None:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults.get(code)


# Errors that Django raises with values of their own (`params`), so that it applies `%`
# to the message: a "%" in the label must be doubled in these, and only in these.
WITH_PARAMS = {
    "invalid_choice",
    "invalid_pk_value",
    "max_length",
    "min_value",
    "max_value",
    "null_characters_not_allowed",
}


def say_what_to_do(field: forms.Field, label: str) -> None:
    """Replace the field's generic Django messages with ones that name it (see FILL_IN)."""
    for code, message in _messages_for(field).items():
        current = field.error_messages.get(code)
        if current is None or str(current) == str(_django_default(field, code)):
            named = str(label).replace("%", "%%") if code in WITH_PARAMS else str(label)
            field.error_messages[code] = gettext(message).replace("%(field)s", named)


class DkfdsBoundField(forms.BoundField):
    def __init__(self, form, field, name):
        name_empty_choice(field)  # the form's own copy of the field
        super().__init__(form, field, name)
        # Bound fields are made before the form cleans them, so the messages are in time.
        say_what_to_do(field, self.label)

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def marked_optional(self) -> bool:
        """Say "(optional)" unless the form asks for the field all the same (`recommended`),
        or the field is a group of radio buttons with one already chosen: one answer is
        always given, so there is nothing to leave out."""
        if self.field.required or getattr(self.field, "recommended", False):
            return False
        return not (
            isinstance(self.field.widget, forms.RadioSelect) and self.initial not in (None, "")
        )

    @property
    def distinct_errors(self) -> list[str]:
        """The field's errors, each once (two checks may find the same problem)."""
        return list(dict.fromkeys(str(error) for error in self.errors))

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_helptext"

    @property
    def input_id(self) -> str:
        """The id of the input to move to: the first one of a list of checkboxes or radios."""
        widget = self.field.widget
        if isinstance(widget, ChoiceWidget):
            return widget.id_for_label(self.auto_id, "0")
        return self.id_for_label

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        for widget_class, css_class in WIDGET_CLASSES.items():
            if isinstance(widget, widget_class):
                existing = attrs.get("class", widget.attrs.get("class", "")).split()
                attrs["class"] = " ".join([css_class, *(c for c in existing if c != css_class)])
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


# --- the error summary ------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the message, the id of the input it is about, and
    that field's label (to tell apart two fields with the same message)."""

    message: str
    target: str = ""
    label: str = dataclasses.field(default="", compare=False)


# The same message about two fields (a start and an end in a year far off): say which.
ABOUT_FIELD = _("“%(field)s”: %(message)s")


def repeated_messages(links: list[ErrorLink]) -> set[str]:
    """The messages that more than one field of the list has."""
    seen, repeated = set(), set()
    for link in links:
        if link.message in seen and link.label:
            repeated.add(link.message)
        seen.add(link.message)
    return repeated


def name_the_fields(links: list[ErrorLink], wording=ABOUT_FIELD, **values) -> list[ErrorLink]:
    """Each message once per field; a message that several fields have names its field."""
    repeated = repeated_messages(links)
    return [
        ErrorLink(
            str(wording) % {"field": link.label, "message": link.message, **values}
            if link.message in repeated
            else link.message,
            link.target,
            link.label,
        )
        for link in links
    ]


def field_links(form: forms.BaseForm) -> list[ErrorLink]:
    """The errors of the form's own fields, in their order, each once, with its input."""
    links = [ErrorLink(error) for field in form.hidden_fields() for error in field.distinct_errors]
    for field in form.visible_fields():
        links += [
            ErrorLink(error, field.input_id, str(field.label)) for error in field.distinct_errors
        ]
    return links


def summary_links(form: forms.BaseForm) -> list[ErrorLink]:
    """What the form's error summary lists: each error once, with the input it is about.

    An error about the whole form leads to the first field (where a person starts again),
    unless the form shows such errors in an alert of their own (`errors_as_alert`, the
    login). A form laid out by hand lists its errors itself (`summary_links()`).
    """
    if hasattr(form, "summary_links"):
        return form.summary_links()
    links = []
    if not getattr(form, "errors_as_alert", False):
        fields = form.visible_fields()
        first = fields[0].input_id if fields else ""
        errors = dict.fromkeys(str(error) for error in form.non_field_errors())
        links = [ErrorLink(error, first) for error in errors]
    return links + name_the_fields(field_links(form))


register = template.Library()
register.filter("summary_links", summary_links)


@register.simple_tag
def options(rows: Iterable[dict], selected: object = None) -> SafeString:
    """The `<option>`s of a filter's select from `{"pk", "name"}` rows, the `selected` pk
    marked, each value and name escaped. Made here, not in a template loop: at national
    scale the search page has some 700 of them, which a template loop (or format_html for
    each) takes milliseconds to render."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<option value="{escape(str(row["pk"]))}"'
            f"{' selected' if row['pk'] == selected else ''}>{escape(str(row['name']))}</option>"
            for row in rows
        )
    )
