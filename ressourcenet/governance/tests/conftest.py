"""Recommendations for the tests: a held meeting of the network, two coming board meetings,
roles of another network and another plan, and recommendations put in any state."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import CofinancingAgreement
from ressourcenet.agreements.services import Amount
from ressourcenet.conftest import make_person, make_user
from ressourcenet.governance import services
from ressourcenet.governance.models import BoardMeeting, ProposedAmount, Recommendation
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Board, BoardMember, Effort, Plan, Project

State = Recommendation.State

ROLES = [
    "admin_user",
    "coordinator",
    "other_coordinator",
    "member",
    "board_member",
    "other_board_member",
    "anonymous",
]


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def other_coordinator(other_network):
    person = make_person("Ole Andenkoordinator")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=other_network.plan.starts_on,
    )
    return make_user("andenkoordinator@example.org", person)


@pytest.fixture
def other_plan(db) -> Plan:
    this_year = today().year
    plan = Plan.objects.create(
        name="Helhedsplan Andetby",
        slug="andetby",
        municipality="Andetby",
        starts_on=date(this_year - 1, 1, 1),
        ends_on=date(this_year + 2, 12, 31),
    )
    Board.objects.create(plan=plan, name="Andetby-bestyrelsen")
    return plan


@pytest.fixture
def other_board_member(other_plan):
    person = make_person("Birthe Andenbestyrelse")
    BoardMember.objects.create(
        board=other_plan.board, person=person, starts_on=other_plan.starts_on
    )
    return make_user("andenbestyrelse@example.org", person)


@pytest.fixture
def held_meeting(network):
    return make_meeting(
        network, title="Netværksmøde om familier", starts_at=timezone.now() - timedelta(days=7)
    )


@pytest.fixture
def board_meeting(plan) -> BoardMeeting:
    """Five weeks ahead: its deadline (14 days before) is three weeks ahead."""
    return BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=35))


@pytest.fixture
def later_board_meeting(plan) -> BoardMeeting:
    return BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=90))


@pytest.fixture
def past_board_meeting(plan) -> BoardMeeting:
    return BoardMeeting.objects.create(plan=plan, date=today() - timedelta(days=30))


@pytest.fixture
def todays_board_meeting(plan) -> BoardMeeting:
    """The board meets today and takes recommendations until today: what is submitted for
    it can be decided today."""
    return BoardMeeting.objects.create(
        plan=plan, date=today(), deadline=today(), title="Bestyrelsesmøde i dag"
    )


@pytest.fixture
def travel(monkeypatch):
    """travel(days): the clock (timezone.now, and so localdate) that many days ahead."""
    real_now = timezone.now

    def _travel(days: int) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=days))

    return _travel


# Drafted a month ago: before the held meeting (a week ago) that can adopt it.
DRAFTED_AGO = timedelta(days=30)


def make_recommendation(network, by=None, title="Flere timer til lektiecafé", **fields):
    """A draft, written straight to the database (no role needed), drafted a month ago
    unless `drafted_at` says when."""
    areas = fields.pop("housing_areas", ())
    drafted_at = fields.pop("drafted_at", timezone.now() - DRAFTED_AGO)
    recommendation = Recommendation.objects.create(
        network=network,
        title=title,
        background=fields.pop("background", "Mange børn mangler hjælp til lektier."),
        proposal=fields.pop("proposal", "Lektiecaféen åbner to dage mere om ugen."),
        consequence=fields.pop("consequence", "40.000 kr. om året fra puljen."),
        author=by,
        **fields,
    )
    recommendation.housing_areas.set(areas)
    Recommendation.objects.filter(pk=recommendation.pk).update(created_at=drafted_at)
    recommendation.created_at = drafted_at
    return recommendation


def put_in_state(recommendation, state, meeting=None, board_meeting=None):
    """Give the recommendation `state` as if it had got there by its moves."""
    recommendation.state = state
    if state != State.DRAFT and meeting is not None:
        recommendation.adopted_at_meeting = meeting
    if state in (State.SUBMITTED, State.POSTPONED, State.APPROVED, State.REJECTED):
        recommendation.board_meeting = board_meeting
    recommendation.save()
    return recommendation


@pytest.fixture
def recommendation(network, coordinator):
    return make_recommendation(network, by=coordinator)


def adopt(recommendation, by, meeting):
    return services.transition(recommendation, State.ADOPTED, by=by, meeting=meeting)


def make_agreement(plan, title="PPR i lektiecaféen", by=None) -> CofinancingAgreement:
    """Active for the plan's years, with amounts for the first two years."""
    from ressourcenet.people.models import Organisation

    effort = Effort.objects.get_or_create(plan=plan, name="Uddannelse")[0]
    project = Project.objects.get_or_create(effort=effort, name="Lektiecafé")[0]
    agreement = CofinancingAgreement(
        plan=plan,
        project=project,
        organisation=Organisation.objects.get_or_create(name="Testby Kommune")[0],
        title=title,
        status=CofinancingAgreement.Status.ACTIVE,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    first = plan.starts_on.year
    agreements.create_cofinancing(
        agreement,
        amounts=[Amount(first, 100_000, 200), Amount(first + 1, 120_000, 0)],
        by=by,
    )
    return agreement


@pytest.fixture
def agreement(plan) -> CofinancingAgreement:
    return make_agreement(plan)


@pytest.fixture
def foreign_agreement(other_plan) -> CofinancingAgreement:
    return make_agreement(other_plan, title="Andetbys aftale")


@pytest.fixture
def change(network, coordinator, agreement) -> Recommendation:
    """A draft that raises the agreement's second year and adds the third."""
    recommendation = make_recommendation(
        network,
        by=coordinator,
        title="Flere penge til PPR i lektiecaféen",
        kind=Recommendation.Kind.COFINANCING_CHANGE,
        agreement=agreement,
    )
    first = network.plan.starts_on.year
    ProposedAmount.objects.bulk_create(
        [
            ProposedAmount(recommendation=recommendation, year=first + 1, money=150_000, hours=40),
            ProposedAmount(recommendation=recommendation, year=first + 2, money=90_000, hours=0),
        ]
    )
    return recommendation
