"""The Content-Security-Policy sent with every response (Django 5.2 has none built in).

Every script and style comes from this site's static files: no inline script, event handler or style
attribute runs, so text that slipped past escaping could still not execute. Pages keep their data in
`<script type="application/json">` blocks (not executed) and their behaviour in static files."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # USWDS draws some icons from data: URLs; QR codes are inline SVG (not an image source).
        "img-src 'self' data:",
        "font-src 'self'",
        # 'self' covers the forum's websocket on the same host (ws: and wss:) in CSP Level 3 browsers.
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's own debug error pages (SPCP_DEBUG only) are styled inline; leave them readable.
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def inline_style_response(render: Callable[[str], str]) -> HttpResponse:
    """An HTML response for a standalone page that carries its own <style nonce="…"> (the plan documents' print
    preview shares its HTML with the PDF): the policy allows that one style element, nothing else inline."""
    nonce = secrets.token_urlsafe(16)
    response = HttpResponse(render(nonce))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'", f"style-src 'self' 'nonce-{nonce}'", 1
    )
    return response
