"""Creating people: both or neither with a membership, who created them, unique addresses."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people import services
from ressourcenet.people.models import EMAIL_CANNOT_BE_USED, Person, StakeholderGroup
from ressourcenet.plans.models import Plan


def nina(**fields) -> Person:
    return Person(name="Nina Ny", stakeholder_group=StakeholderGroup.VOLUNTEER, **fields)


@pytest.fixture
def stranger(db) -> Person:
    """Ole, a member of a network in another plan."""
    other_plan = Plan.objects.create(
        name="Andeby", slug="andeby", starts_on=date.today(), ends_on=date.today()
    )
    network = Network.objects.create(plan=other_plan, name="Andeby-netværket", slug="andeby")
    ole = make_person("Ole Andeby", email="ole@andeby.dk")
    Membership.objects.create(network=network, person=ole, starts_on=date.today())
    return ole


def test_create_person_in_a_network_saves_both_and_the_creator(network, coordinator):
    person = services.create_person(
        nina(), created_by=coordinator, network=network, role=Membership.Role.COORDINATOR
    )

    assert network.memberships.get(person__name="Nina Ny").role == Membership.Role.COORDINATOR
    assert Person.objects.get(pk=person.pk).created_by == coordinator


def test_create_person_without_network_saves_only_the_person(network):
    services.create_person(nina())

    person = Person.objects.get(name="Nina Ny")
    assert not person.memberships.exists()
    assert person.created_by is None


def test_create_person_saves_neither_when_the_membership_is_invalid(network):
    with pytest.raises(ValidationError):
        services.create_person(nina(), network=network, role="chief")

    assert not Person.objects.filter(name="Nina Ny").exists()


def test_create_person_saves_nothing_when_the_person_is_invalid(network):
    person = Person(name="Bo Beboer", stakeholder_group=StakeholderGroup.RESIDENT_BOARD)

    with pytest.raises(ValidationError):
        services.create_person(person, network=network)

    assert not Person.objects.filter(name="Bo Beboer").exists()
    assert network.memberships.count() == 0


def test_the_database_refuses_a_second_person_with_the_same_address_in_any_case(db):
    make_person("Vera Frivillig", email="vera@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="Vera To", email="VERA@example.org", stakeholder_group="guest")
    Person.objects.create(name="Uden Mail", email="", stakeholder_group="guest")
    Person.objects.create(name="Heller Ingen", email="", stakeholder_group="guest")

    assert Person.objects.filter(email__iexact="vera@example.org").count() == 1


def test_a_duplicate_in_the_same_plan_says_so(plan, member):
    with pytest.raises(services.EmailInUse) as error:
        services.create_person(nina(email="Mads.Medlem@example.org"), plan=plan)

    assert error.value.message_dict == {"email": [str(services.EMAIL_IN_PLAN)]}


def test_a_duplicate_in_another_plan_is_refused_without_saying_it_is_known(plan, stranger):
    with pytest.raises(services.EmailInUse) as error:
        services.create_person(nina(email="OLE@andeby.dk"), plan=plan)

    assert error.value.message_dict == {"email": [str(EMAIL_CANNOT_BE_USED)]}
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_a_parallel_request_that_took_the_address_first_gives_the_same_error(
    plan, member, monkeypatch
):
    """The check passed, then the other request committed: the constraint answers."""
    monkeypatch.setattr(services, "validate_person", lambda person, plan: None)

    with pytest.raises(services.EmailInUse):
        services.create_person(nina(email="mads.medlem@example.org"), plan=plan)

    assert Person.objects.filter(email="mads.medlem@example.org").count() == 1


def test_save_person_refuses_an_address_another_person_has(plan, member, volunteer):
    volunteer.email = "MADS.medlem@example.org"

    with pytest.raises(services.EmailInUse):
        services.save_person(volunteer, plan)

    volunteer.refresh_from_db()
    assert volunteer.email == "vera.frivillig@example.org"
