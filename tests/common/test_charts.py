"""The shared SVG chart helper: accessible markup, values as text, no-data handling, a matching table."""

from __future__ import annotations

from xml.etree import ElementTree

from django.template.loader import render_to_string
from django.utils import translation

from spcp.common.charts import Series, bar_chart, format_value, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart):
    return ElementTree.fromstring(str(chart.svg))  # noqa: S314 - our own markup, built by the test


def test_bar_chart_is_an_labelled_image_with_title_and_description():
    chart = bar_chart("Trust <good>", ["Baseline", "12 months"], [Series("Community", (7.4, 30.0))], chart_id="c1")
    root = _parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Trust <good>"
    assert root.find(f"{SVG}desc").text


def test_bar_chart_draws_one_bar_per_value_and_labels_each_with_its_value():
    chart = bar_chart("T", ["A", "B"], [Series("S1", (7.4, 30.0)), Series("S2", (50.0, 100.0))])
    root = _parse(chart)
    bars = [r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")]
    # four bars plus two legend swatches
    assert len(bars) == 6
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for label in ("7.4%", "30%", "50%", "100%"):
        assert label in texts


def test_series_get_different_fill_patterns_not_only_colours():
    chart = bar_chart("T", ["A"], [Series("S1", (10.0,)), Series("S2", (20.0,))], chart_id="p")
    root = _parse(chart)
    patterns = list(root.iter(f"{SVG}pattern"))
    assert [p.get("id") for p in patterns] == ["p-p0", "p-p1"]
    assert ElementTree.tostring(patterns[0]) != ElementTree.tostring(patterns[1]).replace(b"p-p1", b"p-p0")


def test_missing_value_draws_no_bar_and_shows_its_note_in_chart_and_table():
    chart = bar_chart("T", ["A", "B"], [Series("S1", (None, 40.0), notes=("too few responses", "n = 12"))])
    root = _parse(chart)
    bars = [r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(") and r.get("height") != "16"]
    assert len(bars) == 1
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "too few responses" in texts and "—" in texts
    assert chart.rows[0].cells == ("too few responses",)
    assert chart.rows[1].cells == ("40% (n = 12)",)


def test_missing_value_without_note_reads_no_data():
    chart = bar_chart("T", ["A"], [Series("S1", (None,))])
    assert chart.rows[0].cells == ("no data",)


def test_values_above_the_maximum_are_capped_at_the_plot_height():
    chart = bar_chart("T", ["A"], [Series("S1", (250.0,))], max_value=100)
    root = _parse(chart)
    bar = next(
        r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(") and r.get("height") != "16"
    )
    assert float(bar.get("height")) == 220.0


def test_text_from_callers_is_escaped():
    chart = bar_chart("<script>", ["<b>"], [Series("<i>", (1.0,), notes=("<n>",))])
    svg = str(chart.svg)
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg and "<n>" not in svg
    ElementTree.fromstring(svg)  # noqa: S314 - our own markup: it must still parse


def test_line_chart_marks_each_point_with_a_labelled_value_and_breaks_at_missing_values():
    chart = line_chart(
        "Trend", ["Baseline", "3 months", "12 months"], [Series("Trust", (7.4, None, 30.0), notes=("n = 40", "", ""))]
    )
    root = _parse(chart)
    assert root.get("role") == "img"
    assert list(root.iter(f"{SVG}polyline")) == []  # the only two points are not neighbours
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "7.4% (n = 40)" in texts and "30%" in texts
    assert [row.header for row in chart.rows] == ["Baseline", "3 months", "12 months"]
    assert chart.rows[1].cells == ("no data",)


def test_line_chart_joins_neighbouring_points_with_distinct_dash_per_series():
    chart = line_chart("T", ["A", "B"], [Series("S1", (1.0, 2.0)), Series("S2", (3.0, 4.0))])
    lines = list(_parse(chart).iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")


def test_format_value_keeps_at_most_one_decimal_and_the_unit():
    assert format_value(7.44) == "7.4%"
    assert format_value(30.0) == "30%"
    assert format_value(3, unit="") == "3"
    assert format_value(None) == "—"


def test_template_renders_figure_svg_and_table_with_caption_and_scopes():
    chart = bar_chart("Trust", ["Baseline"], [Series("Community", (7.4,), notes=("n = 54",))], category_label="Wave")
    html = render_to_string("common/chart.html", {"chart": chart})
    assert "<figure" in html and 'role="img"' in html
    assert "<caption>" in html and "Trust" in html
    assert '<th scope="col">Wave</th>' in html and '<th scope="col">Community</th>' in html
    assert '<th scope="row">Baseline</th>' in html and "<td>7.4% (n = 54)</td>" in html


def test_table_first_column_is_headed_category_unless_named():
    with translation.override("en"):
        chart = bar_chart("T", ["A"], [Series("S", (1.0,))])
    assert chart.category_header == "Category"


def test_a_long_line_chart_stays_readable_labelling_some_dates_and_the_last_value_with_every_number_in_the_table():
    dates = [f"2026-{1 + i // 4:02d}-{1 + (i % 4) * 7:02d}" for i in range(40)]
    values = tuple(float(i) * 2 for i in range(40))
    chart = line_chart("Progress", dates, [Series("Plan", values)])
    root = _parse(chart)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    drawn_dates = [t for t in texts if t in dates]
    assert dates[0] in drawn_dates and dates[-1] in drawn_dates and len(drawn_dates) <= 8
    assert "78%" in texts and "40%" not in texts  # only the last value is written on the chart
    assert float(root.get("viewBox").split()[2]) <= 900  # the width does not grow with the number of points
    assert [row.header for row in chart.rows] == dates  # the table keeps every point
