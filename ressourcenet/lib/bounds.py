"""Input bounds, in one place for the forms, the API and the models.

What the database can hold and what the domain calls sane: integers within PostgreSQL's
range (the stricter of the two databases, so both behave alike), lengths from the models,
dates between 2000 and 2100, no control characters in one-line text, a meeting at most a
day long, and local times that exist exactly once on the clock.

The `*_problem` functions are plain: a value in, a message out (None when the value is
fine). `BoundsMixin` applies them to a form's fields; `api/types.py` to the API's schemas.
"""

import unicodedata
from datetime import date, datetime, timedelta, tzinfo

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# PostgreSQL `integer` (PositiveIntegerField and friends) and `bigint` (the ids).
INT_MAX = 2**31 - 1
ID_MAX = 2**63 - 1
# No list is this long: a larger offset is a mistake, not a page.
OFFSET_MAX = INT_MAX
# Text on several lines (a purpose, an obligation, a why) is a page or two, not a book:
# a longer text is a paste gone wrong. As governance.services.TEXT_MAX.
TEXT_MAX = 20_000

YEAR_MIN = 2000
YEAR_MAX = 2100

MEETING_MAX = timedelta(hours=24)
MEETING_MAX_MINUTES = int(MEETING_MAX.total_seconds() // 60)

# Joiners that some scripts (Persian, the Indic scripts) need inside names.
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# Line breaks and tabs are fine in text on several lines (a why, a description).
MULTILINE_WHITESPACE = {"\n", "\r", "\t"}


def max_length(model: type[models.Model], field: str) -> int:
    """The column's length, so a form or schema refuses what the database would."""
    return model._meta.get_field(field).max_length


# --- plain checks --------------------------------------------------------------------


def _is_control(char: str, allowed: set[str]) -> bool:
    if char in allowed:
        return False
    # Cc: control (NUL, CR, LF, …); Cf: format (bidi overrides, …); Zl/Zp: U+2028/U+2029.
    return unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def _field_name(field: str) -> str:
    """The field's name in the user's language: validators are given the English msgid of
    a field's verbose name ("title"), translated here, when the message is made."""
    field = str(field)
    return capfirst(_(field)) if field else field


def one_line_problem(value: str, field: str) -> str | None:
    if any(_is_control(char, ALLOWED_FORMAT_CHARACTERS) for char in value):
        return _(
            "“%(field)s” must be one line of plain text, without line breaks or control characters."
        ) % {"field": _field_name(field)}
    return None


def text_problem(value: str, field: str) -> str | None:
    allowed = ALLOWED_FORMAT_CHARACTERS | MULTILINE_WHITESPACE
    if any(_is_control(char, allowed) for char in value):
        return _("“%(field)s” must not contain control characters.") % {"field": _field_name(field)}
    return None


def search_text(value: str) -> str:
    """What a search box may look for: the text without control characters (NUL breaks
    PostgreSQL), trimmed."""
    return "".join(c for c in value if not _is_control(c, ALLOWED_FORMAT_CHARACTERS)).strip()


def parse_id(value: str) -> int | None:
    """An id from a query string, or None when it is not one the database could hold."""
    # Length first: Python refuses to convert more than 4300 digits (a ValueError, a 500).
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(ID_MAX))
    if digits and 1 <= int(value) <= ID_MAX:
        return int(value)
    return None


def int_range_message(minimum: int = 0, maximum: int = INT_MAX) -> str:
    """The one wording of a number's limits (minutes, counts), in the forms and the API."""
    # The catalog's wording has %d; the numbers go in as text, grouped as a Dane writes
    # them: with thousands separators when they have more than four digits (1440,
    # 2.147.483.647), as the Danish spelling rules advise.
    wording = _("Write a whole number from %(min)d to %(max)d.")
    wording = wording.replace("%(min)d", "%(min)s").replace("%(max)d", "%(max)s")
    return wording % {"min": grouped(minimum), "max": grouped(maximum)}


def grouped(number: int) -> str:
    """A limit or count in running text, in the active language: with thousands separators
    only when it has more than four digits (1440, 5000, 2.147.483.647 in Danish), as the
    Danish spelling rules advise. The site's one rule for such numbers, in the forms and
    the API alike; amounts of kroner and hours are the exception: they are always grouped
    (5.000 kr., `intcomma` in the templates) so that they line up in their tables."""
    return number_format(number, force_grouping=abs(number) > 9999)


def with_grouped(wording: str, **numbers: int) -> str:
    """A translated wording with `%(name)d` placeholders, filled with the numbers as
    `grouped` writes them: for a limit a resident reads, such as a comment's length."""
    for name in numbers:
        wording = wording.replace(f"%({name})d", f"%({name})s")
    return wording % {name: grouped(n) for name, n in numbers.items()}


def int_problem(value: int, minimum: int = 0, maximum: int = INT_MAX) -> str | None:
    if minimum <= value <= maximum:
        return None
    return int_range_message(minimum, maximum)


def year_problem(value: date | datetime) -> str | None:
    years = [value.year]
    # And the year where the networks meet: 2100-12-31 23:30 UTC is 2101 in Copenhagen.
    in_range = YEAR_MIN <= value.year <= YEAR_MAX
    if in_range and isinstance(value, datetime) and timezone.is_aware(value):
        years.append(timezone.localtime(value).year)
    if all(YEAR_MIN <= year <= YEAR_MAX for year in years):
        return None
    return _("Choose a date between the years %(min)d and %(max)d.") % {
        "min": YEAR_MIN,
        "max": YEAR_MAX,
    }


def duration_problem(starts_at: datetime, ends_at: datetime) -> str | None:
    if ends_at - starts_at > MEETING_MAX:
        return _("A meeting can last at most %(hours)d hours.") % {
            "hours": MEETING_MAX.total_seconds() // 3600
        }
    return None


def agenda_problem(agenda_minutes: int, meeting_minutes: int) -> str | None:
    over = agenda_minutes - meeting_minutes
    if over <= 0:
        return None
    return ngettext(
        "The agenda would be %(over)d minute longer than the meeting. Shorten an item or "
        "make the meeting longer.",
        "The agenda would be %(over)d minutes longer than the meeting. Shorten an item or "
        "make the meeting longer.",
        over,
    ) % {"over": over}


def aware(value: datetime, zone: tzinfo) -> datetime:
    """A time without an offset read as a time in `zone`, exactly as the web forms do.

    A time that the clock skips in spring, or shows twice in autumn, raises the forms'
    own ValidationError: it cannot be read as one moment.
    """
    if timezone.is_aware(value):
        return value
    with timezone.override(zone):
        return _plain_clock_change(from_current_timezone)(value)


def _plain_clock_change(read):
    """`read` with Django's technical message for a skipped or repeated local time
    replaced by one a resident understands."""

    def wrapped(value):
        try:
            return read(value)
        except ValidationError as error:
            if getattr(error, "code", None) != "ambiguous_timezone":
                raise
            raise ValidationError(
                _(
                    "The clock skips this time, or shows it twice, when it changes between "
                    "summer and winter time. Choose another time."
                ),
                code="clock_change",
            ) from None

    return wrapped


# --- Django validators and forms -------------------------------------------------------


@deconstructible
class OneLineValidator:
    def __init__(self, field: str = ""):
        self.field = field

    def __call__(self, value: str) -> None:
        problem = one_line_problem(str(value), self.field)
        if problem:
            raise ValidationError(problem, code="control_characters")

    def __eq__(self, other) -> bool:
        return isinstance(other, OneLineValidator) and other.field == self.field


@deconstructible
class TextValidator(OneLineValidator):
    def __call__(self, value: str) -> None:
        problem = text_problem(str(value), self.field)
        if problem:
            raise ValidationError(problem, code="control_characters")


def validate_year(value: date | datetime) -> None:
    problem = year_problem(value)
    if problem:
        raise ValidationError(problem, code="year_out_of_range")


@deconstructible
class IntRangeValidator:
    def __init__(self, minimum: int = 0, maximum: int = INT_MAX):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, value: int) -> None:
        problem = int_problem(value, self.minimum, self.maximum)
        if problem:
            raise ValidationError(problem, code="out_of_range")

    def __eq__(self, other) -> bool:
        return isinstance(other, IntRangeValidator) and (self.minimum, self.maximum) == (
            other.minimum,
            other.maximum,
        )


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids out of the database's range are refused as unknown, before any query sees them."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > ID_MAX:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def _int_range(form: forms.BaseForm, name: str, field: forms.IntegerField) -> tuple[int, int]:
    """The narrowest range of the form field and the model field behind it: within INT_MAX
    unless the field names a larger maximum of its own (kroner in a `bigint` column, with
    the same bound as the API's)."""
    minimum = 0 if field.min_value is None else max(field.min_value, 0)
    maximum = INT_MAX if field.max_value is None else min(field.max_value, ID_MAX)
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        model_validators = model._meta.get_field(name).validators if model else []
    except FieldDoesNotExist:  # a form field of its own
        model_validators = []
    for validator in model_validators:
        if isinstance(validator, MinValueValidator):
            minimum = max(minimum, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            maximum = min(maximum, validator.limit_value)
    return minimum, maximum


def apply_to_form(form: forms.BaseForm) -> None:
    """Add the bounds to every field of the form: text, numbers and dates."""
    for name, field in form.fields.items():
        if getattr(field, "bounded", False):
            continue
        field.bounded = True
        label = str(field.label or name.replace("_", " "))
        if isinstance(field, forms.CharField):
            if isinstance(field.widget, forms.Textarea):
                field.validators.append(TextValidator(label))
            else:
                field.validators.append(OneLineValidator(label))
        elif isinstance(field, forms.IntegerField):
            # One rule and one wording for the whole range, as the API says it ("Write a
            # whole number from 1 to 1440."), instead of Django's "less than or equal to".
            # A field with a narrower maximum of its own says that one, not the column's.
            minimum, maximum = _int_range(form, name, field)
            field.validators = [
                validator
                for validator in field.validators
                if not isinstance(validator, MinValueValidator | MaxValueValidator)
            ]
            field.validators.append(IntRangeValidator(minimum, maximum))
            field.widget.attrs.setdefault("max", maximum)
            field.error_messages = field.error_messages | {
                "invalid": int_range_message(minimum, maximum)
            }
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(validate_year)
            if isinstance(field, forms.DateTimeField):
                field.to_python = _plain_clock_change(field.to_python)


class BoundsMixin:
    """Put first among a form's bases: its fields get the bounds above.

    Fields that the form adds in its own `__init__` get them before cleaning.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_to_form(self)

    def full_clean(self) -> None:
        apply_to_form(self)
        super().full_clean()
