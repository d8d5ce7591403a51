"""Liveness, readiness, the request id, the scrubbed structured logs and who may read /metrics: through the
Django test client and the real ASGI application (the served process is in tests/test_served_observability.py)."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import subprocess
import sys

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from spcp.common import health, logs

TOKEN = "metrics-token-0123456789abcdef"


def test_liveness_answers_without_touching_the_database(client):
    # No `db` fixture: pytest-django refuses any query, so a 200 proves the database was not asked.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"ok": True}


def _redis_check(settings) -> dict[str, str]:
    # The suite's PostgreSQL leg runs with Redis (SPCP_REDIS_URL): readiness then checks it too.
    return {"redis": "ok"} if settings.ENV.redis_url else {}


def test_readiness_answers_200_when_the_database_answers(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": {"database": "ok", **_redis_check(settings)}}


def test_readiness_answers_503_naming_the_database_when_it_is_unreachable(client, db, monkeypatch, tmp_path, settings):
    # A real connection to a database file in a folder that does not exist: SQLite cannot open it.
    # (tests/test_served_observability.py does the same to a served process with PostgreSQL unreachable.)
    unreachable = SQLiteWrapper({**connection.settings_dict, "NAME": str(tmp_path / "gone" / "db")}, alias="gone")
    monkeypatch.setattr(health, "connection", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"ready": False, "checks": {"database": "OperationalError", **_redis_check(settings)}}


def test_readiness_checks_redis_when_the_deployment_has_it(db, settings):
    # Port 1 refuses at once: the channel layer and the cache could not work either.
    settings.ENV = dataclasses.replace(settings.ENV, redis_url="redis://127.0.0.1:1/0")
    assert health.readiness() == {"database": "ok", "redis": "ConnectionError"}


def test_a_request_id_is_made_for_each_request_or_kept_from_a_safe_caller(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c12-0001")["X-Request-ID"] == "lb-7f3a9c12-0001"
    # A header that could write into the logs (spaces, quotes, a forged second line) is replaced.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" level=ERROR user=alice@example.org')["X-Request-ID"]
    assert len(forged) == 32 and "alice" not in forged


@pytest.fixture
def captured():
    """The app's log lines as a deployment writes them (JSON), from every logger under `spcp` and `django`."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("spcp", "django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_every_log_line_of_a_request_carries_its_id_and_no_room_code_ticket_or_email(client, db, captured):
    client.get("/en/f/QX7RZ2/?ticket=T-SECRET-42&email=alice@example.org", HTTP_X_REQUEST_ID="req-0000000001")
    client.get("/j/QX7RZ2", HTTP_X_REQUEST_ID="req-0000000002")
    lines = captured()
    access = [line for line in lines if line["logger"] == "spcp.access"]
    assert [line["request_id"] for line in access] == ["req-0000000001", "req-0000000002"]
    # The route's pattern (en/f/<str:code>/), not the path, and scrubbed all the same.
    assert access[0]["message"].startswith("GET /en/f/[…]/ 404 ")
    assert access[1]["message"].startswith("GET /j/[…] ")
    text = json.dumps(lines)
    for secret in ("QX7RZ2", "T-SECRET-42", "alice@example.org"):
        assert secret not in text
    # Django's own 404 warnings ("Not Found: /en/f/…") are scrubbed as well.
    assert any(line["logger"] == "django.request" and "[…]" in line["message"] for line in lines)


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Not Found: /en/f/ABC123/", "Not Found: /en/f/[…]/"),
        ('"WebSocket /ws/forum/ABC123/" [accepted]', '"WebSocket /ws/forum/[…]/" [accepted]'),
        ("GET /api/forum/ABC123/state?since=4", "GET /api/forum/[…]/state?[…]"),
        ("feed /calendar/9f8e7d6c.ics", "feed /calendar/[…]"),
        ("survey /ko/s/SURV42/thanks/", "survey /ko/s/[…]/thanks/"),
        ("mail to Ana.Lopez+crs@city.example.gov failed", "mail to [email] failed"),
        ("203.0.113.5:51234 - connection open", "[address]:51234 - connection open"),
        ("GET /en/programs/7/forum/", "GET /en/programs/7/forum/"),  # ids of staff pages are not secrets
    ],
)
def test_scrub_removes_codes_tickets_tokens_and_addresses(text, scrubbed):
    assert logs.scrub(text) == scrubbed


def test_json_log_format_is_chosen_by_the_environment(monkeypatch):
    from config.env import read_env

    monkeypatch.setenv("SPCP_LOG_FORMAT", "json")
    config = logs.logging_config(log_format=read_env().log_format, level="INFO")
    assert config["formatters"]["spcp"]["()"] == "spcp.common.logs.JsonFormatter"
    monkeypatch.setenv("SPCP_LOG_FORMAT", "xml")
    with pytest.raises(RuntimeError, match="SPCP_LOG_FORMAT: 'xml' is not one of json, text"):
        read_env()


def test_metrics_are_hidden_from_everyone_unless_the_deployment_allows_a_scraper(client, admin_user, settings):
    assert client.get("/metrics").status_code == 404
    client.force_login(admin_user)  # not even a CRS administrator's session
    assert client.get("/metrics").status_code == 404


def test_metrics_answer_the_bearer_of_the_token_only(client, settings):
    settings.SPCP_METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404
    assert b"spcp_forum_votes_total" in client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content


def test_metrics_answer_allowed_addresses_and_a_proxy_cannot_make_a_caller_one(client, settings):
    settings.SPCP_METRICS_ALLOW = ["10.9.0.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="10.9.0.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.9.1.7").status_code == 404
    # Behind the TLS proxy the caller is the address the proxy saw, not the proxy.
    settings.SPCP_TRUSTED_PROXIES = ["10.9.0.2"]
    outside = client.get("/metrics", REMOTE_ADDR="10.9.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert outside.status_code == 404


def test_several_worker_processes_are_summed_in_multiprocess_mode(client, settings, tmp_path):
    from spcp.cli import metrics_directory

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "stale.db").write_bytes(b"left by a process before a restart")
    saved = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = env["PROMETHEUS_MULTIPROC_DIR"]
    try:
        assert metrics_directory(workers=2) == tmp_path / "metrics"
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR")
        if saved is not None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = saved
    assert list((tmp_path / "metrics").iterdir()) == []  # emptied: old samples are not summed in
    worker = (
        "from spcp.common import metrics; metrics.VOTES.labels(kind='dots', outcome='accepted').inc(3); "
        "metrics.socket_joined()"
    )
    for _ in range(2):  # two worker processes, each with its own sample file
        subprocess.run([sys.executable, "-c", worker], env=env, check=True, timeout=120)
    settings.SPCP_METRICS_DIR = env["PROMETHEUS_MULTIPROC_DIR"]
    settings.SPCP_METRICS_TOKEN = TOKEN
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'spcp_forum_votes_total{kind="dots",outcome="accepted"} 6.0' in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_asgi_application_answers_probes_with_the_request_id():
    from config.asgi import application

    async def probe() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            return [
                await http.get("/healthz", headers={"X-Request-ID": "asgi-probe-0001"}),
                await http.get("/readyz"),
                await http.get("/metrics"),
            ]

    live, ready, metrics = async_to_sync(probe)()
    assert live.status_code == 200 and live.headers["X-Request-ID"] == "asgi-probe-0001"
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    assert len(ready.headers["X-Request-ID"]) == 32
    assert metrics.status_code == 404
