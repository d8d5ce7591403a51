"""Structured logs: a request id on every record, an access line per request, and no personal data in any line.

Each HTTP request takes the caller's `X-Request-ID` (a load balancer's or the TLS proxy's, when it has a safe
shape) or makes one, returns it on the response and puts it on every log record written while the request is
handled, so one id finds a request in the proxy's log and in every app process's. `spcp serve` turns off
uvicorn's own access log, which prints the whole URL: a phone's room code, a survey link or a calendar
feed's token would otherwise reach the log. The access line written here names the route's pattern
(`f/<str:code>/`) instead of the path, and every line, from any logger, passes through `scrub()`, which
removes e-mail and IPv4 addresses, query strings and the secret part of those URLs.

`SPCP_LOG_FORMAT=json` writes one JSON object a line (for a log shipper); the default is plain text.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings import this module for LOGGING, before Django is set up
    from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("spcp_request_id", default="-")
# A caller's id is kept only when it cannot carry anything else into the logs (no spaces, quotes or newlines).
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

access_log = logging.getLogger("spcp.access")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The URLs whose path holds a secret or a pseudonymous key: the forum's join code (page, short link, websocket,
# phone API), a survey's code, a calendar feed's token, a submitted request's receipt.
_SECRET_PATH = re.compile(
    r"(/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:f|j|s|ws/forum|api/forum|calendar|requests/submitted))/[^/\s?#\"']+"
)
_QUERY = re.compile(r"\?[^\s\"']*")
# A client's address is personal data too (the public forms promise not to record it).
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")


def current_request_id() -> str:
    """The id of the request this code runs for ('-' outside a request)."""
    return _request_id.get()


def scrub(text: str) -> str:
    """`text` without e-mail or IP addresses, query strings or the secret part of a URL's path."""
    text = _IPV4.sub("[address]", _EMAIL.sub("[email]", text))
    text = _SECRET_PATH.sub(r"\1/[…]", text)
    return _QUERY.sub("?[…]", text)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.route:
        return "[unmatched]"
    return "/" + match.route.lstrip("^").rstrip("$")


class RequestIdMiddleware:
    """Give each request an id (the caller's X-Request-ID when safe), answer with it, and log one access line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        # Not reset on the way out: Django logs a response's 4xx/5xx warning after the middleware returns, and it
        # belongs to this request too. Each request sets its own id (under ASGI, in its own context).
        _request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            _route(request),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (as `request_id`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class TextFormatter(logging.Formatter):
    """One scrubbed line: time, level, logger, request id, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One scrubbed JSON object a line: time (UTC, ISO 8601), level, logger, request_id, message, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
            "message": scrub(record.getMessage()),
        }
        if record.exc_info:
            entry["exc_info"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The dictConfig for Django (settings.LOGGING) and for uvicorn's own loggers (`spcp serve`)."""
    formatter = "spcp.common.logs.JsonFormatter" if log_format == "json" else "spcp.common.logs.TextFormatter"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "spcp",
        "filters": ["request_id"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "spcp.common.logs.RequestIdFilter"}},
        "formatters": {"spcp": {"()": formatter}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "spcp": {"level": level, "handlers": ["console"], "propagate": False},
            "django": {"level": "INFO" if level == "DEBUG" else "WARNING", "handlers": ["console"], "propagate": False},
            "uvicorn": {"level": "INFO", "handlers": ["console"], "propagate": False},
            # uvicorn's INFO lines name each websocket's client address; its warnings and errors remain.
            "uvicorn.error": {"level": "WARNING"},
            # uvicorn's access lines print whole URLs; `spcp serve` turns them off, and they stay quiet here too.
            "uvicorn.access": {"level": "WARNING"},
        },
    }
