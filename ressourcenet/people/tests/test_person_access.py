"""The object rules through the pages: edit page, contact details, and guest invitations."""

import pytest
from django.urls import reverse

from ressourcenet.accounts.tests.cast import OTHERS, build_cast
from ressourcenet.people.tests.test_person_edit import edit_url, form_data


@pytest.fixture
def cast(plan, network, other_network, admin_user, coordinator):
    return build_cast(plan, network, other_network, admin_user)


def detail_url(person) -> str:
    return reverse("person_detail", args=["testby", person.pk])


def invite_as_guest(client, meeting, person):
    url = reverse("invite", args=["testby", meeting.pk])
    data = {
        "guest": "1",
        "name": "Et andet navn",
        "email": person.email.upper(),
        "organisation": "",
        "stakeholder_group": "guest",
    }
    return client.post(url, data)


@pytest.mark.parametrize("who", OTHERS)
def test_a_coordinator_who_invites_someone_as_guest_may_still_not_edit_them(
    login, coordinator, cast, who
):
    person = getattr(cast, who)
    client = login(coordinator)
    assert invite_as_guest(client, cast.own_meeting, person).status_code == 302
    assert cast.own_meeting.invitations.filter(person=person, is_guest=True).exists()

    assert client.get(edit_url(person)).status_code == 403
    response = client.post(edit_url(person), form_data(person, email="stjaalet@example.org"))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.email != "stjaalet@example.org"


@pytest.mark.parametrize("who", OTHERS)
def test_the_pages_show_a_coordinator_no_contact_details_of_others(login, coordinator, cast, who):
    person = getattr(cast, who)
    client = login(coordinator)
    invite_as_guest(client, cast.own_meeting, person)

    detail = client.get(detail_url(person)).content.decode()
    listed = client.get(reverse("person_list", args=["testby"]), {"q": person.name})

    assert person.name in detail
    assert person.email not in detail
    assert not person.phone or person.phone not in detail
    assert person.name in listed.content.decode()
    assert person.email not in listed.content.decode()
    assert "Et andet navn" not in detail


def test_the_other_network_page_shows_its_members_without_contact_details(
    login, coordinator, cast, other_network
):
    content = login(coordinator).get(other_network.get_absolute_url()).content.decode()

    assert cast.other_member.name in content
    assert cast.other_member.email not in content


def test_a_coordinator_edits_and_sees_their_own_networks_member(login, coordinator, cast):
    person = cast.own_member
    client = login(coordinator)

    assert person.email in client.get(detail_url(person)).content.decode()
    response = client.post(edit_url(person), form_data(person, email="Oda.Ny@example.org"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "oda.ny@example.org"


def test_the_other_coordinator_edits_the_guest_they_created(login, cast):
    guest = cast.guest_of_other
    client = login(cast.other_coordinator)

    assert client.get(edit_url(guest)).status_code == 200
    assert guest.email in client.get(detail_url(guest)).content.decode()


def test_a_coordinator_may_not_edit_the_administrators_person(login, coordinator, cast):
    client = login(coordinator)

    assert client.get(edit_url(cast.admin_person)).status_code == 403
    assert (
        edit_url(cast.admin_person)
        not in client.get(detail_url(cast.admin_person)).content.decode()
    )
