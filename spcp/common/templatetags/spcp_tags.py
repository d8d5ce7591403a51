from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def localized(obj: object) -> str:
    """Display name of a reference-data row in the current language."""
    method = getattr(obj, "localized_name", None)
    return method() if callable(method) else str(obj)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


@register.filter
def when(value: datetime.datetime | None, zone: str = "") -> str:
    """A moment as every page writes it: the locale's DATETIME_FORMAT, in `zone` (an IANA name, e.g. a request's
    state's) when given, else in the active zone (the program's on its pages), then the zone's abbreviation."""
    if not isinstance(value, datetime.datetime):
        return ""
    local = timezone.localtime(value, ZoneInfo(zone) if zone else timezone.get_current_timezone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname() or ''}".strip()
