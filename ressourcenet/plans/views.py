from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ressourcenet.accounts import permissions
from ressourcenet.blog import services as blog_services
from ressourcenet.governance import packet
from ressourcenet.governance import services as governance
from ressourcenet.knowledge.models import Summary
from ressourcenet.lib.pages import get_plan, home_plan, plan_context
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import after_meeting_tasks
from ressourcenet.networks.services import named_coverage
from ressourcenet.plans.models import Plan

# How many of the latest public summaries and experiences the plan's page shows visitors.
PUBLIC_SUMMARIES = 5
PUBLIC_EXPERIENCES = 3


def public_knowledge(plan: Plan) -> dict:
    """What a visitor may read of what the plan's networks learned, newest first: public
    final summaries (by their meeting's date) and public experiences. Two queries."""
    summaries = (
        Summary.objects.filter(meeting__network__plan=plan, public=True, state=Summary.State.FINAL)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-meeting_id")[:PUBLIC_SUMMARIES]
    )
    experiences = plan.experiences.filter(public=True).select_related("plan", "housing_area")
    return {
        "summaries": list(summaries),
        "experiences": list(experiences[:PUBLIC_EXPERIENCES]),
    }


@keep_for_viewer
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front page: the plan running today, or, for someone with a role in a plan, the
    one of their plans running today (a board member of one plan does not land on
    another's page, where nothing awaits them)."""
    plan = home_plan(request)
    if plan is None:
        return render(request, "plans/no_plan.html", {"nav": "plans"})
    return _render_plan(request, plan)


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.all()
    return render(request, "plans/plan_list.html", {"plans": plans, "nav": "plans"})


@require_safe
def plan_detail(request: HttpRequest, plan_slug: str) -> HttpResponse:
    return _render_plan(request, get_plan(plan_slug))


def _render_plan(request: HttpRequest, plan: Plan) -> HttpResponse:
    networks = list(plan.networks.with_member_counts().select_related("effort", "plan"))
    coverage, area_names = named_coverage(networks)
    rows = [(network, coverage[network.pk]) for network in networks]
    roles = permissions.roles_of(request.user)
    person_id = roles.person_id
    my_meetings = []
    if person_id is not None:
        my_meetings = (
            Meeting.objects.upcoming()
            .announced()
            .for_person(person_id)
            .filter(network__plan=plan)
            .select_related("network__plan", "poll")[:5]
        )
    plan_meetings = Meeting.objects.filter(network__plan=plan).select_related("network__plan")
    board_meetings = []
    if plan.pk in roles.plans_on_board:
        # Soonest first, those still looking for a time last (the model's order).
        board_meetings = plan_meetings.upcoming().announced().select_related("poll")[:10]
    after_meeting = []
    if roles.is_administrator or plan.pk in roles.plans_as_coordinator:
        managed = permissions.managed_networks(request.user, plan)
        after_meeting = after_meeting_tasks(plan_meetings.filter(network__in=managed))
    desk = governance.coordinator_desk(request.user, plan)
    awaiting_decision = list(governance.awaiting_decision(request.user, plan)[:20])
    context = {
        **plan_context(request, plan, nav="plan"),
        "awaiting_decision": awaiting_decision,
        "board_packets": packet.board_meetings_awaiting(awaiting_decision),
        # Until a board meeting's deadline, its packet may still grow.
        "today": timezone.localdate(),
        "my_drafts": desk["drafts"],
        "came_back": desk["came_back"],
        "may_see_board_meetings": governance.can_see_board_meetings(request.user, plan),
        "my_meetings": my_meetings,
        "board_meetings": board_meetings,
        "after_meeting": after_meeting,
        "is_editor": roles.is_editor,
        "blog_pending": blog_services.pending_count() if roles.is_editor else 0,
        "network_rows": rows,
        "areas": list(area_names.values()),
        # The plan's people have the menus; a visitor is shown the way in here.
        "public_knowledge": (
            None if permissions.can_see_experiences(request.user, plan) else public_knowledge(plan)
        ),
    }
    return render(request, "plans/plan_detail.html", context)
