"""GET and PUT /api/v1/meetings/{id}/agenda: the whole agenda, with each item's clock time."""

from datetime import date

import pytest

from ressourcenet.api.tests.conftest import AHEAD
from ressourcenet.api.tests.utils import ROLES, error_locs, put_json, refusal_status
from ressourcenet.conftest import make_person
from ressourcenet.meetings import services
from ressourcenet.meetings.models import AgendaItem, Meeting
from ressourcenet.networks.models import Membership

MAY_SEE = {"admin_user", "coordinator", "member", "board_member"}
MAY_MANAGE = {"admin_user", "coordinator"}
KINDS = [
    "welcome",
    "talk",
    "workshop",
    "knowledge_sharing",
    "break",
    "food",
    "wrap_up",
    "buffer",
    "other",
]


def url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/agenda"


def agenda(*items: tuple[str, str, int]) -> dict:
    return {
        "items": [
            {"kind": kind, "title": title, "minutes": minutes, "responsible": None}
            for kind, title, minutes in items
        ]
    }


THREE_ITEMS = agenda(("welcome", "Velkomst", 10), ("talk", "Oplæg", 20), ("food", "Suppe", 30))


def stored(meeting: Meeting) -> list[tuple[int, str, str, int]]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("position", "kind", "title", "minutes")
    )


@pytest.fixture
def old_agenda(meeting) -> list[AgendaItem]:
    return services.set_agenda(meeting, [services.AgendaRow("workshop", "Gammel workshop", 45)])


# --- PUT ------------------------------------------------------------------------------------


def test_put_agenda_answers_the_items_with_their_times(coordinator, api_client, meeting, member):
    body = agenda(("welcome", "Velkomst", 10), ("talk", "Oplæg om caféen", 20))
    body["items"].append(
        {"kind": "workshop", "title": "Idéer ved bordene", "minutes": 45, "responsible": None}
    )
    body["items"][1]["responsible"] = member.person.pk

    response = put_json(api_client(coordinator), url(meeting), body)

    assert response.status_code == 200
    ids = [item.pk for item in AgendaItem.objects.filter(meeting=meeting).order_by("position")]
    assert response.json() == {
        "items": [
            {
                "id": ids[0],
                "kind": "welcome",
                "title": "Velkomst",
                "minutes": 10,
                "responsible": None,
                "starts_at": f"{AHEAD}-09-18T17:00:00+02:00",
                "ends_at": f"{AHEAD}-09-18T17:10:00+02:00",
            },
            {
                "id": ids[1],
                "kind": "talk",
                "title": "Oplæg om caféen",
                "minutes": 20,
                "responsible": {"id": member.person.pk, "name": "Mads Medlem"},
                "starts_at": f"{AHEAD}-09-18T17:10:00+02:00",
                "ends_at": f"{AHEAD}-09-18T17:30:00+02:00",
            },
            {
                "id": ids[2],
                "kind": "workshop",
                "title": "Idéer ved bordene",
                "minutes": 45,
                "responsible": None,
                "starts_at": f"{AHEAD}-09-18T17:30:00+02:00",
                "ends_at": f"{AHEAD}-09-18T18:15:00+02:00",
            },
        ]
    }


def test_put_agenda_replaces_the_old_agenda(admin_user, api_client, meeting, old_agenda):
    put_json(api_client(admin_user), url(meeting), THREE_ITEMS)

    assert stored(meeting) == [
        (0, "welcome", "Velkomst", 10),
        (1, "talk", "Oplæg", 20),
        (2, "food", "Suppe", 30),
    ]


def test_put_an_empty_agenda_clears_it(admin_user, api_client, meeting, old_agenda):
    response = put_json(api_client(admin_user), url(meeting), {"items": []})

    assert response.json() == {"items": []}
    assert stored(meeting) == []


@pytest.mark.parametrize("kind", KINDS)
def test_put_agenda_accepts_every_kind(kind, admin_user, api_client, meeting):
    response = put_json(api_client(admin_user), url(meeting), agenda((kind, "Punkt", 15)))

    assert response.json()["items"][0]["kind"] == kind
    assert stored(meeting) == [(0, kind, "Punkt", 15)]


def test_an_invitee_outside_the_network_can_be_responsible(admin_user, api_client, meeting):
    speaker = make_person("Gitte Gæst")
    services.invite_people(meeting, [speaker])
    body = agenda(("talk", "Oplæg", 20))
    body["items"][0]["responsible"] = speaker.pk

    response = put_json(api_client(admin_user), url(meeting), body)

    assert response.json()["items"][0]["responsible"] == {"id": speaker.pk, "name": "Gitte Gæst"}
    assert AgendaItem.objects.get().responsible == speaker


@pytest.mark.parametrize("role", ROLES)
def test_who_may_set_the_agenda(role, client_as, meeting, old_agenda):
    response = put_json(client_as(role), url(meeting), THREE_ITEMS)

    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert [item[2] for item in stored(meeting)] == ["Velkomst", "Oplæg", "Suppe"]
    else:
        assert response.status_code == refusal_status(role)
        assert stored(meeting) == [(0, "workshop", "Gammel workshop", 45)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("minutes", 0), ("minutes", -5), ("kind", "speech"), ("title", ""), ("title", "x" * 201)],
)
def test_a_wrong_item_is_named_and_nothing_is_saved(
    field, value, admin_user, api_client, meeting, old_agenda
):
    body = agenda(("welcome", "Velkomst", 10), ("talk", "Oplæg", 20), ("food", "Suppe", 30))
    body["items"][2][field] = value

    response = put_json(api_client(admin_user), url(meeting), body)

    assert error_locs(response) == [["body", "payload", "items", 2, field]]
    assert stored(meeting) == [(0, "workshop", "Gammel workshop", 45)]


def test_a_wrong_first_item_stops_the_whole_agenda(admin_user, api_client, meeting):
    body = agenda(("welcome", "Velkomst", 0), ("talk", "Oplæg", 20), ("food", "Suppe", -1))

    response = put_json(api_client(admin_user), url(meeting), body)

    locs = error_locs(response)
    assert ["body", "payload", "items", 0, "minutes"] in locs
    assert not AgendaItem.objects.exists()


def test_unknown_responsible_is_named_and_nothing_is_saved(
    admin_user, api_client, meeting, old_agenda, member
):
    body = agenda(("welcome", "Velkomst", 10), ("talk", "Oplæg", 20))
    body["items"][0]["responsible"] = member.person.pk
    body["items"][1]["responsible"] = 999999

    response = put_json(api_client(admin_user), url(meeting), body)

    assert error_locs(response) == [["body", "payload", "items", 1, "responsible"]]
    assert "999999" in response.json()["detail"][0]["msg"]
    assert stored(meeting) == [(0, "workshop", "Gammel workshop", 45)]


def test_someone_outside_the_network_and_not_invited_cannot_be_responsible(
    admin_user, api_client, meeting, other_network
):
    stranger = make_person("Jens Job")
    Membership.objects.create(network=other_network, person=stranger, starts_on=date(2025, 1, 1))
    body = agenda(("talk", "Oplæg", 20))
    body["items"][0]["responsible"] = stranger.pk

    response = put_json(api_client(admin_user), url(meeting), body)

    assert error_locs(response) == [["body", "payload", "items", 0, "responsible"]]
    assert not AgendaItem.objects.exists()


def test_put_agenda_needs_the_items(admin_user, api_client, meeting):
    response = put_json(api_client(admin_user), url(meeting), {})

    assert error_locs(response) == [["body", "payload", "items"]]


def test_put_agenda_of_unknown_meeting_is_404(admin_user, api_client, db):
    response = put_json(api_client(admin_user), "/api/v1/meetings/999999/agenda", THREE_ITEMS)

    assert response.status_code == 404
    assert not AgendaItem.objects.exists()


# --- GET ------------------------------------------------------------------------------------


def test_get_agenda_answers_what_put_stored(admin_user, api_client, meeting):
    client = api_client(admin_user)
    put = put_json(client, url(meeting), THREE_ITEMS).json()

    response = client.get(url(meeting))

    assert response.status_code == 200
    assert response.json() == put
    assert [item["starts_at"] for item in put["items"]] == [
        f"{AHEAD}-09-18T17:00:00+02:00",
        f"{AHEAD}-09-18T17:10:00+02:00",
        f"{AHEAD}-09-18T17:30:00+02:00",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_agenda(role, client_as, meeting, old_agenda):
    response = client_as(role).get(url(meeting))

    if role in MAY_SEE:
        assert [item["title"] for item in response.json()["items"]] == ["Gammel workshop"]
    else:
        assert response.status_code == refusal_status(role)
        assert "Gammel workshop" not in response.content.decode()


def test_get_agenda_of_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/meetings/999999/agenda").status_code == 404
