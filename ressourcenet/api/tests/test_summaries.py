"""/api/v1/meetings/{id}/summary: the summary through the API, with the pages' rules."""

# The summary fixtures of the knowledge tests, imported: tests name them as parameters.
# ruff: noqa: F811

import json

import pytest

from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Amendment, Summary
from ressourcenet.knowledge.tests.conftest import (  # noqa: F401 (fixtures)
    draft,
    note_taker,
    open_summary,
    summary_meeting,
)
from ressourcenet.meetings.services import cancel_meeting

pytestmark = pytest.mark.django_db


def url(meeting, rest: str = "") -> str:
    return f"/api/v1/meetings/{meeting.pk}/summary{rest}"


def put(client, meeting, **body):
    return client.put(url(meeting), json.dumps(body), content_type="application/json")


def test_put_writes_a_draft_and_get_reads_it_sanitised(client_as, summary_meeting):
    client = client_as("note_taker")
    response = put(client, summary_meeting, body="# Referat\n\n<script>x</script> **ja**")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "draft"
    assert "<h2>Referat</h2>" in data["html"] and "<script>" not in data["html"]
    assert client.get(url(summary_meeting)).json()["body"].startswith("# Referat")


def test_put_final_on_a_draft_by_the_coordinator_sends_it(
    client_as, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        response = put(client_as("coordinator"), draft.meeting, body=draft.body, state="final")
    assert response.status_code == 200 and response.json()["state"] == "final"
    # Nothing goes out inside the request's transaction: only once it has committed.
    assert mailoutbox == []
    for callback in after_commit:
        callback()
    assert len(mailoutbox) == 3


def test_the_note_taker_may_not_put_a_draft_straight_to_final(client_as, draft, mailoutbox):
    response = put(client_as("note_taker"), draft.meeting, body=draft.body, state="final")
    assert response.status_code == 403
    assert Summary.objects.get().state == "draft" and mailoutbox == []


def test_put_on_a_final_summary_is_409(client_as, draft, coordinator):
    summaries.finalise(draft, coordinator)
    response = put(client_as("coordinator"), draft.meeting, body="Ny", state="final")
    assert response.status_code == 409
    assert Summary.objects.get().body.startswith("# Referat")


def test_put_open_opens_for_comments(
    client_as, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = put(client_as("note_taker"), draft.meeting, body=draft.body, state="open")
    assert response.json()["state"] == "open" and response.json()["comments_close_at"]
    assert len(mailoutbox) == 2


def test_an_empty_body_or_unknown_state_is_422_naming_the_field(client_as, summary_meeting):
    client = client_as("coordinator")
    empty = put(client, summary_meeting, body=" ")
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"][-1] == "body"
    unknown = put(client, summary_meeting, body="x", state="published")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "state"
    assert not Summary.objects.exists()


@pytest.mark.parametrize("role", ["member", "board_member", "outsider"])
def test_others_may_not_put(client_as, summary_meeting, role):
    assert put(client_as(role), summary_meeting, body="x").status_code == 403


def test_a_draft_is_not_read_by_members_and_a_missing_summary_is_404(client_as, draft, network):
    assert client_as("member").get(url(draft.meeting)).status_code == 403
    from ressourcenet.meetings.tests.conftest import make_meeting

    assert client_as("coordinator").get(url(make_meeting(network))).status_code == 404


def test_an_attendee_proposes_with_their_own_token(client_as, open_summary, member):
    response = client_as("member").post(
        url(open_summary.meeting, "/amendments"),
        json.dumps({"text": "Husk bænken."}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending" and response.json()["by"] == "Mads Medlem"
    assert Amendment.objects.get().invitation.person == member.person
    writers_view = client_as("coordinator").get(url(open_summary.meeting)).json()
    assert [a["text"] for a in writers_view["amendments"]] == ["Husk bænken."]
    assert client_as("member").get(url(open_summary.meeting)).json()["amendments"] == []


def test_someone_not_at_the_meeting_may_not_propose(client_as, open_summary):
    response = client_as("board_member").post(
        url(open_summary.meeting, "/amendments"),
        json.dumps({"text": "Hej"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Amendment.objects.exists()


def test_a_proposal_to_a_final_summary_is_409(client_as, open_summary, coordinator):
    summaries.finalise(open_summary, coordinator)
    response = client_as("member").post(
        url(open_summary.meeting, "/amendments"),
        json.dumps({"text": "For sent"}),
        content_type="application/json",
    )
    assert response.status_code == 409


def test_an_empty_proposal_is_422_naming_text(client_as, open_summary):
    response = client_as("member").post(
        url(open_summary.meeting, "/amendments"),
        json.dumps({"text": ""}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"


def test_reading_does_not_grow_with_the_proposals(
    client_as, open_summary, volunteer, member, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ressourcenet.knowledge.tests.conftest import invitation_of

    client = client_as("coordinator")
    summaries.propose_amendment(invitation_of(open_summary.meeting, volunteer), "En")
    with CaptureQueriesContext(connection) as with_one:
        client.get(url(open_summary.meeting))
    for text in ("To", "Tre", "Fire"):
        summaries.propose_amendment(invitation_of(open_summary.meeting, member.person), text)
    with django_assert_max_num_queries(len(with_one)):
        assert len(client.get(url(open_summary.meeting)).json()["amendments"]) == 4


def test_the_summary_of_a_cancelled_meeting_is_not_opened_or_made_final(
    client_as, draft, coordinator, mailoutbox
):
    cancel_meeting(draft.meeting)
    response = put(client_as("coordinator"), draft.meeting, body=draft.body, state="final")
    assert response.status_code == 422
    # The services refuse it too, for the pages that call them without saving first.
    with pytest.raises(summaries.SummaryStateError):
        summaries.finalise(draft, coordinator)
    with pytest.raises(summaries.SummaryStateError):
        summaries.open_and_send(draft)
    assert Summary.objects.get().state == "draft" and mailoutbox == []


def test_outsiders_get_a_corrected_public_summary_without_the_earlier_text(
    client_as, open_summary, note_taker
):
    summaries.set_public(open_summary, True)
    summaries.finalise(open_summary, by=note_taker)
    summaries.add_revision(
        open_summary, "# Referat\n\nVi plantede timian.", "Et navn skulle ud", by=note_taker
    )
    for who in ("anonymous", "outsider"):
        answer = client_as(who).get(url(open_summary.meeting)).json()
        assert "timian" in answer["body"] and answer["revisions"] == [], who
    answer = client_as("member").get(url(open_summary.meeting)).json()
    assert answer["revisions"][0]["reason"] == "Et navn skulle ud"
