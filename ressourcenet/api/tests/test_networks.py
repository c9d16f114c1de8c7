"""GET /api/v1/networks and /api/v1/networks/{id}: public, members only for the plan's people."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.api.tests.utils import ROLES, error_locs
from ressourcenet.conftest import make_person, make_user
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import HousingArea, Plan

URL = "/api/v1/networks"
ALL_GROUPS_BUT_GUEST = [
    "professional_management",
    "professional_staff",
    "resident_board",
    "volunteer",
    "operations_staff",
    "social_housing_staff",
]
# People who see the members of the plan's networks; the others see the network only.
SEES_MEMBERS = {"admin_user", "coordinator", "member", "board_member"}


def area_ids(plan: Plan) -> tuple[int, int]:
    return (
        HousingArea.objects.get(plan=plan, name="Nordparken").pk,
        HousingArea.objects.get(plan=plan, name="Sydparken").pk,
    )


@pytest.fixture
def member_of_second_plan(person_in_second_plan) -> User:
    return make_user("ole@example.org", person_in_second_plan)


# --- GET /networks ----------------------------------------------------------------------


def test_list_networks_answers_every_network_with_its_coverage(
    network, other_network, coordinator, member, volunteer, ppr, plan
):
    nordparken, sydparken = area_ids(plan)

    response = Client().get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": network.pk,
                "plan": "testby",
                "name": "Netværk for familier",
                "slug": "familier",
                "effort": "Familier",
                "description": "",
                "responsibility": "Rådgive og koordinere.",
                "tasks": ["Dele viden", "Prioritere ressourcer"],
                "member_count": 3,
                "coverage": {
                    "groups_present": ["volunteer", "social_housing_staff"],
                    "groups_missing": [
                        "professional_management",
                        "professional_staff",
                        "resident_board",
                        "operations_staff",
                    ],
                    "areas_present": [nordparken, sydparken],
                    "areas_missing": [],
                    "units_present": [],
                    "units_missing": [ppr.pk],
                },
            },
            {
                "id": other_network.pk,
                "plan": "testby",
                "name": "Netværk for job",
                "slug": "job",
                "effort": None,
                "description": "",
                "responsibility": "",
                "tasks": [],
                "member_count": 0,
                "coverage": {
                    "groups_present": [],
                    "groups_missing": ALL_GROUPS_BUT_GUEST,
                    "areas_present": [],
                    "areas_missing": [nordparken, sydparken],
                    "units_present": [],
                    "units_missing": [],
                },
            },
        ],
        "count": 2,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_list_networks(role, client_as, network):
    """Networks are public, as on the plan page."""
    response = client_as(role).get(URL)

    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["Netværk for familier"]


def test_list_networks_never_includes_members(admin_user, api_client, network, member):
    item = api_client(admin_user).get(URL).json()["items"][0]

    assert "members" not in item


def test_list_networks_counts_only_active_members(network, member, plan):
    former = make_person("Frida Fortid")
    Membership.objects.create(
        network=network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )
    future = make_person("Finn Fremtid")
    Membership.objects.create(
        network=network, person=future, starts_on=timezone.localdate() + timedelta(days=7)
    )

    item = Client().get(URL).json()["items"][0]

    assert item["member_count"] == 1


def test_a_unit_among_the_members_counts_as_present(network, ppr):
    person = make_person("Pia PPR", unit=ppr, organisation=ppr.organisation)
    Membership.objects.create(network=network, person=person, starts_on=date(2025, 1, 1))

    coverage = Client().get(URL).json()["items"][0]["coverage"]

    assert coverage["units_present"] == [ppr.pk]
    assert coverage["units_missing"] == []
    assert coverage["groups_present"] == ["professional_staff"]


def test_list_networks_covers_every_plan_and_filters_by_plan(network, person_in_second_plan):
    everything = Client().get(URL).json()
    only_andeby = Client().get(URL, {"plan": "andeby"}).json()

    assert everything["count"] == 2
    assert {item["plan"] for item in everything["items"]} == {"testby", "andeby"}
    assert only_andeby["count"] == 1
    assert [item["name"] for item in only_andeby["items"]] == ["Netværk i Andeby"]


def test_list_networks_of_an_unknown_plan_is_empty(network):
    assert Client().get(URL, {"plan": "no-such-plan"}).json() == {"items": [], "count": 0}


def test_list_networks_with_no_networks_is_empty(db):
    assert Client().get(URL).json() == {"items": [], "count": 0}


def make_networks(plan: Plan, how_many: int) -> None:
    Network.objects.bulk_create(
        Network(plan=plan, name=f"Netværk {n:03}", slug=f"n{n:03}") for n in range(how_many)
    )


def test_list_networks_gives_100_by_default(plan):
    make_networks(plan, 101)

    body = Client().get(URL).json()

    assert body["count"] == 101
    assert len(body["items"]) == 100


def test_list_networks_gives_up_to_500(plan):
    make_networks(plan, 501)

    body = Client().get(URL, {"limit": 500}).json()

    assert body["count"] == 501
    assert len(body["items"]) == 500


BAD_PAGES = {
    "limit over 500": ({"limit": 501}, "limit"),
    "limit 0": ({"limit": 0}, "limit"),
    "negative limit": ({"limit": -1}, "limit"),
    "limit not a number": ({"limit": "many"}, "limit"),
    "negative offset": ({"offset": -1}, "offset"),
}


@pytest.mark.parametrize(("query", "field"), BAD_PAGES.values(), ids=BAD_PAGES.keys())
def test_list_networks_refuses_a_bad_page(plan, query, field):
    response = Client().get(URL, query)

    assert error_locs(response) == [["query", field]]


def test_list_networks_pages_with_limit_and_offset(plan):
    make_networks(plan, 5)
    ids = list(Network.objects.order_by("id").values_list("id", flat=True))

    page = Client().get(URL, {"limit": 2, "offset": 3}).json()
    beyond = Client().get(URL, {"offset": 10}).json()

    assert page["count"] == 5
    assert [item["id"] for item in page["items"]] == ids[3:5]
    assert beyond == {"items": [], "count": 5}


def test_list_networks_refuses_post(admin_user, api_client):
    response = api_client(admin_user).post(URL, {}, content_type="application/json")

    assert response.status_code == 405
    assert Network.objects.count() == 0


# --- GET /networks/{id} -------------------------------------------------------------------


def test_network_detail_answers_the_network_and_its_members(
    admin_user, api_client, network, coordinator, volunteer, ppr, plan
):
    nordparken, sydparken = area_ids(plan)
    karen = coordinator.person
    karen_membership = Membership.objects.get(person=karen)
    vera_membership = Membership.objects.get(person=volunteer)

    response = api_client(admin_user).get(f"{URL}/{network.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": network.pk,
        "plan": "testby",
        "name": "Netværk for familier",
        "slug": "familier",
        "effort": "Familier",
        "description": "",
        "responsibility": "Rådgive og koordinere.",
        "tasks": ["Dele viden", "Prioritere ressourcer"],
        "member_count": 2,
        "coverage": {
            "groups_present": ["volunteer", "social_housing_staff"],
            "groups_missing": [
                "professional_management",
                "professional_staff",
                "resident_board",
                "operations_staff",
            ],
            "areas_present": [sydparken],
            "areas_missing": [nordparken],
            "units_present": [],
            "units_missing": [ppr.pk],
        },
        "members": [
            {
                "id": karen_membership.pk,
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
                "id": vera_membership.pk,
                "person": {
                    "id": volunteer.pk,
                    "name": "Vera Frivillig",
                    "email": "vera.frivillig@example.org",
                    "phone": "+45 11 22 33 44",
                    "organisation": None,
                    "unit": None,
                    "title": "",
                    "stakeholder_group": "volunteer",
                    "housing_area": sydparken,
                },
                "role": "member",
                "starts_on": network.plan.starts_on.isoformat(),
                "ends_on": None,
            },
        ],
    }


@pytest.mark.parametrize("role", ROLES)
def test_network_detail_includes_members_only_for_the_plans_people(
    role, client_as, network, volunteer
):
    response = client_as(role).get(f"{URL}/{network.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Netværk for familier"
    if role in SEES_MEMBERS:
        assert "Vera Frivillig" in [m["person"]["name"] for m in body["members"]]
    else:
        assert "members" not in body


def test_member_of_another_plan_does_not_see_the_members(
    member_of_second_plan, api_client, network, volunteer
):
    body = api_client(member_of_second_plan).get(f"{URL}/{network.pk}").json()

    assert "members" not in body
    assert body["member_count"] == 1


@pytest.mark.parametrize(
    ("role", "sees_contact"),
    [("admin_user", True), ("coordinator", True), ("member", False), ("board_member", False)],
)
def test_volunteer_contact_details_in_network_detail_per_role(
    role, sees_contact, client_as, network, volunteer
):
    members = client_as(role).get(f"{URL}/{network.pk}").json()["members"]

    [vera] = [m["person"] for m in members if m["person"]["id"] == volunteer.pk]
    if sees_contact:
        assert vera["email"] == "vera.frivillig@example.org"
        assert vera["phone"] == "+45 11 22 33 44"
    else:
        assert "email" not in vera
        assert "phone" not in vera
        assert "vera.frivillig@example.org" not in str(members)


def test_member_does_not_get_volunteer_phone_number(member, api_client, network, volunteer):
    response = api_client(member).get(f"{URL}/{network.pk}")

    assert "vera.frivillig@example.org" not in response.content.decode()
    [vera] = [m["person"] for m in response.json()["members"] if m["person"]["id"] == volunteer.pk]
    assert set(vera) == {
        "id",
        "name",
        "organisation",
        "unit",
        "title",
        "stakeholder_group",
        "housing_area",
    }


def test_member_gets_the_coordinators_contact_details(member, coordinator, api_client, network):
    """Coordinators are the network's contact points."""
    members = api_client(member).get(f"{URL}/{network.pk}").json()["members"]

    [karen] = [m["person"] for m in members if m["role"] == "coordinator"]
    assert karen["email"] == "karen.koordinator@example.org"
    assert karen["phone"] == "+45 11 22 33 44"


def test_member_gets_their_own_contact_details(member, api_client, network):
    members = api_client(member).get(f"{URL}/{network.pk}").json()["members"]

    [mads] = [m["person"] for m in members if m["person"]["id"] == member.person.pk]
    assert mads["email"] == "mads.medlem@example.org"


def test_coordinator_of_another_network_does_not_get_volunteer_phone_number(
    api_client, network, other_network, volunteer
):
    person = make_person("Jens Job")
    Membership.objects.create(
        network=other_network,
        person=person,
        role=Membership.Role.COORDINATOR,
        starts_on=date(2025, 1, 1),
    )
    user = make_user("jens@example.org", person)

    members = api_client(user).get(f"{URL}/{network.pk}").json()["members"]

    [vera] = [m["person"] for m in members if m["person"]["id"] == volunteer.pk]
    assert "phone" not in vera


def test_network_detail_leaves_out_ended_memberships(admin_user, api_client, network, volunteer):
    Membership.objects.filter(person=volunteer).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )

    body = api_client(admin_user).get(f"{URL}/{network.pk}").json()

    assert body["members"] == []
    assert body["member_count"] == 0


@pytest.mark.parametrize("role", ["admin_user", "anonymous"])
def test_network_detail_of_an_unknown_id_is_404(role, client_as, network):
    response = client_as(role).get(f"{URL}/{network.pk + 1000}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet."}


def test_network_detail_refuses_delete(admin_user, api_client, network):
    response = api_client(admin_user).delete(f"{URL}/{network.pk}")

    assert response.status_code == 405
    assert Network.objects.filter(pk=network.pk).exists()
