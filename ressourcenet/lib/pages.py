"""Shared helpers for page views."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from ressourcenet.accounts import permissions
from ressourcenet.plans.models import Plan


def get_plan(plan_slug: str) -> Plan:
    return get_object_or_404(Plan, slug=plan_slug)


def plan_context(request, plan: Plan, nav: str = "") -> dict:
    """What the site header needs on every page inside a plan."""
    return {
        "plan": plan,
        "nav": nav,
        "may_see_people": permissions.can_see_people(request.user, plan),
        "may_see_ideas": permissions.can_see_ideas(request.user, plan),
        "may_see_plan_health": permissions.can_see_plan_health(request.user, plan),
        "may_see_cofinancing": permissions.can_see_cofinancing(request.user, plan),
    }


def home_plan(request: HttpRequest) -> Plan | None:
    """The plan the front page opens: the plan running today, or, for someone with a role
    in a plan, the one of their plans running today (a board member of one plan does not
    land on another's page, where nothing awaits them)."""
    roles = permissions.roles_of(request.user)
    own = roles.plans_as_member | roles.plans_as_coordinator | roles.plans_on_board
    return (own and Plan.objects.filter(pk__in=own).current()) or Plan.objects.current()


def site_nav(request: HttpRequest, nav: str) -> dict:
    """The header of a page outside any plan (the blog): the front page's plan in it, so
    that its menu leads back to one's networks."""
    plan = home_plan(request)
    return plan_context(request, plan, nav) if plan is not None else {"nav": nav}


def editor_goes_home(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a members' page: an editor with no other role who follows a link to it lands on
    their own page with a word of why, instead of a dead end (403). Everyone else refused
    still gets the 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if not permissions.is_only_editor(request.user):
                raise
            messages.info(
                request, _("That page is for the networks' members. Here is your own page.")
            )
            if request.htmx:
                return HttpResponseClientRedirect(reverse("home"))
            return redirect("home")

    return wrapper
