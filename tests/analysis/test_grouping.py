from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spcp.analysis import (
    Facilitator,
    Person,
    Problem,
    ProblemCode,
    check_assignment,
    group_count,
    mixed_groups,
    place_facilitators,
    same_sector_groups,
)

PROPERTY = settings(max_examples=100, deadline=None, database=None)

POLICE = 1


def crowd(sizes: dict[int, int], *, law_enforcement: frozenset[int] = frozenset({POLICE})) -> list[Person]:
    """People by sector size; ids run on from 100 across sectors."""
    people: list[Person] = []
    for sector, size in sizes.items():
        police = sector in law_enforcement
        people += [Person(id=100 + len(people) + i, sector=sector, law_enforcement=police) for i in range(size)]
    return people


@st.composite
def crowds(draw: st.DrawFn, max_sectors: int = 7, max_sector_size: int = 25) -> list[Person]:
    """A check-in of up to seven sectors, up to two of them law enforcement, in any order."""
    sizes = draw(st.lists(st.integers(1, max_sector_size), min_size=1, max_size=max_sectors))
    enforcement = draw(st.sets(st.integers(1, len(sizes)), max_size=2))
    people = crowd(dict(enumerate(sizes, start=1)), law_enforcement=frozenset(enforcement))
    return draw(st.permutations(people))


def sizes_of(groups):
    return [len(g) for g in groups]


# group_count


@pytest.mark.parametrize(("people", "groups"), [(0, 0), (1, 1), (9, 1), (14, 1), (15, 2), (100, 10), (1000, 100)])
def test_group_count_aims_for_groups_of_about_ten(people, groups):
    assert group_count(people) == groups


@PROPERTY
@given(st.integers(1, 2000))
def test_group_count_never_makes_a_group_larger_than_the_maximum(people):
    groups = group_count(people)
    assert groups >= 1
    assert math.ceil(people / groups) <= 14


# Breakout 1: same-sector groups


def test_a_large_sector_is_split_into_balanced_groups():
    groups = same_sector_groups(crowd({2: 31}))
    assert [sectors for sectors, _ids in groups] == [(2,)] * 4
    assert sorted(len(ids) for _sectors, ids in groups) == [7, 8, 8, 8]


def test_a_sector_up_to_the_maximum_stays_whole():
    groups = same_sector_groups(crowd({2: 14, 3: 5}))
    assert [(sectors, len(ids)) for sectors, ids in groups] == [((2,), 14), ((3,), 5)]


def test_tiny_sectors_merge_smallest_first_and_a_leftover_joins_the_smallest_other_group():
    # Tiny sectors 4 (2 people), 5 (4) and 6 (4): 4 + 5 reach five; 6 is left over and joins sector 2 (5 people).
    groups = same_sector_groups(crowd({2: 5, 3: 9, 4: 2, 5: 4, 6: 4}))
    assert [(sectors, len(ids)) for sectors, ids in groups] == [((2, 6), 9), ((3,), 9), ((4, 5), 6)]


def test_law_enforcement_is_not_merged_with_community_when_it_can_meet_alone():
    groups = same_sector_groups(crowd({POLICE: 6, 2: 2, 3: 2}))
    assert [sectors for sectors, _ids in groups] == [(POLICE,), (2, 3)]


def test_tiny_law_enforcement_joins_another_law_enforcement_group_first():
    people = crowd({POLICE: 3, 2: 6, 3: 8}, law_enforcement=frozenset({POLICE, 2}))
    groups = same_sector_groups(people)
    assert [sectors for sectors, _ids in groups] == [(POLICE, 2), (3,)]


def test_tiny_law_enforcement_with_nothing_else_joins_the_smallest_community_group():
    groups = same_sector_groups(crowd({POLICE: 3, 2: 6, 3: 8}))
    assert [sectors for sectors, _ids in groups] == [(POLICE, 2), (3,)]


def test_a_room_of_tiny_sectors_becomes_one_group():
    groups = same_sector_groups(crowd({POLICE: 2, 2: 2}))
    assert [sectors for sectors, _ids in groups] == [(POLICE, 2)]


@PROPERTY
@given(crowds(), st.integers(0, 2**32 - 1))
def test_same_sector_groups_place_everyone_once_and_keep_the_stated_rule(people, seed):
    groups = same_sector_groups(people, seed=seed)
    by_id = {p.id: p for p in people}
    placed = [pid for _sectors, ids in groups for pid in ids]
    assert sorted(placed) == sorted(by_id)
    sizes = Counter(p.sector for p in people)
    enforcement_total = sum(p.law_enforcement for p in people)
    for sectors, ids in groups:
        assert set(sectors) == {by_id[pid].sector for pid in ids}
        sides = {by_id[pid].law_enforcement for pid in ids}
        if len(sides) == 2:
            assert enforcement_total < 5, "law enforcement meets with community only when too few to meet alone"
    for sector, size in sizes.items():
        holding = [ids for sectors, ids in groups if sector in sectors]
        if size <= 14:
            assert len(holding) == 1, "a sector of up to max_size people is never split"
        else:
            assert len(holding) == math.ceil(size / 10)
            parts = [sum(by_id[pid].sector == sector for pid in ids) for ids in holding]
            assert max(parts) - min(parts) <= 1
    assert same_sector_groups(list(reversed(people)), seed=seed) == groups


# Breakout 2: mixed groups


@PROPERTY
@given(crowds(), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_mixed_groups_place_everyone_exactly_once_in_balanced_groups(people, n_groups, seed):
    assignment = mixed_groups(people, n_groups, seed=seed)
    assert len(assignment.groups) == n_groups
    placed = [pid for group in assignment.groups for pid in group]
    assert sorted(placed) == sorted(p.id for p in people)
    assert max(sizes_of(assignment.groups)) - min(sizes_of(assignment.groups)) <= 1


@PROPERTY
@given(crowds(), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_mixed_groups_spread_each_sector_and_law_enforcement_evenly(people, n_groups, seed):
    assignment = mixed_groups(people, n_groups, seed=seed)
    by_id = {p.id: p for p in people}
    for sector in {p.sector for p in people}:
        counts = [sum(by_id[pid].sector == sector for pid in group) for group in assignment.groups]
        assert max(counts) - min(counts) <= 1
    police = [sum(by_id[pid].law_enforcement for pid in group) for group in assignment.groups]
    assert max(police) - min(police) <= 1


@PROPERTY
@given(crowds(), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_every_sector_is_in_every_group_exactly_when_it_is_large_enough(people, n_groups, seed):
    assignment = mixed_groups(people, n_groups, seed=seed)
    sizes = Counter(p.sector for p in people)
    sector_of = {p.id: p.sector for p in people}
    for sector, size in sizes.items():
        if size >= n_groups:
            assert all(sector in {sector_of[pid] for pid in group} for group in assignment.groups)
    short = {s: n for s, n in sizes.items() if n < n_groups}
    assert assignment.problems == tuple(
        Problem(ProblemCode.SECTOR_TOO_SMALL, sector=s, have=n, need=n_groups) for s, n in sorted(short.items())
    )


@PROPERTY
@given(crowds(), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_mixed_groups_are_deterministic_for_a_seed_whatever_the_input_order(people, n_groups, seed):
    assert mixed_groups(people, n_groups, seed=seed) == mixed_groups(list(reversed(people)), n_groups, seed=seed)


def test_different_seeds_give_different_groups():
    people = crowd({POLICE: 6, 2: 12, 3: 12})
    assert len({mixed_groups(people, 3, seed=seed).groups for seed in range(5)}) > 1


def test_mixed_groups_refuse_a_person_listed_twice():
    person = Person(id=1, sector=2, law_enforcement=False)
    with pytest.raises(ValueError, match="only once"):
        mixed_groups([person, person], 1)


# Hand edits


@PROPERTY
@given(crowds(), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_a_mixed_groups_result_passes_the_check(people, n_groups, seed):
    assert check_assignment(mixed_groups(people, n_groups, seed=seed).groups, people) == ()


def test_check_reports_unknown_duplicate_and_missing_people():
    people = crowd({2: 3})  # ids 100, 101, 102
    problems = check_assignment([[100, 999], [100, 101]], people)
    assert problems == (
        Problem(ProblemCode.UNKNOWN_PERSON, group=0, person=999),
        Problem(ProblemCode.DUPLICATE_PERSON, group=1, person=100),
        Problem(ProblemCode.MISSING_PERSON, person=102),
    )


def test_check_reports_a_group_missing_a_sector_large_enough_to_be_everywhere():
    people = crowd({2: 2, 3: 2, 4: 1})  # sector 2: 100, 101; sector 3: 102, 103; sector 4: 104
    problems = check_assignment([[100, 101, 102], [103, 104]], people)
    assert problems == (Problem(ProblemCode.GROUP_MISSING_SECTOR, group=1, sector=2),)


def test_check_reports_unbalanced_sizes_and_uneven_law_enforcement():
    people = crowd({POLICE: 3, 2: 3})  # police 100–102, community 103–105
    problems = check_assignment([[100, 101, 102, 103, 104], [105]], people)
    assert problems == (
        Problem(ProblemCode.GROUP_MISSING_SECTOR, group=1, sector=POLICE),
        Problem(ProblemCode.UNBALANCED, group=0, have=5, need=2),
        Problem(ProblemCode.LAW_ENFORCEMENT_UNEVEN, group=0, have=3, need=1),
    )


# Facilitators


def test_each_group_gets_a_facilitator_speaking_its_language():
    facilitators = [Facilitator(1, ("en",)), Facilitator(2, ("ko",)), Facilitator(3, ("es",))]
    for seed in range(5):
        placed, problems = place_facilitators([["ko"], ["es"], ["en"]], facilitators, per_group=1, seed=seed)
        assert placed == ((2,), (3,), (1,))
        assert problems == ()


def test_placement_is_optimal_not_greedy():
    # Greedily giving the bilingual group the Korean speaker would leave the Korean-only group without one.
    facilitators = [Facilitator(1, ("ko",)), Facilitator(2, ("en",))]
    placed, problems = place_facilitators([["en", "ko"], ["ko"]], facilitators, per_group=1)
    assert placed == ((2,), (1,))
    assert problems == ()


def test_second_facilitators_cover_a_language_the_group_still_lacks():
    facilitators = [Facilitator(1, ("en",)), Facilitator(2, ("en",)), Facilitator(3, ("ko",)), Facilitator(4, ())]
    placed, problems = place_facilitators([["en", "ko"], []], facilitators, per_group=2)
    assert set(placed[0]) == {1, 3} or set(placed[0]) == {2, 3}
    assert len(placed[1]) == 2
    assert problems == ()


def test_language_codes_match_regardless_of_case_and_separator():
    placed, problems = place_facilitators([["zh_Hans"]], [Facilitator(7, ("ZH-hans",))], per_group=1)
    assert placed == ((7,),)
    assert problems == ()


def test_a_group_left_without_a_facilitator_is_reported():
    placed, problems = place_facilitators([["en"], ["en"]], [Facilitator(1, ("en",))])
    empty = placed.index(())
    assert problems == (Problem(ProblemCode.NO_FACILITATOR, group=empty),)


def test_a_group_whose_facilitators_share_none_of_its_languages_is_reported():
    facilitators = [Facilitator(1, ("en",)), Facilitator(2, ("ko",))]
    placed, problems = place_facilitators([["vi"], []], facilitators, per_group=1)
    assert all(placed)
    assert problems == (Problem(ProblemCode.NO_SHARED_LANGUAGE, group=0),)


languages = st.lists(st.sampled_from(["en", "ko", "es", "vi", "zh-hans"]), max_size=3, unique=True)


@PROPERTY
@given(
    groups=st.lists(languages, max_size=8),
    spoken=st.lists(languages, max_size=14),
    per_group=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_facilitators_are_placed_at_most_once_and_problems_match_the_placement(groups, spoken, per_group, seed):
    facilitators = [Facilitator(id=i, languages=tuple(langs)) for i, langs in enumerate(spoken)]
    placed, problems = place_facilitators(groups, facilitators, per_group=per_group, seed=seed)
    everyone = [f for ids in placed for f in ids]
    assert len(everyone) == len(set(everyone)) == min(len(facilitators), per_group * len(groups))
    assert all(len(ids) <= per_group for ids in placed)
    counts = [len(ids) for ids in placed]
    assert not counts or max(counts) - min(counts) <= 1
    speaks = {f.id: set(f.languages) for f in facilitators}
    expected = []
    for g, (wanted, ids) in enumerate(zip(groups, placed, strict=True)):
        if not ids:
            expected.append(Problem(ProblemCode.NO_FACILITATOR, group=g))
        elif wanted and not any(speaks[f] & set(wanted) for f in ids):
            expected.append(Problem(ProblemCode.NO_SHARED_LANGUAGE, group=g))
    assert problems == tuple(expected)
    assert place_facilitators(groups, facilitators, per_group=per_group, seed=seed) == (placed, problems)
