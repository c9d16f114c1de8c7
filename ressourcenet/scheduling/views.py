from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.lib.links import LinkExpired, LinkInvalid, read_token
from ressourcenet.lib.pages import editor_goes_home, plan_context
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.mail.reports import report_sending
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.views import get_meeting
from ressourcenet.networks.views import get_network
from ressourcenet.people.models import Person
from ressourcenet.scheduling import emails, preferences, services
from ressourcenet.scheduling.forms import AnswerForm, PollForm
from ressourcenet.scheduling.grid import answer_grid, heat_days, heat_rows, recommendation
from ressourcenet.scheduling.models import Answer, Poll, Slot

BAND_LABELS = {
    preferences.MORNING: gettext_lazy("Morning (before 11)"),
    preferences.MIDDAY: gettext_lazy("Midday (11–13)"),
    preferences.AFTERNOON: gettext_lazy("Afternoon (13–17)"),
    preferences.EVENING: gettext_lazy("Evening (from 17)"),
}


def get_poll(request: HttpRequest, plan_slug: str, meeting_id: int) -> Poll:
    """The meeting's poll, read with the meeting (one query); 404 without one."""
    meetings = Meeting.objects.select_related("poll")
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True, meetings=meetings)
    poll = services.poll_of(meeting)
    if poll is None:
        raise Http404
    return poll


def to_poll(meeting: Meeting) -> HttpResponse:
    return redirect("poll_detail", meeting.network.plan.slug, meeting.pk)


# --- the coordinator's pages ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    if Poll.objects.filter(meeting=meeting).exists():
        messages.info(request, _("The meeting already has a poll. Here it is."))
        return to_poll(meeting)
    suggestions = services.suggestions(meeting)
    form = PollForm(request.POST or None, meeting=meeting, suggestions=suggestions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.open_poll(meeting, form.slots(), data["key_persons"], data["closes_at"])
        except services.PollExists as exists:
            messages.info(request, str(exists))
            return to_poll(meeting)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The poll is open. The invitees get an e-mail with a link.")
            )
            return to_poll(meeting)
    context = {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "form": form,
        "invitee_count": meeting.invitations.count(),
        "min_people": services.SUGGESTION_MIN_PEOPLE,
    }
    status = 422 if form.has_errors else 200
    return render(request, "scheduling/poll_create.html", context, status=status)


@keep_for_viewer
@require_safe
def poll_detail(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    poll = get_poll(request, plan_slug, meeting_id)
    # What the recommendation, its explanation and the grid read, each once.
    prefetch_related_objects([poll], "slots", "key_persons", "meeting__network__plan__areas")
    answers = list(Answer.objects.filter(slot__poll=poll))
    found = recommendation(poll, answers)
    slots = list(poll.slots.all())
    context = {
        **plan_context(request, poll.meeting.network.plan, "plan"),
        "poll": poll,
        "meeting": poll.meeting,
        "recommendation": found,
        "explanation": found.explanation,
        "ranking": found.rows,
        "slots": [(slot, services.slot_label(slot.starts_at, slot.ends_at)) for slot in slots],
        "groups": answer_grid(poll, slots, answers),
    }
    context["unanswered"] = sum(
        1 for _group, people in context["groups"] for row in people if not row.answered
    )
    return render(request, "scheduling/poll_detail.html", context)


# Not in the request's transaction: each e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def poll_finalise(request: HttpRequest, plan_slug: str, meeting_id: int, slot_id: int):
    """First a confirmation with the number who get the calendar invitation; only the
    confirmed form (`confirmed`) chooses the time and sends, then says how many went."""
    poll = get_poll(request, plan_slug, meeting_id)
    slot = get_object_or_404(Slot, pk=slot_id, poll=poll)
    # Inside a sentence: "Vælg tirsdag 8. december ...?"
    label = services.slot_label(slot.starts_at, slot.ends_at, mid_sentence=True)
    if request.method == "GET" or "confirmed" not in request.POST:
        context = {
            **plan_context(request, poll.meeting.network.plan, "plan"),
            "meeting": poll.meeting,
            "poll": poll,
            "slot": slot,
            "label": label,
            "recipients": services.invitation_recipients(poll.meeting),
        }
        return render(request, "scheduling/poll_finalise_confirm.html", context)
    try:
        _meeting, outcome = services.finalise_and_send(poll, slot)
    except services.PollClosed as closed:
        messages.error(request, str(closed))
    except ValidationError as error:  # e.g. the meeting is cancelled
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is set to %(time)s.") % {"time": label})
        report_sending(
            request,
            outcome,
            ngettext_lazy(
                "%(count)d calendar invitation is on its way.",
                "%(count)d calendar invitations are on their way.",
                "count",
            ),
            where=_("The planning page shows who did not get theirs, and why."),
        )
    return to_poll(poll.meeting)


# Not in the request's transaction: each e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@require_POST
def poll_remind(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    poll = get_poll(request, plan_slug, meeting_id)
    try:
        outcome = services.send_reminders(poll)
    except services.PollClosed as closed:
        messages.error(request, str(closed))
    else:
        sent_text = ngettext_lazy(
            "%(count)d reminder is on its way.", "%(count)d reminders are on their way.", "count"
        )
        report_sending(request, outcome, sent_text)
    return to_poll(poll.meeting)


@require_http_methods(["GET", "POST"])
def poll_answer_for(request: HttpRequest, plan_slug: str, meeting_id: int, person_id: int):
    """The coordinator records answers given by phone, on the person's behalf."""
    poll = get_poll(request, plan_slug, meeting_id)
    invitation = get_object_or_404(
        Invitation.objects.select_related("person"), meeting=poll.meeting, person_id=person_id
    )
    form = AnswerForm(request.POST or None, poll=poll, person=invitation.person)
    status = 200
    if request.method == "POST":
        status = save_answers(form, poll, invitation.person, by_coordinator=True)
        if status == 200:
            text = _("The answers of %(name)s are saved.")
            messages.success(request, text % {"name": invitation.person.name})
            return to_poll(poll.meeting)
    context = {
        **plan_context(request, poll.meeting.network.plan, "plan"),
        "poll": poll,
        "meeting": poll.meeting,
        "person": invitation.person,
        "form": form,
        "takes_answers": poll.is_open,
    }
    return render(request, "scheduling/poll_answer_for.html", context, status=status)


# --- the invitee's personal link ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link in the poll e-mail: answer without logging in."""
    try:
        invitation_id = read_token(emails.POLL_LINK, token)
    except LinkExpired:
        return render(request, "meetings/link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "meetings/link_invalid.html", {"expired": False}, status=404)
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__network", "person"), pk=invitation_id
    )
    if invitation.link_revoked_at:
        context = {"revoked": True, "erased": invitation.person.is_erased}
        return render(request, "meetings/link_invalid.html", context, status=410)
    poll = get_object_or_404(
        Poll.objects.select_related("meeting__network"), meeting=invitation.meeting
    )
    form = AnswerForm(request.POST or None, poll=poll, person=invitation.person)
    status = 200
    if request.method == "POST":
        status = save_answers(form, poll, invitation.person, by_coordinator=False)
        if status == 200 and not request.htmx:
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("poll_answer", token)
    context = {
        "poll": poll,
        "meeting": poll.meeting,
        "invitation": invitation,
        "form": form,
        "takes_answers": poll.is_open,
        "saved": request.method == "POST" and status == 200,
    }
    template = "scheduling/poll_answer.html" + ("#answers" if request.htmx else "")
    return render(request, template, context, status=status)


def save_answers(form: AnswerForm, poll: Poll, person: Person, by_coordinator: bool) -> int:
    """Save the form's answers; the status code for the page: 200, 409 (closed) or 422."""
    if not poll.is_open:
        return 409
    if not form.is_valid():
        return 422
    try:
        services.answer_poll(poll, person, form.answers(), by_coordinator=by_coordinator)
    except services.PollClosed:
        return 409
    except ValidationError as error:
        form.add_error(None, error.messages)
        return 422
    return 200


# --- the network's times of the week --------------------------------------------------


@require_safe
@editor_goes_home
def network_times(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    """Which weekdays and times of day suit which stakeholder groups, from earlier polls."""
    network = get_network(plan_slug, network_slug)
    if not permissions.can_see_members(request.user, network):
        raise PermissionDenied
    shares = services.network_shares(network, services.HEATMAP_MIN_PEOPLE)
    rows = heat_rows(shares)
    days = [
        (day, WEEKDAYS[day], [(g, [(BAND_LABELS[b], c) for b, c in cells]) for g, cells in groups])
        for day, groups in heat_days(shares)
    ]
    context = {
        **plan_context(request, network.plan, "plan"),
        "network": network,
        "bands": [BAND_LABELS[band] for band in preferences.BANDS],
        "rows": rows,
        "days": days if rows else [],
        "min_people": services.HEATMAP_MIN_PEOPLE,
    }
    return render(request, "scheduling/network_times.html", context)
