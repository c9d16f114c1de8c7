"""The database settings: SQLite gets WAL and IMMEDIATE transactions however it is named."""

from pathlib import Path

import pytest
from django.db import connection

from ressourcenet.lib.database import SQLITE_OPTIONS, database_settings, sqlite_test_file

DEFAULT_FILE = Path("/srv/ressourcenet/var/ressourcenet.sqlite3")


def test_the_default_file_gets_wal_and_immediate_transactions():
    config = database_settings("", DEFAULT_FILE)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == DEFAULT_FILE
    assert "PRAGMA journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert config["ATOMIC_REQUESTS"] is True


def test_a_sqlite_database_url_gets_the_same_options_as_the_default_file():
    config = database_settings("sqlite:////tmp/elsewhere.sqlite3", DEFAULT_FILE)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/elsewhere.sqlite3"
    assert config["OPTIONS"] == database_settings("", DEFAULT_FILE)["OPTIONS"] == SQLITE_OPTIONS
    assert config["ATOMIC_REQUESTS"] is True


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/elsewhere.sqlite3"])
def test_sqlite_tests_run_on_a_file_next_to_the_database(url):
    config = database_settings(url, DEFAULT_FILE)

    test_file = Path(config["TEST"]["NAME"])
    assert test_file.parent == Path(config["NAME"]).parent
    assert test_file.name == "test_" + Path(config["NAME"]).name


def test_an_in_memory_database_stays_in_memory():
    assert sqlite_test_file(":memory:") == ""
    assert "TEST" not in database_settings("sqlite://:memory:", DEFAULT_FILE)


def test_postgresql_gets_no_sqlite_options():
    config = database_settings("postgresql://app@db.example:5432/ressourcenet", DEFAULT_FILE)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "ressourcenet"
    assert not config.get("OPTIONS")
    assert "TEST" not in config
    assert config["ATOMIC_REQUESTS"] is True


@pytest.mark.django_db
def test_the_test_database_is_a_file_in_wal_mode_when_it_is_sqlite():
    """What the concurrency tests rely on: separate connections to a real file."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert not connection.is_in_memory_db()
