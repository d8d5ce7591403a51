"""Action-plan progress roll-up: plain data in, plain data out (no Django).

As in Decidim's accountability module, a parent's progress is the weighted average of its children's:
an item's progress is the weighted mean of its steps' percents (dropped steps left out), and the plan's
progress is the weighted mean of its items' progress by item weight. An item with no countable step has no
progress (None) and is left out of the plan's mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

DONE = "done"
DROPPED = "dropped"
CLOSED = frozenset({DONE, DROPPED})


@dataclass(frozen=True)
class StepProgress:
    step_id: int
    item_id: int
    weight: int
    percent: int
    status: str
    due: date | None = None


@dataclass(frozen=True)
class ItemProgress:
    item_id: int
    weight: int
    percent: float | None
    overdue_step_ids: tuple[int, ...]

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_step_ids)


@dataclass(frozen=True)
class PlanProgress:
    percent: float | None
    items: tuple[ItemProgress, ...]


@dataclass(frozen=True)
class Update:
    """One dated progress report on a step (for the history series)."""

    step_id: int
    date: date
    order: int  # ties on the same date: the later-recorded update (higher order) wins
    percent: int
    status: str


@dataclass(frozen=True)
class SeriesPoint:
    date: date
    percent: float


def _weighted_mean(pairs: Iterable[tuple[int, float]]) -> float | None:
    total_weight = 0
    total = 0.0
    for weight, value in pairs:
        if weight <= 0:
            continue
        total_weight += weight
        total += weight * value
    if total_weight == 0:
        return None
    return min(100.0, max(0.0, total / total_weight))


def is_overdue(step: StepProgress, today: date) -> bool:
    """A step is overdue when its due date has passed and it is neither done nor dropped."""
    return step.due is not None and step.due < today and step.status not in CLOSED


def item_progress(item_id: int, weight: int, steps: Sequence[StepProgress], today: date) -> ItemProgress:
    """The weighted mean of the item's steps' percents (dropped steps excluded)."""
    counted = [(s.weight, float(min(100, max(0, s.percent)))) for s in steps if s.status != DROPPED]
    return ItemProgress(
        item_id=item_id,
        weight=weight,
        percent=_weighted_mean(counted),
        overdue_step_ids=tuple(s.step_id for s in steps if is_overdue(s, today)),
    )


def plan_progress(items: Sequence[tuple[int, int]], steps: Sequence[StepProgress], today: date) -> PlanProgress:
    """Roll steps up into items ((item_id, weight) pairs, in display order) and items into the plan."""
    by_item: dict[int, list[StepProgress]] = {item_id: [] for item_id, _ in items}
    for step in steps:
        if step.item_id in by_item:
            by_item[step.item_id].append(step)
    rolled = tuple(item_progress(item_id, weight, by_item[item_id], today) for item_id, weight in items)
    percent = _weighted_mean((i.weight, i.percent) for i in rolled if i.percent is not None)
    return PlanProgress(percent=percent, items=rolled)


def progress_series(
    items: Sequence[tuple[int, int]], steps: Sequence[StepProgress], updates: Sequence[Update]
) -> list[SeriesPoint]:
    """The plan's percent after each date on which any update was made, replaying the update history.

    Before its first update a step counts at 0% (not started); its status and percent afterwards are those of
    its latest update by date, then by recording order.
    """
    known = {s.step_id: s for s in steps}
    state: dict[int, StepProgress] = {
        s.step_id: StepProgress(s.step_id, s.item_id, s.weight, 0, "not_started", s.due) for s in steps
    }
    ordered = sorted((u for u in updates if u.step_id in known), key=lambda u: (u.date, u.order))
    points: list[SeriesPoint] = []
    for index, update in enumerate(ordered):
        base = known[update.step_id]
        state[update.step_id] = StepProgress(
            base.step_id, base.item_id, base.weight, update.percent, update.status, base.due
        )
        last_of_day = index + 1 == len(ordered) or ordered[index + 1].date != update.date
        if last_of_day:
            rolled = plan_progress(items, list(state.values()), update.date)
            points.append(SeriesPoint(date=update.date, percent=rolled.percent or 0.0))
    return points
