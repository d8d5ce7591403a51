"""Reads about accounts: who must sign in with a second factor, and the devices they hold."""

from __future__ import annotations

from base64 import b32encode

from django.contrib.auth.models import AnonymousUser
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from spcp.accounts.models import CRS_STAFF_ROLES, User


def two_factor_mandatory(user: User) -> bool:
    """CRS staff (and superusers, who reach the admin) must use a second factor; volunteers may."""
    return user.role in CRS_STAFF_ROLES or user.is_superuser


def totp_device_get(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user: User | AnonymousUser) -> bool:
    """Whether this account must verify a code at sign-in: staff always, volunteers once they have enrolled."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return two_factor_mandatory(user) or two_factor_enrolled(user)


def recovery_codes_remaining(*, user: User) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def two_factor_session_verified(*, user: User | AnonymousUser, device_id: str | None) -> bool:
    """Whether a session (holding django-otp's device id, or none) has finished signing `user` in."""
    if not two_factor_required(user):
        return True
    device = Device.from_persistent_id(device_id) if device_id else None
    return device is not None and device.user_id == user.pk and device.confirmed
