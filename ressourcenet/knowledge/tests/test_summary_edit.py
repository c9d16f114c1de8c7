"""Writing the summary: the editor, its preview (htmx and plain), and a final summary's
correction with a reason."""

import pytest
from django.urls import reverse

from ressourcenet.knowledge import summaries
from ressourcenet.knowledge.models import Summary
from ressourcenet.knowledge.tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def url(meeting) -> str:
    return reverse("summary_edit", args=["testby", meeting.pk])


def test_the_note_taker_writes_the_first_draft(login, note_taker, summary_meeting):
    client = login(note_taker)
    assert client.get(url(summary_meeting)).status_code == 200
    response = client.post(url(summary_meeting), {"body": "## Beslutninger\n\n- Bænk"})
    assert response.status_code == 302
    summary = Summary.objects.get(meeting=summary_meeting)
    assert (summary.state, summary.body) == ("draft", "## Beslutninger\n\n- Bænk")


def test_the_preview_renders_in_place_with_htmx(login, note_taker, draft):
    response = login(note_taker).post(
        url(draft.meeting), {"body": "**fed** <script>x</script>", "preview": "1"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="preview"' in html and "<strong>fed</strong>" in html
    assert "<script>x" not in html and "<html" not in html
    draft.refresh_from_db()
    assert "fed" not in draft.body  # a preview saves nothing


def test_the_preview_without_javascript_shows_the_whole_page(login, note_taker, draft):
    response = login(note_taker).post(url(draft.meeting), {"body": "*kursiv*", "preview": "1"})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "<em>kursiv</em>" in response.content.decode()


def test_an_empty_text_is_refused_with_422(login, note_taker, draft):
    response = login(note_taker).post(url(draft.meeting), {"body": ""})
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.body.startswith("# Referat")


def test_a_member_and_an_outsider_may_not_write(login, member, outsider, summary_meeting):
    assert login(member).get(url(summary_meeting)).status_code == 403
    assert login(outsider).post(url(summary_meeting), {"body": "x"}).status_code == 403
    assert not Summary.objects.exists()


def test_a_wrong_method_is_refused(login, note_taker, summary_meeting):
    assert login(note_taker).delete(url(summary_meeting)).status_code == 405


def test_a_final_summary_is_corrected_with_a_reason_not_edited(login, coordinator, draft):
    summaries.finalise(draft, coordinator)
    client = login(coordinator)
    refused = client.post(url(draft.meeting), {"body": "Ny tekst", "reason": ""})
    assert refused.status_code == 422
    assert not draft.revisions.exists()
    client.post(url(draft.meeting), {"body": "Ny tekst", "reason": "Et navn var stavet forkert"})
    draft.refresh_from_db()
    assert draft.body.startswith("# Referat")
    assert draft.revisions.get().body == "Ny tekst"
