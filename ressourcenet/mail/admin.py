from django.contrib import admin

from ressourcenet.lib.admin import BoundedAdmin
from ressourcenet.mail.models import OutgoingMessage


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(BoundedAdmin):
    """Read only: what went, what did not and why. Sending goes through mail/services.py."""

    list_display = ["created_at", "kind", "to_email", "subject", "status", "attempts", "problem"]
    list_filter = ["status", "kind", "problem"]
    search_fields = ["to_email", "to_name", "subject"]
    exclude = ["body", "html", "attachments"]  # personal links stay out of the admin

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
