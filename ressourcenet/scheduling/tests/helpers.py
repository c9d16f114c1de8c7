"""Helpers for the poll pages: a poll with times and answers, and readers for what the pages
show (the answer grid, the checked radio buttons, the heat map's cells).

A plain module, not a conftest: the page tests share it by import."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.meetings.tests.conftest import CPH, days_ahead, invite, make_meeting
from ressourcenet.people.models import Person, StakeholderGroup
from ressourcenet.scheduling.emails import poll_url
from ressourcenet.scheduling.models import Answer, Poll, Slot

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_poll(
    meeting: Meeting, *starts: datetime, hours: int = 2, key_persons=(), **fields
) -> tuple[Poll, list[Slot]]:
    """A poll on the meeting with a slot of `hours` at each start (no e-mails sent)."""
    poll = Poll.objects.create(meeting=meeting, **fields)
    poll.key_persons.set(key_persons)
    slots = [
        Slot.objects.create(poll=poll, starts_at=start, ends_at=start + timedelta(hours=hours))
        for start in starts
    ]
    return poll, slots


def give(person: Person, pairs: dict[Slot, str], by_coordinator: bool = False) -> None:
    """Store the person's answers directly: {slot: "yes" | "if_need_be" | "no"}."""
    for slot, value in pairs.items():
        Answer.objects.create(
            slot=slot, person=person, value=value, recorded_by_coordinator=by_coordinator
        )


def stored(person: Person, poll: Poll) -> dict[int, tuple[str, bool]]:
    """What the database holds for the person: slot id -> (value, recorded by coordinator)."""
    rows = Answer.objects.filter(person=person, slot__poll=poll)
    return {a.slot_id: (a.value, a.recorded_by_coordinator) for a in rows}


def poll_path(invitation: Invitation) -> str:
    """The personal link of the poll e-mail, as a path for the test client."""
    url = poll_url(invitation)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def meeting_url(name: str, meeting: Meeting, *args) -> str:
    return reverse(name, args=[meeting.network.plan.slug, meeting.pk, *args])


def weekday_ahead(weekday: int, hour: int, weeks: int = 2) -> datetime:
    """A whole hour in Copenhagen on the given weekday (Monday = 0), some weeks from now."""
    day = (timezone.now() + timedelta(weeks=weeks)).astimezone(CPH).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


@dataclass
class Scene:
    """A meeting with three invitees, three candidate times and the professional as key person.

    Mads (volunteer, Nordparken), Vera (volunteer, Sydparken), Pia (professional, no area).
    Slot times: `morning` day 14 at 10, `evening` day 14 at 17, `late` day 15 at 17.
    """

    meeting: Meeting
    poll: Poll
    morning: Slot
    evening: Slot
    late: Slot
    mads: Person
    vera: Person
    pia: Person
    invitations: dict[str, Invitation]


def make_scene(network, member, volunteer, **poll_fields) -> Scene:
    meeting = make_meeting(network)
    pia = make_person("Pia Professionel", StakeholderGroup.PROFESSIONAL_STAFF)
    mads = member.person
    invitations = invite(meeting, mads, volunteer, pia)
    poll, (morning, evening, late) = make_poll(
        meeting,
        days_ahead(14, 10),
        days_ahead(14, 17),
        days_ahead(15, 17),
        key_persons=[pia],
        **poll_fields,
    )
    return Scene(
        meeting=meeting,
        poll=poll,
        morning=morning,
        evening=evening,
        late=late,
        mads=mads,
        vera=volunteer,
        pia=pia,
        invitations={i.person.name.split()[0].lower(): i for i in invitations},
    )


GRID_ROW = re.compile(r'<tr data-person="(\d+)">(.*?)</tr>', re.S)
ANSWER_CELL = re.compile(r'data-answer="(\w+)"')


def grid(content: str) -> list[tuple[int, list[str]]]:
    """The answer grid as shown, in page order: (person id, [answer code per slot])."""
    return [(int(pid), ANSWER_CELL.findall(row)) for pid, row in GRID_ROW.findall(content)]


INPUT = re.compile(r"<input\b[^>]*>")


def checked(content: str) -> dict[str, str]:
    """The checked radio buttons of the page: field name -> value."""
    result = {}
    for tag in INPUT.findall(content):
        if 'type="radio"' in tag and " checked" in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            result[name] = re.search(r'value="([^"]+)"', tag).group(1)
    return result


def radio_names(content: str) -> list[str]:
    """The names of the radio groups on the page, in order, each once."""
    names = re.findall(r'<input type="radio" name="([^"]+)"', content)
    return list(dict.fromkeys(names))
