"""/api/v1/meetings/{id}/live and /api/v1/live/{code}: the live mode, as on the pages.

Starting, ending, and sending the ideas to the catalogue afterwards need `can_run_live`,
marking an idea `can_mark_live_ideas` (a token); the board, joining, posting and "+1" need
only the code (as on a phone), and are counted per IP like /m/<code> when the code leads
nowhere (429 while blocked; see live/views.py `admit`). A participant is kept in the Django
session (cookie), as on the pages: joining (`POST /live/{code}/join`, or a first post with
`name`) makes one, at most LIVE_JOINS_PER_IP per address and code within LIVE_JOIN_MINUTES
(429); a "+1" needs one (403).
"""

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ressourcenet.accounts import permissions, throttle
from ressourcenet.api.auth import PUBLIC_WRITE
from ressourcenet.api.common import require
from ressourcenet.api.idea_schemas import IdeaOut as CatalogueIdeaOut
from ressourcenet.api.ideas import idea_out
from ressourcenet.api.types import Id, one_line
from ressourcenet.knowledge.models import Idea
from ressourcenet.live import notes, review, services
from ressourcenet.live.models import CODE_LENGTH, IDEA_MAX, NAME_MAX, LiveIdea, LiveSession
from ressourcenet.live.views import (
    admit,
    current_participant,
    join_by_name,
    join_url,
    qr_svg_url,
    too_many_joins_message,
    wrong_codes_message,
)
from ressourcenet.meetings.models import Meeting

router = Router(tags=["live"])


class LiveOut(Schema):
    code: str
    join_url: str
    qr_svg_url: str = Field(
        description="The QR image (SVG) of the join link, for a screen: the address carries "
        "the code's key, which the image needs (404 without) and which lets its join link "
        "past a block on guessing codes. Share it only with the room."
    )


class JoinIn(Schema):
    name: str = Field(description=f"Your first name (at most {NAME_MAX}).")


class JoinOut(Schema):
    name: str


class LiveIdeaOut(Schema):
    id: int
    text: str
    plus_ones: int
    mark: str = Field(
        "none", description='The note-taker\'s mark: "none", "decision" or "follow_up".'
    )
    owner: str | None = Field(
        None,
        description="A follow-up's owner: an invitee by first name only (the board is "
        "public to whoever has the code), a name written in as written.",
    )


class TableOut(Schema):
    id: int
    name: str
    ideas: list[LiveIdeaOut]


class BoardOut(Schema):
    agenda_item: str | None = Field(None, description="The agenda item now, by the plan.")
    seconds_left: int | None = Field(None, description="Seconds left of that item.")
    tables: list[TableOut]


class LiveIdeaIn(Schema):
    table: Id = Field(description="A table's id, from GET /live/{code}.")
    text: str = Field(description=f"Plain text, 1 to {IDEA_MAX} characters.")
    name: str = Field(
        "", description=f"Your first name (at most {NAME_MAX}), when you have not joined yet."
    )


OwnerName = one_line(LiveIdea, "owner_name")


class MarkIn(Schema):
    mark: Literal["none", "decision", "follow_up"]
    owner_person: Id | None = Field(
        None, description="A follow-up's owner: the id of a person invited to the meeting."
    )
    owner_name: OwnerName = Field(
        "", description="Or the owner's name, when they were not invited (not both)."
    )


class MarkOut(Schema):
    id: int
    mark: str
    owner: str | None
    owner_person: int | None
    owner_name: str


class PlusOneOut(Schema):
    id: int
    plus_ones: int
    added: bool


Code = str


def live_out(session: LiveSession) -> dict:
    return {"code": session.code, "join_url": join_url(session), "qr_svg_url": qr_svg_url(session)}


def open_session(request: HttpRequest, code: str) -> LiveSession:
    """The open session: 404 for an unknown code (counted per IP), 410 once it is over, 429
    while this address is blocked for guessing codes."""
    if len(code) > CODE_LENGTH + 4:
        code = ""
    try:
        return admit(request, code)
    except throttle.Throttled as throttled:
        raise HttpError(429, wrong_codes_message(throttled)) from None
    except services.CodeNotFound:
        # Its count (throttle.record in `admit`) must outlive the error's rollback.
        miss = HttpError(404, _("There is no live board with this code."))
        miss.keep_writes = True
        raise miss from None
    except services.CodeExpired:
        raise HttpError(410, _("The meeting is over.")) from None


def new_participant(request: HttpRequest, session: LiveSession, name: str):
    try:
        return join_by_name(request, session, name)
    except throttle.Throttled as throttled:
        raise HttpError(429, too_many_joins_message(throttled)) from None


@router.post("/meetings/{meeting_id}/live", response={201: LiveOut})
def live_start(request: HttpRequest, meeting_id: Id):
    """Start the meeting's live mode (from 30 minutes before its start until its end)."""
    meeting = get_object_or_404(Meeting.objects.select_related("network__plan"), pk=meeting_id)
    require(permissions.can_run_live(request.auth, meeting), request)
    try:
        session = services.start(meeting, request.auth)
    except ValidationError as problem:
        raise HttpError(409, " ".join(problem.messages)) from None
    return Status(201, live_out(session))


@router.delete("/meetings/{meeting_id}/live", response={204: None})
def live_end(request: HttpRequest, meeting_id: Id):
    """End the live mode: its code shows "the meeting is over" from now on."""
    meeting = get_object_or_404(Meeting.objects.select_related("network__plan"), pk=meeting_id)
    require(permissions.can_run_live(request.auth, meeting), request)
    session = get_object_or_404(LiveSession, meeting=meeting)
    session.meeting = meeting
    services.end(session, request.auth)
    return Status(204, None)


@router.get("/live/{code}", response=BoardOut)
def live_board(request: HttpRequest, code: Code):
    """The board: every table's visible ideas with their "+1" counts."""
    session = open_session(request, code)
    board = services.board(session)
    return {
        "agenda_item": board.agenda_item,
        "seconds_left": board.seconds_left,
        "tables": [{"id": t.id, "name": t.name, "ideas": t.ideas} for t in board.tables],
    }


@router.post("/live/{code}/ideas", response={201: LiveIdeaOut}, auth=PUBLIC_WRITE)
def live_idea(request: HttpRequest, code: Code, payload: LiveIdeaIn):
    """Post an idea to a table; the first post without a participant joins with `name`."""
    session = open_session(request, code)
    table = session.tables.filter(pk=payload.table).first()
    if table is None:
        raise ValidationError({"table": _("Choose one of the meeting's tables.")})
    if problem := services.idea_problem(payload.text):
        raise ValidationError({"text": problem})
    participant = current_participant(request, session)
    if participant is None:
        participant = new_participant(request, session, payload.name)
    idea = services.post_idea(session, participant, table, payload.text)
    return Status(201, {"id": idea.pk, "text": idea.text, "plus_ones": 0})


@router.post("/live/{code}/join", response={200: JoinOut, 201: JoinOut}, auth=PUBLIC_WRITE)
def live_join(request: HttpRequest, code: Code, payload: JoinIn):
    """Join the board with a first name, kept in this session (cookie): 201. Joined already
    in this session: 200, and no one new. 422 naming `name`; 429 once LIVE_JOINS_PER_IP
    (150) joined from this address within LIVE_JOIN_MINUTES (60) — a room behind one router
    stays below."""
    session = open_session(request, code)
    participant = current_participant(request, session)
    if participant is not None:
        return Status(200, {"name": str(participant)})
    participant = new_participant(request, session, payload.name)
    return Status(201, {"name": participant.name})


@router.post("/live/{code}/ideas/{idea_id}/plus-one", response=PlusOneOut, auth=PUBLIC_WRITE)
def live_plus_one(request: HttpRequest, code: Code, idea_id: Id):
    """Give an idea your "+1" (once; again changes nothing).

    Needs a participant of this board in this session (cookie): join first
    (`POST /live/{code}/join`, or post an idea with `name`), or the answer is 403 and no
    "+1" is counted — so each "+1" is one person's. A hidden idea: 404."""
    session = open_session(request, code)
    idea = get_object_or_404(LiveIdea, pk=idea_id, session=session, hidden=False)
    participant = current_participant(request, session)
    if participant is None:
        raise HttpError(403, _("Join the board with your first name first."))
    try:
        added = services.plus_one(idea, participant)
    except services.NotVisible:
        raise HttpError(404, _("Not found.")) from None
    return {"id": idea.pk, "plus_ones": idea.plus_ones.count(), "added": added}


class PromoteIn(Schema):
    ideas: list[Id] = Field(
        [],
        max_length=review.MAX_IDS,
        description="Ids of the board's ideas, each to become its own catalogue idea.",
    )
    merge: list[Annotated[list[Id], Field(max_length=review.MAX_IDS)]] = Field(
        [],
        max_length=review.MAX_IDS,
        description="Groups of duplicates: each group becomes one catalogue idea. An id "
        "both here and in `ideas` goes with its group.",
    )


@router.post("/meetings/{meeting_id}/live/promote", response=list[CatalogueIdeaOut])
def live_promote(request: HttpRequest, meeting_id: Id, payload: PromoteIn):
    """Send the live board's chosen ideas to the idea catalogue, in one step (`can_run_live`).

    Each id of `ideas` becomes a catalogue idea of the meeting and its network; each group
    of `merge` becomes one, its "+1" counted once per participant. The answer: the
    catalogue ideas in the order asked, each with its table (`origin_table`) and "+1"
    (`plus_ones`), never the name of who posted.

    - 404: no such meeting, or it has no live board.
    - 422 naming the field (`ideas.2`, `merge.0.1`): nothing chosen, an empty group, an id
      in two groups, an id not on this meeting's board (another meeting's too), a hidden
      post — hidden posts never reach the catalogue.
    - Sending the same again answers with the same catalogue ideas and makes none (a
      double click). 409 when a group mixes ideas already in the catalogue with others,
      or when the meeting is cancelled or has not begun. Nothing is saved unless all goes.
    """
    meeting = get_object_or_404(Meeting.objects.select_related("network__plan"), pk=meeting_id)
    require(permissions.can_run_live(request.auth, meeting), request)
    session = get_object_or_404(LiveSession, meeting=meeting)
    session.meeting = meeting
    try:
        made = review.promote(session, request.auth, payload.ideas, payload.merge)
    except review.Refused as refused:
        raise HttpError(409, str(refused)) from None
    found = Idea.objects.with_relations().in_bulk([idea.pk for idea in made])
    return [idea_out(found[idea.pk]) for idea in made]


@router.post("/live/{code}/ideas/{idea_id}/mark", response=MarkOut)
def live_mark(request: HttpRequest, code: Code, idea_id: Id, payload: MarkIn):
    """Mark an idea as a decision, or a follow-up with its owner (an invitee's person id, or
    a name when they were not invited), or "none"; the owner is kept only for a follow-up.
    The meeting's note-takers, facilitators and coordinators; a hidden idea: 404."""
    require(request.auth.is_authenticated, request)
    session = get_object_or_404(
        LiveSession.objects.select_related("meeting__network__plan"),
        code=services.normalise_code(code),
    )
    idea = get_object_or_404(
        LiveIdea.objects.select_related("session__meeting"), pk=idea_id, session=session
    )
    require(permissions.can_mark_live_ideas(request.auth, session.meeting), request)
    try:
        notes.mark_idea(idea, request.auth, payload.mark, payload.owner_person, payload.owner_name)
    except services.NotVisible:
        raise HttpError(404, _("Not found.")) from None
    return {
        "id": idea.pk,
        "mark": idea.mark,
        "owner": notes.owner_of(idea) or None,
        "owner_person": idea.owner_person_id,
        "owner_name": idea.owner_name,
    }
