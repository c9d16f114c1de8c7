from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

# What an erasure leaves in the log where the person's name or e-mail address stood.
ERASED = "Slettet person"


class AuditEntry(models.Model):
    """One create, change or delete of a tracked object. Written once, never changed:
    only an erasure rewrites entries (services.anonymise), through a queryset update."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept when the login is deleted; "system" or a command's name when no one logged in.
    actor_label = models.CharField(_("by (as written)"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_label = models.CharField(_("object"), max_length=300)
    # {field: [old, new]}; old is null on create, new is null on delete.
    changes = models.JSONField(_("changes"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Audit log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit log entries are never deleted one by one.")
