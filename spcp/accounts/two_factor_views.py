"""The second step of signing in, for CRS staff (always) and volunteers (who chose it): a code from an
authenticator app or a one-time recovery code; enrolment with a QR code; recovery codes; the account page.

The password step is accounts.views.LoginView, unchanged; TwoFactorMiddleware sends an account that still
needs its code here before any other page or API answers.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device

from spcp.accounts import forms, selectors, services
from spcp.accounts.http import AuthedRequest
from spcp.accounts.middleware import needs_second_factor
from spcp.common.forms import posted
from spcp.common.qr import inline_qr


def _next_url(request: HttpRequest) -> str:
    """Where to go once signed in: a safe `next` from the query or form, or the programs dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _signed_in_with(request: HttpRequest, device: Device) -> None:
    request.session.cycle_key()  # a new session id once the sign-in is complete
    otp_login(request, device)


@login_required
def two_factor(request: AuthedRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    next_url = _next_url(request)
    if not needs_second_factor(request):
        return redirect(next_url)
    if not selectors.two_factor_enrolled(request.user):
        return redirect(f"{reverse('accounts:two_factor_enrol')}?{urlencode({'next': next_url})}")
    code_form = forms.CodeForm(request.POST if "code" in request.POST else None)
    recovery_form = forms.RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None)
    if code_form.is_bound and code_form.is_valid():
        try:
            device: Device = services.two_factor_verify(user=request.user, code=code_form.cleaned_data["code"])
        except ValidationError as exc:
            code_form.add_service_errors(exc)
        else:
            _signed_in_with(request, device)
            return redirect(next_url)
    if recovery_form.is_bound and recovery_form.is_valid():
        try:
            device = services.recovery_code_use(user=request.user, code=recovery_form.cleaned_data["recovery_code"])
        except ValidationError as exc:
            recovery_form.add_service_errors(exc)
        else:
            _signed_in_with(request, device)
            left = selectors.recovery_codes_remaining(user=request.user)
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code. %(count)d recovery code is left: make new ones "
                    "on your account page.",
                    "You signed in with a recovery code. %(count)d recovery codes are left: make new ones "
                    "on your account page.",
                    left,
                )
                % {"count": left},
            )
            return redirect(next_url)
    context = {"code_form": code_form, "recovery_form": recovery_form, "next": next_url}
    return render(request, "accounts/two_factor.html", context)


@login_required
def two_factor_enrol(request: AuthedRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm one code, save recovery codes."""
    next_url = _next_url(request)
    if selectors.two_factor_enrolled(request.user):
        return redirect("accounts:account")
    device = services.totp_device_start(user=request.user)
    form = forms.CodeForm(posted(request))
    if form.is_valid():
        try:
            codes = services.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            _signed_in_with(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
    context = {
        "form": form,
        "next": next_url,
        "mandatory": selectors.two_factor_mandatory(request.user),
        "qr": inline_qr(device.config_url, _("QR code to scan with your authenticator app")),
        "secret": selectors.totp_secret(device),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    """The signed-in user's account: their role and their two-step sign-in."""
    user = request.user
    context = {
        "enrolled": selectors.two_factor_enrolled(user),
        "mandatory": selectors.two_factor_mandatory(user),
        "recovery_codes_left": selectors.recovery_codes_remaining(user=user),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def recovery_codes_regenerate(request: AuthedRequest) -> HttpResponse:
    """A new set of recovery codes, shown once; the old ones stop working."""
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:account")})


@require_POST
@login_required
def two_factor_turn_off(request: AuthedRequest) -> HttpResponse:
    """A volunteer turns their optional two-step sign-in off (CRS staff cannot)."""
    try:
        services.two_factor_reset(actor=request.user, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Two-step sign-in is off. You sign in with your password only."))
    return redirect("accounts:account")
