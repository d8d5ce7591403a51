"""A fixed-window rate limit on the shared cache (Redis when scaled out), for public forms and endpoints.

Clients are counted under a keyed hash of their address, so not even the cache holds an IP address (the
surveys promise respondents that theirs is not recorded). The address is the connection's peer, unless that
peer is one of SPCP_TRUSTED_PROXIES: only then is X-Forwarded-For read, so a client cannot reset its count
with a made-up header."""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    networks = _networks(tuple(settings.SPCP_TRUSTED_PROXIES))
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer's, or behind trusted proxies the nearest address they did not add.

    X-Forwarded-For is read right to left (each proxy appends the address it saw), skipping trusted proxies;
    the first address not among them is the client's. uvicorn does the same before Django sees the request,
    so reading it again here changes nothing; it also holds for a server that leaves the header alone."""
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    if not _is_trusted_proxy(peer):
        return peer
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not _is_trusted_proxy(hop):
            return hop
    return forwarded[0] if forwarded else peer


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
