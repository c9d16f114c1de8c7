"""The live mode ends while the room still looks at it: an open phone and the projector,
both polling, show within a few seconds that it is over, and poll no more."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import COORDINATOR, assert_accessible, da, log_in
from ressourcenet.e2e.test_live_flow import PHONE, join, running_meeting

pytestmark = pytest.mark.e2e


def test_ending_the_live_mode_closes_the_open_phone_and_the_projector(new_page, demo_plan):
    meeting = running_meeting()
    projector = new_page(bypass_csp=True, viewport={"width": 1280, "height": 800})
    log_in(projector, COORDINATOR)
    projector.goto(meeting.get_absolute_url())
    projector.get_by_role("button", name=da("Start the live mode")).click()
    code = projector.locator(".live-code").inner_text().strip()

    phone = new_page(bypass_csp=True, viewport=PHONE)
    join(phone, code, "Aisha", 0)
    phone.get_by_label(da("Your idea")).fill("Fællesspisning hver fredag")
    phone.get_by_role("button", name=da("Post the idea")).click()
    # The projector has polled and swapped its board in, at least once, before the end.
    expect(projector.locator("li.live-idea", has_text="Fællesspisning")).to_be_visible(
        timeout=5_000
    )

    # The coordinator ends it from the meeting page in another tab, as in the room.
    controls = projector.context.new_page()
    controls.goto(meeting.get_absolute_url())
    controls.get_by_role("button", name=da("End the live mode")).click()
    expect(controls.get_by_text(da("The live mode has ended.")).first).to_be_visible()

    # Without anyone touching the phone: the friendly page, and no board left polling.
    expect(phone.get_by_role("heading", name=da("The meeting is over"))).to_be_visible(
        timeout=6_000
    )
    expect(phone.locator("#live-board")).to_have_count(0)
    expect(projector.get_by_text(da("The live mode has ended."))).to_be_visible(timeout=6_000)
    expect(projector.locator(".live-code")).to_have_count(0)
    expect(projector.locator("[hx-trigger]")).to_have_count(0)
    assert_accessible(phone, "phone after the end")
    assert_accessible(projector, "projector after the end")
