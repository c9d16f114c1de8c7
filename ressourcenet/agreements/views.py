"""The agreements' pages: co-financing agreements of the plan (list, one agreement with its
versions and their differences, new, change) and the networks' register of cooperation
agreements (list, one agreement, accept and end, and a party's personal link).

The rules are in agreements/services.py; who may do what in accounts/permissions.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.agreements import emails, services
from ressourcenet.agreements.forms import CofinancingForm, CooperationForm, PaperAcceptanceForm
from ressourcenet.agreements.models import (
    AllocationLine,
    CooperationAgreement,
    Party,
)
from ressourcenet.governance import services as governance
from ressourcenet.governance.models import Recommendation
from ressourcenet.lib import bounds
from ressourcenet.lib.links import LinkInvalid, read_token
from ressourcenet.lib.pages import get_plan, plan_context
from ressourcenet.mail.reports import report_sending
from ressourcenet.networks.models import Network
from ressourcenet.plans.models import Plan

# --- co-financing --------------------------------------------------------------------


def readable_plan(request: HttpRequest, plan_slug: str) -> Plan:
    plan = get_plan(plan_slug)
    if not permissions.can_see_cofinancing(request.user, plan):
        raise PermissionDenied
    return plan


@require_safe
def cofinancing_list(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = readable_plan(request, plan_slug)
    agreements = plan.cofinancing_agreements.select_related(
        "project", "organisation", "unit"
    ).prefetch_related("versions__amounts")
    rows = []
    for agreement in agreements:
        versions = list(agreement.versions.all())
        current = versions[-1] if versions else None
        amounts = list(current.amounts.all()) if current else []
        rows.append(
            {
                "agreement": agreement,
                "version": current,
                "money": sum(a.money for a in amounts),
                "hours": sum(a.hours for a in amounts),
            }
        )
    context = {
        **plan_context(request, plan, nav="cofinancing"),
        "rows": rows,
        "may_manage": permissions.can_manage_cofinancing(request.user),
    }
    return render(request, "agreements/cofinancing_list.html", context)


@require_safe
def cofinancing_detail(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    plan = readable_plan(request, plan_slug)
    agreement = get_object_or_404(
        plan.cofinancing_agreements.select_related("project", "organisation", "unit"),
        pk=agreement_id,
    )
    versions = list(
        agreement.versions.select_related("created_by__person").prefetch_related("amounts")
    )
    diffs = services.differences(versions)
    label_sources(plan, versions)
    context = {
        **plan_context(request, plan, nav="cofinancing"),
        "agreement": agreement,
        "current": versions[-1],
        "history": list(reversed(diffs)),
        "may_manage": permissions.can_manage_cofinancing(request.user),
    }
    return render(request, "agreements/cofinancing_detail.html", context)


def is_local_path(source: str) -> bool:
    """An address on this site ("/plans/…"), not one elsewhere ("//host", "/\\host")."""
    return source.startswith("/") and not source.startswith(("//", "/\\"))


def label_sources(plan, versions) -> None:
    """Each version's `source_link` (a local path, or None: plain text) and `source_label`
    (the recommendation's title where the source is its address), in one query."""
    wanted = {}
    for version in versions:
        version.source_link = version.source if is_local_path(version.source) else None
        version.source_label = version.source
        if version.source_link:
            try:
                match = resolve(version.source_link.split("?")[0])
            except Resolver404:
                continue
            pk = bounds.parse_id(str(match.kwargs.get("recommendation_id", "")))
            if match.url_name == "recommendation" and pk:
                wanted[version.pk] = pk
    if not wanted:
        return
    titles = dict(
        Recommendation.objects.filter(pk__in=set(wanted.values()), network__plan=plan).values_list(
            "pk", "title"
        )
    )
    for version in versions:
        title = titles.get(wanted.get(version.pk))
        if title:
            version.source_label = title


def cofinancing_form_page(request, plan, form, agreement=None) -> HttpResponse:
    context = {
        **plan_context(request, plan, nav="cofinancing"),
        "form": form,
        "agreement": agreement,
    }
    return render(
        request, "agreements/cofinancing_form.html", context, status=422 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def cofinancing_create(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = readable_plan(request, plan_slug)
    if not permissions.can_manage_cofinancing(request.user):
        raise PermissionDenied
    form = CofinancingForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        lines = form.amounts()
        try:
            services.create_cofinancing(form.save(commit=False), amounts=lines, by=request.user)
        except ValidationError as error:
            form.add_service_error(error, lines)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(form.instance)
    return cofinancing_form_page(request, plan, form)


@require_http_methods(["GET", "POST"])
def cofinancing_change(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    plan = readable_plan(request, plan_slug)
    if not permissions.can_manage_cofinancing(request.user):
        raise PermissionDenied
    agreement = get_object_or_404(plan.cofinancing_agreements, pk=agreement_id)
    form = CofinancingForm(request.POST or None, plan=plan, instance=agreement)
    if request.method == "POST" and form.is_valid():
        lines = form.amounts()
        data = form.cleaned_data
        try:
            services.amend(
                agreement,
                amounts=lines,
                by=request.user,
                reason=data["reason"],
                source=data["source"],
                status=data["status"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                title=data["title"],
            )
        except ValidationError as error:
            form.add_service_error(error, lines)
        else:
            messages.success(request, _("The change is saved as a new version."))
            return redirect(agreement)
    return cofinancing_form_page(request, plan, form, agreement)


# --- cooperation ---------------------------------------------------------------------


def cooperation_queryset():
    return CooperationAgreement.objects.select_related("network", "plan").prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related(
                "person", "organisation", "recorded_by__person", "last_message"
            ),
        ),
        "obligations__party__person",
    )


@require_safe
def cooperation_list(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    network = get_object_or_404(Network, plan=plan, slug=network_slug)
    if not permissions.can_see_people(request.user, plan):
        raise PermissionDenied
    context = {
        **plan_context(request, plan, nav="networks"),
        "network": network,
        "agreements": cooperation_queryset().filter(network=network),
        "may_add": permissions.can_add_cooperation(request.user, network),
    }
    return render(request, "agreements/cooperation_list.html", context)


@require_http_methods(["GET", "POST"])
def cooperation_create(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    plan = get_plan(plan_slug)
    network = get_object_or_404(
        Network.objects.select_related("plan"), plan=plan, slug=network_slug
    )
    if not permissions.can_add_cooperation(request.user, network):
        raise PermissionDenied
    form = CooperationForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        lines = form.obligations()
        try:
            agreement = services.create_cooperation(
                form.save(commit=False),
                parties=list(form.cleaned_data["parties"]),
                obligations=lines,
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error, lines)
        else:
            messages.success(
                request,
                _("The agreement is saved. It is in force when every party has accepted it."),
            )
            return redirect(agreement)
    context = {**plan_context(request, plan, nav="plan"), "network": network, "form": form}
    return render(
        request, "agreements/cooperation_form.html", context, status=422 if form.errors else 200
    )


def history(agreement: CooperationAgreement) -> list[dict]:
    """What happened to the agreement, newest first: made, each acceptance (on paper with
    who recorded it), ended."""
    events = [{"at": agreement.created_at, "kind": "created"}]
    events += [
        {"at": p.accepted_at, "kind": "paper" if p.on_paper else "accepted", "party": p}
        for p in agreement.parties.all()
        if p.accepted_at
    ]
    if agreement.ended_at:
        events.append({"at": agreement.ended_at, "kind": "ended"})
    return sorted(events, key=lambda e: e["at"], reverse=True)


def cooperation_page(
    request,
    agreement,
    party: Party | None,
    token: str = "",
    paper_form: PaperAcceptanceForm | None = None,
) -> HttpResponse:
    # The network's coordinators and administrators see whether each party's link went,
    # send it again and record an acceptance on paper. The link itself is not shown: it
    # would let anyone who sees it accept in that party's name.
    may_chase = not token and permissions.can_chase_cooperation(request.user, agreement)
    # Past its end date, it can no longer be accepted: nothing to follow up on.
    pending = agreement.state == CooperationAgreement.State.PENDING and not agreement.is_expired
    waiting = [p for p in agreement.parties.all() if not p.accepted_at]
    unreached = [p for p in waiting if not p.person.email] if may_chase and pending else []
    if may_chase and pending and waiting and paper_form is None:
        paper_form = PaperAcceptanceForm(agreement=agreement)
    context = {
        **plan_context(request, agreement.plan, nav="networks"),
        "agreement": agreement,
        "party": party,
        "token": token,
        "unreached": unreached,
        "may_chase": may_chase,
        "may_remind": may_chase and pending and any(p.person.email for p in waiting),
        "paper_form": paper_form if may_chase and pending else None,
        "history": history(agreement),
    }
    status = 422 if paper_form is not None and paper_form.errors else 200
    return render(request, "agreements/cooperation_detail.html", context, status=status)


def own_party(request: HttpRequest, agreement: CooperationAgreement) -> Party | None:
    person_id = permissions.roles_of(request.user).person_id
    return next((p for p in agreement.parties.all() if p.person_id == person_id), None)


@require_safe
def cooperation_detail(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    agreement = get_object_or_404(cooperation_queryset(), plan__slug=plan_slug, pk=agreement_id)
    if not permissions.can_see_cooperation(request.user, agreement):
        raise PermissionDenied
    return cooperation_page(request, agreement, own_party(request, agreement))


def act(request: HttpRequest, agreement: CooperationAgreement, party: Party) -> None:
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.accept(agreement, party.person)
            messages.success(request, _("Thank you. You have accepted the agreement."))
        elif action == "end":
            services.end(agreement, party.person)
            messages.success(request, _("The agreement has ended."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@require_POST
def cooperation_act(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    agreement = get_object_or_404(cooperation_queryset(), plan__slug=plan_slug, pk=agreement_id)
    party = own_party(request, agreement)
    if party is None:
        raise PermissionDenied
    act(request, agreement, party)
    return redirect("cooperation_detail", plan_slug, agreement.pk)


def chased_agreement(request: HttpRequest, plan_slug: str, agreement_id: int):
    agreement = get_object_or_404(cooperation_queryset(), plan__slug=plan_slug, pk=agreement_id)
    if not permissions.can_chase_cooperation(request.user, agreement):
        raise PermissionDenied
    return agreement


# Not in the request's transaction: each e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@require_POST
def cooperation_remind(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    """Send the link again to every party who has not accepted and has an e-mail address."""
    agreement = chased_agreement(request, plan_slug, agreement_id)
    try:
        outcome = services.remind_parties(agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if outcome.sent or outcome.failed:
            sent_text = ngettext_lazy(
                "The link is sent again to %(count)d party.",
                "The link is sent again to %(count)d parties.",
                "count",
            )
            where = _("The list of parties shows who did not get it.")
            report_sending(request, outcome, sent_text, where=where)
        elif outcome.skipped:
            messages.info(
                request,
                _(
                    "Nothing was sent: everyone waiting got the link less than an hour ago, "
                    "or it is on its way."
                ),
            )
        else:
            messages.info(request, _("Nothing was sent: no one waiting has an e-mail address."))
    return redirect("cooperation_detail", plan_slug, agreement.pk)


@require_POST
def cooperation_paper(request: HttpRequest, plan_slug: str, agreement_id: int) -> HttpResponse:
    """Record that a party accepted on paper; the form's errors show on the agreement's page."""
    agreement = chased_agreement(request, plan_slug, agreement_id)
    form = PaperAcceptanceForm(request.POST, agreement=agreement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.accept_on_paper(
                agreement, data["person"], signed_on=data["signed_on"], by=request.user
            )
        except services.AgreementStateError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cooperation_detail", plan_slug, agreement.pk)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            name = next(
                p.person.name for p in agreement.parties.all() if p.person_id == data["person"]
            )
            messages.success(
                request, _("Acceptance on paper by %(name)s is recorded.") % {"name": name}
            )
            return redirect("cooperation_detail", plan_slug, agreement.pk)
    return cooperation_page(request, agreement, own_party(request, agreement), paper_form=form)


def party_from(token: str) -> Party:
    try:
        party_id = read_token(emails.PARTY_LINK, token, max_age=emails.PARTY_LINK_MAX_AGE)
    except LinkInvalid:
        raise Http404 from None
    party = Party.objects.filter(pk=party_id).select_related("person").first()
    if party is None:
        raise Http404
    return party


@require_http_methods(["GET", "POST"])
def cooperation_party(request: HttpRequest, token: str) -> HttpResponse:
    """A party's personal link: see the agreement, accept or end it without a login."""
    party = party_from(token)
    if party.person.is_erased:  # people/privacy.py: »a former member« acts no more
        return render(request, "meetings/link_invalid.html", {"erased": True}, status=410)
    agreement = cooperation_queryset().get(pk=party.agreement_id)
    if request.method == "POST":
        act(request, agreement, party)
        return redirect("cooperation_party", token)
    return cooperation_page(request, agreement, party, token)


# --- resource allocation -------------------------------------------------------------


def bar_widths(value: int, largest: int) -> str:
    """The bar's width in per cent of the year's largest amount in any area, as SVG reads it
    (a decimal point, never the Danish comma)."""
    return f"{100 * value / largest:.1f}%" if largest else "0%"


def area_chart(area, efforts: list, cells: dict, largest_money: int, largest_hours: int) -> list:
    """One bar pair (money, hours) per effort with a line in the area, in the efforts' order."""
    bars = []
    for effort in efforts:
        line = cells.get((effort.pk, area.pk))
        if line is not None:
            bars.append(
                {
                    "effort": effort,
                    "line": line,
                    "money_width": bar_widths(line.money, largest_money),
                    "hours_width": bar_widths(line.hours, largest_hours),
                }
            )
    return bars


@require_safe
def allocation(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The plan's planned money and hours: efforts down, housing areas across, one year at a
    time, with the open recommendations that would change each line; beneath, each area's
    challenges and key figures beside a chart of the area's money and hours."""
    plan = readable_plan(request, plan_slug)
    years = list(range(plan.starts_on.year, plan.ends_on.year + 1))
    year = bounds.parse_id(request.GET.get("year", "")) or None
    if year not in years:
        year = min(max(timezone.localdate().year, years[0]), years[-1])
    areas = list(plan.areas.prefetch_related("key_figures"))
    efforts = list(plan.efforts.all())
    recommendations = Prefetch(
        "recommendations",
        queryset=governance.open_recommendations(request.user),
        to_attr="open_recommendations",
    )
    cells = {
        (line.effort_id, line.housing_area_id): line
        for line in AllocationLine.objects.filter(plan=plan, year=year).prefetch_related(
            recommendations
        )
    }
    rows = [
        {
            "effort": effort,
            "cells": [cells.get((effort.pk, area.pk)) for area in areas],
            "money": sum(c.money for (e, _a), c in cells.items() if e == effort.pk),
            "hours": sum(c.hours for (e, _a), c in cells.items() if e == effort.pk),
        }
        for effort in efforts
    ]
    totals = [
        {
            "money": sum(c.money for (_e, a), c in cells.items() if a == area.pk),
            "hours": sum(c.hours for (_e, a), c in cells.items() if a == area.pk),
        }
        for area in areas
    ]
    largest_money = max((c.money for c in cells.values()), default=0)
    largest_hours = max((c.hours for c in cells.values()), default=0)
    context = {
        **plan_context(request, plan, nav="cofinancing"),
        "year": year,
        "years": years,
        "areas": [
            (area, area_chart(area, efforts, cells, largest_money, largest_hours)) for area in areas
        ],
        "area_names": [area.name for area in areas],
        "rows": rows,
        "totals": totals,
        "has_lines": bool(cells),
        "money": sum(c.money for c in cells.values()),
        "hours": sum(c.hours for c in cells.values()),
    }
    return render(request, "agreements/allocation.html", context)
