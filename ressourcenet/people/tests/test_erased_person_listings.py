"""Where an erased person no longer appears: the directory and its API, the organisation's
page, the pickers (members, roles, agenda, key persons), the network's former members and
their membership pages; and what an erasure does to meetings still to come."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.audit.models import ERASED
from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import AgendaItem, Meeting, MeetingRole
from ressourcenet.meetings.services import people_around
from ressourcenet.networks.models import Membership
from ressourcenet.people import privacy
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def erased(plan, network, municipality) -> Person:
    """Erik, a member with a seat on the board from next month, erased today; he came to a
    meeting that was held and had a role and an agenda item in one to come."""
    person = make_person("Erik Eriksen", organisation=municipality)
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    later = timezone.localdate() + timedelta(days=40)
    BoardMember.objects.create(board=plan.board, person=person, starts_on=later)
    Membership.objects.create(
        network=network, person=person, starts_on=later, role=Membership.Role.COORDINATOR
    )
    now = timezone.now()
    held = Meeting.objects.create(
        network=network,
        title="Holdt møde",
        why="Lære",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10, hours=-2),
    )
    coming = Meeting.objects.create(
        network=network,
        title="Kommende møde",
        why="Lære mere",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=2),
    )
    for meeting in (held, coming):
        meeting.invitations.create(person=person, answer="yes")
        MeetingRole.objects.create(meeting=meeting, person=person, role="facilitator")
        AgendaItem.objects.create(
            meeting=meeting, kind="talk", title="Oplæg", minutes=20, responsible=person
        )
    privacy.erase_person(person, actor="test")
    person.refresh_from_db()
    return person


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["items"]]


def test_the_api_lists_no_erased_person(admin_user, api_client, erased, volunteer, network):
    client = api_client(admin_user)
    assert names(client.get("/api/v1/people")) == ["Vera Frivillig"]
    members = client.get(f"/api/v1/networks/{network.pk}/members?include_ended=true").json()
    assert [m["person"]["id"] for m in members["items"]] == [volunteer.pk]


def test_the_organisation_page_lists_no_erased_person(login, admin_user, plan, erased):
    url = reverse("organisation_detail", args=[plan.slug, erased.organisation_id])
    content = login(admin_user).get(url).content.decode()
    assert ERASED not in content
    assert reverse("person_detail", args=[plan.slug, erased.pk]) not in content


@pytest.mark.parametrize("name", ["person_detail", "person_edit"])
def test_the_erased_persons_own_pages_are_gone(login, admin_user, plan, erased, name):
    response = login(admin_user).post(
        reverse("person_edit", args=[plan.slug, erased.pk]),
        {"name": "Erik Eriksen", "email": "erik@example.org", "stakeholder_group": "volunteer"},
    )
    assert response.status_code == 404
    assert login(admin_user).get(reverse(name, args=[plan.slug, erased.pk])).status_code == 404
    assert Person.objects.get(pk=erased.pk).name == ERASED


def test_the_network_page_lists_no_erased_former_member(login, admin_user, plan, network, erased):
    content = login(admin_user).get(reverse("network", args=[plan.slug, network.slug]))
    assert ERASED not in content.content.decode()


def test_an_erased_persons_membership_cannot_be_opened_again(login, admin_user, plan, erased):
    membership = Membership.objects.get(person=erased)
    url = reverse("membership_edit", args=[plan.slug, membership.pk])
    response = login(admin_user).post(url, {"role": "member", "starts_on": "2020-01-01"})
    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).ends_on is not None


def test_no_picker_offers_an_erased_person(login, api_client, admin_user, plan, network, erased):
    client = login(admin_user)
    add = client.get(reverse("member_add", args=[plan.slug, network.slug])).content.decode()
    assert f'value="{erased.pk}"' not in add
    held = Meeting.objects.get(title="Holdt møde")
    assert erased not in people_around(held)
    response = api_client(admin_user).post(
        f"/api/v1/networks/{network.pk}/members", {"person": erased.pk}, "application/json"
    )
    assert response.status_code == 422
    assert Membership.objects.filter(person=erased).count() == 1


def test_meetings_to_come_lose_their_roles_and_agenda_items_the_held_keep_them(erased):
    held = Meeting.objects.get(title="Holdt møde")
    coming = Meeting.objects.get(title="Kommende møde")
    assert not MeetingRole.objects.filter(meeting=coming).exists()
    assert AgendaItem.objects.get(meeting=coming).responsible is None
    assert MeetingRole.objects.get(meeting=held).person == erased
    assert AgendaItem.objects.get(meeting=held).responsible == erased
    assert held.invitations.filter(answer="yes").count() == 1


def test_seats_not_yet_begun_are_deleted_and_none_ends_before_it_began(erased):
    today = timezone.localdate()
    assert not BoardMember.objects.filter(person=erased).exists()
    membership = Membership.objects.get(person=erased)
    assert membership.role == Membership.Role.MEMBER and membership.ends_on == today
