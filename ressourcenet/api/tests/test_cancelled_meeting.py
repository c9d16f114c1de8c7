"""A cancelled meeting no longer changes through the API either: 422 naming no field."""

from ressourcenet.api.tests.utils import error_locs, patch_json, post_json, put_json
from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, MeetingRole

REFUSED = "Mødet er aflyst og kan ikke længere ændres."


def refusal(response) -> str:
    assert error_locs(response) == [["body", "payload"]]
    return response.json()["detail"][0]["msg"]


def test_replacing_the_agenda_is_refused(admin_user, api_client, meeting):
    AgendaItem.objects.create(meeting=meeting, kind="talk", title="Oplæg", minutes=20)
    services.cancel_meeting(meeting)
    items = [{"kind": "workshop", "title": "Værksted", "minutes": 30}]

    response = put_json(
        api_client(admin_user), f"/api/v1/meetings/{meeting.pk}/agenda", {"items": items}
    )

    assert refusal(response) == REFUSED
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Oplæg"]


def test_giving_a_role_is_refused(admin_user, api_client, meeting, volunteer):
    services.cancel_meeting(meeting)

    response = post_json(
        api_client(admin_user),
        f"/api/v1/meetings/{meeting.pk}/roles",
        {"person": volunteer.pk, "role": "speaker"},
    )

    assert refusal(response) == REFUSED
    assert not MeetingRole.objects.exists()


def test_inviting_is_refused(admin_user, api_client, meeting, volunteer):
    services.cancel_meeting(meeting)
    guest = {"name": "Gitte Gæst", "email": "gitte@example.org"}

    response = post_json(
        api_client(admin_user),
        f"/api/v1/meetings/{meeting.pk}/invitations",
        {"people": [volunteer.pk], "guests": [guest]},
    )

    assert refusal(response) == REFUSED
    assert not meeting.invitations.exists()


def test_changing_the_title_is_refused(admin_user, api_client, meeting):
    services.cancel_meeting(meeting)

    response = patch_json(
        api_client(admin_user), f"/api/v1/meetings/{meeting.pk}", {"title": "Nyt navn"}
    )

    assert refusal(response) == REFUSED
    meeting.refresh_from_db()
    assert meeting.title != "Nyt navn"
