"""The dashboard's figures on a small hand-made network, exactly; and the drawing."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ressourcenet.conftest import make_person
from ressourcenet.evaluation import services
from ressourcenet.evaluation.dashboard import as_json, page_context
from ressourcenet.evaluation.health import health_of, quarter_label, quarter_of
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.tests.conftest import make_meeting
from ressourcenet.people.models import Organisation, StakeholderGroup, Unit


@pytest.fixture(autouse=True)
def _in_english():
    """The labels as in the source, whatever the catalog says."""
    with translation.override("en"):
        yield


def invite(meeting, person, came):
    return Invitation.objects.create(meeting=meeting, person=person, attended=came)


@pytest.fixture
def history(network, other_network, plan, municipality):
    """Meeting A (200 days ago) and B (30 days ago) of the network, in two quarters.

    Kim and Kaj (the municipality), Bo (a housing organisation), Vera and Villy (volunteers
    without an organisation). A: Kim, Bo, Kaj came, Villy did not. B: Kim and Vera came,
    Bo did not. Three answered A, two answered B."""
    north, south = plan.areas.get(name="Nordparken"), plan.areas.get(name="Sydparken")
    housing = Organisation.objects.create(
        name="Testby Boligselskab", kind=Organisation.Kind.HOUSING_ORGANISATION
    )
    kim = make_person("Kim", organisation=municipality, housing_area=north)
    kaj = make_person(
        "Kaj", StakeholderGroup.PROFESSIONAL_MANAGEMENT, organisation=municipality,
        housing_area=south,
    )  # fmt: skip
    bo = make_person(
        "Bo", StakeholderGroup.RESIDENT_BOARD, organisation=housing, housing_area=south
    )
    vera = make_person("Vera", StakeholderGroup.VOLUNTEER, housing_area=north)
    villy = make_person("Villy", StakeholderGroup.VOLUNTEER)
    now = timezone.now()
    a = make_meeting(network, title="A", starts_at=now - timedelta(days=200))
    b = make_meeting(network, title="B", starts_at=now - timedelta(days=30))
    kim_a, bo_a, kaj_a = invite(a, kim, True), invite(a, bo, True), invite(a, kaj, True)
    invite(a, villy, False)
    kim_b, vera_b = invite(b, kim, True), invite(b, vera, True)
    invite(b, bo, False)
    # Both evaluations have closed: the answers were given in time.
    services.save(kim_a, 5, 4, "Mere kaffe")
    services.save(bo_a, 4, 4, "")
    services.save(kaj_a, 3, 2, "bedre lyd")
    services.save(kim_b, 4, 5, "Kortere oplæg")
    services.save(vera_b, 2, 3, "")
    # Not counted: a cancelled meeting, one ahead, and another network's.
    cancelled = make_meeting(network, title="Aflyst", starts_at=now - timedelta(days=20))
    cancelled.cancelled_at = now
    cancelled.save()
    invite(cancelled, vera, True)
    invite(make_meeting(network, title="Næste"), kim, None)
    invite(make_meeting(other_network, title="Andet", starts_at=now - timedelta(days=5)), bo, True)
    return a, b


def test_the_figures_of_a_small_network(network, history):
    a, b = history
    health = health_of(network.meetings.all(), with_suggestions=True)
    qa, qb = (quarter_label(*quarter_of(m.starts_at)) for m in (a, b))
    assert qa != qb and health.quarters == [qa, qb]
    assert (health.held, health.invited, health.came, health.share_percent) == (2, 7, 5, 71)
    first, second = health.meetings
    assert (first.title, first.invited, first.came, first.share_percent) == ("A", 4, 3, 75)
    assert (first.newcomers, first.returning) == (3, 0)
    assert (second.title, second.invited, second.came, second.share_percent) == ("B", 3, 2, 67)
    assert (second.newcomers, second.returning) == (1, 1)
    assert (first.answers, first.relevance, first.time_well_spent) == (3, 4.0, 3.3)
    # Two answers: too few to show anything without coming close to one person's answer.
    assert (second.answers, second.relevance, second.time_well_spent) == (None, None, None)
    assert second.too_few_answers and health.answers == 3
    groups = dict(health.by_group)
    assert groups == {
        "Professional, management": [1, 0],
        "Professional, staff": [1, 1],
        "Resident board": [1, 0],
        "Volunteer": [0, 1],
    }
    assert dict(health.by_area) == {"Nordparken": [1, 2], "Sydparken": [2, 0]}
    ties = [(t.a, t.b, t.meetings, t.first_quarter, t.last_quarter) for t in health.ties]
    assert ties == [
        ("Testby Boligselskab", "Testby Kommune", 1, qa, qa),
        ("Testby Kommune", "Volunteer (no organisation)", 1, qb, qb),
    ]
    assert [(q.pairs, q.new) for q in health.ties_by_quarter] == [(1, 1), (1, 1)]
    # Without names, in the order of their text (not of time or person); none from B,
    # with too few answers.
    assert [(m.title, texts) for m, texts in health.suggestions] == [
        ("A", ["bedre lyd", "Mere kaffe"]),
    ]


def test_ties_count_every_meeting_a_pair_shares(network, history, municipality):
    a, b = history
    bo = a.invitations.get(person__name="Bo")
    Invitation.objects.filter(meeting=b, person=bo.person).update(attended=True)
    health = health_of(network.meetings.all())
    ties = {(t.a, t.b): t.meetings for t in health.ties}
    assert ties[("Testby Boligselskab", "Testby Kommune")] == 2
    assert [(q.pairs, q.new) for q in health.ties_by_quarter] == [(1, 1), (3, 2)]
    assert health.suggestions == []  # not asked for


def test_the_drawing_is_the_same_every_time_and_tells_without_colour(network, history):
    first = page_context(health_of(network.meetings.all()), with_network=False)
    second = page_context(health_of(network.meetings.all()), with_network=False)
    assert str(first["charts"]["ties"]["svg"]) == str(second["charts"]["ties"]["svg"])
    for name, drawn in first["charts"].items():
        svg = str(drawn["svg"])
        assert "<title id=" in svg and "<desc id=" in svg, name
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", ""), name
    assert "Testby Kommune" in str(first["charts"]["ties"]["svg"])
    assert "75 %" in str(first["charts"]["share"]["svg"])
    assert "hatch" in str(first["charts"]["people"]["svg"])


def test_the_api_figures(network, history):
    figures = as_json(health_of(network.meetings.all(), True), with_suggestions=True)
    assert (figures["meetings_held"], figures["came"], figures["share_came"]) == (2, 5, 0.714)
    assert figures["meetings"][0]["relevance"] == 4.0
    assert figures["suggestions"][0]["texts"] == ["bedre lyd", "Mere kaffe"]
    assert as_json(health_of(network.meetings.all()), with_suggestions=False)["suggestions"] is None


def test_a_network_without_held_meetings(network):
    health = health_of(network.meetings.all(), True)
    assert (health.held, health.share_percent, health.ties, health.layout) == (0, None, [], [])


def shift_back(meeting, days: int) -> None:
    meeting.starts_at -= timedelta(days=days)
    meeting.ends_at -= timedelta(days=days)
    meeting.save()


@pytest.fixture
def four_answered(network):
    """A meeting held three days ago; four of those who came have answered."""
    meeting = make_meeting(network, title="C", starts_at=timezone.now() - timedelta(days=3))
    for number, rating in enumerate((5, 4, 2, 3)):
        invitation = invite(meeting, make_person(f"Svar {number}"), True)
        services.submit(invitation, rating, rating, f"Forslag {number}")
    return meeting


def test_nothing_about_the_answers_shows_while_the_evaluation_is_open(network, four_answered):
    """Figures that moved with each answer would tell each answer (7 x 3.7 - 6 x 4.2)."""
    health = health_of(network.meetings.all(), with_suggestions=True)
    (meeting,) = health.meetings
    assert not meeting.evaluation_closed and not meeting.too_few_answers
    assert (meeting.answers, meeting.relevance, meeting.time_well_spent) == (None, None, None)
    assert (health.answers, health.suggestions) == (0, [])
    figures = as_json(health, with_suggestions=True)
    assert figures["answers"] == 0 and figures["suggestions"] == []
    assert (figures["meetings"][0]["answers"], figures["meetings"][0]["relevance"]) == (None, None)
    assert "chart-ratings" not in str(page_context(health, with_network=False)["charts"])
    # Once the window is over, all of it shows at once.
    shift_back(four_answered, services.EVALUATION_DAYS)
    health = health_of(network.meetings.all(), with_suggestions=True)
    (meeting,) = health.meetings
    assert meeting.evaluation_closed
    assert (meeting.answers, meeting.relevance, meeting.time_well_spent) == (4, 3.5, 3.5)
    assert health.suggestions[0][1] == [f"Forslag {n}" for n in range(4)]


def test_the_answers_count_whoever_is_unticked_later(network, four_answered):
    """The count and the averages are the answers given, not those of who is ticked now."""
    shift_back(four_answered, services.EVALUATION_DAYS + 1)
    four_answered.invitations.filter(person__name="Svar 0").update(attended=False)
    (meeting,) = health_of(network.meetings.all()).meetings
    assert (meeting.answers, meeting.relevance, meeting.came) == (4, 3.5, 3)


def test_a_municipalitys_units_are_parties_of_their_own(network, municipality, ppr):
    """PPR and the job centre meeting is a cross-sector tie, not the municipality with
    itself; a person without a unit counts as their organisation."""
    jobs = Unit.objects.create(organisation=municipality, name="Jobcenter")
    meeting = make_meeting(network, title="D", starts_at=timezone.now() - timedelta(days=40))
    invite(meeting, make_person("Pia", organisation=municipality, unit=ppr), True)
    invite(meeting, make_person("Jon", organisation=municipality, unit=jobs), True)
    invite(meeting, make_person("Kim", organisation=municipality), True)
    health = health_of(network.meetings.all())
    assert sorted((t.a, t.b) for t in health.ties) == [
        ("Jobcenter, Testby Kommune", "PPR, Testby Kommune"),
        ("Jobcenter, Testby Kommune", "Testby Kommune"),
        ("PPR, Testby Kommune", "Testby Kommune"),
    ]


def test_the_figures_per_meeting_show_the_newest_and_the_totals_all(network, history):
    a, b = history  # a before b
    health = health_of(network.meetings.all())
    newest = page_context(health, with_network=False, shown=1)
    assert [m.title for m in newest["shown_meetings"]] == [b.title]
    assert not newest["all_meetings_shown"]
    assert newest["health"].held == 2  # the totals are of every meeting
    every = page_context(health, with_network=False, shown=None)
    assert [m.title for m in every["shown_meetings"]] == [a.title, b.title]
    assert every["all_meetings_shown"]


def test_returning_counts_only_earlier_held_meetings_of_the_same_network(
    network, other_network, plan
):
    """Counted in the database (health.load_rows): a meeting of another network, a
    cancelled one or a later one does not make a returning participant; of two meetings
    at the same time, the one made first counts as earlier."""
    now = timezone.now()
    ole, ida, eva = (make_person(name) for name in ("Ole", "Ida", "Eva"))
    other = make_meeting(other_network, title="Andet", starts_at=now - timedelta(days=90))
    cancelled = make_meeting(network, title="Aflyst", starts_at=now - timedelta(days=80))
    cancelled.cancelled_at = now
    cancelled.save()
    first = make_meeting(network, title="Første", starts_at=now - timedelta(days=60))
    same_time = make_meeting(network, title="Samtidig", starts_at=first.starts_at)
    last = make_meeting(network, title="Sidste", starts_at=now - timedelta(days=10))
    invite(other, ole, True)
    invite(cancelled, ida, True)
    invite(first, ole, True)
    invite(first, ida, True)
    invite(first, eva, False)
    invite(same_time, ole, True)
    invite(same_time, eva, True)
    invite(last, ole, True)
    invite(last, ida, None)
    invite(last, eva, True)
    for meetings in (network.meetings.all(), plan_meetings(plan)):
        health = health_of(meetings)
        figures = {m.title: (m.newcomers, m.returning) for m in health.meetings}
        assert figures["Første"] == (2, 0)
        assert figures["Samtidig"] == (1, 1)
        assert figures["Sidste"] == (0, 2)
    assert {m.title: m.newcomers for m in health_of(plan_meetings(plan)).meetings}["Andet"] == 1


def plan_meetings(plan):
    return Meeting.objects.filter(network__plan=plan)
