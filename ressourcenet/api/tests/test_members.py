"""GET and POST /api/v1/networks/{id}/members: who is in a network, and adding someone."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_person, make_user
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup

MAY_SEE_MEMBERS = {"admin_user", "coordinator", "member", "board_member"}
MAY_ADD_MEMBERS = {"admin_user", "coordinator"}


def url(network: Network) -> str:
    return f"/api/v1/networks/{network.pk}/members"


def member_names(response) -> list[str]:
    return [item["person"]["name"] for item in response.json()["items"]]


@pytest.fixture
def newcomer(coordinator) -> Person:
    """Someone in no network yet, typed in by the coordinator."""
    return make_person("Nora Nykommer", StakeholderGroup.OPERATIONS_STAFF, created_by=coordinator)


@pytest.fixture
def former_member(network) -> Person:
    person = make_person("Frida Fortid")
    Membership.objects.create(
        network=network, person=person, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )
    return person


# --- GET /networks/{id}/members -------------------------------------------------------------


def test_list_members_answers_active_members_by_name(
    admin_user, api_client, network, coordinator, volunteer, former_member
):
    karen = coordinator.person

    response = api_client(admin_user).get(url(network))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": Membership.objects.get(person=karen).pk,
                "person": {
                    "id": karen.pk,
                    "name": "Karen Koordinator",
                    "email": "karen.koordinator@example.org",
                    "phone": "+45 11 22 33 44",
                    "organisation": None,
                    "unit": None,
                    "title": "",
                    "stakeholder_group": "social_housing_staff",
                    "housing_area": None,
                },
                "role": "coordinator",
                "starts_on": network.plan.starts_on.isoformat(),
                "ends_on": None,
            },
            {
                "id": Membership.objects.get(person=volunteer).pk,
                "person": {
                    "id": volunteer.pk,
                    "name": "Vera Frivillig",
                    "email": "vera.frivillig@example.org",
                    "phone": "+45 11 22 33 44",
                    "organisation": None,
                    "unit": None,
                    "title": "",
                    "stakeholder_group": "volunteer",
                    "housing_area": volunteer.housing_area_id,
                },
                "role": "member",
                "starts_on": network.plan.starts_on.isoformat(),
                "ends_on": None,
            },
        ],
        "count": 2,
    }


def test_list_members_includes_ended_memberships_on_request(
    admin_user, api_client, network, volunteer, former_member
):
    response = api_client(admin_user).get(url(network), {"include_ended": "true"})

    assert member_names(response) == ["Frida Fortid", "Vera Frivillig"]
    [frida] = [
        item for item in response.json()["items"] if item["person"]["name"] == "Frida Fortid"
    ]
    assert frida["ends_on"] == "2025-06-01"


def test_list_members_leaves_out_members_of_other_networks(
    admin_user, api_client, network, other_network, volunteer
):
    person = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=person, starts_on=date(2025, 1, 1))

    assert member_names(api_client(admin_user).get(url(network))) == ["Vera Frivillig"]
    assert member_names(api_client(admin_user).get(url(other_network))) == ["Jens Job"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_list_members(role, client_as, network, volunteer):
    response = client_as(role).get(url(network))

    if role in MAY_SEE_MEMBERS:
        assert response.status_code == 200
        assert "Vera Frivillig" in member_names(response)
    else:
        assert response.status_code == refusal_status(role)
        assert "Vera Frivillig" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees_contact"),
    [("admin_user", True), ("coordinator", True), ("member", False), ("board_member", False)],
)
def test_volunteer_contact_details_in_member_list_per_role(
    role, sees_contact, client_as, network, volunteer
):
    items = client_as(role).get(url(network)).json()["items"]

    [vera] = [item["person"] for item in items if item["person"]["id"] == volunteer.pk]
    assert ("phone" in vera) is sees_contact
    assert ("email" in vera) is sees_contact
    if sees_contact:
        assert vera["phone"] == "+45 11 22 33 44"


def test_member_does_not_get_volunteer_phone_number(member, api_client, network, volunteer):
    response = api_client(member).get(url(network))

    [vera] = [i["person"] for i in response.json()["items"] if i["person"]["id"] == volunteer.pk]
    assert "phone" not in vera
    assert "vera.frivillig@example.org" not in response.content.decode()


def test_member_gets_the_coordinators_phone_number(member, coordinator, api_client, network):
    items = api_client(member).get(url(network)).json()["items"]

    [karen] = [item["person"] for item in items if item["role"] == "coordinator"]
    assert karen["phone"] == "+45 11 22 33 44"


def test_member_of_another_plan_may_not_list_members(
    api_client, network, volunteer, person_in_second_plan
):
    user = make_user("ole@example.org", person_in_second_plan)
    elsewhere = Network.objects.get(slug="andeby")

    assert api_client(user).get(url(network)).status_code == 403
    assert api_client(user).get(url(elsewhere)).status_code == 200


def test_list_members_of_an_unknown_network_is_404(admin_user, api_client, network):
    response = api_client(admin_user).get(f"/api/v1/networks/{network.pk + 1000}/members")

    assert response.status_code == 404


def add_guests(network: Network, how_many: int) -> None:
    people = Person.objects.bulk_create(
        Person(name=f"Gæst {n:03}", stakeholder_group=StakeholderGroup.GUEST)
        for n in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, person=person, starts_on=date(2025, 1, 1)) for person in people
    )


def test_list_members_gives_100_by_default(admin_user, api_client, network):
    add_guests(network, 101)

    body = api_client(admin_user).get(url(network)).json()

    assert body["count"] == 101
    assert len(body["items"]) == 100


def test_list_members_pages_with_limit_and_offset(admin_user, api_client, network):
    add_guests(network, 5)

    body = api_client(admin_user).get(url(network), {"limit": 2, "offset": 1}).json()

    assert body["count"] == 5
    assert [item["person"]["name"] for item in body["items"]] == ["Gæst 001", "Gæst 002"]


def test_list_members_refuses_more_than_500(admin_user, api_client, network):
    response = api_client(admin_user).get(url(network), {"limit": 501})

    assert error_locs(response) == [["query", "limit"]]


# --- POST /networks/{id}/members ------------------------------------------------------------


def test_coordinator_adds_a_member(coordinator, api_client, network, newcomer):
    response = post_json(api_client(coordinator), url(network), {"person": newcomer.pk})

    assert response.status_code == 201
    membership = Membership.objects.get(person=newcomer)
    assert (membership.network, membership.role, membership.ends_on) == (network, "member", None)
    assert membership.starts_on == timezone.localdate()
    assert response.json() == {
        "id": membership.pk,
        "person": {
            "id": newcomer.pk,
            "name": "Nora Nykommer",
            "email": "nora.nykommer@example.org",
            "phone": "+45 11 22 33 44",
            "organisation": None,
            "unit": None,
            "title": "",
            "stakeholder_group": "operations_staff",
            "housing_area": None,
        },
        "role": "member",
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": None,
    }


def test_admin_adds_a_coordinator_from_a_given_day(admin_user, api_client, network, newcomer):
    starts_on = timezone.localdate() + timedelta(days=14)
    body = {"person": newcomer.pk, "role": "coordinator", "starts_on": starts_on.isoformat()}

    response = post_json(api_client(admin_user), url(network), body)

    assert response.status_code == 201
    assert (response.json()["role"], response.json()["starts_on"]) == (
        "coordinator",
        starts_on.isoformat(),
    )
    membership = Membership.objects.get(person=newcomer)
    assert (membership.role, membership.starts_on) == ("coordinator", starts_on)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_member(role, client_as, network, newcomer):
    client = client_as(role)
    before = Membership.objects.count()

    response = post_json(client, url(network), {"person": newcomer.pk})

    if role in MAY_ADD_MEMBERS:
        assert response.status_code == 201
        assert Membership.objects.filter(network=network, person=newcomer).exists()
    else:
        assert response.status_code == refusal_status(role)
        assert Membership.objects.count() == before


def test_coordinator_may_not_add_members_to_another_network(
    coordinator, api_client, other_network, newcomer
):
    response = post_json(api_client(coordinator), url(other_network), {"person": newcomer.pk})

    assert response.status_code == 403
    assert not Membership.objects.filter(person=newcomer).exists()


def test_adding_an_active_member_again_names_the_person(admin_user, api_client, network, volunteer):
    response = post_json(api_client(admin_user), url(network), {"person": volunteer.pk})

    assert error_locs(response) == [["body", "payload", "person"]]
    assert Membership.objects.filter(person=volunteer).count() == 1


def test_a_former_member_may_join_again(admin_user, api_client, network, former_member):
    response = post_json(api_client(admin_user), url(network), {"person": former_member.pk})

    assert response.status_code == 201
    assert Membership.objects.filter(person=former_member).count() == 2
    assert network.active_memberships().get().person == former_member


def test_a_member_of_another_network_may_join_this_one_too(
    admin_user, api_client, other_network, volunteer
):
    response = post_json(api_client(admin_user), url(other_network), {"person": volunteer.pk})

    assert response.status_code == 201
    assert set(volunteer.memberships.values_list("network__slug", flat=True)) == {"familier", "job"}


def test_add_member_refuses_a_person_of_another_plan(
    coordinator, api_client, network, person_in_second_plan
):
    """Else a coordinator could add anyone by id and read their contact details."""
    ole = person_in_second_plan

    response = post_json(api_client(coordinator), url(network), {"person": ole.pk})

    assert error_locs(response) == [["body", "payload", "person"]]
    assert "ole.andeby@example.org" not in response.content.decode()
    assert not network.memberships.filter(person=ole).exists()


def test_add_member_accepts_a_person_the_coordinator_created_in_no_plan_yet(
    coordinator, api_client, network, newcomer
):
    response = post_json(api_client(coordinator), url(network), {"person": newcomer.pk})

    assert response.status_code == 201


# Each case: a body, and the one field the 422 must name.
INVALID = {
    "unknown person": ({"person": 999_999}, "person"),
    "missing person": ({}, "person"),
    "person not an id": ({"person": "Nora"}, "person"),
    "unknown role": ({"person": "NEWCOMER", "role": "chair"}, "role"),
    "bad date": ({"person": "NEWCOMER", "starts_on": "1. januar"}, "starts_on"),
}


@pytest.mark.parametrize(("body", "field"), INVALID.values(), ids=INVALID.keys())
def test_add_member_names_the_invalid_field(admin_user, api_client, network, newcomer, body, field):
    body = {key: newcomer.pk if value == "NEWCOMER" else value for key, value in body.items()}

    response = post_json(api_client(admin_user), url(network), body)

    assert error_locs(response) == [["body", "payload", field]]
    assert response.json()["detail"][0]["msg"]
    assert not Membership.objects.filter(person=newcomer).exists()


def test_add_member_to_an_unknown_network_is_404(admin_user, api_client, network, newcomer):
    unknown = f"/api/v1/networks/{network.pk + 1000}/members"

    response = post_json(api_client(admin_user), unknown, {"person": newcomer.pk})

    assert response.status_code == 404
    assert not Membership.objects.filter(person=newcomer).exists()


def test_members_endpoint_refuses_delete(admin_user, api_client, network, volunteer):
    assert api_client(admin_user).delete(url(network)).status_code == 405
    assert Membership.objects.filter(person=volunteer).exists()
