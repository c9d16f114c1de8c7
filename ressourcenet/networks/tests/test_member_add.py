"""Adding an existing person to a network: for its coordinators and administrators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.accounts.tests.cast import OTHERS, build_cast
from ressourcenet.conftest import make_person
from ressourcenet.networks.models import Membership

MAY_MANAGE = ["admin_user", "coordinator"]
MAY_NOT = ["member", "board_member", "editor", "outsider"]


def add_url(network) -> str:
    return reverse("member_add", args=[network.plan.slug, network.slug])


@pytest.fixture
def newcomer(coordinator):
    """Typed in by the coordinator, in no network yet."""
    return make_person("Nina Ny", created_by=coordinator)


def test_form_offers_people_of_the_plan_who_are_not_members_yet(
    login, coordinator, network, member, newcomer
):
    response = login(coordinator).get(add_url(network))

    assert response.status_code == 200
    choices = list(response.context["form"].fields["person"].queryset)
    assert newcomer in choices
    assert member.person not in choices
    assert "Nina Ny" in response.content.decode()


def test_coordinator_adds_a_member_from_a_date(login, coordinator, network, newcomer):
    response = login(coordinator).post(
        add_url(network),
        {"person": newcomer.pk, "role": "member", "starts_on": "2026-02-01"},
    )

    assert response.status_code == 302
    assert response.url == network.get_absolute_url()
    membership = Membership.objects.get(person=newcomer)
    assert (membership.network, membership.role) == (network, "member")
    assert membership.starts_on == date(2026, 2, 1)
    assert membership.ends_on is None


def test_coordinator_adds_a_co_coordinator_who_then_sees_the_network_page_as_member(
    login, coordinator, network, newcomer
):
    client = login(coordinator)
    today = timezone.localdate().isoformat()
    client.post(
        add_url(network), {"person": newcomer.pk, "role": "coordinator", "starts_on": today}
    )

    page = client.get(network.get_absolute_url(), follow=True)

    assert Membership.objects.get(person=newcomer).role == Membership.Role.COORDINATOR
    assert "Nina Ny" in page.content.decode()
    assert page.context["coverage"]["member_count"] == 2


def test_missing_person_shows_an_error_keeps_the_input_and_saves_nothing(
    login, coordinator, network
):
    before = Membership.objects.count()

    response = login(coordinator).post(
        add_url(network), {"person": "", "role": "coordinator", "starts_on": "2026-03-15"}
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert 'value="2026-03-15"' in response.content.decode()
    assert Membership.objects.count() == before


def test_a_current_member_cannot_be_added_twice(login, coordinator, network, member):
    response = login(coordinator).post(
        add_url(network), {"person": member.person.pk, "role": "member", "starts_on": "2026-01-01"}
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Membership.objects.filter(person=member.person).count() == 1


def test_a_membership_overlapping_a_planned_one_is_refused(login, coordinator, network, newcomer):
    planned = timezone.localdate() + timedelta(days=365)
    Membership.objects.create(network=network, person=newcomer, starts_on=planned)

    response = login(coordinator).post(
        add_url(network),
        {"person": newcomer.pk, "role": "member", "starts_on": planned - timedelta(days=180)},
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Membership.objects.filter(person=newcomer).count() == 1


@pytest.mark.parametrize("role", MAY_MANAGE)
def test_coordinator_and_administrator_may_add_members(request, login, role, network):
    assert login(request.getfixturevalue(role)).get(add_url(network)).status_code == 200


@pytest.mark.parametrize("role", MAY_NOT)
def test_other_roles_may_not_add_members(request, login, role, network, newcomer):
    client = login(request.getfixturevalue(role))

    assert client.get(add_url(network)).status_code == 403
    response = client.post(
        add_url(network), {"person": newcomer.pk, "role": "member", "starts_on": "2026-01-01"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(person=newcomer).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, network):
    response = client.get(add_url(network))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={add_url(network)}"


def test_coordinator_cannot_manage_other_network(login, coordinator, other_network, newcomer):
    client = login(coordinator)

    assert client.get(add_url(other_network)).status_code == 403
    client.post(
        add_url(other_network),
        {"person": newcomer.pk, "role": "member", "starts_on": "2026-01-01"},
    )
    assert not other_network.memberships.exists()


def test_add_member_rejects_delete(login, coordinator, network):
    assert login(coordinator).delete(add_url(network)).status_code == 405


# --- whom the picker offers ----------------------------------------------------------------


@pytest.fixture
def cast(plan, network, other_network, admin_user, coordinator):
    return build_cast(plan, network, other_network, admin_user)


def test_picker_offers_a_coordinator_only_their_own_people_by_name(
    login, coordinator, network, newcomer, cast
):
    stranger = make_person("Sara Fremmed")  # in no network, typed in by no coordinator

    response = login(coordinator).get(add_url(network))

    choices = set(response.context["form"].fields["person"].queryset)
    assert choices == {newcomer}
    content = response.content.decode()
    assert "Nina Ny" in content
    for person in (newcomer, stranger, *(getattr(cast, who) for who in OTHERS)):
        assert person.email not in content
    for who in OTHERS:
        assert getattr(cast, who).name not in content


@pytest.mark.parametrize("who", OTHERS)
def test_a_coordinator_cannot_add_others_by_posting_their_id(
    login, coordinator, network, cast, who
):
    person = getattr(cast, who)

    response = login(coordinator).post(
        add_url(network),
        {"person": person.pk, "role": "member", "starts_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not network.memberships.filter(person=person).exists()


def test_picker_offers_an_administrator_everyone_in_the_plan(login, admin_user, network, cast):
    choices = set(login(admin_user).get(add_url(network)).context["form"].fields["person"].queryset)

    assert {getattr(cast, who) for who in OTHERS} <= choices


def test_with_no_one_to_choose_the_page_says_so_and_offers_a_new_person(
    login, coordinator, network, member
):
    response = login(coordinator).get(add_url(network))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Der er ingen, du kan vælge lige nu." in content
    assert 'name="person"' not in content
    assert reverse("person_create", args=[network.plan.slug]) in content
