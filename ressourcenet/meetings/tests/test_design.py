"""The meeting design check: each rule at each status and boundary, and properties of the whole."""

import re
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ressourcenet.meetings.design import (
    RULE_CODES,
    Item,
    Kind,
    MeetingPlan,
    PollOutcome,
    RuleResult,
    Status,
    Thresholds,
    check_meeting,
)

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2025, 3, 4, 17, 0, tzinfo=CPH)
CAPTURE_FORMS = ("ideas", "summary", "leaflet")

# 105 planned minutes in a 120-minute meeting: no stretch over 50 minutes, four content items,
# the workshop and wrap-up outweigh the talk, food, and 15 minutes of slack (12.5 %).
GOOD_ITEMS = (
    Item(Kind.WELCOME, 5),
    Item(Kind.TALK, 15),
    Item(Kind.WORKSHOP, 30),
    Item(Kind.FOOD, 20),
    Item(Kind.WORKSHOP, 25),
    Item(Kind.WRAP_UP, 10),
)


def make_plan(minutes: int = 120, **fields) -> MeetingPlan:
    """A meeting that passes every rule, changed by the given fields."""
    values = {
        "title": "Idéer til den sociale café",
        "why": "Ti idéer til produkter, som caféen kan sælge fra foråret",
        "starts_at": START,
        "ends_at": START + timedelta(minutes=minutes),
        "items": GOOD_ITEMS,
        "capture_planned": frozenset({"ideas"}),
        "capture_delivered": frozenset(),
        "invitees_not_declined": 12,
        "role_holders": 4,
        "poll": PollOutcome(matches_recommendation=True),
    }
    values.update(fields)
    return MeetingPlan(**values)


def rule(
    plan: MeetingPlan, code: str, now: datetime | None = None, limits: Thresholds | None = None
) -> RuleResult:
    now = now or plan.ends_at + timedelta(days=1)
    (result,) = [r for r in check_meeting(plan, now, limits).rules if r.code == code]
    return result


def numbers_in(message: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", message)]


def items(*pairs: tuple[Kind, int]) -> tuple[Item, ...]:
    return tuple(Item(kind, minutes) for kind, minutes in pairs)


# The whole check


def test_a_well_designed_meeting_passes_every_rule():
    result = check_meeting(make_plan(), START + timedelta(days=1))

    assert [r.status for r in result.rules] == [Status.PASS] * 10
    assert result.score == 10


def test_check_returns_the_ten_codes_in_rule_code_order():
    result = check_meeting(make_plan(), START)

    assert tuple(r.code for r in result.rules) == RULE_CODES
    assert len(RULE_CODES) == 10


def test_score_counts_only_passes():
    plan = make_plan(why="", poll=None, capture_planned=frozenset())

    result = check_meeting(plan, START)

    statuses = {r.code: r.status for r in result.rules}
    assert statuses["why"] == Status.FAIL
    assert statuses["time"] == Status.WARN
    assert statuses["capture"] == Status.FAIL
    assert result.score == 7


def test_as_dict_has_score_max_and_one_entry_per_rule():
    data = check_meeting(make_plan(poll=None), START).as_dict()

    assert set(data) == {"score", "max", "rules"}
    assert data["score"] == 9
    assert type(data["score"]) is int
    assert data["max"] == 10
    assert [r["code"] for r in data["rules"]] == list(RULE_CODES)
    for entry in data["rules"]:
        assert set(entry) == {"code", "status", "message"}
        assert type(entry["status"]) is str
        assert entry["status"] in {"pass", "warn", "fail"}
        assert isinstance(entry["message"], str) and entry["message"]
    assert data["rules"][1]["status"] == "warn"


# why


def test_empty_why_fails():
    assert rule(make_plan(why=""), "why").status == Status.FAIL


def test_why_of_only_spaces_fails():
    assert rule(make_plan(why="   \n "), "why").status == Status.FAIL


def test_why_under_twenty_characters_warns():
    assert rule(make_plan(why="x" * 19), "why").status == Status.WARN


def test_why_of_exactly_twenty_characters_passes():
    assert rule(make_plan(why="x" * 20), "why").status == Status.PASS


def test_why_that_repeats_the_title_warns():
    title = "Hvordan vi tager imod nye beboere i området"
    assert rule(make_plan(title=title, why=title), "why").status == Status.WARN


def test_long_why_different_from_the_title_passes():
    assert rule(make_plan(), "why").status == Status.PASS


# time


def test_time_without_a_poll_warns():
    assert rule(make_plan(poll=None), "time").status == Status.WARN


def test_time_matching_the_poll_recommendation_passes():
    plan = make_plan(poll=PollOutcome(matches_recommendation=True))
    assert rule(plan, "time").status == Status.PASS


def test_time_against_the_poll_recommendation_fails():
    plan = make_plan(poll=PollOutcome(matches_recommendation=False))
    assert rule(plan, "time").status == Status.FAIL


def undecided(**fields) -> MeetingPlan:
    return make_plan(starts_at=None, ends_at=None, **fields)


def test_time_not_decided_without_a_poll_fails_and_says_so():
    result = rule(undecided(poll=None), "time", now=START)
    assert result.status == Status.FAIL
    assert result.message == (
        "Tidspunktet er ikke fastlagt endnu. Angiv det, eller find det med en afstemning "
        "blandt de inviterede."
    )


def test_time_not_decided_with_an_open_poll_warns_that_the_poll_is_open():
    plan = undecided(poll=PollOutcome(matches_recommendation=False, is_open=True))
    result = rule(plan, "time", now=START)
    assert result.status == Status.WARN
    assert "afstemningen er åben" in result.message


def test_time_not_decided_with_a_closed_poll_asks_to_choose():
    plan = undecided(poll=PollOutcome(matches_recommendation=False, is_open=False))
    assert rule(plan, "time", now=START).message == (
        "Tidspunktet er ikke fastlagt, og afstemningen er lukket. Vælg tidspunktet."
    )


def test_without_a_time_duration_and_slack_wait_for_it_and_capture_is_not_overdue():
    plan = undecided()
    assert rule(plan, "duration", now=START).status == Status.WARN
    assert rule(plan, "slack", now=START).status == Status.WARN
    assert rule(plan, "capture", now=START + timedelta(days=400)).status == Status.PASS


def test_without_a_time_the_agenda_tells_whether_a_break_is_needed():
    long_talk = (Item(Kind.TALK, 90),)
    assert rule(undecided(items=long_talk), "breaks", now=START).status == Status.FAIL
    assert rule(undecided(items=(Item(Kind.TALK, 30),)), "breaks", now=START).status == (
        Status.PASS
    )


# duration


def test_meeting_of_exactly_150_minutes_passes():
    plan = make_plan(minutes=150)
    assert rule(plan, "duration").status == Status.PASS


def test_meeting_of_151_minutes_fails_and_names_its_length():
    result = rule(make_plan(minutes=151), "duration")

    assert result.status == Status.FAIL
    assert 151 in numbers_in(result.message)
    assert 150 in numbers_in(result.message)


# roles


def test_no_role_holders_fails():
    assert rule(make_plan(role_holders=0), "roles").status == Status.FAIL


def test_no_role_holders_fails_even_without_invitees():
    plan = make_plan(role_holders=0, invitees_not_declined=0)
    assert rule(plan, "roles").status == Status.FAIL


@pytest.mark.parametrize(("holders", "invitees"), [(1, 3), (4, 12), (7, 21), (12, 36)])
def test_exactly_a_third_with_a_role_passes(holders, invitees):
    plan = make_plan(role_holders=holders, invitees_not_declined=invitees)
    assert rule(plan, "roles").status == Status.PASS


def test_under_a_third_with_a_role_warns_and_gives_the_counts():
    result = rule(make_plan(role_holders=3, invitees_not_declined=10), "roles")

    assert result.status == Status.WARN
    assert numbers_in(result.message) == [3, 10]


def test_one_role_among_many_invitees_warns():
    plan = make_plan(role_holders=1, invitees_not_declined=40)
    assert rule(plan, "roles").status == Status.WARN


# breaks


def test_meeting_of_exactly_60_minutes_needs_no_break():
    plan = make_plan(minutes=60, items=items((Kind.WORKSHOP, 60)))
    assert rule(plan, "breaks").status == Status.PASS


def test_meeting_of_61_minutes_without_break_or_food_fails():
    plan = make_plan(minutes=61, items=items((Kind.TALK, 20), (Kind.WORKSHOP, 40)))
    assert rule(plan, "breaks").status == Status.FAIL


def test_long_meeting_without_any_items_fails_for_breaks():
    assert rule(make_plan(items=()), "breaks").status == Status.FAIL


def test_a_stretch_of_61_minutes_between_breaks_warns_and_names_it():
    plan = make_plan(
        items=items((Kind.TALK, 20), (Kind.WORKSHOP, 41), (Kind.BREAK, 10), (Kind.WRAP_UP, 20))
    )

    result = rule(plan, "breaks")

    assert result.status == Status.WARN
    assert 61 in numbers_in(result.message)


def test_a_stretch_after_the_last_break_counts_too():
    plan = make_plan(
        items=items((Kind.WELCOME, 10), (Kind.FOOD, 20), (Kind.WORKSHOP, 50), (Kind.WRAP_UP, 15))
    )

    result = rule(plan, "breaks")

    assert result.status == Status.WARN
    assert 65 in numbers_in(result.message)


def test_stretches_of_exactly_60_minutes_between_breaks_pass():
    plan = make_plan(
        items=items((Kind.TALK, 20), (Kind.WORKSHOP, 40), (Kind.BREAK, 10), (Kind.WORKSHOP, 60))
    )
    assert rule(plan, "breaks").status == Status.PASS


def test_food_counts_as_a_break():
    plan = make_plan(items=items((Kind.WORKSHOP, 50), (Kind.FOOD, 20), (Kind.WRAP_UP, 30)))
    assert rule(plan, "breaks").status == Status.PASS


# food


def test_a_food_item_passes():
    assert rule(make_plan(), "food").status == Status.PASS


def test_no_food_item_warns():
    plan = make_plan(items=items((Kind.WORKSHOP, 50), (Kind.BREAK, 10), (Kind.WRAP_UP, 30)))
    assert rule(plan, "food").status == Status.WARN


# workshop_weight


def test_workshop_longer_than_the_talk_passes():
    plan = make_plan(items=items((Kind.TALK, 30), (Kind.WORKSHOP, 31)))
    assert rule(plan, "workshop_weight").status == Status.PASS


def test_workshop_without_any_talk_passes():
    plan = make_plan(items=items((Kind.WORKSHOP, 45), (Kind.FOOD, 30)))
    assert rule(plan, "workshop_weight").status == Status.PASS


def test_knowledge_sharing_and_wrap_up_count_against_the_talk():
    plan = make_plan(items=items((Kind.TALK, 30), (Kind.KNOWLEDGE_SHARING, 20), (Kind.WRAP_UP, 11)))
    assert rule(plan, "workshop_weight").status == Status.PASS


def test_talk_as_long_as_workshop_and_wrap_up_fails_and_gives_the_minutes():
    plan = make_plan(items=items((Kind.TALK, 40), (Kind.WORKSHOP, 25), (Kind.WRAP_UP, 15)))

    result = rule(plan, "workshop_weight")

    assert result.status == Status.FAIL
    assert numbers_in(result.message) == [40, 40]


def test_talk_longer_than_workshop_fails():
    plan = make_plan(items=items((Kind.TALK, 45), (Kind.WORKSHOP, 30)))

    result = rule(plan, "workshop_weight")

    assert result.status == Status.FAIL
    assert numbers_in(result.message) == [45, 30]


def test_talk_without_any_workshop_fails():
    plan = make_plan(items=items((Kind.TALK, 10), (Kind.FOOD, 30)))
    assert rule(plan, "workshop_weight").status == Status.FAIL


def test_neither_talk_nor_workshop_warns():
    plan = make_plan(items=items((Kind.WELCOME, 10), (Kind.OTHER, 60), (Kind.FOOD, 30)))
    assert rule(plan, "workshop_weight").status == Status.WARN


# few_items


@pytest.mark.parametrize(
    ("count", "status"),
    [(0, Status.PASS), (4, Status.PASS), (5, Status.WARN), (6, Status.WARN), (7, Status.FAIL)],
)
def test_content_items_up_to_four_pass_five_and_six_warn_seven_fail(count, status):
    kinds = [Kind.TALK, Kind.WORKSHOP, Kind.KNOWLEDGE_SHARING, Kind.WRAP_UP, Kind.OTHER]
    plan = make_plan(items=tuple(Item(kinds[i % len(kinds)], 5) for i in range(count)))

    result = rule(plan, "few_items")

    assert result.status == status
    if status != Status.PASS:
        assert count in numbers_in(result.message)


def test_welcome_breaks_food_and_buffers_are_not_content_items():
    content = [(Kind.TALK, 10), (Kind.WORKSHOP, 10), (Kind.KNOWLEDGE_SHARING, 10), (Kind.OTHER, 5)]
    others = [(Kind.WELCOME, 5), (Kind.BREAK, 5), (Kind.FOOD, 5), (Kind.BUFFER, 5)]
    plan = make_plan(items=items(*content, *others))
    assert rule(plan, "few_items").status == Status.PASS


def test_other_items_count_as_content():
    plan = make_plan(items=items(*[(Kind.OTHER, 5)] * 5))
    assert rule(plan, "few_items").status == Status.WARN


# slack


def test_exactly_ten_percent_unplanned_passes():
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 50), (Kind.FOOD, 40)))
    assert rule(plan, "slack").status == Status.PASS


def test_buffer_items_count_as_slack():
    plan = make_plan(
        minutes=100, items=items((Kind.WORKSHOP, 50), (Kind.BUFFER, 6), (Kind.FOOD, 40))
    )
    assert rule(plan, "slack").status == Status.PASS


def test_under_ten_percent_slack_warns_and_gives_the_free_minutes():
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 51), (Kind.FOOD, 40)))

    result = rule(plan, "slack")

    assert result.status == Status.WARN
    assert 9 in numbers_in(result.message)


def test_only_a_buffer_as_slack_warns():
    plan = make_plan(
        minutes=100, items=items((Kind.WORKSHOP, 55), (Kind.BUFFER, 5), (Kind.FOOD, 40))
    )

    result = rule(plan, "slack")

    assert result.status == Status.WARN
    assert 5 in numbers_in(result.message)


def test_agenda_filling_the_meeting_without_buffer_fails():
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 60), (Kind.FOOD, 40)))
    assert rule(plan, "slack").status == Status.FAIL


def test_agenda_one_minute_longer_than_the_meeting_fails_and_says_by_how_much():
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 61), (Kind.FOOD, 40)))

    result = rule(plan, "slack")

    assert result.status == Status.FAIL
    assert numbers_in(result.message) == [1]


def test_agenda_much_longer_than_the_meeting_names_the_overshoot():
    plan = make_plan(minutes=90, items=items((Kind.WORKSHOP, 100), (Kind.BUFFER, 15)))

    result = rule(plan, "slack")

    assert result.status == Status.FAIL
    assert numbers_in(result.message) == [25]


# capture


def test_no_capture_planned_fails():
    assert rule(make_plan(capture_planned=frozenset()), "capture").status == Status.FAIL


def test_capture_planned_before_the_meeting_passes():
    assert rule(make_plan(), "capture", now=START - timedelta(days=3)).status == Status.PASS


def test_undelivered_capture_exactly_14_days_after_the_meeting_passes():
    plan = make_plan()
    now = plan.ends_at + timedelta(days=14)
    assert rule(plan, "capture", now=now).status == Status.PASS


def test_undelivered_capture_over_14_days_after_the_meeting_warns():
    plan = make_plan()

    result = rule(plan, "capture", now=plan.ends_at + timedelta(days=14, minutes=1))

    assert result.status == Status.WARN
    assert 14 in numbers_in(result.message)


def test_delivered_capture_long_after_the_meeting_passes():
    plan = make_plan(capture_delivered=frozenset({"ideas"}))
    now = plan.ends_at + timedelta(days=60)
    assert rule(plan, "capture", now=now).status == Status.PASS


def test_partly_delivered_capture_long_after_the_meeting_warns():
    plan = make_plan(
        capture_planned=frozenset({"ideas", "summary"}), capture_delivered=frozenset({"summary"})
    )
    now = plan.ends_at + timedelta(days=60)
    assert rule(plan, "capture", now=now).status == Status.WARN


# Thresholds


def test_a_lower_why_minimum_lets_a_short_why_pass():
    plan = make_plan(why="x" * 12)

    assert rule(plan, "why").status == Status.WARN
    assert rule(plan, "why", limits=Thresholds(why_min_length=12)).status == Status.PASS


def test_a_higher_maximum_lets_a_longer_meeting_pass():
    plan = make_plan(minutes=180)

    assert rule(plan, "duration").status == Status.FAIL
    assert rule(plan, "duration", limits=Thresholds(max_minutes=180)).status == Status.PASS


def test_a_higher_role_share_turns_a_third_into_a_warning():
    plan = make_plan(role_holders=4, invitees_not_declined=12)

    assert rule(plan, "roles").status == Status.PASS
    assert rule(plan, "roles", limits=Thresholds(role_share=0.5)).status == Status.WARN


@pytest.mark.parametrize(
    ("share", "holders", "invitees"), [(0.14, 7, 50), (0.55, 55, 100), (0.7, 7, 10)]
)
def test_a_configured_role_share_passes_at_exactly_that_share(share, holders, invitees):
    plan = make_plan(role_holders=holders, invitees_not_declined=invitees)
    limits = Thresholds(role_share=share)
    assert rule(plan, "roles", limits=limits).status == Status.PASS


def test_a_longer_no_break_limit_lets_a_longer_meeting_go_without_break():
    plan = make_plan(minutes=90, items=items((Kind.WORKSHOP, 80)))

    assert rule(plan, "breaks").status == Status.FAIL
    limits = Thresholds(no_break_needed_up_to=90)
    assert rule(plan, "breaks", limits=limits).status == Status.PASS


def test_a_shorter_stretch_limit_warns_about_a_stretch_that_passed():
    plan = make_plan()  # longest stretch: 50 minutes

    assert rule(plan, "breaks").status == Status.PASS
    result = rule(plan, "breaks", limits=Thresholds(max_stretch_minutes=45))
    assert result.status == Status.WARN
    assert numbers_in(result.message) == [50, 45]


def test_item_limits_move_the_pass_and_warn_boundaries():
    plan = make_plan(items=items(*[(Kind.WORKSHOP, 5)] * 5))

    assert rule(plan, "few_items").status == Status.WARN
    assert rule(plan, "few_items", limits=Thresholds(items_pass_up_to=5)).status == Status.PASS
    limits = Thresholds(items_pass_up_to=3, items_warn_up_to=4)
    assert rule(plan, "few_items", limits=limits).status == Status.FAIL


def test_a_higher_slack_share_turns_ten_percent_into_a_warning():
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 50), (Kind.FOOD, 40)))

    assert rule(plan, "slack").status == Status.PASS
    assert rule(plan, "slack", limits=Thresholds(slack_share=0.2)).status == Status.WARN


@pytest.mark.parametrize("share", [0.07, 0.14, 0.55, 0.29])
def test_a_configured_slack_share_passes_at_exactly_that_share(share):
    free = round(share * 100)
    plan = make_plan(minutes=100, items=items((Kind.WORKSHOP, 100 - free)))
    assert rule(plan, "slack", limits=Thresholds(slack_share=share)).status == Status.PASS


def test_a_shorter_capture_deadline_warns_sooner():
    plan = make_plan()
    now = plan.ends_at + timedelta(days=8)

    assert rule(plan, "capture", now=now).status == Status.PASS
    result = rule(plan, "capture", now=now, limits=Thresholds(capture_due_days=7))
    assert result.status == Status.WARN
    assert 7 in numbers_in(result.message)


# Properties on random meeting plans

random_items = st.lists(
    st.builds(Item, kind=st.sampled_from(Kind), minutes=st.integers(1, 300)), max_size=15
).map(tuple)
capture_sets = st.frozensets(st.sampled_from(CAPTURE_FORMS))


@st.composite
def random_plans(draw) -> MeetingPlan:
    starts_at = draw(
        st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(CPH))
    )
    return MeetingPlan(
        title=draw(st.text(max_size=60)),
        why=draw(st.text(max_size=120)),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=draw(st.integers(0, 600))),
        items=draw(random_items),
        capture_planned=draw(capture_sets),
        capture_delivered=draw(capture_sets),
        invitees_not_declined=draw(st.integers(0, 60)),
        role_holders=draw(st.integers(0, 60)),
        poll=draw(st.none() | st.builds(PollOutcome, matches_recommendation=st.booleans())),
    )


@settings(max_examples=300, deadline=None)
@given(plan=random_plans(), days_after=st.integers(-30, 90))
def test_every_random_plan_gets_ten_valid_results_and_an_exact_score(plan, days_after):
    result = check_meeting(plan, plan.ends_at + timedelta(days=days_after))
    data = result.as_dict()

    assert tuple(r.code for r in result.rules) == RULE_CODES
    assert all(r.status in {Status.PASS, Status.WARN, Status.FAIL} for r in result.rules)
    assert all(isinstance(r.message, str) and r.message.strip() for r in result.rules)
    passes = sum(1 for r in result.rules if r.status == Status.PASS)
    assert result.score == passes <= 10
    assert data["score"] == passes
    assert data["max"] == 10
    assert [r["status"] for r in data["rules"]] == [str(r.status) for r in result.rules]


@settings(max_examples=200, deadline=None)
@given(plan=random_plans())
def test_stretching_the_thresholds_never_lowers_the_score(plan):
    now = plan.ends_at
    strict = check_meeting(plan, now)
    lenient = check_meeting(
        plan,
        now,
        replace(
            Thresholds(),
            why_min_length=0,
            max_minutes=10_000,
            role_share=0.0,
            no_break_needed_up_to=10_000,
            items_pass_up_to=100,
        ),
    )

    assert lenient.score >= strict.score
    statuses = {r.code: r.status for r in lenient.rules}
    assert statuses["duration"] == Status.PASS
    assert statuses["breaks"] == Status.PASS
    assert statuses["few_items"] == Status.PASS
