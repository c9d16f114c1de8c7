"""The e-mails of cooperation agreements, each with the party's personal link to the
agreement (lib/links.py), for parties without a login: when the agreement is made, an
invitation to read and accept it; before the renewal date, a reminder."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ressourcenet.agreements.models import CooperationAgreement, Party
from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage

PARTY_LINK = "cooperation-party"
# An agreement runs for years; the link must reach its renewal.
PARTY_LINK_MAX_AGE = timedelta(days=800)


def party_url(party: Party) -> str:
    return settings.SITE_URL + reverse("cooperation_party", args=[make_token(PARTY_LINK, party.pk)])


def renewal_email(agreement: CooperationAgreement, party: Party) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": agreement,
            "person": party.person,
            "network": agreement.network,
            "agreement_url": party_url(party),
        }
        subject = _("Up for renewal: %(title)s") % {"title": agreement.title}
        text = render_to_string("agreements/email/renewal.txt", context)
        html = render_to_string("agreements/email/renewal.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def invitation_email(
    agreement: CooperationAgreement, party: Party, reminder: bool = False
) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": agreement,
            "person": party.person,
            "network": agreement.network,
            "agreement_url": party_url(party),
            "reminder": reminder,
        }
        if reminder:
            subject = _("Reminder: please accept: %(title)s") % {"title": agreement.title}
        else:
            subject = _("Please accept: %(title)s") % {"title": agreement.title}
        text = render_to_string("agreements/email/invitation.txt", context)
        html = render_to_string("agreements/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_invitation_email(
    agreement: CooperationAgreement, party: Party, reminder: bool = False
) -> OutgoingMessage:
    """Queue the party's link to read and accept the agreement, and remember it as the
    party's last one (whether it went shows on the agreement's page)."""
    message = mail.queue(
        OutgoingMessage.Kind.AGREEMENT_INVITATION,
        invitation_email(agreement, party, reminder),
        party.person.email,
        party.person.name,
    )
    Party.objects.filter(pk=party.pk).update(last_message=message)
    party.last_message = message
    return message


def queue_invitation_emails(
    agreement: CooperationAgreement, parties: list[Party]
) -> list[OutgoingMessage]:
    """One invitation to read and accept the agreement per party with an e-mail address."""
    return [queue_invitation_email(agreement, party) for party in parties if party.person.email]


def queue_renewal_emails(agreement: CooperationAgreement) -> list[OutgoingMessage]:
    """One reminder per party with an e-mail address."""
    return [
        mail.queue(
            OutgoingMessage.Kind.AGREEMENT_RENEWAL,
            renewal_email(agreement, party),
            party.person.email,
            party.person.name,
        )
        for party in agreement.parties.all()
        if party.person.email
    ]
