from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spcp.analysis.progress import (
    StepProgress,
    Update,
    is_overdue,
    item_progress,
    plan_progress,
    progress_series,
)

TODAY = date(2026, 11, 25)


def step(step_id, item_id=1, weight=1, percent=0, status="in_progress", due=None):
    return StepProgress(step_id=step_id, item_id=item_id, weight=weight, percent=percent, status=status, due=due)


def test_item_progress_is_the_weighted_mean_of_its_steps():
    result = item_progress(1, 1, [step(1, weight=3, percent=100), step(2, weight=1, percent=0)], TODAY)
    assert result.percent == pytest.approx(75.0)


def test_dropped_steps_are_left_out_of_the_item():
    result = item_progress(1, 1, [step(1, percent=40), step(2, weight=9, percent=0, status="dropped")], TODAY)
    assert result.percent == pytest.approx(40.0)


def test_an_item_with_no_countable_step_has_no_progress():
    assert item_progress(1, 1, [], TODAY).percent is None
    assert item_progress(1, 1, [step(1, status="dropped")], TODAY).percent is None


def test_plan_progress_is_the_weighted_mean_of_item_progress():
    items = [(1, 3), (2, 1), (3, 5)]  # item 3 has no steps: left out
    steps = [step(1, item_id=1, percent=50), step(2, item_id=2, percent=100)]
    result = plan_progress(items, steps, TODAY)
    assert result.percent == pytest.approx((3 * 50 + 100) / 4)
    assert [i.item_id for i in result.items] == [1, 2, 3]
    assert result.items[2].percent is None


def test_an_empty_plan_has_no_progress():
    assert plan_progress([], [], TODAY).percent is None


def test_overdue_means_past_due_and_not_done_or_dropped():
    yesterday = TODAY - timedelta(days=1)
    assert is_overdue(step(1, due=yesterday), TODAY)
    assert not is_overdue(step(1, due=TODAY), TODAY)
    assert not is_overdue(step(1, due=yesterday, status="done"), TODAY)
    assert not is_overdue(step(1, due=yesterday, status="dropped"), TODAY)
    assert not is_overdue(step(1, due=None), TODAY)
    assert item_progress(1, 1, [step(7, due=yesterday), step(8)], TODAY).overdue_step_ids == (7,)


def test_progress_series_replays_updates_by_date_then_order():
    items = [(1, 1)]
    steps = [step(1, weight=1), step(2, weight=1)]
    updates = [
        Update(step_id=1, date=date(2026, 10, 1), order=1, percent=50, status="in_progress"),
        Update(step_id=2, date=date(2026, 10, 5), order=3, percent=100, status="done"),
        Update(step_id=2, date=date(2026, 10, 5), order=2, percent=20, status="in_progress"),
        Update(step_id=1, date=date(2026, 10, 9), order=4, percent=0, status="dropped"),
    ]
    series = progress_series(items, steps, updates)
    assert [(p.date, p.percent) for p in series] == [
        (date(2026, 10, 1), 25.0),
        (date(2026, 10, 5), 75.0),
        (date(2026, 10, 9), 100.0),
    ]


def test_progress_series_without_updates_is_empty():
    assert progress_series([(1, 1)], [step(1)], []) == []


# The machine running the suite may be busy (xdist): generation speed is not what these tests check.
PROPERTY = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
statuses = st.sampled_from(["not_started", "in_progress", "done", "blocked", "dropped"])
step_lists = st.lists(
    st.builds(
        step,
        step_id=st.integers(1, 10_000),
        item_id=st.integers(1, 4),
        weight=st.integers(1, 20),
        percent=st.integers(0, 100),
        status=statuses,
        due=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    ),
    max_size=20,
)
item_lists = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 20)), max_size=4, unique_by=lambda t: t[0])


@PROPERTY
@given(items=item_lists, steps=step_lists)
def test_progress_stays_between_0_and_100(items, steps):
    result = plan_progress(items, steps, TODAY)
    values = [result.percent] + [i.percent for i in result.items]
    assert all(v is None or 0 <= v <= 100 for v in values)


@PROPERTY
@given(items=item_lists, steps=step_lists)
def test_plan_progress_lies_between_its_items(items, steps):
    result = plan_progress(items, steps, TODAY)
    measured = [i.percent for i in result.items if i.percent is not None]
    if not measured:
        assert result.percent is None
    else:
        assert min(measured) - 1e-9 <= result.percent <= max(measured) + 1e-9


@PROPERTY
@given(steps=step_lists, factor=st.integers(2, 5))
def test_scaling_every_weight_changes_nothing(steps, factor):
    items = [(i, 1) for i in range(1, 5)]
    scaled = [StepProgress(s.step_id, s.item_id, s.weight * factor, s.percent, s.status, s.due) for s in steps]
    a, b = plan_progress(items, steps, TODAY), plan_progress(items, scaled, TODAY)
    assert (a.percent is None) == (b.percent is None)
    if a.percent is not None and b.percent is not None:
        assert a.percent == pytest.approx(b.percent)


@PROPERTY
@given(percent=st.integers(0, 100), weight=st.integers(1, 50), n=st.integers(1, 6))
def test_equal_steps_give_their_own_percent(percent, weight, n):
    steps = [step(i, weight=weight, percent=percent) for i in range(n)]
    assert item_progress(1, 1, steps, TODAY).percent == pytest.approx(percent)
