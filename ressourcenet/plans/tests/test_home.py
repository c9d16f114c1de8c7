"""The front page: the current plan's networks, or a welcome when there is no plan."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import days_ahead, invite, make_meeting
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Plan

ROLES = ["admin_user", "coordinator", "member", "board_member", "editor", "outsider"]


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_front_page_shows_the_current_plan_with_its_networks_and_areas(
    client, network, other_network
):
    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert network.plan.name in content
    assert "Netværk for familier" in content
    assert "Netværk for job" in content
    assert "Nordparken" in content and "Sydparken" in content


def test_front_page_counts_only_active_members(client, network, coordinator, member, volunteer):
    former = make_person("Frida Tidligere")
    Membership.objects.create(
        network=network, person=former, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )

    response = client.get("/")

    (shown_network, _coverage), *_ = response.context["network_rows"]
    assert shown_network == network
    assert shown_network.member_count == 3


def test_front_page_shows_which_expected_units_are_missing(client, network, member):
    response = client.get("/")

    (_network, coverage), *_ = response.context["network_rows"]
    assert coverage["units_missing"] == ["PPR"]
    assert coverage["areas_present"] == ["Nordparken"]
    assert coverage["areas_missing"] == ["Sydparken"]


def test_front_page_prefers_the_running_plan_to_a_later_one(client, plan):
    Plan.objects.create(
        name="Helhedsplan Senere",
        slug="senere",
        municipality="Senere",
        starts_on=plan.ends_on + timedelta(days=1),
        ends_on=plan.ends_on + timedelta(days=4 * 365),
    )

    response = client.get("/")

    assert response.context["plan"] == plan
    assert "Helhedsplan Senere" not in response.content.decode()


@pytest.mark.django_db
def test_front_page_without_any_plan_shows_the_welcome_page(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "plans/no_plan.html" in template_names(response)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_front_page(request, login, role, network):
    response = login(request.getfixturevalue(role)).get("/")

    assert response.status_code == 200
    assert "Netværk for familier" in response.content.decode()


def test_front_page_rejects_post(client, plan):
    assert client.post("/").status_code == 405


def test_invited_member_sees_the_meeting_among_their_next_meetings(login, network, member):
    meeting = make_meeting(network, title="Idéer til caféen")
    invite(meeting, member.person)

    response = login(member).get("/")

    assert list(response.context["my_meetings"]) == [meeting]
    content = response.content.decode()
    assert "Idéer til caféen" in content
    assert meeting.get_absolute_url() in content


def test_next_meetings_leave_out_those_not_invited_to_cancelled_or_past(
    login, network, other_network, member
):
    make_meeting(network, title="Ikke inviteret")
    cancelled = make_meeting(network, title="Aflyst møde")
    past = make_meeting(network, title="Forrige møde", starts_at=timezone.now() - timedelta(days=7))
    invite(cancelled, member.person)
    invite(past, member.person)
    cancel_meeting(cancelled)

    response = login(member).get("/")

    assert list(response.context["my_meetings"]) == []
    content = response.content.decode()
    assert "Ikke inviteret" not in content
    assert "Aflyst møde" not in content and "Forrige møde" not in content


def test_next_meetings_are_the_five_soonest(login, network, member):
    for days in range(7, 1, -1):
        invite(
            make_meeting(network, title=f"Møde {days}", starts_at=days_ahead(days)), member.person
        )

    response = login(member).get("/")

    assert [m.title for m in response.context["my_meetings"]] == [
        "Møde 2",
        "Møde 3",
        "Møde 4",
        "Møde 5",
        "Møde 6",
    ]


@pytest.mark.parametrize("role", ["editor", "outsider", None])
def test_visitors_without_an_invitation_see_no_meetings(request, login, role, network, member):
    meeting = make_meeting(network, title="Idéer til caféen")
    invite(meeting, member.person)

    response = login(request.getfixturevalue(role) if role else None).get("/")

    assert list(response.context["my_meetings"]) == []
    assert "Idéer til caféen" not in response.content.decode()
