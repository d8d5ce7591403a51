"""Sign-in, throttled: case information is confidential, so failed password checks are counted (throttle.py)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from spcp.accounts.throttle import SignInForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def form_invalid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.lockout:
            response.status_code = 429
            response["Retry-After"] = str(form.lockout.seconds_left)
        return response
