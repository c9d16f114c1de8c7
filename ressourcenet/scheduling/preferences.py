"""Which times of day suit which stakeholder groups, learned from earlier polls.

Pure: takes answers as plain values and returns shares and suggested times.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MORNING, MIDDAY, AFTERNOON, EVENING = "morning", "midday", "afternoon", "evening"
BANDS = (MORNING, MIDDAY, AFTERNOON, EVENING)
BAND_START = {MORNING: time(9), MIDDAY: time(11, 30), AFTERNOON: time(14), EVENING: time(17)}
WEEKDAYS = range(7)  # Monday = 0


def time_band(moment: datetime) -> str:
    hour = moment.hour + moment.minute / 60
    if hour < 11:
        return MORNING
    if hour < 13:
        return MIDDAY
    if hour < 17:
        return AFTERNOON
    return EVENING


@dataclass(frozen=True)
class PastAnswer:
    group: str
    starts_at: datetime  # local time
    value: str  # yes / if_need_be / no
    person: int | None = None


Shares = dict[str, dict[tuple[int, str], float]]  # group -> (weekday, band) -> share of "yes"


def yes_shares(answers: Iterable[PastAnswer], min_people: int = 1) -> Shares:
    """For each group, the share of "yes" among its answers per weekday and time band.

    Cells answered by fewer than `min_people` different people are left out, so a page
    showing the shares never shows one person's answers.
    """
    counts: dict[str, dict[tuple[int, str], list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    people: dict[tuple[str, int, str], set] = defaultdict(set)
    for answer in answers:
        key = (answer.starts_at.weekday(), time_band(answer.starts_at))
        cell = counts[answer.group][key]
        cell[1] += 1
        if answer.value == "yes":
            cell[0] += 1
        people[(answer.group, *key)].add(answer.person if answer.person is not None else id(answer))
    shares = {
        group: {
            key: yes / total
            for key, (yes, total) in cells.items()
            if len(people[(group, *key)]) >= min_people
        }
        for group, cells in counts.items()
    }
    return {group: cells for group, cells in shares.items() if cells}


def expected_yes(shares: Shares, invitee_groups: Sequence[str], weekday: int, band: str) -> float:
    """How many of these invitees would say yes, going by their groups' history.

    A group with no history at that time counts as an even chance.
    """
    return sum(shares.get(group, {}).get((weekday, band), 0.5) for group in invitee_groups)


# A group rejects a time of the week when at most this share of its answers there were yes.
REJECTED_AT_MOST = 0.25


def rejected_by_most(basis: Sequence[tuple[str, float]]) -> bool:
    """Whether most (more than half) of the groups with history at a time reject it."""
    rejecting = sum(1 for _group, share in basis if share <= REJECTED_AT_MOST)
    return rejecting * 2 > len(basis)


def overlaps(starts: datetime, ends: datetime, busy: Iterable[tuple[datetime, datetime]]) -> bool:
    return any(starts < busy_ends and busy_starts < ends for busy_starts, busy_ends in busy)


@dataclass(frozen=True)
class Suggestion:
    starts_at: datetime
    ends_at: datetime
    expected_yes: float
    # What it is based on: the invitees' groups with history at that weekday and time of
    # day, with their share of yes, highest first.
    basis: tuple[tuple[str, float], ...] = ()
    reason: str = ""  # the basis in words, filled in by the caller that knows the language


def suggest_slots(
    shares: Shares,
    invitee_groups: Sequence[str],
    first_day: date,
    duration: timedelta,
    tzinfo,
    is_holiday: Callable[[date], bool],
    count: int = 4,
    days: int = 21,
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> list[Suggestion]:
    """The best weekday-and-band combinations, placed on the next days that are no holiday.

    Only times of the week at which some invitee's group has history are suggested: with
    no history at all there is nothing to go by, and nothing is suggested. A time most of
    those groups reject (see `rejected_by_most`) is not suggested either, nor one that
    overlaps a `busy` time (start, end), such as another meeting of the network. Weekends
    are left out (meetings of the networks are held on weekdays), and each suggestion falls
    on a day of its own and a weekday and time of day of its own.
    """
    groups = set(invitee_groups)
    candidates = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5 or is_holiday(day):
            continue
        for band in BANDS:
            key = (day.weekday(), band)
            basis = sorted(
                ((g, shares[g][key]) for g in groups if key in shares.get(g, {})),
                key=lambda pair: (-pair[1], pair[0]),
            )
            if not basis or rejected_by_most(basis):
                continue
            starts = datetime.combine(day, BAND_START[band], tzinfo=tzinfo)
            if overlaps(starts, starts + duration, busy):
                continue
            score = expected_yes(shares, invitee_groups, day.weekday(), band)
            candidates.append(Suggestion(starts, starts + duration, round(score, 2), tuple(basis)))
    candidates.sort(key=lambda s: (-s.expected_yes, s.starts_at))
    chosen: list[Suggestion] = []
    used: set[tuple[int, str]] = set()
    days_used: set[date] = set()
    for candidate in candidates:
        if len(chosen) >= count:
            break
        key = (candidate.starts_at.weekday(), time_band(candidate.starts_at))
        if key in used or candidate.starts_at.date() in days_used:
            continue  # spread the suggestions over different days and times of the week
        used.add(key)
        days_used.add(candidate.starts_at.date())
        chosen.append(candidate)
    return sorted(chosen, key=lambda s: s.starts_at)
