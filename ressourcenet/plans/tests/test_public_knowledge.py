"""The plan's page shows visitors the way to what the networks learned: the latest public
final summaries and public experiences. The plan's people have their menus instead."""

# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ressourcenet.knowledge.models import Summary
from ressourcenet.knowledge.tests.conftest import (  # noqa: F401 (a fixture)
    make_experience,
    other_plan_member,
)
from ressourcenet.lib.dates import format_date
from ressourcenet.meetings.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db

VISITORS = [None, "editor", "outsider"]
PEOPLE = ["admin_user", "coordinator", "member", "board_member"]


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def make_summary(network, title: str, days_ago: int, **fields) -> Summary:
    meeting = make_meeting(
        network, title=title, starts_at=timezone.now() - timedelta(days=days_ago)
    )
    fields.setdefault("state", Summary.State.FINAL)
    fields.setdefault("public", True)
    return Summary.objects.create(meeting=meeting, body="# Referat\n\nVi aftalte noget.", **fields)


@pytest.fixture
def knowledge(plan, network, volunteer):
    """Public and private summaries and experiences of the plan."""
    return {
        "public": make_summary(network, "Offentligt møde", 10),
        "newer": make_summary(network, "Nyere offentligt møde", 3),
        "private": make_summary(network, "Lukket møde", 5, public=False),
        "open": make_summary(network, "Åbent referat", 4, state=Summary.State.OPEN),
        "shared": make_experience(plan, "Fællesspisning", author=volunteer, public=True),
        "hidden": make_experience(plan, "Lektiecafé", author=volunteer),
    }


def heading() -> str:
    return da("What the networks have learned")


@pytest.mark.parametrize("who", VISITORS)
def test_visitors_see_links_to_public_summaries_and_experiences(
    request, login, plan, who, knowledge
):
    client = login(request.getfixturevalue(who) if who else None)
    content = client.get(plan.get_absolute_url()).content.decode()
    assert heading() in content
    for key in ("public", "newer"):
        summary = knowledge[key]
        assert reverse("summary", args=[plan.slug, summary.meeting_id]) in content
        with translation.override("da"):
            assert format_date(summary.meeting.starts_at, "date") in content
    assert content.index("Nyere offentligt møde") < content.index("Offentligt møde")
    assert "Lukket møde" not in content and "Åbent referat" not in content
    assert knowledge["shared"].get_absolute_url() in content
    assert knowledge["hidden"].get_absolute_url() not in content
    assert reverse("experience_list", args=[plan.slug]) in content
    assert "Vera Frivillig" not in content


@pytest.mark.parametrize("who", VISITORS)
def test_the_front_page_shows_the_current_plans_too(request, login, who, knowledge):
    client = login(request.getfixturevalue(who) if who else None)
    content = client.get("/").content.decode()
    assert heading() in content and "Nyere offentligt møde" in content


@pytest.mark.parametrize("who", PEOPLE)
def test_the_plans_people_use_their_menus_instead(request, login, plan, who, knowledge):
    content = login(request.getfixturevalue(who)).get(plan.get_absolute_url()).content.decode()
    assert heading() not in content


def test_nothing_public_shows_no_section(client, plan, network, volunteer):
    make_summary(network, "Lukket møde", 5, public=False)
    make_experience(plan, "Lektiecafé", author=volunteer)
    assert heading() not in client.get(plan.get_absolute_url()).content.decode()


def test_another_plans_public_knowledge_is_not_shown(client, plan, other_plan_member):
    other = other_plan_member.person.memberships.get().network
    make_summary(other, "Andetsteds møde", 3)
    make_experience(other.plan, "Andetsteds café", public=True)
    content = client.get(plan.get_absolute_url()).content.decode()
    assert "Andetsteds" not in content and heading() not in content


def test_the_latest_five_summaries_and_three_experiences(client, plan, network):
    for number in range(7):
        make_summary(network, f"Møde nummer {number}", 20 - number)
        make_experience(plan, f"Aktivitet nummer {number}", public=True)
    content = client.get(plan.get_absolute_url()).content.decode()
    assert content.count("Møde nummer") == 5 and "Møde nummer 6" in content
    assert content.count("Aktivitet nummer") == 3


def test_the_section_costs_the_same_queries_however_much_there_is(client, plan, network):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(plan.get_absolute_url()).status_code == 200
        return len(context)

    make_summary(network, "Første møde", 30)
    make_experience(plan, "Første aktivitet", public=True)
    few = queries()
    for number in range(6):
        make_summary(network, f"Møde {number}", 20 - number)
        make_experience(plan, f"Aktivitet {number}", public=True)
    assert queries() == few
