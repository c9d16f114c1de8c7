"""The administrators' pages for a person's data (GDPR): what an export holds and its JSON
file, and the erasure with its confirmation. And "My data": a person's own export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.lib.pages import get_plan, plan_context
from ressourcenet.people import privacy
from ressourcenet.people.models import Person


def _person(request: HttpRequest, plan, person_id: int) -> Person:
    """The person, under their own plan's address only (as every page of the plan)."""
    if not permissions.can_export_or_erase(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Person.objects.in_plan(plan, include_erased=True).with_relations(), pk=person_id
    )


def _download(person: Person, actor) -> HttpResponse:
    response = HttpResponse(
        privacy.export_json(person, actor), content_type="application/json; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-{day}.json"'
    return response


@require_safe
def person_export(request: HttpRequest, plan_slug: str, person_id: int) -> HttpResponse:
    plan = get_plan(plan_slug)
    person = _person(request, plan, person_id)
    context = {
        **plan_context(request, plan, nav="people"),
        "person": person,
        "sections": sorted({r.section for r in privacy.RELATIONS.values()}),
    }
    return render(request, "people/person_export.html", context)


@require_safe
def person_export_download(request: HttpRequest, plan_slug: str, person_id: int) -> HttpResponse:
    person = _person(request, get_plan(plan_slug), person_id)
    return _download(person, request.user)


@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, plan_slug: str, person_id: int) -> HttpResponse:
    """GET: what will happen and what is kept; POST with `confirmed`: erase (again: a
    message that it is done already)."""
    plan = get_plan(plan_slug)
    person = _person(request, plan, person_id)
    blocked = None if person.is_erased else privacy.erase_problem(person)
    error = None
    if request.method == "POST" and not blocked:
        if "confirmed" not in request.POST:
            error = _("Tick the box to confirm that the person is to be erased.")
        else:
            if privacy.erase_person(person, request.user):
                messages.success(request, _("The person was erased."))
            else:
                messages.info(request, _("The person was erased already."))
            return redirect("person_list", plan.slug)
    context = {
        **plan_context(request, plan, nav="people"),
        "person": person,
        "blocked": blocked,
        "error": error,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "people/person_erase.html", context, status=status)


@require_safe
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The logged-in person's own export, as a JSON file."""
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    return _download(person, request.user)
