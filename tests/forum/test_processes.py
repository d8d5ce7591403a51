"""Real app server processes sharing one database (and Redis, when the suite runs with it): votes taken by
either process are counted exactly once, every screen on every process sees the final tallies, and 500
sockets dropping and reconnecting at once all catch up and keep receiving events.

With SPCP_REDIS_URL set (the PostgreSQL + Redis leg of CI) two server processes run; without it (SQLite, the
in-process layer) one does, since the in-process layer cannot reach another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections import Counter

import httpx
import websockets

SOCKETS = 500
PARTICIPANTS = 60


class Screen:
    """One websocket and what it has seen."""

    def __init__(self, host: str, code: str, token: str) -> None:
        self.host, self.code, self.token = host, code, token
        self.seq = 0
        self.dots: dict[str, int] = {}
        self.events: list[dict] = []
        self.ws = None
        self.task: asyncio.Task | None = None
        self.caught_up = asyncio.Event()

    async def open(self) -> None:
        self.caught_up.clear()
        url = f"ws://{self.host}/ws/forum/{self.code}/"
        self.ws = await websockets.connect(url, origin=f"http://{self.host}", open_timeout=30)
        await self.ws.send(json.dumps({"type": "hello", "seq": self.seq, "token": self.token}))
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for text in self.ws:
                message = json.loads(text)
                if message["type"] == "snapshot":
                    self.seq = message["state"]["seq"]
                    self.caught_up.set()
                elif message["type"] == "events":
                    for event in message["events"]:
                        self._apply(event)
                    self.caught_up.set()
                elif message["type"] == "event":
                    self._apply(message["event"])
                elif message["type"] == "tally":
                    self.dots = message.get("dots", {})

    def _apply(self, event: dict) -> None:
        if event["seq"] == self.seq + 1:
            self.seq = event["seq"]
            self.events.append(event)

    async def drop(self) -> None:
        self.ws.transport.abort()  # the connection vanishes, as when a hall's Wi-Fi drops
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.task


# Generous deadlines (a wait ends as soon as the condition holds): 500 sockets on a busy machine (load average 4
# and more) can take over a minute to get their snapshots.
async def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _call(http: httpx.AsyncClient, method: str, url: str, **kwargs) -> httpx.Response:
    """A phone's request, sent again as it was when the connection drops (as a reused keep-alive connection can,
    when the server closes it at that moment). Every write here is idempotent (a join token, a client token or
    a revision), so a resend counts once whether or not the first one arrived."""
    for attempt in range(3):
        try:
            return await http.request(method, url, **kwargs)
        except httpx.TransportError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _day(hosts: list[str], facts: dict) -> None:
    code, issues = facts["code"], facts["issues"]
    rng = random.Random(5)
    limits = httpx.Limits(max_connections=40)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:

        async def join(i: int) -> str:
            body = {"join_token": str(uuid.uuid4()), "ticket": facts["tickets"][i], "language": "en"}
            response = await _call(http, "POST", f"http://{hosts[i % len(hosts)]}/api/forum/{code}/join", json=body)
            assert response.status_code == 201, response.text
            return response.json()["token"]

        tokens = await asyncio.gather(*(join(i) for i in range(PARTICIPANTS)))
        screens = [Screen(hosts[i % len(hosts)], code, tokens[i % PARTICIPANTS]) for i in range(SOCKETS)]
        await asyncio.gather(*(s.open() for s in screens))
        await _wait_for(lambda: all(s.caught_up.is_set() for s in screens), 180, "every screen's snapshot")

        # Each phone moves its dots several times, on either process, with retries and a stale resend.
        acked: dict[str, tuple[int, dict[str, int]]] = {}
        sends = []
        for token in tokens:
            for revision in range(1, 5):
                picks = rng.sample(issues, 2)
                body = {
                    "client_token": str(uuid.uuid4()),
                    "revision": revision,
                    "dots": {str(picks[0]): 2, str(picks[1]): 1},
                }
                sends.append((token, body))
                if rng.random() < 0.3:
                    sends.append((token, body))  # a retry after lost signal
        stale = [(token, {**body, "revision": 2, "client_token": str(uuid.uuid4())}) for token, body in sends[:10]]
        rng.shuffle(sends)
        gate = asyncio.Semaphore(30)

        async def send(token: str, body: dict) -> None:
            async with gate:
                host = rng.choice(hosts)
                response = await _call(
                    http,
                    "PUT",
                    f"http://{host}/api/forum/{code}/dots",
                    json=body,
                    headers={"X-Participant-Token": token},
                )
            assert response.status_code == 200, response.text
            stored = response.json()
            if stored["revision"] >= acked.get(token, (0, {}))[0]:
                acked[token] = (stored["revision"], stored["dots"])

        # Sends of one phone go in revision order per phone only by chance: the server keeps the newest.
        await asyncio.gather(*(send(t, b) for t, b in sends))
        await asyncio.gather(*(send(t, b) for t, b in stale))
        assert all(revision == 4 for revision, _ in acked.values())
        expected = Counter()
        for _revision, dots in acked.values():
            expected.update(dots)
        expected_dots = dict(expected)

        for host in hosts:
            results = (
                await _call(
                    http, "GET", f"http://{host}/api/forum/{code}/results", headers={"X-Participant-Token": tokens[0]}
                )
            ).json()
            assert {k: v for k, v in results["dots"].items() if v} == expected_dots
        await _wait_for(lambda: all(s.dots == expected_dots for s in screens), 180, "every screen's final tally")

        # 500 sockets drop at once and reconnect at once, each resuming from its last sequence number.
        await asyncio.gather(*(s.drop() for s in screens))
        await asyncio.gather(*(s.open() for s in screens))
        await _wait_for(lambda: all(s.caught_up.is_set() for s in screens), 180, "every screen to catch up")
        before = screens[0].seq
        assert all(s.seq == before for s in screens)
        rule = {"client_token": str(uuid.uuid4()), "text": "Phones on silent", "language": "en"}
        response = await _call(
            http,
            "POST",
            f"http://{hosts[-1]}/api/forum/{code}/rules",
            json=rule,
            headers={"X-Participant-Token": tokens[1]},
        )
        assert response.status_code == 200
        await _wait_for(lambda: all(s.seq == before + 1 for s in screens), 180, "the new rule on every screen")
        assert all(s.events[-1]["data"]["text"] == "Phones on silent" for s in screens)
        for s in screens:
            await s.ws.close()


def test_votes_through_real_server_processes_are_counted_exactly_and_every_screen_catches_up(live_servers):
    hosts, facts = live_servers("voting")
    asyncio.run(_day(hosts, facts))
