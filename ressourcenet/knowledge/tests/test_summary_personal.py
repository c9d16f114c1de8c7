"""The invitee's personal link to the summary: read it, and propose while it is open
(only those who came)."""

import pytest
from django.conf import settings
from django.test import Client

from ressourcenet.knowledge.emails import summary_link
from ressourcenet.knowledge.models import Amendment
from ressourcenet.knowledge.tests.conftest import invitation_of

pytestmark = pytest.mark.django_db


def path(invitation) -> str:
    return summary_link(invitation).removeprefix(settings.SITE_URL)


def test_an_attendee_without_a_login_proposes_a_change(open_summary, volunteer):
    invitation = invitation_of(open_summary.meeting, volunteer)
    client = Client()
    page = client.get(path(invitation))
    assert page.status_code == 200 and page.context["form"] is not None
    assert "<strong>krydderurter</strong>" in page.content.decode()
    response = client.post(
        path(invitation), {"kind": "amendment", "text": "Vi plantede også roser."}
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.invitation, amendment.text, amendment.state) == (
        invitation,
        "Vi plantede også roser.",
        "pending",
    )
    assert "Vi plantede også roser." in client.get(path(invitation)).content.decode()


def test_an_empty_proposal_is_refused_with_422(open_summary, volunteer):
    invitation = invitation_of(open_summary.meeting, volunteer)
    assert Client().post(path(invitation), {"kind": "comment", "text": ""}).status_code == 422
    assert not Amendment.objects.exists()


def test_an_invitee_who_did_not_come_reads_but_cannot_propose(open_summary):
    absent = open_summary.meeting.invitations.get(attended=False)
    client = Client()
    assert client.get(path(absent)).context["form"] is None
    client.post(path(absent), {"kind": "amendment", "text": "Hej"})
    assert not Amendment.objects.exists()


def test_a_draft_is_not_shown_through_the_link(draft, volunteer):
    assert Client().get(path(invitation_of(draft.meeting, volunteer))).status_code == 404


def test_a_forged_link_is_refused(open_summary):
    assert Client().get("/summary/1:forged:token/").status_code == 404
