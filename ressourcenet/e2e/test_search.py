"""The search box in a browser: typed in the header, the results follow the typing on
the search page (htmx) with the count read out; no axe-core violations, and a search page
that fits a 375 px phone."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    MEMBER,
    assert_accessible,
    assert_same_page,
    da,
    da_plural,
    log_in,
    mark_page,
)
from ressourcenet.knowledge import search

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def count_text(count: int) -> str:
    return da_plural("%(counter)s result.", "%(counter)s results.", count) % {"counter": count}


def expected(user, q: str) -> int:
    return len(search.find(user, q))


def test_search_from_the_header_then_as_you_type(axe_page, demo_plan):
    from ressourcenet.accounts.models import User

    page = axe_page
    log_in(page, MEMBER)
    member = User.objects.get(email=MEMBER)
    page.goto(demo_plan.get_absolute_url())

    # The header's box is a plain form: it opens the search page.
    header = page.locator("header")
    header.get_by_label(da("Search the site")).fill("beboer")
    header.get_by_role("button", name=da("Search")).click()
    page.wait_for_url("**/search/?q=beboer")
    results = page.locator("#search-results .search-result")
    found = expected(member, "beboer")
    assert found > 1
    expect(results).to_have_count(min(found, 25))
    # Other forms of the word are found and marked.
    marks = page.locator("#search-results mark")
    expect(marks.first).to_be_visible()
    forms = {text.casefold() for text in marks.all_inner_texts()}
    assert forms - {"beboer"}, forms
    assert_accessible(page, "search page")

    # As you type: the results change in place, and the count is read out.
    mark_page(page)
    box = page.get_by_role("main").get_by_label(da("Search for"))
    box.fill("fællesspisning")
    found = expected(member, "fællesspisning")
    expect(page.locator("#announcer")).to_have_text(count_text(found))
    expect(results).to_have_count(min(found, 25))
    expect(box).to_be_focused()
    page.wait_for_url("**/search/?q=f%C3%A6llesspisning**")
    assert_same_page(page)
    assert_accessible(page, "search page after typing")

    box.fill("cykelbanen på månen")
    expect(page.locator("#announcer")).to_have_text(count_text(0))
    expect(
        page.get_by_text(da("Nothing matches. Try another word, or fewer filters."))
    ).to_be_visible()


def test_the_search_page_fits_a_375px_phone(new_page, demo_plan):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, MEMBER)
    page.goto("/search/?q=beboer")
    expect(page.locator("#search-results .search-result").first).to_be_visible()
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"the search page is {scroll}px wide on a {client}px screen"
