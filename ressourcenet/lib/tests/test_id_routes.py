"""Every address with an id in it answers 404, never 500, for an id no database holds."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404

from ressourcenet.lib.bounds import ID_MAX
from ressourcenet.lib.converters import IdConverter

TOO_LARGE = 10**20


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            converters = {**getattr(pattern.pattern, "converters", {})}
            yield route, converters


def _id_routes() -> list[str]:
    """Routes with a number in them, however the number is matched."""
    routes = []
    for route, converters in _routes(get_resolver().url_patterns):
        if any(isinstance(c, IntConverter | IdConverter) for c in converters.values()):
            routes.append(route)
    return routes


def _address(route: str, number: int) -> str:
    def fill(match: re.Match) -> str:
        kind = match.group(1)
        return str(number) if kind in {"int", "id"} else {"slug": "testby"}.get(kind, "up")

    return "/" + re.sub(r"<(\w+):\w+>", fill, route)


ID_ROUTES = _id_routes()


def test_the_walk_finds_the_routes_with_ids():
    assert "plans/<slug:plan_slug>/meetings/<id:meeting_id>/poll/people/<id:person_id>/" in (
        ID_ROUTES
    )
    assert len(ID_ROUTES) > 30


@pytest.mark.parametrize("route", ID_ROUTES)
def test_an_id_too_large_for_the_database_matches_no_page(route):
    with pytest.raises(Resolver404):
        resolve(_address(route, TOO_LARGE))


@pytest.mark.parametrize("route", ID_ROUTES)
def test_the_largest_id_the_database_holds_still_matches(route):
    assert resolve(_address(route, ID_MAX)).route == route


@pytest.mark.parametrize("route", ID_ROUTES)
def test_an_id_too_large_answers_404_for_get_and_post(route, plan, admin_user, login):
    client = login(admin_user)
    address = _address(route, TOO_LARGE)

    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404


@pytest.mark.parametrize("number", ["0", str(ID_MAX + 1), str(TOO_LARGE)])
def test_the_converter_refuses_numbers_outside_the_ids(number):
    with pytest.raises(ValueError):
        IdConverter().to_python(number)
