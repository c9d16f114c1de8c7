"""The pages of a meeting's summary: reading it, writing it, its steps to final, the
answers to proposals, and the invitee's personal page for proposing changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ressourcenet.accounts import permissions
from ressourcenet.knowledge import leaflets, summaries
from ressourcenet.knowledge.emails import SUMMARY_LINK, SUMMARY_LINK_MAX_AGE, summary_link
from ressourcenet.knowledge.forms import (
    AmendmentForm,
    LeafletIdeasForm,
    OpenForm,
    PublicForm,
    RevisionForm,
    SummaryDraftForm,
)
from ressourcenet.knowledge.models import Amendment, Summary
from ressourcenet.lib.links import LinkExpired, LinkInvalid, read_token
from ressourcenet.lib.markdown import to_html
from ressourcenet.lib.pages import plan_context
from ressourcenet.mail.reports import report_sending
from ressourcenet.meetings.models import Invitation, Meeting


def get_meeting(request: HttpRequest, plan_slug: str, meeting_id: int, write: bool) -> Meeting:
    meetings = Meeting.objects.select_related("network__plan").prefetch_related("roles")
    meeting = get_object_or_404(meetings, pk=meeting_id, network__plan__slug=plan_slug)
    if write and not permissions.can_write_summary(request.user, meeting):
        raise PermissionDenied
    if not write and not (
        permissions.can_see_meeting(request.user, meeting)
        or permissions.can_write_summary(request.user, meeting)
    ):
        raise PermissionDenied
    return meeting


def get_summary(meeting: Meeting) -> Summary:
    return get_object_or_404(Summary, meeting=meeting)


def summary_context(request: HttpRequest, meeting: Meeting, summary: Summary | None) -> dict:
    may_write = permissions.can_write_summary(request.user, meeting)
    context = {
        **plan_context(request, meeting.network.plan, "plan"),
        "meeting": meeting,
        "summary": summary,
        "may_write": may_write,
    }
    if summary is None:
        return context
    revisions = list(summary.revisions.select_related("created_by__person"))
    for revision in revisions:
        revision.html = to_html(revision.body)
    context.update(
        leaflet_ideas=leaflets.ideas_on_leaflet(summary),
        html=to_html(summary.current_body()),
        original_html=to_html(summary.body) if revisions else "",
        revisions=revisions,
        may_finalise=may_write
        and (summary.is_open or permissions.can_finalise_draft(request.user, meeting)),
    )
    if may_write:
        context["public_form"] = PublicForm(initial={"public": summary.public})
        context["amendments"] = summary.amendments.select_related("invitation__person")
        context["missing"] = summaries.missing_summaries(meeting).count()
    own = permissions.own_invitation(request.user, meeting)
    if permissions.can_propose_amendment(own) and summary.takes_comments():
        context["own_link"] = summary_link(own)
    return context


def public_summary(request: HttpRequest, plan_slug: str, meeting_id: int) -> Summary | None:
    """The meeting's summary for someone who may not see the meeting: only when
    `can_see_summary` lets them read it (a public final summary)."""
    found = Summary.objects.select_related("meeting__network__plan").filter(
        meeting_id=meeting_id, meeting__network__plan__slug=plan_slug
    )
    summary = found.first()
    if summary is not None and permissions.can_see_summary(request.user, summary):
        return summary
    return None


@require_safe
def summary_detail(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """The summary; a public final one also for visitors and people outside the plan, as
    the text alone: no names, proposals, comments or links into the members' pages."""
    try:
        meeting = get_meeting(request, plan_slug, meeting_id, write=False)
    except PermissionDenied:
        summary = public_summary(request, plan_slug, meeting_id)
        if summary is None:
            raise
        # The text as it stands: not the text before a correction, nor the reasons, which
        # may be there because it named someone.
        context = {
            **plan_context(request, summary.meeting.network.plan),
            "meeting": summary.meeting,
            "summary": summary,
            "html": to_html(summary.current_body()),
        }
        return render(request, "knowledge/summary_public.html", context)
    summary = Summary.objects.filter(meeting=meeting).first()
    if summary is None and not permissions.can_write_summary(request.user, meeting):
        raise Http404("The meeting has no summary yet.")
    if summary is not None and not permissions.can_see_summary(request.user, summary):
        raise Http404("The summary is a draft.")
    context = summary_context(request, meeting, summary)
    return render(request, "knowledge/summary_detail.html", context)


@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Write the draft (or, once final, a correction with its reason); "preview" shows the
    text as it will look, in place with htmx."""
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    summary = Summary.objects.filter(meeting=meeting).first()
    form_class = RevisionForm if summary and summary.is_final else SummaryDraftForm
    initial = {"body": summary.current_body(), "public": summary.public} if summary else None
    form = form_class(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = to_html(form.cleaned_data["body"])
        else:
            try:
                save(request, meeting, summary, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("summary", plan_slug, meeting.pk)
    elif "preview" in request.POST:
        preview = to_html(request.POST.get("body", ""))
    context = {**summary_context(request, meeting, summary), "form": form, "preview": preview}
    if request.htmx and "preview" in request.POST:
        return render(request, "knowledge/summary_edit.html#preview", context)
    status = 422 if form.errors and preview is None else 200
    return render(request, "knowledge/summary_edit.html", context, status=status)


def save(request: HttpRequest, meeting: Meeting, summary: Summary | None, data: dict) -> None:
    if summary is not None and summary.is_final:
        summaries.add_revision(summary, data["body"], data["reason"], by=request.user)
        messages.success(request, _("The correction is saved and shown with its reason."))
    else:
        summaries.save_draft(meeting, data["body"], by=request.user, public=data["public"])
        messages.success(request, _("The summary is saved."))


@require_POST
def summary_public(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Make the summary public, or private again, from its page (a final one too: this is
    not a change of its text)."""
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    summary = get_summary(meeting)
    form = PublicForm(request.POST)
    form.is_valid()  # a tick box: absent is "no"
    summaries.set_public(summary, form.cleaned_data.get("public", False))
    if summary.public:
        messages.success(
            request, _("Visitors who are not logged in can read the summary once it is final.")
        )
    else:
        messages.success(request, _("Only the plan's people can read the summary."))
    return redirect("summary", plan_slug, meeting.pk)


# Not in the request's transaction: each e-mail is recorded as sent the moment it went.
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def summary_open(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """A confirmation with the number who get the e-mail; the confirmed form opens."""
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    summary = get_summary(meeting)
    told = summaries.attendees_told(meeting).count()
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = summaries.open_and_send(summary, form.cleaned_data["days"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The summary is open for comments."))
            if told:
                report_sending(request, outcome, ngettext_lazy(
                    "%(count)d invitee who came got a link to comment.",
                    "%(count)d invitees who came got a link to comment.",
                    "count",
                ))  # fmt: skip
        return redirect("summary", plan_slug, meeting.pk)
    context = {**summary_context(request, meeting, summary), "form": form, "told": told}
    status = 422 if form.errors else 200
    return render(request, "knowledge/summary_open.html", context, status=status)


@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def summary_finalise(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    summary = get_summary(meeting)
    if not summary.is_open and not permissions.can_finalise_draft(request.user, meeting):
        raise PermissionDenied
    told = summaries.missing_summaries(meeting).count()
    if request.method == "GET" or "confirmed" not in request.POST:
        context = {**summary_context(request, meeting, summary), "told": told}
        return render(request, "knowledge/summary_finalise.html", context)
    try:
        outcome = summaries.finalise(summary, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The summary is final."))
        report_summaries(request, outcome)
    return redirect("summary", plan_slug, meeting.pk)


def report_summaries(request: HttpRequest, outcome) -> None:
    report_sending(
        request,
        outcome,
        ngettext_lazy(
            "%(count)d invitee got the summary by e-mail.",
            "%(count)d invitees got the summary by e-mail.",
            "count",
        ),
    )


@transaction.non_atomic_requests
@require_POST
def summary_send(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Send the final summary to the invitees still missing it."""
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    try:
        outcome = summaries.send_missing(get_summary(meeting))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        report_summaries(request, outcome)
    return redirect("summary", plan_slug, meeting.pk)


@transaction.non_atomic_requests
@require_POST
def amendment_decide(request: HttpRequest, plan_slug: str, amendment_id: int) -> HttpResponse:
    """Accept or reject a proposal; the proposer is told. In place with htmx."""
    amendments = Amendment.objects.select_related("summary__meeting", "invitation__person")
    amendment = get_object_or_404(
        amendments, pk=amendment_id, summary__meeting__network__plan__slug=plan_slug
    )
    meeting = get_meeting(request, plan_slug, amendment.summary.meeting_id, write=True)
    decision = request.POST.get("decision", "")
    try:
        if decision not in ("accept", "reject"):
            raise ValidationError(_("Choose accept or reject."))
        queued, outcome = summaries.decide_amendment(amendment, decision == "accept", request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        report_decision(request, amendment, queued, outcome)
    if not request.htmx:
        return redirect("summary", plan_slug, meeting.pk)
    context = summary_context(request, meeting, get_summary(meeting))
    return render(request, "knowledge/summary_detail.html#amendments", context)


def report_decision(request: HttpRequest, amendment: Amendment, queued: list, outcome) -> None:
    """Say what was decided, and what happened to the proposer's e-mail."""
    name = amendment.invitation.person.name
    if amendment.state == Amendment.State.ACCEPTED:
        text = _("The proposal from %(name)s is accepted. Work it into the text.")
    else:
        text = _("The proposal from %(name)s is rejected.")
    messages.success(request, text % {"name": name})
    if outcome.sent:
        messages.success(request, _("%(name)s is told by e-mail.") % {"name": name})
    elif outcome.failed:
        messages.error(
            request,
            _(
                "The e-mail to %(name)s could not be sent. We try again by ourselves when the "
                "problem may pass."
            )
            % {"name": name},
        )
    elif not queued:
        messages.info(
            request, _("%(name)s has no e-mail address and was not told.") % {"name": name}
        )


# --- the leaflet -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def leaflet_ideas(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """Choose the ideas on the leaflet (a list of checkboxes), from the network's ideas."""
    meeting = get_meeting(request, plan_slug, meeting_id, write=True)
    summary = get_summary(meeting)
    initial = {"ideas": [idea.pk for idea in leaflets.ideas_on_leaflet(summary)]}
    choices = leaflets.idea_choices(summary).select_related("meeting")
    form = LeafletIdeasForm(request.POST or None, ideas=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            leaflets.choose_ideas(summary, form.cleaned_data["ideas"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The leaflet's ideas are saved."))
            return redirect(reverse("summary", args=[plan_slug, meeting.pk]) + "#leaflet")
    context = {**summary_context(request, meeting, summary), "form": form}
    status = 422 if form.errors else 200
    return render(request, "knowledge/leaflet_ideas.html", context, status=status)


@require_safe
def leaflet_pdf(request: HttpRequest, plan_slug: str, meeting_id: int) -> HttpResponse:
    """The printable leaflet, for whoever may read the summary: of a public final summary
    also for visitors, with only the public ideas."""
    try:
        meeting = get_meeting(request, plan_slug, meeting_id, write=False)
    except PermissionDenied:
        summary = public_summary(request, plan_slug, meeting_id)
        if summary is None:
            raise
        return leaflets.pdf_response(summary, request.user)
    summary = get_summary(meeting)
    if not permissions.can_see_summary(request.user, summary):
        raise Http404("The summary is a draft.")
    return leaflets.pdf_response(summary, request.user)


@require_safe
def personal_leaflet_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The leaflet through the invitee's personal link, once the summary is shared."""
    invitation = personal_invitation(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    return leaflets.pdf_response(shared_summary(invitation))


# --- the invitee's personal page -------------------------------------------------------


def personal_invitation(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    """The invitation the personal link names, or the page saying the link is no good."""
    try:
        invitation_id = read_token(SUMMARY_LINK, token, max_age=SUMMARY_LINK_MAX_AGE)
    except LinkExpired:
        return render(request, "meetings/link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "meetings/link_invalid.html", {"expired": False}, status=404)
    invitations = Invitation.objects.select_related("meeting__network__plan", "person")
    invitation = get_object_or_404(invitations, pk=invitation_id)
    if invitation.person.is_erased:  # people/privacy.py: the link leads to no one
        return render(request, "meetings/link_invalid.html", {"erased": True}, status=410)
    return invitation


def shared_summary(invitation: Invitation) -> Summary:
    summary = Summary.objects.filter(meeting=invitation.meeting).exclude(state="draft").first()
    if summary is None:
        raise Http404("The summary is not shared yet.")
    return summary


@require_http_methods(["GET", "POST"])
def summary_personal(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's personal link: read the summary; those who came propose or comment."""
    invitation = personal_invitation(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    summary = shared_summary(invitation)
    may_propose = permissions.can_propose_amendment(invitation) and summary.takes_comments()
    form = AmendmentForm(request.POST or None) if may_propose else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            summaries.propose_amendment(
                invitation, form.cleaned_data["text"], form.cleaned_data["kind"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. The note-taker answers your proposal by e-mail.")
            )
            return redirect("summary_personal", token)
    elif request.method == "POST" and form is None:
        messages.error(request, _("The summary is not open for comments."))
        return redirect("summary_personal", token)
    context = {
        "meeting": invitation.meeting,
        "summary": summary,
        "html": to_html(summary.current_body()),
        "invitation": invitation,
        "own": invitation.amendments.filter(summary=summary),
        "form": form,
        "token": token,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "knowledge/summary_personal.html", context, status=status)
