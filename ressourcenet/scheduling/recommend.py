"""Which candidate time suits the invitees best, and why.

Pure: plain values in, plain values out. Slots are ranked by, in turn:
1. fewer key persons unable to come ("if need be" counts as able);
2. more invitees able to come (yes + if need be);
3. more stakeholder groups and housing areas represented among those able;
4. more "yes" answers;
5. earlier start.
An unanswered slot counts as "no".
"""

from collections.abc import Iterable, Mapping, Sequence
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


def score_slot(slot: Slot, invitees: Sequence[Invitee]) -> Ranked:
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
    all_groups = sorted({i.group for i in invitees})
    all_areas = sorted({i.area for i in invitees if i.area is not None})
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


def rank(slots: Iterable[Slot], invitees: Sequence[Invitee]) -> list[Ranked]:
    """All slots, best first."""
    return sorted((score_slot(slot, invitees) for slot in slots), key=lambda r: r.sort_key)


def ties_with_best(candidate: Ranked, best: Ranked) -> bool:
    """Equal to the top recommendation on key persons and head-count (the design check's rule)."""
    return (
        len(candidate.key_persons_missing) == len(best.key_persons_missing)
        and candidate.available == best.available
    )
