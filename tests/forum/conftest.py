from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from spcp.forum import services
from spcp.forum.models import Forum, Participant
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase
from tests import served

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture
def live_servers(prepared_data, tmp_path):
    """Start real `spcp serve` processes on a fresh database set up by live_setup.py in the given mode.

    Two processes when SPCP_REDIS_URL is set (they share Redis and the database), else one. The database is a
    copy of the one prepared for this test run (tests/served.py). Returns (hosts, facts printed by the set-up)."""
    procs: list[subprocess.Popen] = []

    def start(mode: str) -> tuple[list[str], dict]:
        return _start(prepared_data, tmp_path, mode, procs)

    yield start
    served.stop(procs)


def _start(prepared: served.Prepared, tmp_path, mode: str, procs: list) -> tuple[list[str], dict]:
    env = served.process_env(prepared.data_folder(tmp_path / "data"), SPCP_CHANNEL_PREFIX=f"live{uuid.uuid4().hex[:8]}")
    if os.environ.get("SPCP_DATABASE_URL", "").startswith("postgres"):
        env["SPCP_DATABASE_URL"] = prepared.postgres_worker_database(os.environ["SPCP_DATABASE_URL"])
    count = 2 if env.get("SPCP_REDIS_URL") else 1
    made = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "forum" / "live_setup.py"), mode],
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    facts = json.loads(made.stdout)
    ports = [served.free_port() for _ in range(count)]
    for port in ports:
        procs.append(
            subprocess.Popen(
                [str(served.SPCP), "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for port in ports:
        served.wait_until_serving(f"http://127.0.0.1:{port}", procs)
    return [f"127.0.0.1:{port}" for port in ports], facts
