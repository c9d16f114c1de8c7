from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import search, services
from ressourcenet.knowledge.forms import IdeaForm, QuickEntryForm, StatusForm
from ressourcenet.knowledge.models import Idea, SearchEntry, Tag
from ressourcenet.lib import bounds
from ressourcenet.lib.pages import get_plan, plan_context
from ressourcenet.lib.post_only import post_only
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.mail.services import Outcome
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import HousingArea, Plan

PAGE_SIZE = 25


def get_idea(
    request: HttpRequest, plan_slug: str, idea_id: int, change: bool = False, public: bool = False
) -> Idea:
    """The idea, if the user may see it (or change it); `public`: a public idea's page is
    open to anyone, visitors included."""
    ideas = Idea.objects.select_related("network__plan", "network__effort", "meeting", "owner")
    idea = get_object_or_404(ideas, pk=idea_id, network__plan__slug=plan_slug)
    allowed = permissions.can_change_idea if change else permissions.can_see_idea
    if not allowed(request.user, idea) and not (public and idea.public):
        raise PermissionDenied
    return idea


def read_filters(query: QueryDict) -> dict:
    """The catalogue's filters from the address; what is not a filter is left out."""
    status = query.get("status", "")
    return {
        "network": bounds.parse_id(query.get("network", "")),
        "area": bounds.parse_id(query.get("area", "")),
        "status": status if status in Idea.Status.values else "",
        "tag": bounds.search_text(query.get("tag", ""))[: bounds.max_length(Tag, "name")],
    }


def filters_query(filters: dict) -> str:
    """The filters as the address's query, for the page links."""
    return urlencode({key: value for key, value in filters.items() if value not in (None, "")})


@keep_for_viewer
@require_safe
def idea_list(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    if not permissions.can_see_ideas(request.user, plan):
        raise PermissionDenied
    filters = read_filters(request.GET)
    ideas = Idea.objects.in_plan(plan).search(**filters).with_relations()
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **plan_context(request, plan, nav="ideas"),
        "page": page,
        "filters": filters,
        "query": filters_query(filters),
        "networks": plan.networks.all(),
        "areas": plan.areas.all(),
        "statuses": Idea.Status.choices,
        "tags": plan.tags.filter(ideas__isnull=False).distinct(),
        "tag_key": Tag.key_for(filters["tag"]),
        "may_add": permissions.idea_networks(request.user, plan).exists(),
    }
    template = "knowledge/idea_list.html#results" if request.htmx else "knowledge/idea_list.html"
    return render(request, template, context)


def detail_context(request: HttpRequest, idea: Idea, status_form: StatusForm | None = None):
    may_change = permissions.can_change_idea(request.user, idea)
    history = idea.status_changes.select_related("changed_by__person")
    return {
        **plan_context(request, idea.network.plan, nav="ideas"),
        "idea": idea,
        "history": history,
        # Names (owner, who changed it) and links into the catalogue are for its readers;
        # a visitor on a public idea's page sees the idea itself.
        "reader": permissions.can_see_idea(request.user, idea),
        "may_change": may_change,
        "status_form": status_form or (StatusForm(idea=idea) if may_change else None),
    }


@require_safe
def idea_detail(request: HttpRequest, plan_slug: str, idea_id: int) -> HttpResponse:
    idea = get_idea(request, plan_slug, idea_id, public=True)
    return render(request, "knowledge/idea_detail.html", detail_context(request, idea))


def adding_networks(request: HttpRequest, plan: Plan):
    networks = permissions.idea_networks(request.user, plan).select_related("plan")
    if not networks:
        raise PermissionDenied
    return networks


def prefill(request: HttpRequest, networks) -> dict:
    """What a link to the form chose: `?network=` and `?meeting=` (from a meeting's page)."""
    initial = {}
    network_id = bounds.parse_id(request.GET.get("network", ""))
    meeting_id = bounds.parse_id(request.GET.get("meeting", ""))
    if network_id is not None and any(n.pk == network_id for n in networks):
        initial["network"] = network_id
    if meeting_id is not None:
        meeting = services.meetings_taking_ideas(networks).filter(pk=meeting_id).first()
        if meeting is not None:
            initial.update(network=meeting.network_id, meeting=meeting.pk)
    return initial


@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    networks = adding_networks(request, plan)
    initial = prefill(request, networks) if request.method == "GET" else None
    form = IdeaForm(request.POST or None, plan=plan, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.create_idea(
                form.save(commit=False),
                housing_areas=data["housing_areas"],
                tags=data["tags"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The idea is added to the catalogue."))
            return redirect(idea)
    context = {**plan_context(request, plan, nav="ideas"), "form": form}
    return render(request, "knowledge/idea_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, plan_slug: str, idea_id: int) -> HttpResponse:
    idea = get_idea(request, plan_slug, idea_id, change=True)
    plan = idea.network.plan
    form = IdeaForm(request.POST or None, instance=idea, plan=plan, networks=None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_idea(
                form.instance, housing_areas=data["housing_areas"], tags=data["tags"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(idea)
    context = {**plan_context(request, plan, nav="ideas"), "form": form, "idea": idea}
    return render(request, "knowledge/idea_form.html", context, status=422 if form.errors else 200)


def report_notice(request: HttpRequest, idea: Idea, queued: list, outcome: Outcome) -> None:
    """Say what happened to the owner's e-mail: sent, not sent, or not written at all."""
    owner = idea.owner
    if outcome.sent:
        text = _("%(name)s, who owns the idea, is told by e-mail.")
        messages.success(request, text % {"name": owner.name})
    elif outcome.failed:
        text = _(
            "The e-mail to %(name)s, who owns the idea, could not be sent. We try again by "
            "ourselves when the problem may pass."
        )
        messages.error(request, text % {"name": owner.name})
    elif owner is not None and not owner.email and not queued:
        text = _("%(name)s, who owns the idea, has no e-mail address and was not told.")
        messages.info(request, text % {"name": owner.name})


# Not in the request's transaction: the owner's e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@post_only(lambda plan_slug, idea_id: reverse("idea", args=[plan_slug, idea_id]))
def idea_status(request: HttpRequest, plan_slug: str, idea_id: int) -> HttpResponse:
    """Change the status with a reason; on the idea's page, in place with htmx."""
    idea = get_idea(request, plan_slug, idea_id, change=True)
    form = StatusForm(request.POST, idea=idea)
    if form.is_valid():
        try:
            _change, queued, outcome = services.change_status_and_send(
                idea, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status is changed."))
            report_notice(request, idea, queued, outcome)
            if not request.htmx:  # at the top, where the message is
                return redirect(idea.get_absolute_url() + "#main-content")
            form = None
    context = detail_context(request, idea, status_form=form)
    status = 422 if form is not None else 200
    if request.htmx:
        return render(request, "knowledge/idea_detail.html#status", context, status=status)
    return render(request, "knowledge/idea_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def quick_entry(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Many ideas at once, one per line: for the workshop's wall of notes."""
    plan = get_plan(plan_slug)
    networks = adding_networks(request, plan)
    initial = prefill(request, networks) if request.method == "GET" else None
    form = QuickEntryForm(request.POST or None, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ideas = services.create_ideas_from_lines(
                data["network"],
                data["lines"],
                meeting=data["meeting"],
                tags=data["tags"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = len(ideas)
            text = ngettext(
                "%(count)d idea is added to the catalogue.",
                "%(count)d ideas are added to the catalogue.",
                count,
            )
            messages.success(request, text % {"count": count})
            if data["meeting"] is not None:
                return redirect(f"{data['meeting'].get_absolute_url()}#ideas")
            catalogue = reverse("idea_list", args=[plan.slug])
            return redirect(f"{catalogue}?network={data['network'].pk}")
    context = {**plan_context(request, plan, nav="ideas"), "form": form}
    status = 422 if form.errors else 200
    return render(request, "knowledge/quick_entry.html", context, status=status)


# --- search ---------------------------------------------------------------------------------


def read_search(query: QueryDict) -> dict:
    """The search and its filters from the address; what is not one is left out."""
    kind = query.get("type", "")
    return {
        "q": bounds.search_text(query.get("q", ""))[: search.QUERY_MAX],
        "kind": kind if kind in SearchEntry.Kind.values else "",
        "network": bounds.parse_id(query.get("network", "")),
        "area": bounds.parse_id(query.get("area", "")),
    }


def search_query(filters: dict) -> str:
    names = {"kind": "type"}
    return urlencode(
        {names.get(key, key): value for key, value in filters.items() if value not in (None, "")}
    )


@keep_for_viewer
@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """The search box's results, best first; as you type (htmx), only the results."""
    filters = read_search(request.GET)
    number = bounds.parse_id(request.GET.get("page", "")) or 1
    entries = search.find(request.user, **filters).prefetch(number, PAGE_SIZE)
    paginator = Paginator(entries, PAGE_SIZE)
    # A page past the ranked results of a search that found more: say why it is empty.
    beyond = entries.more and number > paginator.num_pages
    page = None if beyond else paginator.get_page(number)
    context = {
        "page": page,
        "results": search.results(page.object_list, filters["q"]) if page else [],
        "more": entries.more,
        "beyond": beyond,
        "most": number_format(search.RESULTS_MAX, force_grouping=True),
        "filters": filters,
        "query": search_query(filters),
    }
    if request.htmx:
        return render(request, "knowledge/search.html#results", context)
    seen = permissions.visible_search_entries(request.user, SearchEntry.objects.all())
    # The plans with an entry this reader may see, asked plan by plan (EXISTS stops at the
    # first entry): not every visible entry read to collect their plans. Asked once, not
    # as a subquery of both lists: that query takes longer to build than to run.
    plans = list(
        Plan.objects.filter(Exists(seen.filter(plan_id=OuterRef("pk"))))
        .order_by()
        .values_list("pk", flat=True)
    )
    context |= {
        "kinds": SearchEntry.Kind.choices,
        # Only what the options show: hundreds of them at national scale.
        "networks": Network.objects.filter(plan_id__in=plans)
        .order_by("name", "id")
        .values("pk", "name"),
        "areas": HousingArea.objects.filter(plan_id__in=plans)
        .order_by("name", "id")
        .values("pk", "name"),
    }
    return render(request, "knowledge/search.html", context)
