"""Background work for meetings, through Django's tasks API (django-tasks backport)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ressourcenet.meetings.emails import invitation_email
from ressourcenet.meetings.models import Invitation, Meeting


@task()
def send_meeting_emails(meeting_id: int, invitation_ids: list[int], method: str) -> int:
    """Send one e-mail per invitation: a new or changed invitation (REQUEST) or CANCEL."""
    meeting = Meeting.objects.select_related("network__plan").get(pk=meeting_id)
    invitations = Invitation.objects.filter(pk__in=invitation_ids, meeting=meeting).select_related(
        "person"
    )
    sent = 0
    for invitation in invitations:
        message = invitation_email(meeting, invitation, method)
        message.send()
        with transaction.atomic():
            Invitation.objects.filter(pk=invitation.pk).update(
                sent_at=timezone.now(), sent_sequence=meeting.sequence
            )
        sent += 1
    return sent
