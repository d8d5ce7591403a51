from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spcp.analysis import (
    AllocationProblem,
    ResponseCounts,
    count_responses,
    tally_dots,
    top_k,
    validate_allocation,
)

PROPERTY = settings(max_examples=100, deadline=None, database=None)

CHOICES = range(1, 9)
allocations = st.dictionaries(st.integers(0, 10), st.integers(-2, 6), max_size=8)


def test_allocation_within_the_rules_is_valid():
    assert validate_allocation({1: 2, 2: 1}, dots=3, allow_stacking=True, choices={1, 2, 3}) == []


def test_zero_counts_mean_none_even_for_an_unknown_choice():
    assert validate_allocation({1: 1, 99: 0}, dots=1, allow_stacking=False, choices={1}) == []


def test_more_dots_than_allowed_is_too_many():
    assert validate_allocation({1: 2, 2: 2}, dots=3, allow_stacking=True, choices={1, 2}) == [
        AllocationProblem.TOO_MANY
    ]


def test_two_dots_on_one_choice_is_stacking_when_not_allowed():
    assert validate_allocation({1: 2}, dots=3, allow_stacking=False, choices={1}) == [AllocationProblem.STACKING]


def test_negative_counts_and_unknown_choices_are_reported():
    problems = validate_allocation({1: -1, 7: 1}, dots=3, allow_stacking=True, choices={1})
    assert problems == [AllocationProblem.NEGATIVE, AllocationProblem.UNKNOWN_CHOICE]


def test_tally_sums_dots_per_choice_and_omits_zeros():
    assert tally_dots([{1: 2, 2: 1}, {1: 1, 3: 0}, {}]) == {1: 3, 2: 1}


def test_top_k_breaks_ties_by_recorded_order():
    assert top_k({10: 3, 20: 5, 30: 3, 40: 1}, 3, order=[40, 30, 20, 10]) == [20, 30, 10]


def test_top_k_never_selects_choices_without_dots():
    assert top_k({1: 2, 2: 0}, 5, order=[1, 2, 3]) == [1]


def test_top_k_of_zero_is_empty():
    assert top_k({1: 2}, 0, order=[1]) == []


def test_count_responses_counts_agree_disagree_and_pass():
    counts = count_responses([1, 1, -1, 0, 1])
    assert counts == ResponseCounts(agree=3, disagree=1, passed=1)
    assert counts.votes == 5


def test_count_responses_rejects_other_values():
    with pytest.raises(ValueError, match="1, -1 or 0"):
        count_responses([2])


@PROPERTY
@given(allocation=allocations, dots=st.integers(0, 10), stacking=st.booleans())
def test_a_valid_allocation_never_exceeds_the_dots(allocation, dots, stacking):
    if not validate_allocation(allocation, dots=dots, allow_stacking=stacking, choices=CHOICES):
        assert sum(allocation.values()) <= dots
        assert all(count >= 0 for count in allocation.values())
        assert all(choice in CHOICES for choice, count in allocation.items() if count)
        assert stacking or all(count <= 1 for count in allocation.values())


@PROPERTY
@given(st.lists(st.dictionaries(st.integers(0, 10), st.integers(0, 5), max_size=6), max_size=20))
def test_tally_total_equals_all_dots_placed(ballots):
    tally = tally_dots(ballots)
    assert sum(tally.values()) == sum(sum(b.values()) for b in ballots)
    assert 0 not in tally.values()


@PROPERTY
@given(
    tally=st.dictionaries(st.integers(0, 15), st.integers(0, 6), max_size=12),
    k=st.integers(0, 8),
    order=st.permutations(list(range(16))),
)
def test_top_k_respects_k_and_orders_by_count(tally, k, order):
    chosen = top_k(tally, k, order)
    assert len(chosen) <= k
    assert len(set(chosen)) == len(chosen)
    assert all(tally[c] > 0 for c in chosen)
    ranks = [(-tally[c], order.index(c)) for c in chosen]
    assert ranks == sorted(ranks)
    left_out = [c for c, n in tally.items() if n > 0 and c not in chosen]
    if left_out:
        assert len(chosen) == k
    if left_out and chosen:
        assert all((-tally[c], order.index(c)) > ranks[-1] for c in left_out)
