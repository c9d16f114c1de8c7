"""Who is at the table: which housing areas, stakeholder groups and units a network covers.

Pure: takes plain values, returns plain values.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberFacts:
    stakeholder_group: str
    housing_area_id: int | None
    unit_id: int | None


@dataclass(frozen=True)
class Coverage:
    member_count: int
    groups_present: tuple[str, ...]
    groups_missing: tuple[str, ...]
    areas_present: tuple[int, ...]
    areas_missing: tuple[int, ...]
    units_present: tuple[int, ...]
    units_missing: tuple[int, ...]

    @property
    def is_complete(self) -> bool:
        return not (self.groups_missing or self.areas_missing or self.units_missing)


def network_coverage(
    members: Iterable[MemberFacts],
    expected_groups: Iterable[str],
    area_ids: Iterable[int],
    expected_unit_ids: Iterable[int],
) -> Coverage:
    members = list(members)
    groups = {m.stakeholder_group for m in members}
    areas = {m.housing_area_id for m in members if m.housing_area_id is not None}
    units = {m.unit_id for m in members if m.unit_id is not None}
    expected_groups = list(expected_groups)
    area_ids = list(area_ids)
    expected_unit_ids = list(expected_unit_ids)
    return Coverage(
        member_count=len(members),
        groups_present=tuple(g for g in expected_groups if g in groups),
        groups_missing=tuple(g for g in expected_groups if g not in groups),
        areas_present=tuple(a for a in area_ids if a in areas),
        areas_missing=tuple(a for a in area_ids if a not in areas),
        units_present=tuple(u for u in expected_unit_ids if u in units),
        units_missing=tuple(u for u in expected_unit_ids if u not in units),
    )
