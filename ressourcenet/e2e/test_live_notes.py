"""The note-taker on the live board: on a 375 px phone they mark one idea as a follow-up
with an owner (first forgetting the owner) and another as a decision; the projector shows
the badges by polling; then "start the summary draft from the board" opens the draft
holding both. No axe-core violations on the board with a marking form open, with and
without an error, nor on the meeting page with the summary button."""

import pytest
from playwright.sync_api import expect

from ressourcenet.accounts.models import User
from ressourcenet.e2e.helpers import COORDINATOR, MEMBER, assert_accessible, da, log_in
from ressourcenet.e2e.test_live_flow import PHONE, running_meeting
from ressourcenet.live import services
from ressourcenet.meetings.models import Invitation, MeetingRole
from ressourcenet.networks.models import Membership

pytestmark = pytest.mark.e2e

SOUP = "Suppe i glas til 25 kr"
CAKE = "Kagedag med beboerne fra Hyldespjældet"
TEA = "Te fra egen have"


def test_note_taker_marks_on_the_phone_and_starts_the_summary(new_page, demo_plan):
    meeting = running_meeting()
    note_taker = User.objects.get(email=MEMBER).person
    MeetingRole.objects.create(meeting=meeting, person=note_taker, role="note_taker")
    Invitation.objects.create(meeting=meeting, person=note_taker)
    owner = (
        Membership.objects.filter(network=meeting.network)
        .exclude(person=note_taker)
        .select_related("person")
        .first()
        .person
    )
    Invitation.objects.create(meeting=meeting, person=owner)
    session = services.start(meeting, User.objects.get(email=COORDINATOR))
    first, second = session.tables.all()[:2]
    services.post_idea(session, None, first, SOUP)
    services.post_idea(session, None, second, CAKE)

    projector = new_page(viewport={"width": 1280, "height": 800})
    log_in(projector, COORDINATOR)
    projector.goto(f"/plans/{demo_plan.slug}/meetings/{meeting.pk}/live/")
    expect(projector.locator("li.live-idea", has_text=SOUP)).to_be_visible()

    phone = new_page(bypass_csp=True, viewport=PHONE)  # axe-core is injected
    log_in(phone, MEMBER)
    phone.goto(f"/m/{session.code}")  # a logged-in invitee goes straight to the board
    soup = phone.locator("li.live-idea", has_text=SOUP)
    soup.locator("summary").click()
    soup.get_by_label(da("Mark as")).select_option("follow_up")
    assert_accessible(phone, "phone board with a marking form open")
    # Someone posts meanwhile: the board's poll leaves the open form as it is.
    services.post_idea(session, None, second, TEA)
    phone.wait_for_timeout(3_000)
    expect(soup.locator("details.live-mark")).to_have_attribute("open", "")
    expect(soup.get_by_label(da("Mark as"))).to_have_value("follow_up")
    expect(phone.locator("li.live-idea", has_text=TEA)).to_have_count(0)
    soup.get_by_role("button", name=da("Save the mark")).click()

    # Refused: a follow-up needs an owner. The form is open again, the choice kept.
    message = da("A follow-up needs an owner: choose an invitee or write a name.")
    expect(phone.get_by_role("alert")).to_contain_text(message)
    soup = phone.locator("li.live-idea", has_text=SOUP)
    expect(soup.get_by_label(da("Mark as"))).to_have_value("follow_up")
    assert_accessible(phone, "phone board with a refused mark")
    soup.get_by_label(da("Owner of the follow-up")).select_option(label=owner.name)
    soup.get_by_role("button", name=da("Save the mark")).click()

    # The shared board names a person by first name only.
    badge = da("Follow-up: %(owner)s") % {"owner": owner.name.split()[0]}
    expect(phone.locator("li.live-idea", has_text=SOUP)).to_contain_text(badge)
    cake = phone.locator("li.live-idea", has_text=CAKE)
    cake.locator("summary").click()
    cake.get_by_label(da("Mark as")).select_option("decision")
    cake.get_by_role("button", name=da("Save the mark")).click()
    expect(phone.locator("li.live-idea", has_text=CAKE)).to_contain_text(da("Decision"))
    expect(phone.locator("li.live-idea", has_text=TEA)).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the board is {width} px wide"

    # The projector follows by polling.
    wall_soup = projector.locator("li.live-idea", has_text=SOUP)
    expect(wall_soup.locator(".live-mark-badge")).to_have_text(badge, timeout=5_000)
    wall_cake = projector.locator("li.live-idea", has_text=CAKE)
    expect(wall_cake.locator(".live-mark-badge")).to_have_text(da("Decision"), timeout=5_000)

    # After the meeting: the draft from the board.
    phone.goto(meeting.get_absolute_url())
    assert_accessible(phone, "meeting page with the live mode's summary button")
    phone.get_by_role("button", name=da("Start the summary draft from the board")).click()
    body = phone.locator("textarea[name=body]")
    expect(body).to_be_visible()
    text = body.input_value()
    assert f"## {da('Decisions')}" in text and CAKE in text
    assert f"## {da('Follow-ups')}" in text and owner.name in text and SOUP in text
