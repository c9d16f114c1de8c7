"""The poll e-mails: the invitation to answer, and the reminder, each with a personal link."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation
from ressourcenet.scheduling.models import Poll

POLL_LINK = "poll"
POLL_KINDS = (OutgoingMessage.Kind.POLL, OutgoingMessage.Kind.POLL_REMINDER)


def poll_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("poll_answer", args=[make_token(POLL_LINK, invitation.pk)])


def poll_email(poll: Poll, invitation: Invitation, reminder: bool) -> EmailMultiAlternatives:
    """The e-mail without a recipient: the mail service writes the address when it sends."""
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
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_poll_email(poll: Poll, invitation: Invitation, reminder: bool) -> OutgoingMessage:
    person = invitation.person
    return mail.queue(
        OutgoingMessage.Kind.POLL_REMINDER if reminder else OutgoingMessage.Kind.POLL,
        poll_email(poll, invitation, reminder),
        person.email,
        person.name,
        invitation=invitation,
        # Once the poll closes, an e-mail that has not gone is no use.
        expires_at=poll.closes_at,
    )
