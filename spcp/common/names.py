"""Names that staff type once per language and participants read in their own (sectors, the forum's title).

A name is stored as a mapping {language code: text} over the participant languages. A reader whose language is
missing sees the name in a language it exists in, with that language's code so the page can tag it (`lang`)
and say the translation is missing, never a blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import translation

# The languages participants read (the same codes as settings.LANGUAGES), English first: the fallback order.
NAME_LANGUAGES: tuple[str, ...] = ("en", "ko", "es", "zh-hans", "vi")
# A program's "languages needed" (programs.Language) use "zh" for Chinese; participants read Simplified.
_PROGRAM_TO_NAME_LANGUAGE = {"zh": "zh-hans"}


@dataclass(frozen=True)
class LocalizedName:
    text: str
    language: str
    translated: bool  # False: text is in another language than the one asked for (a visible fallback)


def reader_language(language: str | None = None) -> str:
    """The name language for a reader: the given or active language, reduced to one of NAME_LANGUAGES."""
    lang = (language or translation.get_language() or "en").lower()
    if lang in NAME_LANGUAGES:
        return lang
    base = lang.split("-")[0]
    if base == "zh":
        return "zh-hans"
    return base if base in NAME_LANGUAGES else "en"


def languages_in_use(program_languages: Iterable[str]) -> list[str]:
    """English and every participant language a program says it needs, in NAME_LANGUAGES order."""
    wanted = {"en"} | {_PROGRAM_TO_NAME_LANGUAGE.get(code, code) for code in program_languages}
    return [code for code in NAME_LANGUAGES if code in wanted]


def clean_names(names: Mapping[str, str]) -> dict[str, str]:
    """Only the participant languages, stripped, without empty entries."""
    cleaned = {reader_language(code): (text or "").strip() for code, text in names.items()}
    return {code: cleaned[code] for code in NAME_LANGUAGES if cleaned.get(code)}


def pick_name(names: Mapping[str, str], language: str | None = None) -> LocalizedName:
    """The name in the reader's language, else the first language it exists in (English first)."""
    lang = reader_language(language)
    if names.get(lang):
        return LocalizedName(names[lang], lang, True)
    for code in NAME_LANGUAGES:
        if names.get(code):
            return LocalizedName(names[code], code, False)
    for code, text in names.items():
        if text:
            return LocalizedName(text, code, False)
    return LocalizedName("", lang, False)


def missing_languages(names: Mapping[str, str], languages: Iterable[str]) -> list[str]:
    return [code for code in languages if not (names.get(code) or "").strip()]


def guess_language(text: str) -> str:
    """A best guess at the language of a short name from its script (for data typed before names had one):
    Hangul is Korean, Han is Chinese, Vietnamese letters are Vietnamese, anything else counts as English."""
    for ch in text:
        if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
            return "ko"
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            return "zh-hans"
    if any(ch in _VIETNAMESE_LETTERS for ch in text.lower()):
        return "vi"
    return "en"


_VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
