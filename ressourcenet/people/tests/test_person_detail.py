"""One person's page: facts for those who may see people, contact details by role."""

from datetime import date

import pytest
from django.urls import reverse

from ressourcenet.conftest import assert_sent_home, make_person, make_user
from ressourcenet.networks.models import Membership, Network
from ressourcenet.plans.models import Plan

MAY_SEE = ["admin_user", "coordinator", "member", "board_member"]
VERA_PHONE = "+45 70 70 70 70"
VERA_EMAIL = "vera.frivillig@example.org"


@pytest.fixture
def vera(volunteer):
    volunteer.phone = VERA_PHONE
    volunteer.save(update_fields=["phone"])
    return volunteer


def detail_url(person, plan_slug="testby") -> str:
    return reverse("person_detail", args=[plan_slug, person.pk])


def test_page_shows_group_area_and_networks(login, member, vera):
    response = login(member).get(detail_url(vera))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert "Sydparken" in content
    assert "Netværk for familier" in content
    assert [m.network.slug for m in response.context["memberships"]] == ["familier"]


def test_page_lists_only_memberships_in_this_plan(login, admin_user, vera):
    other = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    andenet = Network.objects.create(plan=other, name="Andenet", slug="ande")
    Membership.objects.create(network=andenet, person=vera, starts_on=date(2021, 1, 1))

    response = login(admin_user).get(detail_url(vera))

    assert [m.network.slug for m in response.context["memberships"]] == ["familier"]
    assert "Andenet" not in response.content.decode()


def test_volunteer_cannot_see_phone_numbers(login, member, vera):
    content = login(member).get(detail_url(vera)).content.decode()

    assert VERA_PHONE not in content
    assert VERA_EMAIL not in content


def test_coordinator_sees_contact_details_of_own_network_members(login, coordinator, vera):
    response = login(coordinator).get(detail_url(vera))

    assert response.context["show_contact"] is True
    content = response.content.decode()
    assert VERA_PHONE in content and VERA_EMAIL in content


def test_member_sees_contact_details_of_a_coordinator(login, member, coordinator):
    response = login(member).get(detail_url(coordinator.person))

    assert "karen.koordinator@example.org" in response.content.decode()


def test_coordinator_cannot_see_contact_details_in_other_network(login, coordinator, other_network):
    jens = make_person("Jens Job", email="jens@example.org")
    Membership.objects.create(network=other_network, person=jens, starts_on=date(2025, 1, 1))

    response = login(coordinator).get(detail_url(jens))

    assert response.status_code == 200
    assert "jens@example.org" not in response.content.decode()
    assert response.context["may_edit"] is False


def test_everyone_sees_their_own_contact_details(login, member):
    response = login(member).get(detail_url(member.person))

    assert "mads.medlem@example.org" in response.content.decode()


def test_person_without_role_sees_only_their_own_page(login, network, vera):
    loner = make_person("Lone Ensom", email="lone@example.org")
    client = login(make_user("lone@example.org", loner))

    own = client.get(detail_url(loner))

    assert own.status_code == 200
    assert "lone@example.org" in own.content.decode()
    assert client.get(detail_url(vera)).status_code == 403


@pytest.mark.parametrize("role", MAY_SEE)
def test_roles_that_may_see_people_see_the_page(request, login, role, vera):
    response = login(request.getfixturevalue(role)).get(detail_url(vera))

    assert response.status_code == 200
    assert "Vera Frivillig" in response.content.decode()


def test_outsider_is_refused(login, outsider, vera):
    response = login(outsider).get(detail_url(vera))

    assert response.status_code == 403
    assert "Vera Frivillig" not in response.content.decode()


def test_editor_is_sent_to_their_own_page_instead_of_a_403(login, editor, vera):
    response = login(editor).get(detail_url(vera), follow=True)

    assert_sent_home(response)
    assert "Vera Frivillig" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, vera):
    response = client.get(detail_url(vera))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={detail_url(vera)}"


@pytest.mark.parametrize(("role", "may_edit"), [("coordinator", True), ("member", False)])
def test_edit_button_only_for_those_who_may_edit(request, login, role, may_edit, vera):
    response = login(request.getfixturevalue(role)).get(detail_url(vera))

    edit_url = reverse("person_edit", args=["testby", vera.pk])
    assert (edit_url in response.content.decode()) is may_edit


def test_person_of_another_plan_is_not_found(login, admin_user, plan):
    other = Plan.objects.create(
        name="Andeby",
        slug="andeby",
        municipality="Andeby",
        starts_on=date(2021, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    andenet = Network.objects.create(plan=other, name="Andenet", slug="ande")
    anders = make_person("Anders And")
    Membership.objects.create(network=andenet, person=anders, starts_on=date(2021, 1, 1))

    assert login(admin_user).get(detail_url(anders)).status_code == 404
    assert login(admin_user).get(detail_url(anders, "andeby")).status_code == 200


def test_person_detail_rejects_post(login, admin_user, vera):
    assert login(admin_user).post(detail_url(vera)).status_code == 405
