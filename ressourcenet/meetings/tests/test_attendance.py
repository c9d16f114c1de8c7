"""Recording who came, after the meeting."""

import pytest
from django.urls import reverse

from ressourcenet.conftest import make_person
from ressourcenet.meetings.tests.conftest import MAY_NOT_MANAGE, invite


def attendance_url(meeting) -> str:
    return reverse("attendance", args=[meeting.network.plan.slug, meeting.pk])


def attended(meeting) -> dict[str, bool | None]:
    return dict(meeting.invitations.values_list("person__name", "attended"))


@pytest.fixture
def invited(meeting, member, volunteer):
    return invite(meeting, member.person, volunteer)


def test_ticked_invitees_attended_and_the_others_did_not(login, coordinator, meeting, invited):
    mads = invited[0].person

    response = login(coordinator).post(attendance_url(meeting), {"attended": [mads.pk]})

    assert response.status_code == 302
    assert (
        response.url == meeting.get_absolute_url() + "#main-content"
    )  # at the message, at the top
    assert attended(meeting) == {"Mads Medlem": True, "Vera Frivillig": False}


def test_attendance_can_be_corrected(login, coordinator, meeting, invited, volunteer):
    client = login(coordinator)
    client.post(attendance_url(meeting), {"attended": [p.person.pk for p in invited]})

    client.post(attendance_url(meeting), {"attended": [volunteer.pk]})

    assert attended(meeting) == {"Mads Medlem": False, "Vera Frivillig": True}


def test_someone_not_invited_cannot_be_recorded_and_nothing_changes(
    login, coordinator, meeting, invited, volunteer
):
    stranger = make_person("Svend Fremmed")

    response = login(coordinator).post(
        attendance_url(meeting), {"attended": [volunteer.pk, stranger.pk]}
    )

    assert response.status_code == 302
    assert attended(meeting) == {"Mads Medlem": None, "Vera Frivillig": None}


@pytest.mark.parametrize("role", MAY_NOT_MANAGE)
def test_other_roles_may_not_record_attendance(request, login, role, meeting, invited, volunteer):
    client = login(request.getfixturevalue(role))

    assert client.post(attendance_url(meeting), {"attended": [volunteer.pk]}).status_code == 403
    assert attended(meeting) == {"Mads Medlem": None, "Vera Frivillig": None}


def test_anonymous_visitor_is_sent_to_log_in(client, meeting, invited, volunteer):
    response = client.post(attendance_url(meeting), {"attended": [volunteer.pk]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert attended(meeting) == {"Mads Medlem": None, "Vera Frivillig": None}


def test_coordinator_cannot_record_attendance_in_another_network(
    login, coordinator, other_meeting, volunteer
):
    invite(other_meeting, volunteer)

    response = login(coordinator).post(attendance_url(other_meeting), {"attended": [volunteer.pk]})

    assert response.status_code == 403
    assert attended(other_meeting) == {"Vera Frivillig": None}


def test_attendance_by_get_is_sent_to_the_form_s_page(login, coordinator, meeting):
    # A reload of the form's error page, or a link: to the page where the form is.
    response = login(coordinator).get(attendance_url(meeting))

    assert response.status_code == 303
    assert response.url == meeting.get_absolute_url()
