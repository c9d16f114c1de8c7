"""Ending a membership: a confirmation page, or a table row when htmx asks."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.networks.models import Membership

MAY_NOT = ["member", "board_member", "editor", "outsider"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def end_url(membership) -> str:
    return reverse("membership_end", args=[membership.network.plan.slug, membership.pk])


@pytest.fixture
def vera_membership(volunteer) -> Membership:
    return volunteer.memberships.get()


def test_confirmation_page_names_the_person_and_the_network(login, coordinator, vera_membership):
    response = login(coordinator).get(end_url(vera_membership))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content and "Netværk for familier" in content
    assert "<html" in content


def test_ending_without_a_date_ends_today_and_keeps_the_row(login, coordinator, vera_membership):
    client = login(coordinator)

    response = client.post(end_url(vera_membership), {"ends_on": ""})

    assert response.status_code == 302
    assert response.url == vera_membership.network.get_absolute_url()
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == timezone.localdate()
    page = client.get(response.url)
    assert page.context["coverage"]["member_count"] == 1
    assert list(page.context["former_memberships"]) == [vera_membership]


def test_ending_on_a_later_date_keeps_the_member_until_then(login, coordinator, vera_membership):
    later = timezone.localdate() + timedelta(days=30)

    login(coordinator).post(end_url(vera_membership), {"ends_on": later.isoformat()})

    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == later
    assert vera_membership.is_active()


def test_end_before_start_shows_an_error_keeps_the_input_and_saves_nothing(
    login, coordinator, vera_membership
):
    response = login(coordinator).post(end_url(vera_membership), {"ends_on": "2024-12-31"})

    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert 'value="2024-12-31"' in response.content.decode()
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on is None


def test_ending_twice_shows_an_error_and_keeps_the_first_end(login, coordinator, vera_membership):
    client = login(coordinator)
    client.post(end_url(vera_membership), {"ends_on": ""})

    response = client.post(end_url(vera_membership), {"ends_on": "2030-01-01"})

    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == timezone.localdate()


def test_htmx_request_gets_a_table_row_saying_the_membership_ended(
    login, coordinator, vera_membership
):
    response = login(coordinator).post(end_url(vera_membership), {"ends_on": ""}, **HTMX)

    assert response.status_code == 200
    content = response.content.decode().strip()
    assert content.startswith("<tr") and content.endswith("</tr>")
    assert "Vera Frivillig" in content
    assert "<html" not in content
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == timezone.localdate()


def test_htmx_request_on_an_ended_membership_gets_a_row_with_the_error(
    login, coordinator, vera_membership
):
    ended = timezone.localdate() - timedelta(days=1)
    vera_membership.ends_on = ended
    vera_membership.save()

    response = login(coordinator).post(end_url(vera_membership), {"ends_on": ""}, **HTMX)

    content = response.content.decode().strip()
    assert content.startswith("<tr") and "<html" not in content
    assert "Vera Frivillig" not in content
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == ended


@pytest.mark.parametrize("role", MAY_NOT)
def test_other_roles_may_not_end_memberships(request, login, role, vera_membership):
    client = login(request.getfixturevalue(role))

    assert client.get(end_url(vera_membership)).status_code == 403
    assert client.post(end_url(vera_membership), {"ends_on": ""}, **HTMX).status_code == 403
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on is None


def test_administrator_may_end_memberships(login, admin_user, vera_membership):
    login(admin_user).post(end_url(vera_membership), {"ends_on": ""})

    vera_membership.refresh_from_db()
    assert vera_membership.ends_on == timezone.localdate()


def test_anonymous_visitor_is_sent_to_log_in_and_nothing_ends(client, vera_membership):
    response = client.post(end_url(vera_membership), {"ends_on": ""})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    vera_membership.refresh_from_db()
    assert vera_membership.ends_on is None


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network, volunteer):
    membership = Membership.objects.create(
        network=other_network, person=volunteer, starts_on=date(2025, 1, 1)
    )

    response = login(coordinator).post(end_url(membership), {"ends_on": ""})

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_membership_end_rejects_put(login, coordinator, vera_membership):
    assert login(coordinator).put(end_url(vera_membership)).status_code == 405
