"""/api/v1/recommendations and /api/v1/board-meetings (with each one's packet as a PDF): the
same rules as the pages, held by governance/services.py and governance/packet.py. A role that
may not → 403; a step not allowed from the present state → 409; bad input → 422 naming the
field."""

import dataclasses

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ressourcenet.accounts.permissions import roles_of
from ressourcenet.agreements.models import AllocationLine, CofinancingAgreement
from ressourcenet.agreements.services import Amount
from ressourcenet.api.common import LimitOffset, PageOf, lookup, lookup_each, require
from ressourcenet.api.governance_schemas import (
    BoardMeetingIn,
    BoardMeetingOut,
    RecommendationDetailOut,
    RecommendationIn,
    RecommendationOut,
    StateCode,
    TransitionIn,
)
from ressourcenet.api.types import Id, PlanSlug
from ressourcenet.governance import packet, services
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.knowledge.leaflets import CONTENT_TYPE as PDF
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Plan

router = Router(tags=["governance"])


def refused(error: PermissionError, request: HttpRequest):
    if not request.auth.is_authenticated:
        return HttpError(401, _("Send a valid API token."))
    return HttpError(403, str(error) or _("Your role does not allow this."))


def recommendation_out(item: Recommendation) -> dict:
    return {
        "id": item.pk,
        "network": item.network_id,
        "kind": item.kind,
        "title": item.title,
        "background": item.background,
        "proposal": item.proposal,
        "consequence": item.consequence,
        "housing_areas": [area.pk for area in item.housing_areas.all()],
        "projects": [project.pk for project in item.projects.all()],
        "allocation_lines": [line.pk for line in item.allocation_lines.all()],
        "state": item.state,
        "adopted_at_meeting": item.adopted_at_meeting_id,
        "board_meeting": item.board_meeting_id,
        "decision_reason": item.decision_reason,
        "decided_on": item.decided_on,
        "agreement": item.agreement_id,
        "proposed_amounts": [
            {"year": a.year, "money": a.money, "hours": a.hours}
            for a in item.proposed_amounts.all()
        ],
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def detail_out(pk: int) -> dict:
    item = Recommendation.objects.with_relations().get(pk=pk)
    trail = [
        {
            "from_state": step.from_state or None,
            "to_state": step.to_state,
            "at": step.at,
            # A name, never a login's e-mail address.
            "by": getattr(getattr(step.by, "person", None), "name", None),
            "reason": step.reason,
            "meeting": step.meeting_id,
            "board_meeting": step.board_meeting_id,
            "decided_on": step.decided_on,
        }
        for step in services.trail(item)
    ]
    amended = services.amended_version(item)
    changes = [
        {
            **dataclasses.asdict(change),
            "money_difference": change.money_difference,
            "hours_difference": change.hours_difference,
        }
        for change in services.proposed_changes(item, amended)
    ]
    return {
        **recommendation_out(item),
        "trail": trail,
        "proposed_changes": changes,
        "amended_version": amended.number if amended else None,
    }


def get_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    item = get_object_or_404(Recommendation.objects.with_relations(), pk=pk)
    require(services.can_see(request.auth, item), request)
    return item


@router.get("/recommendations", response=list[RecommendationOut])
@paginate(LimitOffset)
def list_recommendations(
    request: HttpRequest, network: Id | None = None, state: StateCode | None = None
):
    """The recommendations of every plan the caller takes part in, latest change first."""
    require(request.auth.is_authenticated, request)
    items = services.visible(request.auth).with_relations().order_by("-updated_at", "-id")
    if network is not None:
        items = items.filter(network_id=network)
    if state is not None:
        items = items.filter(state=state)
    return PageOf(items, lambda page: [recommendation_out(item) for item in page])


@router.post("/recommendations", response={201: RecommendationDetailOut})
def create_recommendation(request: HttpRequest, payload: RecommendationIn):
    require(request.auth.is_authenticated, request)
    network = lookup(Network.objects.select_related("plan"), payload.network, "network")
    plan = network.plan
    areas = lookup_each(
        plan.areas.all(),
        {f"housing_areas.{i}": pk for i, pk in enumerate(payload.housing_areas)},
        "housing area",
    )
    projects = lookup_each(
        services.plan_projects(plan),
        {f"projects.{i}": pk for i, pk in enumerate(payload.projects)},
        "project",
    )
    lines = lookup_each(
        AllocationLine.objects.filter(plan=plan),
        {f"allocation_lines.{i}": pk for i, pk in enumerate(payload.allocation_lines)},
        "allocation line",
    )
    # Any plan's agreement is looked up: the service refuses another plan's by the field.
    agreement = lookup(CofinancingAgreement.objects.all(), payload.agreement, "agreement")
    item = Recommendation(
        network=network,
        kind=payload.kind,
        title=payload.title,
        background=payload.background,
        proposal=payload.proposal,
        consequence=payload.consequence,
        agreement=agreement,
    )
    try:
        services.create_recommendation(
            item,
            housing_areas=areas.values(),
            projects=projects.values(),
            allocation_lines=lines.values(),
            proposed_amounts=[Amount(a.year, a.money, a.hours) for a in payload.proposed_amounts],
            by=request.auth,
        )
    except PermissionError as error:
        raise refused(error, request) from None
    return Status(201, detail_out(item.pk))


@router.get("/recommendations/{recommendation_id}", response=RecommendationDetailOut)
def get_recommendation_detail(request: HttpRequest, recommendation_id: Id):
    return detail_out(get_recommendation(request, recommendation_id).pk)


@router.post("/recommendations/{recommendation_id}/transition", response=RecommendationDetailOut)
def transition(request: HttpRequest, recommendation_id: Id, payload: TransitionIn):
    """Move the recommendation one step; a decision e-mails the network's members and the
    author after the commit."""
    item = get_recommendation(request, recommendation_id)
    plan = item.network.plan
    meeting = lookup(Meeting.objects.filter(network__plan=plan), payload.meeting, "meeting")
    board_meeting = lookup(
        BoardMeeting.objects.filter(plan=plan), payload.board_meeting, "board_meeting"
    )
    try:
        services.transition(
            item,
            payload.to,
            by=request.auth,
            reason=payload.reason,
            meeting=meeting,
            board_meeting=board_meeting,
            decided_on=payload.decided_on,
        )
    except PermissionError as error:
        raise refused(error, request) from None
    except services.TransitionRefused as error:
        raise HttpError(409, str(error)) from None
    return detail_out(item.pk)


def board_meeting_out(item: BoardMeeting) -> dict:
    return {
        "id": item.pk,
        "plan": item.plan.slug,
        "date": item.date,
        "deadline": item.deadline,
        "title": item.title,
        "place": item.place,
        "recommendations": [r.pk for r in item.recommendations.all()],
    }


@router.get("/board-meetings", response=list[BoardMeetingOut])
@paginate(LimitOffset)
def list_board_meetings(request: HttpRequest, plan: PlanSlug | None = None):
    """The board meetings of the plans the caller takes part in, earliest first."""
    require(request.auth.is_authenticated, request)
    items = BoardMeeting.objects.select_related("plan").prefetch_related("recommendations")
    roles = roles_of(request.auth)
    if not roles.is_administrator:
        items = items.filter(plan_id__in=roles.plans_as_member | roles.plans_on_board)
    if plan:
        items = items.filter(plan__slug=plan)
    items = items.order_by("date", "id")
    return PageOf(items, lambda page: [board_meeting_out(item) for item in page])


@router.post("/board-meetings", response={201: BoardMeetingOut})
def create_board_meeting(request: HttpRequest, payload: BoardMeetingIn):
    require(request.auth.is_authenticated, request)
    plan = Plan.objects.filter(slug=payload.plan).first()
    if plan is None:
        raise ValidationError({"plan": _("There is no plan with this short name.")})
    item = BoardMeeting(
        plan=plan,
        date=payload.date,
        deadline=payload.deadline,
        title=payload.title,
        place=payload.place,
    )
    try:
        services.create_board_meeting(item, request.auth)
    except PermissionError as error:
        raise refused(error, request) from None
    return Status(201, board_meeting_out(item))


@router.get(
    "/board-meetings/{board_meeting_id}/packet.pdf",
    openapi_extra={
        "responses": {
            200: {
                "description": "The board packet: an A4 PDF (tagged, PDF/UA-1) with a cover, "
                "a table of contents and every recommendation submitted for the board "
                "meeting or decided at it, in the order they were submitted.",
                "content": {PDF: {}},
            }
        }
    },
)
def get_board_packet(request: HttpRequest, board_meeting_id: Id):
    """For the plan's board members, administrators and network coordinators."""
    item = get_object_or_404(BoardMeeting.objects.select_related("plan"), pk=board_meeting_id)
    require(packet.can_see_packet(request.auth, item.plan), request)
    return packet.pdf_response(item)
