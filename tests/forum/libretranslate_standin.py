"""A local stand-in for a LibreTranslate server: a real HTTP server in a thread that speaks the same JSON as its
POST /translate ({q, source, target, format, api_key?} → {"translatedText": ...}, errors as {"error": ...}).

It "translates" from a phrase book (unknown text comes back as "[target] text"), and can be told to fail:
`mode` = "ok" | "error" (500) | "slow" (answers only after `release` is set) | "garbage" (not JSON) |
"forbidden" (403, a wrong API key). `unsupported` lists target codes it refuses with 400 "... is not supported".
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StandIn:
    url: str = ""
    mode: str = "ok"
    phrases: dict[tuple[str, str], str] = field(default_factory=dict)  # (text, target code) → translation
    unsupported: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, body: dict[str, Any]) -> tuple[int, bytes]:
        self.requests.append(body)
        if self.mode == "slow":
            self.release.wait(60)
        if self.mode == "error":
            return 500, json.dumps({"error": "Cannot translate text: model crashed"}).encode()
        if self.mode == "forbidden":
            return 403, json.dumps({"error": "Invalid API key"}).encode()
        if self.mode == "garbage":
            return 200, b"<html>proxy error</html>"
        target = str(body.get("target", ""))
        if target in self.unsupported:
            return 400, json.dumps({"error": f"{target} is not supported"}).encode()
        text = str(body.get("q", ""))
        translated = self.phrases.get((text, target), f"[{target}] {text}")
        return 200, json.dumps({"translatedText": translated}, ensure_ascii=False).encode()


@contextmanager
def libretranslate_standin() -> Iterator[StandIn]:
    standin = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                body = {}
            if self.path != "/translate" or not isinstance(body, dict):
                status, data = 404, b'{"error": "Not found"}'
            else:
                status, data = standin.answer(body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="libretranslate-standin", daemon=True)
    thread.start()
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield standin
    finally:
        standin.release.set()
        server.shutdown()
        server.server_close()
