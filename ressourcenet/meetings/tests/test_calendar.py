"""Calendar files: each one parses, and says what calendar programs need to keep one event."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from ressourcenet.conftest import make_person
from ressourcenet.meetings.calendar import feed_ics, invitation_ics, meeting_ics
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.networks.models import Membership

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2025, 9, 16, 17, 0, tzinfo=CPH)


@pytest.fixture
def meeting(network) -> Meeting:
    return Meeting.objects.create(
        network=network,
        title="Kaffe, kage; og nye idéer",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        starts_at=START,
        ends_at=START + timedelta(hours=2, minutes=30),
        location="Beboerhuset, Nordparken 1",
    )


def make_meeting(network, title: str, starts_at: datetime) -> Meeting:
    return Meeting.objects.create(
        network=network, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )


def parse(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_is_a_request_for_one_event(meeting, volunteer):
    calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
    assert event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == "Kaffe, kage; og nye idéer"
    assert str(event["LOCATION"]) == "Beboerhuset, Nordparken 1"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert meeting.why in str(event["DESCRIPTION"])


def test_the_times_are_in_copenhagen_time(meeting, volunteer):
    _calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTEND"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=150)
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2025, 9, 16, 17, 0)


def test_a_time_stored_in_utc_is_written_as_copenhagen_time(network, volunteer):
    meeting = make_meeting(network, "Sommermøde", datetime(2025, 6, 10, 15, 0, tzinfo=UTC))
    meeting.refresh_from_db()

    ics = invitation_ics(meeting, "REQUEST", volunteer)

    _calendar, event = parse(ics)
    assert b"DTSTART;TZID=Europe/Copenhagen:20250610T170000" in ics
    assert event.decoded("DTSTART") == datetime(2025, 6, 10, 17, 0, tzinfo=CPH)


def test_the_calendar_describes_copenhagen_time_itself(meeting, volunteer):
    calendar, _event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Copenhagen"
    # Built from the file alone, as a calendar program without a time-zone database would.
    described = zone.to_tz(lookup_tzid=False)
    assert datetime(2025, 9, 16, 17, 0, tzinfo=described).utcoffset() == timedelta(hours=2)
    assert datetime(2025, 12, 16, 17, 0, tzinfo=described).utcoffset() == timedelta(hours=1)


def test_the_invitation_names_the_attendee(meeting, volunteer):
    _calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{volunteer.email}"
    assert attendee.params["CN"] == "Vera Frivillig"


def test_without_a_coordinator_the_organiser_is_the_network(meeting, volunteer, settings):
    _calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert str(event["ORGANIZER"]) == f"mailto:{settings.DEFAULT_FROM_EMAIL_ADDRESS}"
    assert event["ORGANIZER"].params["CN"] == "Netværk for familier"


def test_the_organiser_is_the_coordinator_by_name(meeting, volunteer, coordinator, settings):
    _calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert str(event["ORGANIZER"]) == f"mailto:{settings.DEFAULT_FROM_EMAIL_ADDRESS}"
    assert event["ORGANIZER"].params["CN"] == "Karen Koordinator"


def test_two_coordinators_are_named_together(meeting, volunteer, coordinator):
    Membership.objects.create(
        network=meeting.network,
        person=make_person("Bo Koordinator"),
        role=Membership.Role.COORDINATOR,
        starts_on=meeting.network.plan.starts_on,
    )

    _calendar, event = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert event["ORGANIZER"].params["CN"] == "Bo Koordinator og Karen Koordinator"


def test_the_feed_names_the_coordinator_as_organiser(meeting, coordinator):
    (event,) = Calendar.from_ical(feed_ics("Familier", [meeting])).walk("VEVENT")

    assert event["ORGANIZER"].params["CN"] == "Karen Koordinator"


def test_a_change_raises_the_sequence_and_keeps_the_uid(meeting, volunteer):
    _calendar, first = parse(invitation_ics(meeting, "REQUEST", volunteer))
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    meeting.sequence = 1
    meeting.save()

    _calendar, changed = parse(invitation_ics(meeting, "REQUEST", volunteer))

    assert str(changed["UID"]) == str(first["UID"])
    assert changed["SEQUENCE"] == 1
    assert changed.decoded("DTSTART") == START + timedelta(days=1)


def test_a_cancellation_cancels_the_same_event(meeting, volunteer):
    cancel_meeting(meeting)

    calendar, event = parse(invitation_ics(meeting, "CANCEL", volunteer))

    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["ATTENDEE"]) == f"mailto:{volunteer.email}"
    assert event.decoded("DTSTART") == START


def test_a_download_is_published_without_attendees(meeting):
    calendar, event = parse(meeting_ics(meeting))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"{meeting.uid}@ressourcenet"
    assert "ATTENDEE" not in event
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_a_download_of_a_cancelled_meeting_says_so(meeting):
    cancel_meeting(meeting)

    _calendar, event = parse(meeting_ics(meeting))

    assert str(event["STATUS"]) == "CANCELLED"


def test_the_description_links_to_the_meeting_page(meeting):
    _calendar, event = parse(meeting_ics(meeting, site_url="https://ressourcenet.example.dk"))

    assert f"https://ressourcenet.example.dk{meeting.get_absolute_url()}" in str(
        event["DESCRIPTION"]
    )


def test_the_feed_holds_every_meeting_given(network, meeting):
    later = make_meeting(network, "Temamøde om job", START + timedelta(days=30))
    dropped = make_meeting(network, "Aflyst møde", START + timedelta(days=60))
    cancel_meeting(dropped)

    calendar = Calendar.from_ical(feed_ics("Netværk for familier", [meeting, later, dropped]))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Netværk for familier"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"{m.uid}@ressourcenet" for m in (meeting, later, dropped)}
    assert {uid: str(event["STATUS"]) for uid, event in events.items()} == {
        f"{meeting.uid}@ressourcenet": "CONFIRMED",
        f"{later.uid}@ressourcenet": "CONFIRMED",
        f"{dropped.uid}@ressourcenet": "CANCELLED",
    }
    assert events[f"{later.uid}@ressourcenet"].decoded("DTSTART") == START + timedelta(days=30)
    assert events[f"{dropped.uid}@ressourcenet"]["SEQUENCE"] == 1


def test_an_empty_feed_is_still_a_calendar(network):
    calendar = Calendar.from_ical(feed_ics("Netværk for familier", []))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


def offset_by_the_calendar_itself(ics: bytes) -> timedelta:
    """The event's UTC offset as the file's own VTIMEZONE gives it, not the system's zone data."""
    calendar, event = parse(ics)
    (zone,) = calendar.walk("VTIMEZONE")
    local = event.decoded("DTSTART").replace(tzinfo=None)
    return local.replace(tzinfo=zone.to_tz(lookup_tzid=False)).utcoffset()


@pytest.mark.parametrize(
    ("starts_at", "offset"),
    [
        (datetime(2090, 7, 4, 17, 0, tzinfo=CPH), timedelta(hours=2)),
        (datetime(2090, 1, 9, 17, 0, tzinfo=CPH), timedelta(hours=1)),
        (datetime(2100, 10, 30, 17, 0, tzinfo=CPH), timedelta(hours=2)),  # Saturday
        (datetime(2100, 11, 1, 17, 0, tzinfo=CPH), timedelta(hours=1)),
        (datetime(2000, 3, 25, 17, 0, tzinfo=CPH), timedelta(hours=1)),
        (datetime(2000, 3, 26, 17, 0, tzinfo=CPH), timedelta(hours=2)),
    ],
)
def test_the_time_zone_of_the_file_holds_in_any_year_a_meeting_may_have(network, starts_at, offset):
    ics = meeting_ics(make_meeting(network, "Langt ude i fremtiden", starts_at))

    assert offset_by_the_calendar_itself(ics) == offset
    # Only the time zone: the stamp and the UID may hold "2038" by chance.
    (zone,) = parse(ics)[0].walk("VTIMEZONE")
    assert b"2038" not in zone.to_ical()


def test_the_time_zone_of_the_file_agrees_with_the_zone_data_every_day_of_every_year(network):
    ics = meeting_ics(make_meeting(network, "Et møde", START))
    calendar, _event = parse(ics)
    (zone,) = calendar.walk("VTIMEZONE")
    written = zone.to_tz(lookup_tzid=False)
    day = datetime(2000, 1, 1, 12, 0)
    while day.year <= 2100:
        assert day.replace(tzinfo=written).utcoffset() == day.replace(tzinfo=CPH).utcoffset(), day
        day += timedelta(days=1)


def test_a_zone_without_summer_time_has_one_offset_all_year(network, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    ics = meeting_ics(make_meeting(network, "Et møde", datetime(2090, 7, 4, 8, 0, tzinfo=UTC)))

    assert offset_by_the_calendar_itself(ics) == timedelta(hours=9)
