"""Telling the person who pressed "send" what happened to the e-mails: the true counts."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ressourcenet.mail.services import Outcome


def report_sending(request: HttpRequest, outcome: Outcome, sent_text, where: str = "") -> None:
    """sent_text: an ngettext_lazy(..., "count") for the case where every e-mail went;
    where: where the page shows who did not get theirs, if it does."""
    if outcome.failed:
        text = _("%(sent)d sent, %(failed)d could not be sent.") % {
            "sent": outcome.sent,
            "failed": outcome.failed,
        }
        # Say what happens next, not only what went wrong.
        next_steps = [_("We try again by ourselves when the problem may pass."), str(where)]
        messages.error(request, " ".join([text, *filter(None, next_steps)]))
    elif outcome.sent:
        messages.success(request, sent_text % {"count": outcome.sent})
    else:
        messages.info(request, _("Nothing to send: everyone has it already."))
