"""GET /api/v1/health: for monitors, without a token."""

import pytest
from django.db import connection
from django.test import Client

URL = "/api/v1/health"


def test_health_answers_ok_and_the_database_vendor(db):
    response = Client().get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_health_names_a_database_the_project_supports(db):
    assert Client().get(URL).json()["database"] in {"sqlite", "postgresql"}


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
