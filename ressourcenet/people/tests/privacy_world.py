"""A person with data in every area of the project, for the export and erasure tests."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from ressourcenet.accounts.models import ApiToken, RateLimit, User
from ressourcenet.agreements.models import CooperationAgreement, Obligation, Party
from ressourcenet.blog.models import BloggerProfile, Comment, Post
from ressourcenet.conftest import make_person, make_user
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.governance.models import Recommendation
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import Experience, Idea, Summary
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession, LiveTable
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting, MeetingRole
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person
from ressourcenet.plans.models import BoardMember
from ressourcenet.scheduling.models import Answer, Poll, Slot

NAME = "Rikke Rasmussen-Holm"
EMAIL = "rikke.rh@example.org"
PHONE = "+45 87 65 43 21"


@dataclass
class World:
    person: Person
    user: User
    past: Meeting
    future: Meeting
    agreement: CooperationAgreement
    recommendation: Recommendation


def build(plan, network, municipality, other: Person) -> World:
    """Rikke, with a login, in every area; `other` is a second party and invitee."""
    now = timezone.now()
    person = make_person(NAME, email=EMAIL, organisation=municipality)
    person.title = "Sundhedsplejerske"
    person.phone = PHONE
    person.save()
    user = make_user(EMAIL, person)
    Membership.objects.create(network=network, person=person, starts_on=plan.starts_on)
    BoardMember.objects.create(board=plan.board, person=person, starts_on=plan.starts_on)
    area = plan.areas.first()
    steering = area.__class__.objects.get(pk=area.pk)
    from ressourcenet.plans.models import LocalSteeringGroup

    LocalSteeringGroup.objects.create(area=steering, name="Styregruppe").members.add(person)

    past = Meeting.objects.create(
        network=network,
        title=f"Oplæg ved {NAME}",
        why="Lære af hinanden",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=2),
    )
    future = Meeting.objects.create(
        network=network,
        title="Næste møde",
        why=f"Spørg {NAME} om lektiecaféen",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
    )
    came = Invitation.objects.create(
        meeting=past, person=person, answer=Invitation.Answer.YES, attended=True, answered_at=now
    )
    Invitation.objects.create(meeting=past, person=other, answer="yes", attended=True)
    Invitation.objects.create(meeting=future, person=person)
    AgendaItem.objects.create(
        meeting=past, kind="talk", title=f"{NAME} fortæller", minutes=20, responsible=person
    )
    MeetingRole.objects.create(meeting=past, person=person, role=MeetingRole.Role.NOTE_TAKER)
    poll = Poll.objects.create(meeting=past, finalised_at=now - timedelta(days=30))
    poll.key_persons.add(person)
    slot = Slot.objects.create(poll=poll, starts_at=past.starts_at, ends_at=past.ends_at)
    poll.chosen_slot = slot
    poll.save()
    Answer.objects.create(slot=slot, person=person, value="yes")
    Answer.objects.create(slot=slot, person=other, value="yes")

    idea = Idea.objects.create(
        network=network,
        meeting=past,
        title="Fællesspisning",
        owner=person,
        created_by=user,
        description=f"Foreslået af {NAME}, ring på {PHONE}",
    )
    search.index_idea(idea)
    experience = Experience.objects.create(
        plan=plan, activity="Lektiecafé", worked=f"{NAME} skrev: det virkede", author=person
    )
    search.index_experience(experience)
    summary = Summary.objects.create(
        meeting=past, body=f"Referent: {NAME} ({EMAIL})", finalised_by=user, finalised_at=now
    )
    search.index_summary(summary)
    search.index_meeting(past)

    session = LiveSession.objects.create(meeting=past, code="AB12", started_by=user, started_at=now)
    table = LiveTable.objects.create(session=session, name="Bord 1", host=person)
    participant = LiveParticipant.objects.create(
        session=session, invitation=came, name="Rikke", token="t" * 40
    )
    LiveIdea.objects.create(
        session=session,
        table=table,
        participant=participant,
        text="Mere frugt",
        owner_person=person,
        owner_name=NAME,
    )
    Evaluation.objects.create(
        meeting=past,
        invitation=came,
        relevance=5,
        time_well_spent=4,
        suggestion=f"Mere tid til {NAME}s oplæg",
    )

    agreement = CooperationAgreement.objects.create(
        plan=plan,
        network=network,
        title="Lektiehjælp",
        purpose=f"Aftalt med {NAME}",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        created_by=user,
    )
    party = Party.objects.create(
        agreement=agreement, person=person, organisation=municipality, accepted_at=now
    )
    Party.objects.create(agreement=agreement, person=other, accepted_at=now)
    Obligation.objects.create(agreement=agreement, party=party, text="Stiller et lokale")
    recommendation = Recommendation.objects.create(
        network=network,
        title="Flere timer",
        background=f"{NAME} har set behovet",
        proposal="To dage mere",
        consequence="Penge",
        author=user,
    )

    blogger = BloggerProfile.objects.create(user=user, name=NAME, presentation="Blogger")
    post = Post.objects.create(
        title="Om caféen",
        slug="om-cafeen",
        teaser="Kort",
        body=f"Af {NAME}",
        author=blogger,
        state=Post.State.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )
    Comment.objects.create(post=post, user=user, name=NAME, body="Som medlem", state="published")
    guest = Comment.objects.create(post=post, name=NAME, email=EMAIL, body=f"Ring {PHONE}")
    Comment.objects.create(
        post=post, parent=guest, name="Svar", email="svar@example.org", body="Ja"
    )

    OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.INVITATION,
        to_name=NAME,
        to_email=EMAIL,
        subject="Invitation",
        body=f"Kære {NAME}",
        invitation=came,
    )
    OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.INVITATION,
        to_name="Anden",
        to_email="anden@example.org",
        subject="Invitation",
        body=f"Taler: {NAME}, {EMAIL}",
    )
    ApiToken.objects.create_for(user)
    RateLimit.objects.create(key=f"login-account:{EMAIL}", attempts=1, window_ends_at=now)
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return World(person, user, past, future, agreement, recommendation)


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text-like column of every table in the database, the
    search tables, sessions, log and outbox included."""
    columns = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            tables = connection.introspection.table_names(cursor, include_views=False)
            for table in tables:
                cursor.execute(f'SELECT name, type FROM pragma_table_info("{table}")')
                columns += [
                    (table, name)
                    for name, kind in cursor.fetchall()
                    if not kind
                    or any(t in kind.upper() for t in ("CHAR", "TEXT", "CLOB", "JSON", "BLOB"))
                ]
        else:
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type IN "
                "('text', 'character varying', 'character', 'json', 'jsonb', 'tsvector')"
            )
            columns = cursor.fetchall()
    return columns


def traces(*words: str) -> list[tuple[str, str, str]]:
    """(table, column, word) wherever a word is found, in any case."""
    found = []
    cast = "TEXT" if connection.vendor == "sqlite" else "text"
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for word in words:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" '
                    f'WHERE LOWER(CAST("{column}" AS {cast})) LIKE %s',
                    [f"%{word.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, word))
    return found
