"""Cancelling a meeting: it stays on record, and those who got an invitation are told."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar

from ressourcenet.conftest import make_person
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite, make_meeting


def cancel_url(meeting) -> str:
    return reverse("meeting_cancel", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def cancel(django_capture_on_commit_callbacks):
    def _cancel(client, meeting):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(cancel_url(meeting), {"confirmed": "1"})

    return _cancel


def test_cancelling_marks_the_meeting_and_shows_the_meeting_page(
    login, coordinator, meeting, cancel
):
    response = cancel(login(coordinator), meeting)

    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.sequence == 1


def test_those_who_got_the_invitation_get_a_cancellation(
    login, coordinator, meeting, member, volunteer, cancel, mailoutbox
):
    told, not_yet_told = invite(meeting, member.person, volunteer)
    meeting.invitations_sent_at = told.sent_at = meeting.created_at
    told.sent_sequence = 0
    meeting.save()
    told.save()

    cancel(login(coordinator), meeting)

    assert [message.to for message in mailoutbox] == [["Mads Medlem <mads.medlem@example.org>"]]
    (ics,) = [content for name, content, _type in mailoutbox[0].attachments]
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_cancelling_before_sending_tells_no_one(
    login, coordinator, meeting, member, cancel, mailoutbox
):
    invite(meeting, member.person)

    cancel(login(coordinator), meeting)

    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_cancelling_twice_keeps_the_first_cancellation(login, coordinator, meeting, cancel):
    client = login(coordinator)
    cancel(client, meeting)
    meeting.refresh_from_db()
    first = meeting.cancelled_at

    response = cancel(client, meeting)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.cancelled_at, meeting.sequence) == (first, 1)


def test_cancelled_meeting_page_offers_no_answer(login, coordinator, meeting, member, cancel):
    invite(meeting, member.person)
    cancel(login(coordinator), meeting)

    content = login(member).get(meeting.get_absolute_url()).content.decode()

    assert reverse("meeting_rsvp", args=["testby", meeting.pk]) not in content


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_cancel(request, login, role, meeting, cancel):
    assert cancel(login(request.getfixturevalue(role)), meeting).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, cancel):
    response = cancel(client, meeting)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_coordinator_cannot_cancel_a_meeting_of_another_network(
    login, coordinator, other_meeting, cancel
):
    assert cancel(login(coordinator), other_meeting).status_code == 403
    other_meeting.refresh_from_db()
    assert not other_meeting.is_cancelled


def test_meeting_cancel_rejects_put(login, coordinator, meeting):
    assert login(coordinator).put(cancel_url(meeting)).status_code == 405
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def announce_to(meeting, *people):
    """As after sending: these invitees received the meeting."""
    invitations = invite(meeting, *people)
    meeting.invitations_sent_at = meeting.created_at
    meeting.save()
    for invitation in invitations:
        invitation.sent_at, invitation.sent_sequence = meeting.created_at, 0
        invitation.save()
    return invitations


def test_cancelling_is_confirmed_first_with_the_number_who_are_told(
    login, coordinator, meeting, member, volunteer, mailoutbox
):
    announce_to(meeting, member.person, volunteer)
    client = login(coordinator)

    for response in (client.get(cancel_url(meeting)), client.post(cancel_url(meeting))):
        assert response.status_code == 200
        assert 'data-told="2"' in response.content.decode()

    assert mailoutbox == []
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_after_cancelling_the_page_says_how_many_were_told(
    login, coordinator, meeting, member, volunteer, cancel
):
    announce_to(meeting, member.person, volunteer)
    client = login(coordinator)

    cancel(client, meeting)

    shown = [str(m) for m in client.get(meeting.get_absolute_url()).context["messages"]]
    with translation.override("da"):
        told = ngettext(
            "%(count)d invitee is told by e-mail.", "%(count)d invitees are told by e-mail.", 2
        ) % {"count": 2}
    assert told in shown


def test_cancelling_a_meeting_nobody_received_says_no_one_was_told(
    login, coordinator, meeting, cancel
):
    client = login(coordinator)

    cancel(client, meeting)

    shown = [str(m) for m in client.get(meeting.get_absolute_url()).context["messages"]]
    with translation.override("da"):
        expected = gettext(
            "The meeting is cancelled. No one had received the invitation or the poll, "
            "so no one was told."
        )
    assert shown == [expected]


def poll_email_to(invitation, status="sent"):
    """As after the poll on the time: its e-mail to this invitee (sent, or still waiting)."""
    return OutgoingMessage.objects.create(
        kind=OutgoingMessage.Kind.POLL,
        status=status,
        to_email=invitation.person.email,
        to_name=invitation.person.name,
        subject="Hvornår kan du komme?",
        invitation=invitation,
    )


def test_those_who_got_only_the_poll_are_counted_and_told_without_a_calendar_file(
    login, coordinator, network, member, volunteer, cancel, mailoutbox
):
    guest_person = make_person("Gitte Gæst", email="gitte@example.org")
    meeting = make_meeting(network, starts_at=None)
    polled, waiting, calendar_holder = invite(meeting, member.person, volunteer, guest_person)
    poll_email_to(polled)
    poll_email_to(waiting, status="queued")  # never went: dropped, no one to tell
    calendar_holder.sent_sequence = 0
    calendar_holder.save()
    client = login(coordinator)

    assert 'data-told="2"' in client.get(cancel_url(meeting)).content.decode()
    cancel(client, meeting)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {
        f"{member.person.name} <{member.person.email}>",
        f"{guest_person.name} <{guest_person.email}>",
    }
    notice = by_recipient[f"{member.person.name} <{member.person.email}>"]
    assert notice.attachments == []
    with translation.override("da"):
        assert gettext("Cancelled: %(title)s") % {"title": meeting.title} == notice.subject
    assert len(by_recipient[f"{guest_person.name} <{guest_person.email}>"].attachments) == 1
    polled.refresh_from_db()
    assert polled.sent_sequence is None  # the meeting never reached their calendar
    shown = [str(m) for m in client.get(meeting.get_absolute_url()).context["messages"]]
    with translation.override("da"):
        told = ngettext(
            "%(count)d invitee is told by e-mail.", "%(count)d invitees are told by e-mail.", 2
        ) % {"count": 2}
    assert told in shown


def cancel_button(client, meeting) -> str:
    page = client.get(
        reverse("meeting_plan_invitations", args=[meeting.network.plan.slug, meeting.pk])
    )
    (text,) = re.findall(r'<button[^>]* data-told="\d+">([^<]*)</button>', page.content.decode())
    return text


def test_the_cancel_button_promises_to_tell_the_invitees_only_when_someone_would_be_told(
    login, coordinator, meeting, member, volunteer
):
    client = login(coordinator)
    with translation.override("da"):
        plain = gettext("Cancel the meeting")
        telling = gettext("Cancel the meeting and tell the invitees")

    assert cancel_button(client, meeting) == plain
    invite(meeting, member.person)  # invited, but nothing sent yet: no one to tell
    assert cancel_button(client, meeting) == plain
    announce_to(meeting, volunteer)
    assert cancel_button(client, meeting) == telling
