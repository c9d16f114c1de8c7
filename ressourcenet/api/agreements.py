"""/api/v1/cofinancing-agreements, /api/v1/cooperation-agreements and /api/v1/allocations.

Co-financing agreements: administrators create and change them (a change needs a
`reason` and makes a new version); the plan's coordinators and board members read them.
Cooperation agreements: the network's coordinators and administrators create them
between the network's members (each party gets their personal link by e-mail); the
parties accept (in force when all have) or end them.
Resource allocation: administrators put a year's lines; who reads co-financing reads it.
Every write goes through agreements/services.py.
"""

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate
from pydantic import AfterValidator, ConfigDict, WithJsonSchema

from ressourcenet.accounts import permissions
from ressourcenet.agreements import services
from ressourcenet.agreements.models import (
    AllocationLine,
    CofinancingAgreement,
    CofinancingVersion,
    CooperationAgreement,
    Party,
)
from ressourcenet.agreements.services import (
    HOURS_MAX,
    MAX_OBLIGATIONS,
    MAX_PARTIES,
    MONEY_MAX,
    TEXT_MAX,
)
from ressourcenet.api.common import LimitOffset, PageOf, error_loc, lookup, lookup_each, require
from ressourcenet.api.meeting_schemas import inline_enum
from ressourcenet.api.types import Date, Id, Text, TimeOut, bounded_int, one_line, refuse
from ressourcenet.lib import bounds
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Organisation, Person, Unit
from ressourcenet.plans.models import Plan, Project

router = Router(tags=["agreements"])

Year = bounded_int(bounds.YEAR_MIN, bounds.YEAR_MAX)
Money = bounded_int(0, MONEY_MAX)
Hours = bounded_int(0, HOURS_MAX)
StatusCode = Annotated[CofinancingAgreement.Status, inline_enum(CofinancingAgreement.Status)]
# The state as of today: past its end date, an agreement not ended reads "expired".
CurrentStateCode = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "enum": [*map(str, CooperationAgreement.State), CooperationAgreement.EXPIRED],
        }
    ),
]


def _not_too_long(value: str) -> str:
    refuse(services.too_long(value), "text_too_long")
    return value


# Several lines of text, as long as the pages allow, refused in the pages' words.
LongText = Annotated[
    Text,
    AfterValidator(_not_too_long),
    WithJsonSchema({"type": "string", "maxLength": TEXT_MAX}),
]
AgreementTitle = one_line(CofinancingAgreement, "title", min_length=1)
CooperationTitle = one_line(CooperationAgreement, "title", min_length=1)
# More years than any plan has.
MAX_YEARS = 50


# --- co-financing --------------------------------------------------------------------


class AmountIn(Schema):
    year: Year
    money: Money = Field(0, description="Whole kroner (DKK).")
    hours: Hours = 0


class CofinancingIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    plan: Id
    project: Id = Field(..., description="One of the plan's projects.")
    organisation: Id
    unit: Id | None = Field(None, description="A unit of the organisation.")
    title: AgreementTitle
    status: StatusCode = CofinancingAgreement.Status.DRAFT
    starts_on: Date
    ends_on: Date
    amounts: list[AmountIn] = Field(
        [], max_length=MAX_YEARS, description="One line per year within the period."
    )


class CofinancingPatch(Schema):
    """Only the fields sent change; `reason` is needed and the change is a new version."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: LongText = Field(..., min_length=1, description="Why it changes.")
    source: one_line(CofinancingVersion, "source") = Field(
        "", description="What approved the change: text or an address."
    )
    title: AgreementTitle = None
    status: StatusCode = None
    starts_on: Date = None
    ends_on: Date = None
    amounts: list[AmountIn] = Field(
        None, max_length=MAX_YEARS, description="Replaces every year's amounts."
    )


class AmountOut(Schema):
    year: int
    money: int
    hours: int


class VersionOut(Schema):
    number: int
    status: StatusCode
    starts_on: date
    ends_on: date
    created_at: TimeOut
    created_by: str | None = Field(..., description="The name of who changed it, if known.")
    reason: str
    source: str
    amounts: list[AmountOut]


class CofinancingOut(Schema):
    id: int
    plan: int
    project: int
    organisation: int
    unit: int | None
    title: str
    status: StatusCode
    starts_on: date
    ends_on: date
    version: int
    amounts: list[AmountOut]


def version_out(version: CofinancingVersion) -> dict:
    person = getattr(version.created_by, "person", None) if version.created_by else None
    return {
        "number": version.number,
        "status": version.status,
        "starts_on": version.starts_on,
        "ends_on": version.ends_on,
        "created_at": version.created_at,
        "created_by": person.name if person else None,
        "reason": version.reason,
        "source": version.source,
        "amounts": [
            {"year": a.year, "money": a.money, "hours": a.hours} for a in version.amounts.all()
        ],
    }


def cofinancing_out(agreement: CofinancingAgreement) -> dict:
    version = services.current_version(agreement)
    return {
        "id": agreement.pk,
        "plan": agreement.plan_id,
        "project": agreement.project_id,
        "organisation": agreement.organisation_id,
        "unit": agreement.unit_id,
        "title": agreement.title,
        "status": agreement.status,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "version": version.number,
        "amounts": version_out(version)["amounts"],
    }


def amounts_of(rows) -> list[services.Amount]:
    return [services.Amount(r.year, r.money, r.hours) for r in rows]


def get_cofinancing(request: HttpRequest, agreement_id: int) -> CofinancingAgreement:
    agreement = get_object_or_404(
        CofinancingAgreement.objects.select_related("plan", "unit", "project__effort"),
        pk=agreement_id,
    )
    require(permissions.can_see_cofinancing(request.auth, agreement.plan), request)
    return agreement


@router.get("/cofinancing-agreements", response=list[CofinancingOut])
@paginate(LimitOffset)
def list_cofinancing(request: HttpRequest, plan: Id | None = None):
    """The co-financing agreements of the plans the caller may read."""
    require(request.auth.is_authenticated, request)
    agreements = CofinancingAgreement.objects.all()
    visible = permissions.visible_cofinancing_plans(request.auth)
    if visible is not None:
        agreements = agreements.filter(plan_id__in=visible)
    if plan is not None:
        agreements = agreements.filter(plan_id=plan)

    def rows(page: list[CofinancingAgreement]) -> list[dict]:
        versions = CofinancingVersion.objects.filter(agreement__in=page).prefetch_related("amounts")
        newest: dict[int, CofinancingVersion] = {}
        for version in versions:
            if version.number > getattr(newest.get(version.agreement_id), "number", 0):
                newest[version.agreement_id] = version
        return [
            {
                "id": a.pk,
                "plan": a.plan_id,
                "project": a.project_id,
                "organisation": a.organisation_id,
                "unit": a.unit_id,
                "title": a.title,
                "status": a.status,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "version": newest[a.pk].number,
                "amounts": version_out(newest[a.pk])["amounts"],
            }
            for a in page
        ]

    return PageOf(agreements.order_by("plan", "title", "id"), rows)


@router.post("/cofinancing-agreements", response={201: CofinancingOut})
def create_cofinancing(request: HttpRequest, payload: CofinancingIn):
    require(permissions.can_manage_cofinancing(request.auth), request)
    plan = lookup(Plan.objects.all(), payload.plan, "plan")
    agreement = CofinancingAgreement(
        plan=plan,
        project=lookup(Project.objects.filter(effort__plan=plan), payload.project, "project"),
        organisation=lookup(Organisation.objects.all(), payload.organisation, "organisation"),
        unit=lookup(
            Unit.objects.filter(organisation_id=payload.organisation), payload.unit, "unit"
        ),
        title=payload.title,
        status=payload.status,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    services.create_cofinancing(agreement, amounts=amounts_of(payload.amounts), by=request.auth)
    return Status(201, cofinancing_out(agreement))


@router.get("/cofinancing-agreements/{agreement_id}", response=CofinancingOut)
def get_cofinancing_detail(request: HttpRequest, agreement_id: Id):
    return cofinancing_out(get_cofinancing(request, agreement_id))


@router.patch("/cofinancing-agreements/{agreement_id}", response=CofinancingOut)
def amend_cofinancing(request: HttpRequest, agreement_id: Id, payload: CofinancingPatch):
    """A new version with the fields sent; the others stay as they are. When nothing sent
    differs from the agreement as it is, no version is made and the agreement is returned."""
    agreement = get_cofinancing(request, agreement_id)
    require(permissions.can_manage_cofinancing(request.auth), request)
    data = payload.dict(exclude_unset=True)
    changes = {
        "amounts": None if data.get("amounts") is None else amounts_of(payload.amounts),
        "status": data.get("status"),
        "starts_on": data.get("starts_on"),
        "ends_on": data.get("ends_on"),
        "title": data.get("title"),
    }
    if services.is_unchanged(agreement, **changes):
        return cofinancing_out(agreement)
    services.amend(
        agreement, by=request.auth, reason=payload.reason, source=payload.source, **changes
    )
    agreement.refresh_from_db()
    return cofinancing_out(agreement)


@router.get("/cofinancing-agreements/{agreement_id}/versions", response=list[VersionOut])
def list_versions(request: HttpRequest, agreement_id: Id):
    """Every version, oldest first."""
    agreement = get_cofinancing(request, agreement_id)
    versions = agreement.versions.select_related("created_by__person").prefetch_related("amounts")
    return [version_out(v) for v in versions]


# --- cooperation ---------------------------------------------------------------------


class ObligationIn(Schema):
    party: Id = Field(..., description="The id of a person among `parties`.")
    text: LongText = Field(..., min_length=1)


class CooperationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    network: Id
    title: CooperationTitle
    purpose: LongText = ""
    starts_on: Date
    ends_on: Date = Field(..., description="Today or later.")
    renews_on: Date | None = Field(
        None, description="Within the period, from start to end; today or later."
    )
    parties: list[Id] = Field(
        ...,
        max_length=MAX_PARTIES,
        description="Ids of members of the network, at least two; each signs on behalf of "
        "their organisation and gets an e-mail with a personal link to accept.",
    )
    obligations: list[ObligationIn] = Field([], max_length=MAX_OBLIGATIONS)


class PartyOut(Schema):
    person: int
    name: str
    organisation: str | None
    accepted_at: TimeOut | None
    signed_on: date | None = Field(
        None,
        description="The day the party signed on paper, when a coordinator recorded their "
        "acceptance so; null when they accepted in the app or through their link.",
    )


class ObligationOut(Schema):
    party: int = Field(..., description="The person's id.")
    text: str


class CooperationOut(Schema):
    id: int
    network: int
    title: str
    purpose: str
    starts_on: date
    ends_on: date
    renews_on: date | None
    state: CurrentStateCode = Field(
        ...,
        description="pending until every party has accepted, then in_force; ended when a "
        "party ended it; expired once its end date has passed (unless ended).",
    )
    ended_at: TimeOut | None
    parties: list[PartyOut]
    obligations: list[ObligationOut]


def cooperation_queryset():
    return CooperationAgreement.objects.select_related("plan").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("person", "organisation")),
        "obligations__party",
    )


def cooperation_out(agreement: CooperationAgreement) -> dict:
    return {
        "id": agreement.pk,
        "network": agreement.network_id,
        "title": agreement.title,
        "purpose": agreement.purpose,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "renews_on": agreement.renews_on,
        "state": agreement.current_state,
        "ended_at": agreement.ended_at,
        "parties": [
            {
                "person": p.person_id,
                "name": p.person.name,
                "organisation": p.organisation.name if p.organisation else None,
                "accepted_at": p.accepted_at,
                "signed_on": p.signed_on,
            }
            for p in agreement.parties.all()
        ],
        "obligations": [
            {"party": o.party.person_id, "text": o.text} for o in agreement.obligations.all()
        ],
    }


def get_cooperation(request: HttpRequest, agreement_id: int) -> CooperationAgreement:
    agreement = get_object_or_404(cooperation_queryset(), pk=agreement_id)
    require(permissions.can_see_cooperation(request.auth, agreement), request)
    return agreement


@router.get("/cooperation-agreements", response=list[CooperationOut])
@paginate(LimitOffset)
def list_cooperation(request: HttpRequest, network: Id):
    """The network's register of cooperation agreements, newest first."""
    found = get_object_or_404(Network.objects.select_related("plan"), pk=network)
    require(permissions.can_see_people(request.auth, found.plan), request)
    agreements = cooperation_queryset().filter(network=found).order_by("-starts_on", "-id")
    return PageOf(agreements, lambda page: [cooperation_out(a) for a in page])


@router.post("/cooperation-agreements", response={201: CooperationOut})
def create_cooperation(request: HttpRequest, payload: CooperationIn):
    network = lookup(Network.objects.select_related("plan"), payload.network, "network")
    require(permissions.can_add_cooperation(request.auth, network), request)
    # Whose people: only people of the network's plan can be bound by its agreements.
    people = lookup_each(
        Person.objects.in_plan(network.plan),
        {f"parties.{i}": pk for i, pk in enumerate(payload.parties)},
        "person",
    )
    agreement = CooperationAgreement(
        plan=network.plan,
        network=network,
        title=payload.title,
        purpose=payload.purpose,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        renews_on=payload.renews_on,
    )
    services.create_cooperation(
        agreement,
        parties=list(people.values()),
        obligations=[(o.party, o.text) for o in payload.obligations],
        by=request.auth,
    )
    return Status(201, cooperation_out(cooperation_queryset().get(pk=agreement.pk)))


@router.get("/cooperation-agreements/{agreement_id}", response=CooperationOut)
def get_cooperation_detail(request: HttpRequest, agreement_id: Id):
    return cooperation_out(get_cooperation(request, agreement_id))


def _as_party(request: HttpRequest, agreement_id: int) -> tuple[CooperationAgreement, int]:
    agreement = get_cooperation(request, agreement_id)
    person_id = permissions.roles_of(request.auth).person_id
    require(services.is_party(agreement, person_id), request)
    return agreement, person_id


@router.post("/cooperation-agreements/{agreement_id}/accept", response=CooperationOut)
def accept_cooperation(request: HttpRequest, agreement_id: Id):
    """The caller accepts as a party; `state` becomes `in_force` when all have. 409 when
    the agreement has ended or expired (its end date has passed)."""
    agreement, person_id = _as_party(request, agreement_id)
    services.accept(agreement, Person(pk=person_id))
    return cooperation_out(cooperation_queryset().get(pk=agreement.pk))


@router.post("/cooperation-agreements/{agreement_id}/end", response=CooperationOut)
def end_cooperation(request: HttpRequest, agreement_id: Id):
    """Any party ends the agreement."""
    agreement, person_id = _as_party(request, agreement_id)
    services.end(agreement, Person.objects.get(pk=person_id))
    return cooperation_out(cooperation_queryset().get(pk=agreement.pk))


class RemindOut(Schema):
    sent: int = Field(..., description="How many e-mails with a party's link went.")
    failed: int = Field(
        ...,
        description="How many could not be sent: recorded, and sent again on the next call.",
    )
    skipped: int = Field(
        ...,
        description="Parties whose link is on its way or went less than an hour ago.",
    )


@router.post("/cooperation-agreements/{agreement_id}/remind", response=RemindOut)
def remind_cooperation(request: HttpRequest, agreement_id: Id):
    """E-mail their personal link again to every party who has not accepted and has an
    e-mail address (the network's coordinators and administrators; only while the
    agreement awaits acceptance, else 409). No party gets it twice within an hour."""
    agreement = get_cooperation(request, agreement_id)
    require(permissions.can_chase_cooperation(request.auth, agreement), request)
    outcome = services.remind_parties(agreement)
    return {"sent": outcome.sent, "failed": outcome.failed, "skipped": outcome.skipped}


class PaperAcceptanceIn(Schema):
    person: Id = Field(..., description="The id of a party's person who has not accepted.")
    signed_on: Date = Field(
        ...,
        description="The day they signed on paper: not in the future, not before the "
        "agreement was made.",
    )


@router.post("/cooperation-agreements/{agreement_id}/paper-acceptance", response=CooperationOut)
def accept_cooperation_on_paper(request: HttpRequest, agreement_id: Id, payload: PaperAcceptanceIn):
    """A coordinator of the network or an administrator records that a party accepted on
    paper; `state` becomes `in_force` when all have. 409 when the party has accepted
    already or the agreement has ended or expired."""
    agreement = get_cooperation(request, agreement_id)
    require(permissions.can_chase_cooperation(request.auth, agreement), request)
    services.accept_on_paper(
        agreement, payload.person, signed_on=payload.signed_on, by=request.auth
    )
    return cooperation_out(cooperation_queryset().get(pk=agreement.pk))


# --- resource allocation -------------------------------------------------------------


class AllocationLineIn(Schema):
    effort: Id
    housing_area: Id
    money: Money = Field(0, description="Whole kroner (DKK).")
    hours: Hours = 0


class AllocationIn(Schema):
    lines: list[AllocationLineIn] = Field(
        ..., max_length=500, description="Replaces the year's lines: one per effort and area."
    )


class AllocationLineOut(Schema):
    id: int = Field(..., description="The line's id, as `allocation_lines` of a recommendation.")
    effort: int
    effort_name: str
    housing_area: int
    housing_area_name: str
    money: int
    hours: int


class AllocationOut(Schema):
    plan: int
    year: int
    lines: list[AllocationLineOut]


def allocation_out(plan: Plan, year: int) -> dict:
    lines = AllocationLine.objects.filter(plan=plan, year=year).select_related(
        "effort", "housing_area"
    )
    return {
        "plan": plan.pk,
        "year": year,
        "lines": [
            {
                "id": line.pk,
                "effort": line.effort_id,
                "effort_name": line.effort.name,
                "housing_area": line.housing_area_id,
                "housing_area_name": line.housing_area.name,
                "money": line.money,
                "hours": line.hours,
            }
            for line in lines
        ],
    }


@router.get("/allocations", response=AllocationOut)
def get_allocation(request: HttpRequest, plan: Id, year: Year):
    """The plan's planned money and hours per effort and housing area in one year."""
    found = get_object_or_404(Plan, pk=plan)
    require(permissions.can_see_cofinancing(request.auth, found), request)
    return allocation_out(found, year)


@router.put("/allocations", response=AllocationOut)
def put_allocation(request: HttpRequest, plan: Id, year: Year, payload: AllocationIn):
    """Administrators replace the year's lines; a refused line keeps them all as they were."""
    found = get_object_or_404(Plan, pk=plan)
    require(permissions.can_manage_cofinancing(request.auth), request)
    try:
        services.replace_allocation(
            found,
            year,
            [
                services.AllocationInput(line.effort, line.housing_area, line.money, line.hours)
                for line in payload.lines
            ],
        )
    except ValidationError as error:
        raise allocation_errors(error) from None
    return allocation_out(found, year)


def allocation_errors(error: ValidationError) -> SchemaError:
    """The service's errors, pointing where the caller sent the value: the year is in the
    query, the lines in the body."""
    return SchemaError(
        [
            {
                "type": "value_error",
                "loc": ["query", "year"] if key == "year" else error_loc(key),
                "msg": " ".join(messages),
            }
            for key, messages in error.message_dict.items()
        ]
    )
