"""Writes about accounts: enrolling an authenticator app, checking codes, recovery codes, resetting.

Codes are checked by django-otp's devices, which throttle themselves: each wrong code doubles the wait before
the next try (1 s, 2 s, 4 s …) and a TOTP code is accepted once only. A wrong code's throttle count must be
kept, so the check commits before a refusal is raised (a ValidationError raised inside the atomic block
would roll the count back).
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from spcp.accounts.models import User
from spcp.accounts.selectors import two_factor_mandatory
from spcp.accounts.signals import account_audited

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _audit(*, actor: User | None, user: User, action: str) -> None:
    account_audited.send(sender=User, actor=actor, user=user, action=action)


def _refuse_if_throttled(device: ThrottlingMixin, field: str) -> None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (info or {}).get("locked_until")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    raise ValidationError(
        {
            field: ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            )
            % {"seconds": seconds}
        },
        code="throttled",
    )


def _wrong_code() -> ValidationError:
    return ValidationError(
        {"code": _("That code is not right. Enter the 6-digit code your authenticator app shows now.")},
        code="wrong_code",
    )


def _check_totp(device: TOTPDevice, code: str) -> None:
    """Check `code` against `device` (locked, so two requests cannot both use one code); raise if refused."""
    _refuse_if_throttled(device, "code")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        accepted = locked.verify_token(code)  # saves last_t (no replay), or the throttle count
    if not accepted:
        raise _wrong_code()


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is enrolling: the one already started, or a new secret."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-step sign-in is already set up for this account."), code="enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm an enrolling authenticator with one code from it; returns new recovery codes (shown once)."""
    if device.confirmed:
        raise ValidationError(_("Two-step sign-in is already set up for this account."), code="enrolled")
    _check_totp(device, code)
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        _audit(actor=user, user=user, action="accounts.two_factor_enrolled")
    return codes


def two_factor_verify(*, user: User, code: str) -> TOTPDevice:
    """Check a sign-in code from the user's authenticator app; returns the device that accepted it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(_("Two-step sign-in is not set up for this account."), code="not_enrolled")
    _check_totp(device, code)
    return device


def recovery_code_use(*, user: User, code: str) -> StaticDevice:
    """Spend one recovery code in place of an authenticator code; each code works once."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    refused = ValidationError(
        {"recovery_code": _("That recovery code is not right, or it has already been used.")}, code="wrong_code"
    )
    if device is None:
        raise refused
    _refuse_if_throttled(device, "recovery_code")
    normalized = code.strip().lower().replace(" ", "").replace("-", "")
    with transaction.atomic():
        locked = StaticDevice.objects.select_for_update().get(pk=device.pk)
        accepted = locked.verify_token(normalized)  # deletes the code it matched
        if accepted:
            _audit(actor=user, user=user, action="accounts.recovery_code_used")
    if not accepted:
        raise refused
    return device


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with a new set (the old ones stop working); returns them, shown once."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-step sign-in is not set up for this account."), code="not_enrolled")
    codes = _recovery_codes_replace(user)
    _audit(actor=user, user=user, action="accounts.recovery_codes_regenerated")
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """Remove the user's authenticator and recovery codes. An administrator resets anyone (a lost phone: they
    enrol again at their next sign-in); a volunteer may turn their own optional two-step sign-in off."""
    if not actor.is_crs_admin and (actor.pk != user.pk or two_factor_mandatory(user)):
        raise ValidationError(
            _("Two-step sign-in is required for CRS staff. Ask a CRS administrator to reset it."), code="required"
        )
    removed, _counts = TOTPDevice.objects.filter(user=user).delete()
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        raise ValidationError(_("Two-step sign-in is not set up for this account."), code="not_enrolled")
    _audit(actor=actor, user=user, action="accounts.two_factor_reset")
