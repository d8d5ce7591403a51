"""A fixed-window rate limit on the shared cache (Redis when scaled out), for public forms and endpoints.

Clients are counted under a keyed hash of their address, so not even the cache holds an IP address (the
surveys promise respondents that theirs is not recorded)."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def client_key(request: HttpRequest) -> str:
    """A stable, non-reversible key for the client's address (HMAC with the site's secret key)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()
    return digest[:32]


def rate_limited(request: HttpRequest, scope: str, limit: int | None = None, window_seconds: int = 3600) -> bool:
    """Count one hit for this client in this scope; True when the client is over the limit."""
    limit = settings.SPCP_RATE_LIMIT_PER_HOUR if limit is None else limit
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_key(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
