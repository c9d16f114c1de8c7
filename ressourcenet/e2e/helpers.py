"""What the browser tests share: addresses in the demo, logging in, and axe-core."""

from django.conf import settings
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

AXE_PATH = settings.NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DEMO_PLAN = "albertslund-2017-2020"
DEMO_NETWORK = "familier-forebyggelse"
FRONT_PAGE = "/"
NETWORK_PAGE = f"/plans/{DEMO_PLAN}/networks/{DEMO_NETWORK}/"
PEOPLE_PAGE = f"/plans/{DEMO_PLAN}/people/"
PERSON_CREATE_PAGE = f"/plans/{DEMO_PLAN}/people/new/"
MEMBER_ADD_PAGE = f"{NETWORK_PAGE}members/add/"
LOGIN_PAGE = "/accounts/login/"
# The demo's coming meeting whose time an open poll is still finding.
DEMO_POLL_MEETING = "Sådan når vi de familier, vi ikke ser"

ADMIN = "admin@example.dk"
COORDINATOR = "koordinator@example.dk"
MEMBER = "medlem@example.dk"
BOARD_MEMBER = "bestyrelse@example.dk"
EDITOR = "redaktoer@example.dk"


def da(text: str) -> str:
    """The Danish UI text for an English source string, as the pages show it."""
    with translation.override("da"):
        return translation.gettext(text)


def da_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("da"):
        return translation.ngettext(singular, plural, count)


def log_in(page: Page, email: str | None) -> None:
    """Log in through the real form, as a person would; None stays anonymous."""
    if email is None:
        return
    page.goto(LOGIN_PAGE)
    page.get_by_label(da("E-mail")).fill(email)
    page.get_by_label(da("Password")).fill(settings.DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=da("Log in")).click()
    expect(page.get_by_role("button", name=da("Log out"))).to_be_visible()


# Installed before any page script runs; Chromium reports each blocked resource here.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_for_problems(page: Page) -> list[str]:
    """A list that fills with the page's console errors, script errors and failed responses.

    Also records CSP violations on every page load; read them with csp_violations().
    """
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return problems


def csp_violations(page: Page) -> list[str]:
    """What the site's Content Security Policy blocked since the page was loaded."""
    return page.evaluate("() => window.__cspViolations")


def mark_page(page: Page) -> None:
    """Leave a mark in the loaded document; a full page load wipes it out."""
    page.evaluate("() => { window.__samePage = true; }")


def assert_same_page(page: Page) -> None:
    assert page.evaluate("() => window.__samePage === true"), "the browser loaded a new page"


def assert_in_view(page: Page, element: Locator) -> None:
    """The whole element lies between the top and the bottom of the window."""
    box = element.bounding_box()
    height = page.evaluate("() => window.innerHeight")
    assert box is not None, "the element is not shown"
    top, bottom = box["y"], box["y"] + box["height"]
    assert top >= 0 and bottom <= height, f"the element spans {top:.0f}–{bottom:.0f} px of {height}"


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules on the page as it is now.

    Injecting axe needs a context made with bypass_csp=True: the site forbids inline script.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def axe_report(page: Page, where: str = "") -> str:
    """'' when axe finds nothing; otherwise one line per violation and failing node."""
    return describe_violations(where or page.url, axe_violations(page))


def assert_accessible(page: Page, where: str = "") -> None:
    report = axe_report(page, where)
    assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def assert_no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]}px wide on a {widths[1]}px screen"
