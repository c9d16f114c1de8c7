"""The personal link in an invitation: answer without an account, for that one invitation."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from ressourcenet.lib.links import make_token
from ressourcenet.meetings.services import cancel_meeting
from ressourcenet.meetings.tests.conftest import add_items, answer_path, invite


@pytest.fixture
def invitation(meeting, volunteer):
    (invitation,) = invite(meeting, volunteer)
    return invitation


def path_made_days_ago(monkeypatch, invitation, days: int) -> str:
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - days * 24 * 60 * 60)
    path = answer_path(invitation)
    monkeypatch.setattr(signing.time, "time", lambda: now)
    return path


def test_link_shows_the_invitation_without_login(client, meeting, invitation):
    add_items(meeting, ("welcome", "Velkomst", 10), ("workshop", "Idéværksted", 60))

    response = client.get(answer_path(invitation))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vera Frivillig" in content
    assert "Idéer til caféen" in content
    assert meeting.why in content
    assert "Velkomst" in content and "Idéværksted" in content
    assert 'name="answer" value="yes"' in content
    assert response.context["invitation"] == invitation


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_answer_is_saved_and_the_page_shows_it(client, invitation, answer):
    path = answer_path(invitation)

    response = client.post(path, {"answer": answer})

    assert response.status_code == 302
    assert response.url == path
    invitation.refresh_from_db()
    assert invitation.answer == answer
    assert invitation.answered_at is not None
    assert client.get(path).context["invitation"].answer == answer


def answer_box(content: str) -> str:
    """The opening tag of the box with the answer so far."""
    (tag,) = re.findall(r'<div[^>]*id="your-answer"[^>]*>', content)
    return tag


def test_right_after_answering_the_answer_is_focused_and_read_out_once(client, invitation):
    path = answer_path(invitation)

    client.post(path, {"answer": "yes"})
    after = client.get(path).content.decode()
    again = client.get(path).content.decode()

    assert "data-focus-here" in answer_box(after) and "data-announce" in answer_box(after)
    # Near the top: right after the title, before the meeting's facts and the buttons.
    assert after.index('id="your-answer"') < after.index("<dl")
    # A later visit shows the answer without moving focus or reading it out again.
    assert "data-focus-here" not in answer_box(again)
    assert "data-announce" not in answer_box(again)


def test_answer_can_be_changed_through_the_same_link(client, invitation):
    path = answer_path(invitation)
    client.post(path, {"answer": "yes"})

    client.post(path, {"answer": "no"})

    invitation.refresh_from_db()
    assert invitation.answer == "no"


def test_unknown_answer_is_refused(client, invitation):
    response = client.post(answer_path(invitation), {"answer": "måske"})

    assert response.status_code == 422
    assert response.context["error"]
    # Where the eye goes after the button: site.js focuses the error.
    alert = '<div class="alert alert-error" role="alert" tabindex="-1" data-focus-here>'
    assert alert in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_answer_to_a_cancelled_meeting_is_refused(client, meeting, invitation):
    cancel_meeting(meeting)
    path = answer_path(invitation)

    response = client.post(path, {"answer": "yes"})

    assert response.status_code == 422
    invitation.refresh_from_db()
    assert invitation.answer == "pending"
    page = client.get(path).content.decode()
    assert "Idéer til caféen" in page
    assert 'name="answer"' not in page


def test_tampered_token_is_not_found(client, invitation):
    path = answer_path(invitation)
    token = path.split("/")[2]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.post(reverse("invitation_answer", args=[tampered]), {"answer": "yes"})

    assert response.status_code == 404
    assert response.context["expired"] is False
    assert "Vera Frivillig" not in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_link_for_another_invitation_id_is_not_found(client, invitation, meeting, member):
    (other,) = invite(meeting, member.person)
    _own_id, signature = answer_path(invitation).split("/")[2].split(":", 1)

    response = client.get(reverse("invitation_answer", args=[f"{other.pk}:{signature}"]))

    assert response.status_code == 404
    assert "Mads Medlem" not in response.content.decode()


def test_token_for_another_purpose_is_not_found(client, invitation):
    response = client.get(reverse("invitation_answer", args=[make_token("poll", invitation.pk)]))

    assert response.status_code == 404


def test_link_older_than_sixty_days_has_expired(client, monkeypatch, invitation):
    path = path_made_days_ago(monkeypatch, invitation, 366)

    response = client.post(path, {"answer": "yes"})

    assert response.status_code == 410
    assert response.context["expired"] is True
    assert "Vera Frivillig" not in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_link_still_works_after_fifty_nine_days(client, monkeypatch, invitation):
    path = path_made_days_ago(monkeypatch, invitation, 59)

    assert client.post(path, {"answer": "no"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "no"


def test_link_to_a_withdrawn_invitation_is_not_found(client, invitation):
    path = answer_path(invitation)
    invitation.delete()

    assert client.get(path).status_code == 404


def test_logged_in_outsider_can_use_the_link_too(login, outsider, invitation):
    response = login(outsider).post(answer_path(invitation), {"answer": "yes"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "yes"


def test_invitation_answer_rejects_put(client, invitation):
    assert client.put(answer_path(invitation)).status_code == 405


def test_personal_link_page_has_no_site_menu_and_no_log_in(client, invitation):
    content = client.get(answer_path(invitation)).content.decode()

    assert 'class="navigation-menu site-menu"' not in content
    assert reverse("login") not in content
    assert 'name="answer"' in content


def test_an_invalid_link_has_no_site_menu_and_no_log_in(client, invitation):
    response = client.get(reverse("invitation_answer", args=["1:not-a-signature"]))

    assert response.status_code == 404
    assert 'class="navigation-menu site-menu"' not in response.content.decode()
    assert reverse("login") not in response.content.decode()
