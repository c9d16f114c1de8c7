"""Workflows on memberships, shared by the pages and the API."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.lib.names import join_names
from ressourcenet.networks.coverage import Coverage, MemberFacts, network_coverage
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person, StakeholderGroup


def add_member(
    network: Network,
    person: Person,
    role: str = Membership.Role.MEMBER,
    starts_on: date | None = None,
) -> Membership:
    """Make the person a member from `starts_on` (today by default)."""
    membership = Membership(
        network=network, person=person, role=role, starts_on=starts_on or timezone.localdate()
    )
    membership.full_clean()
    membership.save()
    return membership


def end_membership(membership: Membership, ends_on: date | None = None) -> Membership:
    """End the membership; the row stays as history."""
    if membership.ends_on is not None and membership.ends_on <= timezone.localdate():
        raise ValidationError({"ends_on": _("This membership has already ended.")})
    membership.ends_on = ends_on or timezone.localdate()
    membership.full_clean()
    membership.save(update_fields=["ends_on"])
    return membership


def coverage_by_network(networks: list[Network], on: date | None = None) -> dict[int, Coverage]:
    """Coverage of several networks of one plan in three queries, whatever their size."""
    return _coverage(networks, on)[0]


def named_coverage(
    networks: list[Network], on: date | None = None
) -> tuple[dict[int, dict], dict[int, str]]:
    """`coverage_names` of each network, and the plan's area names by id: three queries."""
    coverage, area_names, unit_names = _coverage(networks, on)
    return {
        pk: coverage_names(found, area_names, unit_names) for pk, found in coverage.items()
    }, area_names


def _coverage(networks: list[Network], on: date | None):
    if not networks:
        return {}, {}, {}
    plan = networks[0].plan
    area_names = dict(plan.areas.values_list("id", "name"))
    expected_units: dict[int, list[int]] = {n.pk: [] for n in networks}
    unit_names: dict[int, str] = {}
    through = Network.expected_units.through.objects.filter(network__in=networks)
    for network_id, unit_id, name in through.values_list("network_id", "unit_id", "unit__name"):
        expected_units[network_id].append(unit_id)
        unit_names[unit_id] = name
    facts: dict[int, list[MemberFacts]] = {n.pk: [] for n in networks}
    rows = Membership.objects.active(on).filter(network__in=networks)
    for network_id, group, area_id, unit_id in rows.values_list(
        "network_id", "person__stakeholder_group", "person__housing_area_id", "person__unit_id"
    ):
        facts[network_id].append(MemberFacts(group, area_id, unit_id))
    groups = [group.value for group in StakeholderGroup.expected_in_networks()]
    coverage = {
        n.pk: network_coverage(facts[n.pk], groups, list(area_names), expected_units[n.pk])
        for n in networks
    }
    return coverage, area_names, unit_names


def coverage_names(coverage: Coverage, area_names: dict[int, str], unit_names: dict[int, str]):
    """The same coverage with names for display."""
    groups_missing = [StakeholderGroup(g).label for g in coverage.groups_missing]
    areas_missing = [area_names[a] for a in coverage.areas_missing]
    return {
        "member_count": coverage.member_count,
        "groups_present": [StakeholderGroup(g).label for g in coverage.groups_present],
        "groups_missing": groups_missing,
        "areas_present": [area_names[a] for a in coverage.areas_present],
        "areas_missing": areas_missing,
        # One sentence, unambiguous when a group's name has a comma ("Fagperson, ledelse").
        "missing_in_words": join_names([*areas_missing, *(str(g).lower() for g in groups_missing)]),
        "units_present": [unit_names[u] for u in coverage.units_present],
        "units_missing": [unit_names[u] for u in coverage.units_missing],
        "group_total": len(coverage.groups_present) + len(coverage.groups_missing),
        "area_total": len(coverage.areas_present) + len(coverage.areas_missing),
        "unit_total": len(coverage.units_present) + len(coverage.units_missing),
        "is_complete": coverage.is_complete,
    }
