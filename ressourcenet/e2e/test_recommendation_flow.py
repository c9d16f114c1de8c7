"""A recommendation in a browser: the coordinator drafts a change to a co-financing
agreement with its new amounts, records that the network adopted it at today's meeting and
submits it to the board meeting held today; the board member opens the board packet from
their front page, finds it there and approves it; the agreement gets a new version whose
history links to the recommendation, and the network's page shows the decision."""

from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.agreements import services as agreements
from ressourcenet.agreements.models import CofinancingAgreement
from ressourcenet.e2e.helpers import BOARD_MEMBER, COORDINATOR, DEMO_PLAN, assert_accessible, log_in
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.mail.models import OutgoingMessage
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network

pytestmark = pytest.mark.e2e

TITLE = "Flere timer fra PPR til lektiecaféerne i 2020"
NETWORK = "familier-forebyggelse"
AGREEMENT = "PPR's psykolog i lektiecaféerne"


def test_from_draft_to_the_boards_approval_and_a_new_version(axe_page, demo_plan):
    page = axe_page
    today = timezone.localdate()
    network = Network.objects.get(plan=demo_plan, slug=NETWORK)
    # The network meets now, and the board meets today (taking recommendations until today).
    meeting = Meeting.objects.create(
        network=network,
        title="Netværksmøde i dag",
        why="Vi beslutter, hvad vi indstiller til bestyrelsen.",
        starts_at=timezone.now() - timedelta(minutes=30),
        ends_at=timezone.now() + timedelta(minutes=90),
    )
    board_meeting = BoardMeeting.objects.create(
        plan=demo_plan, date=today, deadline=today, title="Ekstra bestyrelsesmøde"
    )
    agreement = CofinancingAgreement.objects.get(plan=demo_plan, title=AGREEMENT)
    versions_before = agreement.versions.count()

    log_in(page, COORDINATOR)
    page.goto(f"/plans/{DEMO_PLAN}/networks/{NETWORK}/recommendations/")
    page.get_by_role("main").locator(
        f"a[href='/plans/{DEMO_PLAN}/networks/{NETWORK}/recommendations/new/']"
    ).click()
    page.locator("#id_kind").select_option("cofinancing_change")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_background").fill("Flere børn vil tale med psykologen.")
    page.locator("#id_proposal").fill("PPR giver 500 timer i 2020.")
    page.locator("#id_agreement").select_option(str(agreement.pk))
    page.locator("#id_money_2020").fill("200000")
    page.locator("#id_hours_2020").fill("500")
    page.get_by_role("main").locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    recommendation = Recommendation.objects.get(title=TITLE)
    assert recommendation.agreement == agreement
    expect(page.get_by_role("main")).to_contain_text("200.000")

    page.locator("#id_adopted-meeting").select_option(str(meeting.pk))
    page.locator("#move-adopted button[type=submit]").click()
    expect(page.locator("#move-submitted")).to_be_visible()
    page.locator("#id_submitted-board_meeting").select_option(str(board_meeting.pk))
    page.locator("#move-submitted button[type=submit]").click()
    expect(page.locator("#move-submitted")).to_have_count(0)
    recommendation.refresh_from_db()
    assert recommendation.state == "submitted"

    log_in(page, BOARD_MEMBER)
    page.goto("/")
    # The packet of the coming board meeting holds it; from there to its own page.
    awaiting = page.locator("section.awaiting-decision")
    awaiting.locator(
        f"a[href$='/board-meetings/{recommendation.board_meeting_id}/packet/']"
    ).click()
    packet = page.get_by_role("main")
    expect(packet.get_by_role("heading", level=2, name=TITLE)).to_be_visible()
    # The same packet as a PDF: the recommendation with its proposed amounts.
    with page.expect_download() as download:
        packet.locator("a[href$='/packet.pdf']").click()
    pdf = pypdf.PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert TITLE in text and "Flere børn vil tale med psykologen." in text
    assert "200.000" in text
    packet.locator(f"a[href='{recommendation.get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator("#id_approved-reason").fill("En god idé, som PPR betaler.")
    page.locator("#move-approved button[type=submit]").click()
    expect(page.locator("#move-approved")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("En god idé, som PPR betaler.")
    recommendation.refresh_from_db()
    assert recommendation.state == "approved"
    assert OutgoingMessage.objects.filter(kind="recommendation").exists()
    assert_accessible(page, "the approved change")

    # The agreement's new version names the recommendation as its reason, with a link.
    assert agreement.versions.count() == versions_before + 1
    assert agreements.current_amounts(agreement)[-1] == agreements.Amount(2020, 200_000, 500)
    page.get_by_role("main").get_by_role("link", name=AGREEMENT).click()
    history = page.locator("#history + ol > li").first
    expect(history).to_contain_text(TITLE)
    expect(history.locator(f"a[href='{recommendation.get_absolute_url()}']")).to_be_visible()
    assert_accessible(page, "the agreement with the new version")

    page.goto(f"/plans/{DEMO_PLAN}/networks/{NETWORK}/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
