"""Sign-in throttling: only failed password checks count, per account and per client address, on the sign-in
page and on the admin's, and a made-up X-Forwarded-For header changes nothing unless a trusted proxy sent it."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from spcp.accounts import throttle
from tests import factories

LOGIN = "/en/accounts/login/"
ADMIN_LOGIN = "/en/admin/login/"


def _sign_in(client: Client, username: str, password: str, path: str = LOGIN, **headers: str):
    return client.post(path, {"username": username, "password": password}, **headers)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def maria(db):
    return factories.user(role="conciliator", username="maria")


def test_failed_attempts_lock_the_account_and_say_when_to_try_again(client, maria):
    for _ in range(throttle.ACCOUNT_FAILURES - 1):
        response = _sign_in(client, "maria", "guess")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    last = _sign_in(client, "maria", "guess")
    assert last.status_code == 429
    assert "Too many failed sign-in attempts. Please try again in 15 minutes." in last.content.decode()

    refused = _sign_in(client, "maria", factories.PASSWORD, path="/ko/accounts/login/")
    assert refused.status_code == 429
    assert "로그인에 여러 번 실패했습니다. 15분 후에 다시 시도하십시오." in refused.content.decode()
    assert int(refused["Retry-After"]) == 15 * 60
    assert not _signed_in(client)


def test_the_account_lock_holds_from_another_address_while_that_address_signs_others_in(db, maria):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(throttle.ACCOUNT_FAILURES):
        _sign_in(attacker, "MARIA", "guess")  # usernames count case-insensitively
    office = Client(REMOTE_ADDR="203.0.113.20")
    refused = _sign_in(office, "maria", factories.PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-in attempts" in refused.content.decode()
    factories.user(role="conciliator", username="jun")
    assert _sign_in(office, "jun", factories.PASSWORD).status_code == 302


def test_successful_sign_ins_from_one_address_never_count(db):
    # One CRS office behind one address signs everyone in on the morning of a forum.
    office = Client(REMOTE_ADDR="203.0.113.20")
    for n in range(throttle.ADDRESS_FAILURES + 5):
        factories.user(role="conciliator", username=f"staff{n}")
        response = _sign_in(office, f"staff{n}", factories.PASSWORD)
        assert response.status_code == 302, f"sign-in {n + 1} was refused"
        office.post("/en/accounts/logout/")


def test_failures_from_one_address_lock_that_address_for_every_account(db, maria):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(throttle.ADDRESS_FAILURES):
        # A different (mostly unknown) username each time: no account reaches its own limit.
        _sign_in(attacker, f"user{n}", "guess")
    refused = _sign_in(attacker, "maria", factories.PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-in attempts" in refused.content.decode()
    assert not _signed_in(attacker)
    assert _sign_in(Client(REMOTE_ADDR="203.0.113.20"), "maria", factories.PASSWORD).status_code == 302


def test_a_correct_password_clears_the_accounts_failures(client, maria):
    for _ in range(2):
        for _ in range(throttle.ACCOUNT_FAILURES - 1):
            _sign_in(client, "maria", "typo")
        assert _sign_in(client, "maria", factories.PASSWORD).status_code == 302
        client.post("/en/accounts/logout/")


def test_the_lock_ends_when_the_message_said(client, maria, monkeypatch):
    for _ in range(throttle.ACCOUNT_FAILURES):
        _sign_in(client, "maria", "guess")
    assert _sign_in(client, "maria", factories.PASSWORD).status_code == 429
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's expiry reads the same clock
    assert _sign_in(client, "maria", factories.PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_the_same_way(client, db):
    factories.user(role="admin", region=None, username="root", is_staff=True)
    for _ in range(throttle.ACCOUNT_FAILURES):
        _sign_in(client, "root", "guess", path=ADMIN_LOGIN)
    refused = _sign_in(client, "root", factories.PASSWORD, path=ADMIN_LOGIN)
    assert "Too many failed sign-in attempts. Please try again in 15 minutes." in refused.content.decode()
    assert not _signed_in(client)
    # The lock is the account's, wherever the next attempt comes from.
    assert _sign_in(client, "root", factories.PASSWORD).status_code == 429


def test_the_admin_and_the_sign_in_page_share_one_count(client, db):
    factories.user(role="admin", region=None, username="root", is_staff=True)
    half = throttle.ACCOUNT_FAILURES // 2
    for _ in range(half):
        _sign_in(client, "root", "guess", path=ADMIN_LOGIN)
    for _ in range(throttle.ACCOUNT_FAILURES - half):
        _sign_in(client, "root", "guess")
    refused = _sign_in(client, "root", factories.PASSWORD, path=ADMIN_LOGIN)
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert not _signed_in(client)


def test_a_made_up_forwarded_for_header_does_not_reset_the_address_count(client, db, maria):
    # No trusted proxy (the default): X-Forwarded-For is the client's own word and is ignored.
    for n in range(throttle.ADDRESS_FAILURES):
        _sign_in(client, f"user{n}", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    refused = _sign_in(client, "maria", factories.PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert refused.status_code == 429 and "Too many failed sign-in attempts" in refused.content.decode()


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(db, maria, settings):
    settings.SPCP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    for n in range(throttle.ADDRESS_FAILURES):
        _sign_in(proxy, f"user{n}", "guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The proxy appends the address it saw: a client cannot escape by naming someone else first.
    spoofed = _sign_in(proxy, "maria", factories.PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    assert spoofed.status_code == 429
    other = _sign_in(proxy, "maria", factories.PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert other.status_code == 302
