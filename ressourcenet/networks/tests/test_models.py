"""Membership rules: periods may not overlap, and a membership cannot end before it starts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership, Network


@pytest.fixture
def person(db):
    return make_person("Ole Overlap")


def membership(network, person, starts_on, ends_on=None) -> Membership:
    return Membership(network=network, person=person, starts_on=starts_on, ends_on=ends_on)


def test_membership_cannot_end_before_it_starts(network, person):
    with pytest.raises(ValidationError) as error:
        membership(network, person, date(2026, 5, 1), date(2026, 4, 30)).full_clean()

    assert set(error.value.message_dict) == {"ends_on"}


def test_membership_may_end_the_day_it_starts(network, person):
    membership(network, person, date(2026, 5, 1), date(2026, 5, 1)).full_clean()


def test_open_membership_overlaps_a_later_one(network, person):
    membership(network, person, date(2025, 1, 1)).save()

    with pytest.raises(ValidationError) as error:
        membership(network, person, date(2027, 1, 1)).full_clean()

    assert set(error.value.message_dict) == {"person"}


def test_new_membership_may_start_the_day_the_old_one_ends(network, person):
    membership(network, person, date(2025, 1, 1), date(2026, 1, 1)).save()

    membership(network, person, date(2026, 1, 1)).full_clean()


def test_new_membership_may_not_start_the_day_before_the_old_one_ends(network, person):
    membership(network, person, date(2025, 1, 1), date(2026, 1, 1)).save()

    with pytest.raises(ValidationError):
        membership(network, person, date(2025, 12, 31)).full_clean()


def test_earlier_membership_must_end_before_a_planned_one_starts(network, person):
    membership(network, person, date(2030, 1, 1)).save()

    membership(network, person, date(2028, 1, 1), date(2030, 1, 1)).full_clean()
    with pytest.raises(ValidationError):
        membership(network, person, date(2028, 1, 1), date(2030, 1, 2)).full_clean()
    with pytest.raises(ValidationError):
        membership(network, person, date(2028, 1, 1)).full_clean()


def test_same_period_in_another_network_is_allowed(network, other_network, person):
    membership(network, person, date(2025, 1, 1)).save()

    membership(other_network, person, date(2025, 1, 1)).full_clean()


def test_a_membership_does_not_overlap_itself(network, person):
    saved = membership(network, person, date(2025, 1, 1))
    saved.save()

    saved.ends_on = date(2026, 1, 1)
    saved.full_clean()


def test_is_active_from_the_first_day_until_the_day_before_the_end():
    m = Membership(starts_on=date(2026, 1, 10), ends_on=date(2026, 1, 20))

    assert not m.is_active(date(2026, 1, 9))
    assert m.is_active(date(2026, 1, 10))
    assert m.is_active(date(2026, 1, 19))
    assert not m.is_active(date(2026, 1, 20))


def test_active_query_agrees_with_is_active(network, person):
    m = membership(network, person, date(2026, 1, 10), date(2026, 1, 20))
    m.save()

    for day in [date(2026, 1, 9), date(2026, 1, 10), date(2026, 1, 19), date(2026, 1, 20)]:
        assert Membership.objects.active(day).filter(pk=m.pk).exists() == m.is_active(day)


def test_member_counts_include_only_active_memberships(network, other_network, person):
    membership(network, person, date(2025, 1, 1), date(2025, 2, 1)).save()
    membership(network, make_person("Aktiv Anne"), date(2025, 1, 1)).save()

    counts = dict(
        Network.objects.with_member_counts(date(2026, 1, 1)).values_list("slug", "member_count")
    )

    assert counts == {"familier": 1, "job": 0}


def test_task_list_drops_bullets_and_blank_lines(plan):
    network = Network(plan=plan, tasks="• Dele viden\n\n- Prioritere\n  * Koordinere  \n")

    assert network.task_list == ["Dele viden", "Prioritere", "Koordinere"]
