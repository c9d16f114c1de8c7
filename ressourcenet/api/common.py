"""Helpers the endpoint modules share: refusals, ids in bodies, where an error points, pages."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

from ressourcenet.api.types import Limit, Offset
from ressourcenet.lib import bounds

# Every endpoint names its JSON body `payload`; ninja puts that name in the `loc` of
# schema errors (["body", "payload", "name"]), and domain errors follow suit.
BODY_LOC = ["body", "payload"]


def error_loc(key: str) -> list[str | int]:
    """Where a domain error points: "items.2.minutes" -> ["body", "payload", "items", 2, "minutes"].

    List indices are numbers, as in ninja's own schema errors.
    """
    if key == NON_FIELD_ERRORS:
        return list(BODY_LOC)
    return [*BODY_LOC, *(int(part) if part.isdigit() else part for part in key.split("."))]


def require(allowed: bool, request: HttpRequest) -> None:
    if allowed:
        return
    if not request.auth.is_authenticated:
        raise HttpError(401, _("Send a valid API token."))
    raise HttpError(403, _("Your role does not allow this."))


def no_such(noun: str, pk: int) -> str:
    """ "There is no housing area with id 5." with the noun in the user's language: the
    nouns are the English msgids of the models' names ("board_meeting" is "board meeting")."""
    noun = _(noun.replace("_", " "))
    return capfirst(_("There is no %(field)s with id %(id)s.") % {"field": noun, "id": pk})


def lookup(queryset, pk: int | None, field: str):
    """The object with this id, or a 422 naming the field."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: no_such(field, pk)})
    return found


def lookup_each(queryset, ids: dict[str, int], noun: str) -> dict:
    """Several ids in one query: {key: object}, or a 422 naming every key without one.

    `ids` maps where each id stands in the body ("people.2") to the id.
    """
    found = queryset.in_bulk(set(ids.values()))
    missing = {key: no_such(noun, pk) for key, pk in ids.items() if pk not in found}
    if missing:
        raise ValidationError(missing)
    return {key: found[pk] for key, pk in ids.items()}


def nested(error: ValidationError, prefix: str) -> ValidationError:
    """The same errors, placed under `prefix`: {"email": …} at "guests.1" -> "guests.1.email"."""
    if not hasattr(error, "error_dict"):
        return ValidationError({prefix: error.messages})
    return ValidationError(
        {
            prefix if field == NON_FIELD_ERRORS else f"{prefix}.{field}": messages
            for field, messages in error.message_dict.items()
        }
    )


class LimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination ({items, count}), with the offset bounded as well."""

    class Input(Schema):
        limit: Limit = Field(settings.API_PAGE_DEFAULT)
        offset: Offset = Field(0)


class PageOf:
    """A queryset that becomes response rows only once the paginator has cut out the page.

    `rows` turns the page's objects into rows in one go, so that it can fetch what the
    whole page needs in a few queries.
    """

    def __init__(self, queryset: QuerySet, rows: Callable[[list], list]):
        self.queryset = queryset
        self.rows = rows

    def __getitem__(self, window: slice) -> list:
        return self.rows(list(self.queryset[window]))

    def __len__(self) -> int:
        return self.queryset.count()


# pydantic's own messages are English; each kind of schema error gets a Danish sentence
# (through gettext, like every other message). Our own types raise Danish messages already.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("Fill in this field."),
    "int_parsing": gettext_lazy("Write a whole number."),
    "int_type": gettext_lazy("Write a whole number."),
    "int_from_float": gettext_lazy("Write a whole number."),
    "float_parsing": gettext_lazy("Write a number."),
    "float_type": gettext_lazy("Write a number."),
    "string_type": gettext_lazy("Write text."),
    "string_too_short": gettext_lazy("Write at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Write at most %(max_length)s characters."),
    "bool_parsing": gettext_lazy("Write true or false."),
    "bool_type": gettext_lazy("Write true or false."),
    "date_parsing": gettext_lazy("Write a date such as 2030-03-14."),
    "date_type": gettext_lazy("Write a date such as 2030-03-14."),
    "date_from_datetime_parsing": gettext_lazy("Write a date such as 2030-03-14."),
    "date_from_datetime_inexact": gettext_lazy("Write a date such as 2030-03-14."),
    "datetime_parsing": gettext_lazy("Write a time such as 2030-03-14T17:00."),
    "datetime_type": gettext_lazy("Write a time such as 2030-03-14T17:00."),
    "datetime_from_date_parsing": gettext_lazy("Write a time such as 2030-03-14T17:00."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "list_type": gettext_lazy("Write a list."),
    "too_short": gettext_lazy("Write at least %(min_length)s characters."),
    "too_long": gettext_lazy("Write at most %(max_length)s characters."),
    "list_too_short": gettext_lazy("Give at least %(min_length)s."),
    "list_too_long": gettext_lazy("Give at most %(max_length)s."),
    "greater_than": gettext_lazy("Write a number greater than %(gt)s."),
    "greater_than_equal": gettext_lazy("Write a number of at least %(ge)s."),
    "less_than": gettext_lazy("Write a number less than %(lt)s."),
    "less_than_equal": gettext_lazy("Write a number of at most %(le)s."),
    "model_type": gettext_lazy("Send a JSON object here."),
    "model_attributes_type": gettext_lazy("Send a JSON object here."),
    "dict_type": gettext_lazy("Send a JSON object here."),
    "json_invalid": gettext_lazy("The request is not valid JSON."),
    "extra_forbidden": gettext_lazy("This field is not known here."),
    "uuid_parsing": gettext_lazy("This value cannot be used."),
}


# The kinds api/types.py raises (`refuse`) with Danish messages of their own.
OWN_KINDS = {
    "out_of_range",
    "control_characters",
    "text_too_long",
    "text_missing",
    "year_out_of_range",
    "local_time",
}


# pydantic's `field_type` of a too short or too long value that is a collection, not text.
COLLECTIONS = {"List", "Tuple", "Set", "Dictionary", "Iterable"}


def _number(value) -> str:
    """A bound as `bounds.grouped` writes it (20.000 and 5000 in Danish); not a number: as is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return bounds.grouped(value)
    return str(value)


def danish_schema_error(error: dict) -> dict:
    """One of ninja's schema errors with its message in the active language.

    Messages that our own validators wrote (value errors, the bounds of api/types.py) are
    kept, without pydantic's "Value error, " prefix; pydantic's own are replaced by kind.
    """
    kind = error.get("type", "")
    message = str(error.get("msg", ""))
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind in SCHEMA_MESSAGES:
        raw = error.get("ctx") or {}
        if kind in ("too_short", "too_long") and raw.get("field_type") in COLLECTIONS:
            kind = f"list_{kind}"
        template = str(SCHEMA_MESSAGES[kind])
        context = {key: _number(value) for key, value in raw.items()}
        if "expected" in context:  # pydantic lists choices as "'a', 'b' or 'c'"
            word = _("or")
            context["expected"] = context["expected"].replace(" or ", f" {word} ")
        try:
            message = template % context
        except (KeyError, TypeError, ValueError):
            message = str(_("This value cannot be used."))
    elif kind not in OWN_KINDS:
        message = str(_("This value cannot be used."))
    return {key: value for key, value in error.items() if key != "ctx"} | {"msg": message}
