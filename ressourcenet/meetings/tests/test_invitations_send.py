"""Sending the invitations: one e-mail per invitee with an address, each with its own link."""

import smtplib

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from icalendar import Calendar

from ressourcenet.conftest import make_person
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite, plan_url


def send_url(meeting) -> str:
    return reverse("invitations_send", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(client, meeting): post as the page does; e-mails go when the transaction commits."""

    def _send(client, meeting):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(send_url(meeting))

    return _send


def addresses(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_one_e_mail_per_invitee_with_an_address(
    login, coordinator, meeting, member, volunteer, send, mailoutbox
):
    no_email = make_person("Ulla Uden Mail", email="")
    invite(meeting, member.person, volunteer, no_email)

    response = send(login(coordinator), meeting)

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "invitations") + "#main-content"
    )  # at the message, at the top
    assert addresses(mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None
    sent = dict(meeting.invitations.values_list("person__name", "sent_at"))
    assert sent["Ulla Uden Mail"] is None
    assert sent["Mads Medlem"] is not None and sent["Vera Frivillig"] is not None


def test_each_e_mail_carries_its_own_answer_link_and_a_calendar_file(
    login, coordinator, meeting, member, volunteer, send, mailoutbox
):
    invitations = {i.person.email: i for i in invite(meeting, member.person, volunteer)}

    send(login(coordinator), meeting)

    for message in mailoutbox:
        invitation = invitations[message.to[0].split("<")[1].rstrip(">")]
        assert f"{settings.SITE_URL}/invitation/{invitation.pk}:" in message.body
        html, _mimetype = message.alternatives[0]
        assert f"{settings.SITE_URL}/invitation/{invitation.pk}:" in html
        (ics,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
        calendar = Calendar.from_ical(ics)
        assert str(calendar["METHOD"]) == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
        assert str(event["SUMMARY"]) == "Idéer til caféen"


def test_sending_again_reaches_only_those_invited_since(
    login, coordinator, meeting, member, volunteer, send, mailoutbox
):
    client = login(coordinator)
    invite(meeting, member.person)
    send(client, meeting)
    invite(meeting, volunteer)

    send(client, meeting)

    assert addresses(mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]


def test_nothing_is_sent_for_a_cancelled_meeting(
    login, coordinator, meeting, member, send, mailoutbox
):
    invite(meeting, member.person)
    cancel_meeting(meeting)

    response = send(login(coordinator), meeting)

    assert response.status_code == 302
    assert mailoutbox == []
    assert meeting.invitations.get().sent_at is None


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_send(request, login, role, meeting, volunteer, send, mailoutbox):
    invite(meeting, volunteer)

    assert send(login(request.getfixturevalue(role)), meeting).status_code == 403
    assert mailoutbox == []
    assert meeting.invitations.get().sent_at is None


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, volunteer, send, mailoutbox):
    invite(meeting, volunteer)

    response = send(client, meeting)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert mailoutbox == []


def test_coordinator_cannot_send_for_another_network(
    login, coordinator, other_meeting, volunteer, send, mailoutbox
):
    invite(other_meeting, volunteer)

    assert send(login(coordinator), other_meeting).status_code == 403
    assert mailoutbox == []


def test_invitations_send_by_get_is_sent_to_the_form_s_page(
    login, coordinator, meeting, volunteer, mailoutbox
):
    invite(meeting, volunteer)

    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(send_url(meeting))

    assert response.status_code == 303
    assert response.url == plan_url(meeting, "invitations")
    assert mailoutbox == []


# When an e-mail cannot be sent


def refuse(monkeypatch, address: str) -> None:
    """The mail server refuses this address (550), and takes every other."""
    real = LocmemBackend.send_messages

    def send_messages(self, messages):
        if any(address in to for message in messages for to in message.to):
            raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
        return real(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_messages)


def test_a_name_with_a_line_break_does_not_stop_the_others(
    login, coordinator, meeting, member, volunteer, send, mailoutbox
):
    broken = make_person("Gitte\r\nBcc: alle@example.org", email="gitte@example.org")
    invite(meeting, member.person, volunteer, broken)
    client = login(coordinator)

    send(client, meeting)

    assert addresses(mailoutbox) == [
        "Mads Medlem <mads.medlem@example.org>",
        "Vera Frivillig <vera.frivillig@example.org>",
    ]
    assert meeting.invitations.get(person=broken).sent_at is None
    (message,) = client.get(plan_url(meeting, "invitations")).context["messages"]
    assert message.level_tag == "error"
    assert message.message == (
        "2 sendt, 1 kunne ikke sendes. Vi prøver selv igen, hvis fejlen kan gå over. "
        "Listen over invitationer viser, hvem der ikke har fået sin, og hvorfor."
    )


def test_a_refused_invitation_is_not_marked_sent_and_the_page_says_why(
    login, coordinator, meeting, member, volunteer, send, mailoutbox, monkeypatch
):
    invite(meeting, member.person, volunteer)
    refuse(monkeypatch, "vera.frivillig@example.org")
    client = login(coordinator)

    send(client, meeting)

    sent = dict(meeting.invitations.values_list("person__name", "sent_at"))
    assert sent["Vera Frivillig"] is None and sent["Mads Medlem"] is not None
    page = client.get(plan_url(meeting, "invitations"))
    (row,) = [i for i in page.context["invitations"] if i.person == volunteer]
    assert row.delivery.state == "failed"
    with translation.override("da"):
        reason = escape(str(OutgoingMessage.Problem.REFUSED.label))
        button = gettext("Send again to those who are missing (%(counter)s)") % {"counter": 1}
    content = page.content.decode()
    assert reason in content
    assert escape(button) in content


def test_sending_again_reaches_exactly_those_missing(
    login, coordinator, meeting, member, volunteer, send, mailoutbox, monkeypatch
):
    invite(meeting, member.person, volunteer)
    refuse(monkeypatch, "vera.frivillig@example.org")
    client = login(coordinator)
    send(client, meeting)
    monkeypatch.undo()
    mailoutbox.clear()

    send(client, meeting)
    send(client, meeting)  # a double click

    assert addresses(mailoutbox) == ["Vera Frivillig <vera.frivillig@example.org>"]
    assert not meeting.invitations.filter(sent_at__isnull=True).exists()
    page = client.get(plan_url(meeting, "invitations"))
    assert page.context["missing"] == 0
