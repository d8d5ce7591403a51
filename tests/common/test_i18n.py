"""Language access: the Korean catalog is complete and every template string goes through the catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


def test_korean_catalog_has_no_missing_or_fuzzy_entry():
    missing = [e.msgid for e in _catalog("ko") if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], f"{len(missing)} Korean entries are missing: {missing[:20]}"


@pytest.mark.parametrize("lang", ["ko", "es", "zh_Hans", "vi"])
def test_translations_keep_every_placeholder(lang):
    broken = []
    for entry in _catalog(lang):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            if text and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                broken.append((entry.msgid, text))
    assert broken == []


# Text allowed outside the catalogs: punctuation, numbers, and names that are the same in every language.
ALLOWED_WORDS = {"SPCP", "CRS", "SPIRIT"}
HUMAN_ATTRS = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')


def _untranslated_text(source: str) -> list[str]:
    text = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", text, flags=re.S)
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    problems = [
        f'attribute "{v}"' for v in HUMAN_ATTRS.findall(text) if re.search(r"[A-Za-z]", re.sub(r"{[{%].*?[}%]}", "", v))
    ]
    text = re.sub(r"{%.*?%}", " ", text, flags=re.S)
    text = re.sub(r"{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&\w+;", " ", text)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w not in ALLOWED_WORDS]
    return problems + words


TEMPLATES = sorted(p for p in (ROOT / "spcp").rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(p.relative_to(ROOT / "spcp")) for p in TEMPLATES])
def test_template_has_no_text_outside_the_catalogs(template):
    assert _untranslated_text(template.read_text()) == []


def test_korean_pages_are_in_korean(client, db):
    response = client.get("/ko/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ko">' in body
    assert "경찰 및 지역사회 파트너십 강화" in body
    assert "Strengthening Police" not in body


def test_language_switcher_links_to_the_same_page_in_each_staff_language(client, db):
    body = client.get("/en/offices/").content.decode()
    assert 'href="/ko/offices/"' in body
    assert 'href="/en/offices/"' in body and 'aria-current="true"' in body


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("DATETIME_FORMAT", "2026년 12월 6일 오전 9:05"),
        ("SHORT_DATETIME_FORMAT", "2026년 12월 6일 오전 9:05"),  # one form everywhere (issue 11 item 6)
        ("TIME_FORMAT", "오전 9:05"),
    ],
)
def test_korean_times_put_the_period_of_day_before_the_time(fmt, expected):
    from datetime import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("ko"):
        assert date_format(datetime(2026, 12, 6, 9, 5), fmt) == expected
