"""Opening for comments and making final: confirmations that say how many get the
e-mail, the e-mails themselves, and sending again to those missing it."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Summary
from ressourcenet.mail.models import OutgoingMessage

pytestmark = pytest.mark.django_db


def step(name: str, meeting) -> str:
    return reverse(name, args=["testby", meeting.pk])


def test_opening_asks_first_with_the_number_of_attendees(login, note_taker, draft, mailoutbox):
    response = login(note_taker).get(step("summary_open", draft.meeting))
    assert response.status_code == 200 and response.context["told"] == 2
    assert 'data-told="2"' in response.content.decode()
    assert mailoutbox == []
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_opening_for_ten_days_emails_those_who_came(login, note_taker, draft, mailoutbox):
    response = login(note_taker).post(step("summary_open", draft.meeting), {"days": "10"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "open"
    assert (draft.comments_close_at - draft.opened_at).days == 10
    assert len(mailoutbox) == 2


def test_too_many_days_are_refused(login, note_taker, draft):
    response = login(note_taker).post(step("summary_open", draft.meeting), {"days": "365"})
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_note_taker_cannot_finalise_a_draft_directly(login, note_taker, draft):
    assert (
        login(note_taker)
        .post(step("summary_finalise", draft.meeting), {"confirmed": "1"})
        .status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_coordinator_finalises_a_draft_after_the_confirmation(
    login, coordinator, draft, mailoutbox
):
    client = login(coordinator)
    confirm = client.get(step("summary_finalise", draft.meeting))
    assert confirm.context["told"] == 3
    client.post(step("summary_finalise", draft.meeting), {"confirmed": "1"})
    draft.refresh_from_db()
    assert draft.state == "final" and draft.finalised_by == coordinator
    assert len(mailoutbox) == 3
    assert "krydderurter" in mailoutbox[0].body
    html = mailoutbox[0].alternatives[0][0]
    assert "<strong>krydderurter</strong>" in html


def test_the_note_taker_finalises_an_open_summary(login, note_taker, open_summary, mailoutbox):
    mailoutbox.clear()
    login(note_taker).post(step("summary_finalise", open_summary.meeting), {"confirmed": "1"})
    open_summary.refresh_from_db()
    assert open_summary.state == "final" and len(mailoutbox) == 3


def test_send_reaches_only_an_invitee_added_later(login, coordinator, open_summary, mailoutbox):
    from ressourcenet.conftest import make_person
    from ressourcenet.meetings.models import Invitation

    summaries.finalise(open_summary, coordinator)
    late = make_person("Sene Svend")
    Invitation.objects.create(meeting=open_summary.meeting, person=late)
    mailoutbox.clear()
    login(coordinator).post(step("summary_send", open_summary.meeting))
    assert [m.to for m in mailoutbox] == [[f"Sene Svend <{late.email}>"]]
    assert OutgoingMessage.objects.filter(kind="summary", status="sent").count() == 4


def test_send_is_post_only_and_for_writers(login, member, coordinator, open_summary):
    assert login(coordinator).get(step("summary_send", open_summary.meeting)).status_code == 405
    assert login(member).post(step("summary_send", open_summary.meeting)).status_code == 403


def test_outsiders_take_no_step(login, outsider, draft):
    for name in ("summary_open", "summary_finalise"):
        assert (
            login(outsider)
            .post(step(name, draft.meeting), {"confirmed": "1", "days": "7"})
            .status_code
            == 403
        )
    assert Summary.objects.get().state == "draft"


def test_no_raw_html_reaches_the_email(login, coordinator, summary_meeting, mailoutbox):
    body = '<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror="alert(1)">'
    summaries.save_draft(summary_meeting, body, by=coordinator)
    summaries.finalise(Summary.objects.get(meeting=summary_meeting), coordinator)
    html = mailoutbox[0].alternatives[0][0]
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html
