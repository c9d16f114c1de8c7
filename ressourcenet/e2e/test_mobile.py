"""On a phone-sized screen the header stays usable without the DKFDS drawer."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    MEMBER,
    NETWORK_PAGE,
    PEOPLE_PAGE,
    assert_no_sideways_scrolling,
    da,
    log_in,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def test_main_menu_and_header_work_on_a_375px_screen(new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, MEMBER)
    page.goto("/")

    links = page.get_by_role("navigation", name=da("Main menu")).get_by_role("link")
    assert links.count() >= 3
    for link in links.all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
    expect(page.get_by_role("button", name=da("Log out"))).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    assert_no_sideways_scrolling(page)

    # The person's name, their API tokens and "Log out" sit on one line, not three.
    header = page.get_by_role("banner")
    user_items = [
        header.locator(".username"),
        header.get_by_role("link", name=da("API tokens")),
        header.get_by_role("button", name=da("Log out")),
    ]
    boxes = [item.bounding_box() for item in user_items]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 10, f"the user's header items are on lines {middles}"

    people_link = links.filter(has_text=da("People"))
    people_link.tap()
    page.wait_for_url(f"**{PEOPLE_PAGE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(da("People"))
    expect(people_link).to_have_attribute("aria-current", "page")
    assert_no_sideways_scrolling(page)

    page.goto(NETWORK_PAGE)
    assert_no_sideways_scrolling(page)


def test_a_new_api_token_fits_on_a_375px_screen(new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, MEMBER)
    page.goto("/accounts/tokens/")
    page.get_by_role("main").get_by_role("button", name=da("Make token")).click()

    secret = page.locator(".api-token-secret")
    expect(secret).to_contain_text("rn_")
    box = secret.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], "the token runs off the screen"
    assert_no_sideways_scrolling(page)
