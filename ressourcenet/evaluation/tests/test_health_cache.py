"""The dashboard's figures are kept as a rendered fragment under a digest of what they are
made of (evaluation/dashboard.py, `figures`): made again when anything they show changes,
and never shown to a reader who may not see all of it (the suggestions)."""

import dataclasses
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from ressourcenet.evaluation import dashboard, services
from ressourcenet.evaluation.health import load_rows
from ressourcenet.meetings.models import Invitation
from ressourcenet.people.models import Person

NETWORK_HEALTH = reverse("network_health", args=["testby", "familier"])
PLAN_HEALTH = reverse("plan_health", args=["testby"])


@pytest.fixture(autouse=True)
def _every_visit_rendered(settings):
    """These tests change rows with update(), which sends no signal, to show that the
    figures' digest notices any change; the whole page kept for its viewer would hide
    that (lib/viewer_cache.py: in the site, every write comes through a request, a task or
    a command, which mark the kept pages out of date)."""
    settings.VIEWER_PAGE_CACHE = False


def close(meeting) -> None:
    meeting.starts_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.ends_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.save()


@pytest.fixture
def answered(held):
    """Everyone answered, one with a suggestion; the evaluation has closed."""
    for invitation in held.invitations.all():
        suggestion = "Kortere oplæg" if invitation.person.name == "Vera Frivillig" else ""
        services.save(invitation, 4, 4, suggestion)
    close(held)
    return held


def page(client, url: str = NETWORK_HEALTH, language: str = "da") -> str:
    """The page without its CSRF tokens (each request has its own)."""
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 200
    return re.sub(r"[A-Za-z0-9]{64}", "", answer.content.decode())


def test_the_same_figures_are_not_made_twice(login, coordinator, answered, monkeypatch):
    client = login(coordinator)
    first = page(client)

    def not_again(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(dashboard, "compute", not_again)
    assert page(client) == first


def test_recorded_attendance_shows_at_once(login, coordinator, answered):
    client = login(coordinator)
    assert "2 / 3 (67 %)" in page(client)
    Invitation.objects.filter(meeting=answered, attended=False).update(attended=True)
    assert "3 / 3 (100 %)" in page(client)


def test_a_renamed_organisation_shows_at_once(login, coordinator, member, answered, municipality):
    client = login(coordinator)
    Person.objects.filter(pk=member.person.pk).update(organisation=municipality)
    assert "Testby Kommune" in page(client)
    municipality.name = "Testby Byråd"
    municipality.save()
    content = page(client)
    assert "Testby Byråd" in content and "Testby Kommune" not in content


@pytest.mark.parametrize("first", ["coordinator", "board_member"])
def test_suggestions_reach_only_who_may_see_them_whoever_came_first(
    login, request, coordinator, board_member, answered, first
):
    """The coordinator sees the suggestions, a board member does not: in either order."""
    coordinator_client, board_client = login(coordinator), login(board_member)
    if first == "coordinator":
        assert "Kortere oplæg" in page(coordinator_client)
        assert "Kortere oplæg" not in page(board_client)
    else:
        assert "Kortere oplæg" not in page(board_client)
        assert "Kortere oplæg" in page(coordinator_client)
    assert "Kortere oplæg" not in page(board_client)


def test_the_plans_figures_are_kept_apart_from_the_networks(login, admin_user, answered):
    """Made of the same rows, but the plan's name each meeting's network."""
    client = login(admin_user)
    named = f'<span class="form-hint">{answered.network.name}</span>'
    assert named not in page(client)
    assert named in page(client, PLAN_HEALTH)
    assert named not in page(client)


def test_each_language_gets_its_own_figures(login, coordinator, answered):
    client = login(coordinator)
    assert "Meetings held" in page(client, language="en")
    assert "Meetings held" not in page(client, language="da")


def test_an_evaluation_closing_with_time_alone_is_a_new_key(held):
    """No write when an evaluation closes: the key holds which have closed by now."""
    rows = load_rows(held.network.meetings.all(), True)
    key = dashboard.figures_key(rows, shown=24)
    a_minute_later = dataclasses.replace(rows, now=rows.now + timedelta(minutes=1))
    assert dashboard.figures_key(a_minute_later, shown=24) == key
    closed = dataclasses.replace(rows, now=rows.now + timedelta(days=services.EVALUATION_DAYS))
    assert dashboard.figures_key(closed, shown=24) != key
    assert dashboard.figures_key(rows, shown=None) != key
