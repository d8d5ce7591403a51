from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spcp.analysis import ItemSides, SideAnswers, common_ground

PROPERTY = settings(max_examples=200, deadline=None, database=None)


def item(key: int, police: tuple[int, int] | None, community: tuple[int, int] | None) -> ItemSides:
    return ItemSides(
        key=key,
        police=SideAnswers(*police) if police else None,
        community=SideAnswers(*community) if community else None,
    )


def test_seven_of_ten_on_each_side_is_common_ground_and_six_is_not():
    result = common_ground([item(1, (7, 10), (14, 20)), item(2, (6, 10), (20, 20))])
    assert [c.key for c in result.agree] == [1]
    assert result.agree[0].police.percent == 70.0


def test_common_ground_lists_the_higher_lower_share_first():
    result = common_ground([item(1, (8, 10), (20, 20)), item(2, (9, 10), (9, 10)), item(3, (10, 10), (7, 10))])
    assert [c.key for c in result.agree] == [2, 1, 3]


def test_passes_count_as_answers_not_agreement():
    # 6 agree and 4 pass on the police side: 60 %, under the bar.
    result = common_ground([item(1, (6, 10), (10, 10))])
    assert result.agree == ()
    assert [c.key for c in result.differ] == [1]
    assert result.differ[0].gap == pytest.approx(40.0)


def test_differences_are_the_largest_gaps_first_and_at_most_limit():
    items = [item(k, (k, 10), (10 - k, 10)) for k in range(0, 11)]
    result = common_ground(items, limit=3)
    assert [round(c.gap) for c in result.differ] == [100, 100, 80]
    assert [c.key for c in result.differ] == [0, 10, 1]
    assert result.differ[0].police_higher is False
    assert result.differ[1].police_higher is True


def test_a_gap_under_the_minimum_is_not_a_difference():
    result = common_ground([item(1, (5, 10), (6, 10)), item(2, (5, 10), (3, 10))], min_gap=20)
    assert [c.key for c in result.differ] == [2]


def test_small_or_pooled_sides_are_left_out_and_counted():
    items = [item(1, (4, 4), (20, 20)), item(2, None, (20, 20)), item(3, (5, 5), (5, 5)), item(4, (0, 0), (9, 9))]
    result = common_ground(items)
    assert [c.key for c in result.agree] == [3]
    assert (result.compared, result.too_few) == (1, 3)


def test_an_item_on_common_ground_is_not_also_a_difference():
    result = common_ground([item(1, (7, 10), (20, 20))], min_gap=20)
    assert [c.key for c in result.agree] == [1]
    assert result.differ == ()


@pytest.mark.parametrize(
    "kwargs", [{"agree_at": 101}, {"min_gap": -1}, {"min_answers": 0}, {"limit": -1}], ids=lambda k: next(iter(k))
)
def test_out_of_range_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        common_ground([], **kwargs)


def test_more_agree_than_answers_is_refused():
    with pytest.raises(ValueError, match="more agree answers than answers"):
        common_ground([item(1, (6, 5), (5, 5))])


side = st.one_of(
    st.none(), st.integers(0, 40).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)).map(lambda t: t))
)
items_strategy = st.lists(st.tuples(side, side), max_size=25).map(
    lambda pairs: [item(k, p, c) for k, (p, c) in enumerate(pairs)]
)


@PROPERTY
@given(items_strategy, st.integers(1, 10), st.integers(0, 100), st.integers(0, 100), st.integers(0, 8))
def test_every_listed_item_keeps_the_small_number_rule_and_the_bars(items, min_answers, agree_at, min_gap, limit):
    result = common_ground(items, agree_at=agree_at, min_answers=min_answers, min_gap=min_gap, limit=limit)
    assert result.compared + result.too_few == len(items)
    listed = [*result.agree, *result.differ]
    assert len({c.key for c in listed}) == len(listed)  # never on both lists
    for c in listed:
        assert min(c.police.answered, c.community.answered) >= min_answers
    for c in result.agree:
        assert 100 * c.police.agree >= agree_at * c.police.answered
        assert 100 * c.community.agree >= agree_at * c.community.answered
    assert len(result.differ) <= limit
    gaps = [c.gap for c in result.differ]
    assert gaps == sorted(gaps, reverse=True)
    assert all(g >= min_gap - 1e-9 and g > 0 for g in gaps)


@PROPERTY
@given(items_strategy)
def test_swapping_the_sides_lists_the_same_items(items):
    swapped = [ItemSides(key=i.key, police=i.community, community=i.police) for i in items]
    a, b = common_ground(items), common_ground(swapped)
    assert [c.key for c in a.agree] == [c.key for c in b.agree]
    assert [c.key for c in a.differ] == [c.key for c in b.differ]


@PROPERTY
@given(items_strategy)
def test_no_left_out_gap_is_larger_than_a_listed_one(items):
    result = common_ground(items, limit=3)
    listed = {c.key for c in result.differ}
    agreed = {c.key for c in result.agree}
    if len(result.differ) == 3:
        smallest = min(c.gap for c in result.differ)
        for i in items:
            if i.key in listed or i.key in agreed or i.police is None or i.community is None:
                continue
            if min(i.police.answered, i.community.answered) >= 5:
                assert abs(i.police.percent - i.community.percent) <= smallest + 1e-9
