"""A recommendation in a browser: the coordinator drafts it, records that the network
adopted it and submits it to the coming board meeting; the board member finds it in the board
packet linked from their front page and approves it, and the network's page shows the decision."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import BOARD_MEMBER, COORDINATOR, DEMO_PLAN, log_in
from ressourcenet.governance.models import Recommendation
from ressourcenet.mail.models import OutgoingMessage

pytestmark = pytest.mark.e2e

TITLE = "Madklub for nye forældre i beboerhuset"
NETWORK = "familier-forebyggelse"


def test_from_draft_to_the_boards_approval(axe_page, demo_plan):
    page = axe_page
    log_in(page, COORDINATOR)
    page.goto(f"/plans/{DEMO_PLAN}/networks/{NETWORK}/recommendations/")
    page.get_by_role("main").locator(
        f"a[href='/plans/{DEMO_PLAN}/networks/{NETWORK}/recommendations/new/']"
    ).click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_background").fill("Nye forældre føler sig alene.")
    page.locator("#id_proposal").fill("En madklub hver anden torsdag.")
    page.get_by_role("main").locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    recommendation = Recommendation.objects.get(title=TITLE)

    page.locator("#id_adopted-meeting").select_option(index=1)
    page.locator("#move-adopted button[type=submit]").click()
    expect(page.locator("#move-submitted")).to_be_visible()
    page.locator("#id_submitted-board_meeting").select_option(index=1)
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
    packet.locator(f"a[href='{recommendation.get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator("#id_approved-reason").fill("En god idé, som koster lidt.")
    page.locator("#move-approved button[type=submit]").click()
    expect(page.locator("#move-approved")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("En god idé, som koster lidt.")
    recommendation.refresh_from_db()
    assert recommendation.state == "approved"
    assert OutgoingMessage.objects.filter(kind="recommendation").exists()

    page.goto(f"/plans/{DEMO_PLAN}/networks/{NETWORK}/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
