"""A meeting's summary in a browser: written and previewed by the coordinator, opened for
comments, a change proposed by an invitee who came through the personal link in their
e-mail, accepted in place, worked in, its leaflet's ideas chosen, made final, and the
leaflet downloaded. axe-core finds nothing on the summary pages, and they fit a 375 px
phone."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    assert_accessible,
    assert_same_page,
    da,
    da_plural,
    log_in,
    mark_page,
)
from ressourcenet.knowledge.models import Amendment, Idea, Summary
from ressourcenet.meetings.models import Invitation, Meeting
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
DRAFT = "# Aftaler\n\n- Vi starter en **lektiecafé** i klubben.\n- Næste møde i maj."
CHANGE = "Skriv at lektiecaféen er hver tirsdag."
MEETING_IDEA = "Lektiecafé med frivillige studerende"
NETWORK_IDEA = "Madpakkeværksted for forældre"


@pytest.fixture
def held_meeting(demo_plan) -> Meeting:
    """A meeting of the families network three days ago: Gerda (no login) came."""
    network = Network.objects.get(plan=demo_plan, slug="familier-forebyggelse")
    start = timezone.now() - timedelta(days=3)
    meeting = Meeting.objects.create(
        network=network,
        title="Lektiecafé i klubben",
        why="Vi skal blive enige om, hvordan lektiecaféen skal køre.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capture=["summary"],
    )
    gerda = Person.objects.create(
        name="Gerda Gæst", email="gerda@example.dk", stakeholder_group="guest"
    )
    Invitation.objects.create(meeting=meeting, person=gerda, attended=True)
    Idea.objects.create(network=network, meeting=meeting, title=MEETING_IDEA)
    Idea.objects.create(network=network, title=NETWORK_IDEA, description="Hver torsdag.")
    return meeting


def no_sideways_scroll(page) -> None:
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{page.url} is {scroll}px wide on a {client}px screen"


def test_a_summary_goes_from_draft_through_an_amendment_to_final(
    axe_page, new_page, held_meeting, mailoutbox
):
    page = axe_page
    log_in(page, COORDINATOR)
    page.goto(held_meeting.get_absolute_url())
    page.locator("section.meeting-summary").get_by_role(
        "link", name=da("Write the summary")
    ).click()

    # The editor, with a preview in place.
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Write the summary"))
    page.get_by_label(da("Summary"), exact=True).fill(DRAFT + "\n\n<script>alert(1)</script>")
    mark_page(page)
    page.get_by_role("button", name=da("Preview")).click()
    preview = page.locator("#preview")
    expect(preview.locator("strong")).to_have_text("lektiecafé")
    expect(preview).to_contain_text("<script>alert(1)</script>")  # shown as text
    assert_same_page(page)
    assert_accessible(page, "summary editor with a preview")
    page.get_by_label(da("Summary"), exact=True).fill(DRAFT)
    page.get_by_role("button", name=da("Save"), exact=True).click()

    # The summary's page: a draft, to be opened for comments.
    # The text's own headings sit one level under the page's.
    expect(page.get_by_role("heading", level=2, name="Aftaler")).to_be_visible()
    assert_accessible(page, "summary page, draft")
    page.get_by_role("link", name=da("Open for comments")).click()
    told = da_plural(
        "%(counter)s invitee who came gets an e-mail with a personal link to propose changes "
        "and comment.",
        "%(counter)s invitees who came get an e-mail with a personal link to propose changes "
        "and comment.",
        1,
    ) % {"counter": 1}
    expect(page.locator("[data-told]")).to_have_text(told)
    assert_accessible(page, "open for comments, confirmation")
    page.get_by_role("button", name=da("Open for comments")).click()
    expect(page.get_by_role("status").filter(has_text=da("The summary is open for comments.")))
    assert Summary.objects.get(meeting=held_meeting).state == "open"

    # Gerda's e-mail carries her personal link; she proposes a change without a login.
    assert [m.to for m in mailoutbox] == [["Gerda Gæst <gerda@example.dk>"]]
    link = re.search(r"https?://\S+/summary/\S+/", mailoutbox[0].body).group(0)
    gerda = new_page(bypass_csp=True, viewport=PHONE, is_mobile=True, has_touch=True)
    gerda.goto("/summary/" + link.split("/summary/", 1)[1])
    expect(gerda.get_by_role("heading", name="Aftaler")).to_be_visible()
    no_sideways_scroll(gerda)
    assert_accessible(gerda, "personal summary page")
    gerda.get_by_label(da("Your proposal or comment")).fill(CHANGE)
    gerda.get_by_role("button", name=da("Send to the note-taker")).click()
    expect(gerda.get_by_text(CHANGE)).to_be_visible()
    assert Amendment.objects.get(summary__meeting=held_meeting).state == "pending"

    # The coordinator accepts it in place; Gerda is told.
    page.reload()
    mark_page(page)
    amendments = page.locator("#amendments")
    expect(amendments.locator("blockquote")).to_have_text(CHANGE)
    amendments.get_by_role("button", name=da("Accept")).click()
    expect(amendments.get_by_role("status").first).to_be_visible()
    expect(amendments.get_by_role("button", name=da("Accept"))).to_have_count(0)
    assert_same_page(page)
    assert Amendment.objects.get(summary__meeting=held_meeting).state == "accepted"
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["Gerda Gæst <gerda@example.dk>"]
    assert_accessible(page, "summary page, a proposal answered")

    # Worked in, and made final after a confirmation that counts the e-mails.
    page.get_by_role("link", name=da("Edit the summary")).click()
    page.get_by_label(da("Summary"), exact=True).fill(DRAFT + "\n- Lektiecaféen er hver tirsdag.")
    page.get_by_role("button", name=da("Save"), exact=True).click()

    # The leaflet's ideas: the meeting's own are ticked until the note-taker chooses.
    page.get_by_role("link", name=da("Choose ideas for the leaflet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Choose the ideas on the leaflet"))
    expect(page.get_by_label(MEETING_IDEA, exact=False)).to_be_checked()
    expect(page.get_by_label(NETWORK_IDEA, exact=False)).not_to_be_checked()
    assert_accessible(page, "choose the leaflet's ideas")
    choose_url = page.url
    page.get_by_label(NETWORK_IDEA, exact=False).check()
    page.get_by_role("button", name=da("Save the choice")).click()
    leaflet = page.locator("#leaflet")
    expect(leaflet.get_by_text(NETWORK_IDEA)).to_be_visible()
    expect(leaflet.get_by_text(MEETING_IDEA)).to_be_visible()
    page.get_by_role("link", name=da("Make the summary final")).click()
    expect(page.locator("[data-told]")).to_have_attribute("data-told", "1")
    assert_accessible(page, "make final, confirmation")
    page.get_by_role("button", name=da("Make final and send")).click()
    expect(page.get_by_role("main").get_by_text(da("The summary is final."))).to_be_visible()
    summary = Summary.objects.get(meeting=held_meeting)
    assert summary.state == "final" and "tirsdag" in summary.body
    assert len(mailoutbox) == 3 and "tirsdag" in mailoutbox[2].body
    ((filename, _content, mimetype),) = mailoutbox[2].attachments
    assert filename.endswith(".pdf") and mimetype == "application/pdf"
    assert_accessible(page, "summary page, final")

    # The leaflet, downloaded in the browser: the summary's heading and the chosen ideas.
    with page.expect_download() as download_info:
        page.locator("#leaflet").get_by_role("link", name=da("Download leaflet (PDF)")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Aftaler" in text and "tirsdag" in text
    assert MEETING_IDEA in text and NETWORK_IDEA in text
    assert "Gerda" not in text  # no names on the leaflet
    assert reader.trailer["/Root"]["/Lang"] == "da"

    # The final summary on a phone.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, COORDINATOR)
    phone.goto(page.url)
    expect(phone.get_by_role("heading", name="Aftaler")).to_be_visible()
    no_sideways_scroll(phone)
    phone.goto(choose_url)
    expect(phone.get_by_label(NETWORK_IDEA, exact=False)).to_be_checked()
    no_sideways_scroll(phone)
