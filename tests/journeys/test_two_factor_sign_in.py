"""A conciliator's first sign-in sets up two-step sign-in; later sign-ins ask for the app's code, refuse a wrong
one in the user's language, and accept a recovery code. Every page is checked with axe-core."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.two_factor import code_for, code_from_secret


def _password_step(visitor, lang: str) -> None:
    page = visitor.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()


def _sign_out(visitor) -> None:
    with visitor.page.expect_navigation():
        visitor.page.click("form.spcp-signout button")
    visitor.check()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_enrol_at_first_sign_in_then_give_a_code_or_a_recovery_code_each_time(visitor, db):
    factories.user(role="conciliator", username="maria")
    visitor.second_factor = False  # this test types the codes itself
    page = visitor.page

    # First sign-in: the password, then the set-up page (QR code drawn on the server, and the key as text).
    _password_step(visitor, "en")
    assert page.url.startswith(f"{visitor.base_url}/en/accounts/two-factor/enrol/")
    qr = page.locator("main svg[role=img]")
    assert qr.get_attribute("aria-label") == "QR code to scan with your authenticator app"
    field = page.locator("#id_code")
    assert field.get_attribute("autocomplete") == "one-time-code" and field.get_attribute("inputmode") == "numeric"
    assert page.locator("label[for=id_code]").inner_text() == "6-digit code"
    secret = page.inner_text("#totp-secret")
    page.fill("#id_code", code_from_secret(secret))
    visitor.submit()

    # The recovery codes, once; then on to the programs.
    assert "This is the only time these codes are shown." in page.locator("main").inner_text()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    with page.expect_navigation():
        page.click("main a.usa-button")
    visitor.check()
    assert page.url == f"{visitor.base_url}/en/programs/"
    _sign_out(visitor)

    # Next sign-in: the code the phone shows now.
    _password_step(visitor, "en")
    assert page.url.startswith(f"{visitor.base_url}/en/accounts/two-factor/?next=")
    device = TOTPDevice.objects.get(user__username="maria", confirmed=True)
    page.fill("#id_code", code_for(device))
    visitor.submit("#code-form [type=submit]")
    assert page.url == f"{visitor.base_url}/en/programs/"
    _sign_out(visitor)

    # In Korean, a wrong code is refused on its field, in Korean; a recovery code then signs in.
    _password_step(visitor, "ko")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    page.fill("#id_code", wrong)
    visitor.submit("#code-form [type=submit]")
    assert "코드가 올바르지 않습니다" in page.inner_text("#id_code-error")
    assert page.url.startswith(f"{visitor.base_url}/ko/accounts/two-factor/")
    page.fill("#id_recovery_code", codes[0])
    visitor.submit("#recovery-form [type=submit]")
    assert page.url == f"{visitor.base_url}/ko/programs/"
    assert "남은 복구 코드는 9개입니다" in page.locator("main").inner_text()
