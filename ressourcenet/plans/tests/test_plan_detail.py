"""A plan's page: its areas and networks with how well each covers the table."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import StakeholderGroup
from ressourcenet.plans.models import HousingArea, Plan

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider"]


def plan_url(plan) -> str:
    return reverse("plan", args=[plan.slug])


def rows_by_slug(response) -> dict:
    return {
        network.slug: (network, coverage) for network, coverage in response.context["network_rows"]
    }


def test_plan_page_shows_areas_networks_and_member_counts(
    client, plan, network, other_network, coordinator, member
):
    response = client.get(plan_url(plan))

    assert response.status_code == 200
    content = response.content.decode()
    assert plan.name in content
    assert "Nordparken" in content and "Sydparken" in content
    assert 'href="/plans/testby/networks/familier/"' in content
    assert 'href="/plans/testby/networks/job/"' in content
    rows = rows_by_slug(response)
    assert rows["familier"][0].member_count == 2
    assert rows["job"][0].member_count == 0


def test_plan_page_shows_coverage_of_areas_groups_and_units(
    client, plan, network, member, volunteer, ppr
):
    make_person("Per PPR", StakeholderGroup.PROFESSIONAL_STAFF, unit=ppr)
    Membership.objects.create(
        network=network,
        person=make_person("Pia PPR", unit=ppr, organisation=ppr.organisation),
        starts_on=date(2025, 1, 1),
    )

    response = client.get(plan_url(plan))

    _network, coverage = rows_by_slug(response)["familier"]
    assert coverage["areas_missing"] == []
    assert coverage["units_present"] == ["PPR"]
    assert coverage["units_missing"] == []
    assert set(coverage["groups_present"]) == {
        StakeholderGroup.VOLUNTEER.label,
        StakeholderGroup.PROFESSIONAL_STAFF.label,
    }
    assert StakeholderGroup.GUEST.label not in coverage["groups_missing"]
    assert coverage["group_total"] == len(StakeholderGroup) - 1


def test_missing_groups_read_unambiguously_when_a_name_has_a_comma(client, plan, network, ppr):
    everyone_but_management = StakeholderGroup.expected_in_networks()[2:]
    for group in everyone_but_management:
        Membership.objects.create(
            network=network,
            person=make_person(f"Person {group}", group, housing_area=plan.areas.first()),
            starts_on=plan.starts_on,
        )
    with translation.override("da"):
        management = str(StakeholderGroup.PROFESSIONAL_MANAGEMENT.label).lower()
        staff = str(StakeholderGroup.PROFESSIONAL_STAFF.label).lower()
        missing = translation.gettext("Missing:")

    content = client.get(plan_url(plan)).content.decode()

    # "fagperson, ledelse; og fagperson, medarbejder", not "…, fagperson, ledelse, fagperson, …"
    assert f"{missing} Sydparken; {management}; og {staff}</p>" in content


def test_plan_page_shows_only_its_own_networks(client, plan, network):
    other_plan = Plan.objects.create(
        name="Helhedsplan Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    HousingArea.objects.create(plan=other_plan, name="Andeparken")
    Network.objects.create(plan=other_plan, name="Andebys netværk", slug="ande")

    response = client.get(plan_url(plan))

    content = response.content.decode()
    assert "Andebys netværk" not in content
    assert "Andeparken" not in content
    assert set(rows_by_slug(response)) == {"familier"}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_plan_page(request, login, role, plan, network):
    response = login(request.getfixturevalue(role)).get(plan_url(plan))

    assert response.status_code == 200
    assert "Netværk for familier" in response.content.decode()


@pytest.mark.django_db
def test_unknown_plan_is_not_found(client):
    assert client.get("/plans/findes-ikke/").status_code == 404


def test_plan_page_rejects_post(client, plan):
    assert client.post(plan_url(plan)).status_code == 405
