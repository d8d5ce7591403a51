"""Chart legends and labels that stay legible (issue 11 item 7): Korean legend items do not run into each other,
a legend too long for one row wraps inside the chart, and wide charts keep a legible size on a phone."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string

from spcp.common.charts import LEGEND_FONT, WIDE, Series, bar_chart, line_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"


def _legend_texts(chart, names):
    root = ElementTree.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    found = [t for t in root.iter(f"{SVG}text") if t.text in names]
    return root, [(t.text, float(t.get("x")), float(t.get("y"))) for t in found]


def _swatches(root):
    """Each legend key's left edge: bar swatches are 16-unit rects, line keys 24-unit lines."""
    rects = [float(r.get("x")) for r in root.iter(f"{SVG}rect") if r.get("width") == "16"]
    lines = [
        float(line.get("x1"))
        for line in root.iter(f"{SVG}line")
        if abs(float(line.get("x2")) - float(line.get("x1")) - 24) < 0.01
    ]
    return rects or lines


@pytest.mark.parametrize("draw", [bar_chart, line_chart])
def test_korean_legend_items_do_not_overlap(draw):
    names = ["지역사회", "법 집행", "전체 참가자"]
    chart = draw("신뢰", ["기준", "12개월"], [Series(n, (40.0, 60.0)) for n in names])
    root, texts = _legend_texts(chart, names)
    keys = _swatches(root)
    assert [t[0] for t in texts] == names and len(keys) == len(names)
    for (name, x, y), (_next_name, _next_x, next_y), next_key in zip(texts, texts[1:], keys[1:], strict=False):
        if next_y != y:
            continue  # the next item wrapped to a new row
        # A Hangul syllable is a full em wide in every CJK font: the label ends before the next key starts.
        hangul = sum(1 for ch in name if "\uac00" <= ch <= "\ud7a3")
        spaces = name.count(" ")
        assert x + hangul * LEGEND_FONT + spaces * 0.3 * LEGEND_FONT < next_key, (name, x, next_key)


def test_a_long_legend_wraps_onto_rows_inside_the_chart_and_the_chart_grows_to_hold_them():
    names = [f"지역사회 구성원 집단 {n}" for n in range(1, 6)]
    one = bar_chart("T", ["A"], [Series(names[0], (10.0,))])
    many = bar_chart("T", ["A"], [Series(n, (10.0,)) for n in names])
    root, texts = _legend_texts(many, names)
    width = float(root.get("viewBox").split()[2])
    assert len({y for _n, _x, y in texts}) > 1  # more than one row
    for name, x, _y in texts:
        assert x + text_width(name, LEGEND_FONT) <= width
    heights = [float(ElementTree.fromstring(str(c.svg)).get("viewBox").split()[3]) for c in (one, many)]  # noqa: S314
    assert heights[1] > heights[0]


def test_the_width_estimate_counts_wide_characters_as_a_full_em():
    assert text_width("지역사회", 10) == pytest.approx(40)
    assert text_width("abc", 10) < text_width("지역", 10)


def test_a_wide_chart_is_marked_so_a_phone_scrolls_it_instead_of_shrinking_its_labels():
    wide = line_chart("T", [f"2026-0{m}-01" for m in range(1, 10)], [Series("S", tuple(range(9)))])
    narrow = bar_chart("T", ["A"], [Series("S", (1.0,))])
    assert float(ElementTree.fromstring(str(wide.svg)).get("viewBox").split()[2]) > WIDE  # noqa: S314
    assert "spcp-chart--wide" in str(wide.svg) and "spcp-chart--wide" not in str(narrow.svg)


def test_the_data_table_can_be_collapsed_behind_a_disclosure():
    chart = bar_chart("T", ["A"], [Series("S", (1.0,))], chart_id="d1")
    collapsed = render_to_string("common/chart.html", {"chart": chart, "collapsed": True})
    shown = render_to_string("common/chart.html", {"chart": chart})
    assert "<details" in collapsed and "Show the numbers as a table" in collapsed and "<table" in collapsed
    assert "<details" not in shown and "<table" in shown
