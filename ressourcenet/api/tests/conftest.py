"""Fixtures for the API tests: a client per role name, for tests parametrized over roles."""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from ressourcenet.conftest import make_person, year_like
from ressourcenet.meetings import services as meeting_services
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.models import HousingArea, Plan
from ressourcenet.scheduling import services as scheduling_services
from ressourcenet.scheduling.models import Poll, Slot


@pytest.fixture
def client_as(request, api_client) -> Callable[[str], Client]:
    """client_as("member") -> a client sending a fresh token for that fixture's user."""

    def _client(role: str) -> Client:
        user = None if role == "anonymous" else request.getfixturevalue(role)
        return api_client(user)

    return _client


@pytest.fixture
def second_plan(db) -> Plan:
    """Another plan running today, which started before the `plan` fixture's."""
    this_year = timezone.localdate().year
    plan = Plan.objects.create(
        name="Helhedsplan Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(this_year - 2, 1, 1),
        ends_on=date(this_year + 1, 12, 31),
    )
    HousingArea.objects.create(plan=plan, name="Østerby")
    return plan


@pytest.fixture
def person_in_second_plan(second_plan) -> Person:
    """Ole, a member of the one network of the second plan ("Netværk i Andeby")."""
    network = Network.objects.create(plan=second_plan, name="Netværk i Andeby", slug="andeby")
    person = make_person("Ole Andeby")
    Membership.objects.create(network=network, person=person, starts_on=second_plan.starts_on)
    return person


CPH = ZoneInfo("Europe/Copenhagen")
# The tests' dates ahead fall in this year: next year or later, with the weekdays and clock
# changes of 2030, so that "Tuesday 17 September, +02:00" stays true whatever today is.
AHEAD = year_like(2030)


@pytest.fixture
def meeting(network) -> Meeting:
    """A two-hour evening meeting of the network, on 18 September AHEAD (summer time, +02:00)."""
    return Meeting.objects.create(
        network=network,
        title="Idéer til caféen",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        purpose="Vi arbejder ved bordene og samler idéerne.",
        starts_at=datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH),
        ends_at=datetime(AHEAD, 9, 18, 19, 0, tzinfo=CPH),
        location="Beboerhuset, Nordparken 2",
        capture=["ideas"],
    )


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """send_now(meeting) -> how many invitations went out; the e-mails are in mail.outbox."""

    def _send(meeting: Meeting) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return meeting_services.send_invitations(meeting).sent

    return _send


@pytest.fixture
def sent_meeting(meeting, member, volunteer, send_now, mailoutbox) -> Meeting:
    """The meeting with its invitations to Mads and Vera sent; the outbox is empty again."""
    meeting_services.invite_people(meeting, [member.person, volunteer])
    assert send_now(meeting) == 2
    mailoutbox.clear()
    meeting.refresh_from_db()
    return meeting


# Three evenings for the meeting's poll, in time order; the last is the meeting's own time.
POLL_TIMES = [
    (datetime(AHEAD, 9, 16, 17, 0, tzinfo=CPH), datetime(AHEAD, 9, 16, 19, 0, tzinfo=CPH)),
    (datetime(AHEAD, 9, 17, 16, 30, tzinfo=CPH), datetime(AHEAD, 9, 17, 18, 30, tzinfo=CPH)),
    (datetime(AHEAD, 9, 18, 17, 0, tzinfo=CPH), datetime(AHEAD, 9, 18, 19, 0, tzinfo=CPH)),
]


@pytest.fixture
def poll(meeting, member, volunteer) -> Poll:
    """An open poll on the meeting's time (no closing time), to which Mads and Vera are invited."""
    meeting_services.invite_people(meeting, [member.person, volunteer])
    return scheduling_services.open_poll(meeting, POLL_TIMES)


def slots_of(poll: Poll) -> list[Slot]:
    """The poll's slots in time order."""
    return list(poll.slots.order_by("starts_at"))


@pytest.fixture
def other_poll(network) -> Poll:
    """A poll of another meeting of the same network, with one slot."""
    other = Meeting.objects.create(
        network=network,
        title="Velkomst af nye naboer",
        starts_at=datetime(AHEAD, 10, 1, 17, 0, tzinfo=CPH),
        ends_at=datetime(AHEAD, 10, 1, 19, 0, tzinfo=CPH),
    )
    return scheduling_services.open_poll(
        other,
        [(datetime(AHEAD, 10, 2, 17, 0, tzinfo=CPH), datetime(AHEAD, 10, 2, 19, 0, tzinfo=CPH))],
    )
