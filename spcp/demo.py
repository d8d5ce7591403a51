"""Demo data (filled in by the demo task)."""

from __future__ import annotations

from typing import TextIO


def load(*, reset: bool = False, out: TextIO) -> None:
    out.write("No demo data yet.\n")
