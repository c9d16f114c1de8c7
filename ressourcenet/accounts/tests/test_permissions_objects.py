"""Who may edit a person and see their contact details: per role and per kind of tie."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.accounts import permissions
from ressourcenet.accounts.tests.cast import OTHERS, build_cast
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services as meeting_services
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember, LocalSteeringGroup

PEOPLE = ["own_member", *OTHERS]


@pytest.fixture
def cast(plan, network, other_network, admin_user, coordinator):
    return build_cast(plan, network, other_network, admin_user)


@pytest.fixture
def anonymous():
    return None


def loaded(person: Person) -> Person:
    """The person as list pages load them, with what the rules read prefetched."""
    return Person.objects.prefetch_related(*permissions.contact_prefetches()).get(pk=person.pk)


def user_of(request, cast, role: str):
    if role == "other_coordinator":
        return cast.other_coordinator
    return request.getfixturevalue(role)


# Which of PEOPLE each role may edit; contact details follow the same rows here.
MAY_EDIT = {
    "admin_user": set(PEOPLE),
    "coordinator": {"own_member"},
    "other_coordinator": {"other_member", "guest_of_other"},
    "member": set(),
    "board_member": set(),
    "editor": set(),
    "outsider": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("role", list(MAY_EDIT))
def test_who_may_edit_and_see_the_contact_details_of_whom(request, cast, plan, role, who):
    user = user_of(request, cast, role)
    person = getattr(cast, who)
    expected = who in MAY_EDIT[role]

    assert permissions.can_edit_person(user, person, plan) is expected
    assert permissions.can_edit_person(user, loaded(person), plan) is expected
    assert permissions.can_see_contact_details(user, loaded(person), plan) is expected


@pytest.mark.parametrize("who", OTHERS)
def test_inviting_someone_as_a_guest_gives_the_coordinator_no_rights(cast, coordinator, plan, who):
    person = getattr(cast, who)

    invitation = meeting_services.invite_guest(
        cast.own_meeting, "Et andet navn", person.email.upper(), by=coordinator
    )

    assert invitation.person == person
    assert Person.objects.filter(email__iexact=person.email).count() == 1
    assert not permissions.can_edit_person(coordinator, loaded(person), plan)
    assert not permissions.can_see_contact_details(coordinator, loaded(person), plan)
    person.refresh_from_db()
    assert person.name != "Et andet navn"


def test_a_coordinator_edits_their_own_guest_until_another_network_invites_them(
    cast, coordinator, plan
):
    guest = meeting_services.invite_guest(
        cast.own_meeting, "Gitte Gæst", "gitte@example.org", by=coordinator
    ).person
    assert guest.created_by == coordinator
    assert permissions.can_edit_person(coordinator, loaded(guest), plan)

    meeting_services.invite_guest(
        cast.other_meeting, "Gitte", "gitte@example.org", by=cast.other_coordinator
    )

    # Shared by two networks now: the secretariat looks after her, as for any shared person.
    assert not permissions.can_edit_person(coordinator, loaded(guest), plan)
    assert not permissions.can_edit_person(cast.other_coordinator, loaded(guest), plan)


def test_a_person_with_a_login_is_edited_only_by_themselves_and_administrators(
    admin_user, coordinator, member, plan
):
    """Mads is a member of the coordinator's network only, but has a login."""
    mads = member.person

    assert not permissions.can_edit_person(coordinator, loaded(mads), plan)
    assert permissions.can_see_contact_details(coordinator, loaded(mads), plan)
    assert permissions.can_edit_person(member, mads, plan)
    assert permissions.can_edit_person(admin_user, mads, plan)


def test_a_person_in_no_network_is_not_new_for_every_coordinator(coordinator, plan, cast):
    nobody_made = make_person("Nils Ingen")
    made_by_other = make_person("Nanna Anden", created_by=cast.other_coordinator)
    made_by_me = make_person("Nina Ny", created_by=coordinator)

    assert not permissions.can_edit_person(coordinator, nobody_made, plan)
    assert not permissions.can_edit_person(coordinator, made_by_other, plan)
    assert permissions.can_edit_person(coordinator, made_by_me, plan)
    assert not permissions.can_see_contact_details(coordinator, loaded(nobody_made), plan)


def test_a_member_of_the_coordinators_network_who_is_also_elsewhere_is_not_theirs_to_edit(
    coordinator, network, other_network, plan
):
    since = timezone.localdate() - timedelta(days=5)
    both = make_person("Bo Begge", created_by=coordinator)
    Membership.objects.create(network=network, person=both, starts_on=since)
    Membership.objects.create(
        network=other_network, person=both, starts_on=timezone.localdate() + timedelta(days=20)
    )

    assert not permissions.can_edit_person(coordinator, loaded(both), plan)
    # A member of the coordinator's network today: a contact point needs the address.
    assert permissions.can_see_contact_details(coordinator, loaded(both), plan)


def test_a_board_seat_or_steering_group_closes_even_the_coordinators_own_member(
    coordinator, network, plan
):
    since = timezone.localdate() - timedelta(days=5)
    seated = make_person("Sif Sæde")
    steering = make_person("Sten Styregruppe")
    for person in (seated, steering):
        Membership.objects.create(network=network, person=person, starts_on=since)
    BoardMember.objects.create(board=plan.board, person=seated, starts_on=since)
    group = LocalSteeringGroup.objects.create(area=plan.areas.first(), name="Styregruppe")
    group.members.add(steering)

    assert not permissions.can_edit_person(coordinator, loaded(seated), plan)
    assert not permissions.can_edit_person(coordinator, loaded(steering), plan)


def test_an_ended_membership_elsewhere_ties_no_one(coordinator, network, other_network, plan):
    long_ago = timezone.localdate() - timedelta(days=400)
    person = make_person("Frede Fhv")
    Membership.objects.create(
        network=other_network, person=person, starts_on=long_ago, ends_on=long_ago.replace(day=1)
    )
    Membership.objects.create(network=network, person=person, starts_on=timezone.localdate())

    assert permissions.can_edit_person(coordinator, loaded(person), plan)


def test_the_query_and_the_rule_agree_on_everyone(cast, coordinator, member, network, plan):
    make_person("Nina Ny", created_by=coordinator)
    make_person("Nils Ingen")
    for user in (coordinator, cast.other_coordinator, member):
        by_query = set(permissions.coordinators_people(user))
        by_rule = {
            person
            for person in Person.objects.prefetch_related(*permissions.contact_prefetches())
            if permissions._belongs_to_coordinator(permissions.roles_of(user), person)
        }
        assert by_query == by_rule
    assert {p.name for p in permissions.coordinators_people(coordinator)} == {
        "Karen Koordinator",
        "Mads Medlem",
        "Oda Egen",
        "Nina Ny",
    }
