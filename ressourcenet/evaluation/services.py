"""Evaluations of held meetings: who may answer, the one answer per invitee, and the
e-mail that asks those who came. Shared by the pages, the API and the demo.

An answer is tied to its invitation only so that each invitee answers once (a unique
row: two clicks or two phones at once make one answer, the other is told it is there).
Nothing shows who answered what. The rule that keeps it so: answers come in during a
window of EVALUATION_DAYS after the meeting; nothing about them (how many, averages,
suggestions) is shown anywhere until the window has closed, and then only with
MIN_ANSWERS or more (see evaluation/health.py). No figure changes while answers come in,
and no count the coordinator sees depends on who answered (the request goes to everyone
who came, answered or not), so no one can tell an answer from a change.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ressourcenet.evaluation.models import RATING_MAX, RATING_MIN, SUGGESTION_MAX, Evaluation
from ressourcenet.lib import bounds
from ressourcenet.lib.dates import format_date
from ressourcenet.lib.links import make_token
from ressourcenet.mail import services as mail
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation, Meeting

Kind = OutgoingMessage.Kind

EVALUATION_LINK = "evaluation"
EVALUATION_LINK_MAX_AGE = timedelta(days=365)
# Answers are taken from the meeting's end until this many days after; then the results.
EVALUATION_DAYS = 14


class NotEvaluable(ValidationError):
    """The meeting cannot be evaluated by this invitee (not held, cancelled, not there)."""


class AlreadyEvaluated(ValidationError):
    """The invitee has answered already (the API answers 409)."""


def evaluation_link(invitation: Invitation) -> str:
    """The invitee's personal page with the three questions."""
    token = make_token(EVALUATION_LINK, invitation.pk)
    return settings.SITE_URL + reverse("evaluation_personal", args=[token])


def meeting_problem(meeting: Meeting) -> str | None:
    """Why no one can evaluate the meeting yet, or None once it was held."""
    if meeting.is_cancelled:
        return _("The meeting was cancelled, so there is nothing to evaluate.")
    if not meeting.has_ended:
        return _("You can evaluate the meeting once it has been held.")
    return None


def closes_at(meeting: Meeting) -> datetime | None:
    """When the meeting's evaluation closes and its results may be shown."""
    if meeting.ends_at is None:
        return None
    return meeting.ends_at + timedelta(days=EVALUATION_DAYS)


def closed_before(now: datetime | None = None) -> datetime:
    """Meetings that ended before this moment have their evaluation closed."""
    return (now or timezone.now()) - timedelta(days=EVALUATION_DAYS)


def is_closed(meeting: Meeting) -> bool:
    """Held, and its evaluation window is over: no more answers, the results may show."""
    closes = closes_at(meeting)
    return meeting_problem(meeting) is None and closes is not None and closes <= timezone.now()


def closed_message(meeting: Meeting) -> str:
    return _("The evaluation closed on %(date)s, so it takes no more answers.") % {
        "date": format_date(closes_at(meeting), "date")
    }


def invitation_problem(invitation: Invitation) -> str | None:
    """Why this invitee cannot evaluate the meeting, or None when they may."""
    if problem := meeting_problem(invitation.meeting):
        return problem
    if is_closed(invitation.meeting):
        return closed_message(invitation.meeting)
    if invitation.attended is not True:
        return _("Only those who came to the meeting can evaluate it.")
    return None


def has_answered(invitation: Invitation) -> bool:
    return Evaluation.objects.filter(invitation=invitation).exists()


def already_message() -> str:
    return _("You have evaluated this meeting already. Thank you.")


def rating_message() -> str:
    return _("Choose a number from %(min)d to %(max)d.") % {"min": RATING_MIN, "max": RATING_MAX}


def _rating(value, field: str, errors: dict) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            errors[field] = rating_message()
            return None
    if not RATING_MIN <= value <= RATING_MAX:
        errors[field] = rating_message()
        return None
    return value


def check_answer(relevance, time_well_spent, suggestion: str) -> tuple[int, int, str]:
    """The answer's values, or a ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    relevance = _rating(relevance, "relevance", errors)
    time_well_spent = _rating(time_well_spent, "time_well_spent", errors)
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        errors["suggestion"] = _("Write at most %(max)d characters.") % {"max": SUGGESTION_MAX}
    elif problem := bounds.text_problem(suggestion, str(_("One thing to change"))):
        errors["suggestion"] = problem
    if errors:
        raise ValidationError(errors)
    return relevance, time_well_spent, suggestion


def submit(invitation: Invitation, relevance, time_well_spent, suggestion: str = "") -> Evaluation:
    """Save the invitee's one answer. Raises NotEvaluable, AlreadyEvaluated or a
    ValidationError naming the fields."""
    if problem := invitation_problem(invitation):
        raise NotEvaluable(problem)
    relevance, time_well_spent, suggestion = check_answer(relevance, time_well_spent, suggestion)
    if has_answered(invitation):
        raise AlreadyEvaluated(already_message())
    return save(invitation, relevance, time_well_spent, suggestion)


def save(invitation: Invitation, relevance: int, time_well_spent: int, suggestion: str):
    """Store checked values (the demo's answers, given after their window, come here)."""
    try:
        # A savepoint: the unique row refuses a second answer sent at the same moment,
        # and the request's transaction goes on.
        with transaction.atomic():
            return Evaluation.objects.create(
                meeting_id=invitation.meeting_id,
                invitation=invitation,
                relevance=relevance,
                time_well_spent=time_well_spent,
                suggestion=suggestion,
            )
    except IntegrityError:
        raise AlreadyEvaluated(already_message()) from None


# --- asking those who came --------------------------------------------------------------


def evaluation_messages() -> QuerySet[OutgoingMessage]:
    return OutgoingMessage.objects.filter(kind=Kind.EVALUATION)


def missing_requests(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitees who came, have an address, and have no request sent or on its way: whom
    "send" reaches. Whether they answered does not matter: a count that left them out
    would tell the coordinator who answered (one who answered and clicks the link is
    told so)."""
    done = evaluation_messages().filter(
        invitation=OuterRef("pk"), status__in=(*mail.IN_FLIGHT, OutgoingMessage.Status.SENT)
    )
    return meeting.invitations.filter(attended=True).exclude(person__email="").exclude(Exists(done))


def send_problem(meeting: Meeting) -> str | None:
    """Why the request cannot be sent (told to the coordinator), or None."""
    if meeting.is_cancelled:
        return _("The meeting was cancelled, so there is nothing to evaluate.")
    if not meeting.has_ended:
        return _("The meeting has not been held yet, so there is nothing to evaluate yet.")
    if is_closed(meeting):
        return _("The evaluation closed on %(date)s, so it can no longer be sent.") % {
            "date": format_date(closes_at(meeting), "date")
        }
    if not meeting.invitations.filter(attended__isnull=False).exists():
        return _("Record who attended first: only those who came are asked.")
    return None


def request_email(invitation: Invitation) -> EmailMultiAlternatives:
    meeting, person = invitation.meeting, invitation.person
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "person": person,
            "link": evaluation_link(invitation),
            "network": meeting.network,
            "closes": format_date(closes_at(meeting), "date_time"),
        }
        subject = _("How was the meeting? %(title)s") % {"title": meeting.title}
        text = render_to_string("evaluation/email/request.txt", context)
        html = render_to_string("evaluation/email/request.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def queue_missing_requests(meeting: Meeting) -> list[OutgoingMessage]:
    if problem := send_problem(meeting):
        raise NotEvaluable(problem)
    # Lock the meeting so that two presses at once queue one e-mail per invitee.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    invitations = list(missing_requests(meeting).select_related("person", "meeting__network"))
    # A failed e-mail not yet retried is replaced by the new one, not sent twice.
    mail.drop(evaluation_messages().filter(invitation__in=invitations))
    return [
        mail.queue(
            Kind.EVALUATION,
            request_email(invitation),
            invitation.person.email,
            invitation.person.name,
            invitation=invitation,
        )
        for invitation in invitations
    ]


def send_requests(meeting: Meeting) -> mail.Outcome:
    """E-mail each invitee who came and has not had it their personal link to the
    evaluation; says how many went. Call outside a transaction."""
    with transaction.atomic():
        messages = queue_missing_requests(meeting)
    return mail.send_now(messages)
