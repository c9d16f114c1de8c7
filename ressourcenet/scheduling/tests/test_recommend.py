"""Ranking the candidate times: five keys in turn, unanswered counts as no."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from ressourcenet.scheduling.recommend import (
    IF_NEED_BE,
    NO,
    YES,
    Invitee,
    Slot,
    placed_below_fewer,
    rank,
    score_slot,
    ties_with_best,
    turnout,
)

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY_17 = datetime(2026, 3, 2, 17, tzinfo=CPH)


def at(hours: float) -> datetime:
    return MONDAY_17 + timedelta(hours=hours)


def order(slots, invitees) -> list[int]:
    return [ranked.slot for ranked in rank(slots, invitees)]


# Each key decides on its own: the slot that wins on it loses on every later key.


def test_fewer_key_persons_missing_wins_over_everything_else():
    invitees = [
        Invitee(1, "professional_staff", key=True),
        Invitee(2, "volunteer", area=1),
        Invitee(3, "resident_board", area=2),
    ]
    without_speaker = Slot(1, at(0), {2: YES, 3: YES})
    with_speaker = Slot(2, at(24), {1: IF_NEED_BE})

    assert order([without_speaker, with_speaker], invitees) == [2, 1]


def test_more_invitees_able_wins_when_key_persons_are_equal():
    invitees = [
        Invitee(1, "volunteer", area=1),
        Invitee(2, "volunteer", area=1),
        Invitee(3, "volunteer", area=1),
        Invitee(4, "professional_staff", area=2),
    ]
    # Two who say yes, from two groups and two areas, early.
    two_yes = Slot(1, at(0), {1: YES, 4: YES})
    # Three who can only if need be, from one group and one area, a day later.
    three_maybe = Slot(2, at(24), {1: IF_NEED_BE, 2: IF_NEED_BE, 3: IF_NEED_BE})

    assert order([two_yes, three_maybe], invitees) == [2, 1]


def test_more_groups_and_areas_win_when_head_count_is_equal():
    invitees = [
        Invitee(1, "volunteer", area=1),
        Invitee(2, "volunteer", area=1),
        Invitee(3, "professional_staff", area=2),
    ]
    one_group = Slot(1, at(0), {1: YES, 2: YES})
    two_groups = Slot(2, at(24), {1: IF_NEED_BE, 3: IF_NEED_BE})

    assert order([one_group, two_groups], invitees) == [2, 1]


def test_groups_and_areas_are_added_up():
    invitees = [
        Invitee(1, "volunteer", area=1),
        Invitee(2, "volunteer", area=2),
        Invitee(3, "volunteer", area=3),
        Invitee(4, "professional_staff"),
        Invitee(5, "resident_board"),
        Invitee(6, "guest"),
    ]
    # Three groups, no area: 3.
    three_groups = Slot(1, at(0), {4: YES, 5: YES, 6: YES})
    # One group in three areas: 1 + 3 = 4.
    three_areas = Slot(2, at(24), {1: IF_NEED_BE, 2: IF_NEED_BE, 3: IF_NEED_BE})

    assert order([three_groups, three_areas], invitees) == [2, 1]


def test_invitees_without_an_area_add_no_area():
    invitees = [Invitee(1, "volunteer"), Invitee(2, "volunteer", area=7)]

    no_area = score_slot(Slot(1, at(0), {1: YES}), invitees)
    one_area = score_slot(Slot(2, at(0), {2: YES}), invitees)

    assert (no_area.groups_present, no_area.areas_present) == (1, 0)
    assert no_area.areas_missing == (7,)
    assert (one_area.groups_present, one_area.areas_present) == (1, 1)
    assert order([Slot(1, at(0), {1: YES}), Slot(2, at(1), {2: YES})], invitees) == [2, 1]


def test_more_yes_wins_when_head_count_and_spread_are_equal():
    invitees = [Invitee(1, "volunteer", area=1), Invitee(2, "volunteer", area=1)]
    maybe = Slot(1, at(0), {1: IF_NEED_BE, 2: IF_NEED_BE})
    yes = Slot(2, at(24), {1: YES, 2: IF_NEED_BE})

    assert order([maybe, yes], invitees) == [2, 1]


def test_the_earlier_start_wins_when_all_else_is_equal():
    invitees = [Invitee(1, "volunteer", area=1)]
    late = Slot(1, at(3), {1: YES})
    early = Slot(2, at(1), {1: YES})

    assert order([late, early], invitees) == [2, 1]


# Ties fall through to the next key.


def test_a_tie_on_key_persons_falls_through_to_head_count():
    invitees = [Invitee(1, "guest", key=True), Invitee(2, "volunteer"), Invitee(3, "volunteer")]
    # The key person is missing in both: one more invitee decides.
    fewer = Slot(1, at(0), {2: YES})
    more = Slot(2, at(24), {2: IF_NEED_BE, 3: IF_NEED_BE})

    assert order([fewer, more], invitees) == [2, 1]


def test_a_tie_on_head_count_falls_through_to_spread_then_yes_then_start():
    invitees = [
        Invitee(1, "volunteer", area=1),
        Invitee(2, "volunteer", area=1),
        Invitee(3, "professional_staff", area=1),
    ]
    slots = [
        Slot(1, at(0), {1: IF_NEED_BE, 2: IF_NEED_BE}),  # 2 able, 1 group, 0 yes
        Slot(2, at(1), {1: YES, 2: YES}),  # 2 able, 1 group, 2 yes
        Slot(3, at(2), {1: YES, 3: IF_NEED_BE}),  # 2 able, 2 groups, 1 yes
        Slot(4, at(3), {1: IF_NEED_BE, 3: YES}),  # same as slot 3, but later
    ]

    assert order(slots, invitees) == [3, 4, 2, 1]


def test_slots_equal_on_every_key_keep_their_given_order():
    invitees = [Invitee(1, "volunteer")]
    slots = [Slot(5, at(0), {1: YES}), Slot(2, at(0), {1: YES})]

    assert order(slots, invitees) == [5, 2]


# Answers


def test_an_unanswered_slot_counts_as_no():
    invitees = [Invitee(1, "volunteer", area=1, key=True), Invitee(2, "volunteer")]

    ranked = score_slot(Slot(1, at(0), {2: YES}), invitees)

    assert (ranked.available, ranked.yes, ranked.if_need_be) == (1, 1, 0)
    assert ranked.key_persons_missing == (1,)
    assert ranked.areas_missing == (1,)


def test_an_unanswered_slot_ranks_like_one_answered_no():
    invitees = [Invitee(1, "volunteer"), Invitee(2, "professional_staff")]
    answered_no = Slot(1, at(0), {1: YES, 2: NO})
    unanswered = Slot(2, at(0), {1: YES})

    assert score_slot(answered_no, invitees).sort_key == score_slot(unanswered, invitees).sort_key


def test_no_answers_at_all_leave_everyone_missing():
    invitees = [Invitee(1, "volunteer", area=2, key=True), Invitee(2, "guest", area=1)]

    ranked = score_slot(Slot(1, at(0), {}), invitees)

    assert (ranked.available, ranked.yes, ranked.if_need_be) == (0, 0, 0)
    assert ranked.key_persons_missing == (1,)
    assert ranked.groups_missing == ("guest", "volunteer")
    assert ranked.areas_missing == (1, 2)
    assert (ranked.groups_present, ranked.areas_present) == (0, 0)


def test_groups_and_areas_not_heard_from_are_not_called_missing():
    # Six of nine have answered; the three silent ones are the only guests and area 3.
    invitees = [Invitee(n, "volunteer", area=1) for n in range(1, 7)] + [
        Invitee(7, "guest", area=3),
        Invitee(8, "guest", area=3),
        Invitee(9, "resident_board", area=2),
    ]
    answered = {n: NO for n in range(1, 7)} | {9: YES}
    slots = [Slot(1, at(0), answered)]

    (ranked,) = rank(slots, invitees)

    assert ranked.groups_missing == ("volunteer",)
    assert ranked.areas_missing == (1,)
    seen = turnout(slots, invitees)
    assert (seen.answered, seen.invited) == (7, 9)
    assert seen.groups_not_heard == ("guest",)
    assert seen.areas_not_heard == (3,)


def test_someone_who_answered_another_slot_counts_as_heard():
    invitees = [Invitee(1, "volunteer", area=1), Invitee(2, "guest", area=2)]
    slots = [Slot(1, at(0), {1: YES}), Slot(2, at(24), {2: YES})]

    by_slot = {r.slot: r for r in rank(slots, invitees)}

    assert by_slot[1].groups_missing == ("guest",)
    assert by_slot[2].groups_missing == ("volunteer",)
    assert turnout(slots, invitees).groups_not_heard == ()


def test_with_no_answers_no_one_is_missing_and_everyone_is_not_heard_from():
    invitees = [Invitee(1, "volunteer", area=1), Invitee(2, "guest")]
    slots = [Slot(1, at(0), {}), Slot(2, at(24), {})]

    assert all(r.groups_missing == () and r.areas_missing == () for r in rank(slots, invitees))
    seen = turnout(slots, invitees)
    assert (seen.answered, seen.invited) == (0, 2)
    assert seen.groups_not_heard == ("guest", "volunteer")
    assert seen.areas_not_heard == (1,)


def test_answers_of_people_not_invited_do_not_count_as_turnout():
    invitees = [Invitee(1, "volunteer")]

    assert turnout([Slot(1, at(0), {99: YES})], invitees).answered == 0


def test_a_slot_below_one_with_fewer_people_is_marked():
    invitees = [Invitee(1, "volunteer", key=True), Invitee(2, "volunteer"), Invitee(3, "guest")]
    speaker_can = Slot(1, at(0), {1: YES})
    more_can = Slot(2, at(24), {2: YES, 3: YES})
    fewer_still = Slot(3, at(48), {2: YES})

    ranked = rank([speaker_can, more_can, fewer_still], invitees)

    assert [r.slot for r in ranked] == [1, 2, 3]
    assert placed_below_fewer(ranked) == {2}


def test_a_slot_below_one_with_as_many_people_is_not_marked():
    invitees = [Invitee(1, "volunteer", key=True), Invitee(2, "volunteer")]
    ranked = rank([Slot(1, at(0), {1: YES}), Slot(2, at(24), {2: YES})], invitees)

    assert placed_below_fewer(ranked) == set()


def test_if_need_be_counts_as_able_but_not_as_yes():
    invitees = [Invitee(1, "volunteer", area=1, key=True)]

    ranked = score_slot(Slot(1, at(0), {1: IF_NEED_BE}), invitees)

    assert ranked.available == 1
    assert ranked.yes == 0
    assert ranked.if_need_be == 1
    assert ranked.key_persons_missing == ()
    assert ranked.groups_missing == ()
    assert ranked.areas_missing == ()


def test_a_no_leaves_the_key_person_missing():
    invitees = [Invitee(1, "volunteer", key=True), Invitee(2, "volunteer")]

    ranked = score_slot(Slot(1, at(0), {1: NO, 2: YES}), invitees)

    assert ranked.key_persons_missing == (1,)
    assert ranked.available == 1


def test_answers_of_people_no_longer_invited_are_ignored():
    invitees = [Invitee(1, "volunteer")]

    ranked = score_slot(Slot(1, at(0), {1: NO, 99: YES}), invitees)

    assert (ranked.available, ranked.yes) == (0, 0)
    assert ranked.groups_missing == ("volunteer",)


# What is missing


def test_missing_groups_areas_and_key_persons_are_sorted_lists_of_those_not_able():
    invitees = [
        Invitee(9, "volunteer", area=3, key=True),
        Invitee(4, "resident_board", area=2, key=True),
        Invitee(1, "guest", area=1),
        Invitee(2, "professional_staff", area=2),
    ]

    ranked = score_slot(Slot(1, at(0), {2: YES}), invitees)

    assert ranked.key_persons_missing == (4, 9)
    assert ranked.groups_missing == ("guest", "resident_board", "volunteer")
    assert ranked.areas_missing == (1, 3)
    assert (ranked.groups_present, ranked.areas_present) == (1, 1)


def test_only_groups_and_areas_among_the_invitees_can_be_missing():
    invitees = [Invitee(1, "volunteer", area=5), Invitee(2, "volunteer", area=5)]

    ranked = score_slot(Slot(1, at(0), {1: YES}), invitees)

    assert ranked.groups_missing == ()
    assert ranked.areas_missing == ()


def test_a_group_counts_as_present_when_one_of_its_members_can_come():
    invitees = [Invitee(1, "volunteer", area=1), Invitee(2, "volunteer", area=2)]

    ranked = score_slot(Slot(1, at(0), {1: NO, 2: IF_NEED_BE}), invitees)

    assert ranked.groups_missing == ()
    assert ranked.areas_missing == (1,)


def test_ranked_keeps_the_slot_id_and_start():
    ranked = score_slot(Slot(42, at(5), {}), [Invitee(1, "volunteer")])

    assert (ranked.slot, ranked.starts_at) == (42, at(5))


def test_no_slots_rank_as_an_empty_list():
    assert rank([], [Invitee(1, "volunteer")]) == []


def test_without_invitees_the_earliest_slot_is_first():
    assert order([Slot(1, at(2), {}), Slot(2, at(1), {}), Slot(3, at(3), {})], []) == [2, 1, 3]


# ties_with_best: equal on key persons and head-count


def ranked_for(answers: dict[int, str], starts: float = 0):
    invitees = [
        Invitee(1, "volunteer", area=1, key=True),
        Invitee(2, "professional_staff", area=2, key=True),
        Invitee(3, "resident_board", area=1),
        Invitee(4, "volunteer", area=1),
    ]
    return score_slot(Slot(1, at(starts), answers), invitees)


def test_a_slot_ties_with_itself():
    best = ranked_for({1: YES, 2: YES, 3: YES})

    assert ties_with_best(best, best)


def test_fewer_yes_or_a_smaller_spread_still_ties_with_the_best():
    best = ranked_for({1: YES, 2: YES, 3: YES})
    # Same key persons able, same head-count; all "if need be", one group and area fewer.
    other = ranked_for({1: IF_NEED_BE, 2: IF_NEED_BE, 4: IF_NEED_BE}, starts=48)

    assert other.groups_present + other.areas_present < best.groups_present + best.areas_present
    assert ties_with_best(other, best)


def test_one_invitee_fewer_does_not_tie_with_the_best():
    best = ranked_for({1: YES, 2: YES, 3: YES})
    other = ranked_for({1: YES, 2: YES})

    assert not ties_with_best(other, best)


def test_one_more_key_person_missing_does_not_tie_even_with_the_same_head_count():
    best = ranked_for({1: YES, 2: YES, 3: YES})
    other = ranked_for({1: YES, 3: YES, 4: YES})

    assert other.available == best.available
    assert not ties_with_best(other, best)


def test_different_key_persons_missing_tie_when_as_many_are_missing():
    one_missing = ranked_for({1: YES, 3: YES})
    other_missing = ranked_for({2: YES, 4: YES})

    assert one_missing.key_persons_missing != other_missing.key_persons_missing
    assert ties_with_best(other_missing, one_missing)


# Properties on random polls

GROUPS = ("volunteer", "professional_staff", "resident_board", "guest")
AREAS = (None, 1, 2, 3)
STARTS = tuple(at(hours) for hours in (0, 1, 24, 25, 48))
VALUES = ("yes", "if_need_be", "no")
NOT_INVITED = 999  # someone who answered and was later taken off the list


@st.composite
def polls(draw):
    """Raw data: invitees as (id, group, area, key), slots as (id, start, {person: answer})."""
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(GROUPS), st.sampled_from(AREAS), st.booleans()),
            max_size=12,
        )
    )
    people = [(100 + index, group, area, key) for index, (group, area, key) in enumerate(rows)]
    answerers = [person[0] for person in people] + [NOT_INVITED]
    slot_count = draw(st.integers(min_value=0, max_value=8))
    slots = [
        (
            900 - number,  # ids unrelated to the start times
            draw(st.sampled_from(STARTS)),
            draw(st.dictionaries(st.sampled_from(answerers), st.sampled_from(VALUES))),
        )
        for number in range(slot_count)
    ]
    return people, slots


def as_module_values(people, slots):
    invitees = [Invitee(pid, group, area, key) for pid, group, area, key in people]
    return [Slot(sid, starts, dict(answers)) for sid, starts, answers in slots], invitees


def direct_count(people, slot, raw_slots=None) -> dict:
    """What the ranking should report for one slot, counted straight from the raw answers.

    Groups and areas can only be missing among the people who answered some slot."""
    _sid, starts, answers = slot
    heard = {pid for _s, _t, given in (raw_slots or [slot]) for pid in given}
    heard_people = [p for p in people if p[0] in heard]
    said = {pid: answers.get(pid, "no") for pid, *_rest in people}
    able = [p for p in people if said[p[0]] in ("yes", "if_need_be")]
    groups_able = {group for _pid, group, _area, _key in able}
    areas_able = {area for _pid, _group, area, _key in able if area is not None}
    return {
        "starts_at": starts,
        "yes": sum(1 for value in said.values() if value == "yes"),
        "if_need_be": sum(1 for value in said.values() if value == "if_need_be"),
        "available": len(able),
        "key_persons_missing": sorted(p[0] for p in people if p[3] and p not in able),
        "groups_missing": sorted({p[1] for p in heard_people} - groups_able),
        "areas_missing": sorted({p[2] for p in heard_people if p[2] is not None} - areas_able),
        "groups_present": len(groups_able),
        "areas_present": len(areas_able),
    }


def five_keys(counted: dict) -> tuple:
    return (
        len(counted["key_persons_missing"]),
        -counted["available"],
        -(counted["groups_present"] + counted["areas_present"]),
        -counted["yes"],
        counted["starts_at"],
    )


@settings(max_examples=150)
@given(polls())
def test_the_ranking_is_a_permutation_of_the_slots(poll):
    people, raw_slots = poll
    slots, invitees = as_module_values(people, raw_slots)

    ranked = rank(slots, invitees)

    assert sorted(r.slot for r in ranked) == sorted(sid for sid, _starts, _answers in raw_slots)


@settings(max_examples=150)
@given(polls())
def test_the_ranking_always_follows_the_five_keys(poll):
    people, raw_slots = poll
    slots, invitees = as_module_values(people, raw_slots)
    raw_by_id = {slot[0]: slot for slot in raw_slots}

    ranked = rank(slots, invitees)

    keys = [five_keys(direct_count(people, raw_by_id[r.slot])) for r in ranked]
    for better, worse in zip(keys, keys[1:], strict=False):
        assert better <= worse


@settings(max_examples=150)
@given(polls())
def test_the_counts_match_a_direct_count_of_the_answers(poll):
    people, raw_slots = poll
    slots, invitees = as_module_values(people, raw_slots)
    raw_by_id = {slot[0]: slot for slot in raw_slots}

    for r in rank(slots, invitees):
        expected = direct_count(people, raw_by_id[r.slot], raw_slots)
        assert r.available == r.yes + r.if_need_be
        assert r.starts_at == expected["starts_at"]
        assert r.available == expected["available"]
        assert r.yes == expected["yes"]
        assert r.if_need_be == expected["if_need_be"]
        assert list(r.key_persons_missing) == expected["key_persons_missing"]
        assert list(r.groups_missing) == expected["groups_missing"]
        assert list(r.areas_missing) == expected["areas_missing"]
        assert r.groups_present == expected["groups_present"]
        assert r.areas_present == expected["areas_present"]


@settings(max_examples=100)
@given(polls())
def test_ties_with_best_means_equal_key_persons_missing_and_head_count(poll):
    people, raw_slots = poll
    slots, invitees = as_module_values(people, raw_slots)
    raw_by_id = {slot[0]: slot for slot in raw_slots}

    ranked = rank(slots, invitees)

    if ranked:
        best = five_keys(direct_count(people, raw_by_id[ranked[0].slot]))
        for r in ranked:
            mine = five_keys(direct_count(people, raw_by_id[r.slot]))
            assert ties_with_best(r, ranked[0]) == (mine[:2] == best[:2])


@settings(max_examples=100)
@given(polls(), st.data())
def test_one_more_able_invitee_never_moves_a_slot_down(poll, data):
    people, raw_slots = poll
    unable = [
        (index, pid)
        for index, (_sid, _starts, answers) in enumerate(raw_slots)
        for pid, *_rest in people
        if answers.get(pid, "no") == "no"
    ]
    if not unable:
        return
    index, pid = data.draw(st.sampled_from(unable))
    sid, starts, answers = raw_slots[index]
    improved = [*raw_slots]
    improved[index] = (
        sid,
        starts,
        {**answers, pid: data.draw(st.sampled_from(["yes", "if_need_be"]))},
    )

    before = order(*as_module_values(people, raw_slots))
    after = order(*as_module_values(people, improved))

    assert after.index(sid) <= before.index(sid)


@settings(max_examples=150)
@given(polls())
def test_only_more_key_persons_missing_places_a_slot_below_fewer_people(poll):
    people, raw_slots = poll
    slots, invitees = as_module_values(people, raw_slots)
    ranked = rank(slots, invitees)
    by_slot = {r.slot: r for r in ranked}

    for slot in placed_below_fewer(ranked):
        lower = by_slot[slot]
        above = ranked[: ranked.index(lower)]
        assert any(
            h.available < lower.available
            and len(h.key_persons_missing) < len(lower.key_persons_missing)
            for h in above
        )
