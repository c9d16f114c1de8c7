"""The agenda clock: the time-keeper starts the agenda and moves to the next item; the
items' `started_at` and `ended_at` record how the meeting actually ran.

- The current item is the one that has started and not ended.
- `seconds_left` is its planned minutes less the time it has run (negative: overrun).
- `ahead_seconds` compares the plan with the room (negative: behind): how much earlier
  the current item started than planned, counted from the first item's start, less any
  overrun of the current item. An item that still runs within its time does not make the
  meeting ahead yet, as it may use all of it. Once the agenda has ended, it is the planned
  total less the actual total.

The clock is kept around the meeting's time only: it moves from LEAD_TIME before the
meeting's start (as the live mode starts) until AFTER_END after its planned end, so that
a click days before or after records no meaningless minutes.

Every change takes the meeting's row lock first (`services.ensure_not_cancelled`), so two
clicks on "next" at once move one item each, in turn, and a second click that asked to
leave an item that has already ended is refused instead of skipping an item. "Undo" is
guarded the same way: it names the item it saw running, and a second undo is refused.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, Meeting


class ClockRefused(ValidationError):
    """The clock cannot move: the agenda has not started, has ended, is empty, or the
    meeting is cancelled (the API answers 409)."""


@dataclass(frozen=True)
class ClockState:
    items: list[AgendaItem]
    current: AgendaItem | None
    next: AgendaItem | None
    seconds_left: int | None  # None while no item runs
    ahead_seconds: int | None  # None before the start; negative: behind the plan
    started: bool
    ended: bool

    @property
    def ahead_words(self) -> str:
        """Ahead or behind the plan, in words, to the minute."""
        if self.ahead_seconds is None:
            return ""
        minutes = round(abs(self.ahead_seconds) / 60)
        if minutes == 0:
            return _("On time")
        if self.ahead_seconds > 0:
            return ngettext("%(n)d minute ahead", "%(n)d minutes ahead", minutes) % {"n": minutes}
        return ngettext("%(n)d minute behind", "%(n)d minutes behind", minutes) % {"n": minutes}

    @property
    def time_left(self) -> str:
        """The current item's time left as mm:ss, with a minus sign when it overruns."""
        if self.seconds_left is None:
            return ""
        sign = "−" if self.seconds_left < 0 else ""
        minutes, seconds = divmod(abs(self.seconds_left), 60)
        return f"{sign}{minutes:02d}:{seconds:02d}"


def _seconds(start: datetime, end: datetime) -> int:
    """Real seconds between two aware times. Python subtracts wall-clock times when both
    share one tzinfo (Europe/Copenhagen across a clock change): compare them in UTC."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds())


def clock_state(meeting: Meeting, now: datetime | None = None, items=None) -> ClockState:
    """Where the agenda stands at `now` (aware datetimes; differences are exact across a
    change of daylight saving time)."""
    now = timezone.now() if now is None else now
    items = list(meeting.agenda_items.all() if items is None else items)
    started = [item for item in items if item.started_at is not None]
    current = next((i for i in started if i.ended_at is None), None)
    ended = bool(items) and all(item.ended_at is not None for item in items)
    upcoming = [item for item in items if item.started_at is None]
    following = upcoming[0] if upcoming else None
    if not started:
        return ClockState(items, None, following, None, None, False, False)
    first_start = min(item.started_at for item in started)
    if current is not None:
        ran = _seconds(current.started_at, now)
        seconds_left = current.minutes * 60 - ran
        planned_before = sum(i.minutes for i in items[: items.index(current)]) * 60
        late = _seconds(first_start, current.started_at) - planned_before
        ahead = -late - max(0, -seconds_left)
        return ClockState(items, current, following, seconds_left, ahead, True, False)
    planned = sum(item.minutes for item in started) * 60
    last_end = max(item.ended_at for item in started if item.ended_at is not None)
    ahead = planned - _seconds(first_start, last_end)
    return ClockState(items, None, following, None, ahead, True, ended)


# The clock's time window: from as early as the live mode may start (live/services.py
# LEAD_TIME) until two hours after the planned end (as the live board's code works).
LEAD_TIME = timedelta(minutes=30)
AFTER_END = timedelta(hours=2)


def outside_time(meeting: Meeting, now: datetime) -> str | None:
    """Why the clock cannot move at `now`, or None."""
    if not meeting.has_time:
        return _("The meeting has no time yet, so its clock cannot start.")
    if now < meeting.starts_at - LEAD_TIME:
        return _("The agenda can be started from 30 minutes before the meeting starts.")
    if now > meeting.ends_at + AFTER_END:
        return _("The meeting ended more than 2 hours ago, so its clock can no longer be moved.")
    return None


def _locked_items(meeting: Meeting, now: datetime) -> list[AgendaItem]:
    """Lock the meeting's row and read its agenda afresh (inside a transaction); refused
    for a cancelled meeting and outside the clock's time window."""
    try:
        services.ensure_not_cancelled(meeting)
    except services.MeetingCancelled as error:
        raise ClockRefused(error.messages) from error
    if problem := outside_time(meeting, now):
        raise ClockRefused(problem)
    return list(AgendaItem.objects.filter(meeting=meeting))


ANY = object()  # `next_item` moves on from whatever item runs


@transaction.atomic
def next_item(meeting: Meeting, leaving=ANY, now: datetime | None = None) -> ClockState:
    """Start the agenda, or end the current item and start the next; after the last one
    the agenda has ended. `leaving` is the item the time-keeper saw as current (None: the
    agenda had not started): if another click moved on first, nothing moves again."""
    now = timezone.now() if now is None else now
    items = _locked_items(meeting, now)
    state = clock_state(meeting, now, items)
    if not items:
        raise ClockRefused(_("The meeting has no agenda to keep time for."))
    if state.ended:
        raise ClockRefused(_("The agenda has ended."))
    seen = None if state.current is None else state.current.pk
    if leaving is not ANY and seen != leaving:
        raise ClockRefused(_("Someone else moved the clock on already. Here is where it stands."))
    if state.current is not None:
        state.current.ended_at = now
        state.current.save(update_fields=["ended_at"])
    if state.next is not None:
        state.next.started_at = now
        state.next.save(update_fields=["started_at"])
    return clock_state(meeting, now)


def current_id(meeting: Meeting) -> int | None:
    """The id of the item that runs now (what "next" leaves)."""
    return (
        AgendaItem.objects.filter(meeting=meeting, started_at__isnull=False, ended_at__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def undo_next(meeting: Meeting, running=ANY, now: datetime | None = None) -> ClockState:
    """Take back the last "next": the item it started has not started after all, and the
    one it ended runs on. Taking back the start clears the clock. `running` is the item
    the time-keeper saw running (None: the agenda had ended): if another click or phone
    changed the clock since, nothing is taken back, so two clicks take back one move."""
    now = timezone.now() if now is None else now
    items = _locked_items(meeting, now)
    started = [item for item in items if item.started_at is not None]
    if not started:
        raise ClockRefused(_("The agenda has not started."))
    ended = [item for item in started if item.ended_at is not None]
    last_end = max(ended, key=lambda item: item.ended_at, default=None)
    current = next((item for item in started if item.ended_at is None), None)
    if running is not ANY and (None if current is None else current.pk) != running:
        raise ClockRefused(
            _(
                "Someone else changed the clock already, so nothing was taken back. "
                "Here is where it stands."
            )
        )
    if current is not None:
        current.started_at = None
        current.save(update_fields=["started_at"])
    if last_end is not None:
        last_end.ended_at = None
        last_end.save(update_fields=["ended_at"])
    return clock_state(meeting, now)


# --- afterwards ----------------------------------------------------------------------


# The kinds as the subject of a sentence ("The workshop took ...").
SUBJECTS = {
    AgendaItem.Kind.WELCOME: gettext_lazy("The welcome"),
    AgendaItem.Kind.TALK: gettext_lazy("The talk"),
    AgendaItem.Kind.WORKSHOP: gettext_lazy("The workshop"),
    AgendaItem.Kind.KNOWLEDGE_SHARING: gettext_lazy("The knowledge sharing"),
    AgendaItem.Kind.BREAK: gettext_lazy("The break"),
    AgendaItem.Kind.FOOD: gettext_lazy("The food and mingling"),
    AgendaItem.Kind.WRAP_UP: gettext_lazy("The wrap-up"),
    AgendaItem.Kind.BUFFER: gettext_lazy("The buffer"),
    AgendaItem.Kind.OTHER: gettext_lazy("The other items"),
}


def comparison(subject: str, planned: int, actual: int) -> str:
    """ "The workshop took 20 minutes less than planned."."""
    difference = actual - planned
    if difference == 0:
        return _("%(subject)s took the time planned.") % {"subject": subject}
    values = {"subject": subject, "n": abs(difference)}
    if difference < 0:
        return (
            ngettext(
                "%(subject)s took %(n)d minute less than planned.",
                "%(subject)s took %(n)d minutes less than planned.",
                abs(difference),
            )
            % values
        )
    return (
        ngettext(
            "%(subject)s took %(n)d minute more than planned.",
            "%(subject)s took %(n)d minutes more than planned.",
            abs(difference),
        )
        % values
    )


@dataclass(frozen=True)
class KindComparison:
    kind: str
    planned: int
    actual: int
    sentence: str


def compare_by_kind(items) -> list[KindComparison]:
    """Plan and reality per kind, over the items that ran to their end, in agenda order."""
    planned: dict[str, int] = defaultdict(int)
    actual: dict[str, int] = defaultdict(int)
    for item in items:
        minutes = item.actual_minutes
        if minutes is not None:
            planned[item.kind] += item.minutes
            actual[item.kind] += minutes
    return [
        KindComparison(
            kind,
            planned[kind],
            actual[kind],
            comparison(str(SUBJECTS[kind]), planned[kind], actual[kind]),
        )
        for kind in planned
    ]


def has_run(items) -> bool:
    """Whether the clock was kept for this agenda (some item ran to its end)."""
    return any(item.ended_at is not None for item in items)


@dataclass(frozen=True)
class EarlierRun:
    """An earlier meeting of the network whose time was kept, and how it went."""

    meeting: Meeting
    comparisons: list[KindComparison]


def last_kept_time(meeting: Meeting, now: datetime | None = None) -> EarlierRun | None:
    """The network's latest meeting held before this one (before now while this one has no
    time) whose clock was kept, with plan and reality per kind, for planning this one: two
    queries."""
    before = meeting.starts_at or (timezone.now() if now is None else now)
    earlier = (
        Meeting.objects.past(before)
        .filter(network_id=meeting.network_id, agenda_items__ended_at__isnull=False)
        .exclude(pk=meeting.pk)
        .order_by("-ends_at", "-pk")
        .first()
    )
    if earlier is None:
        return None
    comparisons = compare_by_kind(earlier.agenda_items.all())
    return EarlierRun(earlier, comparisons) if comparisons else None
