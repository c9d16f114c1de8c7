"""The e-mails of the knowledge app: an idea's new status to its owner; a summary open for
comments or final to the meeting's invitees; the answer to a proposed change."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.knowledge.models import Amendment, Idea, IdeaStatusChange, Summary
from ressourcenet.lib.links import make_token
from ressourcenet.lib.markdown import to_html
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation

Kind = OutgoingMessage.Kind


def status_email(idea: Idea, change: IdeaStatusChange) -> EmailMultiAlternatives:
    """The e-mail without a recipient: the mail service writes the address when it sends."""
    owner = idea.owner
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "idea": idea,
            "change": change,
            "person": owner,
            "network": idea.network,
            # A name, never a login's e-mail address.
            "changed_by": getattr(getattr(change.changed_by, "person", None), "name", ""),
            # Without a login the idea's page would only ask them to log in.
            "idea_url": settings.SITE_URL + idea.get_absolute_url() if owner.user_id else "",
        }
        subject = _("Your idea “%(title)s” is now: %(status)s") % {
            "title": idea.title,
            "status": change.get_to_status_display().lower(),
        }
        text = render_to_string("knowledge/email/status_changed.txt", context)
        html = render_to_string("knowledge/email/status_changed.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_status_email(idea: Idea, change: IdeaStatusChange) -> OutgoingMessage:
    owner = idea.owner
    return mail.queue(
        OutgoingMessage.Kind.IDEA_STATUS, status_email(idea, change), owner.email, owner.name
    )


# --- summaries ---------------------------------------------------------------------------

SUMMARY_LINK = "summary"
# The summary is read long after the meeting: the link lives as long as an invitation's.
SUMMARY_LINK_MAX_AGE = timedelta(days=365)


def summary_link(invitation: Invitation) -> str:
    """The invitee's personal page of the meeting's summary: read it, and propose changes
    while it is open for comments (only those who came)."""
    token = make_token(SUMMARY_LINK, invitation.pk)
    return settings.SITE_URL + reverse("summary_personal", args=[token])


def _summary_email(template: str, subject: str, context: dict) -> EmailMultiAlternatives:
    text = render_to_string(f"knowledge/email/{template}.txt", context)
    html = render_to_string(f"knowledge/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_summary_email(
    summary: Summary, invitation: Invitation, kind: str, attachments: tuple = ()
) -> OutgoingMessage:
    """The summary open for comments (kind SUMMARY_OPEN) or final (SUMMARY), for one invitee;
    Markdown as the text part, sanitised HTML as the other; `attachments` as
    (filename, content, mimetype), made once for all the invitees (the leaflet)."""
    meeting, person = summary.meeting, invitation.person
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "summary": summary,
            "person": person,
            "body": summary.current_body(),
            "html": to_html(summary.current_body()),
            "link": summary_link(invitation),
            "network": meeting.network,
            "leaflet": bool(attachments),
        }
        if kind == Kind.SUMMARY_OPEN:
            subject = _("Comment on the summary: %(title)s") % {"title": meeting.title}
            message = _summary_email("summary_open", subject, context)
        else:
            subject = _("Summary: %(title)s") % {"title": meeting.title}
            message = _summary_email("summary_final", subject, context)
    for attachment in attachments:
        message.attach(*attachment)
    return mail.queue(kind, message, person.email, person.name, invitation=invitation)


def queue_decision_email(amendment: Amendment) -> OutgoingMessage:
    """Tell the person who proposed a change or commented whether it was accepted."""
    invitation = amendment.invitation
    meeting, person = invitation.meeting, invitation.person
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "amendment": amendment,
            "accepted": amendment.state == Amendment.State.ACCEPTED,
            "person": person,
            "link": summary_link(invitation),
            "network": meeting.network,
        }
        subject = _("Your proposal for the summary of %(title)s: %(decision)s") % {
            "title": meeting.title,
            "decision": amendment.get_state_display().lower(),
        }
        message = _summary_email("amendment_decided", subject, context)
    return mail.queue(Kind.AMENDMENT, message, person.email, person.name, invitation=invitation)
