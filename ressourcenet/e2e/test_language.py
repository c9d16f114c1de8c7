"""The language button in the header switches the site to English and back."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import NETWORK_PAGE, da

pytestmark = pytest.mark.e2e


def test_language_button_switches_the_page_to_english_and_back(page):
    page.goto(NETWORK_PAGE)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", name=da("Who is at the table"))).to_be_visible()

    page.get_by_role("button", name="English").click()

    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Who is at the table")).to_be_visible()
    assert page.url.endswith(NETWORK_PAGE), "the switch should stay on the same page"
    # The choice sticks on the next page too, whatever the browser asks for.
    page.goto("/")
    expect(html).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Dansk").click()
    expect(html).to_have_attribute("lang", "da")
