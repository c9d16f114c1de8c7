"""Planning a new meeting: the why first, a draft without it is allowed, then the agenda."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ressourcenet.api.tests.utils import spring_forward_and_autumn_fold
from ressourcenet.lib.tests.test_bounds import CLOCK_CHANGE
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.tests.conftest import (
    MAY_NOT_MANAGE,
    days_ahead,
    error_at_field,
    first_why,
    local_input,
    plan_url,
    rule_statuses,
)

WHY = "Fem konkrete aftaler om, hvordan vi tager imod nye familier"


def create_url(network) -> str:
    return reverse("meeting_create", args=[network.plan.slug, network.slug])


def form_data(**changes) -> dict:
    starts_at = days_ahead()
    data = {
        "why": WHY,
        "title": "Velkomst af nye familier",
        "purpose": "Vi deler, hvordan hver af os byder nye velkommen.",
        "starts_at": local_input(starts_at),
        "ends_at": local_input(starts_at.replace(hour=19)),
        "location": "Familiehuset",
        "capture": ["ideas", "summary"],
    }
    data.update(changes)
    return data


def test_form_page_names_the_network_and_asks_for_the_why(login, coordinator, network):
    response = login(coordinator).get(create_url(network))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Netværk for familier" in content
    assert 'name="why"' in content
    assert response.context["form"].instance.network == network


def test_saving_creates_the_meeting_and_opens_its_agenda(login, coordinator, network):
    response = login(coordinator).post(create_url(network), form_data())

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == plan_url(meeting, "agenda")
    assert meeting.network == network
    assert meeting.title == "Velkomst af nye familier"
    assert meeting.why == WHY
    assert meeting.location == "Familiehuset"
    assert meeting.capture == ["ideas", "summary"]
    assert meeting.starts_at == days_ahead()
    assert meeting.minutes == 120
    assert meeting.invitations_sent_at is None and meeting.cancelled_at is None


def test_draft_without_a_why_is_saved_and_the_check_says_the_why_is_missing(
    login, coordinator, network
):
    client = login(coordinator)

    response = client.post(create_url(network), form_data(why=""))

    assert response.status_code == 302
    assert Meeting.objects.get().why == ""
    page = client.get(response.url)
    assert 'data-code="why" data-status="fail"' in page.content.decode()
    assert rule_statuses(page.content.decode())["why"] == "fail"


def test_end_before_start_shows_the_error_at_the_end_keeps_the_input_and_saves_nothing(
    login, coordinator, network
):
    data = form_data(ends_at=local_input(days_ahead(hour=16)))

    response = login(coordinator).post(create_url(network), data)

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["ends_at"]
    content = response.content.decode()
    assert error_at_field(content, response.context["form"]["ends_at"])
    assert f'value="{data["ends_at"]}"' in content
    assert 'value="Velkomst af nye familier"' in content
    assert WHY in content
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("local_time", spring_forward_and_autumn_fold())
def test_a_start_the_clock_skips_or_repeats_is_refused_in_plain_words_by_the_field(
    login, coordinator, network, local_time
):
    data = form_data(
        starts_at=local_time.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local_time + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    )

    response = login(coordinator).post(create_url(network), data)

    assert response.status_code == 422
    assert response.context["form"].errors["starts_at"] == [CLOCK_CHANGE]
    assert error_at_field(response.content.decode(), response.context["form"]["starts_at"])
    assert not Meeting.objects.exists()


def test_meeting_without_title_or_start_is_refused(login, coordinator, network):
    response = login(coordinator).post(create_url(network), form_data(title="", starts_at=""))

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"title", "starts_at"}
    assert error_at_field(response.content.decode(), response.context["form"]["title"])
    assert not Meeting.objects.exists()


def test_administrator_may_plan_a_meeting(login, admin_user, network):
    response = login(admin_user).post(create_url(network), form_data())

    assert response.status_code == 302
    assert Meeting.objects.get().network == network


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_plan_meetings(request, login, role, network):
    client = login(request.getfixturevalue(role))

    assert client.get(create_url(network)).status_code == 403
    assert client.post(create_url(network), form_data()).status_code == 403
    assert not Meeting.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in_and_nothing_is_saved(client, network):
    response = client.post(create_url(network), form_data())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Meeting.objects.exists()


def test_coordinator_cannot_plan_in_another_network(login, coordinator, other_network):
    response = login(coordinator).post(create_url(other_network), form_data())

    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_unknown_network_is_not_found(login, admin_user, network):
    response = login(admin_user).get("/plans/testby/networks/findes-ikke/meetings/new/")

    assert response.status_code == 404


def test_meeting_create_rejects_put(login, coordinator, network):
    assert login(coordinator).put(create_url(network)).status_code == 405


def test_the_why_is_not_labelled_optional(login, coordinator, network):
    url = reverse("meeting_create", args=[network.plan.slug, network.slug])
    form = login(coordinator).get(url, headers={"Accept-Language": "en"}).context["form"]

    assert not form["why"].marked_optional
    assert not form["capture"].marked_optional
    assert form["purpose"].marked_optional


def test_the_why_is_explained_where_it_first_appears(login, coordinator, network):
    response = login(coordinator).get(create_url(network), headers={"Accept-Language": "en"})

    assert first_why(response.content.decode()).startswith(
        "why</em> – the most important thing that must come out of the meeting"
    )
