from django.contrib import admin

from ressourcenet.meetings.models import (
    AgendaItem,
    DesignSettings,
    Invitation,
    Meeting,
    MeetingRole,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["responsible"]


class MeetingRoleInline(admin.TabularInline):
    model = MeetingRole
    extra = 0
    autocomplete_fields = ["person"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["person"]
    readonly_fields = ["answered_at", "sent_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "starts_at", "cancelled_at"]
    list_filter = ["network__plan", "network"]
    search_fields = ["title", "why"]
    inlines = [AgendaItemInline, MeetingRoleInline, InvitationInline]


@admin.register(DesignSettings)
class DesignSettingsAdmin(admin.ModelAdmin):
    """One row of thresholds; administrators tune the design check here."""

    def has_add_permission(self, request) -> bool:
        return not DesignSettings.objects.exists()
