"""Polls in a browser: an invitee answers on a phone; the poll pages pass axe-core."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    DEMO_NETWORK,
    DEMO_POLL_MEETING,
    MEMBER,
    assert_accessible,
    assert_in_view,
    assert_same_page,
    axe_report,
    da,
    log_in,
    mark_page,
)
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import invite_members, invite_people
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person
from ressourcenet.scheduling import preferences, services
from ressourcenet.scheduling.emails import poll_url
from ressourcenet.scheduling.grid import WORKDAYS
from ressourcenet.scheduling.models import Answer, Poll

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def poll(demo_plan):
    """A poll with three times on a new meeting of the demo network, all members invited."""
    network = Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK)
    starts = (timezone.now() + timedelta(days=30)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        network=network,
        title="Sommeraktiviteter for familier",
        why="En plan for tre aktiviteter i sommerferien",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    invite_members(meeting)
    times = [(starts + timedelta(days=d), starts + timedelta(days=d, hours=2)) for d in (0, 1, 2)]
    return services.open_poll(meeting, times)


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_an_invitee_answers_every_time_on_a_375px_phone(new_page, poll):
    invitation = poll.meeting.invitations.select_related("person").first()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    page.goto(path(poll_url(invitation)))

    groups = page.locator("fieldset.poll-slot")
    expect(groups).to_have_count(3)
    for label in page.locator(".poll-slot .form-group-radio label").all():
        box = label.bounding_box()
        assert box["height"] >= 44, label.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]

    for index, answer in enumerate(["Yes", "If need be", "No"]):
        groups.nth(index).get_by_text(da(answer), exact=True).tap()
    page.get_by_role("button", name=da("Save my answers")).tap()

    expect(
        page.get_by_role("main")
        .get_by_role("status")
        .filter(has_text=da("Thank you. Your answers are saved."))
    ).to_be_visible()
    saved = Answer.objects.filter(person=invitation.person, slot__poll=poll).order_by(
        "slot__starts_at"
    )
    assert list(saved.values_list("value", flat=True)) == ["yes", "if_need_be", "no"]
    assert not saved.filter(recorded_by_coordinator=True).exists()


def answer_the_first_time_and_save(page, poll) -> None:
    """On a phone, from the personal link: "yes" to the first time, then the button."""
    invitation = poll.meeting.invitations.first()
    page.goto(path(poll_url(invitation)))
    page.locator("fieldset.poll-slot").first.get_by_text(da("Yes"), exact=True).tap()
    save = page.get_by_role("button", name=da("Save my answers"))
    save.scroll_into_view_if_needed()
    save.tap()


def test_the_saved_answers_are_confirmed_where_the_eye_is_on_a_phone(new_page, poll):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path(poll_url(poll.meeting.invitations.first())))
    mark_page(page)
    page.locator("fieldset.poll-slot").first.get_by_text(da("Yes"), exact=True).tap()
    save = page.get_by_role("button", name=da("Save my answers"))
    save.scroll_into_view_if_needed()
    assert page.evaluate("() => window.scrollY") > 0, "the button is below the first screen"
    save.tap()

    text = da("Thank you. Your answers are saved.")
    confirmation = page.get_by_role("main").get_by_role("status").filter(has_text=text)
    expect(confirmation).to_be_visible()
    assert_same_page(page)  # htmx swapped the answers in
    expect(confirmation).to_be_focused()
    assert_in_view(page, confirmation)
    expect(page.locator("#announcer")).to_have_text(text)


def test_answers_without_a_choice_focus_the_error_that_leads_to_the_first_time(new_page, poll):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path(poll_url(poll.meeting.invitations.first())))
    save = page.get_by_role("button", name=da("Save my answers"))
    save.scroll_into_view_if_needed()
    save.tap()

    summary = page.locator("[data-module='error-summary']")
    expect(summary).to_be_focused()
    assert_in_view(page, summary)
    link = summary.get_by_role("link", name=da("Choose an answer for at least one time."))
    link.tap()
    first_time = page.locator("fieldset.poll-slot").first
    expect(first_time.get_by_role("radio").first).to_be_focused()
    assert_in_view(page, first_time.locator("legend"))
    assert not Answer.objects.filter(slot__poll=poll).exists()


def test_without_htmx_the_saved_answers_are_confirmed_after_the_reload(new_page, poll):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.route("**/htmx.min.js", lambda route: route.abort())

    answer_the_first_time_and_save(page, poll)

    text = da("Thank you. Your answers are saved.")
    message = page.get_by_role("main").locator(".messages")
    expect(message).to_have_text(text)
    expect(message).to_be_focused()
    assert_in_view(page, message)
    expect(page.locator("#announcer")).to_have_text(text)
    assert Answer.objects.filter(slot__poll=poll, value="yes").count() == 1


def test_the_poll_pages_pass_axe(axe_page, poll):
    page = axe_page
    meeting = poll.meeting
    slug = meeting.network.plan.slug
    invitation = meeting.invitations.first()
    services.answer_poll(poll, invitation.person, {poll.slots.first().pk: "yes"})

    page.goto(path(poll_url(invitation)))
    assert_accessible(page, "the invitee's poll page")

    log_in(page, COORDINATOR)
    for name, args in [
        ("poll_detail", [slug, meeting.pk]),
        ("poll_answer_for", [slug, meeting.pk, invitation.person_id]),
        ("network_times", [slug, meeting.network.slug]),
    ]:
        page.goto(reverse(name, args=args))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, name)

    without_poll = Meeting.objects.create(
        network=meeting.network,
        title="Næste møde",
        starts_at=meeting.starts_at + timedelta(days=60),
        ends_at=meeting.ends_at + timedelta(days=60),
    )
    page.goto(reverse("poll_create", args=[slug, without_poll.pk]))
    expect(page.locator("fieldset.poll-slot-row")).to_have_count(6)
    assert_accessible(page, "poll_create")


def test_the_demo_polls_pages_pass_axe(axe_page, demo_plan):
    """The demo's open poll, with its answers: the coordinator's page, the confirmation of
    a time, an invitee's personal page and the member's meeting page."""
    page = axe_page
    poll = Poll.objects.select_related("meeting").get(meeting__title=DEMO_POLL_MEETING)
    meeting, slug = poll.meeting, demo_plan.slug
    invitation = meeting.invitations.filter(person__user__isnull=True).first()
    reports = []

    page.goto(path(poll_url(invitation)))
    expect(page.locator("fieldset.poll-slot")).to_have_count(poll.slots.count())
    reports.append(axe_report(page, "an invitee's personal poll page"))

    log_in(page, COORDINATOR)
    page.goto(reverse("poll_detail", args=[slug, meeting.pk]))
    expect(page.get_by_role("button", name=da("Choose this time"))).to_have_count(
        poll.slots.count()
    )
    reports.append(axe_report(page, "the demo poll, as its coordinator"))
    page.get_by_role("button", name=da("Choose this time")).first.click()
    expect(page.locator("[data-recipients]")).to_be_visible()
    reports.append(axe_report(page, "the confirmation of a time"))

    page.get_by_role("button", name=da("Log out")).click()
    log_in(page, MEMBER)
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    reports.append(axe_report(page, "the meeting whose time is not decided, as a member"))

    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found
    assert Poll.objects.get(pk=poll.pk).finalised_at is None


# The contrast of an element's text against the first background behind it that is not
# transparent (WCAG 2.1's relative luminance).
CONTRAST = """cell => {
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  let node = cell, background = null;
  while (node && node.nodeType === 1) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { background = colour; break; }
    node = node.parentElement;
  }
  background = background || [255, 255, 255];
  const luminance = ([r, g, b]) => [r, g, b]
    .map(v => v / 255)
    .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [luminance(rgb(getComputedStyle(cell).color)), luminance(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture
def history(poll):
    """Six volunteers answered one of the times: five yes, one no (83 %, the darkest shade).

    The time is on a workday (the heat map shows Monday to Friday) whose time of day the
    demo's poll (Tuesday to Thursday) has no answers for: the heat map adds up every poll of
    the network. The poll's three days in a row always hold one, whatever day the suite
    runs."""
    volunteers = Person.objects.bulk_create(
        Person(
            name=f"Frivillig {n}", email=f"frivillig{n}@example.org", stakeholder_group="volunteer"
        )
        for n in range(6)
    )
    invite_people(poll.meeting, volunteers)

    def cell(starts):
        local = timezone.localtime(starts)
        return local.weekday(), preferences.time_band(local)

    answered = Answer.objects.filter(slot__poll__meeting__network=poll.meeting.network)
    taken = {cell(starts) for starts in answered.values_list("slot__starts_at", flat=True)}
    free = next(
        slot
        for slot in poll.slots.order_by("starts_at")
        if cell(slot.starts_at)[0] in WORKDAYS and cell(slot.starts_at) not in taken
    )
    for index, person in enumerate(volunteers):
        Answer.objects.create(slot=free, person=person, value="no" if index == 5 else "yes")
    return poll


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_the_heat_map_fits_the_page_and_every_cell_can_be_read(axe_page, history, viewport):
    page = axe_page
    page.set_viewport_size(viewport)
    network = history.meeting.network
    log_in(page, COORDINATOR)

    page.goto(reverse("network_times", args=[network.plan.slug, network.slug]))

    dark = page.locator(".heat-map td[data-share='83']")
    expect(dark).to_have_count(1)
    expect(dark).to_be_visible()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide at {viewport['width']} px"
    for table in page.locator(".heat-map").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    # axe-core leaves a background it cannot work out as "incomplete": measure it here too.
    for cell in page.locator(".heat-map td[data-share]:not([data-share=''])").all():
        ratio = cell.evaluate(CONTRAST)
        assert ratio >= 4.5, f"{cell.inner_text()} has a contrast of {ratio:.1f}:1"
    assert_accessible(page, f"network_times at {viewport['width']} px")


# Each word of the element's text that the browser split over two lines.
BROKEN_WORDS = """element => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


def test_the_ranking_s_column_headings_keep_their_words_whole_at_1280px(new_page, demo_plan):
    """The demo's poll, whose times miss key persons, groups and areas: a wide last column."""
    meeting = Poll.objects.get(meeting__title=DEMO_POLL_MEETING).meeting
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in(page, COORDINATOR)
    page.goto(reverse("poll_detail", args=[demo_plan.slug, meeting.pk]))
    headings = page.locator("table.poll-ranking thead th")
    expect(headings.first).to_be_visible()
    # However much is missing (a poll with many key persons, groups and areas away), the
    # table takes the room from the long texts, not from the short headings.
    page.locator("table.poll-ranking td[data-title]:last-of-type").evaluate_all(
        "cells => cells.forEach(cell => cell.append(' Lektiecafé'.repeat(120)))"
    )

    broken = {
        text: headings.nth(i).evaluate(BROKEN_WORDS)
        for i, text in enumerate(headings.all_inner_texts())
    }
    assert {text: words for text, words in broken.items() if words} == {}
    # "Yes" over a narrow column of numbers: on one line, its text no taller than one.
    yes = headings.filter(has_text=re.compile(rf"^{da('Yes')}$")).first
    height, line = yes.evaluate(TEXT_HEIGHT_AND_LINE)
    assert height <= line * 1.5


# The height of the text itself (the cell is as tall as its row), and the line height.
TEXT_HEIGHT_AND_LINE = """th => {
  const range = document.createRange();
  range.selectNodeContents(th);
  return [range.getBoundingClientRect().height, parseFloat(getComputedStyle(th).lineHeight)];
}"""
