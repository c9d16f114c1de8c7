"""The board's decision on a recommendation, to the network's members and the author,
through the one send path (mail/services.py), which records whether each e-mail went."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.people.models import Person


def recipients(recommendation) -> list[Person]:
    """Today's members of the network and the author, each address once."""
    network = recommendation.network
    people = [m.person for m in network.active_memberships().select_related("person")]
    author = getattr(recommendation.author, "person", None) if recommendation.author else None
    if author is not None:
        people.append(author)
    seen, unique = set(), []
    for person in people:
        key = (person.email or "").lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def decision_email(recommendation, step, person: Person) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recommendation": recommendation,
            "step": step,
            "person": person,
            "network": recommendation.network,
            "board_meeting": step.board_meeting,
            "decision": step.get_to_state_display().lower(),
            "url": settings.SITE_URL + recommendation.get_absolute_url(),
        }
        subject = _("The board's decision on “%(title)s”: %(decision)s") % {
            "title": recommendation.title,
            "decision": context["decision"],
        }
        text = render_to_string("governance/email/decision.txt", context)
        html = render_to_string("governance/email/decision.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_decision_emails(recommendation, step) -> list[OutgoingMessage]:
    return [
        mail.queue(
            OutgoingMessage.Kind.RECOMMENDATION,
            decision_email(recommendation, step, person),
            person.email,
            person.name,
        )
        for person in recipients(recommendation)
    ]
