"""A cancelled meeting no longer changes: every planning form says so and keeps it as it is.

One test per path (add, change, move and remove an agenda item; remove a role; invite;
record attendance), each checking the message the coordinator sees and the database.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, MeetingRole
from ressourcenet.meetings.tests.conftest import HTMX, add_items, invite, plan_url

REFUSED = "Mødet er aflyst og kan ikke længere ændres."


@pytest.fixture
def items(meeting):
    return add_items(meeting, ("welcome", "Velkomst", 10), ("talk", "Oplæg", 20))


@pytest.fixture
def speaker(meeting, volunteer) -> MeetingRole:
    return MeetingRole.objects.create(meeting=meeting, person=volunteer, role="speaker")


def cancel(meeting):
    services.cancel_meeting(meeting)


def agenda(meeting) -> list[tuple[str, int, int]]:
    return list(meeting.agenda_items.values_list("title", "minutes", "position"))


def assert_refused_on_the_planning_page(client, response, meeting, step):
    """Back on the planning step the form belongs to, with the reason."""
    assert response.status_code == 302
    assert response.url == plan_url(meeting, step) + "#main-content"  # at the message, at the top
    assert REFUSED in client.get(response.url).content.decode()


def test_adding_an_agenda_item_is_refused(login, coordinator, meeting, items):
    cancel(meeting)
    client = login(coordinator)
    data = {"kind": "talk", "title": "Nyt oplæg", "minutes": "15", "responsible": ""}

    response = client.post(reverse("agenda_add", args=["testby", meeting.pk]), data)

    assert_refused_on_the_planning_page(client, response, meeting, "agenda")
    assert agenda(meeting) == [("Velkomst", 10, 0), ("Oplæg", 20, 1)]


def test_adding_an_agenda_item_by_htmx_loads_the_planning_page(login, coordinator, meeting):
    cancel(meeting)
    client = login(coordinator)
    data = {"kind": "talk", "title": "Nyt oplæg", "minutes": "15", "responsible": ""}

    response = client.post(reverse("agenda_add", args=["testby", meeting.pk]), data, **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == plan_url(meeting, "agenda")
    assert REFUSED in client.get(plan_url(meeting, "agenda")).content.decode()
    assert not AgendaItem.objects.exists()


def test_changing_an_agenda_item_is_refused(login, coordinator, meeting, items):
    cancel(meeting)
    client = login(coordinator)
    data = {"kind": "talk", "title": "Andet oplæg", "minutes": "45", "responsible": ""}

    response = client.post(reverse("agenda_item_edit", args=["testby", items[1].pk]), data)

    assert_refused_on_the_planning_page(client, response, meeting, "agenda")
    assert agenda(meeting) == [("Velkomst", 10, 0), ("Oplæg", 20, 1)]


def test_moving_an_agenda_item_is_refused(login, coordinator, meeting, items):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("agenda_item_move", args=["testby", items[0].pk, "down"]))

    assert_refused_on_the_planning_page(client, response, meeting, "agenda")
    assert agenda(meeting) == [("Velkomst", 10, 0), ("Oplæg", 20, 1)]


def test_moving_an_agenda_item_by_htmx_is_refused(login, coordinator, meeting, items):
    cancel(meeting)
    url = reverse("agenda_item_move", args=["testby", items[0].pk, "down"])

    response = login(coordinator).post(url, **HTMX)

    assert response["HX-Redirect"] == plan_url(meeting, "agenda")
    assert agenda(meeting) == [("Velkomst", 10, 0), ("Oplæg", 20, 1)]


def test_removing_an_agenda_item_is_refused(login, coordinator, meeting, items):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("agenda_item_delete", args=["testby", items[1].pk]))

    assert_refused_on_the_planning_page(client, response, meeting, "agenda")
    assert agenda(meeting) == [("Velkomst", 10, 0), ("Oplæg", 20, 1)]


def test_removing_a_role_is_refused(login, coordinator, meeting, speaker):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("role_delete", args=["testby", speaker.pk]))

    assert_refused_on_the_planning_page(client, response, meeting, "roles")
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()


def test_removing_a_role_by_htmx_loads_the_roles_step(login, coordinator, meeting, speaker):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("role_delete", args=["testby", speaker.pk]), **HTMX)

    assert response["HX-Redirect"] == plan_url(meeting, "roles")
    assert REFUSED in client.get(plan_url(meeting, "roles")).content.decode()
    assert MeetingRole.objects.filter(pk=speaker.pk).exists()


def test_inviting_all_members_is_refused(login, coordinator, meeting, member, volunteer):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("invite", args=["testby", meeting.pk]), {"all_members": "1"})

    assert_refused_on_the_planning_page(client, response, meeting, "invitations")
    assert not meeting.invitations.exists()


def test_inviting_chosen_members_is_refused(login, coordinator, meeting, volunteer):
    cancel(meeting)
    client = login(coordinator)

    response = client.post(reverse("invite", args=["testby", meeting.pk]), {"people": volunteer.pk})

    assert_refused_on_the_planning_page(client, response, meeting, "invitations")
    assert not meeting.invitations.exists()


def test_inviting_a_guest_is_refused(login, coordinator, meeting):
    cancel(meeting)
    client = login(coordinator)
    data = {
        "guest": "1",
        "name": "Gitte Gæst",
        "email": "gitte@example.org",
        "stakeholder_group": "guest",
    }

    response = client.post(reverse("invite", args=["testby", meeting.pk]), data)

    assert_refused_on_the_planning_page(client, response, meeting, "invitations")
    assert not meeting.invitations.exists()


def test_recording_attendance_is_refused(login, coordinator, meeting, member, volunteer):
    invite(meeting, member.person, volunteer)
    cancel(meeting)
    client = login(coordinator)

    response = client.post(
        reverse("attendance", args=["testby", meeting.pk]), {"attended": [volunteer.pk]}
    )

    assert response.status_code == 302
    assert REFUSED in client.get(response.url).content.decode()
    assert set(meeting.invitations.values_list("attended", flat=True)) == {None}


def test_the_meeting_page_offers_to_see_the_plan_not_to_plan_it(login, coordinator, meeting):
    client = login(coordinator)
    with translation.override("da"):
        plan, see = gettext("Plan the meeting"), gettext("See the plan")
    assert plan in client.get(meeting.get_absolute_url()).content.decode()

    cancel(meeting)

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert plan not in page
    assert f">{see}</a>" in page
