"""The floor view: the benchmarks' yardstick, a page through the middleware and nothing more.

These tests have no database (no `db` fixture): a query, or the transaction that
ATOMIC_REQUESTS opens around other views, would fail them."""

import os
import subprocess
import sys

FLOOR = "/_floor/"


def test_floor_answers_ok_in_plain_text_without_the_database(client):
    response = client.get(FLOOR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"


def test_floor_passes_through_the_same_middleware_as_every_page(client):
    response = client.get(FLOOR)
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "da"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_floor_sets_no_cookie(client):
    assert client.get(FLOOR).cookies == {}


def test_floor_answers_head_and_refuses_post(client):
    assert client.head(FLOOR).status_code == 200
    assert client.post(FLOOR).status_code == 405


def test_floor_is_there_in_the_production_profile(tmp_path):
    """The load test runs the production profile: the floor must answer there too."""
    environment = {
        **os.environ,
        "RESSOURCENET_ENV": "production",
        "RESSOURCENET_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "floor-test-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        # Required in production; the floor never asks it.
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "SECURE_SSL_REDIRECT": "0",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    script = (
        "import os, django;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'ressourcenet.settings';"
        "django.setup();"
        "from django.test import Client;"
        f"r = Client().get('{FLOOR}', secure=True);"
        "print(r.status_code, r.content.decode().strip(), r['Strict-Transport-Security'] != '')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "ok", "True"]
