"""The JSON API at /api/v1/: the same rules and services as the pages."""

import logging
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from ressourcenet.accounts import permissions
from ressourcenet.agreements.services import AgreementStateError
from ressourcenet.api.agreements import router as agreements_router
from ressourcenet.api.auth import BearerToken
from ressourcenet.api.blog import router as blog_router
from ressourcenet.api.clock import router as clock_router
from ressourcenet.api.common import (
    BODY_LOC,
    LimitOffset,
    PageOf,
    danish_schema_error,
    error_loc,
    lookup,
    require,
)
from ressourcenet.api.experiences import router as experiences_router
from ressourcenet.api.governance import router as governance_router
from ressourcenet.api.health import router as health_router
from ressourcenet.api.ideas import router as ideas_router
from ressourcenet.api.live import router as live_router
from ressourcenet.api.meetings import router as meetings_router
from ressourcenet.api.scheduling import router as scheduling_router
from ressourcenet.api.schemas import (
    HealthDownOut,
    HealthOut,
    MemberIn,
    MemberOut,
    NetworkDetailOut,
    NetworkOut,
    OrganisationOut,
    PersonIn,
    PersonOut,
)
from ressourcenet.api.search import router as search_router
from ressourcenet.api.summaries import router as summaries_router
from ressourcenet.api.types import Id, PlanSlug
from ressourcenet.evaluation.services import AlreadyEvaluated, NotEvaluable
from ressourcenet.knowledge.summaries import SummaryStateError
from ressourcenet.meetings.clock import ClockRefused
from ressourcenet.networks import services as network_services
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people import services as people_services
from ressourcenet.people.models import Organisation, Person, StakeholderGroup, Unit
from ressourcenet.plans.models import Plan
from ressourcenet.scheduling.services import PollClosed, PollExists

logger = logging.getLogger(__name__)

# Outside the request's transaction (ATOMIC_REQUESTS), which would need the database
# before the view runs: the health check answers 503 when the database is down, not 500.
NON_ATOMIC_ROUTES = {"health"}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "loc", "msg"],
                        "properties": {
                            "type": {"type": "string"},
                            "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                            "msg": {"type": "string"},
                        },
                    },
                },
            ]
        }
    },
}
ERRORS = {
    "400": "The body is not JSON.",
    "401": "No token, or a token that is wrong or revoked.",
    "403": 'Your role does not allow this; on a live board: a "+1" before joining it.',
    "404": "There is no such object.",
    "409": (
        "The poll is closed or the meeting has one already; the summary is final or not open; "
        "the evaluation is answered already or the meeting cannot be evaluated; the agenda "
        "has ended, has no items or the meeting is cancelled, so the clock cannot move, or the "
        "clock changed since the item you saw running; the "
        "live mode cannot start now; a recommendation cannot take this step from its "
        "present state; the cooperation agreement has ended, is not awaiting acceptance (a "
        "reminder) or the party has accepted already (on paper); the blog post takes no comments "
        "or the comment was moderated already."
    ),
    "410": "The live board's meeting is over, or its live mode was ended.",
    "422": "A value is missing or out of bounds; `loc` names it.",
    "429": (
        "Too many live codes that lead nowhere from this address, or too many joined a live "
        "board from it; or too many blog comments from one address or e-mail; wait a while."
    ),
}


def error_codes(operation: dict, tags: list[str]) -> list[str]:
    """The error answers an operation can give, by what it takes."""
    codes = ["422"] if operation.get("parameters") or "requestBody" in operation else []
    if "requestBody" in operation:
        codes.append("400")
    if operation.get("security"):
        codes += ["401", "403"]
    if any(p["in"] == "path" or p["name"] == "plan" for p in operation.get("parameters", [])):
        codes.append("404")
    if {"scheduling", "summaries", "health", "clock", "governance", "agreements"} & set(tags):
        codes.append("409")
    if "agreements" in tags and operation.get("parameters"):
        codes.append("404")  # the network of a register, as well as paths
    if "live" in tags:
        codes += ["404", "409", "410", "429"]
    if "blog" in tags and "requestBody" in operation:
        codes.append("409")
    if operation.get("x-rate-limited"):
        codes.append("429")
    return sorted(set(codes), key=codes.index)


class RessourcenetAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """ninja's document, with the error answers every client must expect."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"]["schemas"]["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code in error_codes(operation, operation.get("tags", [])):
                    responses.setdefault(
                        code,
                        {
                            "description": ERRORS[code],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    )
        return schema

    def on_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        # ATOMIC_REQUESTS commits whatever a view returns, error answers included: an
        # error must leave nothing behind, whichever write came before it. Except an error
        # that is itself counted (`keep_writes`: a wrong live code, api/live.py), raised
        # before the endpoint writes anything else.
        keep = getattr(exc, "keep_writes", False)
        if transaction.get_connection().in_atomic_block and not keep:
            transaction.set_rollback(True)
        return super().on_exception(request, exc)

    def _get_urls(self):
        """ninja's urls, with its plain-text 405 answered as a Danish JSON error."""
        urls = super()._get_urls()
        for url in urls:
            if isinstance(url, URLPattern):
                url.callback = self._json_not_allowed(url.callback)
                if str(url.pattern) in NON_ATOMIC_ROUTES:
                    url.callback = transaction.non_atomic_requests(url.callback)
        return urls

    def _json_not_allowed(self, view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or not isinstance(response, HttpResponseNotAllowed):
                return response
            answer = self.create_response(
                request, {"detail": _("This address does not take this method.")}, status=405
            )
            answer["Allow"] = response["Allow"]
            return answer

        return wrapped


api = RessourcenetAPI(
    title="Ressourcenet API",
    version="1.0.0",
    # For developers, in English like the code; the API's messages are translated.
    description=(
        "Resource networks of a social-housing plan. Send `Authorization: Bearer <token>`; "
        "make a token with `ressourcenet token create EMAIL`."
    ),
    auth=BearerToken(),
    urls_namespace="api-1.0.0",
)
api.add_router("/", meetings_router)
api.add_router("/", scheduling_router)
api.add_router("/", ideas_router)
api.add_router("/", summaries_router)
api.add_router("/", search_router)
api.add_router("/", health_router)
api.add_router("/", experiences_router)
api.add_router("/", clock_router)
api.add_router("/", live_router)
api.add_router("/", governance_router)
api.add_router("/", agreements_router)
api.add_router("/", blog_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError):
    """Domain rules broken: 422 in the same shape as schema errors, naming each field."""
    if hasattr(error, "error_dict"):
        details = [
            {"type": "value_error", "loc": error_loc(field), "msg": " ".join(messages)}
            for field, messages in error.message_dict.items()
        ]
    else:
        details = [{"type": "value_error", "loc": BODY_LOC, "msg": " ".join(error.messages)}]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(SchemaError)
def schema_error(request: HttpRequest, error: SchemaError):
    """Bodies and parameters that do not fit the schema: 422 naming each field, in Danish."""
    details = [danish_schema_error(detail) for detail in error.errors]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, error: AuthenticationError):
    """A wrong or revoked token: ninja's bare "Unauthorized", said as the API says it."""
    return api.create_response(request, {"detail": _("Send a valid API token.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError):
    """Our own refusals are translated already; ninja's one for a body it cannot read is not."""
    message = str(error)
    if error.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("The request is not valid JSON.")
    return api.create_response(request, {"detail": message}, status=error.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, error: RequestDataTooBig):
    """A body larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE): 413, not a crash."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1_000_000 or 1
    message = _("The request is too large. Send at most %(limit)d MB.") % {"limit": limit}
    return api.create_response(request, {"detail": message}, status=413)


@api.exception_handler(NotEvaluable)
@api.exception_handler(AlreadyEvaluated)
def evaluation_conflict(request: HttpRequest, error: NotEvaluable | AlreadyEvaluated):
    """Answered already, or a meeting not held, cancelled, not attended or closed: 409."""
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=409)


@api.exception_handler(AgreementStateError)
def agreement_conflict(request: HttpRequest, error: AgreementStateError):
    """The cooperation agreement has ended (it cannot be accepted or ended again) or
    expired, is not awaiting acceptance (no reminder), or the party accepted already: 409."""
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=409)


@api.exception_handler(SummaryStateError)
def summary_conflict(request: HttpRequest, error: SummaryStateError):
    """The summary is final (its text frozen), or not open for comments: 409."""
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=409)


@api.exception_handler(ClockRefused)
def clock_conflict(request: HttpRequest, error: ClockRefused):
    """The agenda has ended or has no items, the meeting is cancelled, or the clock changed
    since the caller saw it (a second click): 409."""
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=409)


@api.exception_handler(PollClosed)
@api.exception_handler(PollExists)
def poll_conflict(request: HttpRequest, error: PollClosed | PollExists):
    """The poll is closed, or the meeting has one already: the request clashes with its state."""
    return api.create_response(request, {"detail": str(error)}, status=409)


def plan_from(slug: str | None) -> Plan:
    if slug:
        return get_object_or_404(Plan, slug=slug)
    plan = Plan.objects.current()
    if plan is None:
        raise HttpError(404, _("There is no plan yet."))
    return plan


def person_out(request: HttpRequest, person: Person, plan: Plan) -> dict:
    data = {
        "id": person.pk,
        "name": person.name,
        "organisation": person.organisation_id,
        "unit": person.unit_id,
        "title": person.title,
        "stakeholder_group": person.stakeholder_group,
        "housing_area": person.housing_area_id,
    }
    if permissions.can_see_contact_details(request.auth, person, plan):
        data.update(email=person.email, phone=person.phone)
    return data


def member_out(request: HttpRequest, membership: Membership) -> dict:
    return {
        "id": membership.pk,
        "person": person_out(request, membership.person, membership.network.plan),
        "role": membership.role,
        "starts_on": membership.starts_on,
        "ends_on": membership.ends_on,
    }


def network_out(network: Network, coverage) -> dict:
    return {
        "id": network.pk,
        "plan": network.plan.slug,
        "name": network.name,
        "slug": network.slug,
        "effort": network.effort.name if network.effort else None,
        "description": network.description,
        "responsibility": network.responsibility,
        "tasks": network.task_list,
        "member_count": coverage.member_count,
        "coverage": {
            "groups_present": coverage.groups_present,
            "groups_missing": coverage.groups_missing,
            "areas_present": coverage.areas_present,
            "areas_missing": coverage.areas_missing,
            "units_present": coverage.units_present,
            "units_missing": coverage.units_missing,
        },
    }


@api.get("/health", response={200: HealthOut, 503: HealthDownOut}, auth=None, tags=["system"])
def health(request: HttpRequest):
    """For monitors and load balancers: the database answers, and the cache keeps a key.
    503 names the part that failed (`failed`), so the balancer takes this server out."""
    failed = [
        name
        for name, works in (("database", database_works), ("cache", cache_works))
        if not works()
    ]
    cache_backend = type(caches["default"]).__name__.removesuffix("Cache").lower()
    answer = {"status": "ok", "database": connection.vendor, "cache": cache_backend}
    if failed:
        return Status(503, {**answer, "status": "unavailable", "failed": failed})
    return answer


def database_works() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return False


def cache_works() -> bool:
    """Write a key of its own (so that checks at the same time do not meet) and read it."""
    cache, key, value = caches["default"], f"health:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:  # each backend fails its own way (redis.ConnectionError, OSError, …)
        logger.exception("Health check: the cache does not keep a key.")
        return False


def network_rows(networks: list[Network]) -> list[dict]:
    coverage: dict = {}
    for plan_id in {n.plan_id for n in networks}:
        coverage.update(
            network_services.coverage_by_network([n for n in networks if n.plan_id == plan_id])
        )
    return [network_out(n, coverage[n.pk]) for n in networks]


@api.get("/networks", response=list[NetworkOut], tags=["networks"])
@paginate(LimitOffset)
def list_networks(request: HttpRequest, plan: PlanSlug | None = None):
    networks = Network.objects.select_related("plan", "effort").order_by("plan", "id")
    if plan:
        networks = networks.filter(plan__slug=plan)
    return PageOf(networks, network_rows)


# exclude_unset: keys the caller may not see (members, e-mail, phone) are left out, not null.
@api.get("/networks/{network_id}", response=NetworkDetailOut, tags=["networks"], exclude_unset=True)
def get_network(request: HttpRequest, network_id: Id):
    network = get_object_or_404(Network.objects.select_related("plan", "effort"), pk=network_id)
    data = network_out(network, network_services.coverage_by_network([network])[network.pk])
    if permissions.can_see_members(request.auth, network):
        memberships = network.active_memberships().prefetch_related(
            *permissions.contact_prefetches("person__")
        )
        data["members"] = [member_out(request, m) for m in memberships]
    return data


@api.get(
    "/networks/{network_id}/members",
    response=list[MemberOut],
    tags=["networks"],
    exclude_unset=True,
)
@paginate(LimitOffset)
def list_members(request: HttpRequest, network_id: Id, include_ended: bool = False):
    network = get_object_or_404(Network.objects.select_related("plan"), pk=network_id)
    require(permissions.can_see_members(request.auth, network), request)
    memberships = (
        network.memberships.of_people_not_erased().with_people().select_related("network__plan")
    )
    if not include_ended:
        memberships = memberships.active()
    memberships = memberships.prefetch_related(
        *permissions.contact_prefetches("person__")
    ).order_by("person__name", "id")
    return PageOf(memberships, lambda page: [member_out(request, m) for m in page])


@api.post(
    "/networks/{network_id}/members",
    response={201: MemberOut},
    tags=["networks"],
    exclude_unset=True,
)
def add_member(request: HttpRequest, network_id: Id, payload: MemberIn):
    network = get_object_or_404(Network.objects.select_related("plan"), pk=network_id)
    require(permissions.can_manage_network(request.auth, network), request)
    # As in the page's form: only the people this user may add (an unknown id for others).
    person = lookup(permissions.people_to_add(request.auth, network), payload.person, "person")
    membership = network_services.add_member(network, person, payload.role, payload.starts_on)
    return Status(201, member_out(request, membership))


INCLUDE_GUESTS = (
    "Also list the people who are only guests at the plan's meetings, as the directory's "
    '"show guests" does. Only for coordinators and administrators; for others it changes '
    "nothing."
)


@api.get("/people", response=list[PersonOut], tags=["people"], exclude_unset=True)
@paginate(LimitOffset)
def list_people(
    request: HttpRequest,
    plan: PlanSlug | None = None,
    q: str = "",
    group: StakeholderGroup | None = None,
    area: Id | None = None,
    include_guests: bool = Query(False, description=INCLUDE_GUESTS),
):
    """The plan's people, without those who are only guests at its meetings (see
    `include_guests`); `q`, `group` and `area` search as the directory page does."""
    plan_obj = plan_from(plan)
    require(permissions.can_see_people(request.auth, plan_obj), request)
    people = (
        Person.objects.in_plan(plan_obj)
        .search(q, group or "", "" if area is None else area)
        .select_related("organisation", "unit", "housing_area")
        .prefetch_related(*permissions.contact_prefetches())
        .order_by("name", "id")
    )
    # As on the directory page: a member or board member asking for guests gets members.
    if not (include_guests and permissions.can_see_guests(request.auth, plan_obj)):
        people = people.without_guests(plan_obj)
    return PageOf(people, lambda page: [person_out(request, p, plan_obj) for p in page])


@api.post("/people", response={201: PersonOut}, tags=["people"], exclude_unset=True)
def create_person(request: HttpRequest, payload: PersonIn, plan: PlanSlug | None = None):
    plan_obj = plan_from(plan)
    require(permissions.can_add_people(request.auth, plan_obj), request)
    person = Person(
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        title=payload.title,
        stakeholder_group=payload.stakeholder_group,
        organisation=lookup(Organisation.objects.all(), payload.organisation, "organisation"),
        unit=lookup(Unit.objects.all(), payload.unit, "unit"),
        housing_area=lookup(plan_obj.areas.all(), payload.housing_area, "housing_area"),
    )
    people_services.create_person(person, created_by=request.auth, plan=plan_obj)
    return Status(201, person_out(request, person, plan_obj))


def organisation_out(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "kind": organisation.kind,
        "units": [{"id": u.pk, "name": u.name} for u in organisation.units.all()],
    }


@api.get("/organisations", response=list[OrganisationOut], tags=["people"], auth=None)
@paginate(LimitOffset)
def list_organisations(request: HttpRequest, plan: PlanSlug | None = None):
    """The plan's own organisations (the current plan by default); guests' are left out."""
    plan_obj = get_object_or_404(Plan, slug=plan) if plan else Plan.objects.current()
    organisations = (
        Organisation.objects.of_plan(plan_obj).prefetch_related("units").order_by("name", "id")
    )
    return PageOf(organisations, lambda page: [organisation_out(o) for o in page])
