"""Who is at the table: the pure coverage rule."""

from hypothesis import given
from hypothesis import strategies as st

from ressourcenet.networks.coverage import MemberFacts, network_coverage

GROUPS = ["staff", "volunteer", "resident_board"]


def facts(group="staff", area=None, unit=None) -> MemberFacts:
    return MemberFacts(group, area, unit)


def test_empty_network_misses_everything_expected():
    coverage = network_coverage([], GROUPS, [1, 2], [7])

    assert coverage.member_count == 0
    assert coverage.groups_missing == tuple(GROUPS)
    assert coverage.areas_missing == (1, 2)
    assert coverage.units_missing == (7,)
    assert not coverage.is_complete


def test_nothing_expected_is_complete_even_when_empty():
    assert network_coverage([], [], [], []).is_complete


def test_a_member_covers_their_group_area_and_unit():
    coverage = network_coverage([facts("volunteer", 2, 7)], GROUPS, [1, 2], [7, 8])

    assert coverage.groups_present == ("volunteer",)
    assert coverage.groups_missing == ("staff", "resident_board")
    assert coverage.areas_present == (2,)
    assert coverage.areas_missing == (1,)
    assert coverage.units_present == (7,)
    assert coverage.units_missing == (8,)


def test_results_keep_the_expected_order_not_the_member_order():
    members = [facts("resident_board", 3), facts("staff", 1)]

    coverage = network_coverage(members, GROUPS, [1, 2, 3], [])

    assert coverage.groups_present == ("staff", "resident_board")
    assert coverage.areas_present == (1, 3)


def test_unexpected_groups_areas_and_units_are_ignored():
    coverage = network_coverage([facts("guest", 99, 42)], GROUPS, [1], [7])

    assert coverage.member_count == 1
    assert coverage.groups_present == ()
    assert coverage.areas_present == ()
    assert coverage.units_present == ()


def test_members_without_area_or_unit_cover_only_their_group():
    coverage = network_coverage([facts("staff")], ["staff"], [1], [7])

    assert coverage.groups_missing == ()
    assert coverage.areas_missing == (1,)
    assert coverage.units_missing == (7,)


def test_every_member_counts_even_with_the_same_facts():
    assert network_coverage([facts(), facts(), facts()], GROUPS, [], []).member_count == 3


def test_complete_when_every_group_area_and_unit_is_present():
    members = [facts("staff", 1, 7), facts("volunteer", 2), facts("resident_board", 2, 8)]

    assert network_coverage(members, GROUPS, [1, 2], [7, 8]).is_complete


def test_one_missing_unit_makes_coverage_incomplete():
    members = [facts("staff", 1, 7), facts("volunteer", 2), facts("resident_board", 2)]

    assert not network_coverage(members, GROUPS, [1, 2], [7, 8]).is_complete


def test_accepts_generators():
    coverage = network_coverage((f for f in [facts("staff", 1)]), iter(GROUPS), iter([1]), iter([]))

    assert coverage.member_count == 1
    assert coverage.areas_present == (1,)


ids = st.integers(min_value=1, max_value=8)
member_facts = st.builds(
    MemberFacts,
    stakeholder_group=st.sampled_from([*GROUPS, "guest"]),
    housing_area_id=st.none() | ids,
    unit_id=st.none() | ids,
)
unique_ids = st.lists(ids, unique=True)


@given(
    members=st.lists(member_facts),
    groups=st.lists(st.sampled_from(GROUPS), unique=True),
    areas=unique_ids,
    units=unique_ids,
)
def test_present_and_missing_always_partition_what_is_expected(members, groups, areas, units):
    coverage = network_coverage(members, groups, areas, units)

    assert coverage.member_count == len(members)
    for present, missing, expected, actual in [
        (
            coverage.groups_present,
            coverage.groups_missing,
            groups,
            {m.stakeholder_group for m in members},
        ),
        (
            coverage.areas_present,
            coverage.areas_missing,
            areas,
            {m.housing_area_id for m in members},
        ),
        (coverage.units_present, coverage.units_missing, units, {m.unit_id for m in members}),
    ]:
        assert set(present) | set(missing) == set(expected)
        assert not set(present) & set(missing)
        assert len(present) + len(missing) == len(expected)
        assert set(present) == set(expected) & actual
    assert coverage.is_complete == (
        not coverage.groups_missing and not coverage.areas_missing and not coverage.units_missing
    )


@given(members=st.lists(member_facts), areas=unique_ids)
def test_adding_a_member_never_removes_an_area(members, areas):
    before = network_coverage(members, GROUPS, areas, [])
    after = network_coverage(
        [*members, facts("volunteer", areas[0] if areas else None)], GROUPS, areas, []
    )

    assert set(before.areas_present) <= set(after.areas_present)
    assert after.member_count == before.member_count + 1
