"""The client address that rate limits and sign-in throttling count: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from spcp.common.ratelimit import client_ip, client_key


def _request(peer: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.SPCP_TRUSTED_PROXIES = []
    assert client_ip(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
    assert client_key(_request("127.0.0.1", "203.0.113.9")) == client_key(_request("127.0.0.1"))


def test_a_client_that_is_not_a_trusted_proxy_cannot_name_another_address(settings):
    settings.SPCP_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded_for", "client"),
    [
        (["10.0.0.5"], "10.0.0.5", "203.0.113.9", "203.0.113.9"),
        # What the client wrote before the proxy appended the real address is not believed.
        (["10.0.0.5"], "10.0.0.5", "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        # Two trusted proxies in a row (a load balancer in a network, then a local proxy).
        (["127.0.0.1", "10.0.0.0/24"], "127.0.0.1", "192.0.2.1, 203.0.113.9, 10.0.0.17", "203.0.113.9"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        # A trusted proxy that forwards nothing is itself the client.
        (["10.0.0.5"], "10.0.0.5", None, "10.0.0.5"),
    ],
)
def test_behind_trusted_proxies_the_nearest_untrusted_address_is_the_client(
    settings, proxies, peer, forwarded_for, client
):
    settings.SPCP_TRUSTED_PROXIES = proxies
    assert client_ip(_request(peer, forwarded_for)) == client


def test_trusted_proxies_come_from_the_environment_and_a_typo_stops_start_up(monkeypatch):
    from config.env import read_env

    monkeypatch.setenv("SPCP_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16,::1")
    assert read_env().trusted_proxies == ["10.0.0.5", "10.1.0.0/16", "::1"]
    monkeypatch.setenv("SPCP_TRUSTED_PROXIES", "10.0.0.5,proxy.example.org")
    with pytest.raises(RuntimeError, match="SPCP_TRUSTED_PROXIES: 'proxy.example.org' is not an IP address"):
        read_env()
    monkeypatch.delenv("SPCP_TRUSTED_PROXIES")
    assert read_env().trusted_proxies == []
