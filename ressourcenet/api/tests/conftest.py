"""Fixtures for the API tests: a client per role name, for tests parametrized over roles."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import HousingArea, Plan


@pytest.fixture
def client_as(request, api_client) -> Callable[[str], Client]:
    """client_as("member") -> a client sending a fresh token for that fixture's user."""

    def _client(role: str) -> Client:
        user = None if role == "anonymous" else request.getfixturevalue(role)
        return api_client(user)

    return _client


@pytest.fixture
def second_plan(db) -> Plan:
    """Another plan running today, which started before the `plan` fixture's."""
    plan = Plan.objects.create(
        name="Helhedsplan Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    HousingArea.objects.create(plan=plan, name="Østerby")
    return plan


@pytest.fixture
def person_in_second_plan(second_plan) -> Person:
    """Ole, a member of the one network of the second plan ("Netværk i Andeby")."""
    network = Network.objects.create(plan=second_plan, name="Netværk i Andeby", slug="andeby")
    person = make_person("Ole Andeby")
    Membership.objects.create(network=network, person=person, starts_on=date(2024, 1, 1))
    return person
