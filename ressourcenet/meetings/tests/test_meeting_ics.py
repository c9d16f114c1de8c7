"""One meeting as a calendar file, for those who may see the meeting."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from ressourcenet.conftest import assert_sent_home


def ics_url(meeting) -> str:
    return reverse("meeting_ics", args=[meeting.network.plan.slug, meeting.pk])


def test_member_downloads_the_meeting_as_a_calendar_file(login, member, meeting):
    response = login(member).get(ics_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
    assert str(event["SUMMARY"]) == "Idéer til caféen"
    assert str(event["LOCATION"]) == "Beboerhuset, Nordparken 1"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert meeting.get_absolute_url() in str(event["DESCRIPTION"])


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "board_member"])
def test_coordinators_board_and_administrators_may_download(request, login, role, meeting):
    assert login(request.getfixturevalue(role)).get(ics_url(meeting)).status_code == 200


def test_outsider_may_not_download(login, outsider, meeting):
    response = login(outsider).get(ics_url(meeting))

    assert response.status_code == 403
    assert b"BEGIN:VCALENDAR" not in response.content


def test_editor_is_sent_to_their_own_page_instead_of_a_403(login, editor, meeting):
    response = login(editor).get(ics_url(meeting), follow=True)

    assert_sent_home(response)
    assert b"BEGIN:VCALENDAR" not in response.content


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.get(ics_url(meeting))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_meeting_under_another_plans_address_is_not_found(login, admin_user, meeting):
    response = login(admin_user).get(f"/plans/findes-ikke/meetings/{meeting.pk}/calendar.ics")

    assert response.status_code == 404


def test_meeting_ics_rejects_post(login, member, meeting):
    assert login(member).post(ics_url(meeting)).status_code == 405
