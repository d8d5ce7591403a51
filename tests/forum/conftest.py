from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from config.env import test_worker_index
from spcp.forum import services
from spcp.forum.models import Forum, Participant
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase

ROOT = Path(__file__).resolve().parents[2]
SPCP = Path(sys.executable).with_name("spcp")


@dataclass
class Room:
    """A forum in the forum phase with a law-enforcement sector and three community sectors."""

    forum: Forum
    police: Sector
    sectors: list[Sector]
    people: list[Participant] = field(default_factory=list)

    def join(self, sector: Sector, language: str = "en", name: str = "") -> Participant:
        # As at the desk: staff issue a ticket for the person's sector, and their phone joins with it.
        (ticket,) = services.tickets_issue(forum=self.forum, sector=sector, count=1, actor=None)
        result = services.participant_join(
            forum=self.forum, join_token=uuid.uuid4(), ticket=ticket, language=language, display_name=name
        )
        self.people.append(result.participant)
        return result.participant

    def fill(self, per_sector: dict[int, int]) -> None:
        for sector in self.all_sectors:
            for _ in range(per_sector.get(sector.pk, 0)):
                self.join(sector)

    @property
    def all_sectors(self) -> list[Sector]:
        return [self.police, *self.sectors]


@pytest.fixture
def room(program) -> Room:
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    sectors = [
        Sector.objects.create(program=program, name=name, kind=Side.COMMUNITY, order=i)
        for i, name in enumerate(["Faith", "Youth", "New Americans"], start=2)
    ]
    forum = services.forum_setup(program=program)
    return Room(forum=forum, police=police, sectors=sectors)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_postgres(url: str) -> str:
    import psycopg

    name = f"spcp_live_{test_worker_index()}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def live_servers(tmp_path):
    """Start real `spcp serve` processes on a fresh database set up by live_setup.py in the given mode.

    Two processes when SPCP_REDIS_URL is set (they share Redis and the database), else one. Returns
    (hosts, facts printed by the set-up)."""
    procs: list[subprocess.Popen] = []

    def start(mode: str) -> tuple[list[str], dict]:
        return _start(tmp_path, mode, procs)

    yield start
    for proc in procs:
        proc.terminate()
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


def _start(tmp_path, mode: str, procs: list) -> tuple[list[str], dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPCP_DATABASE", "DJANGO_SETTINGS"))}
    env.update(SPCP_DATA_DIR=str(tmp_path / "data"), SPCP_CHANNEL_PREFIX=f"live{uuid.uuid4().hex[:8]}")
    if os.environ.get("SPCP_DATABASE_URL", "").startswith("postgres"):
        env["SPCP_DATABASE_URL"] = _fresh_postgres(os.environ["SPCP_DATABASE_URL"])
    count = 2 if env.get("SPCP_REDIS_URL") else 1
    subprocess.run([str(SPCP), "setup"], env=env, check=True, capture_output=True, timeout=600)
    made = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "forum" / "live_setup.py"), mode],
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    facts = json.loads(made.stdout)
    ports = [_free_port() for _ in range(count)]
    for port in ports:
        procs.append(
            subprocess.Popen(
                [str(SPCP), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
    deadline = time.monotonic() + 180  # generous: the machine may be busy (load average 4 and more)
    for port in ports:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("a server did not start")
                time.sleep(0.2)
    return [f"127.0.0.1:{port}" for port in ports], facts
