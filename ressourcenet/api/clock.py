"""/api/v1/meetings/{id}/clock: the agenda clock (meetings/clock.py), for the time-keeper's
own tools and the live board. Reading needs `can_see_meeting` (or `can_keep_time`), moving
`can_keep_time`."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from ressourcenet.accounts import permissions
from ressourcenet.api.common import require
from ressourcenet.api.types import Id, bounded_int
from ressourcenet.lib import bounds
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import Meeting

router = Router(tags=["clock"])


class ClockItemOut(Schema):
    id: int
    title: str
    planned_minutes: int
    actual_minutes: int | None = Field(
        ..., description="How long the item ran, to the minute; null until it has ended."
    )


class CurrentItemOut(Schema):
    id: int
    title: str


class ClockOut(Schema):
    agenda_item: CurrentItemOut | None = Field(
        ..., description="The item that runs now; null before the start and after the end."
    )
    seconds_left: int | None = Field(
        ..., description="Seconds left of the current item; negative when it runs over."
    )
    ahead_seconds: int | None = Field(
        ...,
        description=(
            "Seconds ahead of the plan (negative: behind), from the first item's start; "
            "null before the start."
        ),
    )
    started: bool
    ended: bool
    items: list[ClockItemOut]


def clock_out(state: clock.ClockState) -> dict:
    current = state.current
    return {
        "agenda_item": None if current is None else {"id": current.pk, "title": current.title},
        "seconds_left": state.seconds_left,
        "ahead_seconds": state.ahead_seconds,
        "started": state.started,
        "ended": state.ended,
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "planned_minutes": item.minutes,
                "actual_minutes": item.actual_minutes,
            }
            for item in state.items
        ],
    }


def get_meeting(request: HttpRequest, meeting_id: int, keep_time: bool) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("network__plan").prefetch_related("roles"), pk=meeting_id
    )
    allowed = permissions.can_keep_time(request.auth, meeting) or (
        not keep_time and permissions.can_see_meeting(request.auth, meeting)
    )
    require(allowed, request)
    return meeting


@router.get("/meetings/{meeting_id}/clock", response=ClockOut)
def get_clock(request: HttpRequest, meeting_id: Id):
    return clock_out(clock.clock_state(get_meeting(request, meeting_id, keep_time=False)))


# The id of the item the caller saw running; 0 for none (before the start, after the end).
SeenItem = bounded_int(0, bounds.ID_MAX)
SEEN = (
    "The id of the item you saw running, 0 if none ran. With it, a second click or a second "
    "device changes nothing: if the clock changed since, the answer is 409."
)
SEEN_QUERY = Query(None, description=SEEN)


def seen(item_id: int | None):
    """The query's item for meetings/clock.py: absent is any, 0 is none."""
    if item_id is None:
        return clock.ANY
    return item_id or None


@router.post("/meetings/{meeting_id}/clock/next", response=ClockOut)
def next_item(request: HttpRequest, meeting_id: Id, leaving: SeenItem | None = SEEN_QUERY):
    """Start the agenda, or move to the next item; after the last one the agenda ends.
    409 when the agenda has ended, is empty, or the meeting is cancelled, when `leaving`
    is given and another item runs now, or outside the clock's time: it moves from 30
    minutes before the meeting's start until 2 hours after its planned end (a meeting
    without a time has no clock yet)."""
    meeting = get_meeting(request, meeting_id, keep_time=True)
    return clock_out(clock.next_item(meeting, seen(leaving)))


@router.post("/meetings/{meeting_id}/clock/undo", response=ClockOut)
def undo(request: HttpRequest, meeting_id: Id, running: SeenItem | None = SEEN_QUERY):
    """Take back the last move: the item it started has not started after all, and the one
    it ended runs on. 409 when the agenda has not started or the meeting is cancelled,
    when `running` is given and another item runs now (someone changed the clock), or
    more than 2 hours after the meeting's planned end."""
    meeting = get_meeting(request, meeting_id, keep_time=True)
    return clock_out(clock.undo_next(meeting, seen(running)))
