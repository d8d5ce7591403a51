"""Readiness: can this process serve a request now? It can when the database answers and, when the deployment
has Redis (the cache and the channel layer that carries the live room between processes), Redis answers too.

Each failed check is reported by the exception's class name only: a driver's message can hold the database
URL with its password, and the readiness page answers without authentication."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

CHECK_TIMEOUT_SECONDS = 3


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    import redis

    client = redis.Redis.from_url(
        settings.ENV.redis_url, socket_timeout=CHECK_TIMEOUT_SECONDS, socket_connect_timeout=CHECK_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def readiness() -> dict[str, str]:
    """Each dependency this process needs → "ok" or the failure's class name (e.g. "OperationalError")."""
    checks = {"database": _database}
    if settings.ENV.redis_url:
        checks["redis"] = _redis
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure means not ready; the class name says which kind
            results[name] = type(error).__name__
        else:
            results[name] = "ok"
    return results
