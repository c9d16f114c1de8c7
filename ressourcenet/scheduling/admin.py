"""Polls in Django's admin: shown, not changed.

A poll is opened, answered and closed on the meeting's pages, through
scheduling/services.py, which checks the times and sends the personal links; a time
moved or added here would bypass those checks and mislead those who already answered.
"""

from django.contrib import admin
from django.http import HttpRequest

from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline
from ressourcenet.scheduling.models import Poll, Slot


class SlotInline(BoundedTabularInline):
    model = Slot
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Poll)
class PollAdmin(BoundedAdmin):
    list_display = ["meeting", "closes_at", "finalised_at", "created_at"]
    list_filter = ["meeting__network__plan", "meeting__network"]
    search_fields = ["meeting__title"]
    readonly_fields = ["finalised_at", "chosen_slot", "created_at"]
    inlines = [SlotInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Poll | None = None) -> bool:
        return False
