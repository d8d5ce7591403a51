"""CPU per broadcast: one tally message to 1,000 sockets through the forum's hub, and through a bare ASGI app.

Usage: .venv/bin/python bench/hub_broadcast.py [--sockets 1000] [--broadcasts 200] [--repeat 5]

Both sides end in the same server-side work per socket: what uvicorn's websocket protocol (the websockets
sans-I/O implementation `spcp serve` runs) does for a `websocket.send`, i.e. encode the frame with
`websockets`' protocol object and write the bytes to a transport (here one that drops them). No network, no
client: the figure is the server's CPU, measured as process CPU time (less sensitive to a busy machine than
wall time), divided by the number of broadcasts.

- *bare*: an ASGI websocket app that keeps each connection's `send` and writes the message to each.
- *hub*: the project's path. Each socket is a real `ForumConsumer`, connected through the same middleware
  stack as in `config/asgi.py` (`keep_raw_send`, then Channels' session and auth middleware, which wrap
  `send`), and the message goes out through `hub.Room.broadcast`, as the tally ticker sends it.

It prints the median and best CPU per broadcast over `--repeat` rounds, and the ratio hub / bare (the target:
within 2×), with the date, machine and load average.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class DropTransport:
    """The transport under a websocket connection, counting the bytes it would write."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> None:
        self.written += len(data)

    def is_closing(self) -> bool:
        return False


class ServerSide:
    """What uvicorn's websockets (sans-I/O) protocol does for each ASGI `websocket.send` of an open socket."""

    def __init__(self) -> None:
        from websockets.protocol import State
        from websockets.server import ServerProtocol

        self.conn = ServerProtocol(state=State.OPEN)
        self.transport = DropTransport()
        self.writable = asyncio.Event()
        self.writable.set()

    async def send(self, message: dict[str, Any]) -> None:
        await self.writable.wait()
        if message["type"] == "websocket.send":
            text = message.get("text")
            if text is not None:
                self.conn.send_text(text.encode())
            self.transport.write(b"".join(self.conn.data_to_send()))


def tally_message(issues: int = 40) -> str:
    """A tally as the room sends it while voting: head-count, dots per issue, voters."""
    data = {"participants": 1000, "dots": {str(1000 + i): 37 + 11 * i for i in range(issues)}, "voters": 873}
    return json.dumps({"type": "tally", **data}, separators=(",", ":"))


async def bare(count: int, broadcasts: int, text: str) -> float:
    sends = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        sends.append(send)

    for _ in range(count):
        await app({"type": "websocket"}, None, ServerSide().send)
    started = time.process_time()
    for _ in range(broadcasts):
        message = {"type": "websocket.send", "text": text}
        for send in sends:
            await send(message)
    return (time.process_time() - started) / broadcasts


async def hub(count: int, broadcasts: int, text: str) -> float:
    from channels.auth import AuthMiddlewareStack

    from spcp.common.live import keep_raw_send
    from spcp.forum.consumers import ForumConsumer
    from spcp.forum.hub import Room

    room = Room(0)
    sockets: list[ForumConsumer] = []

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        # What ForumConsumer.as_asgi() does on connect, less the database: the socket said hello, is ready.
        consumer = ForumConsumer()
        consumer.scope = scope
        consumer.base_send = send
        consumer.ready, consumer.closed, consumer.pending = True, False, []
        sockets.append(consumer)

    stack = keep_raw_send(AuthMiddlewareStack(inner))  # as config/asgi.py wraps the websocket app
    for _ in range(count):
        scope = {"type": "websocket", "path": "/ws/forum/BENCH/", "headers": [], "query_string": b""}
        await stack(scope, None, ServerSide().send)
    room.sockets.update(sockets)
    started = time.process_time()
    for _ in range(broadcasts):
        await room.broadcast(text)
    return (time.process_time() - started) / broadcasts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    text = tally_message()
    results: dict[str, list[float]] = {"bare": [], "hub": []}
    for _ in range(args.repeat):
        results["bare"].append(asyncio.run(bare(args.sockets, args.broadcasts, text)))
        results["hub"].append(asyncio.run(hub(args.sockets, args.broadcasts, text)))
    load = os.getloadavg()
    print(
        f"# Hub broadcast: {args.sockets} sockets, a {len(text)}-byte tally, "
        f"{args.broadcasts} broadcasts × {args.repeat}"
    )
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    print("\n| path | CPU per broadcast, median | best | per socket (median) |\n|---|---|---|---|")
    for name, values in results.items():
        median = statistics.median(values)
        print(
            f"| {name} | {median * 1000:.2f} ms | {min(values) * 1000:.2f} ms | {median / args.sockets * 1e6:.2f} µs |"
        )
    ratio = statistics.median(results["hub"]) / statistics.median(results["bare"])
    print(f"\nhub / bare: **{ratio:.2f}×** (target ≤ 2×: {'met' if ratio <= 2 else 'not met'})")


if __name__ == "__main__":
    main()
