"""Template context every page needs: the language switcher's links."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

LANGUAGE_NAMES = {"en": "English", "ko": "한국어", "es": "Español", "zh-hans": "简体中文", "vi": "Tiếng Việt"}


def language_links(request: HttpRequest, languages: list[str]) -> list[dict[str, object]]:
    path = request.get_full_path()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code in languages
    ]


def site(request: HttpRequest) -> dict[str, object]:
    # Pages may widen the switcher (participant pages offer all five languages) via request.page_languages.
    languages = getattr(request, "page_languages", settings.STAFF_LANGUAGES)
    return {"language_links": language_links(request, languages)}
