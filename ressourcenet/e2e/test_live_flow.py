"""The live mode in a room: the coordinator starts it on the projector, two phones join by
code with first names, post to different tables, one gives a "+1", and the projector shows
all of it within a few seconds (htmx polling). Then the coordinator ends the live mode,
merges two duplicates and sends them and one more idea to the catalogue, where they show
their table and "+1". No axe-core violations on the code box, the join page, the phone
board, the projector and the review page (1280 and 375 px)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    DEMO_NETWORK,
    DEMO_PLAN,
    MEMBER,
    assert_accessible,
    axe_report,
    da,
    da_plural,
    log_in,
)
from ressourcenet.live import services as live_services
from ressourcenet.meetings import clock
from ressourcenet.meetings.models import AgendaItem, Meeting, MeetingRole
from ressourcenet.networks.models import Network
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e

User = get_user_model()

PHONE = {"width": 375, "height": 812}
SOUP = "Suppe i glas til 25 kr"
CAKE = "Kagedag med beboerne fra Hyldespjældet"
NEXT_ITEM = "Hvad tager vi med videre?"
DUPLICATE = "Suppe i glas, gerne økologisk"


def running_meeting() -> Meeting:
    starts_at = timezone.now() - timedelta(minutes=5)
    meeting = Meeting.objects.create(
        network=Network.objects.get(slug=DEMO_NETWORK),
        title="Værksted: caféens nye produkter",
        why="Ti idéer til produkter, som caféen kan sælge fra foråret",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    AgendaItem.objects.create(
        meeting=meeting, position=0, kind="workshop", title="Idéværksted ved bordene", minutes=60
    )
    AgendaItem.objects.create(
        meeting=meeting, position=1, kind="decision", title=NEXT_ITEM, minutes=30
    )
    return meeting


def join(page, code: str, name: str, table_index: int, check_axe: bool = False) -> None:
    page.goto("/m/")
    if check_axe:
        assert_accessible(page, "code box")
    page.get_by_label(da("Code")).fill(code.lower())
    page.get_by_role("main").get_by_role("button", name=da("Join")).click()
    expect(page.get_by_label(da("First name"))).to_be_visible()
    if check_axe:
        assert_accessible(page, "join page")
    page.get_by_label(da("First name")).fill(name)
    page.get_by_role("main").get_by_role("button", name=da("Join")).click()
    page.get_by_label(da("Your table")).select_option(index=table_index)
    page.get_by_role("button", name=da("Choose table")).click()
    expect(page.get_by_label(da("Your idea"))).to_be_visible()


def test_two_phones_post_and_the_projector_follows(new_page, demo_plan):
    meeting = running_meeting()
    projector = new_page(bypass_csp=True, viewport={"width": 1280, "height": 800})
    log_in(projector, COORDINATOR)
    projector.goto(meeting.get_absolute_url())
    projector.get_by_role("button", name=da("Start the live mode")).click()
    code = projector.locator(".live-code").inner_text().strip()
    assert len(code) == 4
    expect(projector.locator(".live-qr svg")).to_be_visible()
    expect(projector.get_by_text("Idéværksted ved bordene")).to_be_visible()
    assert_accessible(projector, "projector")

    first = new_page(bypass_csp=True, viewport=PHONE)
    join(first, code, "Aisha", 0, check_axe=True)
    first.get_by_label(da("Your idea")).fill(SOUP)
    first.get_by_role("button", name=da("Post the idea")).click()
    expect(first.locator("li.live-idea", has_text=SOUP)).to_be_visible()
    assert_accessible(first, "phone board")

    second = new_page(viewport=PHONE)  # under the site's real CSP: htmx must still poll
    join(second, code, "Bo", 1)
    second.get_by_label(da("Your idea")).fill(CAKE)
    second.get_by_role("button", name=da("Post the idea")).click()
    second.locator("li.live-idea", has_text=SOUP).get_by_role("button", name="+1").click()
    # The answer stands beside the idea, with the focus, and stays through the polls.
    said = second.locator("li.live-idea", has_text=SOUP).locator(".live-said")
    expect(said).to_have_text(da("Your +1 is counted."))
    expect(said).to_be_focused()
    second.wait_for_timeout(2_500)
    expect(said).to_be_focused()
    second.locator("li.live-idea", has_text=SOUP).get_by_role("button", name="+1").click()
    expect(said).to_have_text(da("You have given this idea +1 already."))

    one = da_plural("%(counter)s +1", "%(counter)s +1", 1) % {"counter": 1}
    # The first phone and the projector see the other's post and the +1 by polling.
    expect(first.locator("li.live-idea", has_text=CAKE)).to_be_visible(timeout=5_000)
    soup = projector.locator("li.live-idea", has_text=SOUP)
    expect(soup.locator(".live-plus-ones")).to_have_text(one, timeout=5_000)
    expect(projector.locator("li.live-idea", has_text=CAKE)).to_be_visible(timeout=5_000)

    # The time-keeper, on a third phone, starts the agenda and moves on; the projector
    # follows by polling.
    keeper = new_page(viewport=PHONE)
    log_in(keeper, MEMBER)
    MeetingRole.objects.create(
        meeting=meeting,
        person=Person.objects.get(user__email=MEMBER),
        role=MeetingRole.Role.TIME_KEEPER,
    )
    keeper.goto(meeting.get_absolute_url() + "clock/")
    keeper.get_by_role("main").get_by_role("button", name=da("Start")).click()
    expect(projector.locator(".agenda-clock__item")).to_have_text(
        "Idéværksted ved bordene", timeout=5_000
    )
    keeper.get_by_role("main").get_by_role("button", name=da("Next item")).click()
    expect(keeper.locator(".agenda-clock__item")).to_have_text(NEXT_ITEM)
    expect(projector.locator(".agenda-clock__item")).to_have_text(NEXT_ITEM, timeout=5_000)
    assert AgendaItem.objects.get(meeting=meeting, position=0).ended_at is not None
    # Another device takes the move back: after its poll, the keeper's button names the item
    # running now, so the first click moves on instead of being refused as out of date.
    clock.undo_next(meeting)
    keeper_main = keeper.get_by_role("main")
    expect(keeper_main.get_by_role("button", name=da("Next item"))).to_be_visible(timeout=8_000)
    keeper_main.get_by_role("button", name=da("Next item")).click()
    expect(keeper_main.locator(".alert-success")).to_be_focused()
    expect(keeper_main.locator(".alert-warning")).to_have_count(0)
    expect(keeper.locator(".agenda-clock__item")).to_have_text(NEXT_ITEM)

    for page in (first, second, keeper, projector):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"

    # After the meeting: end the live mode, merge the two soups, send them and the cake.
    second.get_by_label(da("Your idea")).fill(DUPLICATE)
    second.get_by_role("button", name=da("Post the idea")).click()
    expect(second.locator("li.live-idea", has_text=DUPLICATE)).to_be_visible()
    review_ideas(projector, meeting)


def merge_choices_fit(page) -> bool:
    """Whether every merge select is wide enough for its longest option's text."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".live-review-merge select")].every((select) => {
            const style = getComputedStyle(select);
            const context = document.createElement("canvas").getContext("2d");
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const widest = Math.max(
                ...[...select.options].map((option) => context.measureText(option.text).width)
            );
            const room =
                select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return widest <= room + 0.5;
        })"""
    )


def review_ideas(page, meeting: Meeting) -> None:
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name=da("End the live mode")).click()
    link = da("Review the ideas and send them to the idea catalogue")
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da("The live board's ideas"))
    reports = [axe_report(page, "review page at 1280px")]
    page.set_viewport_size(PHONE)
    assert merge_choices_fit(page), "a merge group's choice is cut off at 375 px"
    page.set_viewport_size({"width": 1280, "height": 800})
    main = page.get_by_role("main")
    # Only ticked ideas go; the two soups share a merge group, the cake goes on its own.
    soup = main.locator("li.live-review-idea", has_text=SOUP)
    soup.get_by_role("combobox").select_option("1")
    soup.get_by_role("checkbox").check()
    duplicate = main.locator("li.live-review-idea", has_text=DUPLICATE)
    duplicate.get_by_role("combobox").select_option("1")
    duplicate.get_by_role("checkbox").check()
    main.locator("li.live-review-idea", has_text=CAKE).get_by_role("checkbox").check()
    main.get_by_role("button", name=da("Send the chosen ideas to the catalogue")).click()
    sent = da_plural(
        "%(count)d idea is in the catalogue now.", "%(count)d ideas are in the catalogue now.", 2
    )
    # The alert, not its copy for screen readers (#announcer, outside main).
    expect(page.get_by_role("main").get_by_text(sent % {"count": 2})).to_be_visible()
    expect(duplicate.get_by_role("link", name=SOUP)).to_be_visible()
    reports.append(axe_report(page, "review page after sending at 1280px"))
    page.set_viewport_size(PHONE)
    reports.append(axe_report(page, "review page at 375px"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found

    page.goto(reverse("idea_list", args=[DEMO_PLAN]))
    with translation.override("da"):
        tables = [gettext("Table %(number)d") % {"number": n} for n in (1, 2)]
        merged = gettext("at %(table)s, %(plus)s × +1") % {"table": ", ".join(tables), "plus": 1}
        cake = gettext("at %(table)s, %(plus)s × +1") % {"table": tables[1], "plus": 0}
    soup_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=SOUP))
    expect(soup_row).to_contain_text(meeting.title)
    expect(soup_row).to_contain_text(merged)
    expect(page.get_by_role("row").filter(has_text=CAKE)).to_contain_text(cake)


def test_without_javascript_the_board_works_by_reload(new_page, demo_plan):
    """No htmx: joining, choosing a table, posting and "+1" are plain forms, and a reload
    shows what others posted meanwhile."""
    meeting = running_meeting()
    session = live_services.start(meeting, User.objects.get(email=COORDINATOR))
    phone = new_page(viewport=PHONE, java_script_enabled=False)
    join(phone, session.code, "Aisha", 0)
    phone.get_by_label(da("Your idea")).fill(SOUP)
    phone.get_by_role("button", name=da("Post the idea")).click()
    soup = phone.locator("li.live-idea", has_text=SOUP)
    expect(soup).to_be_visible()

    # Another table's post arrives; the phone sees it after a reload, not before.
    other = session.tables.all()[1]
    live_services.post_idea(session, None, other, CAKE)
    expect(phone.locator("li.live-idea", has_text=CAKE)).to_have_count(0)
    phone.get_by_role("link", name=da("Update the board")).click()
    cake = phone.locator("li.live-idea", has_text=CAKE)
    expect(cake).to_be_visible()
    cake.get_by_role("button", name="+1").click()
    one = da_plural("%(counter)s +1", "%(counter)s +1", 1) % {"counter": 1}
    expect(phone.locator("li.live-idea", has_text=CAKE).locator(".live-plus-ones")).to_have_text(
        one
    )
