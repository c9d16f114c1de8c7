"""GET /api/v1/health: for monitors and load balancers, without a token. It answers 200
when the database answers and the cache keeps a key, else 503 naming what failed."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client, override_settings

URL = "/api/v1/health"

# A Redis server no one listens on (port 1): the cache fails at once.
BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def cache_name() -> str:
    return type(caches["default"]).__name__.removesuffix("Cache").lower()


def test_health_answers_ok_with_the_database_and_the_cache(db):
    response = Client().get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"status": "ok", "database": connection.vendor, "cache": cache_name()}


def test_health_names_a_database_and_a_cache_the_project_supports(db):
    answer = Client().get(URL).json()

    assert answer["database"] in {"sqlite", "postgresql"}
    assert answer["cache"] in {"locmem", "redis"}


def test_health_answers_503_naming_the_cache_when_it_keeps_nothing(db):
    with override_settings(CACHES=BROKEN_CACHE):
        response = Client().get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": connection.vendor,
        "cache": "redis",
        "failed": ["cache"],
    }


def test_health_answers_503_when_the_cache_forgets_what_it_was_given(db):
    with mock.patch.object(type(caches["default"]), "get", return_value=None):
        response = Client().get(URL)

    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_health_answers_503_naming_the_database_when_it_is_down(db):
    """Outside the request's transaction, which would need the database first (a 500)."""
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = Client().get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["failed"] == ["database"]


def test_health_names_both_when_both_fail(db):
    with (
        override_settings(CACHES=BROKEN_CACHE),
        mock.patch.object(connection, "cursor", side_effect=OperationalError("down")),
    ):
        response = Client().get(URL)

    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "cache"]


def test_health_asks_the_database_one_question(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert Client().get(URL).status_code == 200


@pytest.mark.parametrize("authorization", ["Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_health_ignores_the_authorization_header(db, authorization):
    """A monitor with a stale token must still see that the site is up."""
    response = Client(headers={"Authorization": authorization}).get(URL)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_health_answers_for_a_logged_in_caller(admin_user, api_client):
    assert api_client(admin_user).get(URL).status_code == 200


def test_health_refuses_post(db):
    assert Client().post(URL).status_code == 405


def test_openapi_documents_the_503(db):
    responses = Client().get("/api/v1/openapi.json").json()["paths"][URL]["get"]["responses"]

    assert {"200", "503"} <= set(responses)
