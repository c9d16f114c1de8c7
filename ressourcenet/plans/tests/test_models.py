"""Which plan is current, and a plan's period."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ressourcenet.plans.models import Plan


def make_plan(slug: str, starts: int, ends: int) -> Plan:
    return Plan.objects.create(
        name=f"Plan {slug}",
        slug=slug,
        municipality="Testby",
        starts_on=date(starts, 1, 1),
        ends_on=date(ends, 12, 31),
    )


@pytest.mark.django_db
def test_no_plans_means_no_current_plan():
    assert Plan.objects.current() is None


@pytest.mark.django_db
def test_current_plan_is_the_one_running_on_the_day():
    old = make_plan("old", 2017, 2020)
    running = make_plan("running", 2021, 2024)
    make_plan("next", 2025, 2028)

    assert Plan.objects.current(date(2022, 6, 1)) == running
    assert Plan.objects.current(date(2020, 12, 31)) == old
    assert Plan.objects.current(date(2021, 1, 1)) == running


@pytest.mark.django_db
def test_of_two_running_plans_the_later_start_wins():
    make_plan("long", 2018, 2030)
    newer = make_plan("newer", 2022, 2025)

    assert Plan.objects.current(date(2023, 1, 1)) == newer


@pytest.mark.django_db
def test_between_plans_the_latest_start_is_current():
    make_plan("old", 2010, 2013)
    upcoming = make_plan("upcoming", 2030, 2033)

    assert Plan.objects.current(date(2020, 1, 1)) == upcoming


@pytest.mark.django_db
def test_after_the_last_plan_it_stays_current():
    make_plan("old", 2010, 2013)
    last = make_plan("last", 2014, 2017)

    assert Plan.objects.current(date(2026, 1, 1)) == last


@pytest.mark.django_db
def test_current_defaults_to_today():
    today_plan = make_plan("now", 2000, 2100)
    make_plan("future", 2101, 2104)

    assert Plan.objects.current() == today_plan


def test_plan_cannot_end_before_it_starts():
    plan = Plan(
        name="P", slug="p", municipality="M", starts_on=date(2025, 1, 1), ends_on=date(2024, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        plan.clean()

    assert set(error.value.message_dict) == {"ends_on"}


def test_period_shows_the_years():
    plan = Plan(starts_on=date(2017, 1, 1), ends_on=date(2020, 12, 31))

    assert plan.period == "2017–2020"
