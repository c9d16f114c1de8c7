from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ressourcenet.accounts.forms import AdminLoginForm
from ressourcenet.accounts.models import ApiToken, OutboxMessage, RateLimit, User
from ressourcenet.lib.admin import BoundedAdmin, BoundedUserAdmin


@admin.register(User)
class UserAdmin(BoundedUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_superuser", "is_editor", "is_active", "is_demo"]
    list_filter = ["is_superuser", "is_editor", "is_active", "is_demo"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Roles"), {"fields": ["is_active", "is_superuser", "is_staff", "is_editor"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(BoundedAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are made with `ressourcenet token create`, shown once


@admin.register(OutboxMessage)
class OutboxMessageAdmin(BoundedAdmin):
    list_display = ["subject", "to", "created_at"]
    search_fields = ["subject", "to"]
    readonly_fields = ["to", "subject", "body", "html", "created_at"]
    exclude = ["attachments"]


@admin.register(RateLimit)
class RateLimitAdmin(BoundedAdmin):
    """Deleting a row lifts the block at once, e.g. for someone who mistyped too often."""

    list_display = ["key", "attempts", "window_ends_at", "blocked_until"]
    search_fields = ["key"]
    readonly_fields = ["key", "attempts", "window_ends_at", "blocked_until"]

    def has_add_permission(self, request) -> bool:
        return False


admin.site.login_form = AdminLoginForm
