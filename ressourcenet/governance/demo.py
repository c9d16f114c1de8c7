"""The demo's board: one board meeting held in the plan's last year and one coming, and a
recommendation in every state, with Danish texts written for this demo. Safe to run
again: a recommendation with the same title in the same network is left as it is, and the
coming board meeting is moved ahead when its deadline has passed.

Written straight to the database with their steps, as they would have gone: the services
refuse past deadlines, and the demo sends no e-mail.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from ressourcenet.accounts.models import User
from ressourcenet.governance import services
from ressourcenet.governance.models import (
    DEFAULT_DEADLINE,
    BoardMeeting,
    ProposedAmount,
    Recommendation,
    RecommendationTransition,
)
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.models import Plan

State = Recommendation.State
Kind = Recommendation.Kind

PAST_TITLE = "Bestyrelsesmøde om prioriteringer"
COMING_TITLE = "Næste bestyrelsesmøde"
# The coming board meeting is this far ahead, so that its deadline is still open.
COMING_AHEAD = timedelta(weeks=6)

# (network slug, kind, title, background, proposal, consequence, areas, state, reason)
RECOMMENDATIONS = [
    (
        "familier-forebyggelse",
        Kind.PRIORITY,
        "Sommerferieaktiviteter for børn, der bliver hjemme",
        "Mange børn i boligområderne kommer ikke på ferie. I juli er klubberne lukket, og "
        "børnene keder sig i gården.",
        "Netværket foreslår tre ugers ferieaktiviteter i juli med udflugter og mad.",
        "Cirka 60.000 kr. fra puljen til børn og unge. Frivillige hjælper.",
        ["Kanalens Kvarter", "Hedemarken"],
        State.DRAFT,
        "",
    ),
    (
        "familier-forebyggelse",
        Kind.PRIORITY,
        "Lektiecaféen åbner også om fredagen",
        "Lektiecaféen er fuld mandag til torsdag. Mange forældre har spurgt efter en dag mere.",
        "Lektiecaféen holder åbent fredag eftermiddag med to frivillige og én ansat.",
        "10 timer om ugen for én ansat i skoleåret, cirka 45.000 kr.",
        ["Kanalens Kvarter"],
        State.ADOPTED,
        "",
    ),
    (
        "familier-forebyggelse",
        Kind.OTHER,
        "Én fast kontaktperson til familier med mange sager",
        "Familier fortæller, at de skal forklare det hele forfra for hver ny medarbejder.",
        "Hver familie med sager i mere end to forvaltninger får én fast kontaktperson.",
        "Ingen nye penge. Det kræver, at forvaltningerne aftaler, hvem der gør hvad.",
        ["Blokland", "Hedemarken"],
        State.SUBMITTED,
        "",
    ),
    (
        "familier-forebyggelse",
        Kind.PRIORITY,
        "Tandplejen besøger vuggestuerne to gange om året",
        "Mange små børn har huller i tænderne, før de starter i skole.",
        "Tandplejen viser forældre og børn i vuggestuerne, hvordan man børster tænder.",
        "20 timer om året fra tandplejen. Tandplejen betaler selv.",
        ["Kanalens Kvarter", "Blokland", "Hedemarken", "Albertslund Nord"],
        State.APPROVED,
        "Bestyrelsen synes, det er en god og billig idé. Tandplejen står for det.",
    ),
    (
        "uddannelse-beskaeftigelse",
        Kind.OTHER,
        "Gratis buskort til unge, der skal til jobsamtale",
        "Nogle unge bliver væk fra jobsamtaler, fordi de ikke har råd til bussen.",
        "Helhedsplanen betaler buskort til unge under 25, der skal til jobsamtale.",
        "Cirka 15.000 kr. om året.",
        [],
        State.REJECTED,
        "Jobcentret har allerede en ordning for transport. Netværket får den at vide.",
    ),
    (
        "familier-forebyggelse",
        Kind.COFINANCING_CHANGE,
        "PPR's psykolog kommer oftere i lektiecaféerne i 2020",
        "Mange børn i lektiecaféerne vil gerne tale med en psykolog, og de venter længe på en "
        "tid. Psykologen fra PPR kan ikke nå dem alle.",
        "PPR betaler mere til psykologen i lektiecaféerne i 2020: 180.000 kr. og 420 timer i "
        "stedet for 150.000 kr. og 300 timer.",
        "30.000 kr. og 120 timer mere fra PPR i 2020. Det koster ikke helhedsplanen noget.",
        ["Kanalens Kvarter", "Hedemarken"],
        State.APPROVED,
        "Børnene skal have hjælp hurtigere. PPR har sagt ja til at betale det.",
    ),
    (
        "uddannelse-beskaeftigelse",
        Kind.COFINANCING_CHANGE,
        "Jobcentret betaler også løn til fritidsjob i 2020",
        "Der er flere unge, der vil have et fritidsjob, end der er penge til løn i ordningen.",
        "Jobcentret betaler 150.000 kr. til løn i fritidsjob i 2020, ud over konsulentens timer.",
        "150.000 kr. mere fra Jobcentret i 2020.",
        ["Albertslund Nord"],
        State.POSTPONED,
        "Bestyrelsen vil først se, hvor mange unge der fik job i år. Den tages op igen.",
    ),
    (
        "naboskab-trivsel",
        Kind.OTHER,
        "Nyt legeredskab ved beboerhuset",
        "Legepladsen ved beboerhuset er slidt.",
        "Helhedsplanen køber et nyt legeredskab.",
        "Cirka 80.000 kr.",
        ["Blokland"],
        State.WITHDRAWN,
        "Boligorganisationen betaler det selv af driftsbudgettet.",
    ),
    (
        "naboskab-trivsel",
        Kind.PRIORITY,
        "Fællesspisning i beboerhuset hver måned",
        "Mange beboere kender ikke deres naboer. Når der er fællesspisning, kommer både unge, "
        "ældre og nye familier.",
        "Helhedsplanen støtter én fællesspisning om måneden i beboerhuset. Frivillige laver "
        "maden sammen med en medarbejder.",
        "Cirka 3.000 kr. pr. gang til mad, i alt 36.000 kr. om året. Voksne betaler 20 kr.",
        ["Kanalens Kvarter", "Blokland"],
        State.SUBMITTED,
        "",
    ),
    (
        "uddannelse-beskaeftigelse",
        Kind.PRIORITY,
        "Jobvejledning i lektiecaféen hver anden uge",
        "Unge over 15 år kommer i lektiecaféen, men de går ikke hen til jobvejledningen på "
        "rådhuset.",
        "En vejleder fra UU og en medarbejder fra jobcentret sidder i lektiecaféen én aften "
        "hver anden uge.",
        "Ingen nye penge. Fire timer hver anden uge fra UU og jobcentret.",
        ["Hedemarken", "Albertslund Nord"],
        State.SUBMITTED,
        "",
    ),
]

# The allocation lines (effort, housing area) of the plan's last year that a priority
# recommendation would change; the allocation page opens on that year once the plan is over.
ALLOCATION_LINES = {
    "Sommerferieaktiviteter for børn, der bliver hjemme": [
        ("Familier/Forebyggelse", "Kanalens Kvarter"),
        ("Familier/Forebyggelse", "Hedemarken"),
    ],
    "Lektiecaféen åbner også om fredagen": [("Familier/Forebyggelse", "Kanalens Kvarter")],
}


def _allocation_lines(plan: Plan, title: str) -> list:
    from ressourcenet.agreements.models import AllocationLine

    wanted = ALLOCATION_LINES.get(title, [])
    lines = AllocationLine.objects.filter(plan=plan, year=plan.ends_on.year).select_related(
        "effort", "housing_area"
    )
    return [line for line in lines if (line.effort.name, line.housing_area.name) in wanted]


# The co-financing recommendations: the agreement (agreements/demo.py) and the new amounts
# (year, kroner, hours) of the years they change.
COFINANCING_CHANGES = {
    "PPR's psykolog kommer oftere i lektiecaféerne i 2020": (
        "PPR's psykolog i lektiecaféerne",
        [(2020, 180_000, 420)],
    ),
    "Jobcentret betaler også løn til fritidsjob i 2020": (
        "Jobcentrets fritidsjobkonsulent",
        [(2020, 150_000, 440)],
    ),
}


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _board_meetings(plan: Plan) -> tuple[BoardMeeting, BoardMeeting]:
    past_day = min(plan.ends_on, timezone.localdate()) - timedelta(days=120)
    past, _ = BoardMeeting.objects.get_or_create(
        plan=plan,
        title=PAST_TITLE,
        defaults={"date": past_day, "place": "Albertslund Rådhus, mødelokale 2"},
    )
    coming_day = timezone.localdate() + COMING_AHEAD
    coming, created = BoardMeeting.objects.get_or_create(
        plan=plan,
        title=COMING_TITLE,
        defaults={"date": coming_day, "place": "Beboerhuset i Kanalens Kvarter"},
    )
    if not created and coming.deadline < timezone.localdate():
        # The demo's own upkeep: no service.
        coming.date, coming.deadline = coming_day, coming_day - DEFAULT_DEADLINE
        coming.save(update_fields=["date", "deadline"])
    return past, coming


@transaction.atomic
def load_recommendations(plan: Plan) -> None:
    past, coming = _board_meetings(plan)
    admin = User.objects.filter(email="admin@example.dk").first()
    coordinator = User.objects.filter(email="koordinator@example.dk").first()
    board = User.objects.filter(email="bestyrelse@example.dk").first()
    areas = {area.name: area for area in plan.areas.all()}
    networks = {network.slug: network for network in plan.networks.all()}
    for position, (
        slug,
        kind,
        title,
        background,
        proposal,
        consequence,
        names,
        state,
        reason,
    ) in enumerate(RECOMMENDATIONS):
        network = networks.get(slug)
        if network is None or network.recommendations.filter(title=title).exists():
            continue
        agreement, amounts = None, []
        if kind == Kind.COFINANCING_CHANGE:
            agreement_title, amounts = COFINANCING_CHANGES[title]
            agreement = plan.cofinancing_agreements.filter(title=agreement_title).first()
            if agreement is None:  # the agreements' demo is not loaded: no change to name
                continue
        author = coordinator if slug == "familier-forebyggelse" else admin
        # Adopted at a meeting of the network held before the past board meeting's deadline.
        meeting = (
            Meeting.objects.past()
            .filter(network=network, starts_at__lt=_at(past.deadline))
            .order_by("-starts_at")
            .first()
        ) or Meeting.objects.past().filter(network=network).order_by("-starts_at").first()
        decided = state in (State.APPROVED, State.REJECTED, State.POSTPONED)
        board_meeting = coming if state == State.SUBMITTED else past if decided else None
        recommendation = Recommendation.objects.create(
            network=network,
            kind=kind,
            title=title,
            background=background,
            proposal=proposal,
            consequence=consequence,
            author=author,
            state=state,
            adopted_at_meeting=meeting if state not in (State.DRAFT, State.WITHDRAWN) else None,
            board_meeting=board_meeting,
            decision_reason=reason if decided else "",
            decided_on=past.date if decided else None,
            agreement=agreement,
        )
        recommendation.housing_areas.set([areas[name] for name in names if name in areas])
        ProposedAmount.objects.bulk_create(
            ProposedAmount(recommendation=recommendation, year=y, money=m, hours=h)
            for y, m, h in amounts
        )
        recommendation.allocation_lines.set(_allocation_lines(plan, title))
        drafted = _steps(
            recommendation, author, board or admin, meeting, past, coming, reason, position
        )
        # Drafted when its trail says, before the meeting that adopted it.
        Recommendation.objects.filter(pk=recommendation.pk).update(created_at=drafted)
        if state == State.APPROVED and agreement is not None:
            # The approval amends the agreement as in the app: a new version naming it.
            services.amend_agreement(recommendation, reason, board or admin)


def _steps(recommendation, author, decider, meeting, past, coming, reason, position) -> datetime:
    state = recommendation.state
    drafted = (meeting.starts_at if meeting else _at(past.date)) - timedelta(days=10)
    steps = [("", State.DRAFT, author, drafted, {})]
    if state == State.WITHDRAWN:
        steps.append((State.DRAFT, State.WITHDRAWN, author, drafted + timedelta(days=5), {}))
    if state not in (State.DRAFT, State.WITHDRAWN) and meeting is not None:
        steps.append((State.DRAFT, State.ADOPTED, author, meeting.ends_at, {"meeting": meeting}))
    if state == State.SUBMITTED:
        # A day apart, in the list's order: the board packet lists them as submitted.
        before = timedelta(days=len(RECOMMENDATIONS) - position)
        submitted_at = min(timezone.now(), _at(coming.deadline)) - before
        steps.append(
            (State.ADOPTED, State.SUBMITTED, author, submitted_at, {"board_meeting": coming})
        )
    if state in (State.APPROVED, State.REJECTED, State.POSTPONED):
        steps.append(
            (
                State.ADOPTED,
                State.SUBMITTED,
                author,
                _at(past.deadline, 9),
                {"board_meeting": past},
            )
        )
        steps.append(
            (
                State.SUBMITTED,
                state,
                decider,
                _at(past.date, 18),
                {"board_meeting": past, "decided_on": past.date},
            )
        )
    for from_state, to_state, by, at, extra in steps:
        RecommendationTransition.objects.create(
            recommendation=recommendation,
            from_state=from_state,
            to_state=to_state,
            by=by,
            at=at,
            reason=reason
            if to_state in (State.WITHDRAWN, recommendation.state) and from_state
            else "",
            **extra,
        )
    return drafted
