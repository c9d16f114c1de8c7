"""An address another person has: refused in forms and API alike, without saying where."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.api.tests.utils import error_locs, post_json
from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people import services
from ressourcenet.people.models import EMAIL_CANNOT_BE_USED, Person, StakeholderGroup
from ressourcenet.plans.models import Plan

CREATE_URL = "/plans/testby/people/new/"
IN_PLAN = str(services.EMAIL_IN_PLAN)
CANNOT = str(EMAIL_CANNOT_BE_USED)


@pytest.fixture
def stranger(db) -> Person:
    """Ole, a member of a network in another plan."""
    today = timezone.localdate()
    other_plan = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        starts_on=today - timedelta(days=4000),
        ends_on=today + timedelta(days=900),
    )
    network = Network.objects.create(plan=other_plan, name="Andeby-netværket", slug="andeby")
    ole = make_person("Ole Andeby", email="ole@andeby.dk")
    Membership.objects.create(network=network, person=ole, starts_on=today)
    return ole


@pytest.fixture
def meeting(network) -> Meeting:
    start = timezone.now() + timedelta(days=10)
    return Meeting.objects.create(
        network=network, title="Temamøde", starts_at=start, ends_at=start + timedelta(hours=2)
    )


def new_person(**changes) -> dict:
    data = {
        "name": "Nina Ny",
        "email": "nina@example.org",
        "phone": "",
        "stakeholder_group": StakeholderGroup.VOLUNTEER,
        "organisation": "",
        "unit": "",
        "title": "",
        "housing_area": "",
        "network": "",
        "role": Membership.Role.MEMBER,
    }
    return {**data, **changes}


# --- the pages --------------------------------------------------------------------------


def test_the_create_page_says_an_address_is_in_use_in_this_plan(login, coordinator, member):
    response = login(coordinator).post(CREATE_URL, new_person(email="Mads.Medlem@EXAMPLE.org"))

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == [IN_PLAN]
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_the_create_page_refuses_another_plans_address_without_saying_so(
    login, coordinator, stranger
):
    response = login(coordinator).post(CREATE_URL, new_person(email="OLE@andeby.dk"))

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == [CANNOT]
    assert "Ole Andeby" not in response.content.decode()
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_the_create_page_records_who_created_the_person(login, coordinator):
    login(coordinator).post(CREATE_URL, new_person())

    assert Person.objects.get(name="Nina Ny").created_by == coordinator


def test_the_edit_page_refuses_another_plans_address(login, coordinator, volunteer, stranger):
    url = reverse("person_edit", args=["testby", volunteer.pk])
    data = {
        "name": volunteer.name,
        "email": "ole@andeby.dk",
        "phone": volunteer.phone,
        "stakeholder_group": volunteer.stakeholder_group,
        "housing_area": volunteer.housing_area_id,
    }

    response = login(coordinator).post(url, data)

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == [CANNOT]
    volunteer.refresh_from_db()
    assert volunteer.email == "vera.frivillig@example.org"


def test_a_guest_with_another_plans_address_is_refused_without_saying_so(
    login, coordinator, meeting, stranger
):
    url = reverse("invite", args=["testby", meeting.pk])
    data = {"guest": "1", "name": "Gæst", "email": "ole@andeby.dk", "stakeholder_group": "guest"}

    response = login(coordinator).post(url, data)

    assert response.status_code == 422
    assert response.context["guest_form"].errors["email"] == [CANNOT]
    assert "Ole Andeby" not in response.content.decode()
    assert not meeting.invitations.exists()


# --- the API ------------------------------------------------------------------------------


def test_the_api_refuses_an_address_in_use_with_422_naming_the_field(
    coordinator, api_client, member
):
    response = post_json(
        api_client(coordinator),
        "/api/v1/people",
        {"name": "Nina Ny", "stakeholder_group": "volunteer", "email": "MADS.medlem@example.org"},
    )

    assert error_locs(response) == [["body", "payload", "email"]]
    assert response.json()["detail"][0]["msg"] == IN_PLAN


def test_the_api_refuses_another_plans_address_without_saying_so(coordinator, api_client, stranger):
    response = post_json(
        api_client(coordinator),
        "/api/v1/people",
        {"name": "Nina Ny", "stakeholder_group": "volunteer", "email": "ole@andeby.dk"},
    )

    assert error_locs(response) == [["body", "payload", "email"]]
    assert response.json()["detail"][0]["msg"] == CANNOT
    assert "Ole" not in response.content.decode()


def test_the_api_answers_a_lost_race_with_422_not_500(coordinator, api_client, member, monkeypatch):
    monkeypatch.setattr(services, "validate_person", lambda person, plan: None)

    response = post_json(
        api_client(coordinator),
        "/api/v1/people",
        {"name": "Nina Ny", "stakeholder_group": "volunteer", "email": "mads.medlem@example.org"},
    )

    assert error_locs(response) == [["body", "payload", "email"]]
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_the_api_records_who_created_the_person(coordinator, api_client):
    response = post_json(
        api_client(coordinator), "/api/v1/people", {"name": "Nina Ny", "stakeholder_group": "guest"}
    )

    assert response.status_code == 201
    assert Person.objects.get(name="Nina Ny").created_by == coordinator


def test_an_api_guest_with_another_plans_address_is_refused_without_saying_so(
    coordinator, api_client, meeting, stranger
):
    response = post_json(
        api_client(coordinator),
        f"/api/v1/meetings/{meeting.pk}/invitations",
        {"guests": [{"name": "Gæst", "email": "OLE@andeby.dk"}]},
    )

    assert error_locs(response) == [["body", "payload", "guests", 0, "email"]]
    assert response.json()["detail"][0]["msg"] == CANNOT
    assert "Ole" not in response.content.decode()
    assert not meeting.invitations.exists()


def test_a_guest_made_by_a_parallel_request_is_invited_not_refused(
    coordinator, meeting, monkeypatch
):
    """The other request created the guest between the look-up and the insert."""
    from ressourcenet.meetings import services as meeting_services

    first = make_person("Gitte Gæst", StakeholderGroup.GUEST, email="gitte@example.org")
    looked_up = []

    def known_after_the_first_look(plan, email):
        looked_up.append(email)
        return None if len(looked_up) == 1 else first

    monkeypatch.setattr(meeting_services, "_known_in_plan", known_after_the_first_look)

    invitation = meeting_services.invite_guest(
        meeting, "Gitte", "gitte@example.org", by=coordinator
    )

    assert invitation.person == first
    assert Person.objects.filter(email="gitte@example.org").count() == 1
