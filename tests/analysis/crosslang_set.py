"""The labelled set for duplicates across languages (data/crosslang_issues.json) as rooms, and pairwise scores.

Used by tests/analysis/test_multilingual.py and bench/crosslang_bench.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from spcp.analysis import MULTILINGUAL_MODEL, LanguageCalibration, calibration_fit, duplicate_clusters

DATA = Path(__file__).with_name("data") / "crosslang_issues.json"


@dataclass(frozen=True)
class Row:
    text: str
    language: str
    table: int
    issue: str


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    true_pairs: int
    suggested_pairs: int
    correct_pairs: int


def load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def five_languages(data: dict, issues: Sequence[str] | None = None) -> list[Row]:
    """Every issue written at five tables, once in each language (tables spread so no issue meets itself)."""
    chosen = list(data["issues"]) if issues is None else list(issues)
    rows = []
    for i, issue in enumerate(chosen):
        for j, language in enumerate(data["languages"]):
            rows.append(Row(data["issues"][issue][language], language, (7 * i + j) % 12 + 1, issue))
    return rows


def hall(data: dict, issues: Sequence[str] | None = None) -> list[Row]:
    """The unbalanced hall: mostly English, English paraphrases from several tables, a few other languages."""
    keep = set(data["issues"]) if issues is None else set(issues)
    return [
        Row(text or data["issues"][issue][language], language, table, issue)
        for table, language, issue, text in data["hall"]
        if issue in keep
    ]


def all_texts(data: dict) -> list[str]:
    texts = {row.text for row in five_languages(data)} | {row.text for row in hall(data)}
    return sorted(texts)


def true_pairs(rows: Sequence[Row]) -> set[tuple[int, int]]:
    """Pairs that say the same thing from different tables (what a suggestion may merge)."""
    return {
        (a, b)
        for a, b in combinations(range(len(rows)), 2)
        if rows[a].issue == rows[b].issue and rows[a].table != rows[b].table
    }


def pairwise(rows: Sequence[Row], clusters: Sequence[Sequence[int]]) -> Scores:
    """Pairwise precision and recall of suggested clusters against the labels."""
    suggested = {(a, b) for members in clusters for a, b in combinations(sorted(members), 2)}
    gold = true_pairs(rows)
    correct = len(suggested & gold)
    return Scores(
        precision=correct / len(suggested) if suggested else 1.0,
        recall=correct / len(gold) if gold else 1.0,
        true_pairs=len(gold),
        suggested_pairs=len(suggested),
        correct_pairs=correct,
    )


def combined(scores: Sequence[Scores]) -> Scores:
    """Micro-averaged scores over several rooms (every pair counts once)."""
    gold = sum(s.true_pairs for s in scores)
    suggested = sum(s.suggested_pairs for s in scores)
    correct = sum(s.correct_pairs for s in scores)
    return Scores(
        precision=correct / suggested if suggested else 1.0,
        recall=correct / gold if gold else 1.0,
        true_pairs=gold,
        suggested_pairs=suggested,
        correct_pairs=correct,
    )


def score(rows: Sequence[Row], vectors: dict[str, np.ndarray], calibration: LanguageCalibration | None) -> Scores:
    """Pairwise scores of the suggestions for one room, from the texts' vectors."""
    clusters = duplicate_clusters(
        [r.text for r in rows],
        [r.table for r in rows],
        languages=[r.language for r in rows],
        vectors=np.stack([vectors[r.text] for r in rows]),
        calibration=calibration,
    )
    return pairwise(rows, [c.members for c in clusters])


def fit(data: dict, vectors: dict[str, np.ndarray], issues: Sequence[str], threshold: float, prior: float):
    """A calibration whose reference means come from these issues' five-language texts only."""
    rows = five_languages(data, issues)
    return calibration_fit(
        np.stack([vectors[r.text] for r in rows]),
        [r.language for r in rows],
        model=MULTILINGUAL_MODEL,
        threshold=threshold,
        prior=prior,
    )


def evaluate(data: dict, vectors: dict[str, np.ndarray], threshold: float, prior: float) -> dict[str, Scores]:
    """Held out (2-fold: reference means fitted on half the issues, the other half scored, both ways) and on the
    whole set (means fitted on all of it, every issue in one room, so every close pair meets)."""
    issues = sorted(data["issues"])
    folds = [issues[0::2], issues[1::2]]
    five, big_hall = [], []
    for k in (0, 1):
        calibration = fit(data, vectors, folds[1 - k], threshold, prior)
        five.append(score(five_languages(data, folds[k]), vectors, calibration))
        big_hall.append(score(hall(data, folds[k]), vectors, calibration))
    calibration = fit(data, vectors, issues, threshold, prior)
    whole_five = score(five_languages(data), vectors, calibration)
    whole_hall = score(hall(data), vectors, calibration)
    return {
        "held out: five languages": combined(five),
        "held out: hall": combined(big_hall),
        "held out: both": combined(five + big_hall),
        "whole set: five languages": whole_five,
        "whole set: hall": whole_hall,
        "whole set: both": combined([whole_five, whole_hall]),
    }
