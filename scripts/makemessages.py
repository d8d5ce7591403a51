"""Extract every translatable string into locale/<lang>/LC_MESSAGES/django.po (run from scripts/messages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["en", "ko", "es", "zh_Hans", "vi"]


def main(locale_dir: Path) -> None:
    # makemessages writes into the locale directory found in the project; work on a copy when checking.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "src"
        shutil.copytree(ROOT / "spcp", work / "spcp", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        shutil.copytree(ROOT / "config", work / "config", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(locale_dir, work / "locale")
        cmd = [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete", "--no-wrap"]
        for lang in LANGS:
            cmd += ["-l", lang]
        subprocess.run(
            cmd, cwd=work, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(work)}
        )
        for lang in LANGS:
            rel = Path(lang) / "LC_MESSAGES" / "django.po"
            (locale_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(work / "locale" / rel, locale_dir / rel)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "locale")
