"""The meeting as participants see it: facts, agenda, roles, their own answer; the
coordinator also sees who comes and records attendance."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ressourcenet.meetings.models import MeetingRole
from ressourcenet.meetings.tests.conftest import add_items, invite, make_meeting


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

    assert response.redirect_chain == [(reverse("home"), 302)]
    content = response.content.decode()
    assert "Your page as editor" in content
    assert "Meetings are for the networks&#x27; members. This is your page." in content
    assert "Idéer til caféen" not in content


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
