"""/api/v1/meetings/{id}/leaflet.pdf: the printable leaflet, for whoever reads the summary."""

# The summary fixtures of the knowledge tests, imported: tests name them as parameters.
# ruff: noqa: F811

import io

import pypdf
import pytest

from ressourcenet.knowledge.tests.conftest import (  # noqa: F401 (fixtures)
    draft,
    note_taker,
    open_summary,
    summary_meeting,
)

pytestmark = pytest.mark.django_db

HUGE = 10**30


def url(meeting_id) -> str:
    return f"/api/v1/meetings/{meeting_id}/leaflet.pdf"


@pytest.mark.parametrize("who", ["admin_user", "coordinator", "note_taker", "member"])
def test_those_who_read_the_summary_get_the_pdf(client_as, open_summary, who):
    response = client_as(who).get(url(open_summary.meeting_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert "Referat" in reader.pages[0].extract_text()


def test_an_outsider_is_refused_and_a_visitor_must_log_in(client_as, open_summary):
    assert client_as("outsider").get(url(open_summary.meeting_id)).status_code == 403
    assert client_as("anonymous").get(url(open_summary.meeting_id)).status_code == 401


def test_a_draft_is_for_its_writers(client_as, draft):
    assert client_as("member").get(url(draft.meeting_id)).status_code == 403
    assert client_as("note_taker").get(url(draft.meeting_id)).status_code == 200


def test_no_summary_or_no_meeting_is_404_and_a_huge_id_422(client_as, summary_meeting):
    admin = client_as("admin_user")
    assert admin.get(url(summary_meeting.pk)).status_code == 404
    assert admin.get(url(summary_meeting.pk + 1000)).status_code == 404
    response = admin.get(url(HUGE))
    assert response.status_code == 422
    assert "meeting_id" in str(response.json()["detail"][0]["loc"])


def test_a_public_summarys_leaflet_shows_outsiders_only_the_public_ideas(
    client_as, open_summary, note_taker
):
    from ressourcenet.knowledge import leaflets, summaries
    from ressourcenet.knowledge.tests.conftest import make_idea

    network, meeting = open_summary.meeting.network, open_summary.meeting
    shared = make_idea(network, "Byttedag for planter", meeting=meeting)
    shared.public = True
    shared.save()
    kept = make_idea(network, "Kompost i gården", meeting=meeting)
    leaflets.choose_ideas(open_summary, [shared, kept])
    summaries.finalise(open_summary, note_taker)
    summaries.set_public(open_summary, True)

    def text(who: str) -> str:
        response = client_as(who).get(url(meeting.pk))
        assert response.status_code == 200, who
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)

    for outsider in ("anonymous", "outsider"):
        seen = text(outsider)
        assert shared.title in seen and kept.title not in seen, outsider
    assert kept.title in text("member")
