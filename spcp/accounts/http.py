"""Request types for views and endpoints that only signed-in users reach."""

from __future__ import annotations

from django.http import HttpRequest

from spcp.accounts.models import User


class AuthedRequest(HttpRequest):
    """An HttpRequest behind login_required or django_auth: request.user is a real User."""

    user: User
