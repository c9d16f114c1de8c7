"""The planning page in steps: after each action the message or the error is where the eye
is. It has the focus, it is on the screen, and a screen reader hears the confirmation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    DEMO_NETWORK,
    assert_same_page,
    axe_report,
    da,
    log_in,
    mark_page,
    watch_for_problems,
)
from ressourcenet.e2e.test_meeting_flow import add_agenda_item, label
from ressourcenet.meetings.models import Meeting
from ressourcenet.networks.models import Network

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 800}}

# What has the focus, and whether the reader can see it without scrolling.
FOCUSED = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const form = element.closest("form");
  const firstField = form && form.querySelector("input:not([type=hidden]), select, textarea");
  return {
    text: element.innerText.replace(/\\s+/g, " ").trim(),
    focusHere: element.hasAttribute("data-focus-here"),
    inView: box.top >= 0 && box.top < window.innerHeight && box.height > 0,
    form: form ? form.className : null,
    beforeTheFields: Boolean(firstField) &&
      Boolean(element.compareDocumentPosition(firstField) & Node.DOCUMENT_POSITION_FOLLOWING),
    section: element.closest("section") ? element.closest("section").id : null,
  };
}"""


@pytest.fixture
def meeting(demo_plan) -> Meeting:
    """A meeting of the demo coordinator's network three weeks ahead, with nothing planned."""
    starts = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
    starts += timedelta(days=21)
    return Meeting.objects.create(
        network=Network.objects.get(plan=demo_plan, slug=DEMO_NETWORK),
        title="Trygge overgange",
        why="Vi skal gå derfra med en fælles plan for trygge overgange.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )


# Every text the lasting live region is given, from now on.
RECORD_ANNOUNCEMENTS = """() => {
  window.__announced = [];
  const region = document.getElementById("announcer");
  new MutationObserver(() => region.textContent && window.__announced.push(region.textContent))
    .observe(region, {childList: true, characterData: true, subtree: true});
}"""


def step_path(meeting: Meeting, step: str = "") -> str:
    return f"/plans/{meeting.network.plan.slug}/meetings/{meeting.pk}/plan/{step}"


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def assert_confirmation_has_the_focus(page: Page, text: str) -> None:
    """The confirmation is focused, on screen and read out through the lasting live region."""
    expect(page.locator("#announcer")).to_have_text(text)
    expect(page.locator("[data-focus-here]").first).to_be_focused()
    now = focused(page)
    assert now["focusHere"] and now["text"] == text, now
    assert now["inView"], f"the confirmation is off the screen: {now}"


def assert_error_summary_has_the_focus(page: Page, form_class: str) -> None:
    """The form's error summary, at the top of that form, is focused and on screen."""
    # The swapped-in form is on the page a moment before it settles and takes the focus.
    expect(page.locator(f"form.{form_class} [data-focus-here]")).to_be_focused()
    now = focused(page)
    assert now["focusHere"] and now["text"], now
    assert form_class in (now["form"] or "").split() and now["beforeTheFields"], now
    assert now["inView"], f"the error summary is off the screen: {now}"


def test_an_added_agenda_item_is_confirmed_where_the_eye_is_on_a_phone(new_page, meeting):
    page = new_page(**PHONE)
    problems = watch_for_problems(page)
    log_in(page, COORDINATOR)
    problems.clear()  # Chromium's own request for /favicon.ico is a 404
    page.goto(step_path(meeting, "agenda/"))
    mark_page(page)
    page.evaluate(RECORD_ANNOUNCEMENTS)
    summary = page.locator("#design-summary")
    expect(summary).to_be_visible()
    score_before = summary.inner_text()

    add_agenda_item(page, "workshop", "Hvordan gør vi overgangen tryg?", 45)

    added = da("“%(title)s” is added to the agenda.") % {"title": "Hvordan gør vi overgangen tryg?"}
    assert_confirmation_has_the_focus(page, added)
    # Once, although the design check and the bar are swapped in beside the agenda.
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__announced") == [added]
    # The bar at the top follows the check below, which is out of sight on a phone.
    expect(summary).not_to_have_text(score_before)
    expect(summary.locator("strong")).to_have_text(page.locator(".design-score").inner_text())
    assert_same_page(page)
    assert not problems, "\n".join(problems)

    # A second item without a title or minutes: the form's error summary takes the focus.
    form = page.locator("form.agenda-add")
    form.get_by_label(label("kind")).select_option("talk")
    form.get_by_role("button", name=da("Add to the agenda")).click()
    expect(form.get_by_role("alert")).to_be_visible()
    assert_error_summary_has_the_focus(page, "agenda-add")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Hvordan gør vi overgangen tryg?"
    ]
    assert_same_page(page)


def test_without_htmx_an_added_agenda_item_and_an_error_are_still_where_the_eye_is(
    new_page, meeting
):
    page = new_page(**WIDE)
    log_in(page, COORDINATOR)
    # A browser where htmx did not load: the forms are sent the plain way, page by page.
    page.route("**/htmx.min.js", lambda route: route.abort())
    page.goto(step_path(meeting, "agenda/"))
    form = page.locator("form.agenda-add")
    form.get_by_label(label("kind")).select_option("food")
    form.get_by_label(label("title")).fill("Vi spiser sammen")
    form.get_by_label(label("minutes")).fill("20")

    form.get_by_role("button", name=da("Add to the agenda")).click()

    # Back at the top of the step, where the confirmation is.
    page.wait_for_url(f"**{step_path(meeting, 'agenda/')}#main-content")
    assert_confirmation_has_the_focus(
        page, da("“%(title)s” is added to the agenda.") % {"title": "Vi spiser sammen"}
    )
    expect(page.locator("#agenda tbody tr")).to_have_count(1)

    form.get_by_label(label("title")).fill("Et punkt for meget")
    form.get_by_label(label("minutes")).fill("500")
    form.get_by_role("button", name=da("Add to the agenda")).click()

    expect(form.get_by_role("alert")).to_be_visible()
    assert_error_summary_has_the_focus(page, "agenda-add")
    expect(form.get_by_label(label("title"))).to_have_value("Et punkt for meget")
    assert meeting.agenda_items.count() == 1


def test_a_given_role_is_confirmed_where_the_eye_is_and_an_error_too(new_page, meeting):
    page = new_page(**PHONE)
    problems = watch_for_problems(page)
    log_in(page, COORDINATOR)
    problems.clear()
    page.goto(step_path(meeting, "roles/"))
    mark_page(page)
    roles = page.locator("#roles")
    expect(page.locator("#design-check [data-code='roles']")).to_have_attribute(
        "data-status", "fail"
    )

    form = roles.locator("form.role-add")
    form.get_by_label(label("person"), exact=True).select_option(label="Jamal Haddad")
    form.get_by_label(label("role"), exact=True).select_option("table_host")
    form.get_by_role("button", name=da("Give the role")).click()

    expect(roles.locator("li")).to_have_count(1)
    table_host = da("Table host")
    with_role = da("%(name)s has the role “%(role)s”.") % {
        "name": "Jamal Haddad",
        "role": table_host,
    }
    assert_confirmation_has_the_focus(page, with_role)
    expect(page.locator("#design-check [data-code='roles']")).not_to_have_attribute(
        "data-status", "fail"
    )
    expect(page.locator("#design-summary strong")).to_have_text(
        page.locator(".design-score").inner_text()
    )
    assert list(meeting.roles.values_list("person__name", "role")) == [
        ("Jamal Haddad", "table_host")
    ]
    assert not problems, "\n".join(problems)

    # "Other" without saying what: the error summary takes the focus, the choices stay.
    form.get_by_label(label("person"), exact=True).select_option(label="Jamal Haddad")
    form.get_by_label(label("role"), exact=True).select_option("other")
    form.get_by_role("button", name=da("Give the role")).click()
    expect(form.get_by_role("alert")).to_be_visible()
    assert_error_summary_has_the_focus(page, "role-add")
    expect(form.get_by_label(label("role"), exact=True)).to_have_value("other")

    # Taking the role away again: its button is gone, the confirmation has the focus.
    roles.get_by_role("button", name=f"{da('Remove')} Jamal Haddad: {table_host}").click()
    expect(roles.locator("li")).to_have_count(0)
    assert_confirmation_has_the_focus(
        page,
        da("%(name)s no longer has the role “%(role)s”.")
        % {"name": "Jamal Haddad", "role": table_host},
    )
    assert not meeting.roles.exists()
    assert_same_page(page)


def test_a_failed_guest_invitation_puts_the_error_on_the_screen_of_a_phone(new_page, meeting):
    page = new_page(**PHONE)
    log_in(page, COORDINATOR)
    page.goto(step_path(meeting, "invitations/"))
    guest_form = page.locator("form.guest-invite")
    guest_form.get_by_label(da("Name")).fill("Ingrid Vestergaard")
    guest_form.get_by_label(da("E-mail")).fill("ingrid.vestergaard@")
    guest_form.get_by_label(da("Organisation")).fill("Albertslund Idrætsforening")

    guest_form.get_by_role("button", name=da("Invite the guest")).click()

    expect(guest_form.get_by_role("alert")).to_be_visible()
    assert_error_summary_has_the_focus(page, "guest-invite")
    expect(guest_form.get_by_label(da("Name"))).to_have_value("Ingrid Vestergaard")
    expect(guest_form.get_by_label(da("E-mail"))).to_have_value("ingrid.vestergaard@")
    assert not meeting.invitations.exists()


# Where the design check's bar is, and the focused element, within the window.
BAR_AND_FOCUS = """() => {
  const bar = document.getElementById("design-summary").getBoundingClientRect();
  const focus = document.activeElement.getBoundingClientRect();
  return {barTop: bar.top, barBottom: bar.bottom, focusTop: focus.top,
          height: window.innerHeight, scrolled: window.scrollY,
          barInPage: bar.top + window.scrollY};
}"""


def test_the_design_check_bar_stays_at_the_top_of_a_phone_and_covers_nothing(new_page, meeting):
    page = new_page(bypass_csp=True, **PHONE)
    log_in(page, COORDINATOR)
    page.goto(step_path(meeting, "agenda/"))
    at_first = page.evaluate(BAR_AND_FOCUS)

    # Down to the form under the agenda, far below where the bar began.
    form = page.locator("form.agenda-add")
    form.get_by_role("button", name=da("Add to the agenda")).scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)
    now = page.evaluate(BAR_AND_FOCUS)
    assert now["scrolled"] > at_first["barInPage"] + 200, now
    assert now["barTop"] >= 0 and now["barBottom"] <= now["height"], now
    assert not axe_report(page, "planning step on a phone, scrolled down")

    # After an htmx action the confirmation takes the focus below the bar, not under it.
    add_agenda_item(page, "workshop", "Hvordan gør vi overgangen tryg?", 45)
    expect(page.locator("[data-focus-here]").first).to_be_focused()
    page.wait_for_timeout(300)
    now = page.evaluate(BAR_AND_FOCUS)
    assert now["barTop"] >= 0 and now["barBottom"] <= now["height"], now
    assert now["focusTop"] >= now["barBottom"], now

    # And so does a field reached with the Tab key while it lies under the bar.
    title = form.get_by_label(label("title"))
    form.get_by_label(label("minutes")).evaluate("field => field.focus({preventScroll: true})")
    title.evaluate("field => window.scrollTo(0, field.getBoundingClientRect().top + scrollY - 10)")
    page.keyboard.press("Shift+Tab")
    expect(title).to_be_focused()
    now = page.evaluate(BAR_AND_FOCUS)
    assert now["focusTop"] >= now["barBottom"], now
