"""GET and POST /api/v1/meetings/{id}/roles: who facilitates, speaks, hosts a table, …"""

from datetime import date

import pytest

from ressourcenet.api.tests.utils import ROLES, error_locs, post_json, refusal_status
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services
from ressourcenet.meetings.models import Meeting, MeetingRole
from ressourcenet.networks.models import Membership

MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}
MAY_MANAGE = {"admin_user", "coordinator"}
ROLE_CODES = ["facilitator", "speaker", "table_host", "note_taker", "time_keeper", "other"]


def url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/roles"


def stored(meeting: Meeting) -> list[tuple[int, str, str]]:
    return list(
        MeetingRole.objects.filter(meeting=meeting)
        .order_by("id")
        .values_list("person_id", "role", "description")
    )


# --- POST -----------------------------------------------------------------------------------


def test_give_a_role_answers_201_with_the_role(coordinator, api_client, meeting, volunteer):
    body = {"person": volunteer.pk, "role": "table_host", "description": "Bord 2"}

    response = post_json(api_client(coordinator), url(meeting), body)

    assert response.status_code == 201
    role = MeetingRole.objects.get()
    assert response.json() == {
        "id": role.pk,
        "person": {"id": volunteer.pk, "name": "Vera Frivillig"},
        "role": "table_host",
        "description": "Bord 2",
        "label": "Bordvært",  # in Danish, the site's language, unless the caller asks for another
    }
    assert stored(meeting) == [(volunteer.pk, "table_host", "Bord 2")]


def test_the_role_label_follows_the_callers_language(coordinator, api_client, meeting, volunteer):
    body = {"person": volunteer.pk, "role": "table_host"}
    client = api_client(coordinator)

    response = client.post(
        url(meeting), body, content_type="application/json", headers={"Accept-Language": "en"}
    )

    assert response.json()["label"] == "Table host"


def test_an_other_role_is_labelled_by_its_description(admin_user, api_client, meeting, member):
    body = {"person": member.person.pk, "role": "other", "description": "Fotograf"}

    response = post_json(api_client(admin_user), url(meeting), body)

    assert response.json()["label"] == "Fotograf"
    assert stored(meeting) == [(member.person.pk, "other", "Fotograf")]


@pytest.mark.parametrize("code", ROLE_CODES[:-1])
def test_every_role_but_other_needs_no_description(code, admin_user, api_client, meeting, member):
    response = post_json(
        api_client(admin_user), url(meeting), {"person": member.person.pk, "role": code}
    )

    assert response.status_code == 201
    assert stored(meeting) == [(member.person.pk, code, "")]


def test_an_invited_guest_can_get_a_role(admin_user, api_client, meeting):
    guest = services.invite_guest(meeting, "Gitte Gæst", "gitte@example.org").person

    response = post_json(
        api_client(admin_user), url(meeting), {"person": guest.pk, "role": "speaker"}
    )

    assert response.status_code == 201
    assert stored(meeting) == [(guest.pk, "speaker", "")]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_give_a_role(role, client_as, meeting, volunteer):
    response = post_json(client_as(role), url(meeting), {"person": volunteer.pk, "role": "speaker"})

    if role in MAY_MANAGE:
        assert response.status_code == 201
        assert stored(meeting) == [(volunteer.pk, "speaker", "")]
    else:
        assert response.status_code == refusal_status(role)
        assert stored(meeting) == []


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"role": "chairman"}, ["body", "payload", "role"]),
        ({"role": "other"}, ["body", "payload", "description"]),
        ({"role": "other", "description": "   "}, ["body", "payload", "description"]),
        ({"role": "speaker", "description": "x" * 201}, ["body", "payload", "description"]),
        ({"person": 999999}, ["body", "payload", "person"]),
        ({"person": None}, ["body", "payload", "person"]),
    ],
)
def test_a_wrong_role_is_refused(body, loc, admin_user, api_client, meeting, volunteer):
    response = post_json(
        api_client(admin_user), url(meeting), {"person": volunteer.pk, "role": "speaker", **body}
    )

    assert error_locs(response) == [loc]
    assert stored(meeting) == []


def test_someone_outside_the_network_and_not_invited_cannot_get_a_role(
    admin_user, api_client, meeting, other_network
):
    stranger = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=stranger, starts_on=date(2025, 1, 1))

    response = post_json(
        api_client(admin_user), url(meeting), {"person": stranger.pk, "role": "speaker"}
    )

    assert error_locs(response) == [["body", "payload", "person"]]
    assert stored(meeting) == []


def test_the_same_role_twice_is_refused(admin_user, api_client, meeting, volunteer):
    client = api_client(admin_user)
    body = {"person": volunteer.pk, "role": "note_taker"}
    post_json(client, url(meeting), body)

    response = post_json(client, url(meeting), body)

    assert response.status_code == 422
    assert stored(meeting) == [(volunteer.pk, "note_taker", "")]


def test_one_person_can_hold_two_roles(admin_user, api_client, meeting, volunteer):
    client = api_client(admin_user)
    post_json(client, url(meeting), {"person": volunteer.pk, "role": "note_taker"})

    response = post_json(client, url(meeting), {"person": volunteer.pk, "role": "table_host"})

    assert response.status_code == 201
    assert len(stored(meeting)) == 2


def test_give_a_role_in_unknown_meeting_is_404(admin_user, api_client, volunteer):
    response = post_json(
        api_client(admin_user),
        "/api/v1/meetings/999999/roles",
        {"person": volunteer.pk, "role": "speaker"},
    )

    assert response.status_code == 404


# --- GET ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_roles(role, client_as, meeting, volunteer):
    services.add_role(meeting, volunteer, "facilitator")

    response = client_as(role).get(url(meeting))

    if role in MAY_SEE:
        [item] = response.json()["items"]
        assert item["person"] == {"id": volunteer.pk, "name": "Vera Frivillig"}
        assert item["role"] == "facilitator"
    else:
        assert response.status_code == refusal_status(role)
        assert "Vera" not in response.content.decode()


def test_get_roles_answers_what_post_made(admin_user, api_client, meeting, volunteer, member):
    client = api_client(admin_user)
    made = [
        post_json(client, url(meeting), {"person": member.person.pk, "role": "speaker"}).json(),
        post_json(client, url(meeting), {"person": volunteer.pk, "role": "facilitator"}).json(),
    ]

    response = client.get(url(meeting))

    assert sorted(response.json()["items"], key=lambda r: r["id"]) == made


def test_get_roles_of_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/meetings/999999/roles").status_code == 404
