"""The demo outbox: e-mails kept in the database, with their parts and attachments."""

import base64

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail

from ressourcenet.accounts.models import OutboxMessage

PDF = b"%PDF-1.4\n\x00\xff\xfe binary leaflet"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Møde\r\nEND:VCALENDAR\r\n"


@pytest.fixture(autouse=True)
def _outbox_backend(settings):
    settings.EMAIL_BACKEND = "ressourcenet.accounts.mail.OutboxBackend"


@pytest.mark.django_db
def test_send_mail_keeps_the_message_in_the_outbox():
    sent = send_mail(
        "Invitation: Temamøde",
        "Kære Vera,\nvelkommen.",
        None,
        ["Vera Frivillig <vera@example.org>", "mads@example.org"],
        html_message="<p>Kære Vera,</p>",
    )

    assert sent == 1
    (message,) = OutboxMessage.objects.all()
    assert message.subject == "Invitation: Temamøde"
    assert message.to == "Vera Frivillig <vera@example.org>, mads@example.org"
    assert message.body == "Kære Vera,\nvelkommen."
    assert message.html == "<p>Kære Vera,</p>"
    assert message.attachments == []


@pytest.mark.django_db
def test_a_plain_text_message_has_no_html():
    send_mail("Påmindelse", "Husk mødet i morgen.", None, ["vera@example.org"])

    message = OutboxMessage.objects.get()
    assert (message.body, message.html) == ("Husk mødet i morgen.", "")


@pytest.mark.django_db
def test_nothing_reaches_the_test_outbox():
    send_mail("Påmindelse", "Husk mødet.", None, ["vera@example.org"])

    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_attachments_are_kept_as_base64():
    message = EmailMultiAlternatives("Folder", "Se vedhæftet.", to=["vera@example.org"])
    message.attach("folder.pdf", PDF, "application/pdf")
    message.attach("invitation.ics", ICS.encode(), "text/calendar; method=REQUEST")

    assert message.send() == 1

    stored = OutboxMessage.objects.get().attachments
    assert [(a["filename"], a["mimetype"]) for a in stored] == [
        ("folder.pdf", "application/pdf"),
        ("invitation.ics", "text/calendar; method=REQUEST"),
    ]
    assert base64.b64decode(stored[0]["content"]) == PDF
    assert base64.b64decode(stored[1]["content"]).decode() == ICS


@pytest.mark.django_db
def test_copies_are_listed_among_the_recipients():
    EmailMultiAlternatives(
        "Opsamling", "Tak for i dag.", to=["vera@example.org"], cc=["karen@example.org"]
    ).send()

    assert OutboxMessage.objects.get().to == "vera@example.org, karen@example.org"


@pytest.mark.django_db
def test_several_messages_at_once_are_each_kept():
    messages = [
        EmailMultiAlternatives(f"Invitation {n}", "Tekst", to=[f"person{n}@example.org"])
        for n in range(3)
    ]

    with mail.get_connection() as connection:
        assert connection.send_messages(messages) == 3

    assert sorted(OutboxMessage.objects.values_list("subject", flat=True)) == [
        "Invitation 0",
        "Invitation 1",
        "Invitation 2",
    ]
