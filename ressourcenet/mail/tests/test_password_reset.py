"""The password-reset e-mail goes through the same send path as every other e-mail."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from ressourcenet.conftest import make_user
from ressourcenet.mail.models import OutgoingMessage


def test_the_reset_e_mail_is_recorded_as_sent(client, db, mailoutbox):
    make_user("mads@example.org")

    client.post(reverse("password_reset"), {"email": "mads@example.org"})

    (message,) = OutgoingMessage.objects.all()
    assert message.kind == OutgoingMessage.Kind.PASSWORD_RESET
    assert message.status == OutgoingMessage.Status.SENT
    assert message.body == ""  # the reset link does not stay in the database
    (email,) = mailoutbox
    assert email.to == ["mads@example.org"]
    assert "/accounts/reset/" in email.body


def test_a_reset_e_mail_the_server_did_not_take_waits_for_a_retry(
    client, db, mailoutbox, monkeypatch
):
    make_user("mads@example.org")

    def down(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailBackend, "send_messages", down)

    response = client.post(reverse("password_reset"), {"email": "mads@example.org"})

    assert response.status_code == 302  # the page tells no one whether the address exists
    message = OutgoingMessage.objects.get()
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.next_attempt_at is not None
    assert "/accounts/reset/" in message.body  # kept until it goes
