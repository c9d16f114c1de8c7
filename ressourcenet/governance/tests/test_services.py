"""The rules of governance/services.py: every move from every state by every role, and the
input each move needs."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ressourcenet.governance import services
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.governance.services import TransitionRefused
from ressourcenet.governance.tests.conftest import (
    ROLES,
    State,
    make_recommendation,
    put_in_state,
    today,
)
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.tests.conftest import make_meeting

# Written out here, not read from services.ALLOWED, so that a change there fails a test.
ALLOWED = {
    "draft": {"adopted", "withdrawn"},
    "adopted": {"submitted", "withdrawn"},
    "submitted": {"approved", "rejected", "postponed"},
    "postponed": {"submitted", "approved", "rejected", "postponed"},
    "approved": set(),
    "rejected": set(),
    "withdrawn": set(),
}
COORDINATORS = {"admin_user", "coordinator"}
DECIDERS = {"admin_user", "board_member"}


def role_may(role: str, from_state: str, to: str) -> bool:
    if to in ("approved", "rejected", "postponed"):
        return role in DECIDERS
    # Every earlier state, postponed → submitted included, is the network's move.
    return role in COORDINATORS


CASES = [
    (role, from_state, to)
    for role in ROLES
    for from_state in ALLOWED
    for to in ("adopted", "submitted", "approved", "rejected", "postponed", "withdrawn")
]


@pytest.mark.parametrize(("role", "from_state", "to"), CASES)
def test_every_move_by_every_role(
    request,
    role,
    from_state,
    to,
    recommendation,
    held_meeting,
    board_meeting,
    past_board_meeting,
    todays_board_meeting,
    django_capture_on_commit_callbacks,
):
    user = request.getfixturevalue(role)
    # Submitted for (or postponed at) the board meeting a month ago: decided today.
    put_in_state(recommendation, from_state, held_meeting, past_board_meeting)
    kwargs = {
        "by": user,
        "reason": "Bestyrelsen drøftede den grundigt.",
        "meeting": held_meeting,
        "board_meeting": None,
    }
    if to == "submitted":  # a coming board meeting whose deadline is open
        kwargs["board_meeting"] = board_meeting
    elif from_state == "postponed":  # decided again at a later board meeting: today's
        kwargs["board_meeting"] = todays_board_meeting
    fresh = Recommendation.objects.get(pk=recommendation.pk)
    if not role_may(role, from_state, to):
        with pytest.raises(PermissionError):
            services.transition(fresh, to, **kwargs)
        expected_state, moved = from_state, False
    elif to not in ALLOWED[from_state]:
        with pytest.raises(TransitionRefused):
            services.transition(fresh, to, **kwargs)
        expected_state, moved = from_state, False
    else:
        with django_capture_on_commit_callbacks(execute=True):
            step = services.transition(fresh, to, **kwargs)
        assert (step.from_state, step.to_state, step.by) == (from_state, to, user)
        expected_state, moved = to, True
    assert Recommendation.objects.get(pk=recommendation.pk).state == expected_state
    steps = recommendation.transitions.count()
    assert steps == (1 if moved else 0)


def test_the_table_covers_every_role_state_and_move():
    assert len(CASES) == len(ROLES) * 7 * 6
    assert {from_state for _role, from_state, _to in CASES} == set(State.values)
    # A board member may no longer submit a postponed one again (issue 11's roles).
    assert not role_may("board_member", "postponed", "submitted")
    assert role_may("coordinator", "postponed", "submitted")


def test_a_draft_goes_the_whole_way(
    coordinator,
    board_member,
    recommendation,
    held_meeting,
    board_meeting,
    later_board_meeting,
    travel,
):
    services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
    services.transition(
        recommendation, State.SUBMITTED, by=coordinator, board_meeting=board_meeting
    )
    travel(35)  # the day of the board meeting
    services.transition(recommendation, State.POSTPONED, by=board_member, reason="Vi mangler tal.")
    services.transition(
        recommendation, State.SUBMITTED, by=coordinator, board_meeting=later_board_meeting
    )
    travel(91)  # the day after the later board meeting
    decided = today() - timedelta(days=1)
    services.transition(
        recommendation, State.APPROVED, by=board_member, reason="God idé.", decided_on=decided
    )
    recommendation.refresh_from_db()
    assert decided == later_board_meeting.date
    assert recommendation.state == State.APPROVED
    assert recommendation.adopted_at_meeting == held_meeting
    assert recommendation.board_meeting == later_board_meeting
    assert (recommendation.decision_reason, recommendation.decided_on) == ("God idé.", decided)
    trail = list(services.trail(recommendation))
    assert [s.to_state for s in trail] == [
        "adopted",
        "submitted",
        "postponed",
        "submitted",
        "approved",
    ]
    assert trail[1].board_meeting == board_meeting and trail[0].meeting == held_meeting
    assert trail[2].reason == "Vi mangler tal." and trail[2].by == board_member
    assert trail[2].decided_on == board_meeting.date


def test_created_through_the_service_the_trail_starts_with_the_draft(coordinator, network, plan):
    recommendation = services.create_recommendation(
        Recommendation(network=network, title="Ny", kind=Recommendation.Kind.PRIORITY),
        housing_areas=[plan.areas.get(name="Nordparken")],
        by=coordinator,
    )
    assert recommendation.author == coordinator
    assert [(s.from_state, s.to_state) for s in services.trail(recommendation)] == [("", "draft")]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_draft(request, role, network):
    user = request.getfixturevalue(role)
    new = Recommendation(network=network, title="Ny indstilling")
    if role in COORDINATORS:
        services.create_recommendation(new, by=user)
        assert Recommendation.objects.count() == 1
    else:
        with pytest.raises(PermissionError):
            services.create_recommendation(new, by=user)
        assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_a_draft(request, role, recommendation):
    user = request.getfixturevalue(role)
    recommendation.title = "Ændret titel"
    if role in COORDINATORS:
        services.update_draft(recommendation, by=user)
        assert Recommendation.objects.get().title == "Ændret titel"
    else:
        with pytest.raises(PermissionError):
            services.update_draft(recommendation, by=user)
        assert Recommendation.objects.get().title != "Ændret titel"


def test_only_a_draft_can_be_edited(coordinator, recommendation, held_meeting):
    services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
    recommendation.title = "Ændret efter vedtagelsen"
    with pytest.raises(TransitionRefused):
        services.update_draft(recommendation, by=coordinator)


def test_bad_input_when_drafting_names_each_field(coordinator, network, other_plan):
    from ressourcenet.plans.models import HousingArea

    foreign = HousingArea.objects.create(plan=other_plan, name="Fremmedparken")
    new = Recommendation(
        network=network, title="Linje\x00brud", background="x" * 20_001, proposal="a\x00b"
    )
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(new, housing_areas=[foreign], by=coordinator)
    assert set(error.value.message_dict) == {"title", "background", "proposal", "housing_areas"}
    assert Recommendation.objects.count() == 0


def test_an_empty_title_is_refused(coordinator, network):
    with pytest.raises(ValidationError) as error:
        services.create_recommendation(Recommendation(network=network, title="   "), by=coordinator)
    assert "title" in error.value.message_dict


# --- adopting -----------------------------------------------------------------------------


def test_adopting_needs_a_meeting(coordinator, recommendation):
    with pytest.raises(ValidationError) as error:
        services.transition(recommendation, State.ADOPTED, by=coordinator)
    assert "meeting" in error.value.message_dict


@pytest.mark.parametrize("which", ["other_network", "future", "cancelled", "no_time"])
def test_adopting_needs_a_held_meeting_of_the_network(
    which, coordinator, recommendation, network, other_network
):
    starts_at = timezone.now() - timedelta(days=3)
    if which == "other_network":
        meeting = make_meeting(other_network, starts_at=starts_at)
    elif which == "future":
        meeting = make_meeting(network, starts_at=timezone.now() + timedelta(hours=2))
    elif which == "cancelled":
        meeting = make_meeting(network, starts_at=starts_at, cancelled_at=timezone.now())
    else:
        meeting = make_meeting(network, starts_at=None)
    with pytest.raises(ValidationError) as error:
        services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=meeting)
    assert "meeting" in error.value.message_dict
    assert Recommendation.objects.get().state == State.DRAFT


def test_adopting_at_a_meeting_held_before_the_draft_is_refused(coordinator, network, held_meeting):
    """The held meeting was a week ago; a recommendation drafted yesterday cannot have been
    adopted there."""
    fresh = make_recommendation(network, drafted_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.transition(fresh, State.ADOPTED, by=coordinator, meeting=held_meeting)
    assert "meeting" in error.value.message_dict
    assert Recommendation.objects.get().state == State.DRAFT
    assert fresh.transitions.count() == 0


def test_adopting_at_a_meeting_on_the_day_it_was_drafted_is_allowed(coordinator, network):
    """Drafted during the meeting (or typed in the same evening): adopted there."""
    meeting = make_meeting(network, starts_at=timezone.now() - timedelta(minutes=1))
    fresh = make_recommendation(network, drafted_at=timezone.now())
    services.transition(fresh, State.ADOPTED, by=coordinator, meeting=meeting)
    assert Recommendation.objects.get().adopted_at_meeting == meeting


# --- submitting ---------------------------------------------------------------------------


@pytest.fixture
def adopted(recommendation, held_meeting):
    return put_in_state(recommendation, State.ADOPTED, held_meeting)


def test_submitting_needs_a_board_meeting(coordinator, adopted):
    with pytest.raises(ValidationError) as error:
        services.transition(adopted, State.SUBMITTED, by=coordinator)
    assert "board_meeting" in error.value.message_dict


def test_submitting_after_the_deadline_is_refused(coordinator, adopted, plan):
    late = BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=13))
    with pytest.raises(ValidationError) as error:
        services.transition(adopted, State.SUBMITTED, by=coordinator, board_meeting=late)
    assert "board_meeting" in error.value.message_dict


def test_submitting_on_the_deadline_day_is_allowed(coordinator, adopted, plan):
    on_time = BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=14))
    services.transition(adopted, State.SUBMITTED, by=coordinator, board_meeting=on_time)
    assert Recommendation.objects.get().board_meeting == on_time


def test_submitting_to_another_plans_board_meeting_is_refused(admin_user, adopted, other_plan):
    foreign = BoardMeeting.objects.create(plan=other_plan, date=today() + timedelta(days=60))
    with pytest.raises(ValidationError) as error:
        services.transition(adopted, State.SUBMITTED, by=admin_user, board_meeting=foreign)
    assert "board_meeting" in error.value.message_dict


# --- deciding -----------------------------------------------------------------------------


@pytest.fixture
def submitted(recommendation, held_meeting, past_board_meeting):
    """Submitted for the board meeting a month ago: the board can decide it now."""
    return put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)


@pytest.mark.parametrize("reason", ["", "   ", "Nul\x00tegn", "x" * 20_001])
def test_a_decision_needs_a_plain_reason(board_member, submitted, reason):
    with pytest.raises(ValidationError) as error:
        services.transition(submitted, State.APPROVED, by=board_member, reason=reason)
    assert "reason" in error.value.message_dict
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_a_decision_in_year_9999_is_refused(board_member, submitted):
    with pytest.raises(ValidationError) as error:
        services.transition(
            submitted, State.APPROVED, by=board_member, reason="Ok", decided_on=date(9999, 1, 1)
        )
    assert "decided_on" in error.value.message_dict


@pytest.mark.parametrize("days", [1, 365])
def test_a_decision_dated_in_the_future_is_refused(board_member, submitted, days):
    with pytest.raises(ValidationError) as error:
        services.transition(
            submitted,
            State.APPROVED,
            by=board_member,
            reason="Ok",
            decided_on=today() + timedelta(days=days),
        )
    assert "decided_on" in error.value.message_dict
    assert Recommendation.objects.get().state == State.SUBMITTED
    assert submitted.transitions.count() == 0


def test_a_decision_before_the_board_meeting_is_refused(
    board_member, submitted, past_board_meeting
):
    with pytest.raises(ValidationError) as error:
        services.transition(
            submitted,
            State.REJECTED,
            by=board_member,
            reason="Nej",
            decided_on=past_board_meeting.date - timedelta(days=1),
        )
    assert "decided_on" in error.value.message_dict
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_a_decision_on_the_board_meetings_day_is_allowed(
    board_member, submitted, past_board_meeting
):
    services.transition(
        submitted,
        State.REJECTED,
        by=board_member,
        reason="Nej",
        decided_on=past_board_meeting.date,
    )
    assert Recommendation.objects.get().decided_on == past_board_meeting.date


def test_a_coming_board_meeting_cannot_decide_yet(
    coordinator, board_member, recommendation, held_meeting, board_meeting
):
    """Submitted for the board meeting in five weeks: deciding it today is refused, also
    without a date (today is the default)."""
    services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
    services.transition(
        recommendation, State.SUBMITTED, by=coordinator, board_meeting=board_meeting
    )
    with pytest.raises(ValidationError) as error:
        services.transition(recommendation, State.APPROVED, by=board_member, reason="Ja")
    assert "decided_on" in error.value.message_dict
    assert Recommendation.objects.get().state == State.SUBMITTED


def test_a_decision_before_the_submission_is_refused(
    coordinator, board_member, recommendation, held_meeting, plan
):
    """A board meeting whose deadline was extended: submitted after the meeting's date.
    The decision cannot be dated before the day it was submitted."""
    late = BoardMeeting.objects.create(
        plan=plan, date=today() - timedelta(days=2), deadline=today()
    )
    services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
    services.transition(recommendation, State.SUBMITTED, by=coordinator, board_meeting=late)
    with pytest.raises(ValidationError) as error:
        services.transition(
            recommendation,
            State.APPROVED,
            by=board_member,
            reason="Ja",
            decided_on=today() - timedelta(days=1),
        )
    assert "decided_on" in error.value.message_dict
    services.transition(recommendation, State.APPROVED, by=board_member, reason="Ja")
    assert Recommendation.objects.get().decided_on == today()


def test_a_decision_is_at_the_board_meeting_it_was_submitted_for(
    board_member, submitted, later_board_meeting
):
    with pytest.raises(ValidationError) as error:
        services.transition(
            submitted,
            State.APPROVED,
            by=board_member,
            reason="Ok",
            board_meeting=later_board_meeting,
        )
    assert "board_meeting" in error.value.message_dict


def test_a_postponed_one_is_decided_at_a_later_board_meeting(
    board_member, recommendation, held_meeting, board_meeting, past_board_meeting
):
    put_in_state(recommendation, State.POSTPONED, held_meeting, board_meeting)
    for too_early in (board_meeting, past_board_meeting, None):
        with pytest.raises(ValidationError) as error:
            services.transition(
                recommendation,
                State.REJECTED,
                by=board_member,
                reason="Nej",
                board_meeting=too_early,
            )
        assert "board_meeting" in error.value.message_dict


def test_two_clicks_make_one_move(board_member, submitted):
    first = Recommendation.objects.get(pk=submitted.pk)
    second = Recommendation.objects.get(pk=submitted.pk)
    services.transition(first, State.APPROVED, by=board_member, reason="Ja")
    with pytest.raises(TransitionRefused):
        services.transition(second, State.REJECTED, by=board_member, reason="Nej")
    assert submitted.transitions.count() == 1
    assert Recommendation.objects.get().state == State.APPROVED


def test_an_unknown_state_is_a_field_error(admin_user, recommendation):
    for to in ("draft", "decided", ""):
        with pytest.raises(ValidationError) as error:
            services.transition(recommendation, to, by=admin_user)
        assert "to" in error.value.message_dict


# --- the decision flows back ----------------------------------------------------------------


def test_a_decision_tells_the_members_and_the_author(
    board_member,
    coordinator,
    member,
    volunteer,
    submitted,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(submitted, State.REJECTED, by=board_member, reason="For dyrt.")
    sent = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.RECOMMENDATION)
    # The coordinator is the author and a member: told once.
    assert sorted(m.to_email for m in sent) == sorted(
        [coordinator.person.email, member.person.email, volunteer.email]
    )
    assert {m.status for m in sent} == {OutgoingMessage.Status.SENT}
    assert len(mailoutbox) == 3
    body = mailoutbox[0].body
    assert "For dyrt." in body
    assert submitted.get_absolute_url() in body


def test_no_email_before_the_decision(coordinator, recommendation, held_meeting, mailoutbox):
    services.transition(recommendation, State.ADOPTED, by=coordinator, meeting=held_meeting)
    assert OutgoingMessage.objects.count() == 0


# --- board meetings -----------------------------------------------------------------------


def test_a_board_meeting_has_a_deadline_14_days_before(plan, board_member):
    day = today() + timedelta(days=40)
    board_meeting = services.create_board_meeting(BoardMeeting(plan=plan, date=day), board_member)
    assert board_meeting.deadline == day - timedelta(days=14)


@pytest.mark.parametrize("role", ROLES)
def test_who_plans_board_meetings(request, role, plan):
    user = request.getfixturevalue(role)
    new = BoardMeeting(plan=plan, date=today() + timedelta(days=40))
    if role in DECIDERS:
        services.create_board_meeting(new, user)
        assert BoardMeeting.objects.count() == 1
    else:
        with pytest.raises(PermissionError):
            services.create_board_meeting(new, user)
        assert BoardMeeting.objects.count() == 0


def test_a_deadline_after_the_meeting_is_refused(plan, admin_user):
    day = today() + timedelta(days=40)
    with pytest.raises(ValidationError) as error:
        services.create_board_meeting(
            BoardMeeting(plan=plan, date=day, deadline=day + timedelta(days=1)), admin_user
        )
    assert "deadline" in error.value.message_dict


def test_the_last_network_meeting_that_can_adopt_in_time(network, board_meeting):
    deadline_start = timezone.make_aware(
        timezone.datetime.combine(board_meeting.deadline, timezone.datetime.min.time())
    )
    early = make_meeting(network, starts_at=deadline_start - timedelta(days=10))
    on_the_day = make_meeting(network, starts_at=deadline_start + timedelta(hours=17))
    make_meeting(network, starts_at=deadline_start + timedelta(days=1, hours=10))  # too late
    make_meeting(
        network,
        starts_at=deadline_start + timedelta(hours=9),
        cancelled_at=timezone.now(),
    )
    assert services.last_meeting_in_time(network, board_meeting) == on_the_day
    on_the_day.delete()
    assert services.last_meeting_in_time(network, board_meeting) == early


def test_no_meeting_in_time(network, board_meeting):
    make_meeting(network, starts_at=timezone.now() + timedelta(days=60))
    assert services.last_meeting_in_time(network, board_meeting) is None


def test_make_recommendation_helper_makes_a_draft(network):
    assert make_recommendation(network).state == State.DRAFT
