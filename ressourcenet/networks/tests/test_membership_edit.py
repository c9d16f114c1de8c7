"""Changing a membership's role and dates: for the network's coordinators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership

MAY_NOT = ["member", "board_member", "editor", "outsider"]


def edit_url(membership) -> str:
    return reverse("membership_edit", args=[membership.network.plan.slug, membership.pk])


@pytest.fixture
def vera_membership(volunteer) -> Membership:
    return volunteer.memberships.get()


def test_form_shows_the_membership_as_it_is(login, coordinator, vera_membership):
    response = login(coordinator).get(edit_url(vera_membership))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert f'value="{vera_membership.starts_on.isoformat()}"' in content
    assert response.context["form"].instance == vera_membership


def test_coordinator_makes_a_member_coordinator_and_sets_an_end(
    login, coordinator, vera_membership
):
    response = login(coordinator).post(
        edit_url(vera_membership),
        {"role": "coordinator", "starts_on": "2025-01-01", "ends_on": "2027-12-31"},
    )

    assert response.status_code == 302
    assert response.url == vera_membership.network.get_absolute_url()
    vera_membership.refresh_from_db()
    assert vera_membership.role == Membership.Role.COORDINATOR
    assert vera_membership.ends_on == date(2027, 12, 31)


def test_end_before_start_shows_an_error_keeps_the_input_and_saves_nothing(
    login, coordinator, vera_membership
):
    response = login(coordinator).post(
        edit_url(vera_membership),
        {"role": "coordinator", "starts_on": "2025-01-01", "ends_on": "2024-06-30"},
    )

    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert 'value="2024-06-30"' in response.content.decode()
    vera_membership.refresh_from_db()
    assert (vera_membership.role, vera_membership.ends_on) == ("member", None)


def test_moving_a_former_membership_into_the_current_one_is_refused(
    login, coordinator, network, vera_membership
):
    former = Membership.objects.create(
        network=network,
        person=vera_membership.person,
        starts_on=date(2020, 1, 1),
        ends_on=date(2021, 1, 1),
    )

    into_current = vera_membership.starts_on + timedelta(days=365)
    response = login(coordinator).post(
        edit_url(former), {"role": "member", "starts_on": "2020-01-01", "ends_on": into_current}
    )

    assert response.status_code == 200
    (error,) = response.context["form"].non_field_errors()
    assert error in response.content.decode()
    former.refresh_from_db()
    assert former.ends_on == date(2021, 1, 1)


@pytest.mark.parametrize("role", MAY_NOT)
def test_other_roles_may_not_change_memberships(request, login, role, vera_membership):
    client = login(request.getfixturevalue(role))

    assert client.get(edit_url(vera_membership)).status_code == 403
    response = client.post(
        edit_url(vera_membership), {"role": "coordinator", "starts_on": "2025-01-01"}
    )
    assert response.status_code == 403
    vera_membership.refresh_from_db()
    assert vera_membership.role == Membership.Role.MEMBER


def test_administrator_may_change_memberships(login, admin_user, vera_membership):
    response = login(admin_user).post(
        edit_url(vera_membership), {"role": "coordinator", "starts_on": "2025-01-01"}
    )

    assert response.status_code == 302
    vera_membership.refresh_from_db()
    assert vera_membership.role == Membership.Role.COORDINATOR


def test_anonymous_visitor_is_sent_to_log_in(client, vera_membership):
    response = client.get(edit_url(vera_membership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network):
    membership = Membership.objects.create(
        network=other_network, person=make_person("Jens Job"), starts_on=date(2025, 1, 1)
    )

    assert login(coordinator).get(edit_url(membership)).status_code == 403


def test_membership_seen_through_another_plan_is_not_found(login, admin_user, vera_membership):
    url = reverse("membership_edit", args=["findes-ikke", vera_membership.pk])

    assert login(admin_user).get(url).status_code == 404


def test_membership_edit_rejects_put(login, coordinator, vera_membership):
    assert login(coordinator).put(edit_url(vera_membership)).status_code == 405
