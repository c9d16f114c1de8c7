"""The live mode in Django's admin: shown, not changed.

A live session is started and ended on the meeting's page and its ideas are posted from
the phones, through live/services.py, which raises the board's version so that every
phone sees a change; a row changed here would not. So sessions, tables, participants and
ideas are read-only; an idea is hidden with the action, through the same service as the
board's "Hide" button. Nothing is deleted here: services.purge_expired deletes a session,
its participants and ideas 30 days after the meeting.

The participants' first names are personal data: shown with their session, never
searched or listed on their own; the participants' tokens (a phone's key to the board)
are not shown at all.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ressourcenet.lib.admin import BoundedTabularInline, ReadOnlyAdmin
from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession, LiveTable


class ReadOnlyInline(BoundedTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class LiveTableInline(ReadOnlyInline):
    model = LiveTable
    fields = ["name", "position", "host"]


class LiveParticipantInline(ReadOnlyInline):
    model = LiveParticipant
    fields = ["name", "invitation", "table", "joined_at"]
    readonly_fields = fields
    verbose_name_plural = _("participants (personal data, deleted 30 days after the meeting)")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("invitation__person", "table")


@admin.register(LiveSession)
class LiveSessionAdmin(ReadOnlyAdmin):
    list_display = ["code", "meeting", "started_at", "ended_at", "idea_count"]
    list_filter = ["meeting__network__plan", "meeting__network"]
    search_fields = ["code", "meeting__title"]
    fields = ["meeting", "code", "started_by", "started_at", "ended_at", "version"]
    readonly_fields = fields
    inlines = [LiveTableInline, LiveParticipantInline]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting")
            .annotate(idea_count=Count("ideas", distinct=True))
        )

    @admin.display(description=_("ideas"), ordering="idea_count")
    def idea_count(self, session: LiveSession) -> int:
        return session.idea_count


@admin.register(LiveIdea)
class LiveIdeaAdmin(ReadOnlyAdmin):
    list_display = ["text", "table", "session", "hidden", "plus_one_count", "created_at"]
    list_filter = ["hidden", "session__meeting__network__plan", "session__meeting__network"]
    # The ideas' text only: a participant is not looked up by name here.
    search_fields = ["text", "session__code", "session__meeting__title"]
    fields = ["session", "table", "participant", "text", "hidden", "created_at"]
    readonly_fields = fields
    actions = ["hide_ideas"]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .select_related("session__meeting", "table", "participant__invitation__person")
            .annotate(plus_one_count=Count("plus_ones", distinct=True))
        )

    @admin.display(description=_("+1s"), ordering="plus_one_count")
    def plus_one_count(self, idea: LiveIdea) -> int:
        return idea.plus_one_count

    @admin.action(description=_("Hide the selected ideas from the board"))
    def hide_ideas(self, request: HttpRequest, queryset) -> None:
        hidden = refused = 0
        for idea in queryset.filter(hidden=False):
            try:
                services.hide(idea, request.user)
            except PermissionError:
                refused += 1
            else:
                hidden += 1
        if hidden:
            self.message_user(
                request,
                ngettext("%(n)d idea is hidden.", "%(n)d ideas are hidden.", hidden)
                % {"n": hidden},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(n)d idea was not hidden: you may not run that meeting's live mode.",
                    "%(n)d ideas were not hidden: you may not run that meeting's live mode.",
                    refused,
                )
                % {"n": refused},
                messages.ERROR,
            )
