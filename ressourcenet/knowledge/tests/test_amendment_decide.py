"""Accepting or rejecting a proposal on the summary's page; the proposer is told."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Amendment
from ressourcenet.knowledge.tests.conftest import HTMX, invitation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(open_summary, volunteer, mailoutbox):
    amendment = summaries.propose_amendment(
        invitation_of(open_summary.meeting, volunteer), "Skriv også om bænken."
    )
    mailoutbox.clear()
    return amendment


def url(amendment) -> str:
    return reverse("amendment_decide", args=["testby", amendment.pk])


def test_accepting_tells_the_proposer(login, note_taker, proposal, volunteer, mailoutbox):
    response = login(note_taker).post(url(proposal), {"decision": "accept"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Amendment.State.ACCEPTED and proposal.decided_by == note_taker
    assert [m.to for m in mailoutbox] == [[f"Vera Frivillig <{volunteer.email}>"]]


def test_rejecting_in_place_with_htmx(login, note_taker, proposal, mailoutbox):
    response = login(note_taker).post(url(proposal), {"decision": "reject"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="amendments"' in html and "<html" not in html
    assert "data-announce" in html
    proposal.refresh_from_db()
    assert proposal.state == Amendment.State.REJECTED
    assert len(mailoutbox) == 1


def test_an_unknown_decision_changes_nothing(login, note_taker, proposal, mailoutbox):
    login(note_taker).post(url(proposal), {"decision": "maybe"})
    proposal.refresh_from_db()
    assert proposal.state == Amendment.State.PENDING and mailoutbox == []


def test_a_member_and_an_outsider_may_not_decide(login, member, outsider, proposal):
    assert login(member).post(url(proposal), {"decision": "accept"}).status_code == 403
    assert login(outsider).post(url(proposal), {"decision": "accept"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == Amendment.State.PENDING


def test_get_is_not_allowed(login, note_taker, proposal):
    assert login(note_taker).get(url(proposal)).status_code == 405
