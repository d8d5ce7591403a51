"""Agree/disagree/pass responses to solutions: group-aware consensus, per-group support, opinion groups.

A responses matrix is a float array of shape (participants, items): 1.0 agree, -1.0 disagree, 0.0 pass,
nan not answered. Groups are an int label per participant (row); a negative label means "in no group".
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits  # installed with scikit-learn

SMALL_GROUPS = -2
"""The label under which groups too small to be shown on their own are reported together."""

MIN_CLUSTER_SIZE = 5
MIN_ELIGIBLE = 10
SILHOUETTE_SAMPLE = 1000
_ONE_THREAD = threading.Lock()


def _check(matrix: NDArray[np.float64], groups: NDArray[np.int_]) -> None:
    if matrix.ndim != 2:
        raise ValueError("The responses matrix must be two-dimensional (participants × items).")
    if groups.shape != (matrix.shape[0],):
        raise ValueError("Give exactly one group label per participant (matrix row).")


def _group_counts(
    matrix: NDArray[np.float64], row_labels: NDArray[np.int_], labels: Sequence[int]
) -> tuple[NDArray[np.int_], NDArray[np.int_], NDArray[np.int_]]:
    """Agree, disagree and pass counts of shape (len(labels), items), one vectorised pass per group."""
    shape = (len(labels), matrix.shape[1])
    agree, disagree, passed = np.zeros(shape, dtype=int), np.zeros(shape, dtype=int), np.zeros(shape, dtype=int)
    for g, label in enumerate(labels):
        rows = matrix[row_labels == label]
        agree[g] = (rows == 1.0).sum(axis=0)
        disagree[g] = (rows == -1.0).sum(axis=0)
        passed[g] = (rows == 0.0).sum(axis=0)
    return agree, disagree, passed


def bridging_scores(matrix: NDArray[np.float64], groups: NDArray[np.int_]) -> NDArray[np.float64]:
    """Pol.is group-aware consensus per item: the product over groups of (agree + 1) / (votes + 2), in (0, 1).

    Votes count agree, disagree and pass answers of the group's members; rows labelled -1 are ignored.
    With no labelled row at all every item scores 0.5 (one empty group).
    """
    matrix, groups = np.asarray(matrix, dtype=float), np.asarray(groups, dtype=int)
    _check(matrix, groups)
    labels = [int(label) for label in np.unique(groups[groups >= 0])]
    if not labels:
        return np.full(matrix.shape[1], 0.5)
    agree, disagree, passed = _group_counts(matrix, groups, labels)
    ratios = (agree + 1.0) / (agree + disagree + passed + 2.0)
    return np.asarray(np.prod(ratios, axis=0), dtype=float)


@dataclass(frozen=True)
class GroupSupport:
    label: int
    members: int
    agree: int
    disagree: int
    passed: int
    pooled: tuple[int, ...] = ()  # for a SMALL_GROUPS line of pooled_support: the labels pooled in it


def disclosable_labels(groups: NDArray[np.int_], *, min_group_size: int = 5) -> dict[int, int]:
    """Map each group label to the label it may be reported under: itself, SMALL_GROUPS, or absent if hidden.

    Groups with at least `min_group_size` members keep their label. Smaller groups are pooled under
    SMALL_GROUPS; if the pool itself has fewer than `min_group_size` members they are not reported at all.
    Negative labels (no group) are never reported.
    """
    labels, sizes = np.unique(np.asarray(groups, dtype=int), return_counts=True)
    size = {int(label): int(n) for label, n in zip(labels, sizes, strict=True) if label >= 0}
    small = [label for label, n in size.items() if n < min_group_size]
    reported = {label: label for label, n in size.items() if n >= min_group_size}
    if sum(size[label] for label in small) >= min_group_size:
        reported.update((label, SMALL_GROUPS) for label in small)
    return dict(sorted(reported.items()))


def support_by_group(
    matrix: NDArray[np.float64], groups: NDArray[np.int_], *, min_group_size: int = 5
) -> list[list[GroupSupport]]:
    """Agree/disagree/pass counts per item (outer list) and per group (inner list), respecting anonymity.

    ANONYMITY RULE: a group with fewer than `min_group_size` members (rows with that label) is never
    reported on its own. All such small groups are pooled into one entry labelled SMALL_GROUPS (-2),
    listed last; if that pool has fewer than `min_group_size` members it is dropped entirely. `members`
    counts the rows in the group, answered or not. Rows labelled -1 (no group) are not reported.
    """
    matrix, groups = np.asarray(matrix, dtype=float), np.asarray(groups, dtype=int)
    _check(matrix, groups)
    reported_as = disclosable_labels(groups, min_group_size=min_group_size)
    shown = sorted(set(reported_as.values()), key=lambda label: (label == SMALL_GROUPS, label))
    distinct, row_index = np.unique(groups, return_inverse=True)
    reported = np.array([reported_as.get(int(g), -1) for g in distinct], dtype=int)[row_index]
    members = [int((reported == label).sum()) for label in shown]
    agree, disagree, passed = _group_counts(matrix, reported, shown)
    return [
        [
            GroupSupport(
                label=label,
                members=members[g],
                agree=int(agree[g, j]),
                disagree=int(disagree[g, j]),
                passed=int(passed[g, j]),
            )
            for g, label in enumerate(shown)
        ]
        for j in range(matrix.shape[1])
    ]


class _Item:
    """One item's counts per label, and the small-number rule applied to a set of labels."""

    def __init__(self, members: dict[int, int], counts: dict[int, tuple[int, int, int]], min_count: int) -> None:
        self.members, self.counts, self.min_count = members, counts, min_count

    def answered(self, labels: Sequence[int]) -> int:
        return sum(sum(self.counts[g]) for g in labels)

    def fits(self, labels: Sequence[int]) -> bool:
        answered = self.answered(labels)
        return sum(self.members[g] for g in labels) >= self.min_count and (answered == 0 or answered >= self.min_count)

    def line(self, label: int, labels: Sequence[int]) -> GroupSupport:
        return GroupSupport(
            label=label,
            members=sum(self.members[g] for g in labels),
            agree=sum(self.counts[g][0] for g in labels),
            disagree=sum(self.counts[g][1] for g in labels),
            passed=sum(self.counts[g][2] for g in labels),
            pooled=tuple(sorted(labels)) if label == SMALL_GROUPS else (),
        )

    def pool(self, labels: Sequence[int]) -> tuple[list[int], list[int]] | None:
        """(shown, pooled) among `labels`, or None when not even all of them together may be shown."""
        shown = [g for g in labels if self.fits([g])]
        pooled = [g for g in labels if g not in shown]
        while pooled and not self.fits(pooled) and shown:
            joining = min(shown, key=lambda g: (self.answered([g]), self.members[g], g))
            shown.remove(joining)
            pooled.append(joining)
        if pooled and not self.fits(pooled):
            return None
        return shown, pooled


def _items(matrix: NDArray[np.float64], groups: NDArray[np.int_], labels: list[int], min_count: int) -> list[_Item]:
    members = {label: int((groups == label).sum()) for label in labels}
    agree, disagree, passed = _group_counts(matrix, groups, labels)
    return [
        _Item(
            members,
            {label: (int(agree[g, j]), int(disagree[g, j]), int(passed[g, j])) for g, label in enumerate(labels)},
            min_count,
        )
        for j in range(matrix.shape[1])
    ]


def pooled_support(
    matrix: NDArray[np.float64],
    groups: NDArray[np.int_],
    *,
    min_count: int = 5,
    within: NDArray[np.int_] | None = None,
) -> list[list[GroupSupport]]:
    """Agree/disagree/pass per item (outer list) and group (inner list), pooled so that small numbers stay hidden.

    SMALL-NUMBER RULE, item by item: a group is reported on its own only when it has at least `min_count`
    members and either none of them or at least `min_count` of them answered the item (so "14 people, 1
    agree" is never shown). Other groups are pooled into a SMALL_GROUPS line, listed last. While a pool breaks
    the same rule, the reported group with the fewest answers (then members, then label) joins it; when even
    everyone together breaks it, nothing is reported for the item. The lines add up to everyone labelled, so
    no hidden group can be worked out by subtracting the shown lines from the item's totals.

    `within` gives each row a coarser label that is reported too, by this same function (the forum shows
    sectors and the two constituencies, law enforcement and community). Each group must lie inside one coarser
    group. Groups are then pooled only inside each line the coarser report shows (a shown coarser group, or
    its pool), so subtracting one report from the other reveals nothing either; there may then be one
    SMALL_GROUPS line per coarser line, each naming its groups in `pooled`. Negative labels are not reported.
    """
    matrix, groups = np.asarray(matrix, dtype=float), np.asarray(groups, dtype=int)
    _check(matrix, groups)
    labels = [int(label) for label in np.unique(groups[groups >= 0])]
    items = _items(matrix, groups, labels, min_count)
    blocks: list[list[list[int]]] = [[labels] for _ in items]
    if within is not None:
        within = np.asarray(within, dtype=int)
        _check(matrix, within)
        labelled = (groups >= 0) & (within >= 0)
        if (groups >= 0).any() and not labelled[groups >= 0].all():
            raise ValueError("Give every labelled row a coarser label too.")
        parent: dict[int, int] = {}
        for g, w in zip(groups[labelled].tolist(), within[labelled].tolist(), strict=True):
            if parent.setdefault(g, w) != w:
                raise ValueError("Each group must lie inside one coarser group.")
        for j, coarse in enumerate(pooled_support(matrix, within, min_count=min_count)):
            if coarse:
                blocks[j] = [[g for g in labels if parent[g] in (line.pooled or (line.label,))] for line in coarse]
    out: list[list[GroupSupport]] = []
    for item, item_blocks in zip(items, blocks, strict=True):
        results = [item.pool(block) for block in item_blocks]
        if any(result is None for result in results):
            out.append([])  # only when the whole room breaks the rule (every coarser line shown keeps it)
            continue
        shown = sorted(g for result in results if result for g in result[0])
        pools = [result[1] for result in results if result and result[1]]
        out.append([item.line(g, [g]) for g in shown] + [item.line(SMALL_GROUPS, pool) for pool in pools])
    return out


def bridging_if_enough(
    matrix: NDArray[np.float64], groups: NDArray[np.int_], *, sides: Sequence[int], min_answers: int = 5
) -> NDArray[np.float64]:
    """`bridging_scores` over the groups `sides`, or nan for an item that some side answered fewer than
    `min_answers` times (answers are agree, disagree or pass).

    With no answers the smoothed score is 0.25 for two sides, and one side's answers alone move it: a
    number that says nothing about common ground, and with a handful of answers one that tells how those few
    answered. Rows whose label is not in `sides` are ignored.
    """
    matrix, groups = np.asarray(matrix, dtype=float), np.asarray(groups, dtype=int)
    _check(matrix, groups)
    if not sides:
        return np.full(matrix.shape[1], np.nan)
    kept = np.where(np.isin(groups, list(sides)), groups, -1)
    answered = np.array([(~np.isnan(matrix[kept == side])).sum(axis=0) for side in sides]).reshape(len(sides), -1)
    enough = (answered >= min_answers).all(axis=0)
    return np.where(enough, bridging_scores(matrix, kept), np.nan)


@dataclass(frozen=True)
class OpinionGroups:
    labels: NDArray[np.int_]  # per participant, -1 if too few answers (or k == 0)
    k: int  # number of groups; 0 when there were too few eligible participants
    coordinates: NDArray[np.float64]  # (participants, 2) PCA projection, nan for excluded participants
    silhouette: float  # silhouette of the returned grouping; 0.0 when k < 2


def _no_groups(participants: int) -> OpinionGroups:
    return OpinionGroups(
        labels=np.full(participants, -1, dtype=int),
        k=0,
        coordinates=np.full((participants, 2), np.nan),
        silhouette=0.0,
    )


def _silhouette(points: NDArray[np.float64], labels: NDArray[np.int_], seed: int) -> float:
    if np.unique(labels).size < 2:
        return 0.0
    if len(points) > SILHOUETTE_SAMPLE:
        sample = np.random.default_rng(seed).choice(len(points), SILHOUETTE_SAMPLE, replace=False)
        if np.unique(labels[sample]).size >= 2:
            points, labels = points[sample], labels[sample]
    return float(silhouette_score(points, labels))


def _merge_small_clusters(points: NDArray[np.float64], labels: NDArray[np.int_]) -> NDArray[np.int_]:
    """Merge each cluster under MIN_CLUSTER_SIZE, smallest first, into the nearest cluster (by centroid) that is
    large enough, or the nearest one if none is; relabel 0.. by size, largest first."""
    labels = labels.copy()
    while True:
        ids, sizes = np.unique(labels, return_counts=True)
        if ids.size < 2 or sizes.min() >= MIN_CLUSTER_SIZE:
            break
        small = int(ids[np.argmin(sizes)])
        centroids = {int(c): points[labels == c].mean(axis=0) for c in ids}
        others = [int(c) for c, n in zip(ids, sizes, strict=True) if c != small]
        large = [c for c in others if np.sum(labels == c) >= MIN_CLUSTER_SIZE] or others
        target = min(large, key=lambda c: (float(np.linalg.norm(centroids[c] - centroids[small])), c))
        labels[labels == small] = target
    ids, sizes = np.unique(labels, return_counts=True)
    ranked = [int(c) for _n, c in sorted(zip(-sizes, ids, strict=True))]
    renumber = np.zeros(int(ids.max()) + 1, dtype=int)
    renumber[ranked] = np.arange(len(ranked))
    return renumber[labels]


def _project(data: NDArray[np.float64], seed: int) -> NDArray[np.float64]:
    """The rows' coordinates on the first two principal components (zeros where there is no variance)."""
    items = data.shape[1]
    components = min(2, items)
    if np.ptp(data, axis=0).max() == 0:  # everyone answered alike: nothing to project
        points = np.zeros((len(data), components))
    else:
        # With up to a thousand items the eigenvectors of their covariance are exact and several times faster
        # than an SVD of the whole matrix; past that, let scikit-learn choose.
        solver = "covariance_eigh" if items <= 1000 else "auto"
        points = np.asarray(PCA(n_components=components, svd_solver=solver, random_state=seed).fit_transform(data))
    if components < 2:
        points = np.column_stack([points, np.zeros(len(points))])
    return points


def _best_kmeans(points: NDArray[np.float64], *, max_k: int, seed: int) -> tuple[float, NDArray[np.int_]] | None:
    """The k-means labels (k = 2..max_k) with the best silhouette, and that silhouette; None if no k fits."""
    best: tuple[float, NDArray[np.int_]] | None = None
    distinct = len(np.unique(points, axis=0))
    for k in range(2, min(max_k, distinct, len(points) - 1) + 1):
        labels = np.asarray(KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(points), dtype=int)
        if np.unique(labels).size < 2:
            continue
        score = _silhouette(points, labels, seed)
        if best is None or score > best[0]:
            best = (score, labels)
    return best


def opinion_groups(
    matrix: NDArray[np.float64], *, max_k: int = 5, min_answers: int = 7, seed: int = 0
) -> OpinionGroups:
    """Pol.is-style opinion groups: PCA to two dimensions, then k-means with the k (2..max_k) of best silhouette.

    Participants with fewer than `min_answers` answers are left out (label -1); a missing answer counts as
    the item's mean answer among eligible participants (0 if none answered). Clusters under five people are
    merged into the nearest larger one, for anonymity, and groups are numbered from the largest. Fewer than
    ten eligible participants give k = 0; k = 1 when everyone answered alike. The silhouette is computed
    on a seeded sample of at most 1,000 participants. Deterministic for a given seed.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("The responses matrix must be two-dimensional (participants × items).")
    participants, items = matrix.shape
    answered = ~np.isnan(matrix)
    eligible = answered.sum(axis=1) >= min_answers
    if eligible.sum() < MIN_ELIGIBLE or items == 0:
        return _no_groups(participants)

    data, known = matrix[eligible], answered[eligible]
    answers = known.sum(axis=0)
    means = np.divide(np.where(known, data, 0.0).sum(axis=0), answers, out=np.zeros(items), where=answers > 0)
    data = np.where(known, data, means)

    # Threads only add overhead at this size, and BLAS and OpenMP threads that spin-wait on a busy machine made
    # this several times slower in bench/analysis_bench.py. The limit is process-wide while it lasts; the lock
    # keeps two overlapping calls from restoring each other's limits in the wrong order.
    with _ONE_THREAD, threadpool_limits(limits=1):
        points = _project(data, seed)
        best = _best_kmeans(points, max_k=max_k, seed=seed)
        if best is None:
            chosen, silhouette = np.zeros(len(points), dtype=int), 0.0
        else:
            chosen = _merge_small_clusters(points, best[1])
            merged = np.unique(chosen).size < np.unique(best[1]).size
            silhouette = _silhouette(points, chosen, seed) if merged else best[0]
    k = int(np.unique(chosen).size)

    all_labels = np.full(participants, -1, dtype=int)
    all_labels[eligible] = chosen
    coordinates = np.full((participants, 2), np.nan)
    coordinates[eligible] = points
    return OpinionGroups(labels=all_labels, k=k, coordinates=coordinates, silhouette=silhouette)
