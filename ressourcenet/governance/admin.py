from django.contrib import admin

from ressourcenet.governance.models import (
    BoardMeeting,
    ProposedAmount,
    Recommendation,
    RecommendationTransition,
)
from ressourcenet.lib.admin import BoundedAdmin, BoundedTabularInline


@admin.register(BoardMeeting)
class BoardMeetingAdmin(BoundedAdmin):
    list_display = ["__str__", "plan", "date", "deadline"]
    list_filter = ["plan"]
    date_hierarchy = "date"


class TransitionInline(BoundedTabularInline):
    model = RecommendationTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "by", "reason", "meeting", "board_meeting"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ProposedAmountInline(BoundedTabularInline):
    """Read here; written through the pages and the API, which check them."""

    model = ProposedAmount
    extra = 0
    can_delete = False
    fields = ["year", "money", "hours"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(BoundedAdmin):
    """States change only through the pages (services.transition): here they are read."""

    list_display = ["title", "network", "kind", "state", "board_meeting", "updated_at"]
    list_filter = ["state", "kind", "network__plan"]
    search_fields = ["title", "background", "proposal"]
    readonly_fields = [
        "state",
        "adopted_at_meeting",
        "board_meeting",
        "decision_reason",
        "decided_on",
        "author",
        # Only lines of the recommendation's plan, and only for a priority: the pages and
        # the API check that (services.allocation_line_errors); here they are read.
        "allocation_lines",
        # The agreement and its amounts are checked together by the services.
        "kind",
        "agreement",
    ]
    filter_horizontal = ["housing_areas", "projects"]
    inlines = [ProposedAmountInline, TransitionInline]
