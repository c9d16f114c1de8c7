"""Shared helpers for page views."""

from django.shortcuts import get_object_or_404

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
    }
