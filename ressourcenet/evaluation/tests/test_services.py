"""The one answer per invitee who came, its bounds, and the e-mail that asks for it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ressourcenet.evaluation import services
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.mail.models import OutgoingMessage


def test_an_invitee_who_came_answers_once(came):
    services.submit(came, 4, 5, "  Mere tid ved bordene.  ")
    evaluation = Evaluation.objects.get(invitation=came)
    assert (evaluation.relevance, evaluation.time_well_spent) == (4, 5)
    assert evaluation.suggestion == "Mere tid ved bordene."
    with pytest.raises(services.AlreadyEvaluated):
        services.submit(came, 1, 1)
    assert Evaluation.objects.count() == 1


def test_two_answers_at_the_same_moment_make_one_row(came, monkeypatch):
    """The second request passed the check before the first saved: the unique row refuses
    it, and it is told it answered already (no 500, no second row)."""
    services.submit(came, 4, 4)
    monkeypatch.setattr(services, "has_answered", lambda invitation: False)
    with pytest.raises(services.AlreadyEvaluated):
        services.submit(came, 2, 2)
    assert Evaluation.objects.filter(invitation=came).count() == 1


def test_who_did_not_come_cannot_answer(stayed_away):
    with pytest.raises(services.NotEvaluable):
        services.submit(stayed_away, 3, 3)
    stayed_away.attended = None
    with pytest.raises(services.NotEvaluable):
        services.submit(stayed_away, 3, 3)


def test_a_meeting_not_held_or_cancelled_takes_no_answers(came):
    meeting = came.meeting
    meeting.starts_at = timezone.now() + timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    with pytest.raises(services.NotEvaluable):
        services.submit(came, 3, 3)
    meeting.starts_at, meeting.ends_at = None, None
    with pytest.raises(services.NotEvaluable):
        services.submit(came, 3, 3)
    meeting.starts_at = timezone.now() - timedelta(days=3)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.cancelled_at = timezone.now()
    with pytest.raises(services.NotEvaluable):
        services.submit(came, 3, 3)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, 10**30, -1, "many", None, True, "3\x00"])
def test_ratings_outside_one_to_five_are_refused_naming_the_field(came, rating):
    with pytest.raises(ValidationError) as refused:
        services.submit(came, rating, 3)
    assert set(refused.value.message_dict) == {"relevance"}
    with pytest.raises(ValidationError) as refused:
        services.submit(came, 3, rating)
    assert set(refused.value.message_dict) == {"time_well_spent"}
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("text", ["Mere\x00kaffe", "x" * 1001])
def test_a_suggestion_with_control_characters_or_too_long_is_refused(came, text):
    with pytest.raises(ValidationError) as refused:
        services.submit(came, 3, 3, text)
    assert set(refused.value.message_dict) == {"suggestion"}


def test_the_request_goes_to_those_who_came_once(held, came, member):
    assert services.send_problem(held) is None
    outcome = services.send_requests(held)
    assert (outcome.sent, outcome.failed) == (2, 0)
    to = sorted(message.to[0] for message in django_mail.outbox)
    assert len(to) == 2 and all("udeblev" not in address for address in to)
    assert "/evaluation/" in django_mail.outbox[0].body
    # A second press sends to no one; someone who came later (recorded late) gets theirs.
    assert services.send_requests(held) == services.mail.Outcome(0, 0)
    ole = held.invitations.get(person__name="Ole Udeblev")
    ole.attended = True
    ole.save()
    assert services.send_requests(held).sent == 1
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.EVALUATION).count() == 3


def test_whether_one_answered_does_not_change_whom_the_request_goes_to(held, came):
    """A count that dropped with each answer would tell the coordinator who answered."""
    before = set(services.missing_requests(held))
    services.submit(came, 5, 5)
    assert set(services.missing_requests(held)) == before and len(before) == 2
    assert services.send_requests(held).sent == 2


def test_the_window_closes_evaluation_days_after_the_meeting(held, came):
    assert services.closes_at(held) == held.ends_at + timedelta(days=services.EVALUATION_DAYS)
    assert not services.is_closed(held) and services.invitation_problem(came) is None
    held.starts_at -= timedelta(days=services.EVALUATION_DAYS)
    held.ends_at -= timedelta(days=services.EVALUATION_DAYS)
    held.save()
    came.meeting = held
    assert services.is_closed(held)
    with pytest.raises(services.NotEvaluable):
        services.submit(came, 3, 3)
    assert services.send_problem(held)
    with pytest.raises(services.NotEvaluable):
        services.send_requests(held)
    assert not Evaluation.objects.exists() and not django_mail.outbox


def test_the_coordinator_is_told_why_nothing_is_sent_before_the_meeting(held, came):
    held.starts_at = timezone.now() + timedelta(days=2)
    held.ends_at = held.starts_at + timedelta(hours=2)
    held.save()
    # Not the attendee's "you can evaluate once...": the coordinator's own reason.
    assert services.send_problem(held) not in (None, services.meeting_problem(held))
    with pytest.raises(services.NotEvaluable):
        services.send_requests(held)


def test_the_request_says_until_when_one_can_answer(held):
    services.send_requests(held)
    with translation.override(settings.LANGUAGE_CODE):
        closes = services.format_date(services.closes_at(held), "date_time")
    assert closes in django_mail.outbox[0].body


def test_no_request_before_the_attendance_is_recorded(held):
    held.invitations.update(attended=None)
    assert services.send_problem(held)
    with pytest.raises(services.NotEvaluable):
        services.send_requests(held)
    assert not django_mail.outbox
