"""Helpers for the meeting pages: meetings ahead in Copenhagen time, and readers for what
the pages show (the design check's rule statuses, the form's datetime inputs)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ressourcenet.meetings.emails import answer_url
from ressourcenet.meetings.models import AgendaItem, Invitation, Meeting

CPH = ZoneInfo("Europe/Copenhagen")
HTMX = {"HTTP_HX_REQUEST": "true"}
# Those with a page role who still may not plan a meeting of the network.
MAY_NOT_MANAGE = ["member", "board_member", "editor", "outsider"]
# Logged in, but without a role in the plan: they may not even see its meetings.
MAY_NOT_SEE = ["editor", "outsider"]

RULE = re.compile(r'data-code="(\w+)" data-status="(\w+)"')


def days_ahead(days: int = 10, hour: int = 17) -> datetime:
    """A whole hour in Copenhagen `days` from now, as the planning form would give it."""
    day = (timezone.now() + timedelta(days=days)).astimezone(CPH).date()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CPH)


def make_meeting(network, title: str = "Idéer til caféen", hours: float = 2, **fields) -> Meeting:
    """starts_at=None: a meeting whose time is not decided yet."""
    starts_at = fields.pop("starts_at", days_ahead())
    fields.setdefault("why", "Ti idéer til produkter, som caféen kan sælge fra foråret")
    return Meeting.objects.create(
        network=network,
        title=title,
        starts_at=starts_at,
        ends_at=None if starts_at is None else starts_at + timedelta(hours=hours),
        **fields,
    )


def add_items(meeting: Meeting, *items: tuple[str, str, int]) -> list[AgendaItem]:
    """Agenda items as (kind, title, minutes), in this order."""
    return [
        AgendaItem.objects.create(
            meeting=meeting, position=index, kind=kind, title=title, minutes=minutes
        )
        for index, (kind, title, minutes) in enumerate(items)
    ]


def invite(meeting: Meeting, *people) -> list[Invitation]:
    return [Invitation.objects.create(meeting=meeting, person=person) for person in people]


def local_input(value: datetime) -> str:
    """A datetime as the browser's datetime-local field sends it."""
    return value.astimezone(CPH).strftime("%Y-%m-%dT%H:%M")


def answer_path(invitation: Invitation) -> str:
    """The personal link of an e-mail, as a path for the test client."""
    url = answer_url(invitation)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def rule_statuses(content: str) -> dict[str, str]:
    """The design check as shown: rule code -> pass/warn/fail."""
    return dict(RULE.findall(content))


def error_at_field(content: str, field) -> bool:
    """The page shows the error next to the (bound) field: a message tied to its input."""
    error_id = field.error_id
    tied = re.search(rf'aria-describedby="[^"]*\b{re.escape(error_id)}\b', content)
    return f'id="{error_id}"' in content and tied is not None


def plan_url(meeting: Meeting, step: str = "frame") -> str:
    """The planning page's step: frame (the meeting itself), agenda, roles or invitations."""
    name = "meeting_plan" if step == "frame" else f"meeting_plan_{step}"
    return reverse(name, args=[meeting.network.plan.slug, meeting.pk])


def agenda_titles(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def meeting(network) -> Meeting:
    """A meeting of the coordinator's network ten days ahead, 17–19, with a why."""
    return make_meeting(network, location="Beboerhuset, Nordparken 1", capture=["ideas"])


@pytest.fixture
def other_meeting(other_network) -> Meeting:
    """A meeting of a network the coordinator does not run."""
    return make_meeting(other_network, title="Jobmesse i hallen")


def first_why(content: str) -> str:
    """The main content (or this part of a page) from its first use of the word "why", as an
    English reader sees it."""
    main = content[max(content.find("<main"), 0) :]
    return main[re.search(r"\bwhy\b", main, re.IGNORECASE).start() :]
