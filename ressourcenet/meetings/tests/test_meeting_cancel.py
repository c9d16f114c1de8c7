"""Cancelling a meeting: it stays on record, and those who got an invitation are told."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite


def cancel_url(meeting) -> str:
    return reverse("meeting_cancel", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def cancel(django_capture_on_commit_callbacks):
    def _cancel(client, meeting):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(cancel_url(meeting))

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


def test_meeting_cancel_rejects_get(login, coordinator, meeting):
    assert login(coordinator).get(cancel_url(meeting)).status_code == 405
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
