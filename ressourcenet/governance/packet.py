"""The board packet (bestyrelsespakke): everything a board meeting is asked to decide, as
one page and one PDF of the same content. A cover with the meeting, a numbered table of
contents, then each recommendation with its background, proposal and consequences.

Which recommendations: those whose board meeting this is and that reached the board,
i.e. submitted for it, or already decided at it (approved, rejected, or postponed there).
A postponed recommendation submitted again, or decided directly at a later meeting, names
that later meeting and belongs to its packet. In the order they were put forward for this
meeting (the step that first named it), so that the numbers stay as the board read them.

Who may read it: the plan's board members and administrators, who decide, and the
coordinators of the plan's networks, who submit. The PDF is made as the leaflets are
(knowledge/leaflets.py: tagged PDF/UA-1, the site's font embedded, cached by content).
"""

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.accounts.permissions import roles_of
from ressourcenet.governance import services
from ressourcenet.governance.models import BoardMeeting, Recommendation, RecommendationTransition
from ressourcenet.knowledge import leaflets
from ressourcenet.plans.models import Plan

State = Recommendation.State

# The states of a recommendation that has reached the board.
ON_THE_AGENDA = (State.SUBMITTED, State.APPROVED, State.REJECTED, State.POSTPONED)


def can_see_packet(user, plan: Plan) -> bool:
    roles = roles_of(user)
    return (
        roles.is_administrator
        or plan.pk in roles.plans_on_board
        or plan.pk in roles.plans_as_coordinator
    )


def recommendations(board_meeting: BoardMeeting) -> QuerySet[Recommendation]:
    """The packet's recommendations in order, each annotated with `put_forward_at` (when
    it was submitted for this meeting) and `submitted_by` (that person's name). Three
    queries, however many there are."""
    steps = RecommendationTransition.objects.filter(recommendation=OuterRef("pk"))
    naming_this = steps.filter(board_meeting=board_meeting).order_by("at", "id")
    submission = steps.filter(to_state=State.SUBMITTED, board_meeting=board_meeting)
    return (
        board_meeting.recommendations.filter(state__in=ON_THE_AGENDA)
        .with_relations()
        .annotate(
            put_forward_at=Subquery(naming_this.values("at")[:1]),
            submitted_by=Subquery(submission.order_by("-at", "-id").values("by__person__name")[:1]),
        )
        # Without a step naming this meeting (written straight to the database): last, on
        # SQLite and PostgreSQL alike.
        .order_by(F("put_forward_at").asc(nulls_last=True), "id")
    )


def context(board_meeting: BoardMeeting) -> dict:
    items = list(recommendations(board_meeting))
    changes = services.proposed_changes_of(items)
    for item in items:
        item.proposed_changes = changes.get(item.pk, [])
    return {"board_meeting": board_meeting, "plan": board_meeting.plan, "items": items}


def packet_html(board_meeting: BoardMeeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "governance/packet_pdf.html",
            {
                **context(board_meeting),
                "font_faces": leaflets.font_faces(),
                "language": settings.LANGUAGE_CODE,
            },
        )


def filename(board_meeting: BoardMeeting) -> str:
    """ "bestyrelsespakke-2026-12-10.pdf"."""
    return leaflets.pdf_filename(_("board packet"), board_meeting.date.isoformat())


def pdf_response(board_meeting: BoardMeeting) -> HttpResponse:
    """The packet as a PDF download, for the page and the API alike."""
    pdf = leaflets.pdf_from_html(packet_html(board_meeting), "packet")
    return leaflets.attachment(pdf, filename(board_meeting))


def board_meetings_awaiting(items: list[Recommendation]) -> list[BoardMeeting]:
    """The board meetings whose packet a board member has yet to read: those of the
    submitted recommendations among `items` (select_related board_meeting), soonest first."""
    found = {
        item.board_meeting_id: item.board_meeting
        for item in items
        if item.state == State.SUBMITTED and item.board_meeting is not None
    }
    return sorted(found.values(), key=lambda meeting: (meeting.date, meeting.pk))
