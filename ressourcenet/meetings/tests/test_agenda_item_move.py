"""Moving an agenda item one step up or down; the clock times follow."""

import re

import pytest
from django.urls import reverse

from ressourcenet.meetings.tests.conftest import (
    HTMX,
    MAY_NOT_MANAGE,
    add_items,
    agenda_titles,
    plan_url,
)


def move_url(item, direction: str) -> str:
    return reverse("agenda_item_move", args=[item.meeting.network.plan.slug, item.pk, direction])


@pytest.fixture
def items(meeting):
    return add_items(
        meeting,
        ("welcome", "Velkomst", 10),
        ("talk", "Oplæg", 20),
        ("workshop", "Værksted", 60),
    )


def order_shown(content: str) -> list[str]:
    titles = ["Velkomst", "Oplæg", "Værksted"]
    return sorted(titles, key=lambda title: content.index(f">{title}</td>"))


def test_moving_down_swaps_with_the_next_item(login, coordinator, meeting, items):
    welcome, _talk, _workshop = items

    response = login(coordinator).post(move_url(welcome, "down"))

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "agenda") + "#main-content"
    )  # at the message, at the top
    assert agenda_titles(meeting) == ["Oplæg", "Velkomst", "Værksted"]
    assert sorted(meeting.agenda_items.values_list("position", flat=True)) == [0, 1, 2]


def test_htmx_gets_the_agenda_in_the_new_order_and_the_design_check(
    login, coordinator, meeting, items
):
    _welcome, _talk, workshop = items

    response = login(coordinator).post(move_url(workshop, "up"), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="agenda"')
    assert order_shown(content) == ["Velkomst", "Værksted", "Oplæg"]
    assert "17.10–18.10" in content
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)
    assert agenda_titles(meeting) == ["Velkomst", "Værksted", "Oplæg"]


def test_first_item_stays_first_when_moved_up(login, coordinator, meeting, items):
    welcome, _talk, _workshop = items

    login(coordinator).post(move_url(welcome, "up"))

    assert agenda_titles(meeting) == ["Velkomst", "Oplæg", "Værksted"]


def test_unknown_direction_is_not_found(login, coordinator, meeting, items):
    response = login(coordinator).post(move_url(items[0], "sideways"))

    assert response.status_code == 404
    assert agenda_titles(meeting) == ["Velkomst", "Oplæg", "Værksted"]


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_move_items(request, login, role, meeting, items):
    client = login(request.getfixturevalue(role))

    assert client.post(move_url(items[0], "down"), **HTMX).status_code == 403
    assert agenda_titles(meeting) == ["Velkomst", "Oplæg", "Værksted"]


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, items):
    response = client.post(move_url(items[0], "down"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert agenda_titles(meeting) == ["Velkomst", "Oplæg", "Værksted"]


def test_coordinator_cannot_move_items_of_another_network(login, coordinator, other_meeting):
    first, _second = add_items(other_meeting, ("talk", "A", 10), ("talk", "B", 10))

    assert login(coordinator).post(move_url(first, "down")).status_code == 403
    assert agenda_titles(other_meeting) == ["A", "B"]


def test_agenda_item_move_rejects_get(login, coordinator, items):
    assert login(coordinator).get(move_url(items[0], "down")).status_code == 405
