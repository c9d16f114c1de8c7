"""/api/v1/experiences: what worked and what did not, per housing area, as on the pages.

Reading: the plan's people see every experience of their plans, everyone else (callers
without a token too) the public ones, without the author's name (`can_see_experience`).
Adding needs `can_write_experience` in the plan. Every write goes through
knowledge/experiences.py.

`effort` is one of the plan's efforts (indsatser), by id (answered as `{id, name}`);
`activity` is what was done, in the writer's words (`Lektiecafé`).
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict

from ressourcenet.accounts import permissions
from ressourcenet.api.common import LimitOffset, PageOf, lookup, require
from ressourcenet.api.meeting_schemas import PersonRef
from ressourcenet.api.types import Id, PlanSlug, TimeOut, one_line, text
from ressourcenet.knowledge import experiences
from ressourcenet.knowledge.models import Experience
from ressourcenet.lib import bounds
from ressourcenet.meetings.models import Meeting
from ressourcenet.plans.models import Plan

router = Router(tags=["experiences"])

Activity = one_line(Experience, "activity", min_length=1)
ActivityFilter = one_line(Experience, "activity")
Worked = text(Experience, "worked")
NotWorked = text(Experience, "did_not_work")
WORKED_MAX = bounds.max_length(Experience, "worked")
NOT_WORKED_MAX = bounds.max_length(Experience, "did_not_work")


class EffortRef(Schema):
    id: int
    name: str


class ExperienceIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    housing_area: Id | None = Field(
        None, description="One of the plan's housing areas; null for the whole plan."
    )
    effort: Id | None = Field(
        None,
        description="One of the plan's efforts; the network's effort when null and "
        "`network` (or `meeting`) is given.",
    )
    activity: Activity = Field(description="What was done, in a few words (`Lektiecafé`).")
    worked: Worked = Field("", max_length=WORKED_MAX, description="What worked.")
    did_not_work: NotWorked = Field("", max_length=NOT_WORKED_MAX, description="What did not work.")
    network: Id | None = Field(None, description="One of the plan's networks.")
    meeting: Id | None = Field(
        None,
        description="The meeting it was shared at: begun, not cancelled, of `network` when "
        "given (the network is taken from the meeting otherwise).",
    )
    public: bool = Field(False, description="Shown to visitors without login, without names.")


class ExperienceOut(Schema):
    id: int
    plan: str = Field(description="The plan's slug.")
    housing_area: int | None = Field(description="null: the whole plan.")
    effort: EffortRef | None = Field(description="The plan's effort, or null.")
    activity: str
    worked: str
    did_not_work: str
    network: int | None
    meeting: int | None
    author: PersonRef | None = Field(description="null for those who see only public ones.")
    public: bool
    created_at: TimeOut
    updated_at: TimeOut


def experience_out(request: HttpRequest, experience: Experience) -> dict:
    author, effort = experience.author, experience.plan_effort
    reader = permissions.can_see_experiences(request.auth, experience.plan)
    return {
        "id": experience.pk,
        "plan": experience.plan.slug,
        "housing_area": experience.housing_area_id,
        "effort": {"id": effort.pk, "name": effort.name} if effort else None,
        "activity": experience.activity,
        "worked": experience.worked,
        "did_not_work": experience.did_not_work,
        "network": experience.network_id,
        "meeting": experience.meeting_id,
        "author": {"id": author.pk, "name": author.name} if reader and author else None,
        "public": experience.public,
        "created_at": experience.created_at,
        "updated_at": experience.updated_at,
    }


def plan_from(slug: str | None) -> Plan:
    """The plan named, or the current one (404 when there is none)."""
    plan = get_object_or_404(Plan, slug=slug) if slug else Plan.objects.current()
    if plan is None:
        raise HttpError(404, _("There is no plan yet."))
    return plan


@router.get("/experiences", response=list[ExperienceOut])
@paginate(LimitOffset)
def list_experiences(
    request: HttpRequest,
    area: Id | None = None,
    network: Id | None = None,
    effort: Id | None = None,
    activity: ActivityFilter | None = None,
):
    """The experiences of every plan, newest first: all of them in the caller's plans, the
    public ones elsewhere (only those without a token). `activity` matches whatever the
    case."""
    readable = Experience.objects.all()
    if not permissions.roles_of(request.auth).is_administrator:
        plans = permissions.experience_plans(request.auth)
        public = readable.filter(public=True)
        readable = readable.filter(plan_id__in=plans) | public if plans else public
    found = readable.search(
        area=area, network=network, effort=effort, activity=activity or ""
    ).with_relations()
    found = found.order_by(*Experience._meta.ordering)
    return PageOf(found, lambda page: [experience_out(request, e) for e in page])


@router.post("/experiences", response={201: ExperienceOut})
def create_experience(request: HttpRequest, payload: ExperienceIn, plan: PlanSlug | None = None):
    """Share an experience in the plan (the current plan unless `plan` names one)."""
    plan_obj = plan_from(plan)
    require(permissions.can_write_experience(request.auth, plan_obj), request)
    meetings = Meeting.objects.filter(network__plan=plan_obj)
    experience = Experience(
        plan=plan_obj,
        housing_area=lookup(plan_obj.areas.all(), payload.housing_area, "housing_area"),
        plan_effort=lookup(plan_obj.efforts.all(), payload.effort, "effort"),
        activity=payload.activity,
        worked=payload.worked,
        did_not_work=payload.did_not_work,
        network=lookup(plan_obj.networks.all(), payload.network, "network"),
        meeting=lookup(meetings.select_related("network"), payload.meeting, "meeting"),
        public=payload.public,
    )
    experiences.create_experience(experience, permissions.own_person(request.auth))
    found = Experience.objects.with_relations().get(pk=experience.pk)
    return Status(201, experience_out(request, found))


@router.get("/experiences/{experience_id}", response=ExperienceOut)
def get_experience(request: HttpRequest, experience_id: Id):
    experience = get_object_or_404(Experience.objects.with_relations(), pk=experience_id)
    require(permissions.can_see_experience(request.auth, experience), request)
    return experience_out(request, experience)
