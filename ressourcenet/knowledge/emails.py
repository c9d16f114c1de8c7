"""The e-mail that tells an idea's owner that its status changed, and why."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.knowledge.models import Idea, IdeaStatusChange
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage


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
