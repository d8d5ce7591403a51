"""Load benchmark of the live forum: N phones join, each holds a websocket, and they vote at a fixed rate.

Run by hand, never in the test suite (see bench/README.md, "Forum load"):

    .venv/bin/python bench/forum_load.py --participants 1000 --rate 300 --duration 30 [--workers 1]
        [--database-url postgres://postgres@127.0.0.1:5432/spcp_bench] [--redis-url redis://127.0.0.1:6379/3]
        [--storm 500] [--votes-over ws|http] [--py-spy profile.txt]

It sets up a fresh data folder and database, creates a forum with voting open and one check-in ticket per
phone (bench/setup_forum.py, in its own process), starts `spcp serve` as a subprocess, and then plays the
phones from this one process: joins over HTTP, each with its ticket as real phones do, one websocket each,
open-loop votes (each on its phone's websocket, or PUT /dots with --votes-over http) with probe votes whose
arrival on every screen is timed, an optional reconnect storm, and finally checks the server's tally against
the ballots the server acknowledged. It prints the results as Markdown and exits with 2 when the tallies
disagree.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime
import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.typing import Origin

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LANGUAGES = ["en", "en", "en", "ko", "es", "vi", "zh-hans"]
RULE_TEXT = "Storm check: a ground rule proposed right after the reconnect storm."

ACK_TIMEOUT = 60.0  # a vote sent on a socket with no ack by then is unanswered (as the HTTP client's timeout)

# The issue's targets (docs: bench/README.md).
TARGET_SUBMIT_P99_MS = 150.0
TARGET_FANOUT_P99_MS = 1000.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the server under test ----------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    env: dict[str, str]
    data_dir: Path
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self, port: int, workers: int) -> None:
        self.log_path = self.data_dir / "server.log"
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
                [PYTHON, "-m", "spcp.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
                + ["--workers", str(workers)],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped together with its workers
            )

    async def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited early:\n{self.log_tail()}")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get("/healthz")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        """The server process and its uvicorn workers (children, found through /proc)."""
        if self.process is None:
            return []
        children: dict[int, list[int]] = collections.defaultdict(list)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    children[ppid].append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group of the server we started, and only it
            self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_errors(self) -> collections.Counter[str]:
        """The exceptions in the server's log: the line that ends each traceback, counted."""
        found: collections.Counter[str] = collections.Counter()
        if self.log_path is None or not self.log_path.exists():
            return found
        in_traceback, last = False, ""
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("Traceback (most recent call last)"):
                in_traceback = True
            elif line.startswith(("The above exception", "During handling")) and last:
                found[last] -= 1  # a chained exception: count only the one that ended the chain
            elif in_traceback and line and not line.startswith((" ", "\t")):
                last = line.strip()[:160]
                found[last] += 1
                in_traceback = False
        found = +found  # drop the zero counts
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reset_postgres(url: str) -> str:
    """Drop and create the benchmark database named in `url` (only a database called spcp_bench*)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("spcp_bench"):
        raise SystemExit(f"refusing to drop database {name!r}: the benchmark database must be named spcp_bench…")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {version[0] if version else '?'}"


def probe_count(args: argparse.Namespace) -> int:
    return math.ceil(args.duration / args.probe_interval / 3) + 1 if args.duration > 0 else 0


def prepare(args: argparse.Namespace, data_dir: Path) -> tuple[dict[str, str], dict[str, Any], str]:
    """Fresh database, migrations, and the forum (each in its own process, so this one stays light)."""
    env = dict(os.environ)
    env.update(
        SPCP_DATA_DIR=str(data_dir),
        SPCP_DEBUG="0",
        SPCP_ALLOWED_HOSTS="127.0.0.1,localhost",
        SPCP_CHANNEL_PREFIX=f"spcpbench{uuid.uuid4().hex[:8]}",  # never mixes with another deployment's events
    )
    env.pop("SPCP_PRODUCTION", None)
    if args.database_url:
        database = reset_postgres(args.database_url)
        env["SPCP_DATABASE_URL"] = args.database_url
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version} (WAL)"
        env.pop("SPCP_DATABASE_URL", None)
    if args.redis_url:
        env["SPCP_REDIS_URL"] = args.redis_url
    else:
        env.pop("SPCP_REDIS_URL", None)
    log("migrating a fresh database")
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "spcp.cli", "setup"], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL
    )
    tickets = args.participants + probe_count(args)
    log(f"creating the forum (7 sectors, 40 issues, voting open, {tickets} check-in tickets)")
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(REPO / "bench" / "setup_forum.py"), str(tickets)],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    forum = json.loads(out.stdout.strip().splitlines()[-1])
    return env, forum, database


# --- the phones ---------------------------------------------------------------------------------------------


@dataclass
class Phone:
    """One participant: its token, its last revision, and the ballot the server last acknowledged."""

    token: str = ""
    revision: int = 0
    acked_revision: int = 0
    acked_dots: dict[int, int] = field(default_factory=dict)
    busy: bool = False
    unknown: list[dict[str, Any]] = field(default_factory=list)  # sent, but the outcome never came back

    def ack(self, body: dict[str, Any]) -> None:
        """Keep the newest stored ballot the server reported (responses may arrive out of order)."""
        if body["revision"] >= self.acked_revision:
            self.acked_revision = body["revision"]
            self.acked_dots = {int(k): int(v) for k, v in body["dots"].items()}


@dataclass
class Screen:
    """One phone's websocket and what it saw, stamped with this process's clock."""

    phone: Phone
    probe_key: str
    ws: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None
    seq: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    probe_count: int = 0
    probe_seen: dict[int, float] = field(default_factory=dict)  # probe count k → first time a tally showed ≥ k
    rules_seen: dict[int, float] = field(default_factory=dict)  # rule id → when its event arrived
    lost: bool = False
    aborting: bool = False
    acks: dict[str, asyncio.Future[tuple[dict[str, Any], float]]] = field(default_factory=dict)  # id → (ack, when)

    async def open(self, url: str, origin: str, seq: int) -> None:
        self.ready = asyncio.Event()
        self.aborting = False
        self.ws = await connect(
            url,
            origin=Origin(origin),
            compression=None,
            ping_interval=None,
            open_timeout=120,
            close_timeout=5,
            max_size=None,
        )
        await self.ws.send(json.dumps({"type": "hello", "seq": seq, "token": self.phone.token}))
        self.reader = asyncio.create_task(self.read(self.ws))

    async def read(self, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                self.on_message(text if isinstance(text, str) else text.decode())
        except (ConnectionClosed, WebSocketException, OSError):
            pass
        if not self.aborting:
            self.lost = True
        self.fail_acks()

    def fail_acks(self) -> None:
        """The socket is gone: every vote still waiting on it is unanswered."""
        acks, self.acks = self.acks, {}
        for waiter in acks.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("socket closed before the ack"))

    def on_message(self, text: str) -> None:
        now = time.perf_counter()
        message = json.loads(text)
        kind = message.get("type")
        if kind == "ack":
            waiter = self.acks.pop(str(message.get("id")), None)
            if waiter is not None and not waiter.done():
                waiter.set_result((message, now))
        elif kind == "tally":
            count = int((message.get("dots") or {}).get(self.probe_key, 0))
            while self.probe_count < count:
                self.probe_count += 1
                self.probe_seen[self.probe_count] = now
        elif kind == "snapshot":
            self.seq = int(message["state"]["seq"])
            self.ready.set()
        elif kind == "events":
            for event in message["events"]:
                self.on_event(event, now)
            self.ready.set()
        elif kind == "event":
            self.on_event(message["event"], now)

    def on_event(self, event: dict[str, Any], now: float) -> None:
        self.seq = max(self.seq, int(event["seq"]))
        if event.get("coll") == "rules" and "id" in event:
            self.rules_seen.setdefault(int(event["id"]), now)

    def abort(self) -> None:
        """Drop the connection without a closing handshake, as a phone losing its network does."""
        self.aborting = True
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None and self.ws.transport is not None:
            self.ws.transport.abort()
        self.fail_acks()

    async def close(self) -> None:
        self.aborting = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()


@dataclass
class VoteStats:
    scheduled: int = 0
    sent: int = 0
    acknowledged: int = 0
    applied: int = 0
    dropped_at_cap: int = 0
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    latency: list[float] = field(default_factory=list)  # send → 200 (or ack)
    latency_from_schedule: list[float] = field(default_factory=list)  # planned send time → 200 (or ack)
    retried_unknown: int = 0
    unresolved: int = 0


class Clients:
    """Many small httpx connection pools, each request going to the least busy one.

    httpcore scans every connection of a pool for each request, so one pool of 200 connections costs this
    process more CPU than the server spends on the request; pools of 8 keep the client light.
    """

    PER_POOL = 8

    def __init__(self, base_url: str, connections: int) -> None:
        count = max(1, math.ceil(connections / self.PER_POOL))
        limits = httpx.Limits(max_connections=self.PER_POOL, max_keepalive_connections=self.PER_POOL)
        self.pools = [httpx.AsyncClient(base_url=base_url, timeout=60.0, limits=limits) for _ in range(count)]
        self.busy = [0] * count

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        i = min(range(len(self.busy)), key=self.busy.__getitem__)
        self.busy[i] += 1
        try:
            return await self.pools[i].request(method, url, **kwargs)
        finally:
            self.busy[i] -= 1

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def aclose(self) -> None:
        await asyncio.gather(*(pool.aclose() for pool in self.pools))


class Load:
    """The client side of the benchmark: every phone and screen, in this one event loop."""

    def __init__(self, args: argparse.Namespace, base_url: str, forum: dict[str, Any]) -> None:
        self.args = args
        self.code: str = forum["code"]
        # One check-in ticket per phone, as the desk hands them out: a phone joins with its ticket's code.
        self.tickets: list[str] = list(forum["tickets"])
        random.Random(args.seed).shuffle(self.tickets)
        issues: list[int] = forum["issues"]
        self.probe_issue = issues[0]  # reserved: only the probe phones put dots on it
        self.voter_issues = issues[1:]
        self.issues = issues
        self.rng = random.Random(args.seed)
        self.phones: list[Phone] = []
        self.probe_phones: list[Phone] = []
        self.screens: list[Screen] = []
        self.votes = VoteStats()
        self.probe_votes = VoteStats()
        self.probe_sent: dict[int, float] = {}
        self.probe_acked: dict[int, float] = {}
        self.inflight = 0
        self.screen_of: dict[int, Screen] = {}  # id(phone) → its screen
        self.http = Clients(base_url, args.inflight + 10)
        port = urlsplit(base_url).port
        self.ws_url = f"ws://127.0.0.1:{port}/ws/forum/{self.code}/"
        self.origin = f"http://127.0.0.1:{port}"

    # joining ------------------------------------------------------------------------------------------------

    async def join(self, phone: Phone, latencies: list[float], errors: collections.Counter[str]) -> None:
        body = {
            "join_token": str(uuid.uuid4()),
            "ticket": self.tickets.pop(),
            "language": self.rng.choice(LANGUAGES),
            "display_name": "",
        }
        for _attempt in range(5):  # the same join token and ticket: a retry is the same participant
            started = time.perf_counter()
            try:
                response = await self.http.post(f"/api/forum/{self.code}/join", json=body)
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] += 1
                continue
            if response.status_code in (200, 201):
                latencies.append(time.perf_counter() - started)
                phone.token = response.json()["token"]
                return
            errors[f"HTTP {response.status_code}"] += 1
        raise RuntimeError(f"a phone could not join: {errors}")

    async def join_all(self, count: int, probes: int) -> dict[str, Any]:
        self.phones = [Phone() for _ in range(count)]
        self.probe_phones = [Phone() for _ in range(probes)]
        latencies: list[float] = []
        errors: collections.Counter[str] = collections.Counter()
        limit = asyncio.Semaphore(self.args.join_concurrency)

        async def one(phone: Phone) -> None:
            async with limit:
                await self.join(phone, latencies, errors)

        started = time.perf_counter()
        await asyncio.gather(*(one(p) for p in self.phones + self.probe_phones))
        return {"seconds": time.perf_counter() - started, "latency": latencies, "errors": errors}

    # screens ------------------------------------------------------------------------------------------------

    async def connect_all(self) -> dict[str, Any]:
        self.screens = [Screen(phone=p, probe_key=str(self.probe_issue)) for p in self.phones]
        self.screen_of = {id(s.phone): s for s in self.screens}
        limit = asyncio.Semaphore(self.args.connect_concurrency)
        failures: collections.Counter[str] = collections.Counter()

        async def one(screen: Screen) -> None:
            async with limit:
                try:
                    await screen.open(self.ws_url, self.origin, 0)
                    await asyncio.wait_for(screen.ready.wait(), 120)
                except (OSError, WebSocketException, TimeoutError) as exc:
                    failures[type(exc).__name__] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(s) for s in self.screens))
        ready = sum(1 for s in self.screens if s.ready.is_set())
        return {"seconds": time.perf_counter() - started, "ready": ready, "failures": failures}

    # voting -------------------------------------------------------------------------------------------------

    def random_allocation(self) -> dict[int, int]:
        return dict(collections.Counter(self.rng.choices(self.voter_issues, k=self.rng.randint(1, 3))))

    async def put_dots(self, phone: Phone, body: dict[str, Any]) -> httpx.Response:
        return await self.http.put(
            f"/api/forum/{self.code}/dots", json=body, headers={"X-Participant-Token": phone.token}
        )

    def socket_for(self, phone: Phone) -> Screen | None:
        """The phone's own open websocket when votes go over websockets (probe phones have none)."""
        if self.args.votes_over != "ws":
            return None
        screen = self.screen_of.get(id(phone))
        if screen is None or screen.ws is None or not screen.ready.is_set() or screen.lost:
            return None
        return screen

    async def cast(self, phone: Phone, dots: dict[int, int], stats: VoteStats, planned: float) -> bool:
        """Send one whole allocation; True when the server acknowledged it."""
        phone.revision += 1
        body = {"client_token": str(uuid.uuid4()), "revision": phone.revision, "dots": dots}
        screen = self.socket_for(phone)
        if screen is not None:
            return await self.cast_ws(screen, body, stats, planned)
        phone.busy = True
        self.inflight += 1
        stats.sent += 1
        started = time.perf_counter()
        try:
            response = await self.put_dots(phone, body)
        except httpx.HTTPError as exc:
            stats.errors[type(exc).__name__] += 1
            phone.unknown.append(body)
            return False
        finally:
            self.inflight -= 1
            phone.busy = False
        done = time.perf_counter()
        if response.status_code != 200:
            stats.errors[f"HTTP {response.status_code}"] += 1
            if response.status_code >= 500:
                phone.unknown.append(body)  # it may have committed: resolved by a retry at the end
            return False
        result = response.json()
        phone.ack(result)
        stats.acknowledged += 1
        stats.applied += bool(result["applied"])
        stats.latency.append(done - started)
        stats.latency_from_schedule.append(done - planned)
        return True

    async def cast_ws(self, screen: Screen, body: dict[str, Any], stats: VoteStats, planned: float) -> bool:
        """The same vote on the phone's websocket: latency is send → ack; the client token is the message id."""
        phone, ws = screen.phone, screen.ws
        assert ws is not None
        message = {"type": "dots", "id": body["client_token"], "revision": body["revision"], "dots": body["dots"]}
        waiter: asyncio.Future[tuple[dict[str, Any], float]] = asyncio.get_running_loop().create_future()
        screen.acks[body["client_token"]] = waiter
        phone.busy = True
        self.inflight += 1
        stats.sent += 1
        started = time.perf_counter()
        try:
            await ws.send(json.dumps(message))
            ack, done = await asyncio.wait_for(waiter, ACK_TIMEOUT)
        except (ConnectionClosed, WebSocketException, OSError, TimeoutError) as exc:
            screen.acks.pop(body["client_token"], None)
            stats.errors[type(exc).__name__] += 1
            phone.unknown.append(body)  # it may have committed: resolved by a retry at the end
            return False
        finally:
            self.inflight -= 1
            phone.busy = False
        if not ack.get("ok"):
            status = int(ack.get("status") or 0)
            stats.errors[f"ack {status}"] += 1
            if status >= 500 or status == 0:
                phone.unknown.append(body)
            return False
        result = ack["result"]
        phone.ack(result)
        stats.acknowledged += 1
        stats.applied += bool(result["applied"])
        stats.latency.append(done - started)
        stats.latency_from_schedule.append(done - planned)
        return True

    def idle_phone(self) -> Phone:
        for _attempt in range(10):
            phone = self.rng.choice(self.phones)
            if not phone.busy:
                return phone
        return phone

    async def vote(self, rate: float, duration: float) -> float:
        """Open loop: a vote is due every 1/rate s whatever the server does; returns the phase's length."""
        tasks: set[asyncio.Task[bool]] = set()
        total = int(rate * duration)
        start = time.perf_counter()
        for i in range(total):
            planned = start + i / rate
            delay = planned - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            self.votes.scheduled += 1
            if self.inflight >= self.args.inflight:
                self.votes.dropped_at_cap += 1
                continue
            task = asyncio.create_task(self.cast(self.idle_phone(), self.random_allocation(), self.votes, planned))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        sending_ended = time.perf_counter()
        if tasks:
            await asyncio.wait(tasks)
        log(f"votes: sent for {sending_ended - start:.1f} s, the last answer after {time.perf_counter() - start:.1f} s")
        return sending_ended - start

    async def probe(self, stop: asyncio.Event) -> None:
        """Every probe interval, one more dot on the reserved issue: its count k marks probe k on screens."""
        k = 0
        next_at = time.perf_counter()
        while not stop.is_set() and k < 3 * len(self.probe_phones):
            next_at += self.args.probe_interval
            k += 1
            phone = self.probe_phones[(k - 1) // 3]
            sent = time.perf_counter()
            self.probe_sent[k] = sent
            acked = False
            while not acked and not stop.is_set():  # the count must reach k before probe k+1 means anything
                acked = await self.cast(phone, {self.probe_issue: (k - 1) % 3 + 1}, self.probe_votes, sent)
                if not acked:  # retried as a newer revision with the same dots
                    await asyncio.sleep(0.1)
            if acked:
                self.probe_acked[k] = time.perf_counter()
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

    async def retry_unknown(self) -> None:
        """Resend, unchanged, every vote whose answer never came: the server must treat it as a retry.

        By HTTP in both modes, as a phone does when its socket gives no ack in time.
        """
        for phone in self.phones + self.probe_phones:
            for body in phone.unknown:
                stats = self.votes
                stats.retried_unknown += 1
                for _attempt in range(5):
                    with contextlib.suppress(httpx.HTTPError):
                        response = await self.put_dots(phone, body)
                        if response.status_code == 200:
                            phone.ack(response.json())
                            break
                    await asyncio.sleep(0.5)
                else:
                    stats.unresolved += 1
            phone.unknown.clear()

    async def tally_check(self) -> dict[str, Any]:
        expected: collections.Counter[int] = collections.Counter()
        for phone in self.phones + self.probe_phones:
            expected.update(phone.acked_dots)
        response = await self.http.get(
            f"/api/forum/{self.code}/results", headers={"X-Participant-Token": self.phones[0].token}
        )
        response.raise_for_status()
        server = {int(k): int(v) for k, v in response.json()["dots"].items()}
        lost = sum(max(0, expected[i] - server.get(i, 0)) for i in self.issues)
        double = sum(max(0, server.get(i, 0) - expected[i]) for i in self.issues)
        unknown_issues = sorted(set(server) - set(self.issues))
        return {
            "expected": sum(expected.values()),
            "server": sum(server.values()),
            "lost": lost,
            "double": double + sum(server[i] for i in unknown_issues),
            "issues": len(self.issues),
            "ok": lost == 0 and double == 0 and not unknown_issues,
        }

    # the reconnect storm ------------------------------------------------------------------------------------

    async def storm(self, count: int) -> dict[str, Any]:
        victims = self.rng.sample([s for s in self.screens if s.ready.is_set() and not s.lost], count)
        for screen in victims:
            screen.abort()
        await asyncio.sleep(0.05)
        failures: collections.Counter[str] = collections.Counter()

        async def back(screen: Screen) -> None:
            try:
                await screen.open(self.ws_url, self.origin, screen.seq)
                await asyncio.wait_for(screen.ready.wait(), 120)
            except (OSError, WebSocketException, TimeoutError) as exc:
                failures[type(exc).__name__] += 1

        started = time.perf_counter()
        await asyncio.gather(*(back(s) for s in victims))
        back_seconds = time.perf_counter() - started
        back_ready = sum(1 for s in victims if s.ready.is_set())

        # A sequenced event after the storm must reach every screen, reconnected or not.
        sent = time.perf_counter()
        response = await self.http.post(
            f"/api/forum/{self.code}/rules",
            json={"client_token": str(uuid.uuid4()), "text": RULE_TEXT, "language": "en"},
            headers={"X-Participant-Token": self.phones[0].token},
        )
        response.raise_for_status()
        rule_id = int(response.json()["id"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(rule_id in s.rules_seen for s in self.screens):
            await asyncio.sleep(0.02)
        arrivals = [s.rules_seen[rule_id] - sent for s in self.screens if rule_id in s.rules_seen]
        return {
            "count": count,
            "back_seconds": back_seconds,
            "back_ready": back_ready,
            "failures": failures,
            "event_reached": len(arrivals),
            "event_all_seconds": max(arrivals) if len(arrivals) == len(self.screens) else None,
            "event_p50": float(np.percentile(arrivals, 50)) if arrivals else None,
        }

    async def close(self) -> None:
        await asyncio.gather(*(s.close() for s in self.screens))
        await self.http.aclose()


# --- measurements -------------------------------------------------------------------------------------------


def fanout(load: Load) -> dict[str, Any]:
    """For each probe: from its send (and from its acknowledgement) until every connected screen showed it."""
    live = [s for s in load.screens if s.ready.is_set() and not s.lost]
    per_probe: list[float] = []
    after_ack: list[float] = []
    pairs: list[float] = []
    missing = 0
    for k, sent in load.probe_sent.items():
        if k not in load.probe_acked:
            continue
        times = [s.probe_seen[k] - sent for s in live if k in s.probe_seen]
        missing += len(live) - len(times)
        pairs.extend(times)
        if len(times) == len(live) and times:
            per_probe.append(max(times))
            after_ack.append(sent + max(times) - load.probe_acked[k])
    return {
        "probes": len(load.probe_acked),
        "all_screens": per_probe,
        "after_ack": after_ack,
        "pairs": pairs,
        "missing": missing,
    }


def ms(values: list[float], q: float) -> str:
    if not values:
        return "–"
    return f"{np.percentile(np.asarray(values) * 1000.0, q):.0f}"


def machine() -> str:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} × {model}, {ram}"


def process_cpu(pids: list[int], reaped: bool = False) -> float:
    """User + system CPU seconds used so far by these processes (and, if `reaped`, by their ended children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used = fields[11:15] if reaped else fields[11:13]  # utime, stime[, cutime, cstime]
            total += sum(int(x) for x in used) / ticks
    return total


def service_pids() -> list[int]:
    """PostgreSQL's and Redis's processes (their CPU counts against the server, not the machine's noise)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "redis-server"):
                    found.append(int(entry.name))
    return found


class CpuMeter:
    """Cores used over an interval: the machine, the server, PostgreSQL/Redis, this client, everything else."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.start = self.sample()

    def sample(self) -> dict[str, float]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        ticks = os.sysconf("SC_CLK_TCK")
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "wall": time.perf_counter(),
            "machine": (sum(fields) - fields[3] - fields[4]) / ticks,
            "server": process_cpu(self.server.pids()),
            "services": process_cpu(service_pids(), reaped=True),  # a backend per connection: count ended ones
            "client": usage.ru_utime + usage.ru_stime,
        }

    def cores(self) -> dict[str, float]:
        end = self.sample()
        wall = end["wall"] - self.start["wall"]
        used = {k: (end[k] - self.start[k]) / wall for k in end if k != "wall"}
        used["other"] = max(0.0, used["machine"] - used["server"] - used["services"] - used["client"])
        return used


def raise_file_limit(needed: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, needed)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < needed:
        log(f"warning: the open-file limit ({wanted}) is below the {needed} this run needs")
    return wanted


def check(ok: bool) -> str:
    return "met" if ok else "**missed**"


@dataclass
class Report:
    args: argparse.Namespace
    database: str
    layer: str
    forum: dict[str, Any]
    joined: dict[str, Any] | None = None
    connected: dict[str, Any] | None = None
    vote_seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    fan: dict[str, Any] | None = None
    tally: dict[str, Any] | None = None
    storm: dict[str, Any] | None = None
    still_connected: int = 0
    server_errors: collections.Counter[str] = field(default_factory=collections.Counter)

    def markdown(self, load: Load) -> str:
        a, v = self.args, load.votes
        rows: list[tuple[str, str]] = [
            ("date", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("machine", machine()),
            ("python", f"{platform.python_implementation()} {platform.python_version()}"),
            ("database / channel layer", f"{self.database} / {self.layer}"),
            ("server", f"`spcp serve --workers {a.workers}` (uvicorn), on the same machine as this client"),
            (
                "votes over",
                "each phone's websocket (`dots` → `ack`); probe votes and resends by `PUT /dots`"
                if a.votes_over == "ws"
                else "HTTP (`PUT /dots`)",
            ),
        ]
        answer = "ack" if a.votes_over == "ws" else "200"
        if self.joined:
            j = self.joined
            rows.append(
                (
                    "join",
                    f"{a.participants} participants + {len(load.probe_phones)} probe phones in "
                    f"{j['seconds']:.1f} s ({len(j['latency']) / j['seconds']:.0f}/s, {a.join_concurrency} at a "
                    f"time; p50 {ms(j['latency'], 50)} ms, p99 {ms(j['latency'], 99)} ms)"
                    + (f"; retried: {dict(j['errors'])}" if j["errors"] else ""),
                )
            )
        if self.connected:
            c = self.connected
            rows.append(
                (
                    "sockets",
                    f"{c['ready']} of {a.participants} connected with their snapshot in {c['seconds']:.1f} s"
                    + (f"; failed: {dict(c['failures'])}" if c["failures"] else "")
                    + f"; {self.still_connected} still connected at the end",
                )
            )
        if a.duration > 0:
            achieved = v.acknowledged / self.vote_seconds if self.vote_seconds else 0.0
            rows += [
                (
                    "votes",
                    f"scheduled {v.scheduled} ({a.rate:g}/s for {a.duration:g} s), sent {v.sent}, acknowledged "
                    f"{v.acknowledged} ({v.applied} applied), errored {sum(v.errors.values())}"
                    + (f" {dict(v.errors)}" if v.errors else "")
                    + f", dropped at the {a.inflight} in-flight cap {v.dropped_at_cap}",
                ),
                ("achieved", f"{achieved:.1f} acknowledged votes/s"),
                (
                    f"submit latency, send → {answer}",
                    f"p50 {ms(v.latency, 50)} ms, p95 {ms(v.latency, 95)} ms, p99 {ms(v.latency, 99)} ms, "
                    f"max {ms(v.latency, 100)} ms",
                ),
                (
                    f"submit latency, planned send → {answer}",
                    f"p50 {ms(v.latency_from_schedule, 50)} ms, p99 {ms(v.latency_from_schedule, 99)} ms, "
                    f"max {ms(v.latency_from_schedule, 100)} ms",
                ),
            ]
            if self.fan:
                f = self.fan
                rows.append(
                    (
                        "fan-out, probe send → every screen shows it",
                        f"p50 {ms(f['all_screens'], 50)} ms, p99 {ms(f['all_screens'], 99)} ms, "
                        f"max {ms(f['all_screens'], 100)} ms over {len(f['all_screens'])} of {f['probes']} probes; "
                        f"per screen p50 {ms(f['pairs'], 50)} ms, p99 {ms(f['pairs'], 99)} ms; "
                        f"never seen: {f['missing']} (screen, probe) pairs",
                    )
                )
                rows.append(
                    (
                        "fan-out, probe acknowledged → every screen shows it",
                        f"p50 {ms(f['after_ack'], 50)} ms, p99 {ms(f['after_ack'], 99)} ms "
                        "(the broadcast path alone: tally tick, read, write to every socket)",
                    )
                )
            if self.cpu:
                rows.append(
                    (
                        "CPU while voting",
                        f"{self.cpu['machine']:.2f} of {os.cpu_count()} cores busy: server {self.cpu['server']:.2f}, "
                        f"PostgreSQL/Redis {self.cpu['services']:.2f}, this client {self.cpu['client']:.2f}, "
                        f"other processes {self.cpu['other']:.2f}",
                    )
                )
        if self.tally:
            t = self.tally
            retried = f"; {v.retried_unknown} unanswered votes resent unchanged" if v.retried_unknown else ""
            rows.append(
                (
                    "tally check",
                    f"{'OK' if t['ok'] else '**MISMATCH**'}: {t['lost']} lost, {t['double']} double-counted "
                    f"(server {t['server']} dots, acknowledged ballots {t['expected']}, {t['issues']} issues)"
                    + retried
                    + (f"; {v.unresolved} never answered" if v.unresolved else ""),
                )
            )
        if self.storm:
            s = self.storm
            every = f"{s['event_all_seconds'] * 1000:.0f} ms" if s["event_all_seconds"] is not None else "**not all**"
            rows.append(
                (
                    "reconnect storm",
                    f"{s['count']} sockets dropped at once; {s['back_ready']} back with state in "
                    f"{s['back_seconds']:.2f} s"
                    + (f" (failed: {dict(s['failures'])})" if s["failures"] else "")
                    + f"; the next event reached {s['event_reached']} of {len(load.screens)} screens, "
                    f"all within {every}",
                )
            )
        errors = "; ".join(f"{n} × `{line}`" for line, n in self.server_errors.most_common(5))
        rows.append(
            ("exceptions in the server log", f"{sum(self.server_errors.values())}" + (f": {errors}" if errors else ""))
        )

        lines = [
            f"### Forum load: {a.participants} participants, {a.rate:g} votes/s for {a.duration:g} s "
            f"({self.database.split()[0]}, {a.workers} worker{'s' if a.workers != 1 else ''}, "
            f"votes over {a.votes_over})",
            "",
            "| | |",
            "|---|---|",
            *(f"| {k} | {val} |" for k, val in rows),
            "",
        ]
        if a.duration > 0:
            lines += self.targets(load)
        return "\n".join(lines)

    def targets(self, load: Load) -> list[str]:
        a, v = self.args, load.votes
        achieved = v.acknowledged / self.vote_seconds if self.vote_seconds else 0.0
        p99 = float(np.percentile(v.latency, 99)) * 1000 if v.latency else math.inf
        fan = self.fan or {"all_screens": []}
        fan99 = float(np.percentile(fan["all_screens"], 99)) * 1000 if fan["all_screens"] else math.inf
        connected = self.connected["ready"] if self.connected else 0
        ok = bool(self.tally and self.tally["ok"])
        return [
            "| target | wanted | measured | |",
            "|---|---|---|---|",
            f"| connected participants | {a.participants} | {connected} | {check(connected >= a.participants)} |",
            f"| sustained votes/s | ≥ {a.rate:g} | {achieved:.1f} | {check(achieved >= 0.98 * a.rate)} |",
            f"| p99 submit | ≤ {TARGET_SUBMIT_P99_MS:.0f} ms | {p99:.0f} ms | {check(p99 <= TARGET_SUBMIT_P99_MS)} |",
            f"| p99 fan-out | ≤ {TARGET_FANOUT_P99_MS:.0f} ms | {fan99:.0f} ms "
            f"| {check(fan99 <= TARGET_FANOUT_P99_MS)} |",
            f"| lost or double-counted dots | 0 | "
            f"{(self.tally or {}).get('lost', '?')} / {(self.tally or {}).get('double', '?')} | {check(ok)} |",
            "",
        ]


# --- the run ------------------------------------------------------------------------------------------------


def py_spy(server: Server, out: str, seconds: float, mode: str) -> subprocess.Popen[bytes] | None:
    """Sample the server's stacks while it is under load (py-spy must be installed: pip install py-spy)."""
    exe = shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy")
    if not Path(exe).exists():
        log("py-spy is not installed: no profile")
        return None
    assert server.process is not None
    fmt = "raw" if out.endswith(".txt") else "speedscope" if out.endswith(".json") else "flamegraph"
    command = [exe, "record", "--pid", str(server.process.pid), "--subprocesses", "--nonblocking"]
    command += {"gil": ["--gil"], "wall": ["--idle"]}.get(mode, [])
    command += ["--duration", str(math.ceil(seconds)), "--format", fmt, "--output", out, "--rate", "200"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


async def run(args: argparse.Namespace, server: Server, forum: dict[str, Any], report: Report) -> Load:
    load = Load(args, server.url, forum)
    probes = probe_count(args)
    try:
        log(f"joining {args.participants} participants and {probes} probe phones")
        report.joined = await load.join_all(args.participants, probes)
        log(f"joined in {report.joined['seconds']:.1f} s; opening {args.participants} websockets")
        report.connected = await load.connect_all()
        log(f"{report.connected['ready']} sockets have their snapshot ({report.connected['seconds']:.1f} s)")

        if args.duration > 0:
            profiler = py_spy(server, args.py_spy, args.duration, args.py_spy_mode) if args.py_spy else None
            meter = CpuMeter(server)
            stop = asyncio.Event()
            prober = asyncio.create_task(load.probe(stop))
            log(f"voting: {args.rate:g}/s for {args.duration:g} s (probe every {args.probe_interval:g} s)")
            report.vote_seconds = await load.vote(args.rate, args.duration)
            stop.set()
            await prober
            report.cpu = meter.cores()
            if profiler is not None:
                _out, err = profiler.communicate(timeout=120)
                log(f"py-spy: {err.decode(errors='replace').strip().splitlines()[-1:] or 'done'}")
            await load.retry_unknown()
            await asyncio.sleep(2.0)  # let the last tally reach the screens; the results read the database
            report.fan = fanout(load)
            report.tally = await load.tally_check()
            log(f"tally check: {report.tally}")

        if args.storm:
            count = min(args.storm, len(load.screens))
            log(f"reconnect storm: dropping {count} sockets at once")
            report.storm = await load.storm(count)
            log(f"storm: {report.storm}")
        report.still_connected = sum(1 for s in load.screens if s.ready.is_set() and not s.lost)
    finally:
        await load.close()
    return load


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=300.0, help="votes per second, scheduled open-loop")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of voting (0: none)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a database named spcp_bench…")
    parser.add_argument("--redis-url", default="", help="Redis URL (channel layer and cache)")
    parser.add_argument("--storm", type=int, default=0, help="drop and reconnect this many sockets at once")
    parser.add_argument("--inflight", type=int, default=200, help="most votes in flight at once")
    parser.add_argument(
        "--votes-over",
        choices=["ws", "http"],
        default="ws",
        help="ws: each phone sends its votes on its own websocket and waits for the ack; http: PUT /dots",
    )
    parser.add_argument("--join-concurrency", type=int, default=50)
    parser.add_argument("--connect-concurrency", type=int, default=100)
    parser.add_argument("--probe-interval", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--py-spy", default="", help="profile the server while voting into this file (.txt raw)")
    parser.add_argument(
        "--py-spy-mode",
        choices=["cpu", "gil", "wall"],
        default="gil",
        help="gil: only the thread holding the GIL (where CPU goes); wall: every thread, waiting ones too",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder (and server log)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_file_limit(2 * args.participants + args.inflight + 200)
    data_dir = Path(tempfile.mkdtemp(prefix="spcp-bench-"))
    port = free_port()
    server = Server(url=f"http://127.0.0.1:{port}", env={}, data_dir=data_dir)
    try:
        server.env, forum, database = prepare(args, data_dir)
        layer = "Redis pub/sub (channels-redis)" if args.redis_url else "in-process (InMemoryChannelLayer)"
        print(f"join code: {forum['code']}", file=sys.stderr)
        report = Report(args=args, database=database, layer=layer, forum=forum)
        server.start(port, args.workers)
        _run_loop(server.wait_healthy())
        log(f"server up at {server.url} (pid {server.process.pid if server.process else '?'})")
        load = _run_loop(run(args, server, forum, report))
    finally:
        server.stop()
        errors = server.log_errors()
        if args.keep:
            log(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    report.server_errors = errors
    print(report.markdown(load))
    return 0 if report.tally is None or report.tally["ok"] else 2


def _run_loop(coro: Any) -> Any:
    try:
        import uvloop  # the client must stay light: it plays every phone from one process
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


if __name__ == "__main__":
    sys.exit(main())
