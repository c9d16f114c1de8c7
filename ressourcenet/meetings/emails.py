from datetime import timedelta
from email.headerregistry import Address

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.lib.links import make_token
from ressourcenet.meetings import calendar
from ressourcenet.meetings.models import Invitation, Meeting

INVITATION_LINK = "invitation"
# Meetings are planned months ahead; the link must outlive the wait.
LINK_MAX_AGE = timedelta(days=365)


def recipient(person) -> str:
    # Address quotes a name with a comma or quotes, which would otherwise split the header.
    return str(Address(display_name=person.name, addr_spec=person.email))


def answer_url(invitation: Invitation) -> str:
    token = make_token(INVITATION_LINK, invitation.pk)
    return settings.SITE_URL + reverse("invitation_answer", args=[token])


def invitation_email(meeting: Meeting, invitation: Invitation, method: str):
    """The e-mail for one invitee, in Danish, with text and HTML parts and a calendar file."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "person": invitation.person,
            "answer_url": answer_url(invitation),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "cancelled": method == calendar.CANCEL,
            # Someone invited after a change gets a plain invitation, not a change notice.
            # An update only for those who already received the meeting (sent_sequence is
            # set when an e-mail has gone out; sent_at is set already when it is queued).
            "update": method == calendar.REQUEST and invitation.sent_sequence is not None,
        }
        if context["cancelled"]:
            subject = _("Cancelled: %(title)s") % {"title": meeting.title}
        elif context["update"]:
            subject = _("Changed: %(title)s") % {"title": meeting.title}
        else:
            subject = _("Invitation: %(title)s") % {"title": meeting.title}
        text = render_to_string("meetings/email/invitation.txt", context)
        html = render_to_string("meetings/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient(invitation.person)])
    message.attach_alternative(html, "text/html")
    ics = calendar.invitation_ics(meeting, method, invitation.person, settings.SITE_URL)
    message.attach("invitation.ics", ics, f"text/calendar; method={method}")
    return message
