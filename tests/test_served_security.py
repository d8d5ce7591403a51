"""The hardened surface as `spcp serve` presents it: proxy headers believed only from SPCP_TRUSTED_PROXIES,
HTTPS and HSTS in production, the sign-in count shared by every app process, and `check --deploy` clean."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Callable, Iterator

import httpx
import pytest

from spcp.accounts.throttle import ADDRESS_FAILURES
from tests.served import SPCP, free_port, process_env, stop, wait_until_serving

REFUSED = "Too many failed sign-in attempts"


def _get(url: str, **kwargs) -> httpx.Response:
    return httpx.get(url, **{"timeout": 60, "trust_env": False, **kwargs})


@pytest.fixture(scope="module")
def base_env(prepared_data, tmp_path_factory) -> dict[str, str]:
    """A set-up data folder of this module's own (a copy of the prepared one: its own SQLite file); Redis is kept
    when the suite runs with it."""
    data_dir = prepared_data.data_folder(tmp_path_factory.mktemp("served") / "data")
    return process_env(data_dir, SPCP_CHANNEL_PREFIX=f"served{secrets.token_hex(4)}")


@pytest.fixture
def serve(base_env) -> Iterator[Callable[..., str]]:
    """Start `spcp serve` with extra environment; returns its base URL once it answers."""
    procs: list[subprocess.Popen] = []

    def start(**extra: str) -> str:
        port = free_port()
        procs.append(
            subprocess.Popen(
                [str(SPCP), "serve", "--port", str(port)],
                env={**base_env, **extra},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, procs[-1:])
        return base

    yield start
    stop(procs)


class SignInPage:
    """A browser at the sign-in page: it fetches the form (and its CSRF token) once and posts wrong passwords."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=60, trust_env=False)
        page = self.client.get("/en/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        self.token = token.group(1)

    def fail(self, username: str, **headers: str) -> httpx.Response:
        data = {"csrfmiddlewaretoken": self.token, "username": username, "password": "wrong guess"}
        return self.client.post("/en/accounts/login/", data=data, headers=headers)


def test_a_client_on_the_same_host_cannot_reset_its_sign_in_count_with_a_made_up_header(serve):
    client = SignInPage(serve())
    for n in range(ADDRESS_FAILURES):
        client.fail(f"nobody{n}", **{"X-Forwarded-For": f"192.0.2.{n}"})
    refused = client.fail("somebody", **{"X-Forwarded-For": "192.0.2.200"})
    assert refused.status_code == 429 and REFUSED in refused.text


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_sign_in_count(serve):
    proxy = SignInPage(serve(SPCP_TRUSTED_PROXIES="127.0.0.1"))
    for n in range(ADDRESS_FAILURES):
        proxy.fail(f"nobody{n}", **{"X-Forwarded-For": "198.51.100.7"})
    assert proxy.fail("somebody", **{"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    other = proxy.fail("somebody", **{"X-Forwarded-For": "203.0.113.20"})
    assert other.status_code == 200 and REFUSED not in other.text


@pytest.mark.skipif(not os.environ.get("SPCP_REDIS_URL"), reason="several app processes share counts through Redis")
def test_failures_counted_by_one_app_process_lock_the_account_on_another(serve):
    from spcp.accounts.throttle import ACCOUNT_FAILURES

    pages = [SignInPage(serve()), SignInPage(serve())]
    for n in range(ACCOUNT_FAILURES):
        pages[n % 2].fail("maria")
    for page in pages:
        refused = page.fail("maria")
        assert refused.status_code == 429 and REFUSED in refused.text


def test_production_answers_over_https_only_and_believes_the_scheme_only_from_trusted_proxies(serve):
    production = {"SPCP_PRODUCTION": "1", "SPCP_SECRET_KEY": secrets.token_urlsafe(60)}
    direct = serve(**production)
    plain = _get(f"{direct}/en/", headers={"X-Forwarded-Proto": "https"})  # a client's own claim
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://127.0.0.1:")
    assert _get(f"{direct}/healthz").status_code == 200  # a load balancer's plain health check

    behind_proxy = serve(**production, SPCP_TRUSTED_PROXIES="127.0.0.1")
    secure = _get(f"{behind_proxy}/en/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in secure.headers["Content-Security-Policy"]

    # A TLS proxy that redirects and sends HSTS itself.
    tls_proxy = serve(**production, SPCP_TRUSTED_PROXIES="127.0.0.1", SPCP_HTTPS_REDIRECT="0", SPCP_HSTS_SECONDS="0")
    assert _get(f"{tls_proxy}/en/").status_code == 200
    answered = _get(f"{tls_proxy}/en/", headers={"X-Forwarded-Proto": "https"})
    assert answered.status_code == 200 and "Strict-Transport-Security" not in answered.headers


def test_the_deployment_check_is_clean_in_production(base_env):
    env = {**base_env, "SPCP_PRODUCTION": "1", "SPCP_SECRET_KEY": secrets.token_urlsafe(60)}
    done = subprocess.run(
        [str(SPCP), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
