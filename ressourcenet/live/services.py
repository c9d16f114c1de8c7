"""The live mode's workflows: start and end it, join by code, post, +1, hide, read the
board, and forget the participants 30 days after the meeting.

Time windows (decided here, see README):
- the live mode can be started from LEAD_TIME before the meeting's start until its end;
- its code works from then until CODE_AFTER_END after the meeting's end, and not after
  the live mode was ended;
- its participants, ideas and "+1" are deleted KEEP_FOR after the meeting as it ran
  (purge_expired).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from ressourcenet.accounts import permissions
from ressourcenet.lib import bounds
from ressourcenet.live.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    IDEA_MAX,
    NAME_MAX,
    LiveIdea,
    LiveParticipant,
    LiveSession,
    LiveTable,
    PlusOne,
)
from ressourcenet.meetings.clock import clock_state
from ressourcenet.meetings.models import Meeting, MeetingRole
from ressourcenet.meetings.services import agenda_with_times

LEAD_TIME = timedelta(minutes=30)
CODE_AFTER_END = timedelta(hours=2)
KEEP_FOR = timedelta(days=30)
DEFAULT_TABLES = 3


class CodeNotFound(Exception):
    """No live session has this code."""


class CodeExpired(Exception):
    """The code's meeting is over (or its live mode was ended)."""

    def __init__(self, session: LiveSession):
        super().__init__(session.code)
        self.session = session


class NotVisible(Exception):
    """A hidden idea, or one of another session: as if it did not exist."""


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()[: CODE_LENGTH + 4]


def code_key(code: str) -> str:
    """The key in the projector's QR link (/m/<code>?k=) and in the QR image's address
    (/m/<code>/qr.svg?k=): proof that its holder got the code from the screen or from who
    runs the meeting, not by guessing. Guessing it is as hopeless as guessing a password."""
    return salted_hmac("ressourcenet.live.code-key", code, algorithm="sha256").hexdigest()[:24]


def key_fits(code: str, key: str) -> bool:
    """Whether `key` is the code's key; checked without a query."""
    return bool(key) and constant_time_compare(code_key(normalise_code(code)), key[:64])


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def may_start_now(meeting: Meeting, now: datetime) -> str | None:
    """Why the live mode cannot start now, or None."""
    if meeting.is_cancelled:
        return _("The meeting is cancelled.")
    if not meeting.has_time:
        return _("The meeting has no time yet.")
    if now < meeting.starts_at - LEAD_TIME:
        return _("The live mode can be started from 30 minutes before the meeting starts.")
    if now > meeting.ends_at:
        return _("The meeting is over, so the live mode cannot be started.")
    return None


def first_name(name: str) -> str:
    """The first word of a person's name: how the shared board names an invitee (code
    joiners and the projector see no invitee's full name)."""
    return name.split()[0] if name.split() else ""


def default_tables(meeting: Meeting) -> list[LiveTable]:
    """One table per table host, named after them by FIRST name only ("Hans's table"):
    code joiners see the name, and the catalogue keeps it as an idea's `origin_table`
    after the board is deleted; or three numbered tables."""
    hosts = [
        role.person
        for role in meeting.roles.select_related("person").filter(role=MeetingRole.Role.TABLE_HOST)
    ]
    if hosts:
        return [
            LiveTable(
                name=_("%(name)s's table") % {"name": first_name(host.name)}, position=i, host=host
            )
            for i, host in enumerate(hosts)
        ]
    return [
        LiveTable(name=_("Table %(number)d") % {"number": i + 1}, position=i)
        for i in range(DEFAULT_TABLES)
    ]


def start(meeting: Meeting, user, now: datetime | None = None) -> LiveSession:
    """Start (or restart) the meeting's live mode; the same code while it lives."""
    now = now or timezone.now()
    if not permissions.can_run_live(user, meeting):
        raise PermissionError
    if problem := may_start_now(meeting, now):
        raise ValidationError(problem)
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().filter(meeting=meeting).first()
        if session is not None:
            if session.ended_at is not None:
                session.ended_at = None
                session.version = F("version") + 1
                session.save(update_fields=["ended_at", "version"])
                session.refresh_from_db()
            return session
        for _attempt in range(20):
            code = _new_code()
            if not LiveSession.objects.filter(code=code).exists():
                break
        session = LiveSession.objects.create(
            meeting=meeting, code=code, started_by=user, started_at=now
        )
        tables = default_tables(meeting)
        for table in tables:
            table.session = session
        LiveTable.objects.bulk_create(tables)
    return session


def end(session: LiveSession, user, now: datetime | None = None) -> None:
    if not permissions.can_run_live(user, session.meeting):
        raise PermissionError
    if session.ended_at is None:
        session.ended_at = now or timezone.now()
        LiveSession.objects.filter(pk=session.pk).update(
            ended_at=session.ended_at, version=F("version") + 1
        )


def is_open(session: LiveSession, now: datetime | None = None) -> bool:
    """Whether the code takes joiners and ideas now."""
    now = now or timezone.now()
    meeting = session.meeting
    return (
        session.ended_at is None
        and not meeting.is_cancelled
        and meeting.has_time
        and meeting.starts_at - LEAD_TIME <= now <= meeting.ends_at + CODE_AFTER_END
    )


def find(code: str, now: datetime | None = None) -> LiveSession:
    """The open session with this code; CodeNotFound or CodeExpired otherwise (one query)."""
    session = (
        LiveSession.objects.select_related("meeting__network__plan")
        .filter(code=normalise_code(code))
        .first()
    )
    if session is None:
        raise CodeNotFound(code)
    if not is_open(session, now):
        raise CodeExpired(session)
    return session


def name_problem(name: str) -> str | None:
    name = name.strip()
    if not name:
        return _("Write your first name.")
    if len(name) > NAME_MAX:
        return _("Your first name can be at most %(max)d characters long.") % {"max": NAME_MAX}
    return bounds.one_line_problem(name, _("first name"))


def idea_problem(text: str) -> str | None:
    if not text.strip():
        return _("Write your idea.")
    if len(text) > IDEA_MAX:
        return _("An idea can be at most %(max)d characters long.") % {"max": IDEA_MAX}
    return bounds.one_line_problem(text.replace("\n", " ").replace("\r", ""), _("idea"))


def join(session: LiveSession, *, name: str = "", invitation=None) -> LiveParticipant:
    """A new participant: an invitee (recognised) or a code joiner with a first name.

    An invitee is one participant whatever the device or browser: joining again gives the
    same one, so their "+1" counts once."""
    if invitation is not None:
        known = LiveParticipant.objects.filter(session=session, invitation=invitation).first()
        if known is not None:
            return known
    elif problem := name_problem(name):
        raise ValidationError({"name": problem})
    return LiveParticipant.objects.create(
        session=session,
        invitation=invitation,
        name="" if invitation is not None else name.strip(),
        token=secrets.token_urlsafe(24),
    )


def choose_table(participant: LiveParticipant, table: LiveTable) -> None:
    if table.session_id != participant.session_id:
        raise ValidationError({"table": _("Choose one of the meeting's tables.")})
    participant.table = table
    LiveParticipant.objects.filter(pk=participant.pk).update(table=table)


def post_idea(
    session: LiveSession, participant: LiveParticipant | None, table: LiveTable, text: str
) -> LiveIdea:
    if table.session_id != session.pk:
        raise ValidationError({"table": _("Choose one of the meeting's tables.")})
    if problem := idea_problem(text):
        raise ValidationError({"text": problem})
    with transaction.atomic():
        idea = LiveIdea.objects.create(
            session=session,
            table=table,
            participant=participant,
            text=" ".join(text.split()),
        )
        LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    return idea


def plus_one(idea: LiveIdea, participant: LiveParticipant) -> bool:
    """Add the participant's +1; False when they had given it already."""
    if idea.hidden or idea.session_id != participant.session_id:
        raise NotVisible
    try:
        with transaction.atomic():
            PlusOne.objects.create(idea=idea, participant=participant)
            LiveSession.objects.filter(pk=idea.session_id).update(version=F("version") + 1)
    except IntegrityError:
        return False
    return True


def hide(idea: LiveIdea, user) -> None:
    if not permissions.can_run_live(user, idea.session.meeting):
        raise PermissionError
    if not idea.hidden:
        with transaction.atomic():
            LiveIdea.objects.filter(pk=idea.pk).update(hidden=True)
            LiveSession.objects.filter(pk=idea.session_id).update(version=F("version") + 1)
        idea.hidden = True


# --- the board ------------------------------------------------------------------------


@dataclass
class BoardTable:
    id: int
    name: str
    ideas: list[dict]


@dataclass
class Board:
    agenda_item: str | None
    seconds_left: int | None
    tables: list[BoardTable]


def running_clock(meeting: Meeting, now: datetime):
    """The time-keeper's clock (meetings/clock.py) once they have started the agenda, else
    None. The agenda is read once per request: the poll's ETag and the board both ask."""
    if not hasattr(meeting, "_live_agenda"):
        meeting._live_agenda = agenda_with_times(meeting, meeting.agenda_items.all())
    if not any(item.started_at is not None for item in meeting._live_agenda):
        return None
    return clock_state(meeting, now, meeting._live_agenda)


def current_item(meeting: Meeting, now: datetime):
    """The agenda item now and its seconds left: by the time-keeper's clock once they
    run it, before that by the plan."""
    if not meeting.has_time:
        return None, None
    if (clock := running_clock(meeting, now)) is not None:
        return clock.current, clock.seconds_left
    for item in meeting._live_agenda:
        if item.starts_at <= now < item.ends_at:
            return item, int((item.ends_at - now).total_seconds())
    return None, None


# The note-taker's mark (live/notes.py), read with the board's one query of ideas.
MARK_VALUES = ("mark", "owner_person_id", "owner_person__name", "owner_name")


def marked(row: dict) -> dict:
    """An idea's mark and owner as the board shows them, from a row of MARK_VALUES: an
    owner who is a person by first name only (the board is shared with code joiners and
    the wall; see live/notes.py), a name written in as written."""
    follow_up = row["mark"] == "follow_up"
    owner = first_name(row["owner_person__name"] or "") or row["owner_name"] or None
    return {
        "mark": row["mark"],
        "owner": owner if follow_up else None,
        "owner_person_id": row["owner_person_id"],
        "owner_name": row["owner_name"],
    }


def board(session: LiveSession, now: datetime | None = None) -> Board:
    """The tables and their visible ideas with +1 counts: three queries, whatever the size."""
    now = now or timezone.now()
    tables = {table.pk: BoardTable(table.pk, table.name, []) for table in session.tables.all()}
    ideas = (
        LiveIdea.objects.filter(session=session, hidden=False)
        .annotate(count=Count("plus_ones"))
        .order_by("-count", "created_at", "id")
        .values("id", "table_id", "text", "count", *MARK_VALUES)
    )
    for idea in ideas:
        tables[idea["table_id"]].ideas.append(
            {"id": idea["id"], "text": idea["text"], "plus_ones": idea["count"], **marked(idea)}
        )
    item, seconds_left = current_item(session.meeting, now)
    return Board(item.title if item else None, seconds_left, list(tables.values()))


def purge_expired(now: datetime | None = None) -> int:
    """Delete the live sessions (participants' names with them) KEEP_FOR after the meeting
    as it ran; returns how many sessions went.

    That is KEEP_FOR after both the meeting's end and the live mode's end (its start when
    it was never ended: a board left running goes a few hours early rather than weeks
    late). When the meeting has no time any more, or was moved to later than the live
    mode ran, the live mode's own time alone counts; a meeting moved to earlier keeps its
    board until KEEP_FOR after the live mode ran. A board open right now is never
    deleted. Ideas sent to the catalogue stay there, without names."""
    now = now or timezone.now()
    cutoff = now - KEEP_FOR
    moved_or_cleared = Q(meeting__ends_at__isnull=True) | Q(
        meeting__starts_at__gt=F("started_at") + LEAD_TIME
    )
    ran_before_cutoff = Q(ended_at__lt=cutoff) | Q(ended_at__isnull=True, started_at__lt=cutoff)
    expired = ran_before_cutoff & (Q(meeting__ends_at__lt=cutoff) | moved_or_cleared)
    open_now = Q(
        ended_at__isnull=True,
        meeting__cancelled_at__isnull=True,
        meeting__starts_at__lte=now + LEAD_TIME,
        meeting__ends_at__gte=now - CODE_AFTER_END,
    )
    _deleted, per_model = LiveSession.objects.filter(expired).exclude(open_now).delete()
    return per_model.get("live.LiveSession", 0)
