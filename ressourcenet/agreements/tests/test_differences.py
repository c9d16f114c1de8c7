"""The history's differences: applying each version's changes to the one before gives it."""

from dataclasses import dataclass, field
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ressourcenet.agreements.services import differences


@dataclass
class FakeAmount:
    year: int
    money: int
    hours: int


@dataclass
class FakeAmounts:
    rows: list

    def all(self) -> list:
        return self.rows


@dataclass
class FakeVersion:
    amounts: FakeAmounts
    status: str = "active"
    starts_on: date = date(2020, 1, 1)
    ends_on: date = date(2023, 12, 31)
    extra: dict = field(default_factory=dict)


years_amounts = st.dictionaries(
    st.integers(2020, 2023), st.tuples(st.integers(0, 10**12), st.integers(0, 10**6))
)


def version(amounts: dict) -> FakeVersion:
    return FakeVersion(FakeAmounts([FakeAmount(y, m, h) for y, (m, h) in sorted(amounts.items())]))


@given(st.lists(years_amounts, min_size=1, max_size=5))
def test_each_versions_changes_turn_the_one_before_into_it(history):
    versions = [version(amounts) for amounts in history]
    state: dict = {}
    for diff, amounts in zip(differences(versions), history, strict=True):
        for change in diff.years:
            assert (change.old_money, change.old_hours) != (change.new_money, change.new_hours)
            if change.new_money is None:
                del state[change.year]
            else:
                state[change.year] = (change.new_money, change.new_hours)
        assert state == amounts


def test_an_unchanged_version_shows_no_years():
    same = {2020: (100, 2)}
    first, second = differences([version(same), version(same)])
    assert [c.year for c in first.years] == [2020]
    assert second.years == []
    assert not second.status_changed and not second.period_changed
