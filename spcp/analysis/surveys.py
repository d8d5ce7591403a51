"""Survey results: top-box shares with their n, a small-sample flag, and suppression that protects anonymity.

Rules (docs/evaluation.md):
- a cell is one group of respondents (a wave × constituency, or a wave across all respondents);
- n < `suppress_below` (5) and n > 0: the share is not shown at all (too few people to stay anonymous);
- n < `warn_below` (10): the share is shown but flagged as based on few responses;
- complementary suppression: when any constituency cell of a wave is suppressed, the all-respondents cell
  of that wave is suppressed too, or it could be subtracted from the others to reveal the hidden cell.
Respondents who gave no role form their own (unshown) constituency cell, for the same reason.
Multi-item scales (the police-legitimacy scale) report the mean score per wave × constituency under the same
rules (`means_by_wave`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SUPPRESS_BELOW = 5
WARN_BELOW = 10
TOP_BOX = (4, 5)
UNSTATED = ""


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one item."""

    wave: str
    constituency: str  # "" when the respondent gave no role
    value: int  # 1 … 5


@dataclass(frozen=True)
class ShareCell:
    n: int
    top: int  # how many answered in the top box
    share: float | None  # percent, None when there are no answers or the cell is suppressed
    small: bool  # shown, but fewer than WARN_BELOW answers
    suppressed: bool  # hidden to protect anonymity

    @property
    def empty(self) -> bool:
        return self.n == 0


@dataclass(frozen=True)
class WaveShares:
    wave: str
    by_constituency: dict[str, ShareCell]
    overall: ShareCell


@dataclass(frozen=True)
class Tally:
    """How many in one wave × constituency answered an item, and how many of them in the top box (the form
    the database can count in, instead of sending every answer)."""

    wave: str
    constituency: str
    n: int
    top: int


def top_box_share(
    values: Sequence[int],
    top: Sequence[int] = TOP_BOX,
    *,
    suppress_below: int = SUPPRESS_BELOW,
    warn_below: int = WARN_BELOW,
) -> ShareCell:
    """The percentage of `values` in `top`, with n, and the small-sample flag and suppression applied."""
    hits = sum(1 for v in values if v in top)
    return share_cell(len(values), hits, suppress_below=suppress_below, warn_below=warn_below)


def share_cell(n: int, hits: int, *, suppress_below: int = SUPPRESS_BELOW, warn_below: int = WARN_BELOW) -> ShareCell:
    """The top-box share of `hits` out of `n` answers, with the small-sample flag and suppression applied."""
    if n == 0:
        return ShareCell(n=0, top=0, share=None, small=False, suppressed=False)
    if n < suppress_below:
        return ShareCell(n=n, top=0, share=None, small=True, suppressed=True)
    return ShareCell(n=n, top=hits, share=round(100.0 * hits / n, 1), small=n < warn_below, suppressed=False)


def _suppress(cell: ShareCell) -> ShareCell:
    return ShareCell(n=cell.n, top=0, share=None, small=cell.small, suppressed=True)


def shares_by_wave(
    answers: Iterable[Answer],
    waves: Sequence[str],
    constituencies: Sequence[str],
    top: Sequence[int] = TOP_BOX,
) -> list[WaveShares]:
    """For each wave: the top-box share per constituency and overall, with complementary suppression."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for a in answers:
        cell = counts[(a.wave, a.constituency)]
        cell[0] += 1
        cell[1] += a.value in top
    tallies = [Tally(wave=w, constituency=c, n=n, top=hits) for (w, c), (n, hits) in counts.items()]
    return shares_from_tallies(tallies, waves, constituencies)


def shares_from_tallies(
    tallies: Iterable[Tally], waves: Sequence[str], constituencies: Sequence[str]
) -> list[WaveShares]:
    """`shares_by_wave` from counts: tallies of the same wave and constituency are added together."""
    grouped: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for t in tallies:
        cell = grouped[(t.wave, t.constituency)]
        cell[0] += t.n
        cell[1] += t.top
    out = []
    for wave in waves:
        cells = {c: share_cell(*grouped.get((wave, c), [0, 0])) for c in constituencies}
        unstated = share_cell(*grouped.get((wave, UNSTATED), [0, 0]))
        n = sum(v[0] for (w, _c), v in grouped.items() if w == wave)
        hits = sum(v[1] for (w, _c), v in grouped.items() if w == wave)
        overall = share_cell(n, hits)
        if any(cell.suppressed for cell in [*cells.values(), unstated]) and not overall.empty:
            overall = _suppress(overall)
        out.append(WaveShares(wave=wave, by_constituency=cells, overall=overall))
    return out


@dataclass(frozen=True)
class Score:
    """One respondent's score on a multi-item scale: the mean of their answers to its items."""

    wave: str
    constituency: str  # "" when the respondent gave no role
    value: float  # 1.0 … 5.0


@dataclass(frozen=True)
class MeanCell:
    n: int
    mean: float | None  # None when there are no scores or the cell is suppressed
    small: bool  # shown, but fewer than WARN_BELOW respondents
    suppressed: bool  # hidden to protect anonymity

    @property
    def empty(self) -> bool:
        return self.n == 0


@dataclass(frozen=True)
class WaveMeans:
    wave: str
    by_constituency: dict[str, MeanCell]
    overall: MeanCell


def scale_score(values: Sequence[int], *, items: int) -> float | None:
    """The mean of one respondent's answers to a scale of `items` items, or None unless every item has an
    answer from 1 to 5 (a partial answer would make scores of different questions comparable)."""
    if items < 1 or len(values) != items or any(not 1 <= v <= 5 for v in values):
        return None
    return sum(values) / items


def mean_cell(
    values: Sequence[float], *, suppress_below: int = SUPPRESS_BELOW, warn_below: int = WARN_BELOW
) -> MeanCell:
    """The mean of `values` with n, and the small-sample flag and suppression applied (as `share_cell`)."""
    n = len(values)
    if n == 0:
        return MeanCell(n=0, mean=None, small=False, suppressed=False)
    if n < suppress_below:
        return MeanCell(n=n, mean=None, small=True, suppressed=True)
    return MeanCell(n=n, mean=round(sum(values) / n, 2), small=n < warn_below, suppressed=False)


def means_by_wave(scores: Iterable[Score], waves: Sequence[str], constituencies: Sequence[str]) -> list[WaveMeans]:
    """For each wave: the mean scale score per constituency and overall, under the same rules as the shares
    (suppressed under SUPPRESS_BELOW, flagged under WARN_BELOW, and the overall cell suppressed whenever a
    constituency cell of the wave, or the respondents who gave no role, is)."""
    grouped: dict[tuple[str, str], list[float]] = defaultdict(list)
    for s in scores:
        grouped[(s.wave, s.constituency)].append(s.value)
    out = []
    for wave in waves:
        cells = {c: mean_cell(grouped.get((wave, c), [])) for c in constituencies}
        unstated = mean_cell(grouped.get((wave, UNSTATED), []))
        overall = mean_cell([v for (w, _c), values in grouped.items() if w == wave for v in values])
        if any(cell.suppressed for cell in [*cells.values(), unstated]) and not overall.empty:
            overall = MeanCell(n=overall.n, mean=None, small=overall.small, suppressed=True)
        out.append(WaveMeans(wave=wave, by_constituency=cells, overall=overall))
    return out


def distribution(values: Iterable[int], points: int = 5) -> tuple[int, ...]:
    """How many answered 1, 2, … `points` (answers outside the scale are ignored)."""
    counts = [0] * points
    for v in values:
        if 1 <= v <= points:
            counts[v - 1] += 1
    return tuple(counts)
