"""No N+1: the number of queries does not grow with the number of members."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.plans.models import Plan


def add_members(network: Network, plan: Plan, how_many: int) -> None:
    """Members with an area, an e-mail and some with more than one network."""
    areas = list(plan.areas.all())
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(
            name=f"Medlem {start + n:03}",
            email=f"medlem{start + n}@example.org",
            phone="+45 12 34 56 78",
            stakeholder_group=StakeholderGroup.VOLUNTEER,
            housing_area=areas[n % len(areas)],
        )
        for n in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, person=person, starts_on=date(2025, 1, 1)) for person in people
    )


def queries_for(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()


URLS = {
    "network detail": lambda network: f"/api/v1/networks/{network.pk}",
    "people": lambda network: "/api/v1/people",
    "members": lambda network: f"/api/v1/networks/{network.pk}/members",
}


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member"])
@pytest.mark.parametrize("endpoint", URLS)
def test_queries_do_not_grow_with_the_members(
    role, endpoint, request, api_client, network, plan, django_assert_num_queries
):
    client = api_client(request.getfixturevalue(role))
    url = URLS[endpoint](network)
    add_members(network, plan, 3 - Membership.objects.count())
    with_three, body = queries_for(client, url)
    assert len(body.get("members") or body["items"]) == 3

    add_members(network, plan, 27)
    with django_assert_num_queries(with_three):
        response = client.get(url)

    body = response.json()
    assert len(body.get("members") or body["items"]) == 30
