"""The summary's page, reached from the meeting and the network's archive."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge import summaries

pytestmark = pytest.mark.django_db


def url(meeting) -> str:
    return reverse("summary", args=["testby", meeting.pk])


def test_the_note_taker_sees_the_rendered_draft_and_the_buttons(login, note_taker, draft):
    response = login(note_taker).get(url(draft.meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>krydderurter</strong>" in html
    assert reverse("summary_open", args=["testby", draft.meeting.pk]) in html
    # Only a coordinator makes a draft final directly.
    assert reverse("summary_finalise", args=["testby", draft.meeting.pk]) not in html


def test_the_coordinator_may_finalise_a_draft_directly(login, coordinator, draft):
    html = login(coordinator).get(url(draft.meeting)).content.decode()
    assert reverse("summary_finalise", args=["testby", draft.meeting.pk]) in html


def test_a_member_does_not_see_a_draft(login, member, draft):
    assert login(member).get(url(draft.meeting)).status_code == 404


def test_an_attendee_sees_the_open_summary_and_a_link_to_comment(login, member, open_summary):
    response = login(member).get(url(open_summary.meeting))
    assert response.status_code == 200
    assert response.context["own_link"].startswith("http")
    assert "/summary/" in response.context["own_link"]
    assert "amendments" not in response.context


def test_an_outsider_is_refused(login, outsider, open_summary):
    assert login(outsider).get(url(open_summary.meeting)).status_code == 403


def test_a_post_is_not_allowed(login, coordinator, draft):
    assert login(coordinator).post(url(draft.meeting)).status_code == 405


def test_the_meeting_page_and_the_archive_link_the_shared_summary(login, member, open_summary):
    client = login(member)
    meeting = open_summary.meeting
    assert url(meeting) in client.get(meeting.get_absolute_url()).content.decode()
    network_page = client.get(meeting.network.get_absolute_url()).content.decode()
    assert url(meeting) in network_page


def test_a_final_summary_shows_its_correction_and_the_reason(
    login, member, coordinator, open_summary
):
    summaries.finalise(open_summary, coordinator)
    summaries.add_revision(open_summary, "Rettet: **tirsdag**", "Dagen var forkert", coordinator)
    html = login(member).get(url(open_summary.meeting)).content.decode()
    assert "<strong>tirsdag</strong>" in html
    assert "Dagen var forkert" in html
    assert "<strong>krydderurter</strong>" in html  # the final text, kept for reference


def test_the_after_meeting_task_links_the_editor(login, coordinator, summary_meeting, plan):
    html = login(coordinator).get(plan.get_absolute_url()).content.decode()
    assert reverse("summary_edit", args=["testby", summary_meeting.pk]) in html


def test_the_meeting_page_offers_the_note_taker_to_write_the_summary(
    login, note_taker, member, summary_meeting
):
    editor = reverse("summary_edit", args=["testby", summary_meeting.pk])
    assert editor in login(note_taker).get(summary_meeting.get_absolute_url()).content.decode()
    assert editor not in login(member).get(summary_meeting.get_absolute_url()).content.decode()
