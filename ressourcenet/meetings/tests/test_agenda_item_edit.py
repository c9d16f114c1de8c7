"""Changing one agenda item on its own page; htmx gets the agenda and the design check."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.meetings.tests.conftest import (
    HTMX,
    MAY_NOT_MANAGE,
    add_items,
    error_at_field,
    plan_url,
    rule_statuses,
)


def edit_url(item) -> str:
    return reverse("agenda_item_edit", args=[item.meeting.network.plan.slug, item.pk])


def item_data(**changes) -> dict:
    return {"kind": "talk", "title": "Oplæg fra PPR", "minutes": "20", "responsible": ""} | changes


@pytest.fixture
def talk(meeting):
    _welcome, talk = add_items(meeting, ("welcome", "Velkomst", 10), ("talk", "Oplæg fra PPR", 20))
    return talk


def test_edit_page_shows_the_item_as_it_is(login, coordinator, talk):
    response = login(coordinator).get(edit_url(talk))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Oplæg fra PPR"' in content
    assert 'value="20"' in content
    assert '<option value="talk" selected>' in content
    assert f'href="{plan_url(talk.meeting, "agenda")}"' in content


def test_saving_changes_the_item_and_keeps_its_place(login, coordinator, talk, member):
    data = item_data(title="Oplæg fra tandplejen", minutes="15", responsible=member.person.pk)

    client = login(coordinator)
    response = client.post(edit_url(talk), data)

    assert response.status_code == 302
    assert (
        response.url == plan_url(talk.meeting, "agenda") + "#main-content"
    )  # at the message, at the top
    with translation.override("da"):
        saved = translation.gettext("“%(title)s” is saved.") % {"title": "Oplæg fra tandplejen"}
    assert [str(m) for m in client.get(response.url).context["messages"]] == [saved]
    talk.refresh_from_db()
    assert (talk.title, talk.minutes, talk.position) == ("Oplæg fra tandplejen", 15, 1)
    assert talk.responsible == member.person


def test_htmx_gets_the_agenda_and_the_design_check_out_of_band(login, coordinator, talk):
    response = login(coordinator).post(edit_url(talk), item_data(title="Kort oplæg"), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="agenda"')
    assert "Kort oplæg" in content and "Oplæg fra PPR" not in content
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)


def test_turning_the_talk_into_a_workshop_moves_the_weight_rule_to_pass(login, coordinator, talk):
    client = login(coordinator)
    before = rule_statuses(client.get(plan_url(talk.meeting)).content.decode())

    response = client.post(edit_url(talk), item_data(kind="workshop"), **HTMX)

    assert before["workshop_weight"] == "fail"
    assert rule_statuses(response.content.decode())["workshop_weight"] == "pass"


def test_zero_minutes_shows_the_error_keeps_the_input_and_changes_nothing(login, coordinator, talk):
    response = login(coordinator).post(edit_url(talk), item_data(title="Nyt navn", minutes="0"))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["minutes"]
    content = response.content.decode()
    assert error_at_field(content, response.context["form"]["minutes"])
    assert 'value="Nyt navn"' in content
    talk.refresh_from_db()
    assert (talk.title, talk.minutes) == ("Oplæg fra PPR", 20)


def test_administrator_may_change_items(login, admin_user, talk):
    login(admin_user).post(edit_url(talk), item_data(minutes="25"))

    talk.refresh_from_db()
    assert talk.minutes == 25


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_change_items(request, login, role, talk):
    client = login(request.getfixturevalue(role))

    assert client.get(edit_url(talk)).status_code == 403
    assert client.post(edit_url(talk), item_data(minutes="90"), **HTMX).status_code == 403
    talk.refresh_from_db()
    assert talk.minutes == 20


def test_anonymous_visitor_is_sent_to_log_in(client, talk):
    response = client.post(edit_url(talk), item_data(minutes="90"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    talk.refresh_from_db()
    assert talk.minutes == 20


def test_coordinator_cannot_change_items_of_another_network(login, coordinator, other_meeting):
    (other_item,) = add_items(other_meeting, ("talk", "Jobcentret fortæller", 30))

    response = login(coordinator).post(edit_url(other_item), item_data(minutes="5"))

    assert response.status_code == 403
    other_item.refresh_from_db()
    assert other_item.minutes == 30


def test_item_under_another_plans_address_is_not_found(login, admin_user, talk):
    response = login(admin_user).get(f"/plans/findes-ikke/agenda/{talk.pk}/edit/")

    assert response.status_code == 404


def test_agenda_item_edit_rejects_put(login, coordinator, talk):
    assert login(coordinator).put(edit_url(talk)).status_code == 405


def test_the_heading_and_the_error_summary_do_not_share_a_verb(login, coordinator, talk):
    response = login(coordinator).post(edit_url(talk), item_data(title=""))

    content = response.content.decode()
    heading = re.search(r"<h1>([^<]+)</h1>", content).group(1)
    summary = re.search(r'<h2 class="alert-heading">([^<]+)</h2>', content).group(1)
    assert heading.split()[0] != summary.split()[0]
