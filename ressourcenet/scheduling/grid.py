"""What the poll pages and the API show, as plain values: the answers per invitee (the
answer grid), the ranking rows with their labels and names, and the heat-map's cells.

Built here once, so that the pages and the API read the same numbers in the same way;
each function runs a fixed number of queries, however many invitees and answers.
"""

from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import ngettext

from ressourcenet.lib.names import join_names
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling import preferences, recommend, services
from ressourcenet.scheduling.labels import slot_label
from ressourcenet.scheduling.models import Answer, Poll, Slot

WORKDAYS = range(5)  # the networks meet Monday to Friday


# --- the network's times of the week ----------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    """A share of "yes" as a whole percentage and a shade 0–4 (the shade only adds to the text)."""

    percent: int | None
    level: int | None

    @classmethod
    def of(cls, share: float | None) -> "HeatCell":
        if share is None:
            return cls(None, None)
        return cls(round(share * 100), min(4, int(share * 5)))


def heat_rows(shares: preferences.Shares) -> list[tuple[StakeholderGroup, list[HeatCell]]]:
    """Per group with answers: a cell per workday and time band, Monday morning first."""
    return [
        (
            group,
            [HeatCell.of(shares[group].get((d, b))) for d in WORKDAYS for b in preferences.BANDS],
        )
        for group in StakeholderGroup
        if group in shares
    ]


def heat_days(
    shares: preferences.Shares,
) -> list[tuple[int, list[tuple[StakeholderGroup, list[tuple[str, HeatCell]]]]]]:
    """The heat-map a day at a time, so that it fits a phone: per workday, per group with
    answers, a (time band, cell) per band."""
    return [
        (
            day,
            [
                (group, [(b, HeatCell.of(shares[group].get((day, b)))) for b in preferences.BANDS])
                for group in StakeholderGroup
                if group in shares
            ],
        )
        for day in WORKDAYS
    ]


# --- the ranking --------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    slot: Slot
    label: str
    result: recommend.Ranked
    groups_missing: list[str]
    areas_missing: list[str]
    key_persons_missing: list[str]
    # Placed below a time where fewer can come: the key persons who cannot come are why.
    below_fewer: bool = False

    @property
    def why_lower(self) -> str:
        """E.g. "Susanne Hansen (nøgleperson) kan ikke", for a time placed below fewer."""
        if not (self.below_fewer and self.key_persons_missing):
            return ""
        text = ngettext(
            "%(names)s (key person) cannot come",
            "%(names)s (key persons) cannot come",
            len(self.key_persons_missing),
        )
        return text % {"names": join_names(self.key_persons_missing)}


def ranking_rows(
    poll: Poll, ranked: list[recommend.Ranked], slots: dict[int, Slot]
) -> list[RankingRow]:
    """Each ranked slot with its label and the names of who would be missing (two queries)."""
    areas = services.area_names(poll)
    names = {person.pk: person.name for person in poll.key_persons.all()}
    below_fewer = recommend.placed_below_fewer(ranked)
    return [
        RankingRow(
            slot=slots[r.slot],
            label=slot_label(slots[r.slot].starts_at, slots[r.slot].ends_at),
            result=r,
            groups_missing=[StakeholderGroup(g).label for g in r.groups_missing],
            areas_missing=[areas.get(a, "?") for a in r.areas_missing],
            key_persons_missing=[names.get(p, "?") for p in r.key_persons_missing],
            below_fewer=r.slot in below_fewer,
        )
        for r in ranked
    ]


@dataclass(frozen=True)
class Recommendation:
    """What the poll page and the API's recommendation show: one builder for both."""

    rows: list[RankingRow]
    turnout: recommend.Turnout
    explanation: str
    groups_not_heard: list[str]
    areas_not_heard: list[str]

    @property
    def recommended(self) -> RankingRow | None:
        """The best time; none while no one has answered."""
        return self.rows[0] if self.rows and self.turnout.answered else None


def recommendation(poll: Poll, answers: list[Answer] | None = None) -> Recommendation:
    """`answers`: the poll's answers, when the caller read them already."""
    slots, invitees = services.poll_values(poll, answers)
    ranked = recommend.rank(slots, invitees)
    seen = recommend.turnout(slots, invitees)
    areas = services.area_names(poll)
    return Recommendation(
        rows=ranking_rows(poll, ranked, {slot.pk: slot for slot in poll.slots.all()}),
        turnout=seen,
        explanation=services.explain(poll, ranked, seen),
        groups_not_heard=[StakeholderGroup(g).label for g in seen.groups_not_heard],
        areas_not_heard=[areas.get(a, "?") for a in seen.areas_not_heard],
    )


# --- the answers --------------------------------------------------------------------------


def answers_by_person(
    poll: Poll, person_ids=None, answers: list[Answer] | None = None
) -> dict[int, dict[int, Answer]]:
    """{person id: {slot id: answer}} in one query (none when `answers`, the poll's
    answers, are given); unanswered slots are left out."""
    if answers is None:
        answers = Answer.objects.filter(slot__poll=poll)
        if person_ids is not None:
            answers = answers.filter(person_id__in=person_ids)
    found: dict[int, dict[int, Answer]] = {}
    for answer in answers:
        found.setdefault(answer.person_id, {})[answer.slot_id] = answer
    return found


@dataclass(frozen=True)
class GridRow:
    person: Person
    cells: list[tuple[str, str]]  # per slot: (code, label); ("", "") when unanswered
    answered: bool
    by_coordinator: bool


def answer_grid(
    poll: Poll, slots: list[Slot], answers: list[Answer] | None = None
) -> list[tuple[str, list[GridRow]]]:
    """The invitees by stakeholder group and housing area, each with an answer per slot."""
    answers = answers_by_person(poll, answers=answers)
    people = Person.objects.filter(invitations__meeting=poll.meeting).select_related("housing_area")
    order = {group.value: index for index, group in enumerate(StakeholderGroup)}

    def heading(person: Person) -> tuple:
        area = person.housing_area.name if person.housing_area else ""
        return (order[person.stakeholder_group], area)

    groups = []
    for (_index, area), members in groupby(
        sorted(people, key=lambda p: (heading(p), p.name)), key=heading
    ):
        members = list(members)
        group = members[0].get_stakeholder_group_display()
        title = f"{group} · {area}" if area else str(group)
        rows = []
        for person in members:
            given = answers.get(person.pk, {})
            found = [given.get(slot.pk) for slot in slots]
            rows.append(
                GridRow(
                    person=person,
                    cells=[(a.value, a.get_value_display()) if a else ("", "") for a in found],
                    answered=any(found),
                    by_coordinator=any(a.recorded_by_coordinator for a in found if a),
                )
            )
        groups.append((title, rows))
    return groups
