"""The administrators' export and erase pages: axe finds nothing at 1280 and 375 px, no
sideways scroll, the unticked confirmation shows its error, and the erasure goes through."""

import pytest
from playwright.sync_api import expect

from ressourcenet.audit.models import ERASED
from ressourcenet.e2e.helpers import ADMIN, DEMO_PLAN, assert_accessible, da, log_in
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def someone() -> Person:
    """A demo person without a login, in the plan's networks."""
    return (
        Person.objects.filter(user=None, memberships__network__plan__slug=DEMO_PLAN)
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_export_and_erase_pages_pass_axe_and_fit(new_page, size):
    page = new_page(bypass_csp=True, viewport=size)
    log_in(page, ADMIN)
    person = someone()
    base = f"/plans/{DEMO_PLAN}/people/{person.pk}"
    page.goto(f"{base}/")
    page.get_by_role("link", name=da("Export the data")).click()
    expect(page.get_by_role("link", name=da("Download the data (JSON)"))).to_be_visible()
    assert_accessible(page, "export page")
    assert not page.evaluate(SIDEWAYS)
    page.goto(f"{base}/erase/")
    assert_accessible(page, "erase page")
    assert not page.evaluate(SIDEWAYS)
    page.get_by_role("button", name=da("Erase the person")).click()  # not ticked
    expect(page.locator("#id_confirmed-error")).to_be_visible()
    assert_accessible(page, "erase page with its error")
    assert not page.evaluate(SIDEWAYS)


def test_an_administrator_erases_a_person(new_page):
    page = new_page()
    log_in(page, ADMIN)
    person = someone()
    page.goto(f"/plans/{DEMO_PLAN}/people/{person.pk}/erase/")
    page.get_by_label(da("I understand that the person is erased for good")).check()
    page.get_by_role("button", name=da("Erase the person")).click()
    expect(page.get_by_role("main").get_by_text(da("The person was erased."))).to_be_visible()
    assert Person.objects.get(pk=person.pk).name == ERASED
