"""iCalendar files for meetings: invitations (REQUEST), cancellations (CANCEL) and feeds.

A meeting keeps one UID for life; every change of time or place raises SEQUENCE, so
calendar programs update the event they already have instead of adding a new one.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from ressourcenet.meetings.models import Meeting

PRODID = "-//Ressourcenet//Meetings//DA"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    return calendar


def _event(meeting: Meeting, method: str, site_url: str, attendee=None) -> Event:
    local = timezone.get_default_timezone()  # the zone named in the calendar's VTIMEZONE
    event = Event()
    event.add("uid", f"{meeting.uid}@ressourcenet")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at, local))
    event.add("dtend", timezone.localtime(meeting.ends_at, local))
    event.add("summary", meeting.title)
    description = "\n\n".join(part for part in [meeting.why, meeting.purpose] if part)
    if site_url:
        description = f"{description}\n\n{site_url}{meeting.get_absolute_url()}".strip()
    if description:
        event.add("description", description)
    if meeting.location:
        event.add("location", meeting.location)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL_ADDRESS}")
    organizer.params["cn"] = vText(meeting.network.name)
    event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    if method == CANCEL or meeting.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def invitation_ics(meeting: Meeting, method: str, attendee=None, site_url: str = "") -> bytes:
    """One meeting as REQUEST (new or changed) or CANCEL, for an e-mail attachment."""
    calendar = _calendar(method)
    calendar.add_component(_event(meeting, method, site_url, attendee))
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, site_url: str = "") -> bytes:
    """One meeting as a download."""
    calendar = _calendar(PUBLISH)
    calendar.add_component(_event(meeting, PUBLISH, site_url))
    return calendar.to_ical()


def feed_ics(name: str, meetings: Iterable[Meeting], site_url: str = "") -> bytes:
    """A network's subscribable feed: all its meetings, cancelled ones marked so."""
    calendar = _calendar(PUBLISH)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(_event(meeting, PUBLISH, site_url))
    return calendar.to_ical()
