"""/api/v1/meetings/{id}/live and /api/v1/live/{code}: the live mode, as on the pages.

Starting, ending, and sending the ideas to the catalogue afterwards need `can_run_live`,
marking an idea `can_mark_live_ideas` (a token); the board, posting and "+1" need only the
code (as on a phone), and are counted per IP like /m/<code> when the code leads nowhere. A
participant is kept in the Django session (cookie), as on the pages; a post without one
joins with `name`.
"""

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ressourcenet.accounts import permissions, throttle
from ressourcenet.api.common import require
from ressourcenet.api.idea_schemas import IdeaOut as CatalogueIdeaOut
from ressourcenet.api.ideas import idea_out
from ressourcenet.api.types import Id, one_line
from ressourcenet.knowledge.models import Idea
from ressourcenet.live import notes, review, services
from ressourcenet.live.models import CODE_LENGTH, IDEA_MAX, NAME_MAX, LiveIdea, LiveSession
from ressourcenet.live.views import current_participant, join_url, remember
from ressourcenet.meetings.models import Meeting

router = Router(tags=["live"])


class LiveOut(Schema):
    code: str
    join_url: str
    qr_svg_url: str


class IdeaOut(Schema):
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
    ideas: list[IdeaOut]


class BoardOut(Schema):
    agenda_item: str | None = Field(None, description="The agenda item now, by the plan.")
    seconds_left: int | None = Field(None, description="Seconds left of that item.")
    tables: list[TableOut]


class IdeaIn(Schema):
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
    from django.conf import settings
    from django.urls import reverse

    return {
        "code": session.code,
        "join_url": join_url(session),
        "qr_svg_url": settings.SITE_URL + reverse("live_qr", args=[session.code]),
    }


def open_session(request: HttpRequest, code: str) -> LiveSession:
    """The open session: 404 for an unknown code (counted per IP), 410 once it is over."""
    ip = throttle.client_ip(request)
    if f"live:{code}" not in request.session:
        try:
            throttle.check(throttle.LIVE_CODE_PER_IP, ip)
        except throttle.Throttled:
            raise HttpError(429, _("Too many wrong codes. Wait a quarter of an hour.")) from None
    if len(code) > CODE_LENGTH + 4:
        code = ""
    try:
        return services.find(code)
    except services.CodeNotFound:
        throttle.record(throttle.LIVE_CODE_PER_IP, ip)
        raise HttpError(404, _("There is no live board with this code.")) from None
    except services.CodeExpired:
        raise HttpError(410, _("The meeting is over.")) from None


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


@router.post("/live/{code}/ideas", response={201: IdeaOut})
def live_idea(request: HttpRequest, code: Code, payload: IdeaIn):
    """Post an idea to a table; the first post without a participant joins with `name`."""
    session = open_session(request, code)
    table = session.tables.filter(pk=payload.table).first()
    if table is None:
        raise ValidationError({"table": _("Choose one of the meeting's tables.")})
    if problem := services.idea_problem(payload.text):
        raise ValidationError({"text": problem})
    participant = current_participant(request, session)
    if participant is None:
        participant = services.join(session, name=payload.name)
        remember(request, participant)
    idea = services.post_idea(session, participant, table, payload.text)
    return Status(201, {"id": idea.pk, "text": idea.text, "plus_ones": 0})


@router.post("/live/{code}/ideas/{idea_id}/plus-one", response=PlusOneOut)
def live_plus_one(request: HttpRequest, code: Code, idea_id: Id):
    """Give an idea your "+1" (once; again changes nothing). A hidden idea: 404."""
    session = open_session(request, code)
    idea = get_object_or_404(LiveIdea, pk=idea_id, session=session, hidden=False)
    participant = current_participant(request, session)
    if participant is None:
        participant = services.join(session, name=_("Guest"))
        remember(request, participant)
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
