"""The DATABASES entry: PostgreSQL or SQLite from DATABASE_URL, or the default SQLite file.

SQLite gets the same settings however it is named: write-ahead logging, so that readers
never wait for a writer; IMMEDIATE transactions, so that a request takes the write lock
when it starts instead of failing with "database is locked" when it first writes; and a
busy timeout long enough for a queue of writers. The tests get a file database next to
the real one, so that parallel requests in the tests wait for each other as they would
in production (an in-memory test database is one connection shared by every thread).
"""

from pathlib import Path

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,  # seconds a connection waits for the write lock
}


def database_settings(url: str, default_sqlite_file: Path) -> dict:
    """The settings of the default database: from `url` if given, else the SQLite file."""
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        config = {"ENGINE": SQLITE_ENGINE, "NAME": default_sqlite_file}
    config["ATOMIC_REQUESTS"] = True
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        test_file = sqlite_test_file(str(config["NAME"]))
        if test_file:
            config["TEST"] = {**config.get("TEST", {}), "NAME": test_file}
    return config


def sqlite_test_file(name: str) -> str:
    """`/srv/app.sqlite3` -> `/srv/test_app.sqlite3`; "" for an in-memory database."""
    if name in ("", ":memory:") or name.startswith("file:"):
        return ""
    path = Path(name)
    return str(path.with_name(f"test_{path.name}"))
