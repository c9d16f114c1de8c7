"""Who may do what, per role: the rules the pages and the API share."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ressourcenet.accounts import permissions
from ressourcenet.conftest import make_person, make_user
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import BoardMember, LocalSteeringGroup

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider", "anonymous"]


@pytest.fixture
def anonymous():
    return None


def user_for(request, role):
    return request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", True),
        ("coordinator", True),
        ("member", True),
        ("board_member", True),
        ("editor", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_may_see_people(request, role, expected, plan, network):
    assert permissions.can_see_people(user_for(request, role), plan) is expected
    assert permissions.can_see_members(user_for(request, role), network) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", True),
        ("coordinator", True),
        ("member", False),
        ("board_member", False),
        ("editor", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_may_manage_the_network_and_add_people(request, role, expected, plan, network):
    user = user_for(request, role)

    assert permissions.can_manage_network(user, network) is expected
    assert permissions.can_add_people(user, plan) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", True),
        ("coordinator", True),
        ("member", False),
        ("board_member", False),
        ("editor", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_sees_a_volunteers_contact_details(request, role, expected, plan, volunteer):
    assert permissions.can_see_contact_details(user_for(request, role), volunteer, plan) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", True),
        ("member", True),
        ("board_member", True),
        ("editor", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_sees_a_coordinators_contact_details(request, role, expected, plan, coordinator):
    person = coordinator.person

    assert permissions.can_see_contact_details(user_for(request, role), person, plan) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", True),
        ("coordinator", True),
        ("member", False),
        ("board_member", False),
        ("editor", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_may_edit_a_network_member(request, role, expected, plan, volunteer):
    assert permissions.can_edit_person(user_for(request, role), volunteer, plan) is expected


def test_coordinator_cannot_manage_other_network(coordinator, network, other_network):
    assert permissions.can_manage_network(coordinator, network)
    assert not permissions.can_manage_network(coordinator, other_network)


def test_coordinator_sees_contact_details_of_own_network_members(coordinator, plan, volunteer):
    assert permissions.can_see_contact_details(coordinator, volunteer, plan)


def test_coordinator_does_not_see_contact_details_in_other_network(
    coordinator, plan, other_network
):
    jens = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=jens, starts_on=date(2025, 1, 1))

    assert not permissions.can_see_contact_details(coordinator, jens, plan)
    assert not permissions.can_edit_person(coordinator, jens, plan)


def test_coordinator_edits_newcomers_but_not_board_or_steering_group_members(
    coordinator, plan, board_member
):
    newcomer = make_person("Nina Ny", created_by=coordinator)
    steering = make_person("Sten Styregruppe", created_by=coordinator)
    group = LocalSteeringGroup.objects.create(area=plan.areas.first(), name="Styregruppe")
    group.members.add(steering)

    assert permissions.can_edit_person(coordinator, newcomer, plan)
    assert not permissions.can_edit_person(coordinator, board_member.person, plan)
    assert not permissions.can_edit_person(coordinator, steering, plan)


def test_everyone_sees_their_own_page_and_contact_details(plan, network):
    loner = make_person("Lone Ensom")
    user = make_user("lone@example.org", loner)

    assert permissions.can_see_person(user, loner, plan)
    assert permissions.can_see_contact_details(user, loner, plan)
    assert not permissions.can_see_people(user, plan)


def test_ended_membership_gives_no_role(member, network, plan):
    member.person.memberships.update(ends_on=timezone.localdate() - timedelta(days=1))

    assert not permissions.can_see_people(member, plan)
    assert permissions.roles_of(member).member_of == frozenset()


def test_planned_membership_gives_no_role_yet(plan, network):
    person = make_person("Fremtidig Frede")
    tomorrow = timezone.localdate() + timedelta(days=1)
    Membership.objects.create(network=network, person=person, starts_on=tomorrow)

    assert not permissions.can_see_people(make_user("frede@example.org", person), plan)


def test_ended_coordinator_role_no_longer_manages(coordinator, network):
    coordinator.person.memberships.update(ends_on=timezone.localdate() - timedelta(days=1))

    assert not permissions.can_manage_network(coordinator, network)


def test_ended_board_seat_no_longer_sees_people(board_member, plan):
    board_member.person.board_seats.update(ends_on=timezone.localdate() - timedelta(days=1))

    assert not permissions.can_see_people(board_member, plan)


def test_inactive_user_has_no_roles(admin_user, plan):
    admin_user.is_active = False

    assert permissions.roles_of(admin_user) == permissions.ANONYMOUS
    assert not permissions.can_see_people(admin_user, plan)


def test_roles_are_computed_once_per_request(member, plan, django_assert_num_queries):
    assert permissions.can_see_people(member, plan)
    with django_assert_num_queries(0):
        assert permissions.can_see_people(member, plan)


def test_roles_of_a_coordinator(coordinator, network, plan):
    roles = permissions.roles_of(coordinator)

    assert roles.coordinator_of == {network.pk}
    assert roles.member_of == {network.pk}
    assert roles.plans_as_coordinator == {plan.pk}
    assert roles.plans_on_board == frozenset()
    assert not roles.is_administrator and not roles.is_editor


def test_managed_networks_match_can_manage_network(
    admin_user, coordinator, member, plan, network, other_network
):
    for user in (admin_user, coordinator, member):
        managed = set(permissions.managed_networks(user, plan))
        assert managed == {
            n for n in (network, other_network) if permissions.can_manage_network(user, n)
        }
    assert set(permissions.managed_networks(coordinator, plan)) == {network}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", False),
        ("coordinator", False),
        ("member", False),
        ("board_member", False),
        ("editor", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_is_only_an_editor(request, role, expected, plan, network):
    assert permissions.is_only_editor(user_for(request, role)) is expected


def test_an_editor_with_a_seat_on_the_board_is_not_only_an_editor(plan, editor):
    person = make_person("Rita Redaktør", email="rita@example.org", user=editor)
    BoardMember.objects.create(board=plan.board, person=person, starts_on=plan.starts_on)

    assert permissions.is_only_editor(editor) is False
