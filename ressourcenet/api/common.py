"""Helpers the endpoint modules share: refusals, ids in bodies, where an error points, pages."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

from ressourcenet.api.types import Limit, Offset

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
    return _("There is no %(field)s with id %(id)s.") % {"field": noun, "id": pk}


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
