from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings import calendar
from ressourcenet.meetings.models import Invitation, Meeting

INVITATION_LINK = "invitation"
# Meetings are planned months ahead; the link must outlive the wait.
LINK_MAX_AGE = timedelta(days=365)
Kind = OutgoingMessage.Kind
# The messages that carry the meeting's calendar entry (and its sequence).
CALENDAR_KINDS = (Kind.INVITATION, Kind.UPDATE, Kind.CANCELLATION)


def answer_url(invitation: Invitation) -> str:
    token = make_token(INVITATION_LINK, invitation.pk)
    return settings.SITE_URL + reverse("invitation_answer", args=[token])


def invitation_email(
    meeting: Meeting, invitation: Invitation, method: str, with_calendar: bool = True
) -> EmailMultiAlternatives:
    """The e-mail for one invitee, in Danish, with text and HTML parts and a calendar file
    (`with_calendar=False`: without, for a cancellation to someone who only had the poll).

    It has no recipient yet: the mail service writes the address when it sends it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "person": invitation.person,
            # The reply so far: after a poll, the answer for the chosen time.
            "answer": invitation.answer,
            "answer_url": answer_url(invitation),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "cancelled": method == calendar.CANCEL,
            "with_calendar": with_calendar,
            # Someone invited after a change gets a plain invitation, not a change notice.
            # An update only for those who already received the meeting (sent_sequence is
            # set when an e-mail has gone out).
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
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    if not with_calendar:
        return message
    # A guest (or anyone without a login) cannot open the meeting's page: their calendar
    # entry links to their personal page instead.
    person = invitation.person
    link = answer_url(invitation) if invitation.is_guest or person.user_id is None else ""
    ics = calendar.invitation_ics(meeting, method, person, settings.SITE_URL, link)
    message.attach("invitation.ics", ics, f"text/calendar; method={method}")
    return message


def queue_invitation(meeting: Meeting, invitation: Invitation, method: str) -> OutgoingMessage:
    """Store the invitee's e-mail (invitation, change or cancellation) for the mail service."""
    if method == calendar.CANCEL:
        kind = Kind.CANCELLATION
    elif invitation.sent_sequence is not None:
        kind = Kind.UPDATE
    else:
        kind = Kind.INVITATION
    person = invitation.person
    return mail.queue(
        kind,
        invitation_email(meeting, invitation, method),
        person.email,
        person.name,
        invitation=invitation,
        sequence=meeting.sequence,
    )


def queue_cancellation_notice(meeting: Meeting, invitation: Invitation) -> OutgoingMessage:
    """Store a cancellation without a calendar file, for an invitee who had the poll on the
    time but never the meeting in their calendar. It carries no sequence, so sending it
    does not count as the invitee having received the meeting."""
    person = invitation.person
    return mail.queue(
        Kind.CANCELLATION,
        invitation_email(meeting, invitation, calendar.CANCEL, with_calendar=False),
        person.email,
        person.name,
        invitation=invitation,
    )
