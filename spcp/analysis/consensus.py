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
