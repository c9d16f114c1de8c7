"""`ressourcenet backup` and `restore`: the demo's data survives a round trip through a
wiped database, table by table, on the database the tests run on (SQLite or PostgreSQL).

The commands act on the active connection, so here on the test database: these tests
need real commits (`transaction=True`), since pg_dump and pg_restore are other sessions.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ressourcenet.accounts.models import User
from ressourcenet.blog.models import Comment
from ressourcenet.knowledge import search
from ressourcenet.knowledge.models import Idea, SearchEntry
from ressourcenet.meetings.models import Meeting
from ressourcenet.ops.backup import table_rows
from ressourcenet.plans.demo import load_demo
from ressourcenet.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)


def table_checksums() -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows (in a fixed order)."""
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(_plain(value) for value in row)) for row in cursor)
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def wipe_database() -> None:
    """Empty every table, Django's bookkeeping and the search index included."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            return
        cursor.execute("PRAGMA table_list")
        # An FTS5 table's shadow tables empty with it; they are not written to directly.
        emptied = [row[1] for row in cursor.fetchall() if row[2] in ("table", "virtual")]
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in emptied:
            if not table.startswith("sqlite_"):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        cursor.execute("PRAGMA foreign_keys = ON")


def fts_shadow_rows() -> dict[str, int]:
    """The rows SQLite's full-text index keeps for itself when it is empty (none on PG)."""
    if connection.vendor != "sqlite":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_list")
        shadows = [row[1] for row in cursor.fetchall() if row[2] == "shadow"]
    return {table: rows for table, rows in table_rows().items() if table in shadows and rows}


def found(q: str) -> list[str]:
    return [entry.url for entry in search.find(AnonymousUser(), q)[:20]]


@pytest.fixture
def demo() -> Plan:
    plan = load_demo()
    # What the round trip must carry: every kind of thing the demo makes.
    assert plan.networks.exists()
    assert Meeting.objects.exists() and Idea.objects.exists()
    assert Comment.objects.exists() and SearchEntry.objects.exists()
    return plan


def test_a_wiped_database_comes_back_whole_from_its_backup(demo, tmp_path):
    before = table_checksums()
    found_before = found("lektiecaféen")
    file = tmp_path / "ressourcenet.backup"

    written = call_command("backup", file)
    wipe_database()
    assert {table: rows for table, rows in table_rows().items() if rows} == fts_shadow_rows()
    assert found("lektiecaféen") == []
    restored = call_command("restore", file, "--yes")

    assert table_checksums() == before
    assert found_before and found("lektiecaféen") == found_before
    assert sum(count for count, _digest in before.values()) > 1000
    assert f"{len(before)} tables" in written and f"{len(before)} tables" in restored
    assert "Uploaded files are not in" in written
    assert "Uploaded files are not in the backup" in restored
    # The active database, the test database here, not the one DATABASE_URL names.
    assert f"Database {connection.settings_dict['NAME']} restored" in restored
    # The sequences came back too: new rows do not collide with restored ones.
    User.objects.create_user("ny@example.dk")


def test_the_backup_file_says_which_database_made_it(network, tmp_path):
    file = tmp_path / "ressourcenet.backup"
    call_command("backup", file)

    start = file.read_bytes()[:16]
    if connection.vendor == "sqlite":
        assert start == b"SQLite format 3\x00"
        assert not (tmp_path / "ressourcenet.backup-wal").exists()
    else:
        assert start.startswith(b"PGDMP")
    assert [path.name for path in tmp_path.iterdir()] == ["ressourcenet.backup"]


@pytest.fixture
def outdated_backup(network, tmp_path) -> Path:
    """A backup that the database no longer matches: a network was deleted since."""
    file = tmp_path / "ressourcenet.backup"
    call_command("backup", file)
    network.delete()
    return file


def test_a_restore_without_yes_changes_nothing(outdated_backup):
    before = table_checksums()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", outdated_backup)

    assert table_checksums() == before


def test_the_command_exits_non_zero_without_yes(tmp_path):
    file = tmp_path / "ressourcenet.backup"
    file.write_bytes(b"anything")
    environment = {**os.environ, "PYTHONWARNINGS": "ignore"}

    answer = subprocess.run(
        [sys.executable, "-m", "ressourcenet", "restore", str(file)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )

    assert answer.returncode != 0
    assert "--yes" in answer.stderr and "Nothing was changed" in answer.stderr


def test_a_backup_of_the_other_kind_of_database_is_refused(network, tmp_path):
    other = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        expected = "backup of a PostgreSQL database, and this database is SQLite"
    else:
        _sqlite_file_with_django_tables(other)
        expected = "backup of a SQLite database, and this database is PostgreSQL"
    before = table_checksums()

    with pytest.raises(CommandError, match=expected):
        call_command("restore", other, "--yes")

    assert table_checksums() == before


def _sqlite_file_with_django_tables(path: Path) -> None:
    made = sqlite3.connect(path)
    made.execute("CREATE TABLE django_migrations (id integer primary key, app text)")
    made.commit()
    made.close()


@pytest.mark.parametrize("content", [b"", b"not a backup at all", b"\x00" * 4096])
def test_a_file_that_is_no_backup_is_refused(network, tmp_path, content):
    file = tmp_path / "random.backup"
    file.write_bytes(content)
    before = table_checksums()

    with pytest.raises(CommandError, match="not a Ressourcenet backup"):
        call_command("restore", file, "--yes")

    assert table_checksums() == before


def test_a_damaged_backup_is_refused_and_the_database_stays_as_it_was(outdated_backup):
    content = outdated_backup.read_bytes()
    outdated_backup.write_bytes(content[: len(content) // 2])
    before = table_checksums()

    with pytest.raises(CommandError, match="damaged|failed"):
        call_command("restore", outdated_backup, "--yes")

    assert table_checksums() == before


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", tmp_path / "gone.backup", "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", tmp_path / "no" / "such" / "folder.backup")


def test_sqlite_refuses_to_overwrite_the_database_itself(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    live = Path(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="the database itself"):
        call_command("backup", live)
    with pytest.raises(CommandError, match="the database itself"):
        call_command("restore", live, "--yes")


def test_another_sqlite_database_is_refused(network, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    other = tmp_path / "other.sqlite3"
    made = sqlite3.connect(other)
    made.execute("CREATE TABLE notes (id integer primary key, text text)")
    made.commit()
    made.close()
    before = table_checksums()

    with pytest.raises(CommandError, match="a SQLite database, but not a Ressourcenet backup"):
        call_command("restore", other, "--yes")

    assert table_checksums() == before


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def fake_tool(folder: Path, name: str, version: str) -> None:
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    tool.chmod(0o755)


def test_a_missing_pg_dump_is_named(postgresql, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match="pg_dump was not found"):
        call_command("backup", tmp_path / "ressourcenet.backup")


def test_a_pg_dump_older_than_the_server_is_refused(postgresql, tmp_path, monkeypatch):
    fake_tool(tmp_path, "pg_dump", "9.6.24")
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match="pg_dump is version 9 and the server"):
        call_command("backup", tmp_path / "ressourcenet.backup")
    assert not (tmp_path / "ressourcenet.backup").exists()


def test_the_password_goes_through_the_environment(postgresql, tmp_path, monkeypatch):
    """A pg_dump that records its arguments and PGPASSWORD: the password is never an argument."""
    seen = tmp_path / "seen"
    tool = tmp_path / "pg_dump"
    tool.write_text(
        "#!/bin/sh\n"
        "if [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 99.0'; exit 0; fi\n"
        f'echo "$@" > {seen}; echo "$PGPASSWORD $PGDATABASE" >> {seen}; exit 1\n'
    )
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-word")

    with pytest.raises(CommandError, match="pg_dump failed"):
        call_command("backup", tmp_path / "ressourcenet.backup")

    arguments, environment = seen.read_text().splitlines()
    assert "s3cret-word" not in arguments
    assert environment == f"s3cret-word {connection.settings_dict['NAME']}"


def test_a_restore_that_fails_half_way_changes_nothing_on_postgresql(postgresql, outdated_backup):
    """pg_restore runs in one transaction: here it fails when it drops a table that a view
    (say, one someone made for reports) depends on, after it dropped other things."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW report_networks AS SELECT * FROM networks_network")
    before = table_checksums()

    try:
        with pytest.raises(CommandError, match="(?s)pg_restore failed.*report_networks"):
            call_command("restore", outdated_backup, "--yes")
        assert table_checksums() == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP VIEW report_networks")


def test_media_goes_into_a_tar_beside_the_backup_and_comes_back(network, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "blog" / "photos" / "anna.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a photo")
    file = tmp_path / "ressourcenet.backup"

    written = call_command("backup", file, "--media")
    photo.unlink()
    restored = call_command("restore", file, "--yes", "--media")

    assert photo.read_bytes() == b"\xff\xd8 a photo"
    assert f"Uploaded files (1) written to {file}.media.tar" in written
    assert "Uploaded files (1) put back" in restored


def test_restoring_media_from_a_backup_without_them_is_refused_first(outdated_backup):
    before = table_checksums()

    with pytest.raises(CommandError, match="media.tar does not exist. Nothing was changed"):
        call_command("restore", outdated_backup, "--yes", "--media")

    assert table_checksums() == before
