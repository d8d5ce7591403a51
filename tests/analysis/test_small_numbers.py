"""Small numbers in the room's responses: lines pooled by who answered, and no bridging score on too few answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from spcp.analysis import SMALL_GROUPS, GroupSupport, bridging_if_enough, bridging_scores, pooled_support

PROPERTY = settings(max_examples=150, deadline=None, database=None)
NAN = np.nan


def _column(*blocks: tuple[int, list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """One item: for each (label, answers) block, one row per answer (nan = did not answer)."""
    labels = [label for label, answers in blocks for _ in answers]
    values = [value for _label, answers in blocks for value in answers]
    return np.array(values, dtype=float).reshape(-1, 1), np.array(labels, dtype=int)


def test_a_big_sector_where_one_person_answered_is_pooled_not_shown():
    # "New Americans 14 · 1 agree": fourteen members, one answer.
    matrix, groups = _column((0, [1.0] * 6), (1, [-1.0] * 6), (2, [1.0] + [NAN] * 13))
    (lines,) = pooled_support(matrix, groups, min_count=5)
    assert [line.label for line in lines] == [1, SMALL_GROUPS]  # the smallest shown group joined the pool
    assert lines[1] == GroupSupport(label=SMALL_GROUPS, members=20, agree=7, disagree=0, passed=0, pooled=(0, 2))
    assert all(line.label != 2 for line in lines)


def test_a_group_whose_members_all_stayed_silent_is_shown_with_zeros():
    matrix, groups = _column((0, [1.0] * 5), (1, [NAN] * 7))
    (lines,) = pooled_support(matrix, groups, min_count=5)
    assert lines == [
        GroupSupport(label=0, members=5, agree=5, disagree=0, passed=0),
        GroupSupport(label=1, members=7, agree=0, disagree=0, passed=0),
    ]


def test_groups_with_enough_answers_are_shown_and_small_ones_pooled():
    matrix, groups = _column((0, [1.0] * 5), (1, [0.0] * 6), (2, [-1.0] * 3), (3, [1.0, 1.0, NAN, NAN, NAN]))
    (lines,) = pooled_support(matrix, groups, min_count=5)
    assert lines == [
        GroupSupport(label=0, members=5, agree=5, disagree=0, passed=0),
        GroupSupport(label=1, members=6, agree=0, disagree=0, passed=6),
        GroupSupport(label=SMALL_GROUPS, members=8, agree=2, disagree=3, passed=0, pooled=(2, 3)),
    ]


def test_a_room_with_fewer_than_the_minimum_answers_breaks_nothing_out():
    matrix, groups = _column((0, [1.0, 1.0] + [NAN] * 8), (1, [-1.0] + [NAN] * 9))
    assert pooled_support(matrix, groups, min_count=5) == [[]]


def test_each_item_is_pooled_by_its_own_answers():
    matrix = np.array([[1.0, 1.0]] * 5 + [[1.0, NAN]] * 4 + [[-1.0, -1.0]] + [[-1.0, -1.0]] * 5, dtype=float)
    groups = np.array([0] * 5 + [1] * 5 + [2] * 5)
    first, second = pooled_support(matrix, groups, min_count=5)
    assert [line.label for line in first] == [0, 1, 2]
    assert [line.label for line in second] == [2, SMALL_GROUPS]  # group 1 gave one answer: group 0 pooled with it


def test_sectors_are_pooled_inside_their_constituency_so_the_two_tables_cannot_be_subtracted():
    # Police (label 0, its own constituency) and three community sectors; New Americans (3): one answer of 14.
    matrix, groups = _column((0, [1.0] * 6), (1, [1.0] * 6), (2, [-1.0] * 6), (3, [1.0] + [NAN] * 13))
    side = np.where(groups == 0, 0, 1)
    (constituencies,) = pooled_support(matrix, side, min_count=5)
    assert [line.label for line in constituencies] == [0, 1]  # police 6 agree, community 13 answers
    (alone,) = pooled_support(matrix, groups, min_count=5)
    # Pooled with the police, "pool − police line" would give New Americans' one answer.
    assert alone[-1].pooled == (0, 3)
    (sectors,) = pooled_support(matrix, groups, min_count=5, within=side)
    assert [line.label for line in sectors] == [0, 2, SMALL_GROUPS]
    assert sectors[-1] == GroupSupport(label=SMALL_GROUPS, members=20, agree=7, disagree=0, passed=0, pooled=(1, 3))


def test_with_a_constituency_hidden_sectors_may_pool_across_the_room():
    # Eight officers, two answered: the constituency report shows only the whole room.
    matrix, groups = _column((0, [-1.0] * 2 + [NAN] * 6), (1, [1.0] * 6), (2, [1.0] * 6))
    side = np.where(groups == 0, 0, 1)
    (constituencies,) = pooled_support(matrix, side, min_count=5)
    assert [line.pooled for line in constituencies] == [(0, 1)]
    (sectors,) = pooled_support(matrix, groups, min_count=5, within=side)
    assert [line.label for line in sectors] == [2, SMALL_GROUPS] and sectors[-1].pooled == (0, 1)


def test_groups_must_nest_inside_the_coarser_groups():
    matrix, groups = _column((0, [1.0] * 5), (1, [1.0] * 5))
    with pytest.raises(ValueError, match="inside one coarser group"):
        pooled_support(matrix, groups, within=np.array([0] * 4 + [1] * 6))


@st.composite
def rooms(draw):
    rows = draw(st.integers(0, 40))
    items = draw(st.integers(1, 4))
    matrix = draw(hnp.arrays(float, (rows, items), elements=st.sampled_from([1.0, -1.0, 0.0, NAN])))
    groups = draw(hnp.arrays(int, (rows,), elements=st.integers(-1, 4)))
    return matrix, groups


@PROPERTY
@given(rooms(), st.integers(2, 6))
def test_no_line_shows_a_small_number_and_the_lines_add_up_to_the_room(room, min_count):
    matrix, groups = room
    labelled = groups >= 0
    for j, lines in enumerate(pooled_support(matrix, groups, min_count=min_count)):
        for line in lines:
            answered = line.agree + line.disagree + line.passed
            assert line.members >= min_count
            assert answered == 0 or answered >= min_count
        if lines:  # nothing hidden can be worked out by subtracting the shown lines from the totals
            column = matrix[labelled, j]
            assert sum(line.members for line in lines) == int(labelled.sum())
            assert sum(line.agree for line in lines) == int((column == 1.0).sum())
            assert sum(line.disagree for line in lines) == int((column == -1.0).sum())
            assert sum(line.passed for line in lines) == int((column == 0.0).sum())
        assert sum(line.label == SMALL_GROUPS for line in lines) <= 1


@PROPERTY
@given(rooms(), st.integers(2, 6))
def test_no_pool_mixes_what_a_shown_coarser_line_keeps_apart(room, min_count):
    matrix, groups = room
    within = np.where(groups >= 0, groups % 2, -1)  # e.g. sectors inside the two constituencies
    coarse = pooled_support(matrix, within, min_count=min_count)
    fine = pooled_support(matrix, groups, min_count=min_count, within=within)
    for coarse_lines, lines in zip(coarse, fine, strict=True):
        shown_blocks = [line.pooled or (line.label,) for line in coarse_lines]
        for line in lines:
            answered = line.agree + line.disagree + line.passed
            assert line.members >= min_count and (answered == 0 or answered >= min_count)
            if coarse_lines:  # every fine line lies inside one coarser line, so its pool is that line minus the rest
                parents = {g % 2 for g in (line.pooled or (line.label,))}
                assert any(parents <= set(block) for block in shown_blocks)
        for block in shown_blocks if lines else []:
            inside = [ln for ln in lines if {g % 2 for g in (ln.pooled or (ln.label,))} <= set(block)]
            (total,) = [ln for ln in coarse_lines if (ln.pooled or (ln.label,)) == block]
            assert sum(ln.agree for ln in inside) == total.agree
            assert sum(ln.members for ln in inside) == total.members


def _sides(police: list[float], community: list[float]) -> tuple[np.ndarray, np.ndarray]:
    return _column((0, police), (1, community))


def test_bridging_with_no_answers_is_not_a_score():
    # Smoothing alone would say 0.25: "25 % common ground" with nobody having answered.
    matrix, groups = _sides([NAN] * 6, [NAN] * 10)
    assert bridging_scores(matrix, groups)[0] == 0.25
    assert np.isnan(bridging_if_enough(matrix, groups, sides=(0, 1), min_answers=5)[0])


def test_bridging_without_law_enforcement_answers_is_not_a_score():
    matrix, groups = _sides([NAN] * 6, [1.0] * 10)
    assert np.isnan(bridging_if_enough(matrix, groups, sides=(0, 1), min_answers=5)[0])


def test_bridging_needs_the_minimum_from_each_side():
    short = _sides([1.0] * 4 + [NAN] * 2, [1.0] * 10)
    enough = _sides([1.0] * 5 + [NAN], [1.0] * 10)
    assert np.isnan(bridging_if_enough(*short, sides=(0, 1), min_answers=5)[0])
    score = bridging_if_enough(*enough, sides=(0, 1), min_answers=5)[0]
    assert score == bridging_scores(*enough)[0] == pytest.approx((6 / 7) * (11 / 12))


def test_bridging_with_a_side_missing_from_the_room_is_not_a_score():
    matrix, groups = _column((1, [1.0] * 10))
    assert np.isnan(bridging_if_enough(matrix, groups, sides=(0, 1), min_answers=5)[0])


def test_passing_counts_as_an_answer_for_bridging():
    matrix, groups = _sides([0.0] * 5, [1.0] * 5)
    assert not np.isnan(bridging_if_enough(matrix, groups, sides=(0, 1), min_answers=5)[0])
