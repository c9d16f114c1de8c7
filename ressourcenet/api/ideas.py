"""/api/v1/ideas: the idea catalogue, as on the pages.

Reading needs `can_see_idea`, adding `can_add_idea` on the idea's network, changing
`can_change_idea`; every write goes through knowledge/services.py, which holds the rules
(a new status needs a reason, and tells the owner through the one send path).
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from ressourcenet.accounts import permissions
from ressourcenet.api.common import LimitOffset, PageOf, lookup, lookup_each, require
from ressourcenet.api.idea_schemas import IdeaDetailOut, IdeaIn, IdeaOut, IdeaPatch, IdeaStatus
from ressourcenet.api.types import Id, one_line
from ressourcenet.knowledge import services
from ressourcenet.knowledge.models import Idea, IdeaStatusChange, Tag
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Plan

router = Router(tags=["ideas"])

TagFilter = one_line(Tag, "name")


def get_idea(request: HttpRequest, idea_id: Id, change: bool = False) -> Idea:
    idea = get_object_or_404(Idea.objects.with_relations(), pk=idea_id)
    allowed = permissions.can_change_idea if change else permissions.can_see_idea
    require(allowed(request.auth, idea), request)
    return idea


def idea_out(idea: Idea) -> dict:
    """One idea; its areas and tags read from what `with_relations` prefetched."""
    owner = idea.owner
    return {
        "id": idea.pk,
        "title": idea.title,
        "description": idea.description,
        "network": idea.network_id,
        "meeting": idea.meeting_id,
        "housing_areas": [area.pk for area in idea.housing_areas.all()],
        "tags": [tag.name for tag in idea.tags.all()],
        "owner": None if owner is None else {"id": owner.pk, "name": owner.name},
        "status": idea.status,
        "public": idea.public,
        "origin_table": idea.origin_table,
        "plus_ones": idea.plus_ones,
        "created_at": idea.created_at,
        "updated_at": idea.updated_at,
    }


def change_out(change: IdeaStatusChange) -> dict:
    # A name, never a login's e-mail address: not everyone who reads ideas may see those.
    person = getattr(change.changed_by, "person", None)
    return {
        "from_status": change.from_status or None,
        "to_status": change.to_status,
        "reason": change.reason,
        "changed_at": change.changed_at,
        "changed_by": person.name if person else None,
    }


def idea_detail_out(idea_id: int) -> dict:
    idea = Idea.objects.with_relations().get(pk=idea_id)
    history = idea.status_changes.select_related("changed_by__person")
    return {**idea_out(idea), "history": [change_out(c) for c in history]}


def areas_of(plan: Plan, ids: list[int]) -> list:
    found = lookup_each(
        plan.areas.all(), {f"housing_areas.{i}": pk for i, pk in enumerate(ids)}, "housing area"
    )
    return list(found.values())


@router.get("/ideas", response=list[IdeaOut])
@paginate(LimitOffset)
def list_ideas(
    request: HttpRequest,
    network: Id | None = None,
    status: IdeaStatus | None = None,
    tag: TagFilter | None = None,
    area: Id | None = None,
):
    """The ideas of every plan the caller takes part in, newest first, filtered as the
    catalogue page filters them (`tag` by name, whatever the case)."""
    require(request.auth.is_authenticated, request)
    ideas = permissions.visible_ideas(request.auth, Idea.objects.all()).search(
        network=network, area=area, status=status or "", tag=tag or ""
    )
    ideas = ideas.with_relations().order_by(*Idea._meta.ordering)
    return PageOf(ideas, lambda page: [idea_out(idea) for idea in page])


@router.post("/ideas", response={201: IdeaDetailOut})
def create_idea(request: HttpRequest, payload: IdeaIn):
    network = lookup(Network.objects.select_related("plan"), payload.network, "network")
    require(permissions.can_add_idea(request.auth, network), request)
    plan = network.plan
    idea = Idea(
        network=network,
        title=payload.title,
        description=payload.description,
        meeting=lookup(Meeting.objects.filter(network__plan=plan), payload.meeting, "meeting"),
        owner=lookup(services.possible_owners(plan), payload.owner, "owner"),
        status=payload.status,
        public=payload.public,
    )
    services.create_idea(
        idea,
        housing_areas=areas_of(plan, payload.housing_areas),
        tags=payload.tags,
        by=request.auth,
    )
    return Status(201, idea_detail_out(idea.pk))


@router.get("/ideas/{idea_id}", response=IdeaDetailOut)
def get_idea_detail(request: HttpRequest, idea_id: Id):
    return idea_detail_out(get_idea(request, idea_id).pk)


@router.patch("/ideas/{idea_id}", response=IdeaDetailOut)
def update_idea(request: HttpRequest, idea_id: Id, payload: IdeaPatch):
    """Change the fields sent; a new `status` needs a `reason` and tells the owner. If one
    change is refused, none is kept."""
    idea = get_idea(request, idea_id, change=True)
    plan = idea.network.plan
    data = payload.dict(exclude_unset=True)
    status, reason = data.pop("status", None), data.pop("reason", "")
    areas, tags = data.pop("housing_areas", None), data.pop("tags", None)
    if "meeting" in data:
        data["meeting"] = lookup(
            Meeting.objects.filter(network__plan=plan), data["meeting"], "meeting"
        )
    if "owner" in data:
        owners = services.possible_owners(plan, keep=idea.owner_id)
        data["owner"] = lookup(owners, data["owner"], "owner")
    for field, value in data.items():
        setattr(idea, field, value)
    services.update_idea(
        idea, housing_areas=None if areas is None else areas_of(plan, areas), tags=tags
    )
    # Only a real change counts: the status it has, sent again, needs no reason.
    if status is not None and status != idea.status:
        services.change_status(idea, status, reason, request.auth)
    return idea_detail_out(idea.pk)
