"""The meeting as participants see it: facts, agenda, roles, their own answer; the
coordinator also sees who comes and records attendance."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.conftest import assert_sent_home, make_person
from ressourcenet.meetings.models import MeetingRole
from ressourcenet.meetings.tests.conftest import add_items, invite, make_meeting
from ressourcenet.networks.models import Membership


def detail_url(meeting) -> str:
    return reverse("meeting", args=[meeting.network.plan.slug, meeting.pk])


def rsvp_url(meeting) -> str:
    return reverse("meeting_rsvp", args=[meeting.network.plan.slug, meeting.pk])


def test_member_sees_the_why_the_agenda_and_the_roles(login, meeting, member, volunteer):
    add_items(meeting, ("welcome", "Velkomst", 10), ("workshop", "Idéværksted", 60))
    MeetingRole.objects.create(meeting=meeting, person=volunteer, role="table_host")

    response = login(member).get(detail_url(meeting))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Idéer til caféen" in content
    assert meeting.why in content
    assert "Beboerhuset, Nordparken 1" in content
    assert content.index("Velkomst") < content.index("Idéværksted")
    assert "Vera Frivillig" in content
    assert reverse("meeting_ics", args=["testby", meeting.pk]) in content


def test_member_does_not_see_who_else_is_invited_or_the_planning(login, meeting, member, volunteer):
    invite(meeting, volunteer)

    response = login(member).get(detail_url(meeting))

    assert response.context["may_manage"] is False
    assert "invitations" not in response.context
    content = response.content.decode()
    assert "Vera Frivillig" not in content
    assert reverse("meeting_plan", args=["testby", meeting.pk]) not in content
    assert reverse("attendance", args=["testby", meeting.pk]) not in content


def test_invited_member_can_answer_on_the_page(login, meeting, member):
    (invitation,) = invite(meeting, member.person)

    response = login(member).get(detail_url(meeting))

    assert response.context["own_invitation"] == invitation
    assert rsvp_url(meeting) in response.content.decode()


def test_member_not_invited_gets_no_answer_form(login, meeting, member):
    response = login(member).get(detail_url(meeting))

    assert response.context["own_invitation"] is None
    assert rsvp_url(meeting) not in response.content.decode()


def test_no_answer_form_once_the_meeting_has_ended(login, network, member):
    past = make_meeting(network, starts_at=timezone.now() - timedelta(days=3))
    invite(past, member.person)

    response = login(member).get(detail_url(past))

    assert response.status_code == 200
    assert rsvp_url(past) not in response.content.decode()


def test_coordinator_sees_the_answers_and_can_record_attendance(
    login, coordinator, meeting, member, volunteer
):
    first, second = invite(meeting, member.person, volunteer)
    first.answer = "yes"
    first.attended = True
    first.save()

    response = login(coordinator).get(detail_url(meeting))

    assert response.context["may_manage"] is True
    assert [(i.person.name, i.answer) for i in response.context["invitations"]] == [
        ("Mads Medlem", "yes"),
        ("Vera Frivillig", "pending"),
    ]
    assert response.context["attendance_form"].initial == {"attended": [member.person.pk]}
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert reverse("attendance", args=["testby", meeting.pk]) in content
    assert reverse("meeting_plan", args=["testby", meeting.pk]) in content


@pytest.mark.parametrize("role", ["admin_user", "coordinator", "member", "board_member"])
def test_members_board_and_coordinators_may_see_the_meeting(request, login, role, meeting):
    assert login(request.getfixturevalue(role)).get(detail_url(meeting)).status_code == 200


def test_outsider_may_not_see_the_meeting(login, outsider, meeting):
    assert login(outsider).get(detail_url(meeting)).status_code == 403


def test_editor_is_sent_to_their_own_page_instead_of_a_403(login, editor, meeting):
    response = login(editor).get(detail_url(meeting), follow=True)

    assert_sent_home(response)
    assert "Idéer til caféen" not in response.content.decode()


def test_an_editor_who_is_also_a_member_sees_the_meeting(login, editor, network, meeting):
    person = make_person("Rita Redaktør", email="rita@example.org", user=editor)
    Membership.objects.create(network=network, person=person, starts_on=network.plan.starts_on)

    response = login(editor).get(detail_url(meeting))

    assert response.status_code == 200
    assert "Idéer til caféen" in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, meeting):
    response = client.get(detail_url(meeting))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_coordinator_of_another_network_sees_but_does_not_manage(login, coordinator, other_meeting):
    response = login(coordinator).get(detail_url(other_meeting))

    assert response.status_code == 200
    assert response.context["may_manage"] is False
    assert "invitations" not in response.context


def test_meeting_under_another_plans_address_is_not_found(login, admin_user, meeting):
    assert login(admin_user).get(f"/plans/findes-ikke/meetings/{meeting.pk}/").status_code == 404


def test_meeting_detail_rejects_post(login, coordinator, meeting):
    assert login(coordinator).post(detail_url(meeting)).status_code == 405


# --- who came -------------------------------------------------------------------------


@pytest.fixture
def held(network, member, volunteer, coordinator):
    """A meeting held last week: Mads (Nordparken) and Vera (Sydparken) came, Karen not."""
    meeting = make_meeting(network, title="Caféaften", starts_at=timezone.now() - timedelta(days=7))
    invitations = invite(meeting, member.person, volunteer, coordinator.person)
    for invitation in invitations:
        invitation.attended = invitation.person != coordinator.person
        invitation.save()
    return meeting


def test_past_meeting_counts_who_came_by_group_and_area(login, member, held):
    response = login(member).get(detail_url(held))

    [by_group] = response.context["came_by_group"]
    assert (by_group.label, by_group.count) == ("Frivillig", 2)
    assert [(row.label, row.count) for row in response.context["came_by_area"]] == [
        ("Nordparken", 1),
        ("Sydparken", 1),
    ]
    content = response.content.decode()
    assert _("Who came") in content
    # A member sees the counts, not the names of who came.
    assert not response.context["show_names"]
    assert "Vera Frivillig" not in content


def test_coordinator_sees_the_names_of_who_came(login, coordinator, held):
    response = login(coordinator).get(detail_url(held))

    assert response.context["show_names"]
    assert "Mads Medlem" in response.content.decode()
    assert "Vera Frivillig" in response.content.decode()


def test_past_meeting_without_recorded_attendance_says_so(login, member, network):
    meeting = make_meeting(network, starts_at=timezone.now() - timedelta(days=7))
    invite(meeting, member.person)

    response = login(member).get(detail_url(meeting))

    assert response.context["attendance_recorded"] is False
    assert _("The attendance has not been recorded yet.") in response.content.decode()


def test_a_coming_meeting_has_no_who_came(login, member, meeting):
    response = login(member).get(detail_url(meeting))

    assert not response.context["held"]
    assert _("Who came") not in response.content.decode()
