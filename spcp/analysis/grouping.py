"""Breakout groups for the forum day: same-sector tables, mixed tables, hand-edit checks, facilitator placement.

Everything here is deterministic for a given seed and works on plain ids; the Django layer turns the
`Problem` records into translated sentences.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Person:
    id: int
    sector: int
    law_enforcement: bool
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facilitator:
    id: int
    languages: tuple[str, ...]


class ProblemCode(StrEnum):
    SECTOR_TOO_SMALL = "sector_too_small"  # a sector has fewer people than groups, so it can't be in every group
    GROUP_MISSING_SECTOR = "group_missing_sector"
    UNBALANCED = "unbalanced"
    LAW_ENFORCEMENT_UNEVEN = "law_enforcement_uneven"
    UNKNOWN_PERSON = "unknown_person"
    DUPLICATE_PERSON = "duplicate_person"
    MISSING_PERSON = "missing_person"
    NO_FACILITATOR = "no_facilitator"
    NO_SHARED_LANGUAGE = "no_shared_language"


@dataclass(frozen=True)
class Problem:
    """One failed constraint. `group` is a 0-based index into the groups; `have`/`need` are counts."""

    code: ProblemCode
    sector: int | None = None
    group: int | None = None
    person: int | None = None
    have: int | None = None
    need: int | None = None


@dataclass(frozen=True)
class Assignment:
    groups: tuple[tuple[int, ...], ...]  # person ids per group
    problems: tuple[Problem, ...]


def _by_sector(people: Sequence[Person]) -> dict[int, list[Person]]:
    """People per sector, sectors and people in id order; a person listed twice is a ValueError."""
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("Each person may be listed only once.")
    sectors: dict[int, list[Person]] = {}
    for person in sorted(people, key=lambda p: (p.sector, p.id)):
        sectors.setdefault(person.sector, []).append(person)
    return sectors


def _deal(ids: Sequence[int], n: int) -> list[list[int]]:
    """Split ids into n parts whose sizes differ by at most one."""
    return [list(ids[i::n]) for i in range(n)]


def group_count(people: int, *, target_size: int = 10, max_size: int = 14) -> int:
    """How many breakout groups for a head-count: about target_size each, none above max_size, ≥1 when people > 0."""
    if people <= 0:
        return 0
    if not 1 <= target_size <= max_size:
        raise ValueError("Need 1 ≤ target_size ≤ max_size.")
    n = max(1, math.floor(people / target_size + 0.5))
    while math.ceil(people / n) > max_size:
        n += 1
    return n


@dataclass
class _Table:
    law_enforcement: bool
    sectors: list[int] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)

    def absorb(self, other: _Table) -> None:
        self.sectors += other.sectors
        self.ids += other.ids


def _smallest(tables: Sequence[_Table]) -> _Table:
    return min(tables, key=lambda t: (len(t.ids), sorted(t.sectors), sorted(t.ids)))


def same_sector_groups(
    people: Sequence[Person], *, target_size: int = 10, max_size: int = 14, min_size: int = 5, seed: int = 0
) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Breakout 1: same-sector groups as (sector ids, person ids), ordered by sector id; deterministic per seed.

    A sector of more than max_size people is split at random into ceil(n / target_size) groups whose
    sizes differ by at most one; a sector of min_size..max_size people is one group. Smaller sectors:
    "tiny sectors are merged with each other, smallest first, until the merged group reaches min_size; a
    leftover tiny group joins the smallest other group. Law enforcement is never merged with community
    sectors unless it alone is smaller than min_size and there is nothing else".
    Here "other group" means one on the same side (law enforcement or community); "nothing else" means no
    other law-enforcement group, in which case the leftover law-enforcement group joins the smallest
    community group. A community leftover with no other community group stays a small group of its own.
    A sector counts as law enforcement when any of its people does.
    """
    rng = random.Random(seed)
    tables: list[_Table] = []
    tiny: dict[bool, list[_Table]] = {True: [], False: []}
    for sector, members in _by_sector(people).items():
        ids = [p.id for p in members]
        enforcement = any(p.law_enforcement for p in members)
        if len(ids) > max_size:
            rng.shuffle(ids)
            tables += [_Table(enforcement, [sector], part) for part in _deal(ids, math.ceil(len(ids) / target_size))]
        elif len(ids) >= min_size:
            tables.append(_Table(enforcement, [sector], ids))
        else:
            tiny[enforcement].append(_Table(enforcement, [sector], ids))

    leftover: dict[bool, _Table | None] = {True: None, False: None}
    for side, pending in tiny.items():
        current: _Table | None = None
        for table in sorted(pending, key=lambda t: (len(t.ids), t.sectors)):
            if current is None:
                current = table
            else:
                current.absorb(table)
            if len(current.ids) >= min_size:
                tables.append(current)
                current = None
        leftover[side] = current

    community_rest = leftover[False]
    if community_rest is not None:
        community = [t for t in tables if not t.law_enforcement]
        if community:
            _smallest(community).absorb(community_rest)
        else:
            tables.append(community_rest)
    enforcement_rest = leftover[True]
    if enforcement_rest is not None:
        same_side = [t for t in tables if t.law_enforcement] or [t for t in tables if not t.law_enforcement]
        if same_side:
            _smallest(same_side).absorb(enforcement_rest)
        else:
            tables.append(enforcement_rest)

    result = [(tuple(sorted(t.sectors)), tuple(sorted(t.ids))) for t in tables]
    return tuple(sorted(result))


def mixed_groups(people: Sequence[Person], n_groups: int, *, seed: int = 0) -> Assignment:
    """Breakout 2: n_groups mixed groups with every sector in every group whenever each has ≥ n_groups people.

    Each sector is shuffled and dealt round-robin with one pointer that runs on across sectors (law
    enforcement first, then larger sectors first), so group sizes, each sector's per-group counts and law
    enforcement's per-group counts all differ by at most one. A sector with fewer than n_groups people gives
    one SECTOR_TOO_SMALL problem (have = its size, need = n_groups). Deterministic for a given seed.
    """
    if n_groups < 1:
        raise ValueError("Need at least one group.")
    rng = random.Random(seed)
    sectors = _by_sector(people)
    enforcement = {s: any(p.law_enforcement for p in members) for s, members in sectors.items()}
    order = sorted(sectors, key=lambda s: (not enforcement[s], -len(sectors[s]), s))
    groups: list[list[int]] = [[] for _ in range(n_groups)]
    pointer = rng.randrange(n_groups)
    for sector in order:
        ids = [p.id for p in sectors[sector]]
        rng.shuffle(ids)
        for person_id in ids:
            groups[pointer % n_groups].append(person_id)
            pointer += 1
    problems = tuple(
        Problem(ProblemCode.SECTOR_TOO_SMALL, sector=s, have=len(members), need=n_groups)
        for s, members in sectors.items()
        if len(members) < n_groups
    )
    return Assignment(groups=tuple(tuple(sorted(g)) for g in groups), problems=problems)


def _spread_problem(code: ProblemCode, counts: Sequence[int]) -> Problem | None:
    """A problem on the group with the largest count when counts differ by more than one (need = the most allowed)."""
    if not counts or max(counts) - min(counts) <= 1:
        return None
    return Problem(code, group=counts.index(max(counts)), have=max(counts), need=min(counts) + 1)


def check_assignment(groups: Sequence[Sequence[int]], people: Sequence[Person]) -> tuple[Problem, ...]:
    """Re-check a (hand-edited) assignment of person ids to groups against the mixed-group constraints.

    Reports, in this order: unknown ids, ids placed twice (at the later group), people placed nowhere,
    groups missing a sector that has at least as many people as there are groups, group sizes differing by
    more than one (UNBALANCED), and law-enforcement counts differing by more than one.
    """
    known = {p.id: p for p in people}
    problems: list[Problem] = []
    seen: set[int] = set()
    placed: list[list[Person]] = []
    for index, group in enumerate(groups):
        members = []
        for person_id in group:
            if person_id not in known:
                problems.append(Problem(ProblemCode.UNKNOWN_PERSON, group=index, person=person_id))
            elif person_id in seen:
                problems.append(Problem(ProblemCode.DUPLICATE_PERSON, group=index, person=person_id))
            else:
                seen.add(person_id)
                members.append(known[person_id])
        placed.append(members)
    problems += [
        Problem(ProblemCode.MISSING_PERSON, person=p.id) for p in sorted(people, key=lambda p: p.id) if p.id not in seen
    ]

    sector_sizes = Counter(p.sector for p in people)
    everywhere = sorted(s for s, n in sector_sizes.items() if n >= len(groups))
    for index, members in enumerate(placed):
        present = {p.sector for p in members}
        problems += [
            Problem(ProblemCode.GROUP_MISSING_SECTOR, group=index, sector=s) for s in everywhere if s not in present
        ]
    for code, counts in (
        (ProblemCode.UNBALANCED, [len(members) for members in placed]),
        (ProblemCode.LAW_ENFORCEMENT_UNEVEN, [sum(p.law_enforcement for p in members) for members in placed]),
    ):
        problem = _spread_problem(code, counts)
        if problem is not None:
            problems.append(problem)
    return tuple(problems)


def _language(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def _languages(codes: Collection[str]) -> frozenset[str]:
    return frozenset(_language(c) for c in codes if c.strip())


def _lexicographic(levels: NDArray[np.float64]) -> NDArray[np.float64]:
    """One score matrix whose best assignment maximises levels[0] in total, then levels[1], and so on.

    Each level is shifted to start at 0 and scaled above the largest possible total of the levels below it.
    """
    rows = levels.shape[1]
    score = np.zeros(levels.shape[1:])
    for level in levels:
        shifted = level - level.min()
        score = score * (rows * (shifted.max() + 1) + 1) + shifted
    return score


def place_facilitators(
    group_languages: Sequence[Sequence[str]], facilitators: Sequence[Facilitator], *, per_group: int = 2, seed: int = 0
) -> tuple[tuple[tuple[int, ...], ...], tuple[Problem, ...]]:
    """Place up to per_group facilitators per group, each at most once, matching languages; report what fails.

    Placement goes in rounds; each round gives every group that got one in all earlier rounds one more
    facilitator by an optimal assignment (scipy's linear_sum_assignment) that first maximises how many groups
    gain a language they still lack, then how many share any of their languages, then the overlap, and last
    keeps facilitators' other languages for later groups. So the first round gives as many groups as
    possible a facilitator speaking one of their languages. Language
    codes match case-insensitively with "_" and "-" alike. Problems: NO_FACILITATOR for a group left without
    one; NO_SHARED_LANGUAGE for a group with declared languages whose facilitators share none of them.
    Deterministic for a given seed (which only breaks ties between equally good facilitators).
    """
    if per_group < 1:
        raise ValueError("Need at least one facilitator per group.")
    unique = list({f.id: f for f in reversed(facilitators)}.values())
    pool = sorted(unique, key=lambda f: f.id)
    random.Random(seed).shuffle(pool)
    wanted = [_languages(langs) for langs in group_languages]
    spoken = {f.id: _languages(f.languages) for f in pool}
    placed: list[list[int]] = [[] for _ in group_languages]

    for round_number in range(per_group):
        open_groups = [g for g, ids in enumerate(placed) if len(ids) == round_number]
        if not open_groups or not pool:
            break
        levels = np.zeros((4, len(open_groups), len(pool)))
        for row, g in enumerate(open_groups):
            lacking = wanted[g].difference(*(spoken[f] for f in placed[g]))
            for column, facilitator in enumerate(pool):
                overlap = spoken[facilitator.id] & wanted[g]
                unused = len(spoken[facilitator.id] - wanted[g])
                levels[:, row, column] = (bool(overlap & lacking), bool(overlap), len(overlap), -unused)
        rows, columns = linear_sum_assignment(_lexicographic(levels), maximize=True)
        chosen = {int(c) for c in columns}
        for row, column in zip(rows, columns, strict=True):
            placed[open_groups[int(row)]].append(pool[int(column)].id)
        pool = [f for i, f in enumerate(pool) if i not in chosen]

    problems: list[Problem] = []
    for g, ids in enumerate(placed):
        if not ids:
            problems.append(Problem(ProblemCode.NO_FACILITATOR, group=g))
        elif wanted[g] and not any(spoken[f] & wanted[g] for f in ids):
            problems.append(Problem(ProblemCode.NO_SHARED_LANGUAGE, group=g))
    return tuple(tuple(ids) for ids in placed), tuple(problems)
