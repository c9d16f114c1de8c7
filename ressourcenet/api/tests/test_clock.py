"""GET /api/v1/meetings/{id}/clock, POST …/clock/next and …/clock/undo: the agenda clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.api.tests.utils import ROLES, refusal_status
from ressourcenet.conftest import make_person, make_user
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import AgendaItem, Meeting, MeetingRole
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import add_items

pytestmark = pytest.mark.django_db

MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}
MAY_KEEP_TIME = {"admin_user", "coordinator"}
HUGE = 10**30


def url(meeting: Meeting | int, rest: str = "") -> str:
    return f"/api/v1/meetings/{getattr(meeting, 'pk', meeting)}/clock{rest}"


@pytest.fixture
def meeting(meeting):
    """The network's meeting, moved to start in ten minutes: the clock may run from 30
    minutes before."""
    meeting.starts_at = timezone.now() + timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    return meeting


@pytest.fixture
def agenda(meeting):
    return add_items(
        meeting,
        (AgendaItem.Kind.WELCOME, "Velkomst", 10),
        (AgendaItem.Kind.WORKSHOP, "Workshop ved bordene", 60),
    )


@pytest.fixture
def caller(request, api_client):
    def _caller(role: str):
        return api_client(None if role == "anonymous" else request.getfixturevalue(role))

    return _caller


def test_the_clock_before_the_start(api_client, member, meeting, agenda):
    response = api_client(member).get(url(meeting))

    assert response.status_code == 200
    assert response.json() == {
        "agenda_item": None,
        "seconds_left": None,
        "ahead_seconds": None,
        "started": False,
        "ended": False,
        "items": [
            {
                "id": agenda[0].pk,
                "title": "Velkomst",
                "planned_minutes": 10,
                "actual_minutes": None,
            },
            {
                "id": agenda[1].pk,
                "title": "Workshop ved bordene",
                "planned_minutes": 60,
                "actual_minutes": None,
            },
        ],
    }


def test_next_starts_moves_on_and_ends(api_client, coordinator, meeting, agenda):
    client = api_client(coordinator)

    started = client.post(url(meeting, "/next")).json()
    moved = client.post(url(meeting, "/next")).json()
    ended = client.post(url(meeting, "/next"))
    again = client.post(url(meeting, "/next"))

    assert started["agenda_item"] == {"id": agenda[0].pk, "title": "Velkomst"}
    assert 599 <= started["seconds_left"] <= 600
    assert moved["agenda_item"]["id"] == agenda[1].pk
    assert ended.status_code == 200 and ended.json()["ended"] is True
    assert ended.json()["items"][0]["actual_minutes"] == 0
    assert again.status_code == 409 and again.json()["detail"]


def test_next_and_undo_with_the_item_seen_refuse_a_second_click(
    api_client, coordinator, meeting, agenda
):
    client = api_client(coordinator)

    started = client.post(url(meeting, "/next?leaving=0"))
    twice = client.post(url(meeting, "/next?leaving=0"))
    moved = client.post(url(meeting, f"/next?leaving={agenda[0].pk}"))
    undone = client.post(url(meeting, f"/undo?running={agenda[1].pk}"))
    undone_twice = client.post(url(meeting, f"/undo?running={agenda[1].pk}"))

    assert started.status_code == 200 and twice.status_code == 409
    assert moved.json()["agenda_item"]["id"] == agenda[1].pk
    assert undone.status_code == 200
    assert undone.json()["agenda_item"]["id"] == agenda[0].pk
    assert undone_twice.status_code == 409 and undone_twice.json()["detail"]
    assert client.get(url(meeting)).json()["agenda_item"]["id"] == agenda[0].pk


def test_undo_without_the_item_seen_takes_back_the_last_move(
    api_client, coordinator, meeting, agenda
):
    client = api_client(coordinator)
    assert client.post(url(meeting, "/undo")).status_code == 409  # not started
    client.post(url(meeting, "/next"))
    client.post(url(meeting, "/next"))
    client.post(url(meeting, "/next"))  # the end

    undone = client.post(url(meeting, "/undo"))

    assert undone.json()["agenda_item"]["id"] == agenda[1].pk
    assert undone.json()["ended"] is False


@pytest.mark.parametrize("value", [str(HUGE), "-1", "abc", "%00"])
def test_odd_items_seen_are_422_naming_them(api_client, coordinator, meeting, agenda, value):
    client = api_client(coordinator)

    for rest, name in (
        (f"/next?leaving={value}", "leaving"),
        (f"/undo?running={value}", "running"),
    ):
        response = client.post(url(meeting, rest))
        assert response.status_code == 422
        assert name in str(response.json())
    assert not AgendaItem.objects.filter(started_at__isnull=False).exists()


def test_the_time_keeper_may_move_the_clock(api_client, meeting, agenda):
    person = make_person("Tove Tidtager")
    MeetingRole.objects.create(meeting=meeting, person=person, role=MeetingRole.Role.TIME_KEEPER)

    client = api_client(make_user("tidtager@example.org", person))

    response = client.post(url(meeting, "/next"))

    assert response.status_code == 200
    assert response.json()["agenda_item"]["id"] == agenda[0].pk
    assert client.get(url(meeting)).json()["agenda_item"]["id"] == agenda[0].pk


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_and_move_the_clock(caller, role, meeting, agenda):
    client = caller(role)

    read = client.get(url(meeting))
    moved = client.post(url(meeting, "/next"))
    undone = client.post(url(meeting, "/undo"))

    assert undone.status_code == (200 if role in MAY_KEEP_TIME else refusal_status(role))
    assert read.status_code == (200 if role in MAY_SEE else refusal_status(role))
    assert moved.status_code == (200 if role in MAY_KEEP_TIME else refusal_status(role))
    assert not AgendaItem.objects.filter(meeting=meeting, started_at__isnull=False).exists()


def test_a_cancelled_meeting_or_an_empty_agenda_is_a_conflict(api_client, coordinator, meeting):
    client = api_client(coordinator)
    assert client.post(url(meeting, "/next")).status_code == 409
    add_items(meeting, (AgendaItem.Kind.TALK, "Oplæg", 20))
    cancel_meeting(meeting)
    assert client.post(url(meeting, "/next")).status_code == 409
    assert not AgendaItem.objects.filter(started_at__isnull=False).exists()


def test_bounds(api_client, coordinator, meeting, agenda):
    client = api_client(coordinator)

    assert client.get(url(HUGE)).status_code == 422
    assert client.post(url(HUGE, "/next")).status_code == 422
    assert client.get(url(meeting.pk + 1000)).status_code == 404
    assert client.post(url(meeting.pk + 1000, "/next")).status_code == 404
    assert client.get(url(meeting, "/next")).status_code == 405
    assert client.delete(url(meeting)).status_code == 405


def test_reading_the_clock_takes_few_queries(
    api_client, member, meeting, agenda, django_assert_max_num_queries
):
    clock.next_item(meeting)
    client = api_client(member)
    client.get(url(meeting))  # the token's first use
    with django_assert_max_num_queries(10):
        assert client.get(url(meeting)).status_code == 200


def test_the_clock_outside_its_time_is_a_conflict_saying_why(
    api_client, coordinator, meeting, agenda
):
    client = api_client(coordinator)
    meeting.starts_at = timezone.now() + timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()

    early = client.post(url(meeting, "/next"))

    assert early.status_code == 409 and "30" in early.json()["detail"]
    assert not AgendaItem.objects.filter(meeting=meeting, started_at__isnull=False).exists()
    meeting.starts_at = timezone.now() - timedelta(hours=5)
    meeting.ends_at = meeting.starts_at + timedelta(hours=3, minutes=1)
    meeting.save()
    still = client.post(url(meeting, "/next"))  # 2 hours after the end, still
    assert still.status_code == 200, still.json()
    meeting.ends_at -= timedelta(minutes=2)
    meeting.save()
    assert client.post(url(meeting, "/next")).status_code == 409
    assert client.post(url(meeting, "/undo")).status_code == 409
    assert AgendaItem.objects.filter(meeting=meeting, started_at__isnull=False).count() == 1


def test_the_openapi_409_says_when_the_clock_moves(api_client, coordinator):
    schema = api_client(coordinator).get("/api/v1/openapi.json").json()
    text = " ".join(
        schema["paths"]["/api/v1/meetings/{meeting_id}/clock/next"]["post"]["description"].split()
    )
    assert "30 minutes before" in text and "2 hours after" in text
