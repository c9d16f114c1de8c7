"""GET /api/v1/organisations: public, so clients can offer organisations and units."""

import pytest
from django.test import Client

from ressourcenet.api.tests.utils import ROLES
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services as meeting_services
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Unit

URL = "/api/v1/organisations"


def test_list_organisations_answers_each_with_its_units(ppr, municipality):
    jobcenter = Unit.objects.create(organisation=municipality, name="Jobcenter")
    housing = Organisation.objects.create(name="Boligselskabet", kind="housing_organisation")

    response = Client().get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": housing.pk,
                "name": "Boligselskabet",
                "kind": "housing_organisation",
                "units": [],
            },
            {
                "id": municipality.pk,
                "name": "Testby Kommune",
                "kind": "municipality",
                "units": [
                    {"id": jobcenter.pk, "name": "Jobcenter"},
                    {"id": ppr.pk, "name": "PPR"},
                ],
            },
        ],
        "count": 2,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_list_organisations(role, client_as, municipality):
    response = client_as(role).get(URL)

    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["Testby Kommune"]


def test_list_organisations_pages(db):
    Organisation.objects.bulk_create(Organisation(name=f"Forening {n:03}") for n in range(101))

    default = Client().get(URL).json()
    second = Client().get(URL, {"limit": 1, "offset": 1}).json()

    assert (default["count"], len(default["items"])) == (101, 100)
    assert [item["name"] for item in second["items"]] == ["Forening 001"]
    assert Client().get(URL, {"limit": 501}).status_code == 422


def names(response) -> list[str]:
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def guest_organisation(meeting) -> Organisation:
    """An organisation typed in by a coordinator inviting a guest."""
    meeting_services.invite_guest(
        meeting, "Gitte Gæst", "gitte@example.org", organisation="Gittes Konsulentfirma ApS"
    )
    return Organisation.objects.get(name="Gittes Konsulentfirma ApS")


@pytest.mark.parametrize("role", ["anonymous", "member", "admin_user"])
def test_organisations_typed_in_for_guests_are_not_listed(
    role, client_as, guest_organisation, municipality
):
    assert names(client_as(role).get(URL)) == ["Testby Kommune"]


def test_the_plans_own_organisations_are_listed(plan, network, ppr, member, meeting):
    housing = Organisation.objects.create(name="Boligselskabet")
    plan.areas.filter(name="Nordparken").update(housing_organisation=housing)
    association = Organisation.objects.create(name="Beboerforeningen")
    member.person.organisation = association
    member.person.save()
    meeting_services.invite_guest(meeting, "Gæst", "gaest@example.org", organisation="Gæstefirma")

    assert names(Client().get(URL)) == ["Beboerforeningen", "Boligselskabet", "Testby Kommune"]


def test_a_guest_who_becomes_a_member_brings_the_organisation_in(
    network, guest_organisation, coordinator
):
    guest = guest_organisation.people.get()
    Membership.objects.create(network=network, person=guest, starts_on=network.plan.starts_on)

    assert "Gittes Konsulentfirma ApS" in names(Client().get(URL))


def test_organisations_of_another_plans_people_are_not_listed(plan, second_plan):
    other_network = Network.objects.create(plan=second_plan, name="Andeby-netværk", slug="andeby")
    person = make_person("Anders And", organisation=Organisation.objects.create(name="Andeby A/S"))
    Membership.objects.create(network=other_network, person=person, starts_on=second_plan.starts_on)

    assert "Andeby A/S" not in names(Client().get(URL, {"plan": plan.slug}))
    assert "Andeby A/S" in names(Client().get(URL, {"plan": second_plan.slug}))
