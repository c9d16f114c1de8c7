"""The send path: one message per backend call, sent only when accepted, failures recorded
with their reason, passing problems retried with back-off."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from ressourcenet.mail import services
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.mail.services import deliver_due_messages

Status = OutgoingMessage.Status
Problem = OutgoingMessage.Problem

pytestmark = pytest.mark.django_db


def queue(to_email="vera@example.org", to_name="Vera Frivillig", **options) -> OutgoingMessage:
    message = EmailMultiAlternatives(subject="Hej", body="Tekst med et personligt link")
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("invitation.ics", "BEGIN:VCALENDAR", "text/calendar; method=REQUEST")
    return services.queue(OutgoingMessage.Kind.INVITATION, message, to_email, to_name, **options)


def refuse(monkeypatch, error: Exception, address: str = "") -> None:
    real = EmailBackend.send_messages

    def send_messages(self, messages):
        if any(address in to for message in messages for to in message.to):
            raise error
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def test_a_sent_message_is_marked_sent_and_keeps_no_content(mailoutbox):
    message = queue()

    assert services.send_now([message]) == services.Outcome(sent=1, failed=0)

    message.refresh_from_db()
    assert message.status == Status.SENT and message.sent_at is not None
    assert message.attempts == 1
    assert (message.body, message.html, message.attachments) == ("", "", [])
    (email,) = mailoutbox
    assert email.to == ["Vera Frivillig <vera@example.org>"]
    assert email.alternatives[0][0] == "<p>HTML</p>"
    assert email.attachments[0][0] == "invitation.ics"


def test_one_refused_recipient_fails_alone(monkeypatch, mailoutbox):
    refuse(monkeypatch, smtplib.SMTPRecipientsRefused({"b@example.org": (550, b"no")}), "b@")
    messages = [
        queue("a@example.org", "A"),
        queue("b@example.org", "B"),
        queue("c@example.org", ""),
    ]

    assert services.send_now(messages) == services.Outcome(sent=2, failed=1)

    refused = OutgoingMessage.objects.get(to_email="b@example.org")
    assert refused.status == Status.FAILED
    assert refused.problem == Problem.REFUSED
    assert "SMTPRecipientsRefused" in refused.last_error
    assert refused.next_attempt_at is None  # 550: trying again will not help
    assert sorted(m.to[0] for m in mailoutbox) == ["A <a@example.org>", "c@example.org"]


def test_a_name_with_a_line_break_fails_alone(mailoutbox):
    broken = queue(to_name="Vera\r\nBcc: all@example.org")
    fine = queue("mads@example.org", "Mads")

    assert services.send_now([broken, fine]) == services.Outcome(sent=1, failed=1)

    broken.refresh_from_db()
    assert (broken.status, broken.problem) == (Status.FAILED, Problem.ADDRESS)
    assert [m.to for m in mailoutbox] == [["Mads <mads@example.org>"]]


def test_a_backend_that_takes_nothing_is_not_counted_as_sent(monkeypatch, mailoutbox):
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: 0)
    message = queue()

    assert services.send_now([message]) == services.Outcome(sent=0, failed=1)
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_an_unreachable_server_is_retried_with_growing_waits(monkeypatch, mailoutbox):
    refuse(monkeypatch, ConnectionRefusedError("connection refused"))
    message = queue()
    waits = []
    for _attempt in range(services.MAX_ATTEMPTS):
        OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        assert services.deliver_due() == services.Outcome(sent=0, failed=1)
        message.refresh_from_db()
        assert message.problem == Problem.UNREACHABLE
        if message.next_attempt_at is not None:
            waits.append(message.next_attempt_at - before)

    assert message.attempts == services.MAX_ATTEMPTS
    assert message.next_attempt_at is None  # it gives up; a coordinator can send again
    assert len(waits) == services.MAX_ATTEMPTS - 1
    assert waits == sorted(waits) and waits[0] >= timedelta(minutes=5)
    assert mailoutbox == []


def test_a_failure_is_handed_to_a_deferring_worker(monkeypatch, settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    refuse(monkeypatch, smtplib.SMTPServerDisconnected("gone"))
    message = queue()

    services.send_now([message])

    message.refresh_from_db()
    (retry,) = deliver_due_messages.get_backend().results
    assert retry.args == [[message.pk]]
    assert retry.task.run_after == message.next_attempt_at


def test_the_retry_sends_once_the_server_is_back(monkeypatch, mailoutbox):
    refuse(monkeypatch, smtplib.SMTPServerDisconnected("gone"))
    message = queue()
    services.send_now([message])
    monkeypatch.undo()

    assert deliver_due_messages.call([message.pk]) == {"sent": 0, "failed": 0}  # not due yet
    OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver_due_messages.call([message.pk]) == {"sent": 1, "failed": 0}
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_a_message_sent_already_is_not_sent_twice(mailoutbox):
    message = queue()
    services.send_now([message])

    assert services.send_now([message]) == services.Outcome(sent=0, failed=0)
    assert len(mailoutbox) == 1


def test_a_message_past_its_time_is_dropped(mailoutbox):
    message = queue(expires_at=timezone.now() - timedelta(seconds=1))

    assert services.send_now([message]) == services.Outcome(sent=0, failed=0)
    message.refresh_from_db()
    assert message.status == Status.DROPPED
    assert mailoutbox == []


def test_sendmail_sends_what_is_due_and_says_so(mailoutbox, capsys):
    due = queue("due@example.org", "")
    queue("later@example.org")  # just queued: its own task sends it
    OutgoingMessage.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now())
    stuck = queue("stuck@example.org", "")
    # A process died while sending it: after a while it is tried again.
    OutgoingMessage.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, last_attempt_at=timezone.now() - timedelta(hours=1)
    )

    call_command("sendmail")

    assert capsys.readouterr().out.strip() == "2 sent, 0 failed."
    assert sorted(m.to[0] for m in mailoutbox) == ["due@example.org", "stuck@example.org"]


@pytest.mark.parametrize(
    ("error", "problem", "retried"),
    [
        (smtplib.SMTPRecipientsRefused({"a": (550, b"")}), Problem.REFUSED, False),
        (smtplib.SMTPRecipientsRefused({"a": (451, b"")}), Problem.TEMPORARY, True),
        (smtplib.SMTPDataError(554, b"spam"), Problem.REFUSED, False),
        (smtplib.SMTPDataError(451, b"later"), Problem.TEMPORARY, True),
        (smtplib.SMTPServerDisconnected("gone"), Problem.UNREACHABLE, True),
        (smtplib.SMTPConnectError(421, b"busy"), Problem.UNREACHABLE, True),
        (TimeoutError("timed out"), Problem.UNREACHABLE, True),
        (ValueError("CR or LF"), Problem.ADDRESS, False),
        (RuntimeError("surprise"), Problem.OTHER, True),
    ],
)
def test_each_problem_is_named_and_retried_only_if_it_may_pass(error, problem, retried):
    assert services.classify(error) == (problem, retried)


def test_the_demo_outbox_still_receives_e_mail(settings):
    from ressourcenet.accounts.models import OutboxMessage

    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"

    assert services.send_now([queue()]) == services.Outcome(sent=1, failed=0)
    stored = OutboxMessage.objects.get()
    assert stored.to == "Vera Frivillig <vera@example.org>"
    assert stored.attachments[0]["filename"] == "invitation.ics"
