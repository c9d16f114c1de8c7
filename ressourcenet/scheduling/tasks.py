"""Background work for polls, through Django's tasks API."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from ressourcenet.lib.links import make_token
from ressourcenet.meetings.emails import recipient
from ressourcenet.meetings.models import Invitation
from ressourcenet.scheduling.models import Poll

POLL_LINK = "poll"


def poll_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("poll_answer", args=[make_token(POLL_LINK, invitation.pk)])


def poll_email(poll: Poll, invitation: Invitation, reminder: bool) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": poll.meeting,
            "poll": poll,
            "person": invitation.person,
            "poll_url": poll_url(invitation),
            "reminder": reminder,
        }
        template = (
            _("Reminder: when can you come to %(title)s?")
            if reminder
            else _("When can you come to %(title)s?")
        )
        subject = template % {"title": poll.meeting.title}
        text = render_to_string("scheduling/email/poll.txt", context)
        html = render_to_string("scheduling/email/poll.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient(invitation.person)])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_poll_messages(poll_id: int, invitation_ids: list[int], kind: str) -> int:
    poll = Poll.objects.select_related("meeting__network").get(pk=poll_id)
    if not poll.is_open:
        return 0  # the time was chosen, or the meeting cancelled, while this waited
    invitations = Invitation.objects.filter(pk__in=invitation_ids, meeting=poll.meeting)
    sent = 0
    for invitation in invitations.select_related("person"):
        poll_email(poll, invitation, reminder=kind == "reminder").send()
        sent += 1
    return sent
