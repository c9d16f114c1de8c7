"""Telling the person who pressed "send" what happened to the e-mails: the true counts."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ressourcenet.mail.services import Outcome


def report_sending(request: HttpRequest, outcome: Outcome, sent_text) -> None:
    """sent_text: an ngettext_lazy(..., "count") for the case where every e-mail went."""
    if outcome.failed:
        text = _("%(sent)d sent, %(failed)d could not be sent.")
        messages.error(request, text % {"sent": outcome.sent, "failed": outcome.failed})
    elif outcome.sent:
        messages.success(request, sent_text % {"count": outcome.sent})
    else:
        messages.info(request, _("Nothing to send: everyone has it already."))
