"""GET /api/v1/networks/{id}/health and POST /api/v1/meetings/{id}/evaluation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ressourcenet.conftest import make_person
from ressourcenet.evaluation import services
from ressourcenet.evaluation.models import Evaluation
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import make_meeting


@pytest.fixture
def held(network, member, volunteer):
    meeting = make_meeting(network, title="Værksted", starts_at=timezone.now() - timedelta(days=3))
    Invitation.objects.create(meeting=meeting, person=member.person, attended=True)
    Invitation.objects.create(meeting=meeting, person=volunteer, attended=False)
    return meeting


@pytest.mark.parametrize(
    "role,status",
    [("admin_user", 200), ("coordinator", 200), ("board_member", 200), ("member", 403),
     ("outsider", 403), ("anonymous", 401)],
)  # fmt: skip
def test_who_reads_a_networks_health(client_as, held, network, role, status):
    answer = client_as(role).get(f"/api/v1/networks/{network.pk}/health")
    assert answer.status_code == status
    if status == 200:
        figures = answer.json()
        assert (figures["meetings_held"], figures["invited"], figures["came"]) == (1, 2, 1)
        assert (figures["suggestions"] is None) == (role == "board_member")


def test_an_unknown_network(client_as, db, admin_user):
    assert client_as("admin_user").get("/api/v1/networks/999999/health").status_code == 404


def test_an_attendee_answers_once(client_as, held, member):
    url = f"/api/v1/meetings/{held.pk}/evaluation"
    body = {"relevance": 4, "time_well_spent": 5, "suggestion": "Mere kaffe"}
    client = client_as("member")
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert client.post(url, body, content_type="application/json").status_code == 409
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize(
    "field,value",
    [("relevance", 0), ("relevance", 6), ("time_well_spent", 10**30),
     ("suggestion", "x" * 1001), ("suggestion", "a\x00b")],
)  # fmt: skip
def test_wrong_values_answer_422_naming_the_field(client_as, held, member, field, value):
    body = {"relevance": 3, "time_well_spent": 3, field: value}
    answer = client_as("member").post(
        f"/api/v1/meetings/{held.pk}/evaluation", body, content_type="application/json"
    )
    assert answer.status_code == 422
    assert any(field in detail["loc"] for detail in answer.json()["detail"])
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "board_member", "outsider"])
def test_who_was_not_there_cannot_answer(client_as, held, role):
    answer = client_as(role).post(
        f"/api/v1/meetings/{held.pk}/evaluation",
        {"relevance": 3, "time_well_spent": 3},
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_a_meeting_ahead_cannot_be_evaluated(client_as, network, member):
    meeting = make_meeting(network)
    Invitation.objects.create(meeting=meeting, person=member.person, attended=True)
    answer = client_as("member").post(
        f"/api/v1/meetings/{meeting.pk}/evaluation",
        {"relevance": 3, "time_well_spent": 3},
        content_type="application/json",
    )
    assert answer.status_code == 409


def post_answer(client, meeting):
    return client.post(
        f"/api/v1/meetings/{meeting.pk}/evaluation",
        {"relevance": 3, "time_well_spent": 3},
        content_type="application/json",
    )


def close(meeting) -> None:
    meeting.starts_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.ends_at -= timedelta(days=services.EVALUATION_DAYS)
    meeting.save()


def test_an_invitee_who_did_not_come_is_told_why_with_409(client_as, held, member):
    held.invitations.filter(person=member.person).update(attended=False)
    answer = post_answer(client_as("member"), held)
    assert answer.status_code == 409 and answer.json()["detail"]
    assert not Evaluation.objects.exists()


def test_a_closed_evaluation_answers_409(client_as, held, member):
    close(held)
    answer = post_answer(client_as("member"), held)
    assert answer.status_code == 409 and answer.json()["detail"]
    assert not Evaluation.objects.exists()


def test_the_figures_say_nothing_of_the_answers_while_the_evaluation_is_open(
    client_as, held, member, network
):
    for number in range(3):
        invitation = Invitation.objects.create(
            meeting=held, person=make_person(f"Svar {number}"), attended=True
        )
        services.submit(invitation, 5, 4, f"Forslag {number}")
    url = f"/api/v1/networks/{network.pk}/health"
    figures = client_as("coordinator").get(url).json()
    (meeting,) = figures["meetings"]
    assert (figures["answers"], figures["suggestions"]) == (0, [])
    assert (meeting["answers"], meeting["relevance"], meeting["evaluation_closed"]) == (
        None, None, False,
    )  # fmt: skip
    assert meeting["evaluation_closes_at"]
    close(held)
    figures = client_as("coordinator").get(url).json()
    (meeting,) = figures["meetings"]
    assert (meeting["answers"], meeting["relevance"], meeting["time_well_spent"]) == (3, 5.0, 4.0)
    assert len(figures["suggestions"][0]["texts"]) == 3
