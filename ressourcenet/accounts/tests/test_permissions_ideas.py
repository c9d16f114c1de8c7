"""Who may see, add, edit and change the status of ideas: per role, and per idea of the
coordinator's own network, another network of the plan, and a network of another plan."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.accounts import permissions
from ressourcenet.conftest import make_person, make_user
from ressourcenet.knowledge.models import Idea
from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import Plan

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider", "anonymous"]
IDEAS = ["own", "other_network", "other_plan"]


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def far_network(db) -> Network:
    """The one network of another plan."""
    today = timezone.localdate()
    plan = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=400),
    )
    return Network.objects.create(plan=plan, name="Andenet", slug="ande")


@pytest.fixture
def ideas(network, other_network, far_network, member) -> dict[str, Idea]:
    """The idea of the other network is the member's own: they are its owner."""
    return {
        "own": make_idea(network, "Madklub"),
        "other_network": make_idea(other_network, "Jobcafé", owner=member.person),
        "other_plan": make_idea(far_network, "Andemad"),
    }


def networks_of(ideas: dict[str, Idea]) -> dict[str, Network]:
    return {key: idea.network for key, idea in ideas.items()}


SEES = {
    "admin_user": set(IDEAS),
    "coordinator": {"own", "other_network"},
    "member": {"own", "other_network"},
    "board_member": {"own", "other_network"},
    "editor": set(),
    "outsider": set(),
    "anonymous": set(),
}
ADDS_TO = {
    "admin_user": set(IDEAS),
    "coordinator": {"own"},
    "member": {"own"},
    "board_member": set(),
    "editor": set(),
    "outsider": set(),
    "anonymous": set(),
}
CHANGES = {
    "admin_user": set(IDEAS),
    "coordinator": {"own"},
    "member": {"other_network"},  # as its owner, not as a member
    "board_member": set(),
    "editor": set(),
    "outsider": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_ideas(request, ideas, role):
    user = request.getfixturevalue(role)

    seen = {key for key, idea in ideas.items() if permissions.can_see_idea(user, idea)}
    listed = set(permissions.visible_ideas(user, Idea.objects.all()).values_list("pk", flat=True))

    assert seen == SEES[role] | CHANGES[role]
    assert listed == {ideas[key].pk for key in seen}
    catalogues = {
        k for k, n in networks_of(ideas).items() if permissions.can_see_ideas(user, n.plan)
    }
    assert catalogues == SEES[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_adds_ideas_to_which_network(request, ideas, role):
    user = request.getfixturevalue(role)
    networks = networks_of(ideas)

    allowed = {key for key, network in networks.items() if permissions.can_add_idea(user, network)}
    offered = {
        key
        for key, network in networks.items()
        if permissions.idea_networks(user, network.plan).filter(pk=network.pk).exists()
    }

    assert allowed == ADDS_TO[role]
    assert offered == ADDS_TO[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_and_changes_the_status_of_which_idea(request, ideas, role):
    user = request.getfixturevalue(role)

    allowed = {key for key, idea in ideas.items() if permissions.can_change_idea(user, idea)}

    assert allowed == CHANGES[role]


def test_the_coordinator_of_the_other_network_changes_its_ideas_only(ideas, other_network):
    ole = make_person("Ole Anden")
    Membership.objects.create(
        network=other_network,
        person=ole,
        role=Membership.Role.COORDINATOR,
        starts_on=timezone.localdate() - timedelta(days=1),
    )
    user = make_user("ole@example.org", ole)

    assert not permissions.can_change_idea(user, ideas["own"])
    assert permissions.can_change_idea(user, ideas["other_network"])
    assert not permissions.can_change_idea(user, ideas["other_plan"])


def test_a_membership_that_ended_no_longer_lets_one_add_ideas(network, member):
    membership = Membership.objects.get(person=member.person)
    membership.ends_on = timezone.localdate()
    membership.save()
    member = type(member).objects.get(pk=member.pk)  # roles are read once per user object

    assert not permissions.can_add_idea(member, network)
    assert not permissions.can_see_ideas(member, network.plan)


def test_an_owner_outside_the_plans_circle_sees_and_changes_their_own_idea(network):
    guest = make_person("Gert Gæst")
    user = make_user("gert@example.org", guest)
    theirs = make_idea(network, "Gerts idé")
    Idea.objects.filter(pk=theirs.pk).update(owner=guest)
    theirs.refresh_from_db()

    assert not permissions.can_see_ideas(user, network.plan)
    assert permissions.can_see_idea(user, theirs)
    assert permissions.can_change_idea(user, theirs)
    assert list(permissions.visible_ideas(user, Idea.objects.all())) == [theirs]
