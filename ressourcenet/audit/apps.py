from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log. Saves and deletes of the tracked models (tracking.py) are written by
    signal receivers connected here: the one place that must see every write, whichever
    page, API endpoint, command or admin form makes it."""

    name = "ressourcenet.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ressourcenet.audit import signals

        signals.connect()
