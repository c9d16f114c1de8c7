"""A logged-in invitee answers yes or no on the meeting page."""

import pytest
from django.urls import reverse

from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import MAY_NOT_SEE, invite


def rsvp_url(meeting) -> str:
    return reverse("meeting_rsvp", args=[meeting.network.plan.slug, meeting.pk])


@pytest.fixture
def invitation(meeting, member):
    (invitation,) = invite(meeting, member.person)
    return invitation


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_answer_is_saved_and_the_meeting_page_follows(login, member, meeting, invitation, answer):
    response = login(member).post(rsvp_url(meeting), {"answer": answer})

    assert response.status_code == 302
    assert (
        response.url == meeting.get_absolute_url() + "#main-content"
    )  # at the message, at the top
    invitation.refresh_from_db()
    assert invitation.answer == answer
    assert invitation.answered_at is not None


def test_answer_can_be_changed(login, member, meeting, invitation):
    client = login(member)
    client.post(rsvp_url(meeting), {"answer": "yes"})

    client.post(rsvp_url(meeting), {"answer": "no"})

    invitation.refresh_from_db()
    assert invitation.answer == "no"


def test_coordinator_sees_the_answer_on_the_planning_page(
    login, coordinator, member, meeting, invitation
):
    login(member).post(rsvp_url(meeting), {"answer": "no"})

    page = login(coordinator).get(reverse("meeting_plan_invitations", args=["testby", meeting.pk]))
    assert [(i.person.name, i.answer) for i in page.context["invitations"]] == [
        ("Mads Medlem", "no")
    ]


@pytest.mark.parametrize("answer", ["", "maybe", "pending"])
def test_other_answers_are_refused(login, member, meeting, invitation, answer):
    response = login(member).post(rsvp_url(meeting), {"answer": answer})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "pending"
    assert invitation.answered_at is None


def test_answer_to_a_cancelled_meeting_is_refused(login, member, meeting, invitation):
    cancel_meeting(meeting)

    login(member).post(rsvp_url(meeting), {"answer": "yes"})

    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_member_not_invited_cannot_answer(login, member, meeting, volunteer):
    invite(meeting, volunteer)

    assert login(member).post(rsvp_url(meeting), {"answer": "yes"}).status_code == 404
    assert meeting.invitations.get().answer == "pending"


@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_editor_and_outsider_may_not_answer(request, login, role, meeting, invitation):
    response = login(request.getfixturevalue(role)).post(rsvp_url(meeting), {"answer": "no"})

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, invitation):
    response = client.post(rsvp_url(meeting), {"answer": "no"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_coordinator_cannot_answer_for_a_meeting_they_are_not_invited_to(
    login, coordinator, other_meeting, member
):
    (invitation,) = invite(other_meeting, member.person)

    assert login(coordinator).post(rsvp_url(other_meeting), {"answer": "no"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_meeting_rsvp_by_get_is_sent_to_the_form_s_page(login, member, meeting, invitation):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(member).get(rsvp_url(meeting))

    assert response.status_code == 303
    assert response.url == meeting.get_absolute_url()
