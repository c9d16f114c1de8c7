"""The evaluation pages (the personal link, and the logged-in attendee's), the coordinator's
request to those who came, and the dashboards of a network and of the plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.evaluation import dashboard, services
from ressourcenet.evaluation.forms import EvaluationForm
from ressourcenet.evaluation.health import load_rows
from ressourcenet.evaluation.models import MIN_ANSWERS, Evaluation
from ressourcenet.lib.dates import format_date
from ressourcenet.lib.links import LinkExpired, LinkInvalid, read_token
from ressourcenet.lib.pages import editor_goes_home, get_plan, plan_context
from ressourcenet.lib.post_only import post_only
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.mail.reports import report_sending
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Network

AT_THE_MESSAGE = "#main-content"


def answer(request: HttpRequest, invitation: Invitation, done_url: str) -> HttpResponse | dict:
    """The form's part of both evaluation pages: a redirect once saved, else the context."""
    problem = services.invitation_problem(invitation)
    answered = problem is None and services.has_answered(invitation)
    form = None
    if problem is None and not answered:
        form = EvaluationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.submit(
                    invitation, data["relevance"], data["time_well_spent"], data["suggestion"]
                )
            except services.AlreadyEvaluated:
                messages.info(request, services.already_message())
                return redirect(done_url + AT_THE_MESSAGE)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. Your answer is saved."))
                return redirect(done_url + AT_THE_MESSAGE)
    elif request.method == "POST":
        messages.error(request, problem or services.already_message())
        return redirect(done_url + AT_THE_MESSAGE)
    closes = format_date(services.closes_at(invitation.meeting), "date_time")
    return {
        "meeting": invitation.meeting,
        "problem": problem,
        "answered": answered,
        "form": form,
        "closes": closes,
    }


def render_answer(request: HttpRequest, context: dict) -> HttpResponse:
    form = context["form"]
    status = 422 if form is not None and form.errors else 200
    return render(request, "evaluation/evaluation.html", context, status=status)


@require_http_methods(["GET", "POST"])
def evaluation_personal(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link in the e-mail: evaluate without logging in."""
    try:
        invitation_id = read_token(
            services.EVALUATION_LINK, token, max_age=services.EVALUATION_LINK_MAX_AGE
        )
    except LinkExpired:
        return render(request, "meetings/link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "meetings/link_invalid.html", {"expired": False}, status=404)
    invitations = Invitation.objects.select_related("meeting__network__plan", "person")
    invitation = get_object_or_404(invitations, pk=invitation_id)
    if invitation.person.is_erased:  # people/privacy.py: their evaluation counts already
        return render(request, "meetings/link_invalid.html", {"erased": True}, status=410)
    result = answer(request, invitation, reverse("evaluation_personal", args=[token]))
    if isinstance(result, HttpResponse):
        return result
    return render_answer(request, {**result, "action": request.path})


@require_http_methods(["GET", "POST"])
@editor_goes_home
def evaluation_own(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """The logged-in invitee's evaluation, reached from the meeting's page."""
    meetings = Meeting.objects.select_related("network__plan")
    meeting = get_object_or_404(meetings, pk=meeting_id, network__plan__slug=plan_slug)
    invitation = permissions.own_invitation(request.user, meeting)
    if invitation is None:
        raise PermissionDenied
    invitation.meeting = meeting
    result = answer(request, invitation, request.path)
    if isinstance(result, HttpResponse):
        return result
    context = {**plan_context(request, meeting.network.plan, "plan"), **result}
    return render_answer(request, {**context, "action": request.path, "logged_in": True})


def on_meeting_page(plan_slug: str, meeting_id: int) -> str:
    return reverse("meeting", args=[plan_slug, meeting_id])


@transaction.non_atomic_requests
@post_only(on_meeting_page)
def evaluation_send(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """E-mail the evaluation to those who came and have not had it."""
    meetings = Meeting.objects.select_related("network__plan")
    meeting = get_object_or_404(meetings, pk=meeting_id, network__plan__slug=plan_slug)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    try:
        outcome = services.send_requests(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        report_sending(request, outcome, ngettext_lazy(
            "%(count)d invitee who came got a link to the evaluation.",
            "%(count)d invitees who came got a link to the evaluation.",
            "count",
        ))  # fmt: skip
    return redirect(meeting.get_absolute_url() + AT_THE_MESSAGE)


def meeting_context(request: HttpRequest, meeting: Meeting) -> dict:
    """What the meeting's page shows about the evaluation: to the attendee the way to it
    while it is open; to the coordinator when it closes and the button that sends it to
    those who came. No count of answers while it is open: each change would tell whose
    answer came in (nor after it, below MIN_ANSWERS)."""
    own = permissions.own_invitation(request.user, meeting)
    held = services.meeting_problem(meeting) is None
    closed = held and services.is_closed(meeting)
    context: dict = {"evaluation_held": held, "evaluation_closed": closed}
    if held:
        context["evaluation_closes"] = services.closes_at(meeting)
        context["min_answers"] = MIN_ANSWERS
    if held and permissions.can_evaluate(own):
        context["may_evaluate"] = True
        context["has_evaluated"] = services.has_answered(own)
    if held and permissions.can_manage_meeting(request.user, meeting):
        context["evaluation_manage"] = True
        if closed:
            answers = Evaluation.objects.filter(meeting=meeting).count()
            context["evaluation_answers"] = answers if answers >= MIN_ANSWERS else None
        else:
            context["evaluation_missing"] = services.missing_requests(meeting).count()
        context["evaluation_send_problem"] = services.send_problem(meeting)
    if permissions.can_see_network_health(request.user, meeting.network):
        context["health_url"] = reverse(
            "network_health", args=[meeting.network.plan.slug, meeting.network.slug]
        )
    return context


def meetings_shown(request: HttpRequest) -> int | None:
    """How many meetings the dashboard shows one by one: the newest, or all when asked."""
    return None if request.GET.get("meetings") == "all" else dashboard.MEETINGS_SHOWN


@keep_for_viewer
@require_safe
@editor_goes_home
def network_health(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    network = get_object_or_404(
        Network.objects.select_related("plan"), plan__slug=plan_slug, slug=network_slug
    )
    if not permissions.can_see_network_health(request.user, network):
        raise PermissionDenied
    with_suggestions = permissions.can_see_suggestions(request.user, network)
    rows = load_rows(network.meetings.all(), with_suggestions)
    context = {
        **plan_context(request, network.plan, "plan"),
        "network": network,
        "figures": dashboard.figures(
            request,
            rows,
            plan=network.plan,
            with_network=False,
            shown=meetings_shown(request),
            with_suggestions=with_suggestions,
        ),
    }
    return render(request, "evaluation/health.html", context)


@require_safe
@editor_goes_home
def plan_health(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    if not permissions.can_see_plan_health(request.user, plan):
        raise PermissionDenied
    with_suggestions = permissions.can_see_suggestions(request.user, None)
    rows = load_rows(Meeting.objects.filter(network__plan=plan), with_suggestions)
    context = {
        **plan_context(request, plan, "health"),
        "networks": plan.networks.order_by("name"),
        "figures": dashboard.figures(
            request,
            rows,
            plan=plan,
            with_network=True,
            shown=meetings_shown(request),
            with_suggestions=with_suggestions,
        ),
    }
    return render(request, "evaluation/health.html", context)
