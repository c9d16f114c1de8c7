"""GET /api/v1/organisations: public, so clients can offer organisations and units."""

import pytest
from django.test import Client

from ressourcenet.api.tests.utils import ROLES
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
