"""Dot voting and agree/disagree/pass counts: plain dictionaries in, plain dictionaries out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class AllocationProblem(StrEnum):
    NEGATIVE = "negative"
    TOO_MANY = "too_many"
    STACKING = "stacking"
    UNKNOWN_CHOICE = "unknown_choice"


def validate_allocation(
    allocation: Mapping[int, int], *, dots: int, allow_stacking: bool, choices: Collection[int]
) -> list[AllocationProblem]:
    """List what is wrong with one participant's dots (choice id → count); empty means valid, zero counts mean none."""
    placed = {choice: count for choice, count in allocation.items() if count != 0}
    problems = []
    if any(count < 0 for count in placed.values()):
        problems.append(AllocationProblem.NEGATIVE)
    if sum(count for count in placed.values() if count > 0) > dots:
        problems.append(AllocationProblem.TOO_MANY)
    if not allow_stacking and any(count > 1 for count in placed.values()):
        problems.append(AllocationProblem.STACKING)
    if any(choice not in choices for choice in placed):
        problems.append(AllocationProblem.UNKNOWN_CHOICE)
    return problems


def tally_dots(allocations: Iterable[Mapping[int, int]]) -> dict[int, int]:
    """Sum the dots per choice over all allocations, leaving out choices whose total is zero."""
    totals: defaultdict[int, int] = defaultdict(int)
    for allocation in allocations:
        for choice, count in allocation.items():
            totals[choice] += count
    return {choice: total for choice, total in totals.items() if total != 0}


def top_k(tally: Mapping[int, int], k: int, order: Sequence[int]) -> list[int]:
    """The (at most) k choices with the most dots, ties broken by position in `order`; zero dots never win.

    Choices missing from `order` rank after those in it, by id.
    """
    position = {choice: i for i, choice in enumerate(order)}
    candidates = [choice for choice, count in tally.items() if count > 0]
    candidates.sort(key=lambda c: (-tally[c], position.get(c, len(position)), c))
    return candidates[: max(k, 0)]


@dataclass(frozen=True)
class ResponseCounts:
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed


def count_responses(values: Iterable[int]) -> ResponseCounts:
    """Count answers coded 1 = agree, -1 = disagree, 0 = pass; any other value is a ValueError."""
    counts = {1: 0, -1: 0, 0: 0}
    for value in values:
        if value not in counts:
            raise ValueError(f"A response must be 1, -1 or 0, not {value!r}.")
        counts[value] += 1
    return ResponseCounts(agree=counts[1], disagree=counts[-1], passed=counts[0])
