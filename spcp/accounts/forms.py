"""The two-step sign-in forms: a 6-digit code from an authenticator app, or a one-time recovery code."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spcp.common.forms import Form


class CodeForm(Form):
    code = forms.CharField(
        label=_("6-digit code"),
        help_text=_("Open the authenticator app on your phone and type the code it shows for CRS SPCP."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "size": 8}
        ),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(_("Enter the 6-digit code from your authenticator app."), code="format")
        return code


class RecoveryCodeForm(Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the codes you saved when you set up two-step sign-in. Each works once."),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "size": 12}
        ),
        error_messages={"required": _("Enter one of your recovery codes.")},
    )
