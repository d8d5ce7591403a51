"""Results as charts and tables (presentation of the selectors' data, in the active language)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from spcp.analysis.surveys import SUPPRESS_BELOW, MeanCell, ShareCell, WaveShares
from spcp.common.charts import Chart, Series, bar_chart, line_chart
from spcp.evaluation.models import Constituency, Wave
from spcp.evaluation.selectors import (
    CONSTITUENCIES,
    HEADLINE_ITEMS,
    FeedbackItemResult,
    OutcomeItemResult,
    ProgramRow,
    ScaleResult,
)


def cell_note(cell: ShareCell | MeanCell) -> str:
    """What to say beside a share or a mean: its n, a small-sample flag, or why it is hidden."""
    if cell.empty:
        return gettext("no responses")
    if cell.suppressed and cell.n < SUPPRESS_BELOW:
        return ngettext(
            "hidden: fewer than %(min)d response", "hidden: fewer than %(min)d responses", SUPPRESS_BELOW
        ) % {"min": SUPPRESS_BELOW}
    if cell.suppressed:
        return ngettext(
            "n = %(n)d; hidden to protect a small group", "n = %(n)d; hidden to protect a small group", cell.n
        ) % {"n": cell.n}
    if cell.small:
        return ngettext("n = %(n)d, few responses", "n = %(n)d, few responses", cell.n) % {"n": cell.n}
    return ngettext("n = %(n)d", "n = %(n)d", cell.n) % {"n": cell.n}


def _series(waves: list[WaveShares]) -> list[Series]:
    labels = dict(Constituency.choices)
    series = [
        Series(
            str(labels[c]),
            tuple(w.by_constituency[c].share for w in waves),
            tuple(cell_note(w.by_constituency[c]) for w in waves),
        )
        for c in CONSTITUENCIES
    ]
    series.append(
        Series(
            gettext("All respondents"),
            tuple(w.overall.share for w in waves),
            tuple(cell_note(w.overall) for w in waves),
        )
    )
    return series


def wave_labels(waves: list[str]) -> list[str]:
    labels = dict(Wave.choices)
    return [str(labels[w]) for w in waves]


@dataclass(frozen=True)
class MeanText:
    label: str  # the column: a constituency or everyone
    mean: float | None  # None when empty or hidden
    note: str  # n, a small-sample flag, or why it is hidden


@dataclass(frozen=True)
class ScaleRow:
    wave: str  # the wave's label
    cells: list[MeanText]


def scale_rows(result: ScaleResult) -> list[ScaleRow]:
    """A legitimacy scale's table: one row per wave, mean and note for each constituency and for everyone."""
    labels = dict(Constituency.choices)
    rows = []
    for wave, label in zip(result.waves, wave_labels([w.wave for w in result.waves]), strict=True):
        cells = [(str(labels[c]), wave.by_constituency[c]) for c in CONSTITUENCIES]
        cells.append((gettext("Everyone"), wave.overall))
        rows.append(ScaleRow(label, [MeanText(name, cell.mean, cell_note(cell)) for name, cell in cells]))
    return rows


def outcome_chart(result: OutcomeItemResult, chart_id: str) -> Chart:
    return bar_chart(
        str(result.item.chart_title),
        wave_labels([w.wave for w in result.waves]),
        _series(result.waves),
        chart_id=chart_id,
        category_label=gettext("Survey wave"),
    )


def feedback_chart(result: FeedbackItemResult, chart_id: str) -> Chart:
    n = sum(result.counts)
    shares = tuple(round(100.0 * c / n, 1) if n else None for c in result.counts)
    notes = tuple(ngettext("%(count)d answer", "%(count)d answers", c) % {"count": c} for c in result.counts)
    if result.suppressed:
        notes = tuple(cell_note(result.share) for _ in result.counts)
    return bar_chart(
        str(result.item.chart_title),
        [str(label) for label in result.item.scale.labels],
        [Series(gettext("Share of responses"), shares, notes)],
        chart_id=chart_id,
        category_label=gettext("Answer"),
    )


def trend_chart(waves: list[WaveShares], chart_id: str) -> Chart:
    return line_chart(
        gettext("Trust between community and police rated good or very good, all programs"),
        wave_labels([w.wave for w in waves]),
        _series(waves),
        chart_id=chart_id,
        category_label=gettext("Survey wave"),
    )


def share_text(cell: ShareCell) -> str:
    """A share for a table cell: "30% (n = 61)", or the reason it is missing."""
    if cell.share is None:
        return cell_note(cell)
    return gettext("%(share)s%% (%(note)s)") % {"share": format_share(cell.share), "note": cell_note(cell)}


def format_share(share: float) -> str:
    return f"{share:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class PortfolioLine:
    row: ProgramRow
    wave_label: str
    shares: tuple[str, ...]  # HEADLINE_ITEMS order


def portfolio_lines(rows: list[ProgramRow]) -> list[PortfolioLine]:
    labels = dict(Wave.choices)
    return [
        PortfolioLine(
            row=row,
            wave_label=str(labels[row.latest_wave]) if row.latest_wave else "",
            shares=tuple(share_text(row.latest[code]) if row.latest_wave else "" for code in HEADLINE_ITEMS),
        )
        for row in rows
    ]


def headline_headers() -> list[str]:
    return [
        gettext("Trust rated good or very good"),
        gettext("Partnership rated good or very good"),
        gettext("Tension rated high or very high"),
    ]


def portfolio_csv_header() -> list[str]:
    header = [
        gettext("Program"),
        gettext("City"),
        gettext("State"),
        gettext("Region"),
        gettext("Program type"),
        gettext("Trigger"),
        gettext("Phase"),
        gettext("Forum date"),
        gettext("Action plan status"),
        gettext("Overdue action steps"),
        gettext("Latest survey wave"),
    ]
    return header + [
        gettext("Trust rated good or very good (%)"),
        gettext("Trust: number of responses"),
        gettext("Partnership rated good or very good (%)"),
        gettext("Partnership: number of responses"),
        gettext("Tension rated high or very high (%)"),
        gettext("Tension: number of responses"),
    ]


def portfolio_csv_row(row: ProgramRow) -> list[str]:
    program = row.program
    labels = dict(Wave.choices)
    out = [
        program.title,
        program.city,
        program.state.localized_name(),
        program.region.localized_name(),
        program.program_type.localized_name(),
        str(program.get_trigger_display()),
        str(program.get_phase_display()),
        program.forum_date.isoformat() if program.forum_date else "",
        row.plan_status_label,
        str(row.overdue_steps),
        str(labels[row.latest_wave]) if row.latest_wave else "",
    ]
    for code in HEADLINE_ITEMS:
        cell = row.latest[code]
        if not row.latest_wave or cell.empty:
            out += ["", ""]
        elif cell.share is None:
            out += ["", f"<{SUPPRESS_BELOW}" if cell.n < SUPPRESS_BELOW else str(cell.n)]
        else:
            out += [format_share(cell.share), str(cell.n)]
    return out
