"""Writing entries: from the signal receivers, and from services whose bulk updates and
bulk creates bypass the signals (they call `created` and `changed` themselves)."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from ressourcenet.audit.context import current_actor
from ressourcenet.audit.models import AuditEntry
from ressourcenet.audit.tracking import TRACKED

LABEL_MAX = AuditEntry._meta.get_field("object_label").max_length
ACTOR_MAX = AuditEntry._meta.get_field("actor_label").max_length


def fields_of(model: type[models.Model], update_fields: Iterable[str] | None = None):
    """The tracked fields of `model`, narrowed to those a save with `update_fields` writes."""
    track = TRACKED.get(model._meta.label)
    if track is None:
        return []
    fields = track.fields(model)
    if update_fields is not None:
        names = set(update_fields)
        fields = [f for f in fields if f.name in names or f.attname in names]
    return fields


def _plain(value):
    """A value as the JSON column keeps it and an administrator reads it."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()  # as the site shows it, any database
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _empty(value) -> bool:
    return value is None or value == ""


def _write(instance: models.Model, action: str, changes: dict) -> AuditEntry:
    user, label = current_actor()
    track = TRACKED[instance._meta.label]
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label[:ACTOR_MAX],
        action=action,
        object_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
        object_label=str(track.label(instance))[:LABEL_MAX],
        changes=changes,
    )


def created(instance: models.Model) -> AuditEntry:
    changes = {}
    for field in fields_of(type(instance)):
        value = getattr(instance, field.attname)
        if not _empty(value):
            changes[field.name] = [None, _plain(value)]
    return _write(instance, AuditEntry.Action.CREATE, changes)


def changed(instance: models.Model, old: Mapping[str, object], fields=None) -> AuditEntry | None:
    """Log the tracked fields whose value differs from `old` ({attname: value}); nothing
    when none does."""
    changes = {}
    for field in fields if fields is not None else fields_of(type(instance)):
        if field.attname not in old:
            continue
        before = old[field.attname]
        after = field.to_python(getattr(instance, field.attname))
        if before != after and not (_empty(before) and _empty(after)):
            changes[field.name] = [_plain(before), _plain(after)]
    if not changes:
        return None
    return _write(instance, AuditEntry.Action.CHANGE, changes)


def deleted(instance: models.Model) -> AuditEntry:
    changes = {}
    for field in fields_of(type(instance)):
        value = getattr(instance, field.attname)
        if not _empty(value):
            changes[field.name] = [_plain(value), None]
    return _write(instance, AuditEntry.Action.DELETE, changes)
