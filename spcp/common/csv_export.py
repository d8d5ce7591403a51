"""The one CSV writer the product uses: cells that a spreadsheet would run as a formula are neutralised.

Every CSV spcp writes (the portfolio, the action items, the command-line export) carries text typed by people
outside CRS: a public requester's city, a plan step's partners. Excel, LibreOffice and Google Sheets run a cell
that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)` sends the reader to any site; DDE formulas
have run programs), and a leading tab or carriage return hides such a start from a casual look but not from
the spreadsheet. Following OWASP's advice ("CSV Injection"), such a cell is written with a single quote in
front, which spreadsheets show as text and do not evaluate.

Numbers stay numbers. A value passed as an `int` or `float` is written as it is (the program produced it, no
one typed it). A string that is nothing but a plain decimal number, such as "-3" or "-2.5", is also kept: a
spreadsheet reads it as that number and no formula can be written in that shape (no letters, operators after
the sign, or parentheses), so quoting it would only turn a real number into text. Anything else starting with
a trigger character, "-1+2" or "-2+3+cmd|' /C calc'!A0" included, is quoted.

Reading goes through here too (`read_csv`): a size limit, UTF-8 (with or without the BOM spreadsheets add) or
Windows-1252, and the quote this writer puts before a formula-like cell taken off again, so a file exported
here and imported back reads as it was typed. The caller still checks each cell with spcp.common.inputs.

`csv.writer` is imported here and nowhere else in spcp/ (tests/common/test_csv_export.py fails otherwise).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a cell must not start with (after any leading spaces); tab, CR and LF hide a formula behind them."""

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

Cell = str | int | float | None


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: Cell) -> str | int | float:
    """The value as it may go into a CSV cell: text that a spreadsheet would evaluate gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int to Python; write it as the word, like csv.writer does
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    if text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class SafeCsvWriter:
    """A `csv.writer` whose rows pass through `safe_cell` first."""

    def __init__(self, out: _Writable, *, lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Cell]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable, *, lineterminator: str = "\r\n") -> SafeCsvWriter:
    """A CSV writer onto `out` (a file, a StringIO or an HttpResponse) that neutralises formula cells."""
    return SafeCsvWriter(out, lineterminator=lineterminator)


MAX_READ_BYTES = 1_000_000
MAX_READ_ROWS = 5_000


def unquote_cell(text: str) -> str:
    """Undo `safe_cell`: a leading quote before a formula trigger was added on export, not typed."""
    if text.startswith("'") and text[1:].lstrip(" ").startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def read_csv(data: bytes, *, max_bytes: int = MAX_READ_BYTES, max_rows: int = MAX_READ_ROWS) -> list[list[str]]:
    """The rows of an uploaded CSV file, every cell stripped of surrounding spaces; blank rows are dropped.

    Refuses (ValidationError) a file that is too large, has too many rows, or is not text.
    """
    if len(data) > max_bytes:
        raise ValidationError(_("The file is too large: at most %(kb)d KB.") % {"kb": max_bytes // 1000})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not a CSV text file. Save it as CSV (UTF-8) and try again.")) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV text file. Save it as CSV (UTF-8) and try again."))
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in some locales save with semicolons, some people paste tab-separated text.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells = [unquote_cell(cell.strip()) for cell in row]
            if not any(cells):
                continue
            rows.append(cells)
            if len(rows) > max_rows:
                raise ValidationError(_("The file has too many rows: at most %(max)d.") % {"max": max_rows})
    except csv.Error:
        raise ValidationError(_("The file could not be read as CSV. Save it as CSV (UTF-8) and try again.")) from None
    return rows
