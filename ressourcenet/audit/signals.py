"""The receivers that write the log. One read of the tracked fields before a change (none
for a create, none when `update_fields` names no tracked field), one insert after."""

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from ressourcenet.audit import log
from ressourcenet.audit.tracking import TRACKED

_OLD = "_audit_old"


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    setattr(instance, _OLD, None)
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = log.fields_of(sender, update_fields)
    if not fields:
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    setattr(instance, _OLD, old)


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if created:
        log.created(instance)
        return
    old = getattr(instance, _OLD, None)
    setattr(instance, _OLD, None)
    if old is not None:
        log.changed(instance, old, log.fields_of(sender, update_fields))


def _after_delete(sender, instance, **kwargs) -> None:
    log.deleted(instance)


def connect() -> None:
    for name in TRACKED:
        model: type[models.Model] = apps.get_model(name)
        uid = f"audit:{name}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
