"""Under the site's strict Content Security Policy, DKFDS and htmx load and run cleanly."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import (
    COORDINATOR,
    FRONT_PAGE,
    NETWORK_PAGE,
    csp_violations,
    da,
    log_in,
    watch_for_problems,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", [FRONT_PAGE, NETWORK_PAGE], ids=["front_page", "network_page"])
def test_page_runs_without_console_errors_or_csp_violations(page, path):
    problems = watch_for_problems(page)
    log_in(page, COORDINATOR)
    problems.clear()  # only the page under test counts

    response = page.goto(path)
    page.wait_for_load_state("load")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("() => typeof window.htmx === 'object'"), "htmx did not load"
    assert page.evaluate("() => typeof window.DKFDS === 'object'"), "DKFDS did not load"
    problems += csp_violations(page)
    assert not problems, "\n".join(problems)
    if path == NETWORK_PAGE:
        # DKFDS.init() (started by site.js) labels table cells for small screens; the
        # actions column has no label in the template, so this shows DKFDS's code ran.
        actions = page.locator(".member-group tbody td:last-child").first
        expect(actions).to_have_attribute("data-title", da("Actions"))
