"""The meetings in Django's admin.

Planning happens on the meeting's pages, through meetings/services.py. Here a meeting's
own fields are saved through the same service (a new time or place of an announced
meeting sends the calendar update); its agenda, roles and invitations are shown, not
changed; a cancelled meeting is read-only, and an announced one is cancelled on its
page, which tells the invitees, instead of being deleted here.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ressourcenet.lib.admin import BoundedAdmin, BoundedModelForm, BoundedTabularInline
from ressourcenet.meetings import services
from ressourcenet.meetings.models import (
    AgendaItem,
    DesignSettings,
    Invitation,
    Meeting,
    MeetingRole,
)


class ShownOnlyInline(BoundedTabularInline):
    """Rows shown with the meeting; they change through the planning page's services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AgendaItemInline(ShownOnlyInline):
    model = AgendaItem
    fields = ["position", "kind", "title", "minutes", "responsible"]


class MeetingRoleInline(ShownOnlyInline):
    model = MeetingRole
    fields = ["person", "role", "description"]


class InvitationInline(ShownOnlyInline):
    model = Invitation
    fields = ["person", "is_guest", "answer", "answered_at", "attended", "sent_at"]


class MeetingAdminForm(BoundedModelForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        # What save_meeting would refuse is shown by the field, not as a server error.
        try:
            services.ensure_time_fits_agenda(self.instance, self.changed_data)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Meeting)
class MeetingAdmin(BoundedAdmin):
    form = MeetingAdminForm
    list_display = ["title", "network", "starts_at", "cancelled_at"]
    list_filter = ["network__plan", "network"]
    search_fields = ["title", "why"]
    readonly_fields = ["cancelled_at", "invitations_sent_at"]
    inlines = [AgendaItemInline, MeetingRoleInline, InvitationInline]

    def get_actions(self, request: HttpRequest) -> dict:
        # Deleting in bulk would skip the cancellation an announced meeting needs.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        if obj is not None and obj.is_cancelled:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        if obj is not None and obj.invitations_sent_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        services.save_meeting(obj, changed=form.changed_data if change else ())


@admin.register(DesignSettings)
class DesignSettingsAdmin(BoundedAdmin):
    """One row of thresholds; administrators tune the design check here."""

    def has_add_permission(self, request) -> bool:
        return not DesignSettings.objects.exists()
