"""Ideas for the tests: a held meeting of the coordinator's network, and ideas made
through the service, as the pages make them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea
from ressourcenet.meetings.tests.conftest import make_meeting

HTMX = {"HTTP_HX_REQUEST": "true"}
# Those who see the catalogue, and those who do not (logged in, without a role in the plan).
MAY_SEE = ["admin_user", "coordinator", "member", "board_member"]
MAY_NOT_SEE = ["editor", "outsider"]


def make_idea(network, title: str = "Fællesspisning hver måned", by=None, **fields) -> Idea:
    areas = fields.pop("housing_areas", ())
    tags = fields.pop("tags", ())
    idea = Idea(network=network, title=title, **fields)
    return services.create_idea(idea, housing_areas=areas, tags=tags, by=by)


@pytest.fixture
def held_meeting(network):
    """A meeting of the coordinator's network, held a week ago, that planned ideas."""
    starts_at = timezone.now() - timedelta(days=7)
    return make_meeting(
        network, title="Værksted om madklub", starts_at=starts_at, capture=["ideas"]
    )


@pytest.fixture
def meeting_ahead(network):
    """A meeting of the coordinator's network ten days ahead: it has produced nothing yet."""
    return make_meeting(network, title="Næste værksted")


@pytest.fixture
def idea(network, plan, coordinator):
    """A new idea of the coordinator's network, owned by no one, in Nordparken."""
    return make_idea(
        network,
        "Madklub for familier",
        by=coordinator,
        description="Familier laver mad sammen en gang om måneden.",
        housing_areas=[plan.areas.get(name="Nordparken")],
        tags=["Mad", "familier"],
    )


@pytest.fixture
def other_idea(other_network):
    """An idea of the other network in the same plan."""
    return make_idea(other_network, "Jobcafé i beboerhuset")


# --- summaries ---------------------------------------------------------------------------


@pytest.fixture
def note_taker(network, plan):
    """A member of the network who holds the note-taker role at `summary_meeting`."""
    from ressourcenet.conftest import make_person, make_user
    from ressourcenet.networks.models import Membership

    person = make_person("Nina Noter")
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    return make_user("noter@example.org", person)


@pytest.fixture
def summary_meeting(network, member, volunteer, note_taker):
    """A meeting held three days ago: the member and the volunteer came, Ole did not;
    Nina took the notes."""
    from ressourcenet.conftest import make_person
    from ressourcenet.meetings.models import Invitation, MeetingRole

    meeting = make_meeting(
        network,
        title="Fællesmøde om haven",
        starts_at=timezone.now() - timedelta(days=3),
        capture=["summary"],
    )
    absent = make_person("Ole Udeblevet")
    for person, came in [(member.person, True), (volunteer, True), (absent, False)]:
        Invitation.objects.create(meeting=meeting, person=person, attended=came)
    MeetingRole.objects.create(
        meeting=meeting, person=note_taker.person, role=MeetingRole.Role.NOTE_TAKER
    )
    return meeting


def invitation_of(meeting, person):
    return meeting.invitations.get(person=person)


@pytest.fixture
def draft(summary_meeting, note_taker):
    from ressourcenet.knowledge import summaries

    return summaries.save_draft(
        summary_meeting, "# Referat\n\nVi aftalte at plante **krydderurter**.", by=note_taker
    )


@pytest.fixture
def open_summary(draft):
    from ressourcenet.knowledge import summaries

    summaries.open_and_send(draft)
    draft.refresh_from_db()
    return draft


# --- experiences -------------------------------------------------------------------------


def make_experience(plan, activity: str = "Lektiecafé", author=None, **fields):
    from ressourcenet.knowledge import experiences
    from ressourcenet.knowledge.models import Experience

    fields.setdefault("worked", "Børnene kom, når der var frugt på bordet.")
    experience = Experience(plan=plan, activity=activity, **fields)
    return experiences.create_experience(experience, author)


@pytest.fixture
def steering_member(plan):
    """A resident in Nordparken's local steering group, with a login and no network."""
    from ressourcenet.conftest import make_person, make_user
    from ressourcenet.plans.models import LocalSteeringGroup

    person = make_person("Sofie Styregruppe")
    group = LocalSteeringGroup.objects.create(
        area=plan.areas.get(name="Nordparken"), name="Styregruppen i Nordparken"
    )
    group.members.add(person)
    return make_user("styregruppe@example.org", person)


@pytest.fixture
def experience(plan, network, member):
    """The member's experience with the homework café in Nordparken, in the network."""
    return make_experience(
        plan,
        "Lektiecafé",
        author=member.person,
        housing_area=plan.areas.get(name="Nordparken"),
        network=network,
        did_not_work="Om fredagen kom ingen.",
    )


@pytest.fixture
def public_experience(plan, other_network, volunteer):
    """Vera's public experience with the shared dinners, for the whole plan."""
    return make_experience(
        plan,
        "Fællesspisning",
        author=volunteer,
        network=other_network,
        worked="Beboerne lavede maden på skift.",
        public=True,
    )


@pytest.fixture
def other_plan_member(db):
    """A member of a network in another plan, who has no role in ours."""
    from datetime import date

    from ressourcenet.conftest import make_person, make_user
    from ressourcenet.networks.models import Membership, Network
    from ressourcenet.plans.models import Plan

    plan = Plan.objects.create(
        name="Helhedsplan Andetsted",
        slug="andetsted",
        municipality="Andetsted",
        starts_on=date(2020, 1, 1),
        ends_on=date(2099, 12, 31),
    )
    network = Network.objects.create(plan=plan, name="Netværk for unge", slug="unge")
    person = make_person("Anders Andetsted")
    Membership.objects.create(network=network, person=person, starts_on=date(2020, 1, 1))
    return make_user("anders@example.org", person)


@pytest.fixture
def foreign_effort(other_plan_member):
    """An effort of the other plan."""
    from ressourcenet.plans.models import Effort

    other_plan = other_plan_member.person.memberships.get().network.plan
    return Effort.objects.create(plan=other_plan, name="Andetsteds indsats")
