"""Background work for meetings, through Django's tasks API (django-tasks backport)."""

import logging
import smtplib

from django.core.mail import BadHeaderError, get_connection
from django.utils import timezone
from django_tasks import task

from ressourcenet.meetings.calendar import REQUEST
from ressourcenet.meetings.emails import invitation_email
from ressourcenet.meetings.models import Invitation, Meeting

logger = logging.getLogger(__name__)


@task()
def send_meeting_emails(meeting_id: int, invitation_ids: list[int], method: str) -> int:
    """Send one e-mail per invitation: a new or changed invitation (REQUEST) or CANCEL.

    One failed e-mail does not stop the others; it is marked unsent, so the coordinator
    sees it and can send it again.
    """
    meeting = Meeting.objects.select_related("network__plan").get(pk=meeting_id)
    if method == REQUEST and meeting.is_cancelled:
        return 0  # cancelled while queued: the CANCEL message is on its way instead
    invitations = Invitation.objects.filter(pk__in=invitation_ids, meeting=meeting)
    sent = 0
    with get_connection() as connection:
        for invitation in invitations.select_related("person"):
            try:
                message = invitation_email(meeting, invitation, method)
                message.connection = connection
                message.send()
            except (smtplib.SMTPException, BadHeaderError, OSError):
                logger.exception("Could not send the invitation %s", invitation.pk)
                if invitation.sent_sequence is None:
                    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
                continue
            Invitation.objects.filter(pk=invitation.pk).update(
                sent_at=timezone.now(), sent_sequence=meeting.sequence
            )
            sent += 1
    return sent
