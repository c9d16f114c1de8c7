"""The note-taker's pages on the live board (live/notes.py): marking an idea from the phone
board, and starting the meeting's summary draft from the board on the meeting page."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ressourcenet.accounts import permissions
from ressourcenet.lib import bounds
from ressourcenet.live import notes, services
from ressourcenet.live.models import LiveSession
from ressourcenet.live.views import (
    board_context,
    current_participant,
    get_meeting,
    mark_context,
    projector_url,
    review_page,
    session_idea,
    with_csrf,
)

# Where each field's error links to, in the idea's marking form (live/_mark_form.html).
FIELD_IDS = {
    "mark": "live-mark-%d",
    "owner_person": "live-owner-%d",
    "owner_name": "live-owner-name-%d",
}


def posted_owner_person(value: str) -> int | None:
    """The chosen invitee's id; a value that is no id matches no one (0), and is refused."""
    value = value.strip()
    if not value:
        return None
    return bounds.parse_id(value) or 0


@require_POST
def idea_mark(request: HttpRequest, code: str, idea_id: int) -> HttpResponse:
    """Mark an idea from the phone board; a refused mark shows the board again with the
    idea's form open, the message next to the field and what was chosen kept."""
    # Refused before the code is looked up, as hiding is: an unthrottled 404 against a
    # refusal would tell a guesser which codes exist.
    if not request.user.is_authenticated:
        raise PermissionDenied
    session = get_object_or_404(
        LiveSession.objects.select_related("meeting__network__plan"), code=code
    )
    idea = session_idea(session, idea_id)
    mark = request.POST.get("mark", "")
    owner_person = posted_owner_person(request.POST.get("owner_person", ""))
    owner_name = request.POST.get("owner_name", "")
    from_review = request.POST.get("back") == "review"  # the review page, after the end
    try:
        notes.mark_idea(idea, request.user, mark, owner_person, owner_name)
    except PermissionError:
        raise PermissionDenied from None
    except services.NotVisible:
        raise Http404 from None
    except ValidationError as problem:
        values = {"mark": mark, "owner_person_id": owner_person, "owner_name": owner_name}
        if from_review:
            return refused_mark_on_review(request, session, idea.pk, values, problem.message_dict)
        return refused_mark(request, session, idea.pk, values, problem.message_dict)
    messages.success(request, _("The mark is saved."))
    if from_review:
        return redirect("live_review", session.meeting.network.plan.slug, session.meeting_id)
    if not services.is_open(session):
        return redirect(projector_url(session))
    return redirect("live_board", session.code)


def refused_mark_on_review(
    request: HttpRequest, session: LiveSession, idea_id: int, values: dict, errors: dict
) -> HttpResponse:
    """A mark refused on the review page: the page again, the idea's form as it was sent."""
    errors = {field: " ".join(messages) for field, messages in errors.items()}
    links = [
        {"target": FIELD_IDS.get(field, "live-mark-%d") % idea_id, "message": message}
        for field, message in errors.items()
    ]
    return review_page(request, session, refused_mark=(idea_id, values, errors, links), status=422)


def refused_mark(
    request: HttpRequest, session: LiveSession, idea_id: int, values: dict, errors: dict
) -> HttpResponse:
    participant = current_participant(request, session)
    may_hide = permissions.can_run_live(request.user, session.meeting)
    guests = notes.sees_guests(request.user, session.meeting)
    context = board_context(
        session, participant=participant, may_hide=may_hide, may_mark=True, owner_guests=guests
    )
    # The shared board, with this one idea's form as it was sent (not cached).
    board = copy.deepcopy(context["board"])
    errors = {field: " ".join(messages) for field, messages in errors.items()}
    for table in board.tables:
        for idea in table.ideas:
            if idea["id"] == idea_id:
                idea["form"] = {**values, "errors": errors}
    context.update(mark_context(session, guests), board=board)
    context["tables_html"] = render_to_string("live/_tables.html", context)
    with_csrf(request, context)
    context["error_links"] = [
        {"target": FIELD_IDS.get(field, "live-mark-%d") % idea_id, "message": message}
        for field, message in errors.items()
    ]
    return render(request, "live/board.html", context, status=422)


@require_POST
def summary_start(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """ "Start the summary draft from the board": to the draft's editor once it is made."""
    meeting = get_meeting(request, plan_slug, meeting_id)
    session = get_object_or_404(LiveSession, meeting=meeting)
    session.meeting = meeting
    may_write = permissions.can_write_summary(request.user, meeting)
    try:
        notes.start_summary(session, request.user)
    except PermissionError:
        raise PermissionDenied from None
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect(meeting.get_absolute_url())
    except notes.SummaryExists as exists:
        return summary_refused(request, exists.summary, may_write)
    if not may_write:
        messages.success(
            request, _("The summary draft is started. The note-taker writes it from here.")
        )
        return redirect(meeting.get_absolute_url())
    messages.success(
        request,
        _("The summary draft is started with the board's decisions and follow-ups. Check it."),
    )
    return redirect("summary_edit", plan_slug, meeting.pk)


def summary_refused(request: HttpRequest, summary, may_write: bool) -> HttpResponse:
    """A meeting that has a summary keeps it: to the draft, or to the summary's page."""
    meeting = summary.meeting
    if not may_write:
        messages.error(request, _("The meeting has a summary already, so none was started."))
        return redirect(meeting.get_absolute_url())
    if summary.state == summary.State.DRAFT:
        messages.error(
            request,
            _("The meeting has a summary draft already. It was not changed: here it is."),
        )
        return redirect("summary_edit", meeting.network.plan.slug, meeting.pk)
    messages.error(
        request,
        _("The meeting's summary is open for comments or final already, so no draft was started."),
    )
    return redirect(reverse("summary", args=[meeting.network.plan.slug, meeting.pk]))
