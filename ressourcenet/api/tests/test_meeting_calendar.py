"""GET /api/v1/meetings/{id}/calendar.ics: the meeting as a calendar file to download."""

from datetime import datetime

import pytest
from django.conf import settings
from icalendar import Calendar

from ressourcenet.api.tests.conftest import AHEAD, CPH
from ressourcenet.api.tests.utils import ROLES, patch_json, refusal_status, the_event
from ressourcenet.meetings import services
from ressourcenet.meetings.models import Meeting

MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}


def url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/calendar.ics"


def download(client, meeting: Meeting) -> Calendar:
    response = client.get(url(meeting))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_calendar_of_a_meeting_without_a_decided_time_is_not_found(member, api_client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=None, ends_at=None)

    response = api_client(member).get(url(meeting))

    assert response.status_code == 404


def test_calendar_is_a_text_calendar_download(member, api_client, meeting):
    response = api_client(member).get(url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'


def test_calendar_holds_the_meeting_in_copenhagen_time(member, api_client, meeting):
    calendar = download(api_client(member), meeting)

    assert calendar["METHOD"] == "PUBLISH"
    [timezone_part] = calendar.walk("VTIMEZONE")
    assert timezone_part["TZID"] == "Europe/Copenhagen"
    event = the_event(calendar)
    assert event["UID"] == f"{meeting.uid}@ressourcenet"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "Idéer til caféen"
    assert event["LOCATION"] == "Beboerhuset, Nordparken 2"
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH)
    assert event.decoded("DTEND") == datetime(AHEAD, 9, 18, 19, 0, tzinfo=CPH)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"


def test_calendar_description_has_the_why_and_a_link_to_the_meeting(member, api_client, meeting):
    event = the_event(download(api_client(member), meeting))

    description = str(event["DESCRIPTION"])
    assert "Ti idéer til produkter" in description
    assert f"{settings.SITE_URL}{meeting.get_absolute_url()}" in description


def test_calendar_of_a_changed_announced_meeting_has_a_higher_sequence(
    admin_user, api_client, sent_meeting, django_capture_on_commit_callbacks
):
    client = api_client(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        patch_json(
            client, f"/api/v1/meetings/{sent_meeting.pk}", {"starts_at": f"{AHEAD}-09-18T16:00"}
        )

    event = the_event(download(client, sent_meeting))

    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"{sent_meeting.uid}@ressourcenet"
    assert event.decoded("DTSTART") == datetime(AHEAD, 9, 18, 16, 0, tzinfo=CPH)


def test_calendar_of_a_cancelled_meeting_says_so(admin_user, api_client, sent_meeting):
    services.cancel_meeting(sent_meeting)

    event = the_event(download(api_client(admin_user), sent_meeting))

    assert event["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_the_calendar(role, client_as, meeting):
    response = client_as(role).get(url(meeting))

    if role in MAY_SEE:
        assert response.status_code == 200
        assert b"BEGIN:VCALENDAR" in response.content
    else:
        assert response.status_code == refusal_status(role)
        assert b"VCALENDAR" not in response.content
        assert response["Content-Type"] == "application/json; charset=utf-8"


def test_calendar_of_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/meetings/999999/calendar.ics").status_code == 404
