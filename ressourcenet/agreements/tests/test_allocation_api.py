"""The resource allocation in the API: administrators put a year, readers get it."""

import pytest

from ressourcenet.agreements.models import AllocationLine
from ressourcenet.api.tests.utils import ROLES, error_locs, put_json, refusal_status
from ressourcenet.plans.models import Effort

URL = "/api/v1/allocations"
READERS = {"admin_user", "coordinator", "board_member"}


@pytest.fixture
def effort(plan) -> Effort:
    return Effort.objects.create(plan=plan, name="Beskæftigelse")


def lines(plan, effort) -> list[dict]:
    north, south = plan.areas.order_by("name")
    return [
        {"effort": effort.pk, "housing_area": north.pk, "money": 100_000, "hours": 50},
        {"effort": effort.pk, "housing_area": south.pk, "money": 0, "hours": 120},
    ]


def url(plan, year) -> str:
    return f"{URL}?plan={plan.pk}&year={year}"


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_put_and_readers_get(role, client_as, plan, effort, network):
    year = plan.starts_on.year
    response = put_json(client_as(role), url(plan, year), {"lines": lines(plan, effort)})
    if role == "admin_user":
        assert response.status_code == 200, response.content
        assert [line["hours"] for line in response.json()["lines"]] == [50, 120]
    else:
        assert response.status_code == refusal_status(role)
        assert not AllocationLine.objects.exists()
    got = client_as(role).get(url(plan, year))
    assert got.status_code == (200 if role in READERS else refusal_status(role))


def test_putting_again_replaces_the_year(client_as, plan, effort):
    year = plan.starts_on.year
    client = client_as("admin_user")
    put_json(client, url(plan, year), {"lines": lines(plan, effort)})
    put_json(client, url(plan, year + 1), {"lines": lines(plan, effort)[:1]})
    put_json(client, url(plan, year), {"lines": []})
    assert list(AllocationLine.objects.values_list("year", flat=True)) == [year + 1]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"money": -1}, "money"),
        ({"hours": 10**20}, "hours"),
        ({"effort": 2**70}, "effort"),
    ],
)
def test_bad_lines_are_refused_naming_the_field(change, field, client_as, plan, effort):
    body = {"lines": [lines(plan, effort)[0] | change]}
    response = put_json(client_as("admin_user"), url(plan, plan.starts_on.year), body)
    assert ["body", "payload", "lines", 0, field] in error_locs(response)


def test_an_effort_or_area_of_another_plan_and_a_line_twice_are_refused(
    client_as, plan, effort, second_plan
):
    other_area = second_plan.areas.get()
    other_effort = Effort.objects.create(plan=second_plan, name="Andet")
    first = lines(plan, effort)[0]
    body = {
        "lines": [
            first,
            first | {"hours": 1},
            first | {"effort": other_effort.pk},
            first | {"housing_area": other_area.pk},
        ]
    }
    response = put_json(client_as("admin_user"), url(plan, plan.starts_on.year), body)
    assert error_locs(response) == [
        ["body", "payload", "lines", 1, "housing_area"],
        ["body", "payload", "lines", 2, "effort"],
        ["body", "payload", "lines", 3, "housing_area"],
    ]
    assert not AllocationLine.objects.exists()


@pytest.mark.parametrize("year_offset", [-1, 100])
def test_a_year_outside_the_plan_is_refused(year_offset, client_as, plan, effort):
    year = plan.starts_on.year + year_offset if year_offset < 0 else plan.ends_on.year + 1
    response = put_json(client_as("admin_user"), url(plan, year), {"lines": []})
    assert error_locs(response) == [["query", "year"]]
    assert client_as("admin_user").get(url(plan, 9999)).status_code == 422


def test_each_line_has_the_id_a_recommendation_names(client_as, plan, effort):
    """A client reads the ids here and sends them as a recommendation's allocation_lines."""
    year = plan.starts_on.year
    put_json(client_as("admin_user"), url(plan, year), {"lines": lines(plan, effort)})
    got = client_as("coordinator").get(url(plan, year)).json()["lines"]
    stored = AllocationLine.objects.filter(plan=plan, year=year)
    assert {line["id"] for line in got} == set(stored.values_list("pk", flat=True))
    assert all(
        AllocationLine.objects.get(pk=line["id"]).housing_area_id == line["housing_area"]
        for line in got
    )
