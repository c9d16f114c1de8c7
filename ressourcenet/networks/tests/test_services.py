"""Membership workflows and coverage across several networks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.networks import services
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import StakeholderGroup


def test_add_member_starts_today_by_default(network):
    person = make_person("Nina Ny")

    membership = services.add_member(network, person)

    assert membership.pk is not None
    assert membership.starts_on == timezone.localdate()
    assert membership.role == Membership.Role.MEMBER


def test_add_member_refuses_an_overlap_and_saves_nothing(network, member):
    with pytest.raises(ValidationError):
        services.add_member(network, member.person)

    assert Membership.objects.filter(person=member.person).count() == 1


def test_end_membership_ends_today_by_default(volunteer):
    membership = volunteer.memberships.get()

    services.end_membership(membership)

    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()


def test_end_membership_twice_raises(volunteer):
    membership = volunteer.memberships.get()
    services.end_membership(membership)

    with pytest.raises(ValidationError) as error:
        services.end_membership(membership, timezone.localdate() + timedelta(days=5))

    assert "ends_on" in error.value.message_dict
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()


def test_a_planned_end_may_be_moved(volunteer):
    membership = volunteer.memberships.get()
    services.end_membership(membership, timezone.localdate() + timedelta(days=30))

    services.end_membership(membership, timezone.localdate() + timedelta(days=10))

    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate() + timedelta(days=10)


def test_end_before_start_raises_and_saves_nothing(volunteer):
    membership = volunteer.memberships.get()

    with pytest.raises(ValidationError):
        services.end_membership(membership, date(2024, 1, 1))

    membership.refresh_from_db()
    assert membership.ends_on is None


def test_coverage_by_network_covers_each_network_separately(
    plan, network, other_network, member, ppr
):
    Membership.objects.create(
        network=other_network,
        person=make_person("Pia PPR", unit=ppr, organisation=ppr.organisation),
        starts_on=date(2025, 1, 1),
    )
    nordparken = plan.areas.get(name="Nordparken").pk

    coverage = services.coverage_by_network([network, other_network])

    assert coverage[network.pk].member_count == 1
    assert coverage[network.pk].areas_present == (nordparken,)
    assert coverage[network.pk].units_missing == (ppr.pk,)
    assert coverage[other_network.pk].member_count == 1
    assert coverage[other_network.pk].areas_present == ()
    assert coverage[other_network.pk].units_missing == ()
    assert coverage[other_network.pk].groups_present == (StakeholderGroup.PROFESSIONAL_STAFF,)


def test_coverage_on_a_day_counts_the_members_of_that_day(network, member):
    joined = member.person.memberships.get().starts_on
    day_before = joined - timedelta(days=1)
    assert services.coverage_by_network([network], day_before)[network.pk].member_count == 0
    assert services.coverage_by_network([network], joined)[network.pk].member_count == 1


def test_coverage_of_no_networks_is_empty(db):
    assert services.coverage_by_network([]) == {}


def test_coverage_names_turns_ids_into_names(network, member, plan):
    coverage = services.coverage_by_network([network])[network.pk]
    area_names = dict(plan.areas.values_list("id", "name"))

    names = services.coverage_names(coverage, area_names, {network.expected_units.get().pk: "PPR"})

    assert names["areas_present"] == ["Nordparken"]
    assert names["areas_missing"] == ["Sydparken"]
    assert names["units_missing"] == ["PPR"]
    assert names["groups_present"] == [StakeholderGroup.VOLUNTEER.label]
    assert (names["area_total"], names["unit_total"], names["group_total"]) == (2, 1, 6)
    assert names["is_complete"] is False
