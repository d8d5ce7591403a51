"""Backups that restore: the whole database to one file and back, while the app keeps serving.

SQLite is copied with its online backup API (a consistent snapshot even while a forum is voting); PostgreSQL
with `pg_dump --format=custom` (one consistent snapshot) and `pg_restore --clean --single-transaction`, so a
restore that fails half-way changes nothing. A restore replaces everything in the database: stop the app
processes first (their caches would otherwise still hold the newer state), then start them again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why and what to do."""


def backup_suffix() -> str:
    return ".pgdump" if connection.vendor == "postgresql" else ".sqlite3"


def database_backup(*, out: Path) -> Path:
    """Write a consistent copy of the whole database to `out` (a new file) and return its path."""
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new file name.")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(partial)
        elif connection.vendor == "postgresql":
            _pg_run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}")
        else:
            raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    out.chmod(0o600)  # the database holds confidential case information
    return out


def database_restore(*, source: Path) -> None:
    """Replace the whole database with the backup in `source` (made by `database_backup` on the same engine)."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    with source.open("rb") as f:
        head = f.read(16)
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup (this installation uses SQLite).")
        _sqlite_restore(source)
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{source} is not a pg_dump backup (this installation uses PostgreSQL).")
        connection.close()
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        )
    else:
        raise BackupError(f"Restoring a {connection.vendor} database is not supported.")


def _sqlite_backup(out: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _pg_run(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: postgresql-client).")
    settings: dict[str, Any] = connection.settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[var] = str(settings[key])
    database = ["--dbname", str(settings["NAME"])]
    done = subprocess.run([program, *args, *database], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
