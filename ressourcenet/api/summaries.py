"""/api/v1/meetings/{id}/summary: a meeting's summary, as on the pages; and
/api/v1/meetings/{id}/leaflet.pdf, its printable leaflet.

Reading needs `can_see_summary` (a draft is its writers'); `PUT` needs
`can_write_summary`, and a draft made final directly `can_finalise_draft`. A proposal
(`POST …/amendments`) comes from a logged-in invitee who came to the meeting, with their
own API token: the personal link in the e-mail is for the pages. Every write goes through
knowledge/summaries.py; a final summary is frozen (409), corrected only on the pages.
"""

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ressourcenet.accounts import permissions
from ressourcenet.api.common import require
from ressourcenet.api.meeting_schemas import inline_enum
from ressourcenet.api.types import Id, Text, TimeOut, text
from ressourcenet.knowledge import leaflets, summaries
from ressourcenet.knowledge.models import Amendment, Summary
from ressourcenet.lib import bounds
from ressourcenet.lib.markdown import to_html
from ressourcenet.mail import services as mail
from ressourcenet.meetings.models import Meeting

router = Router(tags=["summaries"])

SummaryState = Literal["draft", "open", "final"]
AmendmentKind = Annotated[Amendment.Kind, inline_enum(Amendment.Kind)]
Body = Annotated[text(Summary, "body"), Field(max_length=bounds.max_length(Summary, "body"))]
AmendmentText = Annotated[
    Text, Field(min_length=1, max_length=bounds.max_length(Amendment, "text"))
]


class SummaryIn(Schema):
    body: Body = Field(description="Markdown. Raw HTML is shown as text.")
    state: SummaryState = Field(
        "draft",
        description=(
            "`open` opens a draft for comments for 7 days and e-mails those who came; `final` "
            "makes it final and e-mails every invitee (from a draft only for coordinators)."
        ),
    )
    public: bool | None = Field(
        None,
        description=(
            "Whether visitors without login may read it once final (without names, proposals "
            "or comments). Left out: as it is."
        ),
    )


class AmendmentIn(Schema):
    text: AmendmentText
    kind: AmendmentKind = Amendment.Kind.AMENDMENT


class RevisionOut(Schema):
    body: str
    html: str
    reason: str
    created_at: TimeOut


class AmendmentOut(Schema):
    id: int
    kind: str
    text: str
    state: str
    by: str
    created_at: TimeOut
    decided_at: TimeOut | None


class SummaryOut(Schema):
    meeting: int
    state: SummaryState
    body: str = Field(description="The text as it stands (the latest correction, if any).")
    html: str = Field(description="The text as sanitised HTML.")
    comments_close_at: TimeOut | None
    finalised_at: TimeOut | None
    public: bool = Field(description="Visitors without login may read it once final.")
    revisions: list[RevisionOut] = Field(
        description="Corrections after it became final; empty for readers from outside the "
        "plan's circle of a public summary."
    )
    amendments: list[AmendmentOut] = Field(description="Only for those who write the summary.")


def get_meeting(meeting_id: int) -> Meeting:
    meetings = Meeting.objects.select_related("network__plan").prefetch_related("roles")
    return get_object_or_404(meetings, pk=meeting_id)


def amendment_out(amendment: Amendment) -> dict:
    return {
        "id": amendment.pk,
        "kind": amendment.kind,
        "text": amendment.text,
        "state": amendment.state,
        "by": amendment.invitation.person.name,
        "created_at": amendment.created_at,
        "decided_at": amendment.decided_at,
    }


def summary_out(request: HttpRequest, summary: Summary) -> dict:
    revisions = list(summary.revisions.order_by("created_at", "id"))
    body = revisions[-1].body if revisions else summary.body
    if not permissions.is_summary_reader(request.auth, summary):
        # A public summary's outside reader gets the text as it stands, not the text before
        # a correction nor its reason (it may be there because the text named someone).
        revisions = []
    amendments = []
    if permissions.can_write_summary(request.auth, summary.meeting):
        amendments = summary.amendments.select_related("invitation__person")
    return {
        "meeting": summary.meeting_id,
        "state": summary.state,
        "body": body,
        "html": str(to_html(body)),
        "comments_close_at": summary.comments_close_at,
        "finalised_at": summary.finalised_at,
        "public": summary.public,
        "revisions": [
            {
                "body": r.body,
                "html": str(to_html(r.body)),
                "reason": r.reason,
                "created_at": r.created_at,
            }
            for r in revisions
        ],
        "amendments": [amendment_out(a) for a in amendments],
    }


@router.get("/meetings/{meeting_id}/summary", response=SummaryOut)
def get_summary(request: HttpRequest, meeting_id: Id):
    meeting = get_meeting(meeting_id)
    summary = get_object_or_404(Summary, meeting=meeting)
    require(permissions.can_see_summary(request.auth, summary), request)
    return summary_out(request, summary)


@router.put("/meetings/{meeting_id}/summary", response=SummaryOut)
def put_summary(request: HttpRequest, meeting_id: Id, payload: SummaryIn):
    """Write the text and, with `state`, take the next step. A final summary answers 409."""
    meeting = get_meeting(meeting_id)
    require(permissions.can_write_summary(request.auth, meeting), request)
    summary = Summary.objects.filter(meeting=meeting).first()
    summaries.refuse_if_final(summary)
    if payload.state == "final" and (summary is None or summary.state == "draft"):
        require(permissions.can_finalise_draft(request.auth, meeting), request)
    if payload.state == "draft" and summary is not None and summary.is_open:
        raise ValidationError({"state": summaries.back_to_draft_message()})
    summary = summaries.save_draft(meeting, payload.body, by=request.auth, public=payload.public)
    # Inside the request's transaction: the e-mails go once it has committed.
    if payload.state == "open" and summary.state == "draft":
        mail.send_after_commit(summaries.open_for_comments_queued(summary))
    elif payload.state == "final":
        mail.send_after_commit(summaries.finalise_queued(summary, by=request.auth))
    summary.refresh_from_db()
    return summary_out(request, summary)


@router.post("/meetings/{meeting_id}/summary/amendments", response={201: AmendmentOut})
def post_amendment(request: HttpRequest, meeting_id: Id, payload: AmendmentIn):
    """A proposed change or a comment, from a logged-in invitee who came to the meeting."""
    meeting = get_meeting(meeting_id)
    invitation = permissions.own_invitation(request.auth, meeting)
    require(permissions.can_propose_amendment(invitation), request)
    summary = Summary.objects.filter(meeting=meeting).first()
    if summary is None or summary.state == "draft":
        raise summaries.SummaryStateError(str(summaries.not_open_message()))
    amendment = summaries.propose_amendment(invitation, payload.text, payload.kind)
    return Status(201, amendment_out(amendment))


@router.get(
    "/meetings/{meeting_id}/leaflet.pdf",
    openapi_extra={
        "responses": {
            200: {
                "description": "The printable leaflet: an A4 PDF (tagged, PDF/UA-1) with the "
                "summary as it stands and the chosen ideas.",
                "content": {leaflets.CONTENT_TYPE: {}},
            }
        }
    },
)
def get_leaflet(request: HttpRequest, meeting_id: Id):
    """For whoever may read the summary; 404 while the meeting has none."""
    meeting = get_meeting(meeting_id)
    summary = get_object_or_404(Summary, meeting=meeting)
    require(permissions.can_see_summary(request.auth, summary), request)
    return leaflets.pdf_response(summary, request.auth)
