"""Probes, metrics and logs as `spcp serve` presents them to an orchestrator: two worker processes, the
database and Redis unreachable, JSON logs. Liveness holds, readiness says what is missing, the metrics of
both workers are summed, and no log line holds a room code, a ticket or uvicorn's whole-URL access line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SPCP = Path(sys.executable).with_name("spcp")
TOKEN = "served-metrics-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=60, trust_env=False)


@pytest.fixture
def unready_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPCP_", "DJANGO_", "PROMETHEUS_"))}
    env.update(
        SPCP_DATA_DIR=str(tmp_path / "data"),
        SPCP_STATIC_ROOT=str(tmp_path),
        # Static files without a manifest (as in every test), so the error page renders without collectstatic.
        DJANGO_SETTINGS_MODULE="config.test_settings",
        # Port 1 refuses at once: nothing listens there.
        SPCP_DATABASE_URL="postgres://spcp@127.0.0.1:1/spcp",
        SPCP_DATABASE_POOL="0",
        SPCP_REDIS_URL="redis://127.0.0.1:1/0",
        SPCP_LOG_FORMAT="json",
        SPCP_METRICS_TOKEN=TOKEN,
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(SPCP), "serve", "--port", str(port), "--workers", "2"], env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # generous: the machine may be busy
        while True:
            try:
                if _get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"spcp serve did not answer:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_served_process_is_live_but_not_ready_without_its_database_and_redis(unready_server):
    base, log = unready_server
    assert _get(f"{base}/healthz").status_code == 200
    ready = _get(f"{base}/readyz", **{"X-Request-ID": "probe-ready-0001"})
    assert ready.status_code == 503
    assert ready.json() == {"ready": False, "checks": {"database": "OperationalError", "redis": "ConnectionError"}}
    assert "127.0.0.1:1" not in ready.text  # no connection details to an unauthenticated caller

    # A phone's page fails (no database), and its log lines, the error's too, must not give the room away.
    _get(f"{base}/j/QX7RZ2", **{"X-Request-ID": "probe-phone-0001"})
    phone = _get(f"{base}/en/f/QX7RZ2/?ticket=T-SECRET-42", **{"X-Request-ID": "probe-phone-0002"})
    assert phone.status_code == 500

    # Both workers write samples; any of them answers with the sum (multi-process mode).
    scraped = {_get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}").status_code for _ in range(6)}
    assert scraped == {200}
    text = _get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}").text
    assert "spcp_forum_sockets 0.0" in text  # summed over the workers' files (no socket is open)
    assert _get(f"{base}/metrics").status_code == 404

    deadline = time.monotonic() + 60
    while "probe-phone-0002" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    written = log.read_text()
    entries = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    by_request = {entry["request_id"] for entry in entries}
    assert {"probe-ready-0001", "probe-phone-0001", "probe-phone-0002"} <= by_request
    assert any(e["logger"] == "spcp.access" and e["message"].startswith("GET /readyz 503") for e in entries)
    # Django's own warning about the 503 comes after the middleware returned, and still carries the id.
    assert any(e["logger"] == "django.request" and e["request_id"] == "probe-ready-0001" for e in entries)
    assert any(e["level"] == "ERROR" and e["request_id"] == "probe-phone-0002" for e in entries)
    assert "QX7RZ2" not in written and "T-SECRET-42" not in written
    assert "HTTP/1.1" not in written  # uvicorn's access lines (the whole URL) are off
    assert not [line for line in written.splitlines() if line.strip() and not line.startswith(("{", "spcp is"))]
