"""Fail when `makemessages` would change the set of messages in the catalogs (a string added or removed in
the code without updating locale/). Regenerate with: scripts/messages"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def entries(po_path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "locale"
        shutil.copytree(LOCALE, fresh)
        env = {**os.environ, "SPCP_LOCALE_DIR": str(fresh)}
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "makemessages.py"), str(fresh)], check=True, env=env, cwd=ROOT
        )
        problems = []
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
            new = fresh / po.relative_to(LOCALE)
            added = entries(new) - entries(po)
            removed = entries(po) - entries(new)
            if added or removed:
                problems.append(
                    f"{po.relative_to(ROOT)}: {len(added)} new, {len(removed)} stale messages "
                    f"(e.g. {sorted(added or removed, key=str)[:3]})"
                )
    if problems:
        print("The catalogs are out of date; run scripts/messages and translate:", *problems, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
