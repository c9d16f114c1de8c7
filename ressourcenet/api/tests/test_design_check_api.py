"""GET /api/v1/meetings/{id}/design-check: the ten rules of the meeting method, as advice."""

import pytest

from ressourcenet.api.tests.conftest import slots_of
from ressourcenet.api.tests.utils import ROLES, post_json, put_json, refusal_status
from ressourcenet.meetings import services
from ressourcenet.meetings.models import DesignSettings, Meeting
from ressourcenet.scheduling import services as scheduling_services

MAY_MANAGE = {"admin_user", "coordinator"}
CODES = [
    "why",
    "time",
    "duration",
    "roles",
    "breaks",
    "food",
    "workshop_weight",
    "few_items",
    "slack",
    "capture",
]


def url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/design-check"


def statuses(response) -> dict[str, str]:
    return {rule["code"]: rule["status"] for rule in response.json()["rules"]}


def test_design_check_answers_score_max_and_ten_rules(coordinator, api_client, meeting):
    response = api_client(coordinator).get(url(meeting))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"score", "max", "rules"}
    assert body["max"] == 10
    assert [rule["code"] for rule in body["rules"]] == CODES
    for rule in body["rules"]:
        assert set(rule) == {"code", "status", "message"}
        assert rule["message"].strip()


def test_design_check_of_a_meeting_without_agenda_or_roles(admin_user, api_client, meeting):
    """A clear why, two hours, a capture planned, but no poll, agenda or roles yet."""
    response = api_client(admin_user).get(url(meeting))

    assert statuses(response) == {
        "why": "pass",
        "time": "warn",
        "duration": "pass",
        "roles": "fail",
        "breaks": "fail",
        "food": "warn",
        "workshop_weight": "warn",
        "few_items": "pass",
        "slack": "pass",
        "capture": "pass",
    }
    assert response.json()["score"] == 5


def test_design_check_follows_the_agenda_and_roles_set_through_the_api(
    admin_user, api_client, meeting, member, volunteer
):
    client = api_client(admin_user)
    services.invite_people(meeting, [member.person, volunteer])
    items = [
        ("welcome", 5),
        ("talk", 15),
        ("workshop", 30),
        ("food", 20),
        ("workshop", 25),
        ("wrap_up", 10),
    ]
    put_json(
        client,
        f"/api/v1/meetings/{meeting.pk}/agenda",
        {"items": [{"kind": k, "title": k, "minutes": m} for k, m in items]},
    )
    post_json(
        client,
        f"/api/v1/meetings/{meeting.pk}/roles",
        {"person": volunteer.pk, "role": "table_host"},
    )

    response = client.get(url(meeting))

    assert statuses(response) == {code: "pass" for code in CODES} | {"time": "warn"}
    assert response.json()["score"] == 9


def test_design_check_uses_the_administrators_thresholds(admin_user, api_client, meeting):
    DesignSettings.objects.create(pk=1, max_minutes=90)

    response = api_client(admin_user).get(url(meeting))

    [duration] = [rule for rule in response.json()["rules"] if rule["code"] == "duration"]
    assert duration["status"] == "fail"
    assert "120" in duration["message"]
    assert "90" in duration["message"]


def test_design_check_compares_the_time_with_the_polls_recommendation(
    admin_user, api_client, poll, member, volunteer
):
    first, *others = slots_of(poll)
    for person in (member.person, volunteer):
        answers = {first.pk: "yes"} | {slot.pk: "no" for slot in others}
        scheduling_services.answer_poll(poll, person, answers)
    poll.meeting.starts_at, poll.meeting.ends_at = others[-1].starts_at, others[-1].ends_at
    poll.meeting.save()
    client = api_client(admin_user)

    assert statuses(client.get(url(poll.meeting)))["time"] == "fail"

    scheduling_services.finalise(poll, first)

    assert statuses(client.get(url(poll.meeting)))["time"] == "pass"


def test_design_check_speaks_english_on_request(admin_user, api_client, meeting):
    response = api_client(admin_user).get(url(meeting), headers={"Accept-Language": "en"})

    [roles] = [rule for rule in response.json()["rules"] if rule["code"] == "roles"]
    assert roles["message"].startswith("Give participants a role")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_the_design_check(role, client_as, meeting):
    response = client_as(role).get(url(meeting))

    if role in MAY_MANAGE:
        assert response.status_code == 200
        assert response.json()["max"] == 10
    else:
        assert response.status_code == refusal_status(role)
        assert "rules" not in response.json()


def test_design_check_of_unknown_meeting_is_404(admin_user, api_client, db):
    assert api_client(admin_user).get("/api/v1/meetings/999999/design-check").status_code == 404
