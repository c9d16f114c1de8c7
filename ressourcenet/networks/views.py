from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.knowledge.models import Idea
from ressourcenet.lib import bounds
from ressourcenet.lib.pages import plan_context
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.networks import services
from ressourcenet.networks.forms import AddMemberForm, EndMembershipForm, MembershipForm
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import StakeholderGroup


def get_network(plan_slug: str, network_slug: str, networks=None) -> Network:
    """The plan's network by the two slugs, in one query (`networks`: a QuerySet to read it
    from, e.g. with annotations)."""
    networks = (Network.objects if networks is None else networks).select_related("plan", "effort")
    return get_object_or_404(networks, plan__slug=plan_slug, slug=network_slug)


def get_managed_membership(request: HttpRequest, plan_slug: str, membership_id: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.of_people_not_erased().select_related("network__plan", "person"),
        pk=membership_id,
        network__plan__slug=plan_slug,
    )
    if not permissions.can_manage_network(request.user, membership.network):
        raise PermissionDenied
    return membership


def group_members(memberships: list[Membership]) -> list[tuple[str, list[tuple[str, list]]]]:
    """Members by stakeholder group (in the standard order), then by organisation."""
    order = {group.value: index for index, group in enumerate(StakeholderGroup)}

    def group_key(m: Membership) -> int:
        return order[m.person.stakeholder_group]

    def organisation_name(m: Membership) -> str:
        return m.person.organisation.name if m.person.organisation else ""

    result = []
    ordered = sorted(memberships, key=lambda m: (group_key(m), organisation_name(m), m.person.name))
    for _group_index, in_group in groupby(ordered, key=group_key):
        in_group = list(in_group)
        by_org = [(org, list(ms)) for org, ms in groupby(in_group, key=organisation_name)]
        result.append((in_group[0].person.get_stakeholder_group_display(), by_org))
    return result


ARCHIVE_PAGE_SIZE = 20
ARCHIVE_PAGES = 9999  # bounds the offset a query string can ask for


def archive_page(meetings, number: str) -> dict:
    """One page of the archive of past meetings, the newest first, with attendance and
    capture counted in SQL for that page's meetings only. One query: the page's ids are
    a subquery, and one meeting more than the page tells whether there are older ones."""
    page = bounds.parse_id(number) or 1
    if page > ARCHIVE_PAGES:
        page = 1
    order = ("-starts_at", "-pk")
    start = (page - 1) * ARCHIVE_PAGE_SIZE
    window = meetings.past().order_by(*order).values("pk")[start : start + ARCHIVE_PAGE_SIZE + 1]
    past = list(meetings.filter(pk__in=window).with_attendance().with_capture().order_by(*order))
    if not past and page > 1:  # beyond the last page: the newest, not "none held"
        return archive_page(meetings, "")
    return {
        "past_meetings": past[:ARCHIVE_PAGE_SIZE],
        "archive_number": page,
        "archive_older": page + 1 if len(past) > ARCHIVE_PAGE_SIZE else None,
        "archive_newer": page - 1 if page > 1 else None,
    }


@keep_for_viewer
@require_safe
def network_detail(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    # The idea count comes with the network: the page shows it to the catalogue's readers.
    # A subquery, counted through the ideas' network index; a join and GROUP BY over the
    # network's columns took ~40 ms on SQLite at national scale.
    ideas = Idea.objects.filter(network=OuterRef("pk")).order_by().values("network")
    idea_total = Subquery(ideas.annotate(count=Count("pk")).values("count"))
    network = get_network(
        plan_slug, network_slug, Network.objects.annotate(idea_total=Coalesce(idea_total, 0))
    )
    plan = network.plan
    coverage, _area_names = services.named_coverage([network])
    context = {
        **plan_context(request, plan, nav="plan"),
        "network": network,
        "coverage": coverage[network.pk],
        "may_manage": permissions.can_manage_network(request.user, network),
        "may_see_members": permissions.can_see_members(request.user, network),
        "may_see_health": permissions.can_see_network_health(request.user, network),
    }
    if context["may_see_members"]:
        memberships = list(
            network.active_memberships().prefetch_related(
                *permissions.member_contact_prefetches(request.user, network)
            )
        )
        for membership in memberships:
            membership.show_contact = permissions.can_see_member_contact_details(
                request.user, membership
            )
        context["member_groups"] = group_members(memberships)
        meetings = network.meetings.select_related("network__plan")
        # Coming meetings with a decided time; those still looking for one (the undecided,
        # also "coming") are listed apart. One query for both.
        coming = list(meetings.upcoming())
        context["meetings"] = sorted(
            (m for m in coming if m.starts_at is not None), key=lambda m: m.starts_at
        )
        context["undecided_meetings"] = sorted(
            (m for m in coming if m.starts_at is None), key=lambda m: m.created_at
        )
        context.update(archive_page(meetings, request.GET.get("archive", "")))
        context["recommendations"] = network.recommendations.select_related(
            "board_meeting"
        ).order_by("-updated_at", "-id")[:5]
    if permissions.can_see_ideas(request.user, plan):
        context["idea_count"] = network.idea_total
        context["may_add_ideas"] = permissions.can_add_idea(request.user, network)
    if context["may_manage"]:
        active = network.memberships.active().values("pk")
        context["former_memberships"] = (
            network.memberships.exclude(pk__in=active).of_people_not_erased().with_people()
        )
    return render(request, "networks/network_detail.html", context)


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    network = get_network(plan_slug, network_slug)
    if not permissions.can_manage_network(request.user, network):
        raise PermissionDenied
    form = AddMemberForm(request.POST or None, network=network, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = services.add_member(network, **form.cleaned_data)
        messages.success(request, _("%(person)s is now a member.") % {"person": membership.person})
        return redirect(network)
    context = {**plan_context(request, network.plan, "plan"), "network": network, "form": form}
    return render(request, "networks/member_add.html", context)


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, plan_slug: str, membership_id: int) -> HttpResponse:
    membership = get_managed_membership(request, plan_slug, membership_id)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The membership was saved."))
        return redirect(membership.network)
    context = {
        **plan_context(request, membership.network.plan, "plan"),
        "membership": membership,
        "form": form,
    }
    return render(request, "networks/membership_edit.html", context)


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, plan_slug: str, membership_id: int) -> HttpResponse:
    membership = get_managed_membership(request, plan_slug, membership_id)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership, form.cleaned_data["ends_on"])
        except ValidationError as error:
            form.add_error("ends_on", error.message_dict.get("ends_on", error.messages))
        else:
            text = _("The membership of %(person)s has ended.") % {"person": membership.person}
            if request.htmx:
                return render(request, "networks/_membership_ended.html", {"text": text})
            messages.success(request, text)
            return redirect(membership.network)
    if request.htmx and form.errors:
        text = " ".join(error for errors in form.errors.values() for error in errors)
        return render(request, "networks/_membership_ended.html", {"text": text})
    context = {
        **plan_context(request, membership.network.plan, "plan"),
        "membership": membership,
        "form": form,
    }
    return render(request, "networks/membership_end.html", context)
