"""Against a real SMTP server that refuses one recipient and then goes down: nothing is
lost, nothing is marked sent that was not sent, and sending again delivers exactly the
invitations that are missing."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ressourcenet.api.tests.utils import post_json
from ressourcenet.conftest import make_person
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Invitation
from ressourcenet.meetings.tests.conftest import invite, make_meeting, plan_url

NAMES = ["Anne Andersen", "Bo Berg", "Carl Christensen", "Dorte Dam", "Erik Eriksen", "Frida Fog"]
REFUSED = "carl.christensen@example.org"
# A name with a line break (from before names were checked): its e-mail fails alone.
BROKEN_NAME = "Gitte Gæst\r\nBcc: everyone@example.org"


@pytest.fixture
def meeting(network):
    meeting = make_meeting(network)
    invite(meeting, *[make_person(name) for name in NAMES])
    invite(meeting, make_person(BROKEN_NAME, email="gitte@example.org"))
    return meeting


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.org"


def sent_to(meeting) -> list[str]:
    rows = meeting.invitations.filter(sent_at__isnull=False, sent_sequence=meeting.sequence)
    return sorted(rows.values_list("person__email", flat=True))


def send(client, meeting):
    return client.post(reverse("invitations_send", args=[meeting.network.plan.slug, meeting.pk]))


def test_a_refused_recipient_and_a_dropped_connection_lose_nothing(
    smtp_server, login, coordinator, meeting
):
    smtp_server.refused = {REFUSED}
    smtp_server.drop_after = 3  # Anne, Bo and Dorte go; Erik's connection drops; then down
    client = login(coordinator)

    send(client, meeting)

    went = [email_of(n) for n in ("Anne Andersen", "Bo Berg", "Dorte Dam")]
    assert smtp_server.recipients() == went
    assert sent_to(meeting) == went
    statuses = dict(OutgoingMessage.objects.values_list("to_email", "status"))
    assert statuses == {
        **dict.fromkeys(went, "sent"),
        REFUSED: "failed",
        "erik.eriksen@example.org": "failed",
        "frida.fog@example.org": "failed",
        "gitte@example.org": "failed",
    }
    problems = dict(OutgoingMessage.objects.values_list("to_email", "problem"))
    assert problems[REFUSED] == OutgoingMessage.Problem.REFUSED
    assert problems["erik.eriksen@example.org"] == OutgoingMessage.Problem.UNREACHABLE
    assert problems["frida.fog@example.org"] == OutgoingMessage.Problem.UNREACHABLE
    assert problems["gitte@example.org"] == OutgoingMessage.Problem.ADDRESS
    # The mail server's trouble may pass and is retried; a refused address is not.
    retry = dict(OutgoingMessage.objects.values_list("to_email", "next_attempt_at"))
    assert retry[REFUSED] is None and retry["gitte@example.org"] is None
    assert retry["erik.eriksen@example.org"] is not None
    for message in OutgoingMessage.objects.filter(status="failed"):
        assert message.attempts == 1 and message.last_attempt_at is not None

    # The step with the invitations says what happened, and to whom.
    page = client.get(plan_url(meeting, "invitations"))
    (message,) = page.context["messages"]
    assert message.level_tag == "error"
    assert "3" in message.message and "4" in message.message
    content = page.content.decode()
    with translation.override("da"):
        assert escape(str(OutgoingMessage.Problem.REFUSED.label)) in content
        assert escape(str(OutgoingMessage.Problem.UNREACHABLE.label)) in content
        assert escape(str(OutgoingMessage.Problem.ADDRESS.label)) in content
    assert page.context["missing"] == 4
    assert page.context["any_failed"]

    # The server is back: sending again reaches exactly those still missing, once.
    smtp_server.down, smtp_server.drop_after = False, None
    send(client, meeting)

    assert smtp_server.recipients() == sorted(
        [*went, "erik.eriksen@example.org", "frida.fog@example.org"]
    )
    assert sent_to(meeting) == sorted([*went, "erik.eriksen@example.org", "frida.fog@example.org"])
    still_missing = meeting.invitations.filter(sent_at__isnull=True)
    assert sorted(still_missing.values_list("person__email", flat=True)) == [
        REFUSED,
        "gitte@example.org",
    ]
    # The broken name never reached a header; no one was added as a hidden recipient.
    assert all("everyone@example.org" not in r.rcpt_to for r in smtp_server.received)

    # A third press (a double click) sends no one anything twice.
    received = len(smtp_server.received)
    send(client, meeting)
    assert len(smtp_server.received) == received


def test_the_api_counts_what_went_and_what_did_not(smtp_server, api_client, coordinator, meeting):
    smtp_server.refused = {REFUSED}
    client = api_client(coordinator)

    response = post_json(client, f"/api/v1/meetings/{meeting.pk}/invitations/send", {})

    assert response.status_code == 200
    assert response.json() == {"sent": 5, "failed": 2}
    assert len(smtp_server.received) == 5
    carl = Invitation.objects.get(person__email=REFUSED)
    listed = client.get(f"/api/v1/meetings/{meeting.pk}/invitations").json()["items"]
    (row,) = [item for item in listed if item["id"] == carl.pk]
    assert row["delivery"] == "failed"
    assert row["delivery_problem"]
    assert row["sent_at"] is None

    smtp_server.refused = set()
    again = post_json(client, f"/api/v1/meetings/{meeting.pk}/invitations/send", {})

    assert again.json() == {"sent": 1, "failed": 1}  # Carl now; Gitte's name still cannot go
    assert smtp_server.recipients().count(REFUSED) == 1
