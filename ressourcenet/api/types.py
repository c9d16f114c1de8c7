"""The bounds of lib/bounds.py as types for the API's schemas and parameters.

Each refuses with a 422 that names the field and says in Danish what is allowed, and
shows its limits in the OpenAPI document.
"""

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from ressourcenet.lib import bounds
from ressourcenet.plans.models import Plan

# The networks meet in Denmark: a time without an offset is Copenhagen time, and every
# time goes out with the Copenhagen offset of that date (+01:00 or +02:00).
COPENHAGEN = ZoneInfo(settings.TIME_ZONE)  # "Europe/Copenhagen"


def refuse(problem: str | None, kind: str = "value_error") -> None:
    if problem:
        # Braces would be read as placeholders of pydantic's message template.
        raise PydanticCustomError(kind, problem.replace("{", "(").replace("}", ")"))


def bounded_int(minimum: int, maximum: int):
    """A whole number within [minimum, maximum], refused in Danish outside it."""

    def check(value: int) -> int:
        refuse(bounds.int_problem(value, minimum, maximum), "out_of_range")
        return value

    return Annotated[
        int,
        AfterValidator(check),
        WithJsonSchema({"type": "integer", "minimum": minimum, "maximum": maximum}),
    ]


Id = bounded_int(1, bounds.ID_MAX)
Minutes = bounded_int(1, bounds.MEETING_MAX_MINUTES)
Offset = bounded_int(0, bounds.OFFSET_MAX)
Limit = bounded_int(1, settings.API_PAGE_MAX)


def one_line(model: type[models.Model], field: str, min_length: int = 0, label=None):
    """A one-line string as long as the model's column allows, e.g. one_line(Person, "name"),
    named in messages by the model field's verbose name (or `label`, when the JSON field
    means something else than the column, as a guest's "organisation" is an Organisation's
    name), never by the JSON field's own name ("location", "owner_name")."""
    longest = bounds.max_length(model, field)
    label = label or model._meta.get_field(field).verbose_name

    def check(value: str) -> str:
        # The verbose name is lazy: it is read in the caller's language, here.
        name = str(label)
        refuse(bounds.one_line_problem(value, name), "control_characters")
        if len(value) > longest:
            refuse(
                _("“%(field)s” can be at most %(max)d characters long.")
                % {"field": capfirst(name), "max": longest},
                "text_too_long",
            )
        if len(value) < min_length:
            refuse(_("Fill in “%(field)s”.") % {"field": name}, "text_missing")
        return value

    schema = {"type": "string", "maxLength": longest}
    if min_length:
        schema["minLength"] = min_length
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


# `?plan=albertslund`: named »Helhedsplan« in messages, as the caller knows it.
PlanSlug = one_line(Plan, "slug", label=gettext_lazy("plan"))


def _check_text(value: str, info: ValidationInfo) -> str:
    refuse(bounds.text_problem(value, info.field_name or ""), "control_characters")
    return value


Text = Annotated[str, AfterValidator(_check_text)]


def text(model: type[models.Model], field: str):
    """Text on several lines named in messages by the model field's verbose name, for a
    JSON field whose own name ("body") is no word a resident reads."""
    label = model._meta.get_field(field).verbose_name

    def check(value: str) -> str:
        refuse(bounds.text_problem(value, str(label)), "control_characters")
        return value

    return Annotated[str, AfterValidator(check)]


def _check_date(value: date) -> date:
    refuse(bounds.year_problem(value), "year_out_of_range")
    return value


Date = Annotated[date, AfterValidator(_check_date)]


def in_copenhagen(value: datetime) -> datetime:
    """Read a time without an offset as Copenhagen time, refusing what the forms refuse."""
    try:
        value = bounds.aware(value, COPENHAGEN)
    except ValidationError as error:
        refuse(" ".join(error.messages), "local_time")
    refuse(bounds.year_problem(value), "year_out_of_range")
    return value.astimezone(COPENHAGEN)


CopenhagenTime = Annotated[
    datetime,
    AfterValidator(in_copenhagen),
    Field(
        description="ISO 8601. Without an offset, the time is read as Copenhagen time; a "
        "time the clock skips or shows twice is refused. Years 2000 to 2100."
    ),
]


def _out_in_copenhagen(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, COPENHAGEN)
    return value.astimezone(COPENHAGEN)


# Times going out: with the Copenhagen offset of their date, whatever was stored.
TimeOut = Annotated[datetime, AfterValidator(_out_in_copenhagen)]
