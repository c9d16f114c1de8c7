"""Recommendations and board meetings: every rule, shared by the pages, the API and the demo.

Refusals, as the API answers them:
- `PermissionError`: the role may not do this (403);
- `TransitionRefused`: the move is not allowed from the recommendation's present state,
  or the recommendation can no longer be edited (409);
- `ValidationError` naming the field: bad or missing input (422).

The states (models.Recommendation):

    draft ──adopt──▶ adopted ──submit──▶ submitted ──decide──▶ approved | rejected | postponed
      │                 │                                                         │
      └──withdraw──▶ withdrawn ◀──withdraw                 postponed ──submit──▶ submitted
                                                           postponed ──decide──▶ approved | …

- Coordinators of the network and administrators draft, edit drafts, adopt, submit and
  withdraw. Adopting names a meeting of the network that has begun (under way or held), was
  not cancelled, and did not end before the day the recommendation was drafted. Submitting
  names a board meeting of the plan whose deadline has not passed.
- Board members of the plan and administrators decide, always with a written reason and
  the date of the decision: at or after the board meeting that decides it, not before the
  recommendation was submitted, and not in the future. Approving a `cofinancing_change`
  amends its agreement in the same transaction (a new version whose source is the
  recommendation's address); if the agreement refuses the amounts, nothing is saved.
- A postponed recommendation is decided again at a later board meeting. Either it is
  submitted again for a later board meeting (postponed → submitted, by a coordinator or an
  administrator, as every earlier step; the deadline applies as for a first submission), or the
  board decides it directly, naming the later board meeting where it did
  (postponed → approved | rejected | postponed).

Each move is written as a RecommendationTransition (who, when, why, which meeting). The
recommendation's row is locked while it moves, so that two clicks make one move: the second
finds the state the first left, and is refused.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.accounts.permissions import roles_of
from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import CofinancingAgreement, CofinancingVersion
from ressourcenet.agreements.services import Amount
from ressourcenet.governance import emails
from ressourcenet.governance.models import (
    DEFAULT_DEADLINE,
    BoardMeeting,
    ProposedAmount,
    Recommendation,
    RecommendationTransition,
)
from ressourcenet.lib import bounds
from ressourcenet.lib.dates import format_date
from ressourcenet.mail import services as mail
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import HousingArea, Plan, Project

State = Recommendation.State
Kind = Recommendation.Kind

# A recommendation is a page or two, not a book: longer texts are a paste gone wrong.
TEXT_MAX = 20_000
# More areas or projects than any plan has.
MAX_LINKS = 100
# More allocation lines than a plan has: efforts × areas × years.
MAX_ALLOCATION_LINES = 1_000
# More years than any agreement has.
MAX_YEARS = 50

DECISIONS = (State.APPROVED, State.REJECTED, State.POSTPONED)
EARLY_MOVES = (State.ADOPTED, State.SUBMITTED, State.WITHDRAWN)

ALLOWED: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.ADOPTED, State.WITHDRAWN),
    State.ADOPTED: (State.SUBMITTED, State.WITHDRAWN),
    State.SUBMITTED: DECISIONS,
    State.POSTPONED: (State.SUBMITTED, *DECISIONS),
    State.APPROVED: (),
    State.REJECTED: (),
    State.WITHDRAWN: (),
}


class TransitionRefused(Exception):
    """The move is not allowed from the recommendation's present state (HTTP 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.messages = [message]


# --- who may ----------------------------------------------------------------------------


def can_draft(user, network: Network) -> bool:
    roles = roles_of(user)
    return roles.is_administrator or network.pk in roles.coordinator_of


def can_decide(user, plan_id: int) -> bool:
    roles = roles_of(user)
    return roles.is_administrator or plan_id in roles.plans_on_board


def can_see(user, recommendation: Recommendation) -> bool:
    """Everyone who takes part in the plan: its members, board members and administrators."""
    roles = roles_of(user)
    plan_id = recommendation.network.plan_id
    return (
        roles.is_administrator
        or plan_id in roles.plans_as_member
        or plan_id in (roles.plans_on_board)
    )


def visible(user, recommendations: QuerySet | None = None) -> QuerySet:
    recommendations = Recommendation.objects.all() if recommendations is None else recommendations
    roles = roles_of(user)
    if roles.is_administrator:
        return recommendations
    plans = roles.plans_as_member | roles.plans_on_board
    return recommendations.filter(network__plan_id__in=plans)


# Not yet decided or withdrawn: what a recommendation would change may still change.
OPEN_STATES = (State.DRAFT, State.ADOPTED, State.SUBMITTED, State.POSTPONED)


def open_recommendations(user) -> QuerySet:
    """The recommendations the user may see that are still open, ready for links."""
    items = Recommendation.objects.filter(state__in=OPEN_STATES).select_related("network__plan")
    return visible(user, items).order_by("title", "pk")


def can_see_board_meetings(user, plan: Plan) -> bool:
    roles = roles_of(user)
    return (
        roles.is_administrator
        or plan.pk in roles.plans_as_member
        or plan.pk in roles.plans_on_board
    )


def can_plan_board_meetings(user, plan: Plan) -> bool:
    """Board meetings are set by the secretariat (administrators) and the board."""
    return can_decide(user, plan.pk)


def may_move(user, recommendation: Recommendation, to: str) -> bool:
    """Whether the user's role allows moving to `to` (the present state aside)."""
    network = recommendation.network
    if to in DECISIONS:
        return can_decide(user, network.plan_id)
    # Submitting again for a later board meeting is the network's move, like the first time.
    return can_draft(user, network)


def moves_for(user, recommendation: Recommendation) -> list[str]:
    """The moves the user may make now, in the order of ALLOWED."""
    return [to for to in ALLOWED[recommendation.state] if may_move(user, recommendation, to)]


# --- board meetings ---------------------------------------------------------------------


def _day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def last_meeting_in_time(network: Network, board_meeting: BoardMeeting) -> Meeting | None:
    """The network's last meeting that can still adopt a recommendation in time for the board
    meeting: the last one, not cancelled, that starts on or before the deadline (adopted
    there, it can be submitted the same day). None when there is none."""
    return (
        Meeting.objects.filter(
            network=network,
            cancelled_at__isnull=True,
            starts_at__isnull=False,
            starts_at__lt=_day_after(board_meeting.deadline),
        )
        .order_by("-starts_at", "-id")
        .first()
    )


def open_board_meetings(plan: Plan, today: date | None = None) -> QuerySet[BoardMeeting]:
    """The plan's board meetings that still take recommendations (deadline not passed)."""
    today = today or timezone.localdate()
    return BoardMeeting.objects.filter(plan=plan, deadline__gte=today).order_by("date", "id")


def later_deciding_meetings(recommendation: Recommendation) -> QuerySet[BoardMeeting]:
    """For a postponed recommendation: the plan's board meetings that can decide it
    directly, those after the one that postponed it that have been held (or are held
    today), since a decision is dated at or after its meeting and not in the future."""
    held = BoardMeeting.objects.filter(
        plan_id=recommendation.network.plan_id, date__lte=timezone.localdate()
    )
    previous = recommendation.board_meeting
    return held.filter(date__gt=previous.date) if previous is not None else held


def waits_for_resubmission(recommendation: Recommendation) -> bool:
    """A postponed recommendation that no held board meeting can decide yet: it waits to be
    submitted again for a later board meeting (postponed → submitted)."""
    return (
        recommendation.state == State.POSTPONED
        and not later_deciding_meetings(recommendation).exists()
    )


@transaction.atomic
def create_board_meeting(board_meeting: BoardMeeting, by) -> BoardMeeting:
    if not can_plan_board_meetings(by, board_meeting.plan):
        raise PermissionError(_("Only the board and administrators plan board meetings."))
    if board_meeting.date is not None and board_meeting.deadline is None:
        board_meeting.deadline = board_meeting.date - DEFAULT_DEADLINE
    board_meeting.full_clean()
    board_meeting.save()
    return board_meeting


# --- drafting ---------------------------------------------------------------------------


def _cofinancing_errors(recommendation: Recommendation, amounts: list[Amount]) -> dict:
    """A `cofinancing_change` names an agreement of its own plan and the new amounts for at
    least one year within the agreement's period; any other kind names neither."""
    errors: dict[str, list[str]] = {}
    agreement = recommendation.agreement if recommendation.agreement_id else None
    if recommendation.kind != Kind.COFINANCING_CHANGE:
        if agreement is not None:
            errors["agreement"] = [
                _("Only a change to a co-financing agreement names an agreement.")
            ]
        if amounts:
            errors["proposed_amounts"] = [
                _("Only a change to a co-financing agreement proposes amounts.")
            ]
        return errors
    if agreement is None:
        errors["agreement"] = [_("Choose the co-financing agreement it changes.")]
    elif agreement.plan_id != recommendation.network.plan_id:
        errors["agreement"] = [_("Choose one of the plan's co-financing agreements.")]
        agreement = None
    if not amounts:
        errors["proposed_amounts"] = [_("Write the new amounts for at least one year.")]
    elif len(amounts) > MAX_YEARS:
        errors["proposed_amounts"] = [
            _("Write amounts for at most %(max)d years.") % {"max": MAX_YEARS}
        ]
    else:
        # Without an agreement the years are only checked against the sane ones.
        starts_on = agreement.starts_on if agreement else date(bounds.YEAR_MIN, 1, 1)
        ends_on = agreement.ends_on if agreement else date(bounds.YEAR_MAX, 12, 31)
        for key, message in agreements.amount_errors(amounts, starts_on, ends_on).items():
            errors[f"proposed_{key}"] = [message]
        for i, amount in enumerate(amounts):
            if amount.money is None and amount.hours is None:
                errors.setdefault(f"proposed_amounts.{i}.money", []).append(
                    _("Write the new kroner or hours for %(year)d.") % {"year": amount.year}
                )
    return errors


def _check(
    recommendation: Recommendation,
    areas: list[HousingArea],
    projects: list[Project],
    amounts: list[Amount],
    allocation_lines: list = (),
) -> None:
    """Every problem at once, each by its field."""
    errors: dict[str, list[str]] = {}
    recommendation.title = " ".join((recommendation.title or "").split())
    try:
        recommendation.full_clean(
            exclude=["network", "author", "housing_areas", "projects", "agreement"]
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(_cofinancing_errors(recommendation, amounts))
    for field in ("background", "proposal", "consequence"):
        if len(getattr(recommendation, field) or "") > TEXT_MAX:
            errors.setdefault(field, []).append(
                _("Write at most %(max)d characters.") % {"max": TEXT_MAX}
            )
    plan_id = recommendation.network.plan_id
    if len(areas) > MAX_LINKS or any(area.plan_id != plan_id for area in areas):
        errors["housing_areas"] = [_("Choose among the plan's own housing areas.")]
    if len(projects) > MAX_LINKS or any(p.effort.plan_id != plan_id for p in projects):
        errors["projects"] = [_("Choose among the plan's own projects.")]
    errors.update(allocation_line_errors(recommendation, allocation_lines))
    if errors:
        raise ValidationError(errors)


def allocation_line_errors(recommendation: Recommendation, lines: list) -> dict[str, list[str]]:
    """A priority of resources names the allocation lines it would change: lines of the
    network's own plan. Other kinds name none."""
    if not lines:
        return {}
    if recommendation.kind != Recommendation.Kind.PRIORITY:
        return {
            "allocation_lines": [
                _("Only a recommendation about priority of resources names allocation lines.")
            ]
        }
    plan_id = recommendation.network.plan_id
    if len(lines) > MAX_ALLOCATION_LINES or any(line.plan_id != plan_id for line in lines):
        return {"allocation_lines": [_("Choose among the plan's own allocation lines.")]}
    return {}


def plan_projects(plan: Plan) -> QuerySet[Project]:
    return Project.objects.filter(effort__plan=plan).select_related("effort")


def plan_agreements(plan: Plan) -> QuerySet[CofinancingAgreement]:
    return plan.cofinancing_agreements.order_by("title", "id")


def _save_amounts(recommendation: Recommendation, amounts: list[Amount]) -> None:
    recommendation.proposed_amounts.all().delete()
    ProposedAmount.objects.bulk_create(
        ProposedAmount(recommendation=recommendation, year=a.year, money=a.money, hours=a.hours)
        for a in sorted(amounts, key=lambda a: a.year)
    )


@transaction.atomic
def create_recommendation(
    recommendation: Recommendation,
    *,
    housing_areas=(),
    projects=(),
    allocation_lines=(),
    proposed_amounts: list[Amount] = (),
    by,
) -> Recommendation:
    """Save a new draft by a coordinator of its network or an administrator.

    `proposed_amounts`: for a `cofinancing_change`, the new amounts of the years it changes
    (the agreement's other years keep theirs)."""
    if not can_draft(by, recommendation.network):
        raise PermissionError(_("Only the network's coordinators draft its recommendations."))
    areas, projects, amounts = list(housing_areas), list(projects), list(proposed_amounts)
    lines = list(allocation_lines)
    recommendation.state = State.DRAFT
    recommendation.author = by
    _check(recommendation, areas, projects, amounts, lines)
    recommendation.save()
    recommendation.housing_areas.set(areas)
    recommendation.projects.set(projects)
    recommendation.allocation_lines.set(lines)
    _save_amounts(recommendation, amounts)
    RecommendationTransition.objects.create(
        recommendation=recommendation, from_state="", to_state=State.DRAFT, by=by, at=_now()
    )
    return recommendation


@transaction.atomic
def update_draft(
    recommendation: Recommendation,
    *,
    housing_areas=None,
    projects=None,
    allocation_lines=None,
    proposed_amounts: list[Amount] | None = None,
    by,
) -> Recommendation:
    """Save a draft's changed texts and links. Only a draft can change: what the network
    adopted is what goes to the board."""
    if not can_draft(by, recommendation.network):
        raise PermissionError(_("Only the network's coordinators edit its recommendations."))
    stored = Recommendation.objects.select_for_update().filter(pk=recommendation.pk)
    stored = stored.values("state", "network_id").get()
    if stored["state"] != State.DRAFT:
        raise TransitionRefused(_("Only a draft can be changed."))
    if recommendation.network_id != stored["network_id"]:
        raise ValidationError({"network": _("A recommendation stays in its network.")})
    recommendation.state = stored["state"]
    areas = list(recommendation.housing_areas.all() if housing_areas is None else housing_areas)
    projects_list = list(recommendation.projects.all() if projects is None else projects)
    lines = list(
        recommendation.allocation_lines.all() if allocation_lines is None else allocation_lines
    )
    amounts = (
        proposed_amounts_of(recommendation) if proposed_amounts is None else list(proposed_amounts)
    )
    _check(recommendation, areas, projects_list, amounts, lines)
    recommendation.save()
    if proposed_amounts is not None:
        _save_amounts(recommendation, amounts)
    if housing_areas is not None:
        recommendation.housing_areas.set(areas)
    if projects is not None:
        recommendation.projects.set(projects_list)
    if allocation_lines is not None:
        recommendation.allocation_lines.set(lines)
    return recommendation


def proposed_amounts_of(recommendation: Recommendation) -> list[Amount]:
    return [
        Amount(row.year, row.money, row.hours)
        for row in ProposedAmount.objects.filter(recommendation=recommendation).order_by("year")
    ]


def resolve(proposed: Amount, before: Amount | None) -> Amount:
    """A proposed year with its empty kroner or hours filled from the agreement's amounts
    (`before`; 0 where the year had none): what the agreement gets on approval."""
    return Amount(
        proposed.year,
        proposed.money if proposed.money is not None else (before.money if before else 0),
        proposed.hours if proposed.hours is not None else (before.hours if before else 0),
    )


@dataclass(frozen=True)
class ProposedChange:
    """One year of a `cofinancing_change`: the agreement's amounts before (None where the
    year has none) and the proposed ones (a kept value resolved to the one before; `money_kept`
    and `hours_kept` say so)."""

    year: int
    money_before: int | None
    hours_before: int | None
    money: int
    hours: int
    money_kept: bool = False
    hours_kept: bool = False

    @property
    def money_difference(self) -> int:
        return self.money - (self.money_before or 0)

    @property
    def hours_difference(self) -> int:
        return self.hours - (self.hours_before or 0)


def amended_version(recommendation: Recommendation) -> CofinancingVersion | None:
    """The agreement's version that the recommendation's approval made, if it made one."""
    if not recommendation.agreement_id:
        return None
    return (
        CofinancingVersion.objects.filter(
            agreement_id=recommendation.agreement_id, source=recommendation.get_absolute_url()
        )
        .order_by("-number")
        .first()
    )


def proposed_changes(
    recommendation: Recommendation, amended: CofinancingVersion | None = None
) -> list[ProposedChange]:
    """Each proposed year beside the agreement's amounts: the current ones, or, once the
    approval amended the agreement (`amended`), those of the version before."""
    if not recommendation.agreement_id:
        return []
    versions = CofinancingVersion.objects.filter(agreement_id=recommendation.agreement_id)
    if amended is not None:
        versions = versions.filter(number__lt=amended.number)
    before_version = versions.order_by("-number").prefetch_related("amounts").first()
    return _changes(recommendation, before_version)


def proposed_changes_of(items: list[Recommendation]) -> dict[int, list[ProposedChange]]:
    """proposed_changes for many recommendations (proposed_amounts prefetched, as by
    with_relations) in two queries: by recommendation id, for those naming an agreement."""
    changing = [item for item in items if item.agreement_id]
    if not changing:
        return {}
    versions = list(
        CofinancingVersion.objects.filter(agreement_id__in={r.agreement_id for r in changing})
        .prefetch_related("amounts")
        .order_by("number")
    )
    result = {}
    for item in changing:
        own = [version for version in versions if version.agreement_id == item.agreement_id]
        address = item.get_absolute_url()
        amended = next((v for v in reversed(own) if v.source == address), None)
        if amended is not None:
            own = [version for version in own if version.number < amended.number]
        result[item.pk] = _changes(item, own[-1] if own else None)
    return result


def _changes(
    recommendation: Recommendation, before_version: CofinancingVersion | None
) -> list[ProposedChange]:
    before = {a.year: a for a in before_version.amounts.all()} if before_version else {}
    changes = []
    for row in recommendation.proposed_amounts.all():
        old = before.get(row.year)
        new = resolve(Amount(row.year, row.money, row.hours), old)
        changes.append(
            ProposedChange(
                year=row.year,
                money_before=old.money if old else None,
                hours_before=old.hours if old else None,
                money=new.money,
                hours=new.hours,
                money_kept=row.money is None,
                hours_kept=row.hours is None,
            )
        )
    return changes


def amend_agreement(recommendation: Recommendation, reason: str, by) -> None:
    """The approved `cofinancing_change`'s amounts become a new version of its agreement:
    the proposed years take the new amounts, the others keep theirs. A refusal (a year no
    longer within the agreement's period) refuses the approval too."""
    if not recommendation.agreement_id:
        raise ValidationError({"agreement": _("Choose the co-financing agreement it changes.")})
    agreement = CofinancingAgreement.objects.select_for_update().get(pk=recommendation.agreement_id)
    years = {a.year: a for a in agreements.current_amounts(agreement)}
    years.update(
        {a.year: resolve(a, years.get(a.year)) for a in proposed_amounts_of(recommendation)}
    )
    try:
        agreements.amend(
            agreement,
            amounts=sorted(years.values(), key=lambda a: a.year),
            by=by,
            reason=_("The board approved the recommendation “%(title)s”: %(reason)s")
            % {"title": recommendation.title, "reason": reason},
            source=recommendation.get_absolute_url(),
        )
    except ValidationError as error:
        lead = _("The co-financing agreement cannot be changed this way:")
        refusals: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            field = "proposed_amounts" if key.startswith("amounts") else "agreement"
            refusals.setdefault(field, []).extend(f"{lead} {m}" for m in messages)
        raise ValidationError(refusals) from None


# --- moving -----------------------------------------------------------------------------


def _now() -> datetime:
    return timezone.now()


def _reason(reason: str, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Write the reason.")})
    if problem := bounds.text_problem(reason, str(_("reason"))):
        raise ValidationError({"reason": problem})
    if len(reason) > TEXT_MAX:
        raise ValidationError(
            {"reason": _("Write at most %(max)d characters.") % {"max": TEXT_MAX}}
        )
    return reason


def _decision_date(
    recommendation: Recommendation, value: date | None, board_meeting: BoardMeeting | None
) -> date:
    """The day of a board decision: today or earlier, and not before the board meeting that
    decides it (the board decides at its meeting) nor before the recommendation was
    submitted."""
    today = timezone.localdate()
    value = value or today
    if problem := bounds.year_problem(value):
        raise ValidationError({"decided_on": problem})
    if value > today:
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    if board_meeting is not None and value < board_meeting.date:
        raise ValidationError(
            {
                "decided_on": _(
                    "The board decides at its meeting on %(date)s: the decision cannot be "
                    "dated before that day."
                )
                % {"date": format_date(board_meeting.date, "date")}
            }
        )
    submitted_at = (
        recommendation.transitions.filter(to_state=State.SUBMITTED)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    if submitted_at is not None and value < timezone.localdate(submitted_at):
        raise ValidationError(
            {
                "decided_on": _(
                    "The recommendation was submitted on %(date)s: the decision cannot be "
                    "dated before that day."
                )
                % {"date": format_date(timezone.localdate(submitted_at), "date")}
            }
        )
    return value


def decidable_from(recommendation: Recommendation) -> date | None:
    """The day of the board meeting a submitted recommendation waits for, while that day
    has not come; None when the board can decide it now (or it is not submitted)."""
    board_meeting = recommendation.board_meeting
    if recommendation.state != State.SUBMITTED or board_meeting is None:
        return None
    return board_meeting.date if board_meeting.date > timezone.localdate() else None


def drafted_on(recommendation: Recommendation) -> date:
    return timezone.localdate(recommendation.created_at)


def transition(
    recommendation: Recommendation,
    to: str,
    *,
    by,
    reason: str = "",
    meeting: Meeting | None = None,
    board_meeting: BoardMeeting | None = None,
    decided_on: date | None = None,
) -> RecommendationTransition:
    """Move the recommendation to `to`, following the rules above; on a decision, tell the
    network's members and the author by e-mail (through the worker, after the commit)."""
    with transaction.atomic():
        step = _move(recommendation, to, by, reason, meeting, board_meeting, decided_on)
        if step.to_state in DECISIONS:
            mail.send_after_commit(emails.queue_decision_emails(recommendation, step))
    return step


def _move(recommendation, to, by, reason, meeting, board_meeting, decided_on):
    if to not in State.values or to == State.DRAFT:
        raise ValidationError({"to": _("Choose one of the states a recommendation can move to.")})
    network = recommendation.network
    if not roles_of(by).is_authenticated:
        raise PermissionError(_("Log in first."))
    # The row is locked, and its state read again: a second click finds the first's.
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.state = locked.state
    recommendation.board_meeting_id = locked.board_meeting_id
    if not may_move(by, recommendation, to):
        if to in DECISIONS:
            raise PermissionError(_("Only the board's members and administrators decide."))
        raise PermissionError(
            _("Only the network's coordinators and administrators move a recommendation.")
        )
    if to not in ALLOWED[recommendation.state]:
        raise TransitionRefused(
            _("A recommendation that is %(from)s cannot become %(to)s.")
            % {
                "from": State(recommendation.state).label.lower(),
                "to": State(to).label.lower(),
            }
        )
    plan_id = network.plan_id
    today = timezone.localdate()
    step = RecommendationTransition(
        recommendation=recommendation, from_state=recommendation.state, to_state=to, by=by
    )
    if to == State.ADOPTED:
        step.reason = _reason(reason, required=False)
        if meeting is None:
            raise ValidationError(
                {"meeting": _("Choose the meeting where the network adopted it.")}
            )
        if meeting.network_id != network.pk:
            raise ValidationError({"meeting": _("Choose one of the network's own meetings.")})
        if meeting.is_cancelled or not meeting.has_time or meeting.starts_at > _now():
            raise ValidationError(
                {"meeting": _("Choose a meeting that has taken place and was not cancelled.")}
            )
        held_until = timezone.localdate(meeting.ends_at or meeting.starts_at)
        if held_until < drafted_on(locked):
            raise ValidationError(
                {
                    "meeting": _(
                        "The meeting was held before the recommendation was written "
                        "(%(date)s). Choose the meeting where the network adopted it."
                    )
                    % {"date": format_date(drafted_on(locked), "date")}
                }
            )
        step.meeting = meeting
        recommendation.adopted_at_meeting = meeting
    elif to == State.SUBMITTED:
        step.reason = _reason(reason, required=False)
        if board_meeting is None:
            raise ValidationError({"board_meeting": _("Choose the board meeting.")})
        if board_meeting.plan_id != plan_id:
            raise ValidationError({"board_meeting": _("Choose one of the plan's board meetings.")})
        if board_meeting.deadline < today:
            raise ValidationError(
                {"board_meeting": _("The deadline for this board meeting has passed.")}
            )
        previous = recommendation.board_meeting
        postponed = recommendation.state == State.POSTPONED
        if postponed and previous is not None and board_meeting.date <= previous.date:
            raise ValidationError(
                {"board_meeting": _("Choose a board meeting after the one that postponed it.")}
            )
        step.board_meeting = board_meeting
        recommendation.board_meeting = board_meeting
    elif to in DECISIONS:
        step.reason = _reason(reason, required=True)
        if recommendation.state == State.POSTPONED:
            previous = recommendation.board_meeting
            if board_meeting is None:
                raise ValidationError(
                    {"board_meeting": _("Choose the later board meeting that decides it.")}
                )
            if board_meeting.plan_id != plan_id:
                raise ValidationError(
                    {"board_meeting": _("Choose one of the plan's board meetings.")}
                )
            if previous is not None and board_meeting.date <= previous.date:
                raise ValidationError(
                    {"board_meeting": _("Choose a board meeting after the one that postponed it.")}
                )
            recommendation.board_meeting = board_meeting
        elif board_meeting is not None and board_meeting.pk != recommendation.board_meeting_id:
            raise ValidationError(
                {"board_meeting": _("It is decided at the board meeting it was submitted for.")}
            )
        step.board_meeting_id = recommendation.board_meeting_id
        step.decided_on = _decision_date(recommendation, decided_on, recommendation.board_meeting)
        recommendation.decision_reason = step.reason
        recommendation.decided_on = step.decided_on
        if to == State.APPROVED and locked.kind == Kind.COFINANCING_CHANGE:
            recommendation.agreement_id = locked.agreement_id
            amend_agreement(recommendation, step.reason, by)
    else:  # withdrawn
        step.reason = _reason(reason, required=True)
    step.at = _now()
    step.save()
    recommendation.state = to
    recommendation.save()
    return step


def trail(recommendation: Recommendation) -> QuerySet[RecommendationTransition]:
    return recommendation.transitions.select_related(
        "by__person", "meeting", "board_meeting"
    ).order_by("at", "id")


# --- front pages --------------------------------------------------------------------------

# What came back from the board stays on the coordinator's front page this long.
CAME_BACK_FOR = timedelta(days=60)


def awaiting_decision(user, plan: Plan) -> QuerySet[Recommendation]:
    """For a board member (or administrator): the plan's recommendations that wait for the
    board, soonest board meeting first."""
    if not can_decide(user, plan.pk):
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(
            network__plan=plan, state__in=(State.SUBMITTED, State.POSTPONED)
        )
        .select_related("network__plan", "board_meeting")
        .order_by("board_meeting__date", "id")
    )


def coordinator_desk(user, plan: Plan, limit: int = 20) -> dict[str, list[Recommendation]]:
    """For a coordinator: the latest drafts of their networks, and what the board decided
    lately, newest first. One query: drafts are few, and decisions come back for weeks."""
    roles = roles_of(user)
    networks = roles.coordinator_of
    if not networks:
        return {"drafts": [], "came_back": []}
    since = timezone.localdate() - CAME_BACK_FOR
    mine = Recommendation.objects.filter(network__plan=plan, network_id__in=networks).filter(
        Q(state=State.DRAFT) | Q(state__in=DECISIONS, decided_on__gte=since)
    )
    rows = list(mine.select_related("network__plan", "board_meeting"))
    drafts = [r for r in rows if r.state == State.DRAFT]
    came_back = [r for r in rows if r.state != State.DRAFT]
    return {
        "drafts": sorted(drafts, key=lambda r: (r.updated_at, r.pk), reverse=True)[:limit],
        "came_back": sorted(came_back, key=lambda r: (r.decided_on, r.pk), reverse=True)[:limit],
    }
