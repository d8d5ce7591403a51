"""Sign-in throttling: failed password checks are counted per account and per client address.

Case information is confidential, so password guessing is slowed down; signing in successfully never counts
(a CRS office behind one address signs many people in each morning). Ten failures for one username, or
thirty from one address, within a quarter of an hour lock that username or address for a quarter of an hour.
Usernames that do not exist are counted like real ones, so the lock reveals nothing about which exist.

Every password check goes through this, whichever form asks (the sign-in page, the admin's):
`SignInThrottleBackend`, first in AUTHENTICATION_BACKENDS, refuses while locked, and the `user_login_failed`
signal counts a failure. The sign-in forms check first so that they can say when to try again.

Counters live in the shared cache (Redis when several processes serve), under keyed hashes (HMAC with the
site's secret key) of the username and of the address, like spcp.common.ratelimit: the cache holds neither."""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import ngettext

from spcp.common.ratelimit import client_key

ACCOUNT_FAILURES = 10
ADDRESS_FAILURES = 30
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60


@dataclass(frozen=True)
class Lockout:
    until: float  # seconds since the epoch

    @property
    def seconds_left(self) -> int:
        return max(1, math.ceil(self.until - time.time()))

    @property
    def message(self) -> str:
        minutes = math.ceil(self.seconds_left / 60)
        return ngettext(
            "Too many failed sign-in attempts. Please try again in %(minutes)s minute.",
            "Too many failed sign-in attempts. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}


def _account_key(username: str) -> str:
    # Case-folded, so that "Maria" and "maria" share one count.
    name = username.strip().casefold().encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"sign-in:" + name, hashlib.sha256).hexdigest()[:32]


def _counters(request: HttpRequest, username: str | None) -> list[tuple[str, int]]:
    counters = [(f"address:{client_key(request)}", ADDRESS_FAILURES)]
    if username:
        counters.append((f"account:{_account_key(username)}", ACCOUNT_FAILURES))
    return counters


def sign_in_lockout(*, request: HttpRequest, username: str | None) -> Lockout | None:
    """The lock on this username or this client's address, if either is locked (the later one's end)."""
    locks = cache.get_many([f"signin:locked:{key}" for key, _ in _counters(request, username)])
    until = max(locks.values(), default=0.0)
    return Lockout(until=until) if until > time.time() else None


def sign_in_failure_record(*, request: HttpRequest, username: str | None) -> Lockout | None:
    """Count one failed password check for the username and the address; lock whichever reaches its limit."""
    for key, limit in _counters(request, username):
        failures_key = f"signin:failures:{key}"
        if cache.add(failures_key, 1, timeout=WINDOW_SECONDS):
            count = 1
        else:
            try:
                count = cache.incr(failures_key)
            except ValueError:  # expired between add and incr
                cache.add(failures_key, 1, timeout=WINDOW_SECONDS)
                count = 1
        if count >= limit:
            cache.set(f"signin:locked:{key}", time.time() + LOCKOUT_SECONDS, timeout=LOCKOUT_SECONDS)
            cache.delete(failures_key)
    return sign_in_lockout(request=request, username=username)


def sign_in_success_record(*, username: str) -> None:
    """A correct password clears that account's failures (not the address's: one account must not reset it)."""
    cache.delete(f"signin:failures:account:{_account_key(username)}")


def _username(credentials: dict[str, Any]) -> str | None:
    username = credentials.get("username", credentials.get(get_user_model().USERNAME_FIELD))
    return username if isinstance(username, str) else None


class SignInThrottleBackend:
    """Refuses every password check for a locked username or address; never signs anyone in itself."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is not None and sign_in_lockout(request=request, username=_username(credentials)):
            raise PermissionDenied  # stops Django trying the other backends

    # No get_user: Django (force_login, sessions) then never takes this for the backend that signed someone in.


@receiver(user_login_failed)
def _count_failed_sign_in(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:
        return
    username = _username(credentials)
    # A refusal while locked checked no password: it does not count again.
    if sign_in_lockout(request=request, username=username) is None:
        sign_in_failure_record(request=request, username=username)


@receiver(user_logged_in)
def _clear_account_failures(sender: object, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    sign_in_success_record(username=user.get_username())


class ThrottledSignInFormMixin:
    """For an AuthenticationForm: refuses while locked, saying when to try again (also after the last failure)."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    lockout: Lockout | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if self.request is not None:
            self.lockout = sign_in_lockout(request=self.request, username=username)
            if self.lockout:
                raise ValidationError(self.lockout.message, code="throttled")
        try:
            return super().clean()  # type: ignore[misc]  # AuthenticationForm.clean, next in the MRO
        except ValidationError as error:
            if self.request is not None:
                self.lockout = sign_in_lockout(request=self.request, username=username)
                if self.lockout:  # this failure was the last one allowed
                    raise ValidationError(self.lockout.message, code="throttled") from error
            raise


class SignInForm(ThrottledSignInFormMixin, AuthenticationForm):
    pass


class AdminSignInForm(ThrottledSignInFormMixin, AdminAuthenticationForm):
    pass
