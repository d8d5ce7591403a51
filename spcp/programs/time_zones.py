"""Pages about a program show and read times in the program's time zone.

The middleware activates the zone for any view whose URL names a program (`program_id`), so templates,
forms and `timezone.localtime` all work in local time while the database keeps UTC. The zone is looked up
once and kept in the shared cache (Redis when scaled out); changing a program's zone forgets it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

CACHE_SECONDS = 24 * 3600
_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and within 64 bits


def _key(program_id: int) -> str:
    return f"program-time-zone:{program_id}"


def program_time_zone(program_id: int) -> str | None:
    """The program's zone name, or None for a program that does not exist."""
    from spcp.programs.models import Program

    name = cache.get(_key(program_id))
    if name is None:
        name = Program.objects.filter(pk=program_id).values_list("time_zone", flat=True).first()
        if name is not None:
            cache.set(_key(program_id), name, CACHE_SECONDS)
    return name


def forget_time_zone(program_id: int) -> None:
    cache.delete(_key(program_id))


def _program_id(value: object) -> int | None:
    """The id a URL names: an int from a page's converter, or the raw segment of an API path (any text, which
    the endpoint itself refuses with a 422; here it simply names no program)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


class ProgramTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        program_id = _program_id(kwargs.get("program_id"))
        name = program_time_zone(program_id) if program_id is not None else None
        if name:
            timezone.activate(ZoneInfo(name))
        else:
            timezone.deactivate()
