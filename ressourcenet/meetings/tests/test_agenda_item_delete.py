"""Removing an agenda item; htmx gets the agenda without it and the new design check."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.meetings.models import AgendaItem
from ressourcenet.meetings.tests.conftest import (
    HTMX,
    MAY_NOT_MANAGE,
    add_items,
    agenda_titles,
    plan_url,
    rule_statuses,
)


def removed(title: str) -> str:
    with translation.override("da"):
        return translation.gettext("“%(title)s” is removed from the agenda.") % {"title": title}


def delete_url(item) -> str:
    return reverse("agenda_item_delete", args=[item.meeting.network.plan.slug, item.pk])


@pytest.fixture
def items(meeting):
    return add_items(meeting, ("workshop", "Værksted", 60), ("food", "Suppe og snak", 30))


def test_removing_deletes_the_item_and_returns_to_the_agenda(login, coordinator, meeting, items):
    workshop, _food = items
    client = login(coordinator)

    response = client.post(delete_url(workshop))

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "agenda") + "#main-content"
    )  # at the message, at the top
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [removed("Værksted")]
    assert agenda_titles(meeting) == ["Suppe og snak"]
    assert not AgendaItem.objects.filter(pk=workshop.pk).exists()


def test_htmx_gets_the_agenda_without_the_item_and_the_new_design_check(
    login, coordinator, meeting, items
):
    _workshop, food = items

    response = login(coordinator).post(delete_url(food), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="agenda"')
    assert "Værksted" in content and "Suppe og snak</td>" not in content
    assert html.escape(removed("Suppe og snak")) in content
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)
    statuses = rule_statuses(content)
    assert (statuses["food"], statuses["breaks"]) == ("warn", "fail")
    assert agenda_titles(meeting) == ["Værksted"]


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_remove_items(request, login, role, meeting, items):
    client = login(request.getfixturevalue(role))

    assert client.post(delete_url(items[0]), **HTMX).status_code == 403
    assert agenda_titles(meeting) == ["Værksted", "Suppe og snak"]


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, items):
    response = client.post(delete_url(items[0]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert agenda_titles(meeting) == ["Værksted", "Suppe og snak"]


def test_coordinator_cannot_remove_items_of_another_network(login, coordinator, other_meeting):
    (other_item,) = add_items(other_meeting, ("talk", "Jobcentret fortæller", 30))

    assert login(coordinator).post(delete_url(other_item)).status_code == 403
    assert agenda_titles(other_meeting) == ["Jobcentret fortæller"]


def test_unknown_item_is_not_found(login, coordinator, meeting):
    assert login(coordinator).post("/plans/testby/agenda/999999/delete/").status_code == 404


def test_agenda_item_delete_rejects_get(login, coordinator, meeting, items):
    assert login(coordinator).get(delete_url(items[0])).status_code == 405
    assert agenda_titles(meeting) == ["Værksted", "Suppe og snak"]
