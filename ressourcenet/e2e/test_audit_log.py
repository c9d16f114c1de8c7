"""The audit log page in a browser: an administrator finds it in the menu, filters it, and
it passes axe at 1280 and at 375 px without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from ressourcenet.audit.context import acting
from ressourcenet.e2e.helpers import (
    ADMIN,
    assert_accessible,
    assert_no_sideways_scrolling,
    axe_report,
    da,
    log_in,
)
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e

URL = "/administration/log/"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
# A long name without spaces: the table must wrap it on a phone, not widen the page.
LONG_NAME = "Kristoffer-Valdemar Sørensen-Bjerregaard-Lindholm-Østergaard"


@pytest.fixture
def changed_person(demo_plan) -> Person:
    person = Person.objects.filter(user__isnull=True).order_by("pk").first()
    with acting("Anna Administrator"):
        person.name = LONG_NAME
        person.save()
    return person


def as_administrator(new_page, screen: dict):
    """A page at the screen's size, logged in as the demo's administrator; its width."""
    page = new_page(bypass_csp=True, **screen)
    log_in(page, ADMIN)
    return page, screen["viewport"]["width"]


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_the_administrator_finds_filters_and_reads_the_log(new_page, changed_person, screen):
    page, width = as_administrator(new_page, screen)
    page.goto("/")
    menu = page.get_by_role("navigation", name=da("Main menu"))
    more = menu.locator(".more-button")  # DKFDS folds the menu's last links in on a phone
    if more.is_visible():
        more.click()
    menu.get_by_role("link", name=da("Audit log")).click()
    page.wait_for_url(f"**{URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text(da("Audit log"))
    table = page.get_by_role("table")
    expect(table).to_contain_text(LONG_NAME)
    assert_accessible(page, f"the audit log at {width} px")
    assert_no_sideways_scrolling(page)

    page.get_by_label(da("Who")).fill("anna administrator")  # part of a name, any case
    page.get_by_label(da("Action")).select_option("change")
    page.get_by_role("main").get_by_role("button", name=da("Show")).click()
    page.wait_for_url("**action=change**")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)  # the one change
    expect(rows.first).to_contain_text(LONG_NAME)
    expect(rows.first).to_contain_text("→")
    assert_no_sideways_scrolling(page)

    # A date that does not exist: a message by the field, the rest of the page as before.
    page.goto(f"{URL}?date_from=2026-02-30&action=change")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_date_from_error")).to_be_visible()
    assert_accessible(page, f"the audit log with an error at {width} px")
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_the_admin_sites_audit_log_list_passes_axe(new_page, changed_person, screen):
    """Django's own list of the log (read-only) passes axe too."""
    page, width = as_administrator(new_page, screen)
    page.goto("/admin/audit/auditentry/")
    expect(page.locator("#result_list")).to_be_visible()
    report = axe_report(page, f"the admin's audit log list at {width} px")
    assert not report, report
