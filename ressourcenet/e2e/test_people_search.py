"""The person directory filters as you type, through htmx, without loading a new page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    MEMBER,
    PEOPLE_PAGE,
    assert_same_page,
    da,
    log_in,
    mark_page,
)
from ressourcenet.people.models import Person

pytestmark = pytest.mark.e2e


def test_typing_in_the_search_field_updates_the_results_in_place(page, demo_plan):
    job_centre_staff = Person.objects.filter(unit__name="Jobcentret").count()
    assert job_centre_staff >= 1, "the demo should have people from the job centre"
    log_in(page, MEMBER)
    page.goto(PEOPLE_PAGE)
    rows = page.locator("#results tbody tr")
    rows_before = rows.count()
    assert rows_before > job_centre_staff
    mark_page(page)

    page.get_by_label(da("Search by name, organisation or job")).press_sequentially("Jobcentret")

    expect(rows).to_have_count(job_centre_staff)
    for row in rows.all():
        expect(row).to_contain_text("Jobcentret")
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["Jobcentret"])
    assert_same_page(page)
    assert urlsplit(page.url).path == PEOPLE_PAGE
    # The search field itself was not swapped out: the text stays as typed.
    expect(page.get_by_label(da("Search by name, organisation or job"))).to_have_value("Jobcentret")
