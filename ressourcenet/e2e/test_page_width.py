"""No page scrolls sideways on a 375 px phone: a crawl of the site as each demo role."""

import re
from urllib.parse import urlsplit

import pytest

from ressourcenet.e2e.helpers import (
    ADMIN,
    BOARD_MEMBER,
    COORDINATOR,
    DEMO_PLAN,
    EDITOR,
    MEMBER,
    NETWORK_PAGE,
    PEOPLE_PAGE,
    log_in,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
ROLES = {
    "anonymous": None,
    "member": MEMBER,
    "coordinator": COORDINATOR,
    "board_member": BOARD_MEMBER,
    "editor": EDITOR,
    "administrator": ADMIN,
}
# Enough to reach every kind of page from the front page; a person page stands for all.
MAX_PAGES = 30
# Not pages of the site: the admin, the API, files, and links that change the session.
SKIP = re.compile(r"^/(admin|api)/|\.ics$|/logout|/feed|/calendar")

WIDTHS = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((element) => !element.closest(".sr-only, [hidden]"))
    .slice(0, 3)
    .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  return [root.scrollWidth, root.clientWidth, wide];
}"""
# The planning page's four steps, which the coordinator's crawl must reach.
PLANNING_STEPS = {
    f"/plans/{DEMO_PLAN}/meetings/N/plan/{step}"
    for step in ("", "agenda/", "roles/", "invitations/")
}
LINKS = "() => [...document.querySelectorAll('a[href]')].map((link) => link.href)"


def kind_of(path: str) -> str:
    """Pages of one kind share an address but for their numbers: /people/12/ ~ /people/7/."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def crawl(page, origin: str, starts: list[str]) -> dict[str, tuple[int, int, list[str]]]:
    queue, seen, widths = list(starts), set(), {}
    while queue and len(widths) < MAX_PAGES:
        path = queue.pop(0)
        if kind_of(path) in seen:
            continue
        seen.add(kind_of(path))
        response = page.goto(path)
        if response is None or response.status >= 400 or urlsplit(page.url).path != path:
            continue  # refused, or sent elsewhere (the login page): checked from its own link
        widths[path] = page.evaluate(WIDTHS)
        for href in page.evaluate(LINKS):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" == origin and not SKIP.search(link.path):
                queue.append(link.path)
    return widths


@pytest.mark.parametrize("email", ROLES.values(), ids=ROLES.keys())
def test_no_page_is_wider_than_a_375px_phone(new_page, live_server, email):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, email)

    widths = crawl(page, live_server.url, ["/", NETWORK_PAGE, PEOPLE_PAGE])

    assert len(widths) >= 3
    if email == COORDINATOR:
        assert {kind_of(path) for path in widths} >= PLANNING_STEPS
    too_wide = {
        path: f"{scroll}px wide on a {client}px screen: {wide}"
        for path, (scroll, client, wide) in widths.items()
        if scroll > client
    }
    assert too_wide == {}
