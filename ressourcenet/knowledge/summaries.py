"""Workflows on a meeting's summary, shared by the pages, the API and the demo.

States: draft -> open for comments -> final; a coordinator may finalise a draft directly
(accounts/permissions.py says who may do which step). While open, invitees who came
propose changes or comment through their personal link; the note-taker accepts or
rejects each, and the proposer is told by e-mail. The final text is frozen: a correction
is a revision with a reason. Every e-mail goes through the one send path,
mail/services.py, which records what went; "send" again reaches only those missing it.

The `*_and_send` functions send at once and say what went: call them outside a
transaction, so that each e-mail is recorded the moment it went.

Each step writes the summary's search entry (knowledge/search.py): found once open for
comments, by everyone once final and public.
"""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.accounts.models import User
from ressourcenet.knowledge import leaflets, search
from ressourcenet.knowledge.emails import queue_decision_email, queue_summary_email
from ressourcenet.knowledge.models import Amendment, Summary, SummaryRevision
from ressourcenet.knowledge.services import meeting_takes_ideas
from ressourcenet.lib import bounds
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation, Meeting

logger = logging.getLogger(__name__)

Kind = OutgoingMessage.Kind
State = Summary.State

COMMENT_DAYS = 7
COMMENT_DAYS_MIN = 1
COMMENT_DAYS_MAX = 30


class SummaryStateError(ValidationError):
    """The summary's state does not allow this (the API answers 409)."""


class SummaryIsFinal(SummaryStateError):
    """The final text is frozen: a correction is a revision with a reason."""


def _user(by) -> User | None:
    return by if by is not None and by.is_authenticated else None


def _locked(meeting: Meeting) -> Summary | None:
    """The meeting's summary, its row locked until the transaction ends."""
    return Summary.objects.select_for_update().filter(meeting=meeting).first()


def _check_body(body: str, field: str = "body") -> str:
    if not body.strip():
        raise ValidationError({field: _("Write the summary.")})
    longest = bounds.max_length(Summary, "body")
    if len(body) > longest:
        raise ValidationError({field: _("Write at most %(max)d characters.") % {"max": longest}})
    if problem := bounds.text_problem(body, str(_("summary"))):
        raise ValidationError({field: problem})
    return body


def not_open_message() -> str:
    return _("The summary is not open for comments.")


def back_to_draft_message() -> str:
    return _("A summary open for comments does not go back to a draft.")


def refuse_if_cancelled(meeting: Meeting) -> None:
    """A cancelled meeting's summary is not opened, made final or commented on: that would
    e-mail the invitees of a meeting that did not take place."""
    if meeting.is_cancelled:
        raise SummaryStateError(
            _("A summary can be written only for a meeting that has begun and was not cancelled.")
        )


def refuse_if_final(summary: Summary | None) -> None:
    if summary is not None and summary.is_final:
        raise SummaryIsFinal(
            _("The summary is final and can no longer be changed. Add a correction with a reason.")
        )


# --- writing ---------------------------------------------------------------------------


@transaction.atomic
def save_draft(
    meeting: Meeting, body: str, by: User | None = None, public: bool | None = None
) -> Summary:
    """Save the summary's text, as a draft or while open for comments; made on first save.
    Only for a meeting that has begun and was not cancelled. `public`, when given, sets
    whether visitors may read it once final."""
    if not meeting_takes_ideas(meeting):
        raise ValidationError(
            _("A summary can be written only for a meeting that has begun and was not cancelled.")
        )
    summary = _locked(meeting)
    refuse_if_final(summary)
    body = _check_body(body)
    if summary is None:
        summary = Summary(meeting=meeting)
    summary.body = body
    if public is not None:
        summary.public = public
    summary.save()
    search.index_summary(summary)
    return summary


@transaction.atomic
def set_public(summary: Summary, public: bool) -> Summary:
    """Whether visitors who are not logged in may read the summary once it is final. Not
    a change of its text: a final summary may be made public, or private again."""
    locked = _locked(summary.meeting)
    locked.public = public
    locked.save(update_fields=["public", "updated_at"])
    summary.public = public
    search.index_summary(locked)
    return summary


def attendees_told(meeting: Meeting) -> QuerySet[Invitation]:
    """Whom "open for comments" e-mails: the invitees who came and have an address."""
    return meeting.invitations.filter(attended=True).exclude(person__email="")


def open_for_comments_queued(
    summary: Summary, days: int = COMMENT_DAYS, now: datetime | None = None
) -> list[OutgoingMessage]:
    if not COMMENT_DAYS_MIN <= days <= COMMENT_DAYS_MAX:
        raise ValidationError(
            {
                "days": _("Choose between %(min)d and %(max)d days.")
                % {"min": COMMENT_DAYS_MIN, "max": COMMENT_DAYS_MAX}
            }
        )
    refuse_if_cancelled(summary.meeting)
    locked = _locked(summary.meeting)
    refuse_if_final(locked)
    if locked.state != State.DRAFT:
        raise SummaryStateError(_("The summary is open for comments already."))
    _check_body(locked.body)
    now = now or timezone.now()
    locked.state, locked.opened_at = State.OPEN, now
    locked.comments_close_at = now + timedelta(days=days)
    locked.save()
    search.index_summary(locked)
    summary.refresh_from_db()
    invitations = attendees_told(summary.meeting).select_related("person")
    return [queue_summary_email(summary, i, Kind.SUMMARY_OPEN) for i in invitations]


def open_and_send(summary: Summary, days: int = COMMENT_DAYS) -> mail.Outcome:
    """Open the summary for comments for `days` days, and e-mail each invitee who came
    their personal link; says how many went."""
    with transaction.atomic():
        messages = open_for_comments_queued(summary, days)
    return mail.send_now(messages)


# --- amendments ------------------------------------------------------------------------


@transaction.atomic
def propose_amendment(invitation: Invitation, text: str, kind: str = Amendment.Kind.AMENDMENT):
    """A change (the proposed text) or a comment from an invitee who came to the meeting,
    while the summary takes comments."""
    if invitation.attended is not True:
        raise ValidationError(_("Only those who came to the meeting can comment on its summary."))
    refuse_if_cancelled(invitation.meeting)
    summary = _locked(invitation.meeting)
    if summary is None or not summary.takes_comments():
        refuse_if_final(summary)
        raise SummaryStateError(not_open_message())
    errors = {}
    if kind not in Amendment.Kind.values:
        errors["kind"] = _("Choose a proposed change or a comment.")
    if not text.strip():
        errors["text"] = _("Write your proposal or comment.")
    elif len(text) > bounds.max_length(Amendment, "text"):
        errors["text"] = _("Write at most %(max)d characters.") % {
            "max": bounds.max_length(Amendment, "text")
        }
    elif problem := bounds.text_problem(text, str(_("text"))):
        errors["text"] = problem
    if errors:
        raise ValidationError(errors)
    return Amendment.objects.create(
        summary=summary, invitation=invitation, kind=kind, text=text.strip()
    )


def decide_amendment_queued(
    amendment: Amendment, accept: bool, by: User | None = None
) -> list[OutgoingMessage]:
    locked = _locked(amendment.summary.meeting)
    refuse_if_final(locked)
    current = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if current.state != Amendment.State.PENDING:
        raise SummaryStateError(_("This proposal has been answered already."))
    amendment.state = Amendment.State.ACCEPTED if accept else Amendment.State.REJECTED
    amendment.decided_at, amendment.decided_by = timezone.now(), _user(by)
    amendment.save(update_fields=["state", "decided_at", "decided_by"])
    if not amendment.invitation.person.email:
        return []
    return [queue_decision_email(amendment)]


def decide_amendment(
    amendment: Amendment, accept: bool, by: User | None = None
) -> tuple[list[OutgoingMessage], mail.Outcome]:
    """Accept or reject; the proposer is told by e-mail at once. Accepting records the
    decision: the note-taker works the change into the text in the editor."""
    with transaction.atomic():
        messages = decide_amendment_queued(amendment, accept, by)
    return messages, mail.send_now(messages)


# --- final -----------------------------------------------------------------------------


def summary_messages() -> QuerySet[OutgoingMessage]:
    return OutgoingMessage.objects.filter(kind=Kind.SUMMARY)


def missing_summaries(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitees with an address who have not received the final summary and have none on
    its way: whom "send" reaches."""
    done = summary_messages().filter(
        invitation=OuterRef("pk"), status__in=(*mail.IN_FLIGHT, OutgoingMessage.Status.SENT)
    )
    return meeting.invitations.exclude(person__email="").exclude(Exists(done))


def leaflet_attachment(summary: Summary) -> tuple:
    """The leaflet as the e-mail's attachment, rendered once for all its recipients. Should
    it fail, the summary goes without it: the text matters more than the print."""
    try:
        return ((leaflets.filename(summary), leaflets.render(summary), leaflets.CONTENT_TYPE),)
    except Exception:
        logger.exception("The leaflet of summary %s could not be made", summary.pk)
        return ()


def queue_missing_summaries(summary: Summary, leaflet: bool = True) -> list[OutgoingMessage]:
    invitations = list(missing_summaries(summary.meeting).select_related("person"))
    # A failed e-mail not yet retried is replaced by the new one, not sent twice.
    mail.drop(summary_messages().filter(invitation__in=invitations))
    if not invitations:
        return []
    attachments = leaflet_attachment(summary) if leaflet else ()
    return [queue_summary_email(summary, i, Kind.SUMMARY, attachments) for i in invitations]


def finalise_queued(
    summary: Summary, by: User | None = None, leaflet: bool = True
) -> list[OutgoingMessage]:
    """Make the summary final and queue its e-mails, with the leaflet unless `leaflet` is
    False (the demo, which sends nothing)."""
    refuse_if_cancelled(summary.meeting)
    locked = _locked(summary.meeting)
    refuse_if_final(locked)
    if locked is None:
        raise ValidationError({"body": _("Write the summary.")})
    _check_body(locked.body)
    if locked.amendments.filter(state=Amendment.State.PENDING).exists():
        raise SummaryStateError(
            _("Accept or reject every proposal before the summary becomes final.")
        )
    locked.state, locked.finalised_at, locked.finalised_by = State.FINAL, timezone.now(), _user(by)
    locked.save()
    search.index_summary(locked)
    summary.refresh_from_db()
    return queue_missing_summaries(summary, leaflet)


def finalise(summary: Summary, by: User | None = None) -> mail.Outcome:
    """Make the summary final (its text frozen) and e-mail it to every invitee with an
    address, one e-mail each; says how many went."""
    with transaction.atomic():
        messages = finalise_queued(summary, by)
    return mail.send_now(messages)


def send_missing(summary: Summary) -> mail.Outcome:
    """Send the final summary to those still missing it (after a failure, or invited later)."""
    with transaction.atomic():
        locked = _locked(summary.meeting)
        if locked is None or not locked.is_final:
            raise SummaryStateError(_("Only a final summary is sent."))
        messages = queue_missing_summaries(summary)
    return mail.send_now(messages)


@transaction.atomic
def add_revision(summary: Summary, body: str, reason: str, by: User | None = None):
    """A correction to the final summary: the whole new text and the reason, kept and shown
    beside the original. The final text itself does not change."""
    locked = _locked(summary.meeting)
    if locked is None or not locked.is_final:
        raise SummaryStateError(_("Only a final summary is corrected; change the draft instead."))
    errors = {}
    try:
        _check_body(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("Say why the summary is corrected.")]
    elif len(reason) > bounds.max_length(SummaryRevision, "reason"):
        errors["reason"] = [
            _("Write at most %(max)d characters.")
            % {"max": bounds.max_length(SummaryRevision, "reason")}
        ]
    elif problem := bounds.text_problem(reason, str(_("reason"))):
        errors["reason"] = [problem]
    if not errors and body == locked.current_body():
        errors["body"] = [_("The text is the same as now. Change it, or leave it as it is.")]
    if errors:
        raise ValidationError(errors)
    revision = SummaryRevision.objects.create(
        summary=locked, body=body, reason=reason, created_by=_user(by)
    )
    search.index_summary(locked)
    return revision
