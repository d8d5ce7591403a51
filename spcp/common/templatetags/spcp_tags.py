from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def localized(obj: object) -> str:
    """Display name of a reference-data row in the current language."""
    method = getattr(obj, "localized_name", None)
    return method() if callable(method) else str(obj)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


_HANGUL_WORD = re.compile(r"\S*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]\S*")


@register.filter
def keep_words(value: object) -> SafeString:
    """Escape the text and keep each Korean word whole when a line wraps (`<span class="kw">`, nowrap in the
    print styles). Korean breaks between words, but Pango (WeasyPrint) breaks between any two syllables and
    WeasyPrint has no `word-break: keep-all`; narrow PDF columns otherwise print "완" / "료"."""
    text = escape(str(value))
    return mark_safe(_HANGUL_WORD.sub(lambda m: f'<span class="kw">{m.group(0)}</span>', text))  # noqa: S308  (escaped above)


@register.filter
def when(value: datetime.datetime | None, zone: str = "") -> str:
    """A moment as every page writes it: the locale's DATETIME_FORMAT, in `zone` (an IANA name, e.g. a request's
    state's) when given, else in the active zone (the program's on its pages), then the zone's abbreviation."""
    if not isinstance(value, datetime.datetime):
        return ""
    local = timezone.localtime(value, ZoneInfo(zone) if zone else timezone.get_current_timezone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname() or ''}".strip()
