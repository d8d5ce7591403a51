"""Where law enforcement and the community agree, and where they differ most, from the day's responses.

An item (a solution) is compared only when each constituency is reported on its own with at least
`min_answers` answers (agree, disagree or pass): the same small-number rule as the results tables
(`pooled_support`), so nothing here can be shown that the tables would hide. A constituency's agreement share
is its agree answers over all its answers, passes included, as Pol.is counts "seen" votes; a pass is not
agreement.

- **Common ground**: both shares at or above `agree_at` percent (70 by default, a clear majority of each side
  rather than a bare one). Listed with the lower of the two shares first, highest first.
- **Differences**: the largest gaps between the two shares, at least `min_gap` percentage points (20), at most
  `limit` of them; an item on common ground is never also listed as a difference.

Comparisons are made in integers (cross-multiplied), so 7 of 10 is exactly 70 % and meets a 70 % bar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

AGREE_AT = 70
MIN_ANSWERS = 5
MIN_GAP = 20
LIMIT = 5


@dataclass(frozen=True)
class SideAnswers:
    """One constituency's answers to one item, as reported (None in `ItemSides` when it was pooled or hidden)."""

    agree: int
    answered: int  # agree + disagree + pass

    @property
    def percent(self) -> float:
        """The agreement share in percent (0 when nobody answered)."""
        return 100.0 * self.agree / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ItemSides:
    key: int  # the caller's id for the item
    police: SideAnswers | None
    community: SideAnswers | None


@dataclass(frozen=True)
class Comparison:
    key: int
    police: SideAnswers
    community: SideAnswers

    @property
    def gap(self) -> float:
        """The difference between the two agreement shares, in percentage points (always >= 0)."""
        return abs(self.police.percent - self.community.percent)

    @property
    def police_higher(self) -> bool:
        return self.police.agree * self.community.answered > self.community.agree * self.police.answered


@dataclass(frozen=True)
class CommonGround:
    agree: tuple[Comparison, ...]  # both sides at or above the bar; the higher the lower share, the earlier
    differ: tuple[Comparison, ...]  # the largest gaps first
    compared: int  # items with enough answers from both sides
    too_few: int  # items left out under the small-number rule


def _at_least(side: SideAnswers, percent: int) -> bool:
    return 100 * side.agree >= percent * side.answered


def _gap_at_least(c: Comparison, points: int) -> bool:
    p, q = c.police, c.community
    return 100 * abs(p.agree * q.answered - q.agree * p.answered) >= points * p.answered * q.answered


def _lower_share_key(c: Comparison) -> tuple[float, int, int]:
    return (-min(c.police.percent, c.community.percent), -(c.police.answered + c.community.answered), c.key)


def common_ground(
    items: Iterable[ItemSides],
    *,
    agree_at: int = AGREE_AT,
    min_answers: int = MIN_ANSWERS,
    min_gap: int = MIN_GAP,
    limit: int = LIMIT,
) -> CommonGround:
    """Items both constituencies agree with (each at or above `agree_at` %), and the `limit` largest gaps of at
    least `min_gap` points, among items where each side has `min_answers` answers or more.

    Percentages and points are whole numbers (0-100). Ties are broken by more answers, then by key.
    """
    if not 0 <= agree_at <= 100 or not 0 <= min_gap <= 100:
        raise ValueError("Give agree_at and min_gap as whole percentages from 0 to 100.")
    if min_answers < 1 or limit < 0:
        raise ValueError("min_answers must be at least 1 and limit at least 0.")
    compared: list[Comparison] = []
    too_few = 0
    for item in items:
        police, community = item.police, item.community
        for side in (police, community):
            if side is not None and not 0 <= side.agree <= side.answered:
                raise ValueError("A side cannot have more agree answers than answers.")
        if police is None or community is None or min(police.answered, community.answered) < min_answers:
            too_few += 1
            continue
        compared.append(Comparison(key=item.key, police=police, community=community))
    agree = sorted(
        (c for c in compared if _at_least(c.police, agree_at) and _at_least(c.community, agree_at)),
        key=_lower_share_key,
    )
    agreed = {c.key for c in agree}
    gaps = sorted(
        (c for c in compared if c.key not in agreed and _gap_at_least(c, min_gap) and c.gap > 0),
        key=lambda c: (-c.gap, -(c.police.answered + c.community.answered), c.key),
    )
    return CommonGround(agree=tuple(agree), differ=tuple(gaps[:limit]), compared=len(compared), too_few=too_few)
