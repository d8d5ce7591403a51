"""Security headers on every response: a Content-Security-Policy that allows no inline script or style, and
production's HTTPS settings from the environment (served end to end in tests/test_served_security.py)."""

from __future__ import annotations

import pytest

from spcp.common.security import CONTENT_SECURITY_POLICY


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_policy_allows_scripts_and_styles_only_from_this_site():
    directives = _directives(CONTENT_SECURITY_POLICY)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.parametrize(
    "path", ["/en/", "/ko/accounts/login/", "/en/admin/login/", "/api/offices?state=TX", "/api/docs", "/healthz"]
)
def test_every_response_carries_the_policy(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_api_docs_load_swagger_from_this_site_without_inline_script(client, db):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn.jsdelivr.net" not in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("environ", "redirect", "hsts"),
    [
        ({}, False, 0),
        ({"SPCP_PRODUCTION": "1"}, True, 31536000),
        # Behind a TLS proxy that redirects and sends HSTS itself.
        ({"SPCP_PRODUCTION": "1", "SPCP_HTTPS_REDIRECT": "0", "SPCP_HSTS_SECONDS": "0"}, False, 0),
    ],
)
def test_production_turns_on_https_redirect_and_hsts_unless_told_otherwise(monkeypatch, environ, redirect, hsts):
    from config.env import read_env

    for name in ("SPCP_PRODUCTION", "SPCP_HTTPS_REDIRECT", "SPCP_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SPCP_SECRET_KEY", "x" * 60)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    env = read_env()
    assert (env.https_redirect, env.hsts_seconds) == (redirect, hsts)
