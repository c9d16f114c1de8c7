"""Adding an agenda item: the agenda grows at the end, and the design check follows."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from ressourcenet.conftest import make_person
from ressourcenet.meetings.forms import AgendaItemForm
from ressourcenet.meetings.models import AgendaItem
from ressourcenet.meetings.tests.conftest import (
    HTMX,
    MAY_NOT_MANAGE,
    add_items,
    agenda_titles,
    error_at_field,
    plan_url,
    rule_statuses,
)


def added(title: str) -> str:
    """The confirmation after adding an item, as the page says it."""
    with translation.override("da"):
        return translation.gettext("“%(title)s” is added to the agenda.") % {"title": title}


def add_url(meeting) -> str:
    return reverse("agenda_add", args=[meeting.network.plan.slug, meeting.pk])


def item(**changes) -> dict:
    return {
        "kind": "workshop",
        "title": "Idéværksted",
        "minutes": "60",
        "responsible": "",
    } | changes


def test_item_is_added_at_the_end_and_the_agenda_step_says_so(login, coordinator, meeting):
    add_items(meeting, ("welcome", "Velkomst", 10))
    client = login(coordinator)

    response = client.post(add_url(meeting), item())

    assert response.status_code == 302
    assert (
        response.url == plan_url(meeting, "agenda") + "#main-content"
    )  # at the message, at the top
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [added("Idéværksted")]
    new = AgendaItem.objects.get(title="Idéværksted")
    assert (new.meeting, new.position, new.kind, new.minutes) == (
        meeting,
        1,
        "workshop",
        60,
    )
    assert agenda_titles(meeting) == ["Velkomst", "Idéværksted"]


def test_item_can_have_a_member_responsible(login, coordinator, meeting, member):
    login(coordinator).post(add_url(meeting), item(responsible=member.person.pk))

    assert AgendaItem.objects.get().responsible == member.person


def test_htmx_gets_the_agenda_and_the_design_check_out_of_band(login, coordinator, meeting):
    client = login(coordinator)
    response = client.post(add_url(meeting), item(title="Bordværksted"), **HTMX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="agenda"')
    assert "Bordværksted" in content
    assert re.search(r'<aside id="design-check"[^>]*hx-swap-oob="true"', content)
    assert re.search(r'<p id="design-summary"[^>]*hx-swap-oob="true"', content)
    assert len(rule_statuses(content)) == 10
    assert agenda_titles(meeting) == ["Bordværksted"]
    # The confirmation is in the swapped agenda, not left for the next page.
    assert not list(client.get(plan_url(meeting, "agenda")).context["messages"])


def test_htmx_confirmation_is_marked_to_be_focused_and_read_out(login, coordinator, meeting):
    response = login(coordinator).post(add_url(meeting), item(title="Bordværksted"), **HTMX)

    content = response.content.decode()
    (confirmation,) = re.findall(r"<div [^>]*data-focus-here[^>]*>.*?</div>", content, re.DOTALL)
    assert "data-announce" in confirmation
    assert html.escape(added("Bordværksted")) in confirmation
    assert content.index("Bordværksted</td>") < content.index("data-focus-here")


def test_adding_items_changes_the_design_checks_statuses_and_score(login, coordinator, meeting):
    client = login(coordinator)
    before = rule_statuses(client.get(plan_url(meeting)).content.decode())

    with_food = rule_statuses(
        client.post(
            add_url(meeting), item(kind="food", title="Suppe", minutes="30"), **HTMX
        ).content.decode()
    )
    with_workshop = rule_statuses(client.post(add_url(meeting), item(), **HTMX).content.decode())

    assert (before["food"], before["breaks"], before["workshop_weight"]) == ("warn", "fail", "warn")
    assert (with_food["food"], with_food["breaks"], with_food["workshop_weight"]) == (
        "pass",
        "pass",
        "warn",
    )
    assert with_workshop["workshop_weight"] == "pass"
    scores = [list(s.values()).count("pass") for s in (before, with_food, with_workshop)]
    assert scores == [5, 7, 8]


def test_an_item_that_would_make_the_agenda_longer_than_the_meeting_is_refused(
    login, coordinator, meeting
):
    add_items(meeting, ("workshop", "Værksted", 100))

    response = login(coordinator).post(add_url(meeting), item(minutes="30"))

    assert response.status_code == 422
    form = response.context["item_form"]
    assert form.errors["minutes"] == [
        "Dagsordenen ville blive 10 minutter længere end mødet. Gør et punkt kortere, "
        "eller gør mødet længere."
    ]
    assert error_at_field(response.content.decode(), form["minutes"])
    assert agenda_titles(meeting) == ["Værksted"]


def test_an_agenda_item_of_ten_billion_minutes_is_refused_and_the_pages_still_work(
    login, coordinator, meeting
):
    client = login(coordinator)

    response = client.post(add_url(meeting), item(minutes=str(10**10)))

    assert response.status_code == 422
    # The longest meeting is the limit a resident understands, not the database's.
    assert response.context["item_form"].errors["minutes"] == ["Skriv et helt tal fra 1 til 1440."]
    assert not AgendaItem.objects.exists()
    assert client.get(plan_url(meeting)).status_code == 200


def test_an_agenda_longer_than_a_shortened_meeting_fails_the_slack_rule(
    login, coordinator, meeting
):
    add_items(meeting, ("workshop", "Værksted", 100))
    meeting.ends_at = meeting.starts_at + timedelta(minutes=60)
    meeting.save()

    response = login(coordinator).get(plan_url(meeting))

    assert rule_statuses(response.content.decode())["slack"] == "fail"


def test_zero_minutes_shows_the_error_keeps_the_input_and_saves_nothing(
    login, coordinator, meeting
):
    response = login(coordinator).post(add_url(meeting), item(title="Kort runde", minutes="0"))

    assert response.status_code == 422
    assert list(response.context["item_form"].errors) == ["minutes"]
    content = response.content.decode()
    assert "<html" in content
    assert error_at_field(content, response.context["item_form"]["minutes"])
    assert 'value="Kort runde"' in content
    assert not AgendaItem.objects.exists()


def test_invalid_item_by_htmx_gets_the_agenda_with_the_errors_and_the_input(
    login, coordinator, meeting
):
    add_items(meeting, ("welcome", "Velkomst", 10))

    response = login(coordinator).post(
        add_url(meeting), item(title="Kort runde", minutes="0"), **HTMX
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="agenda"')
    assert "Velkomst" in content
    assert error_at_field(content, AgendaItemForm(meeting=meeting)["minutes"])
    assert 'value="Kort runde"' in content and 'value="0"' in content
    assert "hx-swap-oob" not in content
    assert agenda_titles(meeting) == ["Velkomst"]


def test_htmx_swaps_in_the_422_answer(login, coordinator, meeting):
    """htmx drops 4xx answers unless configured; the form errors above must reach the page."""
    content = login(coordinator).get(plan_url(meeting)).content.decode()

    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", content)[1])
    first_match = next(
        rule for rule in config["responseHandling"] if re.fullmatch(rule["code"], "422")
    )
    assert first_match["swap"] is True


def test_unknown_kind_and_missing_title_are_refused(login, coordinator, meeting):
    response = login(coordinator).post(add_url(meeting), item(kind="party", title=""))

    assert response.status_code == 422
    assert set(response.context["item_form"].errors) == {"kind", "title"}
    assert not AgendaItem.objects.exists()


def test_responsible_must_be_around_the_meeting(login, coordinator, meeting):
    stranger = make_person("Svend Fremmed")

    response = login(coordinator).post(add_url(meeting), item(responsible=stranger.pk))

    assert response.status_code == 422
    assert list(response.context["item_form"].errors) == ["responsible"]
    assert not AgendaItem.objects.exists()


def test_administrator_may_add_items(login, admin_user, meeting):
    login(admin_user).post(add_url(meeting), item())

    assert agenda_titles(meeting) == ["Idéværksted"]


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_add_items(request, login, role, meeting):
    client = login(request.getfixturevalue(role))

    assert client.post(add_url(meeting), item()).status_code == 403
    assert client.post(add_url(meeting), item(), **HTMX).status_code == 403
    assert not AgendaItem.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.post(add_url(meeting), item())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not AgendaItem.objects.exists()


def test_coordinator_cannot_add_to_a_meeting_of_another_network(login, coordinator, other_meeting):
    response = login(coordinator).post(add_url(other_meeting), item())

    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_agenda_add_by_get_is_sent_to_the_form_s_page(login, coordinator, meeting):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(add_url(meeting))

    assert response.status_code == 303
    assert response.url == plan_url(meeting, "agenda")


@pytest.mark.parametrize("minutes", [0, 2000])
def test_the_page_and_the_api_word_a_minute_limit_alike(
    login, api_client, coordinator, meeting, minutes
):
    page = login(coordinator).post(add_url(meeting), item(minutes=str(minutes)))
    api = api_client(coordinator).put(
        f"/api/v1/meetings/{meeting.pk}/agenda",
        {"items": [{"kind": "talk", "title": "Oplæg", "minutes": minutes, "responsible": None}]},
        content_type="application/json",
    )

    (on_the_page,) = page.context["item_form"].errors["minutes"]
    (in_the_api,) = [error["msg"] for error in api.json()["detail"]]
    assert on_the_page == in_the_api == "Skriv et helt tal fra 1 til 1440."


def test_the_error_page_brings_the_form_into_view_and_switches_language_on_the_step(
    login, coordinator, meeting
):
    """Without JavaScript: the form posts to its own anchor, so the error answer opens at
    the form; the language switcher returns to the step, not to this POST-only address."""
    response = login(coordinator).post(add_url(meeting), item(title=""))
    content = response.content.decode()

    assert response.status_code == 422
    assert f'action="{add_url(meeting)}#agenda-add" id="agenda-add"' in content
    assert f'<input name="next" type="hidden" value="{plan_url(meeting, "agenda")}">' in content
