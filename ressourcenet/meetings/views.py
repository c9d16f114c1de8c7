from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from ressourcenet.accounts import permissions
from ressourcenet.knowledge.services import meeting_takes_ideas
from ressourcenet.lib.links import LinkExpired, LinkInvalid, read_token
from ressourcenet.lib.pages import editor_goes_home, plan_context
from ressourcenet.lib.post_only import post_only
from ressourcenet.lib.viewer_cache import keep_for_viewer
from ressourcenet.mail.reports import report_sending
from ressourcenet.meetings import calendar, clock, design, services
from ressourcenet.meetings.emails import INVITATION_LINK, LINK_MAX_AGE
from ressourcenet.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    GuestForm,
    InviteMembersForm,
    MeetingForm,
    NewMeetingForm,
    RoleForm,
)
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting, MeetingRole
from ressourcenet.networks.models import Network
from ressourcenet.networks.views import get_network
from ressourcenet.scheduling.emails import poll_url
from ressourcenet.scheduling.services import time_outcome

# The planning page holds several forms; the meeting's own fields get ids of their own, so
# that "id_title" (the agenda item's) labels one field only.
MEETING_IDS = "meeting_%s"


@dataclass(frozen=True)
class Step:
    """One step of the planning page: its own address, so that it works without JavaScript."""

    number: int
    name: str
    title: str
    url_name: str


STEPS = (
    Step(1, "frame", gettext_lazy("Why and frame"), "meeting_plan"),
    Step(2, "agenda", gettext_lazy("Agenda"), "meeting_plan_agenda"),
    Step(3, "roles", gettext_lazy("Roles"), "meeting_plan_roles"),
    Step(4, "invitations", gettext_lazy("Invitees and time"), "meeting_plan_invitations"),
)
STEP_BY_NAME = {step.name: step for step in STEPS}
# Where each rule of the design check is acted on. The check itself (design.py) knows
# nothing of pages, so the page keeps this map.
RULE_STEPS = {
    "why": "frame",
    "duration": "frame",
    "capture": "frame",
    "breaks": "agenda",
    "food": "agenda",
    "workshop_weight": "agenda",
    "few_items": "agenda",
    "slack": "agenda",
    "roles": "roles",
    "time": "invitations",
}


def step_url(meeting: Meeting, step: str) -> str:
    return reverse(STEP_BY_NAME[step].url_name, args=[meeting.network.plan.slug, meeting.pk])


def on_step(step: str):
    """The planning step where a POST-only view's form lives (for `post_only`)."""
    return lambda plan_slug, meeting_id: reverse(
        STEP_BY_NAME[step].url_name, args=[plan_slug, meeting_id]
    )


def on_meeting_page(plan_slug: str, meeting_id: int) -> str:
    return reverse("meeting", args=[plan_slug, meeting_id])


# Where a change was made, the page comes back at its top, where the message is (a
# redirect without a fragment would keep the form's own, far down the page).
AT_THE_MESSAGE = "#main-content"


def rule_links(meeting: Meeting, check: design.CheckResult, current: str) -> list[tuple]:
    """Each rule of the check as (rule, step, href): the step where it is acted on, linked
    to, or to the step's own content when that step is the one on screen."""
    links = []
    for rule in check.rules:
        step = STEP_BY_NAME[RULE_STEPS[rule.code]]
        href = "#step-content" if step.name == current else step_url(meeting, step.name)
        links.append((rule, step, href))
    return links


# The planning page reads the meeting's poll and what was captured (the design check).
PLANNING = Meeting.objects.with_capture().select_related("poll")


def get_meeting(
    request: HttpRequest, plan_slug: str, meeting_id: int, manage: bool, meetings=None
) -> Meeting:
    """`meetings`: a QuerySet to read the meeting from, e.g. with annotations."""
    meeting = get_object_or_404(
        (Meeting.objects if meetings is None else meetings).select_related(
            "network__plan", "network__effort"
        ),
        pk=meeting_id,
        network__plan__slug=plan_slug,
    )
    allowed = (
        permissions.can_manage_meeting(request.user, meeting)
        if manage
        else permissions.can_see_meeting(request.user, meeting)
    )
    if not allowed:
        raise PermissionDenied
    return meeting


def frame_context(meeting: Meeting) -> dict:
    return {"form": MeetingForm(instance=meeting, auto_id=MEETING_IDS)}


def agenda_context(meeting: Meeting) -> dict:
    agenda = services.agenda_with_times(meeting)
    return {
        "agenda": agenda,
        "agenda_minutes": sum(item.minutes for item in agenda),
        "item_form": AgendaItemForm(meeting=meeting),
    }


def roles_context(meeting: Meeting) -> dict:
    return {"roles": meeting.roles.select_related("person"), "role_form": RoleForm(meeting=meeting)}


def invitations_context(meeting: Meeting) -> dict:
    invitations = services.invitations_with_delivery(meeting)
    return {
        "invitations": invitations,
        "missing": services.missing_invitations(meeting).count(),
        "any_failed": any(i.delivery.state == services.Delivery.FAILED for i in invitations),
        # Whom a cancellation reaches: the cancel button promises to tell them only if any.
        "told": services.told_of_cancel(meeting),
        "members_form": InviteMembersForm(meeting=meeting),
        "guest_form": GuestForm(),
    }


STEP_CONTEXT = {
    "frame": frame_context,
    "agenda": agenda_context,
    "roles": roles_context,
    "invitations": invitations_context,
}


def planning_context(request: HttpRequest, meeting: Meeting, step: str, **extra) -> dict:
    """One step of the planning page, with the step links and the design check around it.

    `extra` replaces the step's empty forms with bound ones, or adds a `confirmation`."""
    check = services.design_check(meeting, time_outcome(meeting))
    return {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "network": meeting.network,
        "step": STEP_BY_NAME[step],
        "steps": [(s, step_url(meeting, s.name)) for s in STEPS],
        "check": check,
        "design_rules": rule_links(meeting, check, step),
        # How long the items of the network's last meeting took: a help to set the minutes.
        "last_kept_time": clock.last_kept_time(meeting),
        **STEP_CONTEXT[step](meeting),
        **extra,
    }


def render_planning(
    request: HttpRequest, meeting: Meeting, step: str, status: int = 200, **extra
) -> HttpResponse:
    context = planning_context(request, meeting, step, **extra)
    return render(request, f"meetings/plan_{step}.html", context, status=status)


def step_changed(
    request: HttpRequest, meeting: Meeting, step: str, confirmation: str = ""
) -> HttpResponse:
    """After a change of the agenda or the roles: with htmx the step's section, holding the
    confirmation, and the design check out of band; without, back to the step."""
    if not request.htmx:
        if confirmation:
            messages.success(request, confirmation)
        return redirect(step_url(meeting, step) + AT_THE_MESSAGE)
    context = planning_context(request, meeting, step, confirmation=confirmation)
    html = render_to_string(f"meetings/plan_{step}.html#{step}", context, request)
    html += render_to_string("meetings/meeting_plan.html#design_oob", context, request)
    return HttpResponse(html)


def step_refused(request: HttpRequest, meeting: Meeting, step: str, **forms) -> HttpResponse:
    """A form of the step with its errors: the section alone for htmx, else the whole step."""
    if request.htmx:
        context = planning_context(request, meeting, step, **forms)
        return render(request, f"meetings/plan_{step}.html#{step}", context, status=422)
    return render_planning(request, meeting, step, status=422, **forms)


def refused(
    request: HttpRequest, meeting: Meeting, error: ValidationError, step: str
) -> HttpResponse:
    """A change the meeting's state does not allow: say why on the planning step."""
    messages.error(request, " ".join(error.messages))
    url = step_url(meeting, step)
    # htmx would swap the whole page into the section: let the browser load it instead.
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url + AT_THE_MESSAGE)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, plan_slug: str, network_slug: str) -> HttpResponse:
    network = get_network(plan_slug, network_slug)
    if not permissions.can_manage_network(request.user, network):
        raise PermissionDenied
    form = NewMeetingForm(request.POST or None, instance=Meeting(network=network))
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form.save(commit=False))
        # On to the step the message points to.
        if form.by_poll:
            text = _("The meeting is saved. Invite the members, then find the time with a poll.")
            step = "invitations"
        else:
            text = _("The meeting is saved. Now build the agenda.")
            step = "agenda"
        messages.success(request, text)
        return redirect(step_url(meeting, step))
    context = {**plan_context(request, network.plan, "plan"), "network": network, "form": form}
    status = 422 if form.errors else 200
    return render(request, "meetings/meeting_create.html", context, status=status)


# Not in the request's transaction: each update e-mail is recorded as sent the moment it went.
@keep_for_viewer
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """A change of time or place of an announced meeting is confirmed first, with the
    number who get the update; afterwards the page says how many went."""
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True, meetings=PLANNING)
    if request.method == "GET":
        return render_planning(request, meeting, "frame")
    form = MeetingForm(request.POST, instance=meeting, auto_id=MEETING_IDS)
    if form.is_valid():
        changed = form.changed_data
        notified = services.notified_by_change(meeting, changed)
        if notified and "confirmed" not in request.POST:
            context = {
                **plan_context(request, meeting.network.plan, "plan"),
                "meeting": meeting,
                "notified": notified,
                "posted": [
                    (name, value)
                    for name, values in request.POST.lists()
                    if name != "csrfmiddlewaretoken"
                    for value in values
                ],
            }
            return render(request, "meetings/meeting_change_confirm.html", context)
        try:
            outcome = services.save_and_send(form.save(commit=False), changed=changed)
        except ValidationError as error:  # e.g. a new time for a cancelled meeting
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is saved."))
            if notified:
                report_sending(
                    request,
                    outcome,
                    ngettext_lazy(
                        "%(count)d invitee is told of the change by e-mail.",
                        "%(count)d invitees are told of the change by e-mail.",
                        "count",
                    ),
                    where=_("The list of invitations shows who did not get theirs, and why."),
                )
                # The message points at the list of invitations: show it.
                return redirect(step_url(meeting, "invitations"))
            return redirect("meeting_plan", plan_slug, meeting.pk)
    meeting.refresh_from_db()
    return render_planning(request, meeting, "frame", status=422, form=form)


@require_safe
def meeting_plan_step(request: HttpRequest, plan_slug: str, meeting_id: int, step: str):
    """The planning page's other steps: agenda, roles, invitees and time."""
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True, meetings=PLANNING)
    return render_planning(request, meeting, step)


@post_only(on_step("agenda"))
def agenda_add(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return step_refused(request, meeting, "agenda", item_form=form)
    try:
        services.add_agenda_item(meeting, form.instance)
    except services.MeetingCancelled as error:
        return refused(request, meeting, error, "agenda")
    added = _("“%(title)s” is added to the agenda.") % {"title": form.instance.title}
    return step_changed(request, meeting, "agenda", added)


def get_item(request, plan_slug: str, item_id: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    get_meeting(request, plan_slug, item.meeting_id, manage=True)
    return item


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, plan_slug: str, item_id: int) -> HttpResponse:
    item = get_item(request, plan_slug, item_id)
    meeting = item.meeting
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_agenda_item(form.instance)
        except services.MeetingCancelled as error:
            return refused(request, meeting, error, "agenda")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = _("“%(title)s” is saved.") % {"title": form.instance.title}
            return step_changed(request, meeting, "agenda", saved)
    context = {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "item": item,
        "form": form,
    }
    status = 422 if form.errors else 200
    return render(request, "meetings/agenda_item_edit.html", context, status=status)


@require_POST
def agenda_item_move(request: HttpRequest, plan_slug: str, item_id: int, direction: str):
    item = get_item(request, plan_slug, item_id)
    if direction not in ("up", "down"):
        raise Http404
    try:
        services.move_agenda_item(item, -1 if direction == "up" else 1)
    except services.MeetingCancelled as error:
        return refused(request, item.meeting, error, "agenda")
    return step_changed(request, item.meeting, "agenda")


@require_POST
def agenda_item_delete(request: HttpRequest, plan_slug: str, item_id: int) -> HttpResponse:
    item = get_item(request, plan_slug, item_id)
    try:
        services.remove_agenda_item(item)
    except services.MeetingCancelled as error:
        return refused(request, item.meeting, error, "agenda")
    removed = _("“%(title)s” is removed from the agenda.") % {"title": item.title}
    return step_changed(request, item.meeting, "agenda", removed)


@post_only(on_step("roles"))
def role_add(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    form = RoleForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            # The service checks the whole row, the same role twice included.
            role = services.add_role(meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return step_refused(request, meeting, "roles", role_form=form)
    given = _("%(name)s has the role “%(role)s”.") % {"name": role.person.name, "role": role.label}
    return step_changed(request, meeting, "roles", given)


@require_POST
def role_delete(request: HttpRequest, plan_slug: str, role_id: int) -> HttpResponse:
    role = get_object_or_404(MeetingRole.objects.select_related("person"), pk=role_id)
    meeting = get_meeting(request, plan_slug, role.meeting_id, manage=True)
    role.meeting = meeting
    try:
        services.remove_role(role)
    except services.MeetingCancelled as error:
        return refused(request, meeting, error, "roles")
    taken = _("%(name)s no longer has the role “%(role)s”.") % {
        "name": role.person.name,
        "role": role.label,
    }
    return step_changed(request, meeting, "roles", taken)


@post_only(on_step("invitations"))
def invite(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    try:
        return invite_by_form(request, meeting)
    except services.MeetingCancelled as error:
        return refused(request, meeting, error, "invitations")


def invite_by_form(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The three invitation forms of the planning page: all members, chosen ones, a guest."""
    if "all_members" in request.POST:
        added = services.invite_members(meeting)
    elif "guest" in request.POST:
        form = GuestForm(request.POST)
        if not form.is_valid():
            return render_planning(request, meeting, "invitations", status=422, guest_form=form)
        try:
            added = [services.invite_guest(meeting, **form.cleaned_data, by=request.user)]
        except services.MeetingCancelled:
            raise
        except ValidationError as error:
            form.add_error(None, error)
            return render_planning(request, meeting, "invitations", status=422, guest_form=form)
    else:
        form = InviteMembersForm(request.POST, meeting=meeting)
        if not form.is_valid():
            return render_planning(request, meeting, "invitations", status=422, members_form=form)
        added = services.invite_people(meeting, form.cleaned_data["people"])
    count = len(added)
    text = ngettext("%(count)d person invited.", "%(count)d people invited.", count)
    messages.success(request, text % {"count": count})
    return redirect(step_url(meeting, "invitations") + AT_THE_MESSAGE)


# Not in the request's transaction: each e-mail is recorded as sent the moment it went,
# and the database is not held while the mail server answers.
@transaction.non_atomic_requests
@post_only(on_step("invitations"))
def invitations_send(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Send the invitation to everyone missing it: the first time, and again after a failure."""
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    try:
        outcome = services.send_invitations(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        report_sending(
            request,
            outcome,
            ngettext_lazy(
                "%(count)d invitation is on its way.",
                "%(count)d invitations are on their way.",
                "count",
            ),
            where=_("The list of invitations shows who did not get theirs, and why."),
        )
    return redirect(step_url(meeting, "invitations") + AT_THE_MESSAGE)


# Not in the request's transaction: each e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """First a confirmation with the number who will be told; only the confirmed form
    (`confirmed`) cancels and sends, then says how many were told."""
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    told = services.told_of_cancel(meeting)
    if not meeting.is_cancelled and (request.method == "GET" or "confirmed" not in request.POST):
        context = {
            **plan_context(request, meeting.network.plan, "plan"),
            "meeting": meeting,
            "told": told,
        }
        return render(request, "meetings/meeting_cancel_confirm.html", context)
    try:
        outcome = services.cancel_and_send(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    if told == 0:
        messages.success(
            request,
            _(
                "The meeting is cancelled. No one had received the invitation or the poll, "
                "so no one was told."
            ),
        )
    else:
        messages.success(request, _("The meeting is cancelled."))
        report_sending(
            request,
            outcome,
            ngettext_lazy(
                "%(count)d invitee is told by e-mail.",
                "%(count)d invitees are told by e-mail.",
                "count",
            ),
        )
    return redirect(meeting)


@require_safe
@editor_goes_home
def meeting_detail(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meetings = Meeting.objects.select_related("summary")
    meeting = get_meeting(request, plan_slug, meeting_id, manage=False, meetings=meetings)
    roles = permissions.roles_of(request.user)
    may_manage = permissions.can_manage_meeting(request.user, meeting)
    # Those who manage the meeting see every invitation: their own is among them.
    invitations = list(meeting.invitations.select_related("person")) if may_manage else None
    held = bool(meeting.ends_at) and meeting.has_ended and not meeting.is_cancelled
    context = {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "agenda": services.agenda_with_times(meeting),
        "roles": meeting.roles.select_related("person"),
        "may_manage": may_manage,
        "own_invitation": (
            meeting.invitations.filter(person_id=roles.person_id).first()
            if invitations is None
            else next((i for i in invitations if i.person_id == roles.person_id), None)
        ),
        "held": held,
    }
    # The agenda clock: the way to it for the time-keeper, plan against reality afterwards.
    context["may_keep_time"] = (
        bool(context["agenda"])
        and not meeting.is_cancelled
        and permissions.can_keep_time(request.user, meeting)
    )
    if clock.has_run(context["agenda"]):
        context["clock_comparison"] = clock.compare_by_kind(context["agenda"])
    if context["own_invitation"] and not meeting.has_time:
        # Until the time is decided, the poll is where an invitee answers.
        context["own_poll_url"] = poll_url(context["own_invitation"])
    if held:
        # Everyone who may see the meeting sees the counts; names only its coordinators.
        groups, areas = services.attendance_by_group_and_area(meeting)
        context["came_by_group"], context["came_by_area"] = groups, areas
        context["attendance_recorded"] = meeting.invitations.filter(attended__isnull=False).exists()
        context["show_names"] = may_manage
    if permissions.can_see_ideas(request.user, meeting.network.plan):
        # What the meeting produced for the idea catalogue, and where to add more.
        context["ideas"] = meeting.ideas.select_related("network__plan").order_by(
            "created_at", "id"
        )
        context["may_add_ideas"] = permissions.can_add_idea(
            request.user, meeting.network
        ) and meeting_takes_ideas(meeting)
    # The summary: its writers see a draft (or the way to start one); others once shared.
    context["may_write_summary"] = permissions.can_write_summary(
        request.user, meeting
    ) and meeting_takes_ideas(meeting)
    summary = getattr(meeting, "summary", None)
    if summary is not None and permissions.can_see_summary(request.user, summary):
        context["summary"] = summary
    if may_manage:
        context["invitations"] = invitations
        context["attendance_form"] = AttendanceForm(
            meeting=meeting,
            initial={"attended": [i.person_id for i in context["invitations"] if i.attended]},
        )
    from ressourcenet.live.views import meeting_context as live_context

    context.update(live_context(request, meeting))
    # The evaluation: the way to it for those who came, the request for the coordinator.
    from ressourcenet.evaluation.views import meeting_context as evaluation_context

    context.update(evaluation_context(request, meeting))
    return render(request, "meetings/meeting_detail.html", context)


@post_only(on_meeting_page)
def meeting_rsvp(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """A logged-in invitee answers on the meeting page."""
    meeting = get_meeting(request, plan_slug, meeting_id, manage=False)
    person_id = permissions.roles_of(request.user).person_id
    invitation = get_object_or_404(Invitation, meeting=meeting, person_id=person_id)
    try:
        services.answer_invitation(invitation, request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your answer is saved."))
    return redirect(meeting.get_absolute_url() + AT_THE_MESSAGE)


@post_only(on_meeting_page)
def attendance(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=True)
    form = AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.record_attendance(meeting, [p.pk for p in form.cleaned_data["attended"]])
        except services.MeetingCancelled as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attendance is saved."))
    else:
        messages.error(request, _("The attendance could not be saved. Try again."))
    return redirect(meeting.get_absolute_url() + AT_THE_MESSAGE)


@require_safe
@editor_goes_home
def meeting_ics(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, manage=False)
    if not meeting.has_time:
        raise Http404("The meeting's time is not decided yet.")
    response = HttpResponse(
        calendar.meeting_ics(meeting, settings.SITE_URL), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_safe
def network_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The network's calendar, for subscribing; the secret in the address is the key."""
    network = get_object_or_404(Network, calendar_secret=secret)
    meetings = network.meetings.in_calendar().select_related("network__plan")
    body = calendar.feed_ics(network.name, meetings, settings.SITE_URL)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


JUST_ANSWERED = "just_answered_invitation"


@require_http_methods(["GET", "POST"])
def invitation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link in an invitation: answer without logging in."""
    try:
        invitation_id = read_token(INVITATION_LINK, token, max_age=LINK_MAX_AGE)
    except LinkExpired:
        return render(request, "meetings/link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "meetings/link_invalid.html", {"expired": False}, status=404)
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__network", "person"), pk=invitation_id
    )
    if invitation.link_revoked_at:
        context = {"revoked": True, "erased": invitation.person.is_erased}
        return render(request, "meetings/link_invalid.html", context, status=410)
    meeting = invitation.meeting
    error = ""
    if request.method == "POST":
        try:
            services.answer_invitation(invitation, request.POST.get("answer", ""))
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            # The page after the redirect moves focus to the answer and reads it out once.
            request.session[JUST_ANSWERED] = invitation.pk
            return redirect("invitation_answer", token)
    context = {
        "just_answered": request.session.pop(JUST_ANSWERED, None) == invitation.pk,
        "meeting": meeting,
        "invitation": invitation,
        "agenda": services.agenda_with_times(meeting),
        "error": error,
        "token": token,
    }
    from ressourcenet.live.views import invitee_join_url

    context["live_join_url"] = invitee_join_url(meeting, token)
    return render(request, "meetings/invitation_answer.html", context, status=422 if error else 200)


# --- the agenda clock ----------------------------------------------------------------


def get_clock_meeting(request: HttpRequest, plan_slug: str, meeting_id: int) -> Meeting:
    """The meeting, for those who may keep its time (`can_keep_time`)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("network__plan").prefetch_related("roles"),
        pk=meeting_id,
        network__plan__slug=plan_slug,
    )
    if not permissions.can_keep_time(request.user, meeting):
        raise PermissionDenied
    return meeting


def render_clock(
    request: HttpRequest, meeting: Meeting, message: str = "", error: str = "", status=200
) -> HttpResponse:
    context = {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "clock": clock.clock_state(meeting),
        # Outside the clock's time window the page says so in place of the buttons.
        "clock_closed": clock.outside_time(meeting, timezone.now()),
        "message": message,
        "error": error,
    }
    if request.htmx:
        region = "clock_live" if request.method == "GET" else "clock_panel"
        return render(request, f"meetings/clock.html#{region}", context, status=status)
    return render(request, "meetings/clock.html", context, status=status)


@require_safe
@editor_goes_home
def meeting_clock(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """The time-keeper's page: the agenda, the clock and one button to move on."""
    return render_clock(request, get_clock_meeting(request, plan_slug, meeting_id))


def on_clock_page(plan_slug: str, meeting_id: int) -> str:
    return reverse("meeting_clock", args=[plan_slug, meeting_id])


def item_the_page_showed(request: HttpRequest, field: str) -> int | None:
    """The running item's id the clock page posted (empty: none ran); anything else is no
    item at all (-1), refused as a page that is out of date."""
    value = request.POST.get(field, "")
    if not value:
        return None
    if value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return -1


@post_only(on_clock_page)
def meeting_clock_next(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Start the agenda or move to the next item. `leaving` is the item the page showed as
    running, so that a second click on a page that was not updated moves nothing."""
    meeting = get_clock_meeting(request, plan_slug, meeting_id)
    try:
        state = clock.next_item(meeting, item_the_page_showed(request, "leaving"))
    except clock.ClockRefused as error:
        return clock_answer(request, meeting, error=" ".join(error.messages))
    if state.current is not None:
        message = _("Now: %(title)s.") % {"title": state.current.title}
    else:
        message = _("The agenda has ended.")
    return clock_answer(request, meeting, message=message)


@post_only(on_clock_page)
def meeting_clock_undo(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Take back the last move, if it was a mistake. `running` is the item the page showed
    as running, so that a second click (or a second phone) takes back nothing more."""
    meeting = get_clock_meeting(request, plan_slug, meeting_id)
    try:
        clock.undo_next(meeting, item_the_page_showed(request, "running"))
    except clock.ClockRefused as error:
        return clock_answer(request, meeting, error=" ".join(error.messages))
    return clock_answer(request, meeting, message=_("The last move is taken back."))


def clock_answer(request: HttpRequest, meeting: Meeting, message: str = "", error: str = ""):
    """With htmx the clock's panel holding the message; without, back to the page."""
    if request.htmx:
        return render_clock(request, meeting, message, error, status=409 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect(on_clock_page(meeting.network.plan.slug, meeting.pk) + AT_THE_MESSAGE)
