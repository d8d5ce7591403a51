"""Accessible charts drawn on the server as SVG: no JavaScript, readable without colour, with a data table.

Use::

    from spcp.common.charts import Series, bar_chart, line_chart

    chart = bar_chart(
        _("Trust in police rated good or very good"),
        categories=[_("Baseline"), _("12 months")],
        series=[
            Series(_("Community"), values=(7.4, 30.0), notes=("n = 54", "n = 61")),
            Series(_("Law enforcement"), values=(None, 41.0), notes=(_("too few responses"), "n = 12")),
        ],
    )
    return render(request, "page.html", {"chart": chart})

and in the template ``{% include "common/chart.html" with chart=chart %}``. It renders a ``<figure>`` holding
the SVG (``role="img"``, labelled by its ``<title>`` and ``<desc>``), a caption, and a ``usa-table`` with the
same numbers. A value of ``None`` means "no data" (or, with a note, e.g. "too few responses"): no bar is drawn,
a dash and the note are shown instead. ``notes`` (optional, one per value) are shown under the value on the
chart and beside it in the table, e.g. the number of responses behind a share.

Series are told apart by colour *and* by a fill pattern (bars) or a marker shape and dash (lines); every bar
and point carries its value as text. Colours are USWDS tokens with at least 3:1 contrast on white.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# USWDS: blue-60v, orange-60v, green-cool-60v, violet-70v, red-60v, gray-70 — each ≥ 3:1 on white.
COLOURS = ("#005ea2", "#c05600", "#2e6276", "#54278f", "#b50909", "#454545")
INK = "#1b1b1b"
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
GRID = "#757575"
DOTTED = ' stroke-dasharray="2,3"'

# Wider than this (in the SVG's units), a chart keeps a minimum size on a phone and scrolls sideways rather than
# shrinking its 11-13 unit labels below legibility (spcp.css: .spcp-chart--wide).
WIDE = 480

_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    """One named series: a value per category (or x label); `None` means no data for that one."""

    name: str
    values: tuple[float | None, ...]
    notes: tuple[str, ...] = ()

    def note(self, index: int) -> str:
        return str(self.notes[index]) if index < len(self.notes) else ""


@dataclass(frozen=True)
class TableRow:
    header: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """What `common/chart.html` renders: the SVG and the same data as a table."""

    chart_id: str
    title: str
    description: str
    svg: SafeString
    column_headers: tuple[str, ...]
    rows: tuple[TableRow, ...] = field(default_factory=tuple)
    unit: str = "%"
    category_header: str = ""


def format_value(value: float | None, unit: str = "%") -> str:
    """A value as shown on a bar and in the table: one decimal at most, with its unit."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return f"{text}{unit}"


def _cell(series: Series, index: int, unit: str) -> str:
    value = series.values[index] if index < len(series.values) else None
    note = series.note(index)
    if value is None:
        return note or gettext("no data")
    shown = format_value(value, unit)
    return f"{shown} ({note})" if note else shown


def _table(
    categories: Sequence[str], series: Sequence[Series], unit: str
) -> tuple[tuple[str, ...], tuple[TableRow, ...]]:
    headers = tuple(str(s.name) for s in series)
    rows = tuple(
        TableRow(header=str(category), cells=tuple(_cell(s, index, unit) for s in series))
        for index, category in enumerate(categories)
    )
    return headers, rows


def _patterns(prefix: str, count: int) -> str:
    """One fill pattern per series: solid, diagonal hatch, dots, cross-hatch, then again."""
    out = []
    for i in range(count):
        colour = COLOURS[i % len(COLOURS)]
        kind = i % 4
        pid = f"{prefix}-p{i}"
        if kind == 0:
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == 1:
            body = (
                f'<rect width="8" height="8" fill="#ffffff"/>'
                f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" stroke-width="3"/>'
            )
        elif kind == 2:
            body = f'<rect width="8" height="8" fill="{colour}"/><circle cx="4" cy="4" r="1.6" fill="#ffffff"/>'
        else:
            body = (
                f'<rect width="8" height="8" fill="#ffffff"/>'
                f'<path d="M0,4 h8 M4,0 v8" stroke="{colour}" stroke-width="3"/>'
            )
        out.append(f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>')
    return "".join(out)


def _svg_open(chart_id: str, width: int, height: int, title: str, description: str, defs: str = "") -> str:
    wide = " spcp-chart--wide" if width > WIDE else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" class="spcp-chart{wide}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"<defs>{defs}</defs>"
    )


def _axis(left: int, top: int, plot_w: int, plot_h: int, unit: str, max_value: float) -> str:
    parts = []
    for step in range(5):
        fraction = step / 4
        y = top + plot_h - fraction * plot_h
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="{1 if step == 0 else 0.5}"{"" if step == 0 else DOTTED}/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{escape(format_value(max_value * fraction, unit))}</text>"
        )
    return "".join(parts)


LEGEND_FONT = 13
LEGEND_ROW = 22  # the height of one row of legend items
LEGEND_GAP = 18  # the space between one item's text and the next item's swatch


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of how wide `text` is drawn at `font_size`, without a font at hand.

    Korean, Chinese and Japanese characters (and other wide forms) take a full em; Latin capitals and digits
    about 0.62 em, other characters about 0.55 em. Erring wide keeps labels from running into each other.
    """
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch.isupper() or ch.isdigit():
            width += 0.62
        elif ch == " ":
            width += 0.3
        else:
            width += 0.55
    return width * font_size


@dataclass(frozen=True)
class LegendItem:
    """Where one series' key is drawn: its swatch at `x`, its text from `text_x` to `end`, on row `row`."""

    x: float
    text_x: float
    end: float
    row: int


def legend_layout(names: Sequence[str], *, left: float, right: float, line: bool) -> list[LegendItem]:
    """Place legend items left to right, starting a new row when the next one would pass `right`."""
    items: list[LegendItem] = []
    x, row = left, 0
    swatch = 30 if line else 22
    for name in names:
        width = swatch + text_width(name, LEGEND_FONT)
        if items and x + width > right:
            x, row = left, row + 1
        items.append(LegendItem(x=x, text_x=x + swatch, end=x + width, row=row))
        x += width + LEGEND_GAP
    return items


def legend_rows(series: Sequence[Series], *, left: float, right: float, line: bool) -> int:
    layout = legend_layout([str(s.name) for s in series], left=left, right=right, line=line)
    return max((item.row for item in layout), default=0) + 1


def _legend(chart_id: str, series: Sequence[Series], y: int, left: int, line: bool, right: float) -> str:
    parts = []
    layout = legend_layout([str(s.name) for s in series], left=left, right=right, line=line)
    for i, (s, item) in enumerate(zip(series, layout, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        x = round(item.x, 1)
        y_row = y + item.row * LEGEND_ROW
        if line:
            parts.append(
                f'<line x1="{x}" y1="{y_row - 4}" x2="{x + 24}" y2="{y_row - 4}" stroke="{colour}" stroke-width="2.5"'
                f"{_dash(i)}/>{_marker(i, x + 12, y_row - 4, colour)}"
            )
        else:
            parts.append(
                f'<rect x="{x}" y="{y_row - 12}" width="16" height="16" fill="url(#{chart_id}-p{i})" '
                f'stroke="{colour}" stroke-width="1.5"/>'
            )
        parts.append(
            f'<text x="{item.text_x:.1f}" y="{y_row + 1}" font-size="{LEGEND_FONT}" fill="{INK}">'
            f"{escape(str(s.name))}</text>"
        )
    return "".join(parts)


def _dash(index: int) -> str:
    return ("", ' stroke-dasharray="8,4"', ' stroke-dasharray="2,3"', ' stroke-dasharray="10,3,2,3"')[index % 4]


def _marker(index: int, x: float, y: float, colour: str) -> str:
    shape = index % 4
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}"/>'
    if shape == 2:
        d = f"M{x:.1f},{y - 5.5:.1f} L{x + 5.5:.1f},{y + 4.5:.1f} L{x - 5.5:.1f},{y + 4.5:.1f} Z"
    else:
        d = f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z"
    return f'<path d="{d}" fill="{colour}"/>'


def _clamp(value: float, max_value: float) -> float:
    return max(0.0, min(value, max_value)) / max_value if max_value else 0.0


def _new_id(chart_id: str | None) -> str:
    return chart_id or f"chart-{next(_ids)}"


def _finish(
    chart_id: str,
    title: str,
    description: str,
    svg: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    category_label: str | None,
) -> Chart:
    headers, rows = _table(categories, series, unit)
    return Chart(
        category_header=str(category_label) if category_label else gettext("Category"),
        chart_id=chart_id,
        title=str(title),
        description=description,
        svg=mark_safe(svg),  # noqa: S308 - built here; every text from outside went through escape()
        column_headers=headers,
        rows=rows,
        unit=unit,
    )


def bar_chart(
    title: str,
    categories: Sequence[Any],
    series: list[Series],
    unit: str = "%",
    max_value: float = 100,
    *,
    chart_id: str | None = None,
    category_label: str | None = None,
) -> Chart:
    """Grouped bars: one group per category, one bar per series, each labelled with its value (and note)."""
    chart_id = _new_id(chart_id)
    categories = [str(c) for c in categories]
    n_series = max(len(series), 1)
    left, top, bottom = 56, 16, 92
    bar_w = 34
    group_w = n_series * bar_w + 28
    plot_w = max(group_w * max(len(categories), 1), 240)
    plot_h = 220
    width = left + plot_w + 16
    rows = legend_rows(series, left=left, right=width - 8, line=False)
    height = top + plot_h + bottom + (rows - 1) * LEGEND_ROW
    description = gettext("Bar chart. The table that follows gives the same numbers.")
    parts = [_svg_open(chart_id, width, height, title, description, _patterns(chart_id, len(series)))]
    parts.append(_axis(left, top, plot_w, plot_h, unit, max_value))
    base = top + plot_h
    for c_index, category in enumerate(categories):
        gx = left + c_index * group_w + 14
        for s_index, s in enumerate(series):
            value = s.values[c_index] if c_index < len(s.values) else None
            x = gx + s_index * bar_w
            cx = x + (bar_w - 6) / 2
            note = s.note(c_index)
            if value is None:
                parts.append(
                    f'<text x="{cx:.1f}" y="{base - 6}" text-anchor="middle" font-size="13" fill="{INK}">—</text>'
                )
            else:
                h = _clamp(value, max_value) * plot_h
                colour = COLOURS[s_index % len(COLOURS)]
                parts.append(
                    f'<rect x="{x}" y="{base - h:.1f}" width="{bar_w - 6}" height="{h:.1f}" '
                    f'fill="url(#{chart_id}-p{s_index})" stroke="{colour}" stroke-width="1.5"/>'
                )
                parts.append(
                    f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" font-size="11" '
                    f'font-weight="bold" fill="{INK}">{escape(format_value(value, unit))}</text>'
                )
            if note:
                parts.append(
                    f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="middle" font-size="10" fill="{INK}">'
                    f"{escape(note)}</text>"
                )
        parts.append(
            f'<text x="{gx + n_series * bar_w / 2 - 3:.1f}" y="{base + 32}" text-anchor="middle" font-size="12" '
            f'fill="{INK}">{escape(category)}</text>'
        )
    parts.append(_legend(chart_id, series, top + plot_h + bottom - 18, left, line=False, right=width - 8))
    parts.append("</svg>")
    return _finish(chart_id, title, description, "".join(parts), categories, series, unit, category_label)


MAX_LINE_WIDTH = 720  # the plot area's width, in the SVG's own units, that still reads well on a page
MAX_LABELLED_POINTS = 8


def _evenly(count: int, most: int) -> set[int]:
    """Up to `most` indexes out of `count`, evenly spaced, always with the first and the last."""
    if count <= most:
        return set(range(count))
    return {round(k * (count - 1) / (most - 1)) for k in range(most)}


def line_chart(
    title: str,
    x_labels: Sequence[Any],
    series: list[Series],
    unit: str = "%",
    max_value: float = 100,
    *,
    chart_id: str | None = None,
    category_label: str | None = None,
) -> Chart:
    """Lines across x labels: each series has its own marker shape and dash; points carry their values.

    The chart keeps a readable size however many points there are: past `MAX_LABELLED_POINTS` points only
    some x labels are drawn (evenly spaced, always the first and the last) and only the last value of each
    series is written on the chart; the table beside it has every number."""
    chart_id = _new_id(chart_id)
    x_labels = [str(x) for x in x_labels]
    left, top, bottom = 56, 20, 72
    step_w = 120
    plot_w = min(max(step_w * max(len(x_labels) - 1, 1), 240), MAX_LINE_WIDTH)
    crowded = len(x_labels) > MAX_LABELLED_POINTS
    shown = _evenly(len(x_labels), MAX_LABELLED_POINTS) if crowded else set(range(len(x_labels)))
    plot_h = 220
    width = left + plot_w + 60
    rows = legend_rows(series, left=left, right=width - 8, line=True)
    height = top + plot_h + bottom + (rows - 1) * LEGEND_ROW
    description = gettext("Line chart. The table that follows gives the same numbers.")
    parts = [_svg_open(chart_id, width, height, title, description)]
    parts.append(_axis(left, top, plot_w, plot_h, unit, max_value))
    base = top + plot_h
    span = plot_w / max(len(x_labels) - 1, 1)

    def x_at(i: int) -> float:
        return left + 20 + i * (span - 40 / max(len(x_labels) - 1, 1)) if len(x_labels) > 1 else left + plot_w / 2

    for i, label in enumerate(x_labels):
        if i not in shown:
            continue
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{base + 20}" text-anchor="middle" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    for s_index, s in enumerate(series):
        last = max((i for i, v in enumerate(s.values) if v is not None), default=-1)
        colour = COLOURS[s_index % len(COLOURS)]
        segment: list[str] = []
        points: list[str] = []
        for i in range(len(x_labels)):
            value = s.values[i] if i < len(s.values) else None
            if value is None:
                if len(segment) > 1:
                    points.append(segment_path(segment, colour, s_index))
                segment = []
                continue
            x, y = x_at(i), base - _clamp(value, max_value) * plot_h
            segment.append(f"{x:.1f},{y:.1f}")
            points.append(_marker(s_index, x, y, colour))
            if crowded and i != last:
                continue
            label = format_value(value, unit)
            note = s.note(i)
            if note:
                label = f"{label} ({note})"
            points.append(
                f'<text x="{x + 7:.1f}" y="{y - 8 - 12 * (s_index % 2):.1f}" font-size="11" font-weight="bold" '
                f'fill="{INK}">{escape(label)}</text>'
            )
        if len(segment) > 1:
            points.append(segment_path(segment, colour, s_index))
        parts.extend(points)
    parts.append(_legend(chart_id, series, top + plot_h + bottom - 14, left, line=True, right=width - 8))
    parts.append("</svg>")
    return _finish(chart_id, title, description, "".join(parts), x_labels, series, unit, category_label)


def segment_path(points: Sequence[str], colour: str, index: int) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2.5"{_dash(index)}/>'
