"""Under the site's strict Content Security Policy, DKFDS and htmx load and run cleanly; and
no key page loads from, posts to or links to another site (but for the public authorities)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from ressourcenet.blog.models import Post
from ressourcenet.e2e.helpers import (
    ADMIN,
    COORDINATOR,
    DEMO_PLAN,
    FRONT_PAGE,
    NETWORK_PAGE,
    PEOPLE_PAGE,
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


# Every address a page names, resolved: what it loads (src, srcset, <link>, <use>, ...),
# where its forms post and where its links lead. mailto: and tel: open no connection.
ADDRESSES = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const name of ["src", "href", "action", "formaction", "poster", "data", "srcset"]) {
      const value = element.getAttribute(name);
      if (!value) continue;
      const urls = name === "srcset"
        ? value.split(",").map((part) => part.trim().split(/\\s+/)[0])
        : [value];
      for (const url of urls) {
        const resolved = new URL(url, document.baseURI);
        if (["mailto:", "tel:"].includes(resolved.protocol)) continue;
        found.push([element.tagName.toLowerCase(), name, resolved.origin, resolved.href]);
      }
    }
  }
  return found;
}"""
# The public authorities the privacy page and the accessibility statement send people to
# (Datatilsynet, Digitaliseringsstyrelsen): plain links, nothing is loaded from them.
AUTHORITIES = {"https://www.datatilsynet.dk", "https://digst.dk"}


def key_pages(email: str | None) -> list[str]:
    post = Post.objects.visible().order_by("-publish_at").first()
    public = ["/", "/blog/", post.get_absolute_url(), reverse("privacy"), reverse("accessibility")]
    if email is None:
        return [*public, "/accounts/login/", f"/plans/{DEMO_PLAN}/experiences/"]
    plan = f"/plans/{DEMO_PLAN}"
    return [
        *public,
        NETWORK_PAGE,
        PEOPLE_PAGE,
        f"{plan}/ideas/",
        f"{plan}/experiences/",
        f"{plan}/cofinancing/",
        f"{plan}/board-meetings/",
        f"{plan}/health/",
        "/search/?q=kaffe",
        reverse("api_tokens"),
        "/plans/",
    ]


@pytest.mark.parametrize("email", [None, ADMIN], ids=["anonymous", "administrator"])
def test_no_key_page_refers_to_another_site(page, live_server, email):
    log_in(page, email)
    origin = live_server.url
    # Canonical links name the configured address (SITE_URL), the site's own.
    own = {origin, settings.SITE_URL}
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    foreign = []

    for path in key_pages(email):
        response = page.goto(path)
        page.wait_for_load_state("load")
        assert response.status == 200, path
        for tag, name, where, url in page.evaluate(ADDRESSES):
            link = tag == "a" and name == "href"
            if where not in own and not (link and where in AUTHORITIES):
                foreign.append(f"{path}: <{tag} {name}={url}>")

    foreign += [f"request: {url}" for url in requested if not url.startswith(origin + "/")]
    assert foreign == []
    assert {urlsplit(url).path for url in requested} >= {"/privatliv/", "/tilgaengelighed/"}
