"""Real `spcp` processes in tests, started from one data folder that `spcp setup` prepares once per test run.

`spcp setup` migrates a database and collects (and compresses) some 2,700 static files: about 100 s of CPU,
several minutes on a busy machine. Every test that starts `spcp` in a process of its own gets a copy of the
prepared folder instead (`Prepared.data_folder`): the migrated SQLite file copied, the static files shared
read-only. On PostgreSQL the prepared database is a template each test copies (`CREATE DATABASE … TEMPLATE`).
tests/test_cli.py still runs `spcp setup` on a fresh folder, as a user does.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from config.env import test_worker_index

SPCP = Path(sys.executable).with_name("spcp")
SQLITE_FILE = "spcp.sqlite3"  # config.env's default database in the data folder
# Generous: on a busy machine (load average 4 and more) a server process takes a while to import and answer.
START_SECONDS = 180
SETUP_SECONDS = 1800
# What configures this test process, not the app a test starts: its database, settings module, the browser
# tests' permission to use the ORM inside an event loop, and a test's own security settings.
_NOT_INHERITED = ("SPCP_DATABASE", "DJANGO_SETTINGS", "DJANGO_ALLOW", "SPCP_TRUSTED", "SPCP_PRODUCTION")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `spcp` process with its own data folder (and SQLite file); Redis is kept when the
    suite runs with it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    return {**env, "SPCP_DATA_DIR": str(data_dir), **extra}


def get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    with _NO_PROXY.open(url, timeout=timeout) as response:
        return response.status, response.read()


def wait_until_serving(base: str, procs: list[subprocess.Popen]) -> None:
    """Poll `base`/healthz until it answers 200; fail if a server process exits or START_SECONDS pass."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        with contextlib.suppress(OSError):
            if get(f"{base}/healthz", timeout=10)[0] == 200:
                return
        exited = [p.returncode for p in procs if p.poll() is not None]
        if exited:
            pytest.fail(f"spcp serve exited with {exited} before {base} answered")
        if time.monotonic() > deadline:
            pytest.fail(f"spcp serve did not answer at {base} within {START_SECONDS} s")
        time.sleep(0.2)


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)


def postgres_url(url: str, name: str) -> str:
    """`url` (the suite's PostgreSQL) naming database `name` instead."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _postgres_admin(url: str, *statements: str) -> None:
    import psycopg

    admin = postgres_url(url, "postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock shared by the pytest-xdist workers of this run (and nothing else)."""
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Prepared:
    """A data folder set up by `spcp setup`, and on PostgreSQL a migrated template database."""

    folder: Path
    postgres_template: str | None

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def data_folder(self, target: Path) -> Path:
        """A data folder of its own at `target`: a copy of the migrated SQLite file, the collected static files
        shared (nothing writes them after set-up), and a secret key of its own made at first start."""
        target.mkdir(parents=True)
        shutil.copy2(self.data_dir / SQLITE_FILE, target / SQLITE_FILE)
        (target / "static").symlink_to(self.data_dir / "static", target_is_directory=True)
        return target

    def postgres_database(self, url: str, name: str) -> str:
        """A new database `name` on the suite's PostgreSQL, copied from the migrated template; its URL."""
        assert self.postgres_template is not None, "prepared without SPCP_DATABASE_URL"
        # One copy at a time: PostgreSQL refuses to copy a template while another session uses it.
        with _locked(self.folder.parent / f"{self.folder.name}.pg.lock"):
            _postgres_admin(
                url,
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                f'CREATE DATABASE "{name}" TEMPLATE "{self.postgres_template}"',
            )
        return postgres_url(url, name)

    def postgres_worker_database(self, url: str) -> str:
        """This pytest-xdist worker's copy of the template (made anew for each test that asks)."""
        return self.postgres_database(url, f"{self.postgres_template}_{test_worker_index()}")


def prepare(folder: Path) -> Prepared:
    """Set up `folder` once per test run, whichever pytest-xdist worker asks first; the others wait for it."""
    marker = folder / "prepared.json"
    with _locked(folder.parent / f"{folder.name}.lock"):
        if not marker.exists():
            shutil.rmtree(folder, ignore_errors=True)
            data_dir = folder / "data"
            _run([str(SPCP), "setup"], process_env(data_dir))
            template = None
            database_url = os.environ.get("SPCP_DATABASE_URL", "")
            if database_url.startswith("postgres"):
                # Named after the suite's own database, so runs against other databases on the server never meet.
                template = f"{urlsplit(database_url).path.lstrip('/') or 'spcp'}_live"
                _postgres_admin(
                    database_url, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)', f'CREATE DATABASE "{template}"'
                )
                env = process_env(data_dir, SPCP_DATABASE_URL=postgres_url(database_url, template))
                _run([str(SPCP), "manage", "migrate", "--no-input", "--verbosity", "0"], env)
            marker.write_text(json.dumps({"postgres_template": template}))
        facts = json.loads(marker.read_text())
    return Prepared(folder=folder, postgres_template=facts["postgres_template"])


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=SETUP_SECONDS)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command[1:])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
