"""The live mode ends while the room still looks at it: an open phone and the projector,
both polling, show within a few seconds that it is over, and poll no more."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ressourcenet.accounts.models import User
from ressourcenet.e2e.helpers import COORDINATOR, MEMBER, assert_accessible, da, log_in
from ressourcenet.e2e.test_live_flow import PHONE, join, running_meeting
from ressourcenet.live import services as live_services
from ressourcenet.live.models import LiveSession
from ressourcenet.meetings.models import MeetingRole
from ressourcenet.people.models import Person

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


def test_after_the_end_the_note_taker_marks_on_the_review_page(new_page, demo_plan):
    meeting = running_meeting()
    coordinator = User.objects.get(email=COORDINATOR)
    session = live_services.start(meeting, coordinator)
    live_services.post_idea(session, None, session.tables.first(), "Fællesspisning hver fredag")
    live_services.end(session, coordinator)
    member = Person.objects.get(user__email=MEMBER)
    MeetingRole.objects.create(meeting=meeting, person=member, role=MeetingRole.Role.NOTE_TAKER)

    page = new_page(bypass_csp=True, viewport=PHONE)
    log_in(page, MEMBER)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name=da("Mark the board's ideas: decisions and follow-ups")).click()
    expect(page.get_by_role("heading", name=da("Decisions and follow-ups"))).to_be_visible()
    assert_accessible(page, "the note-taker's marks after the end, 375px")
    page.locator("details.live-mark summary").first.click()
    page.get_by_label(da("Mark as")).select_option("follow_up")
    page.get_by_role("button", name=da("Save the mark")).click()
    expect(page.locator(".alert-error")).to_be_focused()  # a follow-up needs its owner
    page.get_by_label(da("Or the owner's name, if not invited")).fill("Bodil")
    page.get_by_role("button", name=da("Save the mark")).click()
    expect(page.get_by_role("main").get_by_text(da("The mark is saved."))).to_be_visible()
    badge = da("Follow-up: %(owner)s") % {"owner": "Bodil"}
    expect(page.locator(".live-mark-badge")).to_have_text(badge)
    assert_accessible(page, "the review page after a mark, 375px")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_projector_after_the_agenda_ended_is_white_on_black(new_page, demo_plan):
    """The demo's 2017 workshop: its clock was kept and its agenda ended; the wall says so
    legibly (axe-core checks the contrast)."""
    session = LiveSession.objects.select_related("meeting__network__plan").get(code="FAMY")
    meeting = session.meeting
    projector = new_page(bypass_csp=True, viewport={"width": 1280, "height": 800})
    log_in(projector, COORDINATOR)
    projector.goto(reverse("live_projector", args=[meeting.network.plan.slug, meeting.pk]))
    expect(projector.locator(".agenda-clock--projector .agenda-clock__item")).to_have_text(
        da("The agenda has ended.")
    )
    assert_accessible(projector, "projector after the agenda ended")
