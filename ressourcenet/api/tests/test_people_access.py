"""The object rules through the API: contact details in JSON, guests, adding members."""

import pytest

from ressourcenet.accounts.tests.cast import OTHERS, build_cast
from ressourcenet.api.tests.utils import error_locs, post_json
from ressourcenet.networks.models import Membership


@pytest.fixture
def cast(plan, network, other_network, admin_user, coordinator):
    return build_cast(plan, network, other_network, admin_user)


def people_by_id(client) -> dict[int, dict]:
    """Everyone the client may list, the plan's guests included."""
    query = {"limit": 500, "include_guests": "true"}
    items = client.get("/api/v1/people", query).json()["items"]
    return {item["id"]: item for item in items}


@pytest.mark.parametrize("who", OTHERS)
def test_inviting_someone_as_a_guest_shows_the_coordinator_no_contact_details(
    coordinator, api_client, cast, who
):
    person = getattr(cast, who)
    client = api_client(coordinator)

    response = post_json(
        client,
        f"/api/v1/meetings/{cast.own_meeting.pk}/invitations",
        {"guests": [{"name": "Et andet navn", "email": person.email.upper()}]},
    )

    assert response.status_code == 201
    assert response.json()["items"][0]["person"]["id"] == person.pk
    assert person.email not in response.content.decode()
    listed = people_by_id(client)[person.pk]
    assert "email" not in listed and "phone" not in listed


def test_the_coordinator_gets_their_own_members_contact_details(coordinator, api_client, cast):
    listed = people_by_id(api_client(coordinator))

    assert listed[cast.own_member.pk]["email"] == cast.own_member.email
    assert listed[cast.guest_of_other.pk].keys().isdisjoint({"email", "phone"})


def test_the_other_coordinator_gets_their_guests_contact_details(api_client, cast):
    listed = people_by_id(api_client(cast.other_coordinator))

    assert listed[cast.guest_of_other.pk]["email"] == "gert@foreningen.dk"
    assert "email" not in listed[cast.own_member.pk]


@pytest.mark.parametrize("who", OTHERS)
def test_a_coordinator_may_not_add_others_to_their_network(
    coordinator, api_client, cast, network, who
):
    person = getattr(cast, who)

    response = post_json(
        api_client(coordinator), f"/api/v1/networks/{network.pk}/members", {"person": person.pk}
    )

    assert error_locs(response) == [["body", "payload", "person"]]
    assert person.email not in response.content.decode()
    assert not Membership.objects.filter(network=network, person=person).exists()


def test_an_administrator_adds_anyone_in_the_plan(admin_user, api_client, cast, network):
    response = post_json(
        api_client(admin_user),
        f"/api/v1/networks/{network.pk}/members",
        {"person": cast.other_member.pk},
    )

    assert response.status_code == 201
    assert network.memberships.filter(person=cast.other_member).exists()
