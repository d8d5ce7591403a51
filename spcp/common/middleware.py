"""Refuse a URL whose path or query holds a control character (spcp.common.inputs), before any view reads it:
every view and endpoint takes text from its URL (a forum code, a status filter), and PostgreSQL cannot even
compare a NUL byte."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from spcp.common import inputs


class UrlInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        texts = [request.path, *request.GET.keys(), *(v for _key, values in request.GET.lists() for v in values)]
        for text in texts:
            if (character := inputs.forbidden_character(text)) is not None:
                return _refusal(request, inputs.character_code(character))
        return self.get_response(request)


def _refusal(request: HttpRequest, code: str) -> HttpResponse:
    detail = _("The address holds an invisible control character (%(code)s). Check the link.") % {"code": code}
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": detail, "errors": {}}, status=400)
    # A page answers with the site's own 400 page (handler400), and the refusal is logged as suspicious.
    raise SuspiciousOperation(f"control character {code} in the URL")
