from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spcp.offices import selectors


def directory(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "offices/directory.html",
        {"regions": selectors.region_list(), "headquarters": selectors.headquarters()},
    )
