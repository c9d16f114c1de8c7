"""Guests, former members and other plans: contact details stay with those who need them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.accounts import permissions
from ressourcenet.conftest import make_person, make_user
from ressourcenet.meetings import services
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import Plan


def loaded(person: Person) -> Person:
    """The person as list pages load them, with what the rules read prefetched."""
    return Person.objects.prefetch_related(*permissions.contact_prefetches()).get(pk=person.pk)


@pytest.fixture
def meeting(network) -> Meeting:
    start = timezone.now() + timedelta(days=10)
    return Meeting.objects.create(
        network=network, title="Temamøde", starts_at=start, ends_at=start + timedelta(hours=2)
    )


@pytest.fixture
def guest(meeting, coordinator) -> Person:
    invitation = services.invite_guest(
        meeting, "Gitte Gæst", "gitte@example.org", "Foreningen", by=coordinator
    )
    return invitation.person


@pytest.fixture
def other_coordinator(other_network) -> object:
    person = make_person("Ole Anden", email="ole@example.org")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=date(2025, 1, 1),
    )
    return make_user("ole@example.org", person)


@pytest.fixture
def second_plan(db) -> Plan:
    return Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
    )


def test_the_inviting_coordinator_sees_and_edits_the_guest(coordinator, guest, plan):
    person = loaded(guest)
    assert permissions.can_see_contact_details(coordinator, person, plan)
    assert permissions.can_edit_person(coordinator, person, plan)


def test_another_networks_coordinator_neither_sees_nor_edits_the_guest(
    other_coordinator, guest, plan
):
    person = loaded(guest)
    assert not permissions.can_see_contact_details(other_coordinator, person, plan)
    assert not permissions.can_edit_person(other_coordinator, person, plan)


def test_a_guest_is_listed_only_in_the_plan_that_invited_them(guest, plan, second_plan):
    assert guest in Person.objects.in_plan(plan)
    assert guest not in Person.objects.in_plan(second_plan)


def test_a_guests_edit_page_is_closed_to_another_networks_coordinator(
    login, other_coordinator, guest, plan
):
    url = reverse("person_edit", args=[plan.slug, guest.pk])
    assert login(other_coordinator).get(url).status_code == 403


def test_a_former_members_contact_details_leave_with_them(coordinator, network, plan):
    former = make_person("Frede Fhv")
    Membership.objects.create(
        network=network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )
    person = loaded(former)
    assert not permissions.can_see_contact_details(coordinator, person, plan)
    assert not permissions.can_edit_person(coordinator, person, plan)


def test_a_coordinator_in_another_plan_is_no_contact_point_here(member, plan, second_plan):
    elsewhere = Network.objects.create(plan=second_plan, name="Andet netværk", slug="andet")
    person = make_person("Carl Andetsteds")
    Membership.objects.create(
        network=elsewhere,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=date(2025, 1, 1),
    )
    assert not permissions.can_see_contact_details(member, loaded(person), plan)
