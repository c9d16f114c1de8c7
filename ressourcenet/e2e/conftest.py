"""Browser fixtures: one Chromium per session, a fresh context per test, the demo loaded.

Chromium comes from the system (Debian's package), never from `playwright install`.
Without it the browser tests are skipped, unless E2E_REQUIRED=1 makes that a failure.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ressourcenet.e2e.helpers import AXE_PATH
from ressourcenet.plans.demo import load_demo
from ressourcenet.plans.models import Plan

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still
# used synchronously there (fixtures, assertions), which is safe in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip with the reason (shown by -ra), or fail when E2E_REQUIRED=1."""
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"E2E_REQUIRED=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM_PATH.exists():
        _unavailable(f"no Chromium at {CHROMIUM_PATH} (set CHROMIUM_PATH)")
    if not AXE_PATH.exists():
        _unavailable(f"no axe-core at {AXE_PATH} (run npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_plan(live_server) -> Plan:
    """The demo, in the database the live server reads (live_server brings transactional_db)."""
    return load_demo()


@pytest.fixture
def new_page(browser, live_server, demo_plan) -> Iterator[Callable]:
    """new_page(bypass_csp=False, **context_options) -> a page in a fresh browser context.

    Contexts ask for Danish, the site's first language, and are closed after the test.
    """
    contexts = []

    def _new_page(bypass_csp: bool = False, **options):
        options.setdefault("locale", "da-DK")
        context = browser.new_context(base_url=live_server.url, bypass_csp=bypass_csp, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page under the site's real Content Security Policy."""
    return new_page()


@pytest.fixture
def axe_page(new_page):
    """A page that lets axe-core in: the site's CSP forbids inline script."""
    return new_page(bypass_csp=True)
