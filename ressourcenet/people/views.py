from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.lib.pages import editor_goes_home, get_plan, plan_context
from ressourcenet.networks.models import Network
from ressourcenet.people import services
from ressourcenet.people.forms import NewPersonForm, PersonForm
from ressourcenet.people.models import Organisation, Person, StakeholderGroup
from ressourcenet.plans.models import Plan

PAGE_SIZE = 50


def people_in_plan(plan: Plan):
    return (
        Person.objects.in_plan(plan)
        .with_relations()
        .prefetch_related(*permissions.contact_prefetches())
    )


def attach_contact_permission(user, people, plan: Plan) -> None:
    for person in people:
        person.show_contact = permissions.can_see_contact_details(user, person, plan)


@require_safe
@editor_goes_home
def person_list(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    if not permissions.can_see_people(request.user, plan):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    group = request.GET.get("group", "")
    area = request.GET.get("area", "")
    people = people_in_plan(plan).search(query, group, area)
    may_see_guests = permissions.can_see_guests(request.user, plan)
    show_guests = may_see_guests and request.GET.get("guests") == "1"
    if not show_guests:
        people = people.without_guests(plan)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_contact_permission(request.user, page.object_list, plan)
    context = {
        **plan_context(request, plan, nav="people"),
        "page": page,
        "query": query,
        "group": group,
        "area": area,
        "may_see_guests": may_see_guests,
        "show_guests": show_guests,
        "groups": StakeholderGroup.choices,
        "areas": plan.areas.all(),
        "may_add": permissions.can_add_people(request.user, plan),
    }
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"
    return render(request, template, context)


@require_safe
@editor_goes_home
def person_detail(request: HttpRequest, plan_slug: str, person_id: int) -> HttpResponse:
    plan = get_plan(plan_slug)
    person = get_object_or_404(people_in_plan(plan), pk=person_id)
    if not permissions.can_see_person(request.user, person, plan):
        raise PermissionDenied
    context = {
        **plan_context(request, plan, nav="people"),
        "person": person,
        "memberships": [m for m in person.memberships.all() if m.network.plan_id == plan.pk],
        "show_contact": permissions.can_see_contact_details(request.user, person, plan),
        "may_edit": permissions.can_edit_person(request.user, person, plan),
        "may_export_or_erase": permissions.can_export_or_erase(request.user),
    }
    return render(request, "people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    if not permissions.can_add_people(request.user, plan):
        raise PermissionDenied
    networks = permissions.managed_networks(request.user, plan)
    initial = {"network": request.GET.get("network")} if request.method == "GET" else None
    form = NewPersonForm(request.POST or None, plan=plan, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        network: Network | None = form.cleaned_data["network"]
        try:
            person = services.create_person(
                form.instance,
                created_by=request.user,
                plan=plan,
                network=network,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(person)s was added.") % {"person": person})
            if network is not None:
                return redirect(network)
            return redirect("person_detail", plan.slug, person.pk)
    context = {**plan_context(request, plan, nav="people"), "form": form}
    return render(request, "people/person_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, plan_slug: str, person_id: int) -> HttpResponse:
    plan = get_plan(plan_slug)
    person = get_object_or_404(people_in_plan(plan), pk=person_id)
    if not permissions.can_edit_person(request.user, person, plan):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_person(form.instance, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("person_detail", plan.slug, person.pk)
    context = {**plan_context(request, plan, nav="people"), "form": form, "person": person}
    return render(request, "people/person_form.html", context, status=422 if form.errors else 200)


@require_safe
def organisation_detail(request: HttpRequest, plan_slug: str, organisation_id: int) -> HttpResponse:
    plan = get_plan(plan_slug)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    may_see_people = permissions.can_see_people(request.user, plan)
    people = []
    if may_see_people:
        people = list(people_in_plan(plan).filter(organisation=organisation))
        attach_contact_permission(request.user, people, plan)
    context = {
        **plan_context(request, plan, nav="people"),
        "organisation": organisation,
        "units": organisation.units.all(),
        "people": people,
        "areas": organisation.housing_areas.filter(plan=plan),
    }
    return render(request, "people/organisation_detail.html", context)
