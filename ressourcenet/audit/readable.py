"""An entry's changes as an administrator reads them: each field by its name on the site,
each value as the site writes it (dates in words, choices by their label, yes/no), with no
database query (a related object is named by its number, as the log stored it)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from ressourcenet.audit.models import AuditEntry
from ressourcenet.lib.dates import format_date

NOTHING = "–"


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None  # None: the entry made the object, there was no old value
    new: str | None  # None: the entry deleted the object


def kind_name(model: type[models.Model] | None) -> str:
    """ "Person", "Membership": the kind of object, as the site names it."""
    if model is None:
        return gettext("Removed kind of object")
    return capfirst(model._meta.verbose_name)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return None


def value_text(field: models.Field | None, value) -> str:
    """One stored value (the JSON of `log._plain`) in words."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return gettext("no. %(number)s") % {"number": value}
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            return format_date(datetime.fromisoformat(value), "date_time")
        except ValueError:
            return value
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:
            return format_date(date.fromisoformat(value), "date")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(value_text(None, item) for item in value)
    return str(value)


def changes(entry: AuditEntry) -> list[Change]:
    """The entry's fields, in the order they were stored; the old value is None for a
    created object, the new one None for a deleted one."""
    model = entry.object_type.model_class()
    rows = []
    for name, pair in entry.changes.items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        field = _field(model, name)
        label = capfirst(field.verbose_name) if field is not None else name
        rows.append(
            Change(
                field=str(label),
                old=None if entry.action == AuditEntry.Action.CREATE else value_text(field, old),
                new=None if entry.action == AuditEntry.Action.DELETE else value_text(field, new),
            )
        )
    return rows
