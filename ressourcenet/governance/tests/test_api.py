"""The API of recommendations and board meetings: a sample of the moves by role, the answer
codes, the bounds, and the query counts of the lists."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.governance.tests.conftest import (
    State,
    make_recommendation,
    put_in_state,
    today,
)
from ressourcenet.meetings.tests.conftest import make_meeting

URL = "/api/v1/recommendations"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def locs(response) -> set[str]:
    return {detail["loc"][-1] for detail in response.json()["detail"]}


def test_a_coordinator_drafts_through_the_api(api_client, coordinator, network, plan):
    area = plan.areas.get(name="Nordparken")
    response = post(
        api_client(coordinator),
        URL,
        {
            "network": network.pk,
            "kind": "priority",
            "title": "Flere timer til lektiecafé",
            "background": "Mange børn mangler hjælp.",
            "housing_areas": [area.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["housing_areas"] == [area.pk]
    assert [step["to_state"] for step in body["trail"]] == ["draft"]
    assert body["trail"][0]["by"] == "Karen Koordinator"


@pytest.mark.parametrize(
    ("role", "code"),
    [("member", 403), ("board_member", 403), ("other_coordinator", 403), ("anonymous", 401)],
)
def test_others_may_not_draft(request, api_client, role, code, network):
    user = request.getfixturevalue(role)
    response = post(api_client(user), URL, {"network": network.pk, "title": "Ny"})
    assert response.status_code == code
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"network": 10**20, "title": "Ny"},
        {"network": 1, "title": "Nul\x00tegn"},
        {"network": 1, "title": "Ny", "background": "x" * 20_001},
        {"network": 1, "title": "Ny", "housing_areas": [10**20]},
        {"network": 1, "title": ""},
        {"network": 1, "title": "Ny", "kind": "budget"},
    ],
)
def test_bad_bodies_are_422(api_client, coordinator, body):
    response = post(api_client(coordinator), URL, body)
    assert response.status_code == 422, response.content
    assert Recommendation.objects.count() == 0


def test_an_area_of_another_plan_is_named(api_client, coordinator, network, other_plan):
    from ressourcenet.plans.models import HousingArea

    foreign = HousingArea.objects.create(plan=other_plan, name="Fremmedparken")
    response = post(
        api_client(coordinator),
        URL,
        {"network": network.pk, "title": "Ny", "housing_areas": [foreign.pk]},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "housing_areas", 0]


# --- moves ----------------------------------------------------------------------------------


def move(client, recommendation, body):
    return post(client, f"{URL}/{recommendation.pk}/transition", body)


def test_adopt_submit_and_approve(
    api_client, coordinator, board_member, recommendation, held_meeting, todays_board_meeting
):
    coordinating = api_client(coordinator)
    response = move(coordinating, recommendation, {"to": "adopted", "meeting": held_meeting.pk})
    assert response.status_code == 200, response.content
    assert response.json()["adopted_at_meeting"] == held_meeting.pk
    response = move(
        coordinating,
        recommendation,
        {"to": "submitted", "board_meeting": todays_board_meeting.pk},
    )
    assert response.json()["state"] == "submitted"
    response = move(
        api_client(board_member), recommendation, {"to": "approved", "reason": "God idé."}
    )
    body = response.json()
    assert (body["state"], body["decision_reason"]) == ("approved", "God idé.")
    assert body["decided_on"] == today().isoformat()
    assert [s["to_state"] for s in body["trail"]] == ["adopted", "submitted", "approved"]


def test_a_coordinator_may_not_decide(api_client, coordinator, recommendation):
    response = move(api_client(coordinator), recommendation, {"to": "approved", "reason": "Ja"})
    assert response.status_code == 403


def test_a_board_member_cannot_approve_a_draft(api_client, board_member, recommendation):
    response = move(api_client(board_member), recommendation, {"to": "approved", "reason": "Ja"})
    assert response.status_code == 409
    assert Recommendation.objects.get().state == State.DRAFT


def test_withdrawing_a_submitted_one_is_409(
    api_client, coordinator, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    response = move(api_client(coordinator), recommendation, {"to": "withdrawn", "reason": "Nej"})
    assert response.status_code == 409


def test_a_board_member_of_another_plan_cannot_see_it(
    api_client, other_board_member, recommendation
):
    client = api_client(other_board_member)
    assert client.get(f"{URL}/{recommendation.pk}").status_code == 403
    assert move(client, recommendation, {"to": "approved", "reason": "Ja"}).status_code == 403


def test_anonymous_is_401(api_client, recommendation):
    assert move(api_client(None), recommendation, {"to": "adopted"}).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "adopted", "meeting": 10**20}, "meeting"),
        ({"to": "adopted", "meeting": None}, "meeting"),
        ({"to": "decided"}, "to"),
        ({"to": "withdrawn", "reason": "a\x00b"}, "reason"),
        ({"to": "withdrawn", "reason": ""}, "reason"),
    ],
)
def test_bad_moves_name_the_field(api_client, coordinator, recommendation, body, field):
    response = move(api_client(coordinator), recommendation, body)
    assert response.status_code == 422, response.content
    assert field in locs(response)
    assert recommendation.transitions.count() == 0


def test_a_decision_in_year_9999_is_422(
    api_client, board_member, recommendation, held_meeting, board_meeting
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    response = move(
        api_client(board_member),
        recommendation,
        {"to": "rejected", "reason": "Nej", "decided_on": "9999-01-01"},
    )
    assert response.status_code == 422
    assert "decided_on" in locs(response)


@pytest.mark.parametrize("when", ["tomorrow", "before_the_board_meeting", "coming_meeting"])
def test_a_decision_on_a_day_the_board_could_not_decide_is_422(
    api_client, board_member, recommendation, held_meeting, past_board_meeting, board_meeting, when
):
    body = {"to": "approved", "reason": "Ja"}
    if when == "coming_meeting":  # submitted for the board meeting in five weeks; today
        put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    else:
        put_in_state(recommendation, State.SUBMITTED, held_meeting, past_board_meeting)
        day = (
            today() + timedelta(days=1)
            if when == "tomorrow"
            else past_board_meeting.date - timedelta(days=1)
        )
        body["decided_on"] = day.isoformat()
    response = move(api_client(board_member), recommendation, body)
    assert response.status_code == 422, response.content
    assert locs(response) == {"decided_on"}
    assert Recommendation.objects.get().state == State.SUBMITTED


@pytest.mark.parametrize("field", ["meeting", "board_meeting"])
def test_a_meeting_of_another_plan_is_422_not_500(
    api_client, admin_user, recommendation, held_meeting, other_plan, field
):
    from ressourcenet.networks.models import Network

    foreign_network = Network.objects.create(plan=other_plan, name="Andet", slug="andet")
    if field == "meeting":
        foreign = make_meeting(foreign_network, starts_at=held_meeting.starts_at)
        body = {"to": "adopted", "meeting": foreign.pk}
    else:
        put_in_state(recommendation, State.ADOPTED, held_meeting)
        foreign = BoardMeeting.objects.create(plan=other_plan, date=today() + timedelta(days=40))
        body = {"to": "submitted", "board_meeting": foreign.pk}
    response = move(api_client(admin_user), recommendation, body)
    assert response.status_code == 422, response.content
    assert field in locs(response)
    assert recommendation.transitions.count() == 0


def test_adopting_at_a_meeting_before_the_draft_is_422(
    api_client, coordinator, network, held_meeting
):
    from django.utils import timezone

    fresh = make_recommendation(network, drafted_at=timezone.now() - timedelta(days=1))
    response = move(api_client(coordinator), fresh, {"to": "adopted", "meeting": held_meeting.pk})
    assert response.status_code == 422
    assert locs(response) == {"meeting"}


def test_a_meeting_of_another_network_is_422(
    api_client, coordinator, recommendation, other_network
):
    from django.utils import timezone

    foreign = make_meeting(other_network, starts_at=timezone.now() - timedelta(days=2))
    response = move(
        api_client(coordinator), recommendation, {"to": "adopted", "meeting": foreign.pk}
    )
    assert response.status_code == 422
    assert "meeting" in locs(response)


def test_a_huge_id_in_the_path_is_422(api_client, coordinator):
    assert api_client(coordinator).get(f"{URL}/{10**20}").status_code == 422


# --- lists ----------------------------------------------------------------------------------


def test_the_list_filters_and_does_not_grow_in_queries(
    api_client, member, network, other_network, plan
):
    client = api_client(member)
    for index in range(3):
        item = make_recommendation(network, title=f"Indstilling {index}")
        item.housing_areas.set(plan.areas.all())
    make_recommendation(other_network, title="Fra job")
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"network": network.pk})
    assert response.json()["count"] == 3
    for index in range(10):
        item = make_recommendation(network, title=f"Flere {index}")
        item.housing_areas.set(plan.areas.all())
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"network": network.pk, "state": "draft"})
    assert response.json()["count"] == 13
    assert len(many) == len(few) <= 13
    assert client.get(URL, {"state": "approved"}).json()["count"] == 0
    assert client.get(URL, {"state": "nonsense"}).status_code == 422


def test_the_list_hides_other_plans(api_client, other_board_member, recommendation):
    assert api_client(other_board_member).get(URL).json()["count"] == 0


# --- board meetings ------------------------------------------------------------------------


def test_a_board_member_plans_a_board_meeting(api_client, board_member, plan):
    day = today() + timedelta(days=50)
    response = post(
        api_client(board_member),
        "/api/v1/board-meetings",
        {"plan": plan.slug, "date": day.isoformat(), "place": "Rådhuset"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == (day - timedelta(days=14)).isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plan": "testby", "date": "9999-01-01"}, "date"),
        ({"plan": "ingen", "date": "2030-01-01"}, "plan"),
        ({"plan": "testby", "date": "2030-01-01", "title": "a\x00b"}, "title"),
    ],
)
def test_bad_board_meetings_are_422(api_client, admin_user, plan, body, field):
    response = post(api_client(admin_user), "/api/v1/board-meetings", body)
    assert response.status_code == 422
    assert field in locs(response)


def test_a_coordinator_may_not_plan_board_meetings(api_client, coordinator, plan):
    day = today() + timedelta(days=50)
    response = post(
        api_client(coordinator),
        "/api/v1/board-meetings",
        {"plan": plan.slug, "date": day.isoformat()},
    )
    assert response.status_code == 403
    assert BoardMeeting.objects.count() == 0


def test_board_meetings_list_with_their_recommendations(
    api_client, member, plan, recommendation, held_meeting, board_meeting, other_plan
):
    put_in_state(recommendation, State.SUBMITTED, held_meeting, board_meeting)
    BoardMeeting.objects.create(plan=other_plan, date=today() + timedelta(days=20))
    client = api_client(member)
    with CaptureQueriesContext(connection) as one:
        response = client.get("/api/v1/board-meetings")
    items = response.json()["items"]
    assert [(i["id"], i["recommendations"]) for i in items] == [
        (board_meeting.pk, [recommendation.pk])
    ]
    for days in (60, 80, 100):
        BoardMeeting.objects.create(plan=plan, date=today() + timedelta(days=days))
    with CaptureQueriesContext(connection) as four:
        assert client.get("/api/v1/board-meetings").json()["count"] == 4
    assert len(four) == len(one)
