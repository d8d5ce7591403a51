from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from spcp.common import health


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "common/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It touches nothing else, so a database outage does not get it restarted."""
    return JsonResponse({"ok": True})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database (and Redis, when configured) answer, else 503 naming what failed."""
    checks = health.readiness()
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
