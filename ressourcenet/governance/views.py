"""Pages of recommendations and board meetings. The rules are in services.py; the views
read forms, call the services and say what happened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.governance import packet, services
from ressourcenet.governance.forms import BoardMeetingForm, RecommendationForm, TransitionForm
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.lib.pages import get_plan, plan_context
from ressourcenet.lib.post_only import post_only
from ressourcenet.networks.models import Network

State = Recommendation.State

MOVE_LABELS = {
    State.ADOPTED: _("Adopted by the network"),
    State.SUBMITTED: _("Submit to the board"),
    State.APPROVED: _("Approve"),
    State.REJECTED: _("Reject"),
    State.POSTPONED: _("Postpone"),
    State.WITHDRAWN: _("Withdraw"),
}


def add_errors(form, error: ValidationError) -> None:
    """The service's refusal on the form: each message at its field when the form has that
    field, otherwise above the form. The form was built for the state the page saw; when
    another click changed the state meanwhile, the service may name a field this form
    lacks, and Django's add_error would raise (a 500) instead of saying so."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def get_recommendation(request: HttpRequest, plan_slug: str, recommendation_id: int):
    recommendation = get_object_or_404(
        Recommendation.objects.with_relations(),
        pk=recommendation_id,
        network__plan__slug=plan_slug,
    )
    if not services.can_see(request.user, recommendation):
        raise PermissionDenied
    return recommendation


def get_network(request: HttpRequest, plan_slug: str, network_slug: str) -> Network:
    network = get_object_or_404(
        Network.objects.select_related("plan"), plan__slug=plan_slug, slug=network_slug
    )
    if not services.can_see_board_meetings(request.user, network.plan):
        raise PermissionDenied
    return network


@require_safe
def network_recommendations(request: HttpRequest, plan_slug: str, network_slug: str):
    network = get_network(request, plan_slug, network_slug)
    recommendations = network.recommendations.with_relations().order_by("-updated_at", "-id")
    context = {
        **plan_context(request, network.plan),
        "network": network,
        "recommendations": recommendations,
        "may_draft": services.can_draft(request.user, network),
    }
    return render(request, "governance/recommendation_list.html", context)


def move_forms(request, recommendation, bound: TransitionForm | None = None) -> list:
    """(move, label, form) for each move the user may make now; `bound` replaces its own.

    The board decides at its meeting: before the day of the board meeting it was submitted
    for, no decision form is offered (the page says from when instead). Nor for a postponed
    one that no held board meeting can decide yet: it waits to be submitted again (the page
    says so)."""
    forms = []
    waits = services.waits_for_resubmission(recommendation)
    for to in services.moves_for(request.user, recommendation):
        posted = bound is not None and bound.to == to
        undecidable = services.decidable_from(recommendation) or waits
        if to in services.DECISIONS and undecidable and not posted:
            continue
        form = bound if posted else TransitionForm(recommendation=recommendation, to=to)
        forms.append((to, MOVE_LABELS[to], form))
    return forms


def detail_context(request, recommendation, bound=None) -> dict:
    plan = recommendation.network.plan
    coming = services.open_board_meetings(plan).first()
    amended = services.amended_version(recommendation)
    waits = services.waits_for_resubmission(recommendation)
    return {
        **plan_context(request, plan),
        "recommendation": recommendation,
        "amended_version": amended,
        "may_see_agreement": permissions.can_see_cofinancing(request.user, plan),
        "proposed_changes": services.proposed_changes(recommendation, amended),
        "network": recommendation.network,
        "trail": services.trail(recommendation),
        "moves": move_forms(request, recommendation, bound),
        "may_edit": recommendation.state == State.DRAFT
        and services.can_draft(request.user, recommendation.network),
        "may_see_allocation": permissions.can_see_cofinancing(request.user, plan),
        "decidable_from": services.can_decide(request.user, plan.pk)
        and services.decidable_from(recommendation),
        "waits_for_resubmission": waits,
        "coming_board_meeting": coming,
        "last_meeting": coming and services.last_meeting_in_time(recommendation.network, coming),
    }


@require_safe
def recommendation_detail(request: HttpRequest, plan_slug: str, recommendation_id: int):
    recommendation = get_recommendation(request, plan_slug, recommendation_id)
    context = detail_context(request, recommendation)
    return render(request, "governance/recommendation_detail.html", context)


@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, plan_slug: str, network_slug: str):
    network = get_network(request, plan_slug, network_slug)
    if not services.can_draft(request.user, network):
        raise PermissionDenied
    plan = network.plan
    form = RecommendationForm(request.POST or None, plan=plan, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recommendation = form.save(commit=False)
        recommendation.network = network
        lines = form.proposed_amounts()
        try:
            with transaction.atomic():
                services.create_recommendation(
                    recommendation,
                    housing_areas=data["housing_areas"],
                    projects=data["projects"],
                    allocation_lines=data["allocation_lines"],
                    proposed_amounts=lines,
                    by=request.user,
                )
        except ValidationError as error:
            form.add_service_error(error, lines)
        else:
            messages.success(request, _("The recommendation is saved as a draft."))
            return redirect(recommendation)
    context = {**plan_context(request, plan), "form": form, "network": network}
    status = 422 if form.errors else 200
    return render(request, "governance/recommendation_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, plan_slug: str, recommendation_id: int):
    recommendation = get_recommendation(request, plan_slug, recommendation_id)
    network = recommendation.network
    if not services.can_draft(request.user, network):
        raise PermissionDenied
    if recommendation.state != State.DRAFT:
        messages.info(request, _("Only a draft can be changed."))
        return redirect(recommendation)
    form = RecommendationForm(request.POST or None, instance=recommendation, plan=network.plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lines = form.proposed_amounts()
        try:
            with transaction.atomic():
                services.update_draft(
                    form.instance,
                    housing_areas=data["housing_areas"],
                    projects=data["projects"],
                    allocation_lines=data["allocation_lines"],
                    proposed_amounts=lines,
                    by=request.user,
                )
        except ValidationError as error:
            form.add_service_error(error, lines)
        except services.TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect(recommendation)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(recommendation)
    context = {
        **plan_context(request, network.plan),
        "form": form,
        "network": network,
        "recommendation": recommendation,
    }
    status = 422 if form.errors else 200
    return render(request, "governance/recommendation_form.html", context, status=status)


@post_only(
    lambda plan_slug, recommendation_id, to: reverse(
        "recommendation", args=[plan_slug, recommendation_id]
    )
)
def recommendation_move(request: HttpRequest, plan_slug: str, recommendation_id: int, to: str):
    recommendation = get_recommendation(request, plan_slug, recommendation_id)
    if to not in MOVE_LABELS:
        raise Http404
    if not services.may_move(request.user, recommendation, to):
        raise PermissionDenied
    form = TransitionForm(request.POST, recommendation=recommendation, to=to)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.transition(
                    recommendation,
                    to,
                    by=request.user,
                    reason=data.get("reason", ""),
                    meeting=data.get("meeting"),
                    board_meeting=data.get("board_meeting"),
                    decided_on=data.get("decided_on"),
                )
        except ValidationError as error:
            add_errors(form, error)
        except services.TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect(recommendation.get_absolute_url() + "#main-content")
        else:
            messages.success(
                request,
                _("The recommendation is now: %(state)s.") % {"state": State(to).label.lower()},
            )
            return redirect(recommendation.get_absolute_url() + "#main-content")
    # As stored: a refused move may have left its values on the object it was given.
    recommendation = get_recommendation(request, plan_slug, recommendation_id)
    context = detail_context(request, recommendation, bound=form)
    return render(request, "governance/recommendation_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def board_meeting_list(request: HttpRequest, plan_slug: str):
    plan = get_plan(plan_slug)
    if not services.can_see_board_meetings(request.user, plan):
        raise PermissionDenied
    may_plan = services.can_plan_board_meetings(request.user, plan)
    form = BoardMeetingForm(request.POST or None) if may_plan else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            board_meeting = form.save(commit=False)
            board_meeting.plan = plan
            try:
                with transaction.atomic():
                    services.create_board_meeting(board_meeting, request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The board meeting is added."))
                return redirect(board_meeting)
    board_meetings = BoardMeeting.objects.filter(plan=plan).order_by("-date", "-id")
    context = {
        **plan_context(request, plan),
        "board_meetings": board_meetings,
        "form": form,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "governance/board_meeting_list.html", context, status=status)


@require_safe
def board_meeting_detail(request: HttpRequest, plan_slug: str, board_meeting_id: int):
    plan = get_plan(plan_slug)
    if not services.can_see_board_meetings(request.user, plan):
        raise PermissionDenied
    board_meeting = get_object_or_404(BoardMeeting, pk=board_meeting_id, plan=plan)
    # What was on its agenda, as in its packet, also what went on to a later meeting.
    recommendations = packet.agenda(board_meeting)
    context = {
        **plan_context(request, plan),
        "board_meeting": board_meeting,
        "recommendations": recommendations,
        "may_see_packet": packet.can_see_packet(request.user, plan),
    }
    return render(request, "governance/board_meeting_detail.html", context)


def get_packet_meeting(request: HttpRequest, plan_slug: str, board_meeting_id: int):
    """The board meeting whose packet is asked for. The right is checked on the plan before
    the meeting is looked up: to the others, every id answers the same."""
    plan = get_plan(plan_slug)
    if not packet.can_see_packet(request.user, plan):
        raise PermissionDenied
    meetings = BoardMeeting.objects.select_related("plan")
    return get_object_or_404(meetings, pk=board_meeting_id, plan=plan)


@require_safe
def board_packet(request: HttpRequest, plan_slug: str, board_meeting_id: int):
    board_meeting = get_packet_meeting(request, plan_slug, board_meeting_id)
    context = {**plan_context(request, board_meeting.plan), **packet.context(board_meeting)}
    return render(request, "governance/packet.html", context)


@require_safe
def board_packet_pdf(request: HttpRequest, plan_slug: str, board_meeting_id: int):
    return packet.pdf_response(get_packet_meeting(request, plan_slug, board_meeting_id))
