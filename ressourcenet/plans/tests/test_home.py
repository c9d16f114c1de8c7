"""The front page: the current plan's networks, or a welcome when there is no plan."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ressourcenet.conftest import make_person
from ressourcenet.lib.dates import format_date
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import days_ahead, invite, make_meeting
from ressourcenet.networks.models import Membership
from ressourcenet.plans.models import Plan
from ressourcenet.scheduling.services import open_poll

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


def test_someone_with_a_role_lands_on_their_own_plan_not_on_another_running_one(
    login, plan, board_member, coordinator
):
    """A second plan runs today too and started later: visitors see it (the newest running),
    but the first plan's board member and coordinator land on their own."""
    today = timezone.localdate()
    other = Plan.objects.create(
        name="Helhedsplan Andetby",
        slug="andetby",
        municipality="Andetby",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365),
    )
    assert Plan.objects.current() == other

    for user in (board_member, coordinator):
        assert login(user).get("/").context["plan"] == plan


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


def announced(meeting):
    """As after sending the invitations."""
    meeting.invitations_sent_at = timezone.now()
    meeting.save()
    return meeting


def test_invited_member_sees_the_meeting_among_their_next_meetings(login, network, member):
    meeting = announced(make_meeting(network, title="Idéer til caféen"))
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
        meeting = make_meeting(network, title=f"Møde {days}", starts_at=days_ahead(days))
        invite(announced(meeting), member.person)

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


# --- every role has a home ------------------------------------------------------------


def test_anonymous_visitor_reads_what_the_networks_are(client, network):
    content = client.get("/").content.decode()

    assert _("What the resource networks are") in content
    why = _(
        "Every meeting starts from its why – the most important thing the meeting must "
        "produce – and the agenda, the roles and the time are chosen to get there."
    )
    assert why in content


@pytest.mark.parametrize("role", ROLES)
def test_logged_in_people_do_not_get_the_introduction(request, login, role, network):
    content = login(request.getfixturevalue(role)).get("/").content.decode()

    assert _("What the resource networks are") not in content


def test_editor_gets_a_page_of_their_own(login, editor, network):
    content = login(editor).get("/").content.decode()

    assert _("Your page as editor") in content


def test_board_member_sees_the_coming_meetings_of_the_plans_networks(
    login, board_member, network, other_network
):
    coming = announced(make_meeting(network, title="Idéer til caféen"))
    other = announced(
        make_meeting(other_network, title="Jobmesse i hallen", starts_at=days_ahead(12))
    )
    make_meeting(network, title="Forrige møde", starts_at=timezone.now() - timedelta(days=7))
    cancel_meeting(make_meeting(network, title="Aflyst møde"))

    response = login(board_member).get("/")

    assert list(response.context["board_meetings"]) == [coming, other]
    content = response.content.decode()
    assert _("Coming meetings in the plan's networks") in content
    assert "Jobmesse i hallen" in content
    assert "Forrige møde" not in content and "Aflyst møde" not in content


@pytest.mark.parametrize("role", ["member", "board_member"])
def test_a_draft_no_one_has_heard_of_is_on_no_home(request, login, role, network, member):
    draft = make_meeting(network, title="Kladde")
    invite(draft, member.person)  # invited, but nothing has gone out

    response = login(request.getfixturevalue(role)).get("/")

    assert list(response.context["my_meetings"]) == []
    assert list(response.context["board_meetings"]) == []
    assert "Kladde" not in response.content.decode()


@pytest.mark.parametrize("role", ["member", "board_member"])
def test_a_meeting_without_a_time_says_the_poll_is_open_until_when(
    request, login, role, network, member
):
    meeting = make_meeting(network, title="Sådan når vi familierne", starts_at=None)
    closes = days_ahead(5, 12)
    open_poll(meeting, [(days_ahead(9), days_ahead(9) + timedelta(hours=2))], closes_at=closes)
    invite(meeting, member.person)

    content = login(request.getfixturevalue(role)).get("/").content.decode()

    with translation.override("da"):
        expected = gettext("The time is not decided – the poll is open until %(date)s") % {
            "date": format_date(closes, "day_time")
        }
    assert expected in content
    assert ", </li>" not in content and "– </li>" not in content


@pytest.mark.parametrize("role", ["member", "editor", "outsider"])
def test_only_board_members_get_the_plans_coming_meetings(request, login, role, network):
    make_meeting(network, title="Idéer til caféen")

    response = login(request.getfixturevalue(role)).get("/")

    assert list(response.context["board_meetings"]) == []
    assert "Idéer til caféen" not in response.content.decode()


def held_meeting(network, days_ago: int, **fields):
    return make_meeting(
        network, starts_at=timezone.now() - timedelta(days=days_ago, hours=3), **fields
    )


def test_coordinator_gets_the_tasks_after_a_meeting(login, coordinator, network, member):
    meeting = held_meeting(network, 2, title="Caféaften", capture=["summary", "ideas"])
    invite(meeting, member.person)

    response = login(coordinator).get("/")

    (after,) = response.context["after_meeting"]
    assert after.meeting == meeting
    assert after.record_attendance
    assert after.capture_missing == ("summary", "ideas")
    content = response.content.decode()
    assert _("After the meeting") in content
    assert _("Record who attended") in content
    assert _("Write the summary") in content
    assert _("Add the ideas to the idea catalogue") in content
    assert f"{meeting.get_absolute_url()}#attendance-heading" in content


def test_recorded_attendance_and_capture_leave_no_task(login, coordinator, network, member):
    meeting = held_meeting(network, 2, capture=["summary"])
    meeting.capture_delivered = ["summary"]
    meeting.save()
    (invitation,) = invite(meeting, member.person)
    invitation.attended = False
    invitation.save()

    response = login(coordinator).get("/")

    assert response.context["after_meeting"] == []
    assert "After the meeting" not in response.content.decode()


def test_after_meeting_tasks_end_with_the_capture_rules_days(login, coordinator, network, member):
    # The design check's capture rule gives 14 days by default.
    invite(held_meeting(network, 16, title="For længe siden", capture=["summary"]), member.person)
    invite(held_meeting(network, 12, title="Inden for fristen", capture=["summary"]), member.person)
    coming = make_meeting(network, title="Kommende", capture=["summary"])
    invite(coming, member.person)

    response = login(coordinator).get("/")

    assert [a.meeting.title for a in response.context["after_meeting"]] == ["Inden for fristen"]


def test_after_meeting_tasks_leave_out_cancelled_meetings_and_other_networks(
    login, coordinator, network, other_network, member
):
    cancelled = held_meeting(network, 2, capture=["summary"])
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    held_meeting(other_network, 2, capture=["summary"])

    response = login(coordinator).get("/")

    assert response.context["after_meeting"] == []


@pytest.mark.parametrize("role", ["member", "board_member", "editor"])
def test_only_coordinators_get_after_meeting_tasks(request, login, role, network):
    held_meeting(network, 2, capture=["summary"])

    response = login(request.getfixturevalue(role)).get("/")

    assert response.context["after_meeting"] == []
