"""An organisation's page: public facts, and its people for those who may see people."""

from datetime import date

import pytest
from django.urls import reverse

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import HousingArea, Plan

MAY_SEE = ["admin_user", "coordinator", "member", "board_member"]
MAY_NOT = ["editor", "outsider"]


@pytest.fixture
def pia(network, ppr):
    pia = make_person(
        "Pia Psykolog", organisation=ppr.organisation, unit=ppr, email="pia@example.org"
    )
    Membership.objects.create(network=network, person=pia, starts_on=date(2025, 1, 1))
    return pia


def org_url(organisation) -> str:
    return reverse("organisation_detail", args=["testby", organisation.pk])


def test_page_shows_units_and_the_plans_housing_areas(login, member, municipality, plan, pia):
    plan.areas.filter(name="Nordparken").update(housing_organisation=municipality)
    other = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    HousingArea.objects.create(plan=other, name="Andeparken", housing_organisation=municipality)

    response = login(member).get(org_url(municipality))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Testby Kommune" in content
    assert "<li>PPR</li>" in content
    assert [area.name for area in response.context["areas"]] == ["Nordparken"]
    assert "Andeparken" not in content


@pytest.mark.parametrize("role", MAY_SEE)
def test_roles_that_may_see_people_see_who_comes_from_the_organisation(
    request, login, role, municipality, pia
):
    response = login(request.getfixturevalue(role)).get(org_url(municipality))

    assert [person.name for person in response.context["people"]] == ["Pia Psykolog"]
    assert "Pia Psykolog" in response.content.decode()


@pytest.mark.parametrize("role", MAY_NOT)
def test_roles_without_a_place_in_the_plan_see_the_organisation_but_no_people(
    request, login, role, municipality, pia
):
    response = login(request.getfixturevalue(role)).get(org_url(municipality))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Testby Kommune" in content
    assert "Pia Psykolog" not in content


def test_anonymous_visitor_sees_the_organisation_but_no_people(client, municipality, pia):
    response = client.get(org_url(municipality))

    assert response.status_code == 200
    assert "Testby Kommune" in response.content.decode()
    assert "Pia Psykolog" not in response.content.decode()


def test_member_sees_people_but_not_their_contact_details(login, member, municipality, pia):
    content = login(member).get(org_url(municipality)).content.decode()

    assert "Pia Psykolog" in content
    assert "pia@example.org" not in content


def test_coordinator_sees_contact_details_of_own_network_members(
    login, coordinator, municipality, pia
):
    content = login(coordinator).get(org_url(municipality)).content.decode()

    assert "pia@example.org" in content


def test_unknown_organisation_is_not_found(client, plan):
    assert client.get("/plans/testby/organisations/999999/").status_code == 404


def test_organisation_detail_rejects_post(login, admin_user, municipality, plan):
    assert login(admin_user).post(org_url(municipality)).status_code == 405
