"""/api/v1/meetings/{id}/live and /api/v1/live/{code}."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveSession
from ressourcenet.live.tests.conftest import running_meeting

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_start_returns_code_join_url_and_qr(meeting, coordinator, api_client, settings):
    settings.SITE_URL = "https://ressourcenet.example"
    response = post(api_client(coordinator), f"/api/v1/meetings/{meeting.pk}/live")
    assert response.status_code == 201
    body = response.json()
    code = LiveSession.objects.get().code
    assert body == {
        "code": code,
        "join_url": f"https://ressourcenet.example/m/{code}",
        "qr_svg_url": f"https://ressourcenet.example/m/{code}/qr.svg",
    }


def test_member_of_another_network_cannot_start(other_network, member, api_client):
    meeting = running_meeting(other_network)
    response = post(api_client(member), f"/api/v1/meetings/{meeting.pk}/live")
    assert response.status_code == 403
    assert not LiveSession.objects.exists()


def test_anonymous_cannot_start(meeting, api_client):
    assert post(api_client(None), f"/api/v1/meetings/{meeting.pk}/live").status_code == 401


def test_start_too_late_is_409(network, coordinator, api_client):
    meeting = running_meeting(network, started_minutes_ago=300)
    assert post(api_client(coordinator), f"/api/v1/meetings/{meeting.pk}/live").status_code == 409


def test_delete_ends_and_the_code_answers_410(live, meeting, coordinator, api_client):
    response = api_client(coordinator).delete(f"/api/v1/meetings/{meeting.pk}/live")
    assert response.status_code == 204
    assert Client().get(f"/api/v1/live/{live.code}").status_code == 410


def test_expired_code_is_410(live, meeting):
    meeting.starts_at -= timedelta(hours=5)
    meeting.ends_at -= timedelta(hours=5)
    meeting.save()
    assert Client().get(f"/api/v1/live/{live.code}").status_code == 410


def test_unknown_code_is_404(db):
    assert Client().get("/api/v1/live/QQQQ").status_code == 404


def test_board_post_and_plus_one(live):
    client = Client()
    table = live.tables.first()
    response = post(
        client,
        f"/api/v1/live/{live.code}/ideas",
        {"table": table.pk, "text": "Suppe", "name": "Bo"},
    )
    assert response.status_code == 201
    idea_id = response.json()["id"]
    plus = post(client, f"/api/v1/live/{live.code}/ideas/{idea_id}/plus-one")
    assert plus.json() == {"id": idea_id, "plus_ones": 1, "added": True}
    again = post(client, f"/api/v1/live/{live.code}/ideas/{idea_id}/plus-one")
    assert again.json()["plus_ones"] == 1
    board = client.get(f"/api/v1/live/{live.code}").json()
    assert board["agenda_item"] == "Idéværksted"
    assert board["seconds_left"] > 0
    assert board["tables"][0]["name"] == table.name
    assert board["tables"][0]["ideas"] == [
        {"id": idea_id, "text": "Suppe", "plus_ones": 1, "mark": "none", "owner": None}
    ]


@pytest.mark.parametrize("text", ["", "  ", "x" * 281, "a\x00b"])
def test_bad_idea_is_422_naming_text(live, text):
    response = post(
        Client(),
        f"/api/v1/live/{live.code}/ideas",
        {"table": live.tables.first().pk, "text": text, "name": "Bo"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"
    assert not LiveIdea.objects.exists()


def test_missing_name_is_422_naming_name(live):
    response = post(
        Client(),
        f"/api/v1/live/{live.code}/ideas",
        {"table": live.tables.first().pk, "text": "Hej"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"


def test_table_of_another_session_is_422(live, network, coordinator):
    other = services.start(running_meeting(network), coordinator)
    response = post(
        Client(),
        f"/api/v1/live/{live.code}/ideas",
        {"table": other.tables.first().pk, "text": "Hej", "name": "Bo"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "table"


def test_hidden_idea_plus_one_is_404(live, coordinator):
    idea = services.post_idea(live, None, live.tables.first(), "Reklame")
    services.hide(idea, coordinator)
    response = post(Client(), f"/api/v1/live/{live.code}/ideas/{idea.pk}/plus-one")
    assert response.status_code == 404
    assert "Reklame" not in Client().get(f"/api/v1/live/{live.code}").content.decode()
