"""A meeting that runs now, its live mode started by the coordinator, and phones."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ressourcenet.live import services
from ressourcenet.meetings.models import AgendaItem, Meeting


def running_meeting(network, started_minutes_ago: int = 10, hours: float = 2) -> Meeting:
    starts_at = timezone.now() - timedelta(minutes=started_minutes_ago)
    return Meeting.objects.create(
        network=network,
        title="Workshop om caféen",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
    )


@pytest.fixture
def meeting(network) -> Meeting:
    meeting = running_meeting(network)
    AgendaItem.objects.create(
        meeting=meeting, position=0, kind="workshop", title="Idéværksted", minutes=60
    )
    return meeting


@pytest.fixture
def live(meeting, coordinator):
    return services.start(meeting, coordinator)


def phone(live, name: str = "Aisha") -> Client:
    """A phone that joined by code with a first name."""
    client = Client()
    response = client.post(f"/m/{live.code}", {"name": name})
    assert response.status_code == 302
    return client
