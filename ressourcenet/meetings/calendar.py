"""iCalendar files for meetings: invitations (REQUEST), cancellations (CANCEL) and feeds.

A meeting keeps one UID for life; every change of time or place raises SEQUENCE, so
calendar programs update the event they already have instead of adding a new one.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from ressourcenet.lib import bounds
from ressourcenet.lib.names import join_names
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership

PRODID = "-//Ressourcenet//Meetings//DA"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"
# Where the time zone's yearly rules begin: before any meeting.
FIRST_YEAR = bounds.YEAR_MIN - 1


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(_timezone(settings.TIME_ZONE))
    return calendar


@cache
def _changes(tzid: str, year: int) -> tuple[tuple[datetime, datetime], ...]:
    """Each change of the zone's offset in a year: the last hour before it and the first after."""
    zone = ZoneInfo(tzid)
    changes = []
    hour = datetime(year, 1, 1, tzinfo=zone)
    while hour.year == year:
        later = (hour.astimezone(UTC) + timedelta(hours=1)).astimezone(zone)
        if later.utcoffset() != hour.utcoffset():
            changes.append((hour, later))
        hour = later
    return tuple(changes)


def _same_day_in(year: int, day: date, week: int) -> date:
    """The day with `day`'s weekday in that week of its month (-1: the last), in `year`."""
    first = date(year, day.month, 1)
    shown = first + timedelta(days=(day.weekday() - first.weekday()) % 7)
    weeks = week - 1 if week > 0 else 4
    while weeks and (shown + timedelta(days=7)).month == day.month:
        shown += timedelta(days=7)
        weeks -= 1
    return shown


def _observance(before: datetime, after: datetime) -> TimezoneStandard | TimezoneDaylight:
    """One yearly change, as the nth (or last) weekday of its month, every year."""
    part = TimezoneStandard() if after.dst() == timedelta() else TimezoneDaylight()
    part.TZOFFSETFROM = before.utcoffset()
    part.TZOFFSETTO = after.utcoffset()
    part.add("TZNAME", after.tzname())
    # The local time on the clock that is changed, as RFC 5545 wants it.
    change = after.replace(tzinfo=None) - (after.utcoffset() - before.utcoffset())
    week = -1 if (change + timedelta(days=7)).month != change.month else (change.day - 1) // 7 + 1
    first = _same_day_in(FIRST_YEAR, change.date(), week)
    part.DTSTART = datetime.combine(first, change.time())
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[change.weekday()]
    part.add("RRULE", vRecur(freq="YEARLY", bymonth=change.month, byday=f"{week}{weekday}"))
    return part


def _timezone(tzid: str) -> Timezone:
    """The zone's present rules, repeating every year, for every year a meeting may have.

    icalendar's own VTIMEZONE lists each change up to 2038 and says nothing after, but a
    meeting may be in any year up to bounds.YEAR_MAX. The rules are read from the zone data
    of that last year; the tests compare them with the zone data day by day from YEAR_MIN.
    """
    timezone_ = Timezone()
    timezone_.add("TZID", tzid)
    changes = _changes(tzid, bounds.YEAR_MAX)
    for before, after in changes:
        timezone_.add_component(_observance(before, after))
    if not changes:  # no summer time: one offset all year
        moment = datetime(bounds.YEAR_MAX, 1, 1, tzinfo=ZoneInfo(tzid))
        part = TimezoneStandard()
        part.TZOFFSETFROM = part.TZOFFSETTO = moment.utcoffset()
        part.add("TZNAME", moment.tzname())
        part.DTSTART = datetime(FIRST_YEAR, 1, 1)
        timezone_.add_component(part)
    return timezone_


def organiser_name(meeting: Meeting) -> str:
    """The network's coordinators by name ("A og B"), or the network's name if it has none.
    Kept on the meeting, so that a batch of invitations to it looks them up once."""
    if not hasattr(meeting, "_organiser_name"):
        meeting._organiser_name = _coordinators_named(meeting)
    return meeting._organiser_name


def _coordinators_named(meeting: Meeting) -> str:
    names = list(
        meeting.network.memberships.active()
        .filter(role=Membership.Role.COORDINATOR)
        .order_by("person__name")
        .values_list("person__name", flat=True)
        .distinct()
    )
    if not names:
        return meeting.network.name
    with translation.override(settings.LANGUAGE_CODE):
        return join_names(names)


def _event(
    meeting: Meeting,
    method: str,
    site_url: str,
    attendee=None,
    link: str = "",
    organiser: str = "",
) -> Event:
    local = timezone.get_default_timezone()  # the zone named in the calendar's VTIMEZONE
    event = Event()
    event.add("uid", f"{meeting.uid}@ressourcenet")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at, local))
    event.add("dtend", timezone.localtime(meeting.ends_at, local))
    event.add("summary", meeting.title)
    description = "\n\n".join(part for part in [meeting.why, meeting.purpose] if part)
    link = link or (f"{site_url}{meeting.get_absolute_url()}" if site_url else "")
    if link:
        description = f"{description}\n\n{link}".strip()
    if description:
        event.add("description", description)
    if meeting.location:
        event.add("location", meeting.location)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL_ADDRESS}")
    organizer.params["cn"] = vText(organiser or organiser_name(meeting))
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


def invitation_ics(
    meeting: Meeting, method: str, attendee=None, site_url: str = "", link: str = ""
) -> bytes:
    """One meeting as REQUEST (new or changed) or CANCEL, for an e-mail attachment.

    `link` replaces the link to the meeting's page, for someone who cannot log in.
    """
    calendar = _calendar(method)
    calendar.add_component(_event(meeting, method, site_url, attendee, link))
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
    organisers: dict[int, str] = {}  # one look-up per network, not per meeting
    for meeting in meetings:
        if meeting.network_id not in organisers:
            organisers[meeting.network_id] = organiser_name(meeting)
        organiser = organisers[meeting.network_id]
        calendar.add_component(_event(meeting, PUBLISH, site_url, organiser=organiser))
    return calendar.to_ical()
