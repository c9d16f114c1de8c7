"""The authorisation matrix (accounts/matrix.py) against the running URL configuration.

Every address and API operation must be in the table, and every entry of the table must
still exist; then each entry is asked for by each visitor, on the real objects of the demo
plan's families network (tests/matrix_world.py), and what the visitor got must be what the
table says. Each request runs in a savepoint that is rolled back, so that a POST leaves the
objects as they were for the next one. All differences are reported at once.
"""

import json
import re
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import caches
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ressourcenet.accounts import matrix
from ressourcenet.accounts.models import ApiToken
from ressourcenet.accounts.tests.matrix_world import build_world
from ressourcenet.api.api import api

API_PREFIX = "/api/v1"
PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(key, route) of every address: its name ("blog:post"), or its route when unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield name, route


def api_operations(names: bool = False) -> dict[str, str]:
    """ "METHOD /path" -> path, for every operation of the API (names: their URL names)."""
    operations = {}
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    operations[f"{method} {path}"] = path
                    if names:
                        operations[f"{api.urls_namespace}:{operation.view_func.__name__}"] = path
    return operations


def site_routes() -> dict[str, str]:
    """name -> route of every address but the API's operations (the API's own document and
    docs page are here), the admin's by its prefix."""
    routes = {}
    operations = api_operations(names=True)
    for name, route in walk():
        if name in operations:
            continue
        if route.startswith(matrix.ADMIN_PREFIX):
            routes.setdefault(matrix.ADMIN_PREFIX, matrix.ADMIN_SAMPLE)
            continue
        routes[name] = route
    return routes


def test_every_address_is_in_the_table_and_every_entry_is_an_address():
    routes = site_routes()
    operations = api_operations()
    unlisted = sorted(set(routes) - set(matrix.PAGES) - set(matrix.EXEMPT))
    unlisted += sorted(set(operations) - set(matrix.API))
    gone = sorted((set(matrix.PAGES) | set(matrix.EXEMPT)) - set(routes))
    gone += sorted(set(matrix.API) - set(operations))
    assert not unlisted, "Addresses without a rule in accounts/matrix.py:\n" + "\n".join(unlisted)
    assert not gone, "Entries in accounts/matrix.py that are no address:\n" + "\n".join(gone)


def placeholders(route: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(route)}


def fill(route: str, values: dict) -> str:
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)


def minimal_body(schema: dict, components: dict):
    """A body with each required field, of the right type: enough to pass the schema, so
    that what answers is the endpoint's permission check."""
    if "$ref" in schema:
        return minimal_body(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            return minimal_body(schema[key][0], components)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {
            name: minimal_body(prop, components)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal_body(schema["items"], components)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2030-01-01"
    if schema.get("format") == "date-time":
        return "2030-01-01T10:00:00+01:00"
    if schema.get("format") == "email":
        return "matrix@example.org"
    return "Matrix"


def api_requests(world) -> dict[str, tuple[dict, dict | None]]:
    """ "METHOD /path" -> (query, body): the plan of the world's network where an operation
    takes one, each other required query parameter, and a body that fits the schema."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    requests = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            query = {}
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                name = parameter["name"]
                if name == "plan":
                    by_id = "integer" in json.dumps(parameter["schema"])
                    query[name] = world.plan.pk if by_id else world.plan.slug
                elif name == "network":
                    query[name] = world.network.pk
                elif parameter.get("required"):
                    query[name] = minimal_body(parameter["schema"], components)
            body = operation.get("requestBody")
            if body:
                body = minimal_body(body["content"]["application/json"]["schema"], components)
                if isinstance(body, dict) and "network" in body:
                    # The world's network, not id 1: PostgreSQL's ids run on across tests.
                    body["network"] = world.network.pk
            requests[f"{method.upper()} {path.removeprefix(API_PREFIX)}"] = (query, body)
    return requests


def outcome(response, method: str, is_api: bool) -> str:
    status = response.status_code
    if status == 401 and is_api:
        return matrix.LOGIN
    if status in (301, 302):
        target = response["Location"]
        if target.startswith((reverse("login"), reverse("admin:login"))):
            return matrix.LOGIN
        if method not in WRITE_METHODS:
            if target == reverse("home"):
                return matrix.HOME
            return matrix.REDIRECT
    if status == 403:
        return matrix.FORBIDDEN
    if status == 404:
        return matrix.NOT_FOUND
    if status == 405 or status >= 500:
        return str(status)
    if method in WRITE_METHODS:
        # Past the permission check: done, sent on, or refused for what was sent.
        return (
            matrix.ALLOW if status in (200, 201, 204, 302, 303, 400, 409, 410, 422) else str(status)
        )
    return matrix.ALLOW if status == 200 else str(status)


def leaks(response, contact: tuple[str, ...]) -> bool:
    """Whether a page or answer shows the e-mail address or phone number of the invitee,
    a member of the network without a login."""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return False
    content = response.content.decode()
    return any(value and value in content for value in contact)


def close(response) -> None:
    """Close the answer (a file's answer holds the file open), but not the database
    connection, which closing an answer also does outside the test client."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


class AuthorisationMatrixTests(TestCase):
    @classmethod
    def setUpClass(cls):
        # The demo's photos and the cover made here go to a directory of this test's own.
        cls.media = tempfile.TemporaryDirectory()
        cls.enterClassContext(cls.media)
        cls.enterClassContext(override_settings(MEDIA_ROOT=Path(cls.media.name)))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def clients(self) -> dict[str, Client]:
        clients = {}
        for visitor in matrix.VISITORS:
            user = self.world.users[visitor]
            client = Client()
            if user is not None:
                client.force_login(user)
            clients[visitor] = client
        return clients

    def cases(self):
        """(key, visitor, method, url, body, is_api) for every entry and visitor."""
        routes = site_routes()
        operations = api_operations()
        requests = api_requests(self.world)
        world = self.world
        for key, entry in matrix.PAGES.items():
            for visitor in matrix.VISITORS:
                values = world.values(key)
                token = world.tokens.get(key)
                if token is not None:  # the invitee's own link; a tampered one for the rest
                    values["token"] = token if visitor == "invitee" else token[:-2] + "xx"
                url = "/" + fill(routes[key], values)
                if key in world.queries:
                    url += "?" + urlencode(world.queries[key])
                yield key, visitor, entry.method, url, None, False
        for key in matrix.API:
            method = key.split(" ", 1)[0]
            values = world.values(key)
            query, body = requests[key]
            body = world.bodies.get(key, body)
            url = API_PREFIX + fill(operations[key], values)
            if query:
                url += "?" + urlencode(query)
            for visitor in matrix.VISITORS:
                yield key, visitor, method, url, body, True

    def test_every_visitor_gets_what_the_table_says(self):
        clients = self.clients()
        sessions = {
            visitor: client.cookies.output(header="") for visitor, client in clients.items()
        }
        cache = caches["default"]
        tokens = {
            visitor: ApiToken.objects.create_for(user)[1]
            for visitor, user in self.world.users.items()
            if user is not None
        }
        person = self.world.invitee
        contact = (person.email, person.phone)
        started = time.monotonic()
        wrong = []
        count = 0
        for key, visitor, method, url, body, is_api in self.cases():
            count += 1
            entry = matrix.API[key] if is_api else matrix.PAGES[key]
            expected = entry.expected(visitor)
            headers = {}
            if is_api:
                client = Client()
                if visitor in tokens:
                    headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[visitor]}"
            else:
                # Only the login's session: no cookie of an earlier answer (a live board's
                # participant), and a logout does not log out the next request.
                client = clients[visitor]
                client.cookies = SimpleCookie(sessions[visitor])
            if method in WRITE_METHODS:
                # Throttles count writes (blog comments, live codes): each starts afresh.
                # Pages stay cached across visitors, as on the site, so that a cache that
                # served one visitor's page to another would show here.
                cache.clear()
            savepoint = transaction.savepoint()
            try:
                if body is None:
                    response = client.generic(method, url, **headers)
                else:
                    response = client.generic(
                        method, url, json.dumps(body), "application/json", **headers
                    )
            finally:
                transaction.savepoint_rollback(savepoint)
            got = outcome(response, method, is_api)
            if leaks(response, contact) and visitor not in matrix.SEE_CONTACT_DETAILS:
                wrong.append(f"{key} ({method} {url}) as {visitor}: shows the contact details")
            close(response)
            if got != expected:
                wrong.append(f"{key} ({method} {url}) as {visitor}: expected {expected}, got {got}")
        elapsed = time.monotonic() - started
        print(f"\nAuthorisation matrix: {count} requests in {elapsed:.1f} s")
        assert not wrong, (
            f"{len(wrong)} of {count} answers differ from accounts/matrix.py:\n" + "\n".join(wrong)
        )

    def test_an_object_asked_for_under_another_plan_is_not_found(self):
        """Every page of one object (a meeting, an idea, a person …) answers 404 when its
        address names another plan, even to an administrator: a plan's pages show only the
        plan's objects. Organisations are shared by the plans and not checked here."""
        admin = self.clients()["admin"]
        routes = site_routes()
        plan_wide = {"plan_slug", "network_slug", "organisation_id"}
        found = []
        for key, entry in matrix.PAGES.items():
            names = placeholders(routes[key])
            if "plan_slug" not in names or not names - plan_wide:
                continue
            values = {**self.world.values(key), "plan_slug": self.world.foreign_plan.slug}
            url = "/" + fill(routes[key], values)
            savepoint = transaction.savepoint()
            try:
                response = admin.generic(entry.method, url)
            finally:
                transaction.savepoint_rollback(savepoint)
            if response.status_code != 404:
                found.append(f"{key} ({entry.method} {url}): {response.status_code}")
        assert not found, "Objects shown under another plan:\n" + "\n".join(found)

    def test_every_visitor_with_a_login_opens_and_edits_their_own_person(self):
        routes = site_routes()
        refused = []
        for visitor, client in self.clients().items():
            user = self.world.users[visitor]
            if user is None:
                continue
            plan = self.world.foreign_plan if visitor == "foreign_coordinator" else self.world.plan
            values = {"plan_slug": plan.slug, "person_id": user.person.pk}
            for key in matrix.OWN_PERSON:
                response = client.get("/" + fill(routes[key], values))
                if response.status_code != 200:
                    refused.append(f"{key} as {visitor}: {response.status_code}")
        assert not refused, "Refused their own person:\n" + "\n".join(refused)
