"""The docs page in Chromium: Swagger UI runs under the site's CSP and calls only the site.

Only a browser shows a CSP violation, so this one test drives a real page.
"""

from urllib.parse import urlsplit

import pytest

# Collects what the CSP blocks; injected by Playwright, so not itself subject to the CSP.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

pytestmark = pytest.mark.e2e

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def page(new_page):
    page = new_page()
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page


def test_swagger_ui_works_under_the_csp_and_calls_only_the_site(page, live_server):
    origins: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/api/v1/docs")
    page.locator("#operations-system-ressourcenet_api_api_health").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    response_body = page.locator(".live-responses-table .microlight").first
    assert '"status": "ok"' in response_body.inner_text()
    # Every operation in the schema is on the page (the API grows; the page must keep up).
    schema = page.request.get("/api/v1/openapi.json").json()
    operations = sum(method in HTTP_METHODS for path in schema["paths"].values() for method in path)
    assert operations >= 8
    assert page.locator(".opblock").count() == operations
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    assert origins == {urlsplit(live_server.url).netloc}
