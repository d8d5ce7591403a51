"""Sign-in, throttled: case information is confidential, so password guessing is slowed per client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from spcp.common.ratelimit import rate_limited

SIGN_IN_ATTEMPTS_PER_15_MINUTES = 30


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limited(request, "sign-in", limit=SIGN_IN_ATTEMPTS_PER_15_MINUTES, window_seconds=15 * 60):
            form = self.get_form()
            form.add_error(None, _("Too many sign-in attempts from this device. Please wait 15 minutes."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
