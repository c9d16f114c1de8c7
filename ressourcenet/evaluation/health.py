"""A network's health, or the whole plan's: the figures the dashboard and the API show.

`load_rows` reads what it needs in seven queries whatever the number of meetings and
people; `compute` is plain: rows in, figures out, so each figure is tested on small
hand-made rows. Nothing here carries a name next to an answer, and nothing about a
meeting's answers (their number, averages, suggestions) is read or shown before its
evaluation has closed (EVALUATION_DAYS after the meeting), nor then with fewer than
MIN_ANSWERS answers: figures that moved with each answer would tell each answer.
Suggestions are grouped per meeting in the order of their text.
"""

import hashlib
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

import networkx as nx
from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.evaluation.models import MIN_ANSWERS, Evaluation
from ressourcenet.evaluation.services import closed_before, closes_at
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting
from ressourcenet.people.models import StakeholderGroup

NO_AREA = ""


# --- plain rows in --------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingIn:
    id: int
    title: str
    network_id: int
    network_name: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class AttendanceIn:
    """A meeting's invitations, counted: all, those whose attendance is recorded (came or
    not), those who came, and of those the people who had come to an earlier held meeting
    of the same network (in the order of start, then id)."""

    meeting_id: int
    invited: int
    recorded: int
    came: int
    returning: int


@dataclass(frozen=True)
class CameIn:
    """How many of a meeting's invitees who came share a stakeholder group, a housing area
    and a party."""

    meeting_id: int
    group: str  # a StakeholderGroup code
    area: str  # the housing area's name, NO_AREA without one
    # (key, label): the unit and its organisation, the organisation without a unit, or
    # the group without an organisation
    party: tuple[str, str]
    people: int


@dataclass(frozen=True)
class RatingsIn:
    meeting_id: int
    answers: int
    relevance: float | None
    time_well_spent: float | None


@dataclass(frozen=True)
class AgendaRunIn:
    """An agenda item the time-keeper's clock ran to its end (meetings/clock.py)."""

    meeting_id: int
    planned: int  # minutes
    actual: int  # minutes


@dataclass(frozen=True)
class Rows:
    meetings: list[MeetingIn]
    attendance: list[AttendanceIn]
    came: list[CameIn]
    ratings: list[RatingsIn]
    suggestions: list[tuple[int, str]]  # (meeting id, text)
    now: datetime | None = None  # when the evaluations' windows are judged; None: now
    agenda_runs: list[AgendaRunIn] = field(default_factory=list)


# --- figures out ----------------------------------------------------------------------


@dataclass
class MeetingFigures:
    id: int
    title: str
    network_id: int
    network_name: str
    starts_at: datetime
    quarter: str
    evaluation_closes_at: datetime | None = None
    evaluation_closed: bool = False
    invited: int = 0
    came: int = 0
    attendance_recorded: bool = False
    newcomers: int = 0
    returning: int = 0
    # None while the evaluation is open, and after it with fewer than MIN_ANSWERS answers.
    answers: int | None = None
    relevance: float | None = None
    time_well_spent: float | None = None
    # Plan and reality of the agenda, over the items the clock ran to their end; None
    # when the clock was not kept.
    planned_minutes: int | None = None
    actual_minutes: int | None = None

    @property
    def too_few_answers(self) -> bool:
        return self.evaluation_closed and self.answers is None

    @property
    def share(self) -> float | None:
        """The share of invitees who came, once attendance is recorded."""
        if not self.attendance_recorded or not self.invited:
            return None
        return self.came / self.invited

    @property
    def share_percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


@dataclass
class Tie:
    a: str
    b: str
    meetings: int
    first_quarter: str
    last_quarter: str


@dataclass
class QuarterTies:
    quarter: str
    pairs: int  # pairs of parties who met at a meeting that quarter
    new: int  # of those, pairs who met for the first time


@dataclass
class Health:
    meetings: list[MeetingFigures]
    quarters: list[str]
    # (label, counts per quarter in the order of `quarters`)
    by_group: list[tuple[str, list[int]]]
    by_area: list[tuple[str, list[int]]]
    ties: list[Tie]
    ties_by_quarter: list[QuarterTies]
    # (party, x, y, number of others met) with x and y in 0..1, from a fixed seed
    layout: list[tuple[str, float, float, int]]
    suggestions: list[tuple[MeetingFigures, list[str]]] = field(default_factory=list)

    @property
    def held(self) -> int:
        return len(self.meetings)

    @property
    def invited(self) -> int:
        return sum(m.invited for m in self.meetings if m.attendance_recorded)

    @property
    def came(self) -> int:
        return sum(m.came for m in self.meetings if m.attendance_recorded)

    @property
    def share_percent(self) -> int | None:
        return round(self.came / self.invited * 100) if self.invited else None

    @property
    def answers(self) -> int:
        """The answers shown: to closed evaluations with enough of them."""
        return sum(m.answers or 0 for m in self.meetings)


def quarter_of(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    return _("Q%(quarter)d %(year)d") % {"quarter": quarter, "year": year}


def compute(rows: Rows, seed: int = 7) -> Health:
    meetings = sorted(rows.meetings, key=lambda m: (m.starts_at, m.id))
    keys = {m.id: quarter_of(m.starts_at) for m in meetings}
    quarter_keys = sorted(set(keys.values()))
    labels = {key: quarter_label(*key) for key in quarter_keys}
    column = {key: index for index, key in enumerate(quarter_keys)}
    closed_before_ = closed_before(rows.now)
    figures = {
        m.id: MeetingFigures(
            m.id,
            m.title,
            m.network_id,
            m.network_name,
            m.starts_at,
            labels[keys[m.id]],
            evaluation_closes_at=closes_at(m),
            evaluation_closed=m.ends_at <= closed_before_,
        )
        for m in meetings
    }
    for counted in rows.attendance:
        meeting = figures.get(counted.meeting_id)
        if meeting is None:
            continue
        meeting.invited = counted.invited
        meeting.attendance_recorded = counted.recorded > 0
        meeting.came = counted.came
        meeting.returning = counted.returning
        meeting.newcomers = counted.came - counted.returning
    came_by_meeting: dict[int, list[CameIn]] = defaultdict(list)
    for came in rows.came:
        if came.meeting_id in figures and came.people:
            came_by_meeting[came.meeting_id].append(came)

    group_labels = dict(StakeholderGroup.choices)
    by_group: dict[str, list[int]] = {}
    by_area: dict[str, list[int]] = {}
    graph = nx.Graph()
    pair_quarters: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in meetings:
        came = came_by_meeting[m.id]
        index = column[keys[m.id]]
        for share in came:
            counts = by_group.setdefault(share.group, [0] * len(quarter_keys))
            counts[index] += share.people
            counts = by_area.setdefault(share.area, [0] * len(quarter_keys))
            counts[index] += share.people
        parties = sorted({share.party for share in came})
        for party in parties:
            graph.add_node(party[0], label=party[1])
        for a, b in combinations(parties, 2):
            if graph.has_edge(a[0], b[0]):
                graph[a[0]][b[0]]["weight"] += 1
            else:
                graph.add_edge(a[0], b[0], weight=1)
            pair_quarters[(a[0], b[0])].append(keys[m.id])

    for run in rows.agenda_runs:
        if (meeting := figures.get(run.meeting_id)) is not None:
            meeting.planned_minutes = (meeting.planned_minutes or 0) + run.planned
            meeting.actual_minutes = (meeting.actual_minutes or 0) + run.actual

    shown: set[int] = set()  # meetings whose answers may be shown
    for rating in rows.ratings:
        meeting = figures.get(rating.meeting_id)
        if meeting is None or not meeting.evaluation_closed or rating.answers < MIN_ANSWERS:
            continue
        shown.add(meeting.id)
        meeting.answers = rating.answers
        meeting.relevance = round(rating.relevance, 1)
        meeting.time_well_spent = round(rating.time_well_spent, 1)

    group_order = list(group_labels)

    def order_of_group(code: str) -> tuple[bool, int]:
        return code not in group_order, group_order.index(code) if code in group_order else 0

    label = nx.get_node_attributes(graph, "label")
    ties = [
        Tie(
            *sorted((label[a], label[b]), key=str.casefold),
            graph[a][b]["weight"],
            labels[min(pair_quarters[(a, b)])],
            labels[max(pair_quarters[(a, b)])],
        )
        for a, b in pair_quarters
    ]
    ties.sort(key=lambda tie: (tie.a.casefold(), tie.b.casefold()))
    ties.sort(key=lambda tie: -tie.meetings)  # stable: ties by name within a count
    first_met = {pair: min(quarters) for pair, quarters in pair_quarters.items()}
    ties_by_quarter = [
        QuarterTies(
            labels[key],
            sum(1 for quarters in pair_quarters.values() if key in quarters),
            sum(1 for first in first_met.values() if first == key),
        )
        for key in quarter_keys
    ]
    suggestions_by_meeting: dict[int, list[str]] = defaultdict(list)
    for meeting_id, text in rows.suggestions:
        if meeting_id in shown and text.strip():
            suggestions_by_meeting[meeting_id].append(text.strip())
    return Health(
        meetings=list(figures.values()),
        quarters=[labels[key] for key in quarter_keys],
        by_group=[
            (str(group_labels.get(code, code)), by_group[code])
            for code in sorted(by_group, key=order_of_group)
        ],
        by_area=[
            (name or _("No housing area"), by_area[name])
            for name in sorted(by_area, key=lambda name: (name == NO_AREA, name))
        ],
        ties=ties,
        ties_by_quarter=ties_by_quarter,
        layout=layout(graph, seed),
        suggestions=[
            # In the order of their text: not in the order they came, nor by whom.
            (figures[meeting_id], sorted(texts, key=str.casefold))
            for meeting_id, texts in sorted(
                suggestions_by_meeting.items(),
                key=lambda item: (figures[item[0]].starts_at, item[0]),
            )
        ],
    )


def spring_positions(graph: nx.Graph, seed: int, rounds: int = 80) -> dict:
    """Fruchterman and Reingold's spring layout in plain Python (networkx's needs numpy,
    which the project does not carry): start from a seeded random place, let every pair
    push apart and every tie pull together, cooling each round. Same seed, same picture."""
    rng = random.Random(seed)
    nodes = list(graph.nodes)
    place = {node: [rng.random(), rng.random()] for node in nodes}
    k = math.sqrt(1 / len(nodes))
    heat = 0.1
    for _round in range(rounds):
        move = {node: [0.0, 0.0] for node in nodes}
        for a, b in combinations(nodes, 2):
            dx, dy = place[a][0] - place[b][0], place[a][1] - place[b][1]
            distance = math.hypot(dx, dy) or 0.01
            push = k * k / distance
            if graph.has_edge(a, b):
                push -= distance * distance / k * graph[a][b].get("weight", 1) ** 0.5
            move[a][0] += dx / distance * push
            move[a][1] += dy / distance * push
            move[b][0] -= dx / distance * push
            move[b][1] -= dy / distance * push
        for node in nodes:
            length = math.hypot(*move[node]) or 1
            step = min(length, heat)
            place[node][0] += move[node][0] / length * step
            place[node][1] += move[node][1] / length * step
        heat -= 0.1 / (rounds + 1)
    return place


LAYOUT_CACHE_SECONDS = 24 * 60 * 60


def layout(graph: nx.Graph, seed: int) -> list[tuple[str, float, float, int]]:
    """Where each party goes in the drawing: a spring layout from a fixed seed (the same
    picture every time), scaled to 0..1, in the order of the labels."""
    if not graph:
        return []
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    ordered.add_edges_from(sorted(graph.edges(data=True)))
    # The layout depends on nothing but the graph and the seed, and takes a good part of
    # the dashboard's time on a long history: kept in the cache under a digest of both, so
    # a changed graph is a new key and nothing has to be forgotten.
    source = repr((seed, list(ordered.nodes(data=True)), list(ordered.edges(data=True))))
    key = "health-layout:" + hashlib.sha256(source.encode()).hexdigest()
    placed = cache.get(key)
    if placed is None:
        placed = placed_nodes(ordered, seed)
        cache.set(key, placed, LAYOUT_CACHE_SECONDS)
    return placed


def placed_nodes(ordered: nx.Graph, seed: int) -> list[tuple[str, float, float, int]]:
    positions = spring_positions(ordered, seed)
    xs = [x for x, _y in positions.values()]
    ys = [y for _x, y in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    placed = [
        (
            ordered.nodes[node]["label"],
            (x - min(xs)) / span_x if len(xs) > 1 else 0.5,
            (y - min(ys)) / span_y if len(ys) > 1 else 0.5,
            ordered.degree(node),
        )
        for node, (x, y) in positions.items()
    ]
    return sorted(placed)


# --- reading the database -------------------------------------------------------------


def load_rows(meetings: QuerySet[Meeting], with_suggestions: bool) -> Rows:
    """The held meetings among `meetings` (a network's or a plan's) and what the figures
    need, in seven queries (six without the suggestions), however many meetings and people
    there are. Answers are read only for the meetings whose evaluation has closed."""
    now = timezone.now()
    held = meetings.past(now).order_by()
    meeting_rows = [
        MeetingIn(*values)
        for values in held.values_list(
            "id", "title", "network_id", "network__name", "starts_at", "ends_at"
        ).order_by("starts_at", "id")
    ]
    held_ids = held.values("pk")
    invitations = Invitation.objects.filter(meeting__in=held_ids)
    # A newcomer is at the first held meeting of the network they came to (by start, then
    # id): the database numbers each person's attended meetings per network and returns
    # only the firsts (one row per person and network), rather than every invitation of
    # the history being walked here; the others who came are returning. (An EXISTS per
    # attendee on earlier invitations took 560 ms on PostgreSQL at national scale.)
    first_time = Window(
        RowNumber(),
        partition_by=[F("meeting__network_id"), F("person_id")],
        order_by=[F("meeting__starts_at").asc(), F("meeting_id").asc()],
    )
    newcomers = Counter(
        invitations.filter(attended=True)
        .annotate(number=first_time)
        .filter(number=1)
        .values_list("meeting_id", flat=True)
        .order_by()
    )
    attendance = [
        AttendanceIn(meeting_id, invited, recorded, came, came - newcomers[meeting_id])
        for meeting_id, invited, recorded, came in invitations.values("meeting_id")
        .annotate(
            invited=Count("id"),
            recorded=Count("id", filter=Q(attended__isnull=False)),
            came=Count("id", filter=Q(attended=True)),
        )
        .values_list("meeting_id", "invited", "recorded", "came")
        .order_by()
    ]
    group_labels = dict(StakeholderGroup.choices)
    no_organisation: dict[str, tuple[str, str]] = {}
    came = []
    for values in (
        invitations.filter(attended=True)
        .values_list(
            "meeting_id",
            "person__stakeholder_group",
            "person__housing_area__name",
            "person__organisation_id",
            "person__organisation__name",
            "person__unit_id",
            "person__unit__name",
            "person__unit__organisation__name",
        )
        .annotate(people=Count("id"))
        .order_by()
    ):
        meeting_id, group, area, organisation_id, organisation = values[:5]
        unit_id, unit, unit_organisation, people = values[5:]
        if unit_id is not None:
            # A municipality's units are the sectors that meet: PPR, the job centre.
            party = (f"unit-{unit_id}", f"{unit}, {unit_organisation}")
        elif organisation_id is not None:
            party = (f"organisation-{organisation_id}", organisation)
        else:
            party = no_organisation.get(group)
            if party is None:  # once per group, not once per row
                party = no_organisation[group] = (
                    f"group-{group}",
                    _("%(group)s (no organisation)") % {"group": group_labels.get(group, group)},
                )
        came.append(CameIn(meeting_id, group, area or NO_AREA, party, people))
    closed_ids = held.filter(ends_at__lte=closed_before(now)).values("pk")
    evaluations = Evaluation.objects.filter(meeting__in=closed_ids)
    ratings = [
        RatingsIn(*values)
        for values in evaluations.values("meeting_id")
        .annotate(answers=Count("id"), relevance=Avg("relevance"), time=Avg("time_well_spent"))
        .values_list("meeting_id", "answers", "relevance", "time")
        .order_by()
    ]
    suggestions = []
    if with_suggestions:
        suggestions = list(
            evaluations.exclude(suggestion="")
            .values_list("meeting_id", "suggestion")
            .order_by("suggestion")
        )
    ran = AgendaItem.objects.filter(meeting__in=held_ids, ended_at__isnull=False).exclude(
        started_at=None
    )
    agenda_runs = [
        AgendaRunIn(item.meeting_id, item.minutes, item.actual_minutes)
        for item in ran.only("meeting_id", "minutes", "started_at", "ended_at").order_by()
    ]
    return Rows(meeting_rows, attendance, came, ratings, suggestions, now, agenda_runs)


def health_of(meetings: QuerySet[Meeting], with_suggestions: bool = False) -> Health:
    return compute(load_rows(meetings, with_suggestions))
