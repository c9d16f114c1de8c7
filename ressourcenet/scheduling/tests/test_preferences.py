"""Which times suit which groups, learned from earlier answers, and the times suggested next."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ressourcenet.scheduling.preferences import (
    AFTERNOON,
    BANDS,
    EVENING,
    MIDDAY,
    MORNING,
    PastAnswer,
    expected_yes,
    suggest_slots,
    time_band,
    yes_shares,
)

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 3, 2)
TUESDAY, WEDNESDAY, FRIDAY = 1, 2, 4  # weekday numbers
TWO_HOURS = timedelta(hours=2)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CPH)


def no_holidays(day: date) -> bool:
    return False


# Volunteers have history at every weekday and time of day: an even chance everywhere.
EVEN = {"volunteer": {(day, band): 0.5 for day in range(5) for band in BANDS}}


def suggest(shares=None, groups=("volunteer",), first_day=MONDAY, **options):
    options.setdefault("is_holiday", no_holidays)
    return suggest_slots(
        shares if shares is not None else EVEN,
        list(groups),
        first_day=first_day,
        duration=TWO_HOURS,
        tzinfo=CPH,
        **options,
    )


def weekday_and_band(suggestion) -> tuple[int, str]:
    return suggestion.starts_at.weekday(), time_band(suggestion.starts_at)


# Time bands


@pytest.mark.parametrize(
    ("hour", "minute", "band"),
    [
        (0, 0, MORNING),
        (7, 30, MORNING),
        (10, 59, MORNING),
        (11, 0, MIDDAY),
        (12, 59, MIDDAY),
        (13, 0, AFTERNOON),
        (16, 59, AFTERNOON),
        (17, 0, EVENING),
        (23, 59, EVENING),
    ],
)
def test_time_band_boundaries(hour, minute, band):
    assert time_band(moment(MONDAY, hour, minute)) == band


def test_time_band_reads_the_clock_time_it_is_given():
    # 16.30 in Copenhagen is 15.30 UTC: afternoon here, whatever the hour in UTC.
    assert time_band(moment(MONDAY, 17, 30).astimezone(ZoneInfo("UTC"))) == AFTERNOON
    assert time_band(moment(MONDAY, 17, 30)) == EVENING


# Shares of yes


def test_yes_share_per_group_weekday_and_band():
    tuesday_evening = moment(MONDAY + timedelta(days=1), 17)
    answers = [
        PastAnswer("volunteer", tuesday_evening, "yes"),
        PastAnswer("volunteer", tuesday_evening + timedelta(hours=1), "yes"),
        PastAnswer("volunteer", tuesday_evening, "yes"),
        PastAnswer("volunteer", tuesday_evening, "no"),
    ]

    assert yes_shares(answers) == {"volunteer": {(TUESDAY, EVENING): 0.75}}


def test_if_need_be_is_not_counted_as_yes_in_the_share():
    wednesday_morning = moment(MONDAY + timedelta(days=2), 9)
    answers = [
        PastAnswer("professional_staff", wednesday_morning, "yes"),
        PastAnswer("professional_staff", wednesday_morning, "if_need_be"),
    ]

    assert yes_shares(answers)["professional_staff"][(WEDNESDAY, MORNING)] == 0.5


def test_shares_are_kept_apart_by_group_weekday_and_band():
    answers = [
        PastAnswer("volunteer", moment(MONDAY, 18), "yes"),
        PastAnswer("volunteer", moment(MONDAY, 9), "no"),
        PastAnswer("volunteer", moment(MONDAY + timedelta(days=1), 18), "no"),
        PastAnswer("professional_staff", moment(MONDAY, 18), "no"),
        PastAnswer("professional_staff", moment(MONDAY + timedelta(days=7), 9), "yes"),
    ]

    assert yes_shares(answers) == {
        "volunteer": {(0, EVENING): 1.0, (0, MORNING): 0.0, (TUESDAY, EVENING): 0.0},
        "professional_staff": {(0, EVENING): 0.0, (0, MORNING): 1.0},
    }


def test_no_answers_give_no_shares():
    assert yes_shares([]) == {}


# Expected yes


def test_expected_yes_adds_the_share_of_each_invitees_group():
    shares = {
        "volunteer": {(TUESDAY, EVENING): 0.75},
        "professional_staff": {(TUESDAY, EVENING): 0.2},
    }

    assert expected_yes(
        shares, ["volunteer", "volunteer", "professional_staff"], TUESDAY, EVENING
    ) == pytest.approx(1.7)


def test_a_group_without_history_counts_as_an_even_chance():
    assert expected_yes({}, ["guest", "guest"], TUESDAY, EVENING) == 1.0


def test_a_known_group_without_history_at_that_time_counts_as_an_even_chance():
    shares = {"volunteer": {(TUESDAY, EVENING): 1.0}}

    assert expected_yes(shares, ["volunteer"], TUESDAY, MORNING) == 0.5


def test_a_known_share_of_nought_counts_as_nought():
    shares = {"volunteer": {(TUESDAY, MORNING): 0.0}}

    assert expected_yes(shares, ["volunteer"], TUESDAY, MORNING) == 0.0


def test_no_invitees_expect_no_yes():
    assert expected_yes({"volunteer": {(TUESDAY, EVENING): 1.0}}, [], TUESDAY, EVENING) == 0


# Suggestions


def test_suggestions_leave_out_weekends():
    saturday = MONDAY + timedelta(days=5)

    chosen = suggest(first_day=saturday, days=7, count=20)

    assert chosen
    assert all(s.starts_at.weekday() < 5 for s in chosen)
    assert {s.starts_at.date() for s in chosen} == {
        saturday + timedelta(days=n) for n in range(2, 7)
    }


def test_suggestions_leave_out_holidays():
    tuesday = MONDAY + timedelta(days=1)
    shares = {"volunteer": {(TUESDAY, EVENING): 1.0}}

    (chosen,) = suggest(shares, is_holiday=lambda day: day == tuesday, count=1)

    # Tuesday evening is the favourite, so it goes to the next Tuesday.
    assert chosen.starts_at == moment(tuesday + timedelta(days=7), 17)


def test_with_every_day_a_holiday_there_is_nothing_to_suggest():
    assert suggest(is_holiday=lambda day: True) == []


def test_suggestions_stay_within_the_days_from_the_first_day():
    chosen = suggest(first_day=MONDAY + timedelta(days=2), days=3, count=20)

    assert {s.starts_at.date() for s in chosen} == {MONDAY + timedelta(days=n) for n in (2, 3, 4)}


def test_suggestions_spread_over_different_weekdays_and_bands():
    # Tuesday evening is best every week, but is suggested only once.
    shares = {"volunteer": {**EVEN["volunteer"], (TUESDAY, EVENING): 1.0}}

    chosen = suggest(shares, count=4, days=21)

    assert len({weekday_and_band(s) for s in chosen}) == 4
    assert [weekday_and_band(s) for s in chosen].count((TUESDAY, EVENING)) == 1


def test_suggestions_fall_on_different_days_even_when_one_day_is_best():
    # Monday is best at every time of day; still only one suggestion falls on each day.
    monday = {(0, band): 1.0 for band in BANDS}
    shares = {"volunteer": {**EVEN["volunteer"], **monday}}

    chosen = suggest(shares, count=4, days=21)

    assert len(chosen) == 4
    assert len({s.starts_at.date() for s in chosen}) == 4
    assert chosen[0].starts_at == moment(MONDAY, 9)


def test_each_day_and_each_weekday_and_band_is_suggested_once_at_most():
    chosen = suggest(count=100, days=21)

    assert len(chosen) == 15  # the weekdays in three weeks
    assert len({s.starts_at.date() for s in chosen}) == 15
    assert len({weekday_and_band(s) for s in chosen}) == 15


def test_without_history_nothing_is_suggested():
    assert suggest({}, count=4) == []


def test_without_history_for_the_invitees_groups_nothing_is_suggested():
    assert suggest(EVEN, groups=["professional_staff"], count=4) == []


def test_only_times_with_history_are_suggested():
    shares = {"volunteer": {(TUESDAY, EVENING): 0.6}}

    chosen = suggest(shares, count=4, days=21)

    assert [weekday_and_band(s) for s in chosen] == [(TUESDAY, EVENING)]  # once at most


def test_a_suggestion_tells_what_it_is_based_on():
    shares = {
        "volunteer": {(TUESDAY, EVENING): 0.8},
        "professional_staff": {(TUESDAY, EVENING): 0.6},
        "guest": {(TUESDAY, EVENING): 1.0},  # not invited: not part of the basis
    }

    (chosen,) = suggest(shares, groups=["professional_staff", "volunteer"], count=1)

    assert chosen.basis == (("volunteer", 0.8), ("professional_staff", 0.6))


@pytest.mark.parametrize("count", [1, 2, 4, 7])
def test_suggestions_respect_the_count(count):
    assert len(suggest(count=count)) == count


def test_asking_for_no_suggestions_gives_none():
    assert suggest(count=0) == []


def test_suggestions_are_sorted_by_time():
    shares = {
        "volunteer": {(FRIDAY, EVENING): 1.0, (0, MORNING): 0.9, (WEDNESDAY, MIDDAY): 0.8},
    }

    chosen = suggest(shares, count=3)

    assert [weekday_and_band(s) for s in chosen] == [
        (0, MORNING),
        (WEDNESDAY, MIDDAY),
        (FRIDAY, EVENING),
    ]
    assert [s.starts_at for s in chosen] == sorted(s.starts_at for s in chosen)


def test_suggestions_start_at_the_band_start_in_the_given_zone_and_last_the_duration():
    shares = {
        "volunteer": {(0, MORNING): 1.0, (1, MIDDAY): 1.0, (2, AFTERNOON): 1.0, (3, EVENING): 1.0}
    }

    chosen = suggest(shares, count=4)

    assert [s.starts_at for s in chosen] == [
        moment(MONDAY, 9),
        moment(MONDAY + timedelta(days=1), 11, 30),
        moment(MONDAY + timedelta(days=2), 14),
        moment(MONDAY + timedelta(days=3), 17),
    ]
    assert all(s.starts_at.tzinfo == CPH for s in chosen)
    assert all(s.ends_at - s.starts_at == TWO_HOURS for s in chosen)


def test_suggestions_prefer_times_the_groups_said_yes_to():
    shares = {
        "volunteer": {(WEDNESDAY, EVENING): 0.9, (TUESDAY, MORNING): 0.1},
        "professional_staff": {(WEDNESDAY, EVENING): 0.2, (TUESDAY, MORNING): 0.9},
    }

    (for_volunteers,) = suggest(shares, groups=["volunteer"], count=1)
    (for_staff,) = suggest(shares, groups=["professional_staff"], count=1)

    assert weekday_and_band(for_volunteers) == (WEDNESDAY, EVENING)
    assert weekday_and_band(for_staff) == (TUESDAY, MORNING)


def test_suggestions_weigh_each_group_by_its_invitees():
    shares = {
        "volunteer": {(WEDNESDAY, EVENING): 1.0, (TUESDAY, MORNING): 0.0},
        "professional_staff": {(WEDNESDAY, EVENING): 0.0, (TUESDAY, MORNING): 1.0},
    }
    # Every other time is an even chance for both: 0.5 per invitee.

    (mostly_volunteers,) = suggest(
        shares, groups=["volunteer"] * 3 + ["professional_staff"], count=1
    )
    (mostly_staff,) = suggest(shares, groups=["volunteer"] + ["professional_staff"] * 3, count=1)

    assert weekday_and_band(mostly_volunteers) == (WEDNESDAY, EVENING)
    assert mostly_volunteers.expected_yes == 3.0
    assert weekday_and_band(mostly_staff) == (TUESDAY, MORNING)
    assert mostly_staff.expected_yes == 3.0


def test_a_time_the_group_said_no_to_is_suggested_last():
    shares = {"volunteer": {(day, EVENING): 0.5 for day in range(5)} | {(0, MORNING): 0.0}}

    all_five = suggest(shares, days=5, count=5)
    four = suggest(shares, days=5, count=4)

    # Five days with one time each besides the refused Monday morning.
    assert (0, MORNING) not in [weekday_and_band(s) for s in all_five]
    assert [weekday_and_band(s) for s in four] == [(d, EVENING) for d in range(4)]
    assert [weekday_and_band(s) for s in suggest(shares, days=1, count=1)] == [(0, EVENING)]


def test_a_time_most_groups_with_history_reject_is_not_suggested():
    # Monday evening: three of four groups said yes 0 % or 25 % of the time; one always did.
    # Tuesday morning: two of four said yes 0 % of the time, which is not most.
    shares = {
        "volunteer": {(0, EVENING): 1.0, (TUESDAY, MORNING): 0.0},
        "professional_staff": {(0, EVENING): 0.0, (TUESDAY, MORNING): 0.9},
        "resident": {(0, EVENING): 0.0, (TUESDAY, MORNING): 0.8},
        "management": {(0, EVENING): 0.25, (TUESDAY, MORNING): 0.0},
    }

    chosen = suggest(shares, groups=list(shares), days=2, count=4)

    assert [weekday_and_band(s) for s in chosen] == [(TUESDAY, MORNING)]


def test_a_time_that_overlaps_a_busy_time_is_not_suggested():
    shares = {"volunteer": {(0, MORNING): 1.0, (0, EVENING): 0.9, (TUESDAY, MORNING): 0.8}}
    # Another meeting of the network on Monday 10.30–12: the morning (9–11) clashes; one
    # that ends as the evening begins does not.
    busy = [(moment(MONDAY, 10, 30), moment(MONDAY, 12)), (moment(MONDAY, 15), moment(MONDAY, 17))]

    chosen = suggest(shares, days=2, count=4, busy=busy)

    assert [s.starts_at for s in chosen] == [moment(MONDAY, 17), moment(MONDAY + timedelta(1), 9)]


@settings(max_examples=100, deadline=None)
@given(
    shares=st.dictionaries(
        st.sampled_from(["volunteer", "resident", "professional_staff", "management"]),
        st.dictionaries(
            st.tuples(st.integers(0, 4), st.sampled_from(BANDS)),
            st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]),
            max_size=12,
        ),
        max_size=4,
    ),
    busy_starts=st.lists(st.tuples(st.integers(0, 13), st.integers(7, 20)), max_size=6),
)
def test_no_suggestion_clashes_with_a_busy_time_or_is_rejected_by_most(shares, busy_starts):
    busy = [
        (
            moment(MONDAY + timedelta(days=day), hour),
            moment(MONDAY + timedelta(days=day), hour) + TWO_HOURS,
        )
        for day, hour in busy_starts
    ]
    groups = ["volunteer", "resident", "professional_staff", "management"]

    for chosen in suggest(shares, groups=groups, days=14, count=4, busy=busy):
        assert not any(chosen.starts_at < end and start < chosen.ends_at for start, end in busy)
        rejecting = [share for _group, share in chosen.basis if share <= 0.25]
        assert len(rejecting) * 2 <= len(chosen.basis)


def test_ties_go_to_the_earliest_time():
    chosen = suggest(count=2)

    assert [s.starts_at for s in chosen] == [
        moment(MONDAY, 9),
        moment(MONDAY + timedelta(days=1), 9),  # the next day: one suggestion a day
    ]


def test_expected_yes_of_a_suggestion_is_rounded_to_two_decimals():
    shares = {"volunteer": {(0, band): 1 / 3 for band in (MORNING, MIDDAY, AFTERNOON, EVENING)}}

    (chosen,) = suggest(shares, groups=["volunteer", "volunteer"], days=1, count=1)

    assert chosen.expected_yes == 0.67


# With the real Danish holidays


@pytest.mark.parametrize(
    ("first_day", "holidays_in_reach"),
    [
        # Christmas Day and New Year's Day 2026/27 are Fridays.
        (date(2026, 12, 21), {date(2026, 12, 25), date(2027, 1, 1)}),
        # Easter 2027: Maundy Thursday, Good Friday and Easter Monday.
        (date(2027, 3, 22), {date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29)}),
        # Ascension Day and Whit Monday 2030.
        (date(2030, 5, 28), {date(2030, 5, 30), date(2030, 6, 10)}),
    ],
)
def test_no_suggestion_falls_on_a_danish_public_holiday(first_day, holidays_in_reach):
    danish = holidays.country_holidays("DK")
    shares = {
        "volunteer": {(weekday, EVENING): 1.0 for weekday in range(5)},
        "professional_staff": {(weekday, MORNING): 1.0 for weekday in range(5)},
    }

    chosen = suggest_slots(
        shares,
        ["volunteer", "professional_staff"],
        first_day=first_day,
        duration=TWO_HOURS,
        tzinfo=CPH,
        is_holiday=lambda day: day in danish,
        count=20,
        days=21,
    )

    reach = [first_day + timedelta(days=n) for n in range(21)]
    assert holidays_in_reach <= {day for day in reach if day in danish}
    days = {s.starts_at.date() for s in chosen}
    assert not days & holidays_in_reach
    assert not [day for day in days if day in danish]
    assert len(chosen) >= 9  # one a day, each weekday and time of day once, holidays left out
