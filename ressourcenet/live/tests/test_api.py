"""/api/v1/meetings/{id}/live and /api/v1/live/{code}."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from ressourcenet.accounts import throttle
from ressourcenet.accounts.models import RateLimit
from ressourcenet.live import services
from ressourcenet.live.models import LiveIdea, LiveParticipant, LiveSession, PlusOne
from ressourcenet.live.tests.conftest import running_meeting
from ressourcenet.live.views import too_many_joins_message

pytestmark = pytest.mark.django_db


def da(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


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
        "qr_svg_url": f"https://ressourcenet.example/m/{code}/qr.svg?k={services.code_key(code)}",
    }
    # The caller can fetch the image at that address, without a login.
    image = Client().get(body["qr_svg_url"].removeprefix("https://ressourcenet.example"))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"


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


# --- "+1" only from who joined; joining is capped per address --------------------------


def test_plus_one_without_joining_is_403_and_counts_nothing(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    for _ in range(10):
        response = post(Client(), f"/api/v1/live/{live.code}/ideas/{idea.pk}/plus-one")
        assert response.status_code == 403
    assert response.json()["detail"] == da("Join the board with your first name first.")
    assert not PlusOne.objects.exists()
    assert not LiveParticipant.objects.exists()


def test_join_then_plus_one_counts_once(live):
    idea = services.post_idea(live, None, live.tables.first(), "Suppe")
    client = Client()
    joined = post(client, f"/api/v1/live/{live.code}/join", {"name": " Bo "})
    assert (joined.status_code, joined.json()) == (201, {"name": "Bo"})
    again = post(client, f"/api/v1/live/{live.code}/join", {"name": "Someone else"})
    assert (again.status_code, again.json()) == (200, {"name": "Bo"})
    assert LiveParticipant.objects.count() == 1
    url = f"/api/v1/live/{live.code}/ideas/{idea.pk}/plus-one"
    assert post(client, url).json() == {"id": idea.pk, "plus_ones": 1, "added": True}
    assert post(client, url).json()["plus_ones"] == 1


def test_join_with_a_bad_name_is_422_naming_name(live):
    response = post(Client(), f"/api/v1/live/{live.code}/join", {"name": "\x00"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    assert not LiveParticipant.objects.exists()


def test_joining_is_capped_per_address_and_code(live, settings):
    settings.LIVE_JOINS_PER_IP = 3
    for n in range(3):
        assert (
            post(Client(), f"/api/v1/live/{live.code}/join", {"name": f"P{n}"}).status_code == 201
        )
    refused = post(Client(), f"/api/v1/live/{live.code}/join", {"name": "P3"})
    assert refused.status_code == 429
    with translation.override("da"):
        assert refused.json()["detail"] == too_many_joins_message(
            throttle.Throttled(RateLimit.objects.get(key__startswith="live-join").blocked_until)
        )
    # A first post with a name joins too, under the same cap.
    body = {"table": live.tables.first().pk, "text": "Suppe", "name": "P4"}
    assert post(Client(), f"/api/v1/live/{live.code}/ideas", body).status_code == 429
    assert LiveParticipant.objects.count() == 3
    assert not LiveIdea.objects.exists()
    # Another address is counted apart.
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert post(other, f"/api/v1/live/{live.code}/join", {"name": "P5"}).status_code == 201


def test_the_join_cap_leaves_a_room_behind_one_router_alone(live, settings):
    assert settings.LIVE_JOINS_PER_IP >= 120 and settings.LIVE_JOIN_MINUTES <= 60


def test_api_board_is_throttled_like_the_page(live, settings):
    settings.LIVE_CODE_MISSES_PER_IP = 3
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/live/QQQQ").status_code == 404
    assert client.get("/api/v1/live/QQQQ").status_code == 429
    # A right code gets the same 429: the block tells a guesser nothing.
    assert client.get(f"/api/v1/live/{live.code}").status_code == 429
    key = services.code_key(live.code)
    assert client.get(f"/api/v1/live/{live.code}?k={key}").status_code == 200
