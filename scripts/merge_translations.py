"""Fill locale/<lang> from locale-drafts/*.<lang>.json ({msgid: text}; "ctx\\u0004msgid" for pgettext; a list of
plural forms for ngettext). Languages: ko, es, zh_Hans, vi.

Used while building features in parallel: each feature writes its translations beside it, and this merges them.
Usage: scripts/merge_translations.py [--report]   (prints what is still untranslated per language)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLURALS = {
    "ko": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "es": "nplurals=2; plural=(n != 1);",
}


def _drafts(lang: str) -> dict[str, str | list[str]]:
    drafts: dict[str, str | list[str]] = {}
    for path in sorted((ROOT / "locale-drafts").glob(f"*.{lang}.json")):
        drafts.update(json.loads(path.read_text()))
    return drafts


def merge(lang: str) -> list[str]:
    """Merge one language's drafts into its catalog; return the msgids still untranslated."""
    drafts = _drafts(lang)
    po_path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    missing = []
    for entry in po:
        key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
        value = drafts.get(key)
        if value is None:
            if "fuzzy" in entry.flags:
                # msgmerge's guess from a similar message (gettext never uses it): drop it, it is untranslated.
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            if not (entry.msgstr or entry.msgstr_plural.get(0)):
                missing.append(key)
            continue
        forms = value if isinstance(value, list) else [value]
        if entry.msgid_plural:
            count = 2 if lang == "es" else 1
            forms = (forms * count)[:count] if len(forms) < count else forms[:count]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = forms[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = lang.replace("_", "-") if lang != "zh_Hans" else "zh-Hans"
    po.metadata["Plural-Forms"] = PLURALS[lang]
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(str(po_path))
    return missing


def main() -> int:
    for lang in PLURALS:
        missing = merge(lang)
        if missing and (lang == "ko" or "--report" in sys.argv):
            print(f"{lang}: {len(missing)} entries still missing:", *missing[:40], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
