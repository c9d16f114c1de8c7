"""The production profile: passes Django's deploy checks, refuses to run without a
secret key, and refuses demo users."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ressourcenet.accounts.checks import no_demo_users_in_production
from ressourcenet.accounts.demo_guard import refuse_demo_users_in_production
from ressourcenet.conftest import make_user


def run_ressourcenet(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DEMO_MODE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; a deploy error
        }
    }
    environment.update(
        RESSOURCENET_ENV="production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        RESSOURCENET_VAR_DIR=str(tmp_path / "var"),
        REDIS_URL="redis://127.0.0.1:6379/0",  # only named: `check` does not connect
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ressourcenet", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run_ressourcenet(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="example.dk",
        EMAIL_URL="smtp://smtp.example.dk:587",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_without_a_secret_key_does_not_start(tmp_path):
    result = run_ressourcenet("check", tmp_path=tmp_path, ALLOWED_HOSTS="example.dk")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_does_not_start(tmp_path):
    result = run_ressourcenet("check", tmp_path=tmp_path, SECRET_KEY=secrets.token_urlsafe(60))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("missing", ["EMAIL_URL", "REDIS_URL"])
def test_production_without_a_mail_server_or_redis_does_not_start(tmp_path, missing):
    """Without EMAIL_URL the e-mails, personal links and all, would be printed to the log;
    without REDIS_URL each process would count the comment limit alone, in its memory."""
    needed = {"EMAIL_URL": "smtp://smtp.example.dk:587", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    result = run_ressourcenet(
        "check",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="example.dk",
        **{**needed, missing: ""},
    )

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_to_start_with_demo_users(settings, db):
    settings.PRODUCTION = True
    make_user("admin@example.dk", is_demo=True)

    with pytest.raises(ImproperlyConfigured):
        refuse_demo_users_in_production()


def test_production_starts_without_demo_users(settings, db):
    settings.PRODUCTION = True
    make_user("rigtig@example.dk")

    refuse_demo_users_in_production()


def test_development_allows_demo_users(settings, db):
    settings.PRODUCTION = False
    make_user("admin@example.dk", is_demo=True)

    refuse_demo_users_in_production()


def test_deploy_check_reports_demo_users_in_production(settings, db):
    settings.PRODUCTION = True
    make_user("admin@example.dk", is_demo=True)

    (error,) = no_demo_users_in_production(None, databases=["default"])

    assert error.id == "ressourcenet.E001"
    assert no_demo_users_in_production(None, databases=None) == []
    settings.PRODUCTION = False
    assert no_demo_users_in_production(None, databases=["default"]) == []
