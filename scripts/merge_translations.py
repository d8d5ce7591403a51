"""Fill locale/ko from locale-drafts/*.ko.json ({msgid: Korean}; "ctx\\u0004msgid" for pgettext).

Used while building features in parallel: each feature writes its Korean beside it, and this merges them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    drafts: dict[str, str] = {}
    for path in sorted((ROOT / "locale-drafts").glob("*.ko.json")):
        drafts.update(json.loads(path.read_text()))
    po_path = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    missing = []
    for entry in po:
        key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
        value = drafts.get(key)
        if value is None:
            if not (entry.msgstr or entry.msgstr_plural.get(0)):
                missing.append(key)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "ko"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(str(po_path))
    if missing:
        print(f"{len(missing)} Korean entries still missing:", *missing[:50], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
