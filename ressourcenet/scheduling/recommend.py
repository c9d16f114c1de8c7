"""Which candidate time suits the invitees best, and why.

Pure: plain values in, plain values out. Slots are ranked by, in turn:
1. fewer key persons unable to come ("if need be" counts as able);
2. more invitees able to come (yes + if need be);
3. more stakeholder groups and housing areas represented among those able;
4. more "yes" answers;
5. earlier start.
An unanswered slot counts as "no".

A group or area is "missing" at a slot when some of its invitees have answered the poll and
none of those can come; one none of whose invitees has answered yet is "not heard from"
(`turnout`), so that a poll few have answered does not claim whole groups cannot come.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

YES = "yes"
IF_NEED_BE = "if_need_be"
NO = "no"
ANSWERS = (YES, IF_NEED_BE, NO)


@dataclass(frozen=True)
class Invitee:
    id: int
    group: str
    area: int | None = None
    key: bool = False


@dataclass(frozen=True)
class Slot:
    id: int
    starts_at: datetime
    answers: Mapping[int, str]  # invitee id -> yes / if_need_be / no


@dataclass(frozen=True)
class Ranked:
    slot: int
    starts_at: datetime
    available: int
    yes: int
    if_need_be: int
    key_persons_missing: tuple[int, ...]
    groups_missing: tuple[str, ...]
    areas_missing: tuple[int, ...]
    groups_present: int
    areas_present: int

    @property
    def sort_key(self) -> tuple:
        return (
            len(self.key_persons_missing),
            -self.available,
            -(self.groups_present + self.areas_present),
            -self.yes,
            self.starts_at,
        )


def score_slot(
    slot: Slot, invitees: Sequence[Invitee], answered: Collection[int] | None = None
) -> Ranked:
    """`answered`: the invitees who have answered the poll at all (by default: everyone)."""
    yes = if_need_be = 0
    groups_able: set[str] = set()
    areas_able: set[int] = set()
    key_missing = []
    answers = slot.answers
    for invitee in invitees:
        answer = answers.get(invitee.id, NO)
        if answer == YES:
            yes += 1
        elif answer == IF_NEED_BE:
            if_need_be += 1
        else:
            if invitee.key:
                key_missing.append(invitee.id)
            continue
        groups_able.add(invitee.group)
        if invitee.area is not None:
            areas_able.add(invitee.area)
    heard = [i for i in invitees if answered is None or i.id in answered]
    all_groups = sorted({i.group for i in heard})
    all_areas = sorted({i.area for i in heard if i.area is not None})
    return Ranked(
        slot=slot.id,
        starts_at=slot.starts_at,
        available=yes + if_need_be,
        yes=yes,
        if_need_be=if_need_be,
        key_persons_missing=tuple(sorted(key_missing)),
        groups_missing=tuple(g for g in all_groups if g not in groups_able),
        areas_missing=tuple(a for a in all_areas if a not in areas_able),
        groups_present=len(groups_able),
        areas_present=len(areas_able),
    )


def answered_ids(slots: Iterable[Slot], invitees: Sequence[Invitee]) -> set[int]:
    """The invitees who have answered at least one slot."""
    invited = {i.id for i in invitees}
    return {person for slot in slots for person in slot.answers if person in invited}


def rank(slots: Iterable[Slot], invitees: Sequence[Invitee]) -> list[Ranked]:
    """All slots, best first."""
    slots = list(slots)
    answered = answered_ids(slots, invitees)
    ranked = (score_slot(slot, invitees, answered) for slot in slots)
    return sorted(ranked, key=lambda r: r.sort_key)


@dataclass(frozen=True)
class Turnout:
    """How many have answered, and the groups and areas no one has answered for yet."""

    answered: int
    invited: int
    groups_not_heard: tuple[str, ...]
    areas_not_heard: tuple[int, ...]


def turnout(slots: Iterable[Slot], invitees: Sequence[Invitee]) -> Turnout:
    answered = answered_ids(slots, invitees)
    heard_groups = {i.group for i in invitees if i.id in answered}
    heard_areas = {i.area for i in invitees if i.id in answered}
    return Turnout(
        answered=len(answered),
        invited=len({i.id for i in invitees}),
        groups_not_heard=tuple(sorted({i.group for i in invitees} - heard_groups)),
        areas_not_heard=tuple(
            sorted({i.area for i in invitees if i.area is not None} - heard_areas)
        ),
    )


def placed_below_fewer(ranked: Sequence[Ranked]) -> set[int]:
    """The slots placed below one where fewer can come: only more key persons missing does
    that, and the page says so next to the slot placed lower."""
    lowered = set()
    for index, lower in enumerate(ranked):
        if any(higher.available < lower.available for higher in ranked[:index]):
            lowered.add(lower.slot)
    return lowered


def ties_with_best(candidate: Ranked, best: Ranked) -> bool:
    """Equal to the top recommendation on key persons and head-count (the design check's rule)."""
    return (
        len(candidate.key_persons_missing) == len(best.key_persons_missing)
        and candidate.available == best.available
    )
