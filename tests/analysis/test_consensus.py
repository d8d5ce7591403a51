from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from spcp.analysis import (
    SMALL_GROUPS,
    GroupSupport,
    bridging_scores,
    disclosable_labels,
    opinion_groups,
    support_by_group,
)

PROPERTY = settings(max_examples=100, deadline=None, database=None)
SLOW_PROPERTY = settings(max_examples=30, deadline=None, database=None)

NAN = np.nan
answer = st.sampled_from([1.0, -1.0, 0.0, NAN])


@st.composite
def responses(draw, max_rows=30, max_items=6):
    """A responses matrix and a group label (-1..3) per row."""
    rows = draw(st.integers(0, max_rows))
    items = draw(st.integers(1, max_items))
    matrix = draw(hnp.arrays(float, (rows, items), elements=answer))
    groups = draw(hnp.arrays(int, rows, elements=st.integers(-1, 3)))
    return matrix, groups


def planted_matrix(rows_per_group=40, items=30, seed=1, answer_rate=0.6):
    """Three opinion groups with opposite stances on random items; 60 % of answers given."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1.0, 1.0], size=(3, items))
    planted = np.repeat(np.arange(3), rows_per_group)
    values = np.where(rng.random((len(planted), items)) < 0.85, stance[planted], -stance[planted])
    matrix = np.where(rng.random(values.shape) < answer_rate, values, NAN)
    return matrix, planted


def test_bridging_score_is_the_product_of_smoothed_agree_rates():
    matrix = np.array([[1.0], [1.0], [-1.0], [0.0], [NAN]])
    groups = np.array([0, 0, 1, 1, 1])
    # group 0: (2 + 1) / (2 + 2); group 1: (0 + 1) / (2 + 2) — the unanswered row does not count as a vote
    assert bridging_scores(matrix, groups) == pytest.approx([3 / 4 * 1 / 4])


def test_bridging_prefers_support_from_both_sides_over_one_sided_support():
    police, community = [1.0] * 5, [1.0] * 5
    matrix = np.array([police + community, police + [-1.0] * 5]).T  # item 0 backed by both, item 1 by police only
    groups = np.array([0] * 5 + [1] * 5)
    both, one_sided = bridging_scores(matrix, groups)
    assert both > one_sided


def test_bridging_ignores_rows_in_no_group():
    matrix = np.array([[1.0], [-1.0], [-1.0]])
    assert bridging_scores(matrix, np.array([0, -1, -1])) == pytest.approx([2 / 3])


def test_bridging_without_any_group_is_neutral():
    assert bridging_scores(np.full((3, 2), 1.0), np.array([-1, -1, -1])).tolist() == [0.5, 0.5]


def test_bridging_needs_one_label_per_row():
    with pytest.raises(ValueError, match="one group label per participant"):
        bridging_scores(np.zeros((3, 2)), np.array([0, 1]))


@PROPERTY
@given(responses())
def test_bridging_scores_lie_strictly_between_zero_and_one(data):
    matrix, groups = data
    scores = bridging_scores(matrix, groups)
    assert scores.shape == (matrix.shape[1],)
    assert np.all((scores > 0) & (scores < 1))


@PROPERTY
@given(responses(), st.data())
def test_adding_an_agree_never_lowers_an_items_score(data, draw):
    matrix, groups = data
    assume(matrix.size > 0)
    row = draw.draw(st.integers(0, matrix.shape[0] - 1))
    item = draw.draw(st.integers(0, matrix.shape[1] - 1))
    before = bridging_scores(matrix, groups)
    changed = matrix.copy()
    changed[row, item] = 1.0
    after = bridging_scores(changed, groups)
    assert after[item] >= before[item] - 1e-12
    assert np.allclose(np.delete(after, item), np.delete(before, item))


def test_support_reports_each_large_group_and_pools_the_small_ones():
    groups = np.array([0] * 6 + [1] * 3 + [2] * 2 + [-1] * 4)
    matrix = np.array([[1.0]] * 6 + [[-1.0]] * 3 + [[0.0], [NAN]] + [[1.0]] * 4)
    (item,) = support_by_group(matrix, groups, min_group_size=5)
    assert item == [
        GroupSupport(label=0, members=6, agree=6, disagree=0, passed=0),
        GroupSupport(label=SMALL_GROUPS, members=5, agree=0, disagree=3, passed=1),
    ]


def test_a_pool_of_small_groups_below_the_minimum_is_not_reported():
    groups = np.array([0] * 5 + [1] * 2 + [2] * 2)
    matrix = np.ones((9, 2))
    for item in support_by_group(matrix, groups, min_group_size=5):
        assert [g.label for g in item] == [0]


def test_disclosable_labels_maps_each_label_to_what_it_is_reported_as():
    groups = np.array([4] * 5 + [7] * 3 + [9] * 2 + [-1])
    assert disclosable_labels(groups) == {4: 4, 7: SMALL_GROUPS, 9: SMALL_GROUPS}
    assert disclosable_labels(np.array([4] * 5 + [7] * 3)) == {4: 4}


@PROPERTY
@given(responses(max_rows=40), st.integers(1, 8))
def test_groups_smaller_than_the_minimum_never_appear_on_their_own(data, min_size):
    matrix, groups = data
    sizes = {int(g): int((groups == g).sum()) for g in np.unique(groups)}
    per_item = support_by_group(matrix, groups, min_group_size=min_size)
    assert len(per_item) == matrix.shape[1]
    for item, column in zip(per_item, matrix.T, strict=True):
        for entry in item:
            assert entry.members >= min_size
            if entry.label != SMALL_GROUPS:
                assert entry.label >= 0
                assert sizes[entry.label] >= min_size
            assert entry.agree + entry.disagree + entry.passed <= entry.members
        assert sum(g.agree for g in item) <= int((column == 1.0).sum())


def test_opinion_groups_find_planted_groups():
    matrix, planted = planted_matrix()
    result = opinion_groups(matrix, seed=0)
    assert result.k == 3
    for g in range(3):
        found = result.labels[planted == g]
        assert np.bincount(found).max() >= 0.9 * len(found)
    assert result.silhouette > 0.3


def test_participants_with_too_few_answers_are_left_out():
    matrix, _planted = planted_matrix()
    matrix[:5, 3:] = NAN  # three answers each
    result = opinion_groups(matrix, min_answers=7)
    assert (result.labels[:5] == -1).all()
    assert np.isnan(result.coordinates[:5]).all()
    assert (result.labels[5:] >= 0).all()
    assert np.isfinite(result.coordinates[5:]).all()


def test_fewer_than_ten_eligible_participants_give_no_groups():
    matrix, _planted = planted_matrix()
    matrix[9:] = NAN
    result = opinion_groups(matrix)
    assert result.k == 0
    assert (result.labels == -1).all()
    assert np.isnan(result.coordinates).all()


def test_identical_participants_form_one_group():
    result = opinion_groups(np.ones((12, 8)))
    assert result.k == 1
    assert (result.labels == 0).all()


def test_opinion_groups_are_deterministic_for_a_seed():
    matrix, _planted = planted_matrix(answer_rate=0.3)
    first, second = opinion_groups(matrix, seed=5), opinion_groups(matrix, seed=5)
    assert first.k == second.k
    assert np.array_equal(first.labels, second.labels)
    assert np.array_equal(first.coordinates, second.coordinates, equal_nan=True)
    assert first.silhouette == second.silhouette


@SLOW_PROPERTY
@given(
    rows=st.integers(10, 40),
    items=st.integers(7, 12),
    seed=st.integers(0, 2**16),
    max_k=st.integers(2, 6),
)
def test_opinion_groups_are_never_smaller_than_five(rows, items, seed, max_k):
    rng = np.random.default_rng(seed)
    matrix = np.where(rng.random((rows, items)) < 0.8, rng.choice([1.0, -1.0, 0.0], (rows, items)), NAN)
    result = opinion_groups(matrix, max_k=max_k, min_answers=3, seed=seed)
    grouped = result.labels[result.labels >= 0]
    assert result.k == len(np.unique(grouped))
    assert result.k <= max_k
    if result.k > 1:
        assert np.bincount(grouped).min() >= 5
    again = opinion_groups(matrix, max_k=max_k, min_answers=3, seed=seed)
    assert np.array_equal(result.labels, again.labels)
