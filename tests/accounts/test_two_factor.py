"""Two-step sign-in: staff give a code from an authenticator app (or a recovery code) after their password,
before any staff page, API call or websocket answers; volunteers may choose it."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from spcp.accounts.middleware import TwoFactorScopeMiddleware
from spcp.programs.models import AuditEntry
from tests import factories
from tests.two_factor import authenticator, code_for, code_from_secret, password_only_login


@pytest.fixture
def conciliator(program):
    return program.conciliator


def _enrol(client, lang: str = "en", next_url: str = "") -> tuple[TOTPDevice, list[str], str]:
    """Go through the enrolment page as a person does: read the key, type the app's code; returns the
    device, the recovery codes shown and the page."""
    page = client.get(f"/{lang}/accounts/two-factor/enrol/{next_url}").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    response = client.post(f"/{lang}/accounts/two-factor/enrol/{next_url}", {"code": code_from_secret(secret)})
    assert response.status_code == 200
    shown = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    return TOTPDevice.objects.get(confirmed=True), codes, shown


def test_staff_signing_in_for_the_first_time_are_sent_to_set_up_two_step_sign_in(client, conciliator):
    response = client.post("/en/accounts/login/", {"username": "conciliator", "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/programs/"
    gate = client.get("/en/programs/")
    assert gate.status_code == 302 and gate["Location"] == "/en/accounts/two-factor/?next=" + quote("/en/programs/", "")
    step = client.get(gate["Location"])
    assert step.status_code == 302 and step["Location"].startswith("/en/accounts/two-factor/enrol/?next=")
    page = client.get(step["Location"]).content.decode()
    assert 'role="img" aria-label="QR code to scan with your authenticator app"' in page and "<svg" in page
    assert re.search(r'id="totp-secret">[A-Z2-7]{4}( [A-Z2-7]{4}){7}<', page)  # 160 bits, typed in groups
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page


def test_enrolment_confirms_one_code_shows_ten_recovery_codes_once_and_audits(client, conciliator):
    password_only_login(client, conciliator)
    device, codes, shown = _enrol(client, next_url="?next=/en/programs/")
    assert device.user == conciliator and len(set(codes)) == 10
    assert "only time these codes are shown" in shown and 'href="/en/programs/"' in shown
    assert StaticDevice.objects.get(user=conciliator).token_set.count() == 10
    assert client.get("/en/programs/").status_code == 200  # this session is now verified
    entry = AuditEntry.objects.get(action="accounts.two_factor_enrolled")
    assert entry.actor == conciliator and entry.target_id == str(conciliator.pk) and entry.program is None
    # The set-up page is not offered again, so the codes cannot be shown twice.
    assert client.get("/en/accounts/two-factor/enrol/")["Location"] == "/en/accounts/"


def test_enrolment_refuses_a_wrong_code_in_the_users_language_and_stays_unconfirmed(client, conciliator):
    password_only_login(client, conciliator)
    client.get("/ko/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=conciliator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/ko/accounts/two-factor/enrol/", {"code": wrong})
    assert response.status_code == 200
    assert "코드가 올바르지 않습니다" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=conciliator).exists()
    assert client.get("/ko/programs/").status_code == 302


def test_a_code_that_is_not_six_digits_is_refused_on_its_field(client, conciliator):
    authenticator(conciliator)
    password_only_login(client, conciliator)
    response = client.post("/en/accounts/two-factor/", {"code": "12ab"})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_code-error"[^>]*>\s*Enter the 6-digit code from your authenticator app', page)


def test_with_only_a_password_staff_pages_api_and_admin_refuse_until_the_code_is_given(client, program, role_users):
    admin = role_users["admin"]
    device = authenticator(admin)
    password_only_login(client, admin)
    assert client.get(f"/en/programs/{program.pk}/")["Location"].startswith("/en/accounts/two-factor/?next=")
    assert client.get("/en/requests/triage/")["Location"].startswith("/en/accounts/two-factor/")
    assert client.get("/en/admin/")["Location"].startswith("/en/accounts/two-factor/")
    api = client.get(f"/api/programs/{program.pk}")
    assert api.status_code == 401
    assert api.json() == {"detail": "Finish signing in: enter the code from your authenticator app.", "errors": {}}
    # A person who knows the password but not the phone cannot set up a new authenticator instead.
    client.get("/en/accounts/two-factor/enrol/")
    assert list(TOTPDevice.objects.filter(user=admin)) == [device]

    response = client.post(f"/en/accounts/two-factor/?next=/en/programs/{program.pk}/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == f"/en/programs/{program.pk}/"
    assert client.get(f"/api/programs/{program.pk}").status_code == 200
    assert client.get("/en/admin/").status_code == 200


def test_the_django_admin_itself_requires_a_verified_session(rf, role_users):
    from django.contrib import admin as django_admin

    request = rf.get("/en/admin/")
    request.user = role_users["admin"]
    request.user.is_verified = lambda: False
    assert not django_admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert django_admin.site.has_permission(request)


def test_a_code_is_accepted_once_and_a_wrong_one_is_refused_then_slowed_down(client, conciliator):
    device = authenticator(conciliator)
    password_only_login(client, conciliator)
    code = code_for(device)
    assert client.post("/en/accounts/two-factor/", {"code": code}).status_code == 302
    client.post("/en/accounts/logout/")
    password_only_login(client, conciliator)
    replay = client.post("/en/accounts/two-factor/", {"code": code})
    assert replay.status_code == 200 and "That code is not right" in replay.content.decode()
    again = client.post("/ko/accounts/two-factor/", {"code": code_for(device)})
    assert again.status_code == 200
    assert "잘못된 코드를 너무 많이 입력했습니다" in again.content.decode()  # throttled, even for the right code
    assert client.get("/en/programs/").status_code == 302


def test_a_recovery_code_signs_in_once_and_is_audited(client, conciliator):
    password_only_login(client, conciliator)
    _, codes, _ = _enrol(client)
    client.post("/en/accounts/logout/")

    password_only_login(client, conciliator)
    response = client.post("/en/accounts/two-factor/?next=/en/programs/", {"recovery_code": codes[0].upper()})
    assert response.status_code == 302 and response["Location"] == "/en/programs/"
    assert "9 recovery codes are left" in client.get("/en/programs/").content.decode()
    assert AuditEntry.objects.filter(action="accounts.recovery_code_used", actor=conciliator).count() == 1
    client.post("/en/accounts/logout/")

    password_only_login(client, conciliator)
    spent = client.post("/en/accounts/two-factor/", {"recovery_code": codes[0]})
    assert "That recovery code is not right, or it has already been used." in spent.content.decode()
    assert client.get("/en/programs/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, conciliator):
    password_only_login(client, conciliator)
    _, old, _ = _enrol(client)
    response = client.post("/en/accounts/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEntry.objects.filter(action="accounts.recovery_codes_regenerated", actor=conciliator).exists()
    client.post("/en/accounts/logout/")
    password_only_login(client, conciliator)
    assert client.post("/en/accounts/two-factor/", {"recovery_code": old[1]}).status_code == 200
    StaticDevice.objects.filter(user=conciliator).update(throttling_failure_count=0)  # not the point here
    assert client.post("/en/accounts/two-factor/", {"recovery_code": new[1]}).status_code == 302


def test_volunteers_sign_in_with_a_password_until_they_choose_two_step_sign_in(client, role_users):
    planner = role_users["planning_member"]
    password_only_login(client, planner)
    account = client.get("/en/accounts/").content.decode()
    assert "Off: you sign in with your password only." in account
    assert client.get("/en/programs/").status_code == 200

    _enrol(client, next_url="?next=/en/accounts/")
    assert "On: you sign in with your password and a code" in client.get("/en/accounts/").content.decode()
    client.post("/en/accounts/logout/")
    password_only_login(client, planner)
    assert client.get("/en/programs/")["Location"].startswith("/en/accounts/two-factor/")
    client.post("/en/accounts/two-factor/", {"code": code_for(TOTPDevice.objects.get(user=planner))})

    response = client.post("/en/accounts/two-factor/turn-off/", follow=True)
    assert "Two-step sign-in is off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=planner).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor_reset", actor=planner).exists()


def test_staff_cannot_turn_two_step_sign_in_off(client, conciliator):
    authenticator(conciliator)
    client.force_login(conciliator)
    account = client.get("/en/accounts/").content.decode()
    assert "turn-off" not in account
    response = client.post("/en/accounts/two-factor/turn-off/", follow=True)
    assert "Two-step sign-in is required for CRS staff." in response.content.decode()
    assert TOTPDevice.objects.filter(user=conciliator, confirmed=True).exists()


def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(client, role_users, conciliator):
    authenticator(conciliator)
    client.force_login(role_users["admin"])
    response = client.post(
        "/en/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [conciliator.pk]}, follow=True
    )
    assert "Two-step sign-in reset for 1 account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=conciliator).exists()
    entry = AuditEntry.objects.get(action="accounts.two_factor_reset")
    assert entry.actor == role_users["admin"] and entry.target_id == str(conciliator.pk)

    client.post("/en/accounts/logout/")
    password_only_login(client, conciliator)
    assert client.get("/en/accounts/two-factor/")["Location"].startswith("/en/accounts/two-factor/enrol/")


def test_a_reset_ends_sessions_verified_with_the_old_device(client, conciliator):
    client.force_login(conciliator)
    assert client.get("/en/programs/").status_code == 200
    TOTPDevice.objects.filter(user=conciliator).delete()
    assert client.get("/en/programs/")["Location"].startswith("/en/accounts/two-factor/")


def test_next_never_leaves_the_site(client, conciliator):
    device = authenticator(conciliator)
    password_only_login(client, conciliator)
    response = client.post("/en/accounts/two-factor/?next=https://evil.example/", {"code": code_for(device)})
    assert response["Location"] == "/en/programs/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_websocket_with_an_unverified_staff_session_is_anonymous(conciliator):
    authenticator(conciliator)
    seen = []

    async def inner(scope, receive, send):
        seen.append(scope["user"])

    async def connect(session):
        scope = {"type": "websocket", "user": conciliator, "session": session}
        await TwoFactorScopeMiddleware(inner)(scope, None, None)

    password_only = SessionStore()
    asyncio.run(connect(password_only))
    verified = SessionStore()
    verified[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=conciliator).persistent_id
    asyncio.run(connect(verified))
    assert isinstance(seen[0], AnonymousUser) and seen[1] == conciliator


def test_demo_staff_are_enrolled_and_the_demo_prints_their_key_and_recovery_codes(client, db):
    import io

    from spcp import demo
    from spcp.accounts.models import User
    from spcp.accounts.selectors import totp_secret

    out = io.StringIO()
    demo.load(out=out)
    printed = out.getvalue()
    grace = User.objects.get(username="conciliator")
    device = TOTPDevice.objects.get(user=grace, confirmed=True)
    assert f"conciliator     key {totp_secret(device)}" in printed
    codes = re.search(r"conciliator     key .*\n\s+recovery codes ((?:[a-z2-7]{8} ?){10})\n", printed).group(1).split()
    assert not TOTPDevice.objects.filter(user__username="planner").exists()  # volunteers choose for themselves

    client.post("/en/accounts/login/", {"username": "conciliator", "password": demo.PASSWORD})
    assert client.post("/en/accounts/two-factor/", {"code": demo.current_code("conciliator")}).status_code == 302
    assert client.get("/en/programs/").status_code == 200
    client.post("/en/accounts/logout/")
    client.post("/en/accounts/login/", {"username": "conciliator", "password": demo.PASSWORD})
    assert client.post("/en/accounts/two-factor/", {"recovery_code": codes[0]}).status_code == 302
    again = io.StringIO()
    demo.load(out=again)
    assert f"recovery codes {' '.join(codes[1:])}\n" in again.getvalue()  # the one used is no longer listed


def test_test_clients_sign_staff_in_verified_and_password_only_sign_in_stays_unverified(client, conciliator):
    # The helpers every other test relies on: force_login and login finish the second step for staff.
    assert client.login(username="conciliator", password=factories.PASSWORD)
    assert client.get("/en/programs/").status_code == 200
    client.logout()
    client.force_login(conciliator)
    assert client.get("/en/programs/").status_code == 200
    client.logout()
    password_only_login(client, conciliator)
    assert client.get("/en/programs/").status_code == 302
