"""Prometheus metrics of the live room, and the protected `/metrics` page that exposes them.

What is measured (names as Prometheus shows them):
  spcp_forum_sockets                  websockets admitted to a forum room, now (a gauge, summed over processes)
  spcp_forum_votes_total{kind,outcome} votes received, dots or responses, over HTTP or the websocket
                                       (rate() of it is votes a second); outcome is accepted or refused
  spcp_forum_vote_seconds{kind}       time to record one vote (validation, the write, the event)
  spcp_forum_tally_seconds            time to read one room's live tally (every 0.3 s per room and process)
  spcp_channel_layer_errors_total{operation}  failed sends to and receives from the channel layer (Redis)

Several processes: `spcp serve --workers N` (N > 1) runs prometheus-client's multi-process mode, each worker
writing its samples to files in PROMETHEUS_MULTIPROC_DIR, and any worker answers /metrics with the sum over
all of them (the folder is emptied when `spcp serve` starts; a worker uvicorn replaces leaves its last socket count
in the sum until then). With one worker per process (or container), scrape each one.

Access: nothing personal is measured (no labels carry a code, a forum or a person), but the page is still not
public. It answers only a caller whose address is in SPCP_METRICS_ALLOW (addresses or networks) or who sends
`Authorization: Bearer <SPCP_METRICS_TOKEN>`; with neither setting, and to everyone else, it is a 404.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from spcp.common.ratelimit import client_ip

P = ParamSpec("P")
R = TypeVar("R")

SOCKETS = Gauge("spcp_forum_sockets", "Websockets admitted to a forum room.", multiprocess_mode="livesum")
VOTES = Counter("spcp_forum_votes", "Votes received (dots or responses).", ["kind", "outcome"])
VOTE_SECONDS = Histogram(
    "spcp_forum_vote_seconds",
    "Time to record one vote.",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TALLY_SECONDS = Histogram(
    "spcp_forum_tally_seconds",
    "Time to read one room's live tally.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)
LAYER_ERRORS = Counter("spcp_channel_layer_errors", "Failed channel-layer operations.", ["operation"])


def socket_joined() -> None:
    SOCKETS.inc()


def socket_left() -> None:
    SOCKETS.dec()


def layer_error(operation: str) -> None:
    LAYER_ERRORS.labels(operation=operation).inc()


def vote_done(kind: str, *, accepted: bool, seconds: float) -> None:
    """One vote of `kind` answered after `seconds` (for the socket's: queued, committed and answered)."""
    VOTE_SECONDS.labels(kind=kind).observe(seconds)
    VOTES.labels(kind=kind, outcome="accepted" if accepted else "refused").inc()


def vote(kind: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Count and time each call as one vote of `kind`; a call that raises (a refusal) counts as refused."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.perf_counter()
            outcome = "refused"
            try:
                result = func(*args, **kwargs)
                outcome = "accepted"
                return result
            finally:
                vote_done(kind, accepted=outcome == "accepted", seconds=time.perf_counter() - started)

        return timed

    return decorate


def timed_tally(func: Callable[P, R]) -> Callable[P, R]:
    """Time each call as one tally read."""

    @functools.wraps(func)
    def timed(*args: P.args, **kwargs: P.kwargs) -> R:
        with TALLY_SECONDS.time():
            return func(*args, **kwargs)

    return timed


def _allowed(request: HttpRequest) -> bool:
    token: str = settings.SPCP_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    allow: list[str] = settings.SPCP_METRICS_ALLOW
    if allow:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(network) for network in allow)
    return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format, to allowed callers only (404 to everyone else)."""
    if not _allowed(request):
        return HttpResponseNotFound(b"", content_type="text/plain")
    if settings.SPCP_METRICS_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=settings.SPCP_METRICS_DIR)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
