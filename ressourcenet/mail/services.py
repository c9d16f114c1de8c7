"""The one send path for every e-mail the site sends.

A message is stored first (queued), then handed to the e-mail backend on its own, so
that one refused recipient or one unusable name fails alone. It is marked sent only
after the backend accepted it; otherwise the failure is recorded (time, reason,
attempts). A passing problem (the mail server out of reach, "try again later") is
retried with back-off: by the task worker when the task backend can defer work
(TASK_BACKEND=database), and by `ressourcenet sendmail` for every set-up (cron).
A sent message keeps no content, so personal links do not linger in the database.
"""

import base64
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_tasks import task

from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation

logger = logging.getLogger(__name__)

Status = OutgoingMessage.Status
Problem = OutgoingMessage.Problem

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)  # then 15 min, 45 min, 2¼ h, 6¾ h
# A queued message that no one picked up by then is the worker's (a lost task, a restart).
QUEUED_GRACE = timedelta(minutes=5)
# A message left "being sent" this long was dropped by a process that died: try again.
STALE_SENDING = timedelta(minutes=15)
IN_FLIGHT = (Status.QUEUED, Status.SENDING)
UNSENT = (Status.QUEUED, Status.FAILED)


@dataclass(frozen=True)
class Outcome:
    sent: int = 0
    failed: int = 0

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.sent + other.sent, self.failed + other.failed)


class NotAccepted(Exception):
    """The backend returned without raising but did not take the message."""


def backoff(attempts: int) -> timedelta | None:
    """How long to wait after this many attempts; None once it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return FIRST_RETRY * 3 ** (max(attempts, 1) - 1)


def classify(error: BaseException) -> tuple[str, bool]:
    """The problem in plain words (a Problem), and whether trying again may help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return Problem.REFUSED, False
        return Problem.TEMPORARY, True
    if isinstance(error, smtplib.SMTPSenderRefused):
        return Problem.OTHER, True  # our own address or account: fixable, so retried
    if isinstance(error, smtplib.SMTPResponseException) and not isinstance(
        error, smtplib.SMTPConnectError | smtplib.SMTPHeloError
    ):
        if error.smtp_code >= 500:
            return Problem.REFUSED, False
        return Problem.TEMPORARY, True
    # SMTPException is an OSError; both say the server was not reached or went away.
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | OSError):
        return Problem.UNREACHABLE, True
    # A CR or LF in a name, an address Python cannot write into a header.
    if isinstance(error, ValueError):
        return Problem.ADDRESS, False
    return Problem.OTHER, True


# --- queueing ------------------------------------------------------------------------


def queue(
    kind: str,
    message: EmailMessage,
    to_email: str,
    to_name: str = "",
    *,
    invitation: Invitation | None = None,
    sequence: int | None = None,
    expires_at: datetime | None = None,
) -> OutgoingMessage:
    """Store one message (its subject, text, HTML and attachments) for one recipient.

    The message's own `to` is ignored: the recipient is written into the header only when
    the message is sent, so that a name no header can hold fails that message alone.
    """
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    attachments = []
    for filename, content, mimetype in message.attachments:
        raw = content.encode() if isinstance(content, str) else content
        attachments.append(
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(raw).decode(),
            }
        )
    return OutgoingMessage.objects.create(
        kind=kind,
        to_name=to_name,
        to_email=to_email,
        subject=message.subject,
        body=message.body,
        html=html,
        attachments=attachments,
        invitation=invitation,
        sequence=sequence,
        expires_at=expires_at,
        next_attempt_at=timezone.now() + QUEUED_GRACE,
    )


def drop(messages: QuerySet[OutgoingMessage]) -> int:
    """Withdraw messages not yet sent (the poll closed, the meeting changed or was cancelled)."""
    return messages.filter(status__in=UNSENT).update(
        status=Status.DROPPED, next_attempt_at=None, body="", html="", attachments=[]
    )


def build(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The e-mail as the backend takes it; raises ValueError for a name no header can hold."""
    to = str(Address(display_name=message.to_name, addr_spec=message.to_email))
    email = EmailMultiAlternatives(subject=message.subject, body=message.body, to=[to])
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        content = base64.b64decode(attachment["content"])
        if attachment["mimetype"].startswith("text/"):
            content = content.decode()
        email.attach(attachment["filename"], content, attachment["mimetype"])
    return email


# --- sending -------------------------------------------------------------------------


def send_now(messages: Iterable[OutgoingMessage]) -> Outcome:
    """Send these messages at once and say how many went and how many did not."""
    return deliver(messages)


def send_after_commit(messages: Iterable[OutgoingMessage]) -> None:
    """Send these messages through the task worker once the transaction has committed."""
    ids = [message.pk for message in messages]
    if ids:
        transaction.on_commit(lambda: deliver_messages.enqueue(ids))


def due() -> QuerySet[OutgoingMessage]:
    """Messages whose (next) attempt is due."""
    now = timezone.now()
    return OutgoingMessage.objects.filter(
        Q(status__in=UNSENT, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, last_attempt_at__lte=now - STALE_SENDING)
    ).order_by("next_attempt_at", "pk")


def _claim(message: OutgoingMessage, now: datetime) -> bool:
    """Take the message for this attempt; False when another process has it or it went."""
    claimed = OutgoingMessage.objects.filter(
        Q(status__in=UNSENT) | Q(status=Status.SENDING, last_attempt_at__lte=now - STALE_SENDING),
        pk=message.pk,
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    if claimed:
        message.attempts += 1
    return bool(claimed)


def _record_sent(message: OutgoingMessage) -> None:
    now = timezone.now()
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=Status.SENT,
        sent_at=now,
        problem="",
        last_error="",
        next_attempt_at=None,
        body="",
        html="",
        attachments=[],
    )
    if message.invitation_id is not None and message.sequence is not None:
        # The invitation counts as received only now, and only up to what it carried.
        invitations = Invitation.objects.filter(pk=message.invitation_id)
        invitations.filter(sent_at__isnull=True).update(sent_at=now)
        invitations.filter(
            Q(sent_sequence__isnull=True) | Q(sent_sequence__lt=message.sequence)
        ).update(sent_sequence=message.sequence)


def _record_failure(message: OutgoingMessage, error: BaseException) -> datetime | None:
    problem, worth_retrying = classify(error)
    wait = backoff(message.attempts) if worth_retrying else None
    next_attempt_at = timezone.now() + wait if wait else None
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=Status.FAILED,
        problem=problem,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        next_attempt_at=next_attempt_at,
    )
    logger.warning("E-mail %s could not be sent: %s", message.pk, type(error).__name__)
    return next_attempt_at


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a connection that died cannot be closed politely
        logger.debug("Closing the mail connection failed", exc_info=True)


def deliver(messages: Iterable[OutgoingMessage]) -> Outcome:
    """Hand each message to the backend on its own; record what happened to each.

    One connection serves the batch. When it breaks it is opened again for the next
    message; when it cannot be opened, the rest of the batch is recorded as failed
    without waiting for the server once more per message.
    """
    sent = failed = 0
    retries: dict[datetime, list[int]] = defaultdict(list)
    connection = get_connection()
    unreachable: BaseException | None = None
    try:
        for message in messages:
            now = timezone.now()
            if message.expires_at is not None and message.expires_at <= now:
                drop(OutgoingMessage.objects.filter(pk=message.pk))
                continue
            if not _claim(message, now):
                continue
            try:
                email = build(message)
                if unreachable is not None:
                    raise unreachable
                try:
                    connection.open()  # does nothing while the connection is open
                except Exception as error:
                    unreachable = error
                    raise
                if connection.send_messages([email]) != 1:
                    raise NotAccepted("The e-mail backend did not take the message.")
            except Exception as error:
                failed += 1
                retry_at = _record_failure(message, error)
                if retry_at is not None:
                    retries[retry_at].append(message.pk)
                if not isinstance(error, ValueError | smtplib.SMTPRecipientsRefused):
                    _close(connection)  # the next message gets a fresh connection
            else:
                sent += 1
                _record_sent(message)
    finally:
        _close(connection)
    _schedule(retries)
    return Outcome(sent=sent, failed=failed)


def _schedule(retries: dict[datetime, list[int]]) -> None:
    """Ask the task worker to try again at the time each failure is due again."""
    if not retries or not deliver_due_messages.get_backend().supports_defer:
        return  # without a deferring worker, `ressourcenet sendmail` from cron retries
    for run_after, ids in retries.items():
        deliver_due_messages.using(run_after=run_after).enqueue(ids)


def deliver_due(ids: Iterable[int] | None = None) -> Outcome:
    messages = due()
    if ids is not None:
        messages = messages.filter(pk__in=list(ids))
    return deliver(list(messages))


# --- background work (django-tasks) ----------------------------------------------------
# The tasks live here, beside what they call, so that enqueuing them needs no import back
# and forth between two modules.


@task()
def deliver_messages(message_ids: list[int]) -> dict[str, int]:
    """Send queued messages (those that went or were taken by another worker are skipped)."""
    messages = OutgoingMessage.objects.filter(pk__in=message_ids).order_by("pk")
    outcome = deliver(list(messages))
    return {"sent": outcome.sent, "failed": outcome.failed}


@task()
def deliver_due_messages(message_ids: list[int]) -> dict[str, int]:
    """A retry: send those of these messages whose next attempt is due."""
    outcome = deliver_due(message_ids)
    return {"sent": outcome.sent, "failed": outcome.failed}
