"""The demo's live board: at the 2017 meeting on designing a family effort, the workshop
ran on the live board: three tables, a dozen ideas typed on phones, some +1s and one
post the facilitator hid (it named a neighbour). Written for this demo. Safe to run
again: a meeting that has a live session keeps it.

Like every live board it is deleted 30 days after its meeting (`purgelive`); loading
the demo again brings it back.
"""

import secrets
from datetime import timedelta

from django.db.models import F

from ressourcenet.accounts.models import User
from ressourcenet.knowledge.demo import FAMILIES, MEETINGS
from ressourcenet.live.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LiveIdea,
    LiveParticipant,
    LiveSession,
    LiveTable,
    PlusOne,
)
from ressourcenet.meetings.models import AgendaItem, Meeting
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Plan

CODE = "FAMY"
# Two who came without an invitation joined by code with a first name.
CODE_JOINERS = [("Yasmin", 0), ("Mikkel", 2)]
# Per table: (idea, number of +1s, hidden).
TABLES = [
    (
        "De små børn",
        [
            ("Åben sundhedspleje i beboerhuset en formiddag om ugen", 4, False),
            ("Legestue for forældre på barsel, så de møder andre fra området", 2, False),
            ("Tandplejen kommer ud i vuggestuen og viser, hvordan man børster tænder", 1, False),
            ("Billedbøger på flere sprog i legestuen", 0, False),
        ],
    ),
    (
        "Skolebørnene",
        [
            ("Lektiecafé med aftensmad, så børnene ikke er sultne", 5, False),
            ("Forældremøder, hvor en frivillig kan oversætte", 3, False),
            ("Ferieaktiviteter for de børn, der ikke kommer på ferie", 2, False),
            ("Familien i nummer 12 larmer hele natten!!", 0, True),
        ],
    ),
    (
        "Hele familien",
        [
            ("Én fast kontaktperson, så familien ikke skal fortælle det hele forfra", 5, False),
            ("Familieaftener med mad, hvor man kan spørge fagfolk til råds", 3, False),
            ("Forældre, der selv har fået hjælp, fortæller andre om det", 2, False),
            ("Alle tilbuddene samlet på én side, også på arabisk og somali", 1, False),
        ],
    ),
]


def _free_code() -> str:
    if not LiveSession.objects.filter(code=CODE).exists():
        return CODE
    for _attempt in range(50):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not LiveSession.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free live code")


def load_live_board(plan: Plan) -> LiveSession | None:
    """The families workshop's live board, ended when the meeting ended; None when the
    meeting is missing or has its board already."""
    meeting = Meeting.objects.filter(
        network__plan=plan, network__slug=FAMILIES, title=MEETINGS[FAMILIES]
    ).first()
    if meeting is None or not meeting.has_time or LiveSession.objects.filter(meeting=meeting):
        return None
    workshop = (
        meeting.agenda_items.filter(kind=AgendaItem.Kind.WORKSHOP).order_by("position").first()
    )
    board_opens = (workshop.started_at if workshop and workshop.started_at else None) or (
        meeting.starts_at + timedelta(minutes=40)
    )
    coordinator = (
        meeting.network.memberships.filter(role=Membership.Role.COORDINATOR)
        .values_list("person_id", flat=True)
        .first()
    )
    session = LiveSession.objects.create(
        meeting=meeting,
        code=_free_code(),
        started_by=User.objects.filter(person__pk=coordinator).first() if coordinator else None,
        started_at=board_opens - timedelta(minutes=5),
        ended_at=meeting.ends_at,
    )
    tables = LiveTable.objects.bulk_create(
        LiveTable(session=session, name=name, position=position)
        for position, (name, _ideas) in enumerate(TABLES)
    )

    # Those who came, seated in turn at the three tables, and the two code joiners.
    came = list(meeting.invitations.filter(attended=True).order_by("person__name"))
    people = [
        LiveParticipant(
            session=session,
            invitation=invitation,
            table=tables[index % len(tables)],
            token=secrets.token_urlsafe(24),
        )
        for index, invitation in enumerate(came)
    ]
    people += [
        LiveParticipant(
            session=session, name=name, table=tables[table], token=secrets.token_urlsafe(24)
        )
        for name, table in CODE_JOINERS
    ]
    people = LiveParticipant.objects.bulk_create(people)
    LiveParticipant.objects.filter(session=session).update(joined_at=board_opens)
    by_table = {table.pk: [p for p in people if p.table_id == table.pk] for table in tables}

    ideas, plus_ones, minute = [], [], 0
    for table, (_name, rows) in zip(tables, TABLES, strict=True):
        seated = by_table[table.pk] or people
        for number, (text, count, hidden) in enumerate(rows):
            author = seated[number % len(seated)]
            idea = LiveIdea(
                session=session, table=table, participant=author, text=text, hidden=hidden
            )
            ideas.append(idea)
            others = [p for p in people if p.pk != author.pk]
            plus_ones += [(idea, voter) for voter in others[number : number + count]]
    LiveIdea.objects.bulk_create(ideas)
    PlusOne.objects.bulk_create(PlusOne(idea=idea, participant=p) for idea, p in plus_ones)
    # Posted a few minutes apart during the workshop, not at the moment the demo loads.
    for idea in ideas:
        minute += 2
        LiveIdea.objects.filter(pk=idea.pk).update(
            created_at=board_opens + timedelta(minutes=minute)
        )
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + len(ideas))
    return session
