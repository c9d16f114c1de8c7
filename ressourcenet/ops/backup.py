"""The whole database in one file, and back: what `ressourcenet backup` and `restore` do.

SQLite: the file is itself a SQLite database, written with SQLite's online backup API
(safe while the site runs: a consistent copy, writers are not stopped) and read back
with the same API into the open database, in one transaction. PostgreSQL: the file is
`pg_dump --format=custom`, read back with `pg_restore --clean --if-exists --no-owner
--single-transaction`, so that a restore that fails changes nothing. The connection goes
to the tools through PG* environment variables; the password never appears on a command
line.

The first bytes of either file say which database made it ("SQLite format 3", "PGDMP"),
so a restore refuses the other kind, and either file can be read with the database's own
tools. Both commands act on the active database (`connection.settings_dict`), which in
the tests is the test database. Uploaded files (MEDIA_ROOT) are not in the database; on
request they go to a tar file beside the backup (`media_archive`).
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRESQL_MAGIC = b"PGDMP"
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# The libpq environment variable for each connection option that may be set in OPTIONS.
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}
TOC_TABLE_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) ", re.MULTILINE)


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Summary:
    kind: str  # "sqlite" or "postgresql"
    tables: int
    rows: int
    size: int  # bytes of the backup file
    seconds: float

    def describe(self) -> str:
        return (
            f"{KIND_NAMES[self.kind]}, {self.tables} tables, {self.rows:,} rows, "
            f"{self.size:,} bytes, {self.seconds:.2f} seconds"
        )


def file_kind(path: Path) -> str | None:
    """The kind of database that made the backup file: "sqlite", "postgresql" or None."""
    with open(path, "rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    if start == SQLITE_MAGIC:
        return "sqlite"
    if start.startswith(POSTGRESQL_MAGIC):
        return "postgresql"
    return None


def backup(path: Path, connection: BaseDatabaseWrapper = default_connection) -> Summary:
    """Write the whole database to `path` (replaced only once the new file is complete)."""
    path = Path(path)
    kind = _kind_of(connection)
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    if kind == "sqlite" and _is_live_file(path, connection):
        raise BackupError(f"{path} is the database itself; choose another file.")
    started = time.monotonic()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if kind == "sqlite":
            counts = _backup_sqlite(partial, connection)
        else:
            counts = _backup_postgresql(partial, connection)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return _summary(kind, path, started, counts)


def restore(path: Path, connection: BaseDatabaseWrapper = default_connection) -> Summary:
    """Replace the database's content with the backup in `path`, then check it."""
    path = Path(path)
    kind = _kind_of(connection)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    made_by = file_kind(path)
    if made_by is None:
        raise BackupError(
            f"{path} is not a Ressourcenet backup: neither a SQLite database nor a pg_dump archive."
        )
    if made_by != kind:
        raise BackupError(
            f"{path} is a backup of a {KIND_NAMES[made_by]} database, and this database is "
            f"{KIND_NAMES[kind]}. Restore it into a {KIND_NAMES[made_by]} database; to move "
            "the data between the two, use dumpdata and loaddata."
        )
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    started = time.monotonic()
    if kind == "sqlite":
        if _is_live_file(path, connection):
            raise BackupError(f"{path} is the database itself, not a backup of it.")
        _restore_sqlite(path, connection)
    else:
        _restore_postgresql(path, connection)
    return _summary(kind, path, started, table_rows(connection))


def _summary(kind: str, path: Path, started: float, counts: dict[str, int]) -> Summary:
    size = path.stat().st_size
    return Summary(kind, len(counts), sum(counts.values()), size, time.monotonic() - started)


def table_rows(connection: BaseDatabaseWrapper = default_connection) -> dict[str, int]:
    """Every table of the database (the search index's own tables included) and its rows."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {table: _count(cursor, connection.ops.quote_name(table)) for table in tables}


def _count(cursor, quoted_table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {quoted_table}")  # noqa: S608 - a quoted table name
    return cursor.fetchone()[0]


def _kind_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in KIND_NAMES:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _is_live_file(path: Path, connection: BaseDatabaseWrapper) -> bool:
    name = str(connection.settings_dict["NAME"])
    return path.exists() and Path(name).exists() and path.samefile(name)


def media_archive(path: Path) -> Path:
    """The tar file of the uploaded files that goes with the backup in `path`."""
    path = Path(path)
    return path.with_name(path.name + ".media.tar")


def backup_media(path: Path, media_root: Path) -> int:
    """Put every file under `media_root` in the tar file beside `path`; how many files."""
    archive = media_archive(path)
    partial = archive.with_name(archive.name + ".partial")
    files = [file for file in sorted(Path(media_root).rglob("*")) if file.is_file()]
    try:
        with tarfile.open(partial, "w") as tar:
            for file in files:
                tar.add(file, arcname=str(file.relative_to(media_root)))
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)


def restore_media(path: Path, media_root: Path) -> int:
    """Put the files of the tar file beside `path` back under `media_root` (files that
    are not in it stay); how many files."""
    archive = media_archive(path)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist: the backup was made without --media.")
    try:
        with tarfile.open(archive) as tar:
            members = [member for member in tar.getmembers() if member.isfile()]
            Path(media_root).mkdir(parents=True, exist_ok=True)
            tar.extractall(media_root, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            f"The uploaded files could not be restored from {archive}: {error}"
        ) from error
    return len(members)


# SQLite


def _backup_sqlite(target_path: Path, connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Copy the database to `target_path`; the rows of each table in the copy."""
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
        # One self-contained file: a copy of a WAL database would otherwise be opened in
        # WAL mode too, with -wal and -shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        return _sqlite_rows(target)
    finally:
        target.close()


def _restore_sqlite(path: Path, connection: BaseDatabaseWrapper) -> None:
    source = _open_sqlite_backup(path)
    try:
        expected = _sqlite_rows(source)
        connection.ensure_connection()
        # One transaction on the live database: other connections see the old content
        # or the new, never a mixture.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"The restore from {path} failed: {error}") from error
    finally:
        source.close()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA quick_check")
        check = cursor.fetchone()[0]
    if check != "ok" or table_rows(connection) != expected:
        raise BackupError(f"The database differs from {path} after the restore: {check}.")


def _open_sqlite_backup(path: Path) -> sqlite3.Connection:
    """The backup, read-only, once SQLite finds it whole and made by Django."""
    source = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{path} is damaged: {check}")
        found = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not found:
            raise BackupError(f"{path} is a SQLite database, but not a Ressourcenet backup.")
    except sqlite3.Error as error:
        source.close()
        raise BackupError(f"{path} is damaged: {error}") from error
    except BackupError:
        source.close()
        raise
    return source


def _sqlite_rows(source: sqlite3.Connection) -> dict[str, int]:
    """What `table_rows` gives for the live database, for the backup file."""
    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND NOT name = 'sqlite_sequence' ORDER BY name"
        )
    ]
    quoted = {table: '"' + table.replace('"', '""') + '"' for table in tables}
    cursor = source.cursor()
    return {table: _count(cursor, quoted[table]) for table in tables}


# PostgreSQL


def _backup_postgresql(target_path: Path, connection: BaseDatabaseWrapper) -> dict[str, int]:
    pg_dump = _tool("pg_dump")
    connection.ensure_connection()
    server = connection.pg_version // 10000
    tool = _major_version(pg_dump)
    if tool < server:
        raise BackupError(
            f"pg_dump is version {tool} and the server {server}: pg_dump cannot back up a "
            f"newer server. Install the PostgreSQL {server} client tools."
        )
    _run([pg_dump, "--format=custom", "--file", str(target_path)], connection)
    # Counted in the live database just after the dump: the site may have written since.
    return table_rows(connection)


def _restore_postgresql(path: Path, connection: BaseDatabaseWrapper) -> None:
    pg_restore = _tool("pg_restore")
    # The table of contents first: a file that is not a whole archive stops here.
    contents = _run([pg_restore, "--list", str(path)], connection)
    tables = {name for _schema, name in TOC_TABLE_DATA.findall(contents)}
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a pg_dump archive, but not a Ressourcenet backup.")
    restore = [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*restore, "--dbname", connection.settings_dict["NAME"], str(path)], connection)
    missing = tables - set(table_rows(connection))
    if missing:
        raise BackupError(f"Tables missing after the restore: {', '.join(sorted(missing))}.")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client tools of the server's "
            "version (on Debian: apt-get install postgresql-client)."
        )
    return found


def _major_version(tool: str) -> int:
    """15 for "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    answer = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\(PostgreSQL\) (\d+)", answer.stdout)
    if not found:
        raise BackupError(f"Could not tell the version of {tool}: {answer.stdout.strip()}")
    return int(found[1])


def _run(command: list[str], connection: BaseDatabaseWrapper) -> str:
    answer = subprocess.run(
        command,
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        errors="replace",  # the server's messages quote the archive's (damaged) bytes
        check=False,
    )
    if answer.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {answer.stderr.strip()}")
    return answer.stdout


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The connection as libpq reads it from the environment, password included."""
    settings = connection.settings_dict
    values = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
    }
    options = settings.get("OPTIONS", {})
    values.update({variable: options.get(key) for key, variable in PG_OPTION_VARIABLES.items()})
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}
