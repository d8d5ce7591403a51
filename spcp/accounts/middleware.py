"""Two-step sign-in as a gate: until a signed-in account that needs a second factor has entered a code, every
page sends it to the code page and every API call answers 401, so no staff page or staff API answers on a
password alone. Django's own login view is left as it is (the password step); the gate does the rest.

Websockets carry the same session: TwoFactorScopeMiddleware treats an unverified session as signed out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from spcp.accounts.selectors import two_factor_required, two_factor_session_verified

# The pages an account that has given its password but not yet its code may see.
OPEN_BEFORE_SECOND_FACTOR = {"accounts:two_factor", "accounts:two_factor_enrol", "accounts:logout"}


def needs_second_factor(request: HttpRequest) -> bool:
    """Signed in with a password, but not yet with the code this account requires."""
    user = request.user
    verified = getattr(user, "is_verified", None)  # installed by django_otp's OTPMiddleware
    return bool(user.is_authenticated and not (verified and verified()) and two_factor_required(user))


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not needs_second_factor(request):
            return None
        if request.path.startswith("/api/"):
            detail = _("Finish signing in: enter the code from your authenticator app.")
            return JsonResponse({"detail": detail, "errors": {}}, status=401)
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorScopeMiddleware:
    """ASGI (websocket) middleware, inside Channels' AuthMiddlewareStack: an unverified session is anonymous."""

    def __init__(self, inner: Any):
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if user is not None and user.is_authenticated:
            session = scope.get("session")
            device_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
            verified = await database_sync_to_async(two_factor_session_verified)(user=user, device_id=device_id)
            if not verified:
                scope = {**scope, "user": AnonymousUser()}
        return await self.inner(scope, receive, send)
