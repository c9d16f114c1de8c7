"""The meeting design check: ten rules from the networks' experience, as plain advice.

Pure: it takes a `MeetingPlan` of plain values and `Thresholds`, and returns ten
`RuleResult`s. It never blocks anything; the method is meant to keep changing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


class Kind(StrEnum):
    WELCOME = "welcome"
    TALK = "talk"
    WORKSHOP = "workshop"
    KNOWLEDGE_SHARING = "knowledge_sharing"
    BREAK = "break"
    FOOD = "food"
    WRAP_UP = "wrap_up"
    BUFFER = "buffer"
    OTHER = "other"


CONTENT_KINDS = {Kind.TALK, Kind.WORKSHOP, Kind.KNOWLEDGE_SHARING, Kind.WRAP_UP, Kind.OTHER}
ACTIVE_KINDS = {Kind.WORKSHOP, Kind.KNOWLEDGE_SHARING, Kind.WRAP_UP}
PAUSE_KINDS = {Kind.BREAK, Kind.FOOD}

RULE_CODES = (
    "why",
    "time",
    "duration",
    "roles",
    "breaks",
    "food",
    "workshop_weight",
    "few_items",
    "slack",
    "capture",
)


@dataclass(frozen=True)
class Thresholds:
    """Defaults from the networks' lessons; an administrator can change them."""

    why_min_length: int = 20
    max_minutes: int = 150
    role_share: float = 1 / 3
    no_break_needed_up_to: int = 60
    max_stretch_minutes: int = 60
    items_pass_up_to: int = 4
    items_warn_up_to: int = 6
    slack_share: float = 0.10
    capture_due_days: int = 14


@dataclass(frozen=True)
class Item:
    kind: Kind
    minutes: int


@dataclass(frozen=True)
class PollOutcome:
    """How the chosen time compares with the poll's recommendation."""

    matches_recommendation: bool
    # While the time is not decided: whether the poll still takes answers.
    is_open: bool = False


@dataclass(frozen=True)
class MeetingPlan:
    title: str
    why: str
    starts_at: datetime | None  # both None while the time is not decided
    ends_at: datetime | None
    items: tuple[Item, ...] = ()
    capture_planned: frozenset[str] = frozenset()
    capture_delivered: frozenset[str] = frozenset()
    invitees_not_declined: int = 0
    role_holders: int = 0
    poll: PollOutcome | None = None

    @property
    def has_time(self) -> bool:
        return self.starts_at is not None and self.ends_at is not None

    @property
    def minutes(self) -> int | None:
        """The meeting's length; None while the time is not decided."""
        if self.starts_at is None or self.ends_at is None:
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def agenda_minutes(self) -> int:
        return sum(item.minutes for item in self.items)


@dataclass(frozen=True)
class RuleResult:
    code: str
    status: Status
    message: str


@dataclass(frozen=True)
class CheckResult:
    rules: tuple[RuleResult, ...] = field(default_factory=tuple)

    @property
    def score(self) -> int:
        return sum(1 for rule in self.rules if rule.status == Status.PASS)

    @property
    def max(self) -> int:
        return len(RULE_CODES)

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "max": self.max,
            "rules": [
                {"code": r.code, "status": str(r.status), "message": r.message} for r in self.rules
            ],
        }


def _reaches_share(part: int, share: float, whole: int) -> bool:
    # Rounded, because share * whole in floating point can land just above the exact
    # value (0.07 * 100 == 7.000000000000001), which would fail a part exactly at the share.
    return part >= round(share * whole, 9)


def _minutes_of(items: Iterable[Item], kinds: set[Kind]) -> int:
    return sum(item.minutes for item in items if item.kind in kinds)


def check_why(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    why = plan.why.strip()
    if not why:
        return RuleResult(
            "why",
            Status.FAIL,
            _("Write the why first: what is the most important thing the meeting must produce?"),
        )
    if len(why) < limits.why_min_length or why.casefold() == plan.title.strip().casefold():
        return RuleResult(
            "why",
            Status.WARN,
            _("Make the why more precise: say what the participants should leave with."),
        )
    return RuleResult("why", Status.PASS, _("The meeting has a clear why."))


def check_time(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    """Says which of the two states the meeting is in: a decided time, or not yet."""
    if not plan.has_time:
        if plan.poll is not None and plan.poll.is_open:
            return RuleResult(
                "time",
                Status.WARN,
                _(
                    "The time is not decided yet: the poll is open. Choose the time when enough "
                    "have answered."
                ),
            )
        if plan.poll is not None:
            return RuleResult(
                "time",
                Status.FAIL,
                _("The time is not decided yet, and the poll is closed. Choose the time."),
            )
        return RuleResult(
            "time",
            Status.FAIL,
            _("The time is not decided yet. Set it, or find it with a poll among the invitees."),
        )
    if plan.poll is None:
        return RuleResult(
            "time",
            Status.WARN,
            _("Ask the invitees which time suits them, so that as many as possible can come."),
        )
    if plan.poll.matches_recommendation:
        return RuleResult("time", Status.PASS, _("The time is the one most invitees can make."))
    return RuleResult(
        "time",
        Status.FAIL,
        _("Another time in the poll suits more invitees or the key persons better."),
    )


def check_duration(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    if plan.minutes is None:
        return RuleResult(
            "duration", Status.WARN, _("The length is known once the time is decided.")
        )
    if plan.minutes <= limits.max_minutes:
        return RuleResult(
            "duration",
            Status.PASS,
            ngettext(
                "The meeting keeps within %(max)d minute.",
                "The meeting keeps within %(max)d minutes.",
                limits.max_minutes,
            )
            % {"max": limits.max_minutes},
        )
    return RuleResult(
        "duration",
        Status.FAIL,
        _("The meeting lasts %(minutes)d minutes. Keep it to %(max)d minutes at most.")
        % {"minutes": plan.minutes, "max": limits.max_minutes},
    )


def check_roles(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    if plan.role_holders <= 0:
        return RuleResult(
            "roles",
            Status.FAIL,
            _("Give participants a role, such as table host, note-taker or time-keeper."),
        )
    if _reaches_share(plan.role_holders, limits.role_share, plan.invitees_not_declined):
        return RuleResult("roles", Status.PASS, _("Many participants have a role."))
    return RuleResult(
        "roles",
        Status.WARN,
        _("Give more participants a role: %(holders)d of %(invitees)d have one now.")
        % {"holders": plan.role_holders, "invitees": plan.invitees_not_declined},
    )


def _longest_stretch(items: Iterable[Item]) -> int:
    longest = current = 0
    for item in items:
        if item.kind in PAUSE_KINDS:
            current = 0
        else:
            current += item.minutes
            longest = max(longest, current)
    return longest


def check_breaks(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    # Until the time is decided, the agenda tells how long the meeting runs.
    length = plan.agenda_minutes if plan.minutes is None else plan.minutes
    if length <= limits.no_break_needed_up_to:
        return RuleResult("breaks", Status.PASS, _("A short meeting needs no break."))
    if not any(item.kind in PAUSE_KINDS for item in plan.items):
        return RuleResult(
            "breaks", Status.FAIL, _("Add a short break or food, so people can talk informally.")
        )
    stretch = _longest_stretch(plan.items)
    if stretch > limits.max_stretch_minutes:
        return RuleResult(
            "breaks",
            Status.WARN,
            _(
                "One part runs %(minutes)d minutes without a break. Add a break within "
                "%(max)d minutes."
            )
            % {"minutes": stretch, "max": limits.max_stretch_minutes},
        )
    return RuleResult("breaks", Status.PASS, _("There are breaks for informal talk."))


def check_food(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    if any(item.kind == Kind.FOOD for item in plan.items):
        return RuleResult("food", Status.PASS, _("There is food where people can mingle."))
    return RuleResult("food", Status.WARN, _("Consider serving food, where people can mingle."))


def check_workshop_weight(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    talk = _minutes_of(plan.items, {Kind.TALK})
    active = _minutes_of(plan.items, ACTIVE_KINDS)
    if talk == 0 and active == 0:
        return RuleResult(
            "workshop_weight",
            Status.WARN,
            _("Add a workshop or knowledge sharing, where the participants work together."),
        )
    if active > talk:
        return RuleResult(
            "workshop_weight", Status.PASS, _("The weight is on the workshop and the wrap-up.")
        )
    return RuleResult(
        "workshop_weight",
        Status.FAIL,
        _(
            "The talks take %(talk)d minutes and the workshop and wrap-up %(active)d. "
            "Give the workshop and wrap-up more time than the talks."
        )
        % {"talk": talk, "active": active},
    )


def check_few_items(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    count = sum(1 for item in plan.items if item.kind in CONTENT_KINDS)
    if count <= limits.items_pass_up_to:
        return RuleResult("few_items", Status.PASS, _("Few items leave room for depth."))
    status = Status.WARN if count <= limits.items_warn_up_to else Status.FAIL
    return RuleResult(
        "few_items",
        status,
        _("The agenda has %(count)d items. Keep to %(max)d to leave room for depth and reflection.")
        % {"count": count, "max": limits.items_pass_up_to},
    )


def check_slack(plan: MeetingPlan, limits: Thresholds) -> RuleResult:
    if plan.minutes is None:
        return RuleResult(
            "slack",
            Status.WARN,
            _(
                "Whether the agenda leaves time for the unforeseen is known once the time is "
                "decided."
            ),
        )
    planned = plan.agenda_minutes
    over = planned - plan.minutes
    if over > 0:
        return RuleResult(
            "slack",
            Status.FAIL,
            ngettext(
                "The agenda is %(over)d minute longer than the meeting.",
                "The agenda is %(over)d minutes longer than the meeting.",
                over,
            )
            % {"over": over},
        )
    slack = -over + _minutes_of(plan.items, {Kind.BUFFER})
    if plan.minutes > 0 and _reaches_share(slack, limits.slack_share, plan.minutes):
        return RuleResult("slack", Status.PASS, _("There is room for the unforeseen."))
    if slack > 0:
        return RuleResult(
            "slack",
            Status.WARN,
            _("Only %(slack)d minutes are free. Leave about %(share)d %% of the time unplanned.")
            % {"slack": slack, "share": round(limits.slack_share * 100)},
        )
    return RuleResult(
        "slack",
        Status.FAIL,
        _("Every minute is planned. Leave time for the unforeseen, for example a buffer."),
    )


def check_capture(plan: MeetingPlan, limits: Thresholds, now: datetime) -> RuleResult:
    if not plan.capture_planned:
        return RuleResult(
            "capture",
            Status.FAIL,
            _("Choose how to keep what comes out of the meeting: ideas, a summary or a leaflet."),
        )
    overdue = plan.ends_at is not None and now - plan.ends_at > timedelta(
        days=limits.capture_due_days
    )
    if overdue and not plan.capture_planned <= plan.capture_delivered:
        return RuleResult(
            "capture",
            Status.WARN,
            _(
                "The meeting ended over %(days)d days ago, and what it produced is not yet "
                "written down."
            )
            % {"days": limits.capture_due_days},
        )
    return RuleResult("capture", Status.PASS, _("It is planned how the results are kept."))


def check_meeting(
    plan: MeetingPlan, now: datetime, limits: Thresholds | None = None
) -> CheckResult:
    limits = limits or Thresholds()
    return CheckResult(
        rules=(
            check_why(plan, limits),
            check_time(plan, limits),
            check_duration(plan, limits),
            check_roles(plan, limits),
            check_breaks(plan, limits),
            check_food(plan, limits),
            check_workshop_weight(plan, limits),
            check_few_items(plan, limits),
            check_slack(plan, limits),
            check_capture(plan, limits, now),
        )
    )
