"""The board packet (bestyrelsespakke): everything a board meeting is asked to decide, as
one page and one PDF of the same content. A cover with the meeting, a numbered table of
contents, then each recommendation with its background, proposal and consequences.

Which recommendations: those that were on this meeting's agenda, i.e. whose steps named it:
submitted for it, or decided at it (approved, rejected, or postponed there). A held
meeting keeps what it postponed even after that recommendation was submitted again to a
later meeting (which then lists it too); each shows the decision taken at this meeting and,
when it went on, the later meeting and where it stands there. A recommendation written
straight to the database, without steps, is on the agenda of the meeting it names. In the
order they were put forward for this meeting (the step that first named it), so that the
numbers stay as the board read them.

Who may read it: the plan's board members and administrators, who decide, and the
coordinators of the plan's networks, who submit. The PDF is made as the leaflets are
(knowledge/leaflets.py: tagged PDF/UA-1, the site's font embedded, cached by content).
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
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
    it was submitted for this meeting), `submitted_by` (that person's name) and the
    decision taken at this meeting, if any (`decided_here`, `decided_here_on`,
    `reason_here`). Three queries, however many there are."""
    steps = RecommendationTransition.objects.filter(recommendation=OuterRef("pk"))
    naming_this = steps.filter(board_meeting=board_meeting, to_state__in=ON_THE_AGENDA)
    submission = naming_this.filter(to_state=State.SUBMITTED)
    decision = naming_this.filter(to_state__in=services.DECISIONS).order_by("-at", "-id")
    names_it_now = Q(board_meeting=board_meeting, state__in=ON_THE_AGENDA)
    return (
        Recommendation.objects.filter(names_it_now | Exists(naming_this))
        .with_relations()
        .annotate(
            put_forward_at=Subquery(naming_this.order_by("at", "id").values("at")[:1]),
            submitted_by=Subquery(submission.order_by("-at", "-id").values("by__person__name")[:1]),
            decided_here=Subquery(decision.values("to_state")[:1]),
            decided_here_on=Subquery(decision.values("decided_on")[:1]),
            reason_here=Subquery(decision.values("reason")[:1]),
        )
        # Without a step naming this meeting (written straight to the database): last, on
        # SQLite and PostgreSQL alike.
        .order_by(F("put_forward_at").asc(nulls_last=True), "id")
    )


def agenda(board_meeting: BoardMeeting) -> list[Recommendation]:
    """recommendations(), each with where it stood at this meeting: `state_here` (the
    decision taken here, or submitted while none is), `state_here_label`, `decided_here_on`,
    `reason_here`, and `moved_on` (the later board meeting it went on to, or None)."""
    items = list(recommendations(board_meeting))
    for item in items:
        here = item.board_meeting_id == board_meeting.pk
        if item.decided_here is None and here and item.state != State.SUBMITTED:
            # Decided without a step (written straight to the database): as it stands.
            item.decided_here = item.state
            item.decided_here_on = item.decided_on
            item.reason_here = item.decision_reason
        item.state_here = item.decided_here or State.SUBMITTED
        item.state_here_label = State(item.state_here).label
        item.moved_on = None if here else item.board_meeting
    return items


def context(board_meeting: BoardMeeting) -> dict:
    items = agenda(board_meeting)
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
