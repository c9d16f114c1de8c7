"""The front page: the current plan's networks, or a welcome when there is no plan."""

from datetime import date

import pytest

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Plan

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider"]


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_front_page_shows_the_current_plan_with_its_networks_and_areas(
    client, network, other_network
):
    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert network.plan.name in content
    assert "Netværk for familier" in content
    assert "Netværk for job" in content
    assert "Nordparken" in content and "Sydparken" in content


def test_front_page_counts_only_active_members(client, network, coordinator, member, volunteer):
    former = make_person("Frida Tidligere")
    Membership.objects.create(
        network=network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )

    response = client.get("/")

    (shown_network, _coverage), *_ = response.context["network_rows"]
    assert shown_network == network
    assert shown_network.member_count == 3


def test_front_page_shows_which_expected_units_are_missing(client, network, member):
    response = client.get("/")

    (_network, coverage), *_ = response.context["network_rows"]
    assert coverage["units_missing"] == ["PPR"]
    assert coverage["areas_present"] == ["Nordparken"]
    assert coverage["areas_missing"] == ["Sydparken"]


def test_front_page_prefers_the_running_plan_to_a_later_one(client, plan):
    Plan.objects.create(
        name="Helhedsplan Senere 2031–2034",
        slug="senere",
        municipality="Senere",
        starts_on=date(2031, 1, 1),
        ends_on=date(2034, 12, 31),
    )

    response = client.get("/")

    assert response.context["plan"] == plan
    assert "Helhedsplan Senere" not in response.content.decode()


@pytest.mark.django_db
def test_front_page_without_any_plan_shows_the_welcome_page(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "plans/no_plan.html" in template_names(response)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_front_page(request, login, role, network):
    response = login(request.getfixturevalue(role)).get("/")

    assert response.status_code == 200
    assert "Netværk for familier" in response.content.decode()


def test_front_page_rejects_post(client, plan):
    assert client.post("/").status_code == 405
