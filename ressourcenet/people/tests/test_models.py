"""Person rules: unit within organisation, resident boards need an area, e-mails unique."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ressourcenet.conftest import make_person
from ressourcenet.lib.bounds import ID_MAX as MAX_ID
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.models import BoardMember, HousingArea, LocalSteeringGroup, Plan

G = StakeholderGroup


def errors_of(person: Person) -> set[str]:
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    return set(error.value.message_dict)


@pytest.mark.django_db
def test_name_and_email_are_tidied():
    person = Person(name="  Nina Ny ", email="Nina@Example.ORG", stakeholder_group=G.GUEST)

    person.full_clean()

    assert (person.name, person.email) == ("Nina Ny", "nina@example.org")


def test_unit_must_belong_to_the_chosen_organisation(ppr):
    housing = Organisation.objects.create(name="Boligselskabet")

    person = Person(
        name="Pia", stakeholder_group=G.PROFESSIONAL_STAFF, organisation=housing, unit=ppr
    )

    assert errors_of(person) == {"unit"}


def test_unit_alone_brings_its_organisation(ppr, municipality):
    person = Person(name="Pia", stakeholder_group=G.PROFESSIONAL_STAFF, unit=ppr)

    person.full_clean()

    assert person.organisation == municipality


def test_unit_within_its_organisation_is_fine(ppr, municipality):
    Person(
        name="Pia", stakeholder_group=G.PROFESSIONAL_STAFF, organisation=municipality, unit=ppr
    ).full_clean()


def test_resident_board_member_needs_a_housing_area(plan):
    person = Person(name="Bo Beboer", stakeholder_group=G.RESIDENT_BOARD)

    assert errors_of(person) == {"housing_area"}
    person.housing_area = plan.areas.first()
    person.full_clean()


@pytest.mark.parametrize("group", [g for g in G if g != G.RESIDENT_BOARD])
def test_other_groups_need_no_housing_area(db, group):
    Person(name="Nina Ny", stakeholder_group=group).full_clean()


@pytest.mark.django_db
def test_email_is_unique_whatever_its_case():
    make_person("Vera Frivillig", email="vera@example.org")

    person = Person(name="Vera To", email="VERA@Example.org", stakeholder_group=G.VOLUNTEER)

    assert errors_of(person) == {"email"}


@pytest.mark.django_db
def test_a_person_keeps_their_own_email_and_many_may_have_none():
    vera = make_person("Vera Frivillig", email="vera@example.org")
    make_person("Uden Mail", email="")

    vera.email = "Vera@example.org"
    vera.full_clean()
    Person(name="Heller Ingen", email="", stakeholder_group=G.GUEST).full_clean()


@pytest.mark.django_db
def test_several_rules_are_reported_together():
    make_person("Vera", email="vera@example.org")
    municipality = Organisation.objects.create(name="Kommunen")
    unit = Unit.objects.create(organisation=municipality, name="PPR")
    other = Organisation.objects.create(name="Andet")

    person = Person(
        name="Alt Galt",
        email="vera@example.org",
        stakeholder_group=G.RESIDENT_BOARD,
        organisation=other,
        unit=unit,
    )

    assert errors_of(person) == {"email", "housing_area", "unit"}


def test_people_of_a_plan_are_tied_by_network_board_steering_group_or_area(plan, network):
    other = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    andeparken = HousingArea.objects.create(plan=other, name="Andeparken")
    in_network = make_person("I Netværk")
    Membership.objects.create(network=network, person=in_network, starts_on=date(2025, 1, 1))
    on_board = make_person("I Bestyrelse")
    BoardMember.objects.create(board=plan.board, person=on_board, starts_on=date(2025, 1, 1))
    in_steering = make_person("I Styregruppe")
    group = LocalSteeringGroup.objects.create(area=plan.areas.first(), name="Styregruppe")
    group.members.add(in_steering)
    make_person("I Område", housing_area=plan.areas.first())
    make_person("Ikke Bundet")
    elsewhere = make_person("Andetsteds")
    Membership.objects.create(
        network=Network.objects.create(plan=other, name="Andenet", slug="ande"),
        person=elsewhere,
        starts_on=date(2021, 1, 1),
    )
    make_person("Andeby Område", housing_area=andeparken)

    names = list(Person.objects.in_plan(plan).values_list("name", flat=True))

    assert names == ["I Bestyrelse", "I Netværk", "I Område", "I Styregruppe", "Ikke Bundet"]


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("", ["Anna", "Bo"]),  # no filter
        ("nowhere", ["Anna", "Bo"]),  # not a number: no filter
        ("0", []),
        ("9" * 20, []),  # beyond the database's integers: no one, no error
        (str(MAX_ID), []),
    ],
)
def test_search_by_area_takes_any_text(db, area, expected):
    make_person("Anna")
    make_person("Bo")

    assert sorted(p.name for p in Person.objects.search(area=area)) == expected


def test_search_by_area_finds_its_people(plan):
    area = plan.areas.get(name="Sydparken")
    make_person("Anna", housing_area=area)
    make_person("Bo")

    assert [p.name for p in Person.objects.search(area=area.pk)] == ["Anna"]
    assert [p.name for p in Person.objects.search(area=str(area.pk))] == ["Anna"]
