"""Signing tests in with the second factor, as staff sign in for real.

tests/conftest.py wraps Client.force_login and Client.login (and AsyncClient's) with `verified_force_login` and
`verified_login`: an account that
needs two-step sign-in (CRS staff always; volunteers who enrolled) gets a confirmed authenticator and a session
that has verified it, as after typing a code. Tests of the two-step sign-in itself use `password_only_login`,
a session that has given only the password.
"""

from __future__ import annotations

import base64
import time

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from spcp.accounts.selectors import two_factor_required

_django_force_login = ClientMixin.force_login  # taken before conftest wraps them
_django_login = ClientMixin.login


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, set up now if they have none (as if they enrolled earlier)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the user's phone shows: for this time step, or the next if this one has been used already
    (the server accepts one step either side, and each step once)."""
    device.refresh_from_db()
    step = max((int(time.time()) - device.t0) // device.step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def code_from_secret(secret: str, step: int | None = None) -> str:
    """The code for a setup key as the enrolment page shows it (base32 in groups), now or at a time step."""
    text = secret.replace(" ", "").upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{hotp(key, int(time.time()) // 30 if step is None else step, digits=6):06d}"


def password_only_login(client, user) -> None:
    """Signed in with the password only: the second step is still to do."""
    _django_force_login(client, user)


def verify_session(client, user) -> TOTPDevice:
    """Mark the client's session as verified with the user's authenticator (as after typing its code)."""
    device = authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def verified_force_login(client, user, backend=None) -> None:
    """Client.force_login, finishing the second step too for an account that needs one."""
    _django_force_login(client, user, backend)
    if two_factor_required(user):
        verify_session(client, user)


def verified_login(client, **credentials) -> bool:
    """Client.login (username and password), finishing the second step too for an account that needs one."""
    from spcp.accounts.models import User

    signed_in = _django_login(client, **credentials)
    if signed_in:
        user = User.objects.get(pk=client.session["_auth_user_id"])
        if two_factor_required(user):
            verify_session(client, user)
    return signed_in
