"""The pages of shared experiences: the list with its filters, one experience, adding,
editing and deleting. Visitors and people outside the plan see the public ones, without
names; the plan's people see them all (accounts/permissions.py)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import experiences
from ressourcenet.knowledge.forms import ACTIVITY_LIST, ExperienceForm
from ressourcenet.knowledge.models import Experience
from ressourcenet.lib import bounds
from ressourcenet.lib.pages import get_plan, plan_context
from ressourcenet.plans.models import Plan

PAGE_SIZE = 25


def get_experience(
    request: HttpRequest, plan_slug: str, experience_id: int, change: bool = False
) -> Experience:
    """The experience, if the user may see it (or change it)."""
    found = Experience.objects.with_relations()
    experience = get_object_or_404(found, pk=experience_id, plan__slug=plan_slug)
    allowed = permissions.can_change_experience if change else permissions.can_see_experience
    if not allowed(request.user, experience):
        raise PermissionDenied
    return experience


def read_filters(query: QueryDict) -> dict:
    """The list's filters from the address; what is not a filter is left out."""
    activity = bounds.search_text(query.get("activity", ""))
    return {
        "area": bounds.parse_id(query.get("area", "")),
        "effort": bounds.parse_id(query.get("effort", "")),
        "network": bounds.parse_id(query.get("network", "")),
        "activity": activity[: bounds.max_length(Experience, "activity")],
    }


def experience_context(request: HttpRequest, plan: Plan) -> dict:
    return {
        **plan_context(request, plan, nav="experiences"),
        # Names and links into the members' pages are for the plan's readers.
        "reader": permissions.can_see_experiences(request.user, plan),
    }


@require_safe
def experience_list(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    filters = read_filters(request.GET)
    shown = permissions.visible_experiences(request.user, plan.experiences.all(), plan)
    found = shown.search(**filters).with_relations()
    page = Paginator(found, PAGE_SIZE).get_page(bounds.parse_id(request.GET.get("page", "")))
    context = {
        **experience_context(request, plan),
        "page": page,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v not in (None, "")}),
        "areas": plan.areas.all(),
        "efforts": plan.efforts.all(),
        "networks": plan.networks.all(),
        "activities": [
            row["activity"]
            for row in shown.values("activity_key")
            .annotate(activity=Min("activity"))
            .order_by("activity_key")
        ],
        "may_add": permissions.can_write_experience(request.user, plan),
    }
    if request.htmx:
        return render(request, "knowledge/experience_list.html#results", context)
    return render(request, "knowledge/experience_list.html", context)


@require_safe
def experience_detail(request: HttpRequest, plan_slug: str, experience_id: int) -> HttpResponse:
    experience = get_experience(request, plan_slug, experience_id)
    context = {
        **experience_context(request, experience.plan),
        "experience": experience,
        "may_change": permissions.can_change_experience(request.user, experience),
        # A visitor reaches the summary of the meeting it came from when that is public.
        "summary": getattr(experience.meeting, "summary", None) if experience.meeting else None,
    }
    summary = context["summary"]
    if summary is not None and not permissions.can_see_summary(request.user, summary):
        context["summary"] = None
    return render(request, "knowledge/experience_detail.html", context)


def form_page(request: HttpRequest, plan: Plan, form: ExperienceForm, **extra) -> HttpResponse:
    context = {
        **experience_context(request, plan),
        "form": form,
        "activities": experiences.activity_suggestions(plan),
        "activity_list": ACTIVITY_LIST,
        **extra,
    }
    status = 422 if form.errors else 200
    return render(request, "knowledge/experience_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def experience_create(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    if not permissions.can_write_experience(request.user, plan):
        raise PermissionDenied
    initial = {}
    if request.method == "GET":
        area = bounds.parse_id(request.GET.get("area", ""))
        initial["housing_area"] = area if plan.areas.filter(pk=area or 0).exists() else None
    form = ExperienceForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        author = permissions.own_person(request.user)
        try:
            experience = experiences.create_experience(form.save(commit=False), author)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The experience is shared with the plan."))
            return redirect(experience)
    return form_page(request, plan, form)


@require_http_methods(["GET", "POST"])
def experience_edit(request: HttpRequest, plan_slug: str, experience_id: int) -> HttpResponse:
    experience = get_experience(request, plan_slug, experience_id, change=True)
    form = ExperienceForm(request.POST or None, instance=experience, plan=experience.plan)
    if request.method == "POST" and form.is_valid():
        try:
            experiences.update_experience(form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(experience)
    return form_page(request, experience.plan, form, experience=experience)


@require_http_methods(["GET", "POST"])
def experience_delete(request: HttpRequest, plan_slug: str, experience_id: int) -> HttpResponse:
    """A confirmation; the confirmed form deletes."""
    experience = get_experience(request, plan_slug, experience_id, change=True)
    if request.method == "POST":
        experiences.delete_experience(experience)
        messages.success(request, _("The experience is deleted."))
        return redirect("experience_list", plan_slug)
    context = {**experience_context(request, experience.plan), "experience": experience}
    return render(request, "knowledge/experience_delete.html", context)
