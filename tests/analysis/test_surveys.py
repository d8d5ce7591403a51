"""Top-box shares, the small-sample flag and anonymity suppression (pure maths, no database)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from spcp.analysis.surveys import Answer, Tally, distribution, shares_by_wave, shares_from_tallies, top_box_share


def test_share_is_the_percentage_answering_four_or_five():
    cell = top_box_share([1, 2, 4, 5, 5, 3, 4, 2, 1, 4])
    assert (cell.n, cell.top, cell.share) == (10, 5, 50.0)
    assert not cell.small and not cell.suppressed


def test_erie_like_share_is_rounded_to_one_decimal():
    # 2 of 27 residents rating trust good/very good is 7.4%, as in CRS's Erie case study baseline.
    cell = top_box_share([4, 5] + [2] * 25)
    assert cell.share == 7.4


def test_fewer_than_ten_answers_are_shown_but_flagged_small():
    cell = top_box_share([4, 4, 1, 2, 5, 3, 3])
    assert cell.share == 42.9 and cell.small and not cell.suppressed


def test_fewer_than_five_answers_are_suppressed_and_hide_even_the_count_of_top_answers():
    cell = top_box_share([5, 5, 5, 5])
    assert cell.suppressed and cell.share is None and cell.top == 0 and cell.n == 4


def test_no_answers_is_empty_not_suppressed():
    cell = top_box_share([])
    assert cell.empty and cell.share is None and not cell.suppressed


def test_shares_are_computed_per_wave_and_constituency():
    answers = [Answer("baseline", "community", v) for v in [1, 2, 2, 4, 5, 1, 2, 2, 2, 2]] + [
        Answer("baseline", "law_enforcement", v) for v in [4, 4, 4, 5, 2, 3, 4, 4, 4, 4]
    ]
    (baseline,) = shares_by_wave(answers, ["baseline"], ["community", "law_enforcement"])
    assert baseline.by_constituency["community"].share == 20.0
    assert baseline.by_constituency["law_enforcement"].share == 80.0
    assert baseline.overall.share == 50.0 and baseline.overall.n == 20


def test_a_suppressed_constituency_also_suppresses_the_wave_total():
    answers = [Answer("twelve_months", "community", 4)] * 20 + [Answer("twelve_months", "law_enforcement", 1)] * 3
    (wave,) = shares_by_wave(answers, ["twelve_months"], ["community", "law_enforcement"])
    assert wave.by_constituency["community"].share == 100.0
    assert wave.by_constituency["law_enforcement"].suppressed
    # 20 of 23 would reveal that all three officers answered 1: the total is hidden too.
    assert wave.overall.suppressed and wave.overall.share is None and wave.overall.n == 23


def test_a_few_respondents_without_a_role_also_suppress_the_total():
    answers = [Answer("baseline", "community", 4)] * 10 + [Answer("baseline", "law_enforcement", 4)] * 10
    answers += [Answer("baseline", "", 1)] * 2
    (wave,) = shares_by_wave(answers, ["baseline"], ["community", "law_enforcement"])
    assert not wave.by_constituency["community"].suppressed
    assert wave.overall.suppressed


def test_an_empty_constituency_does_not_suppress_the_total():
    answers = [Answer("baseline", "community", 4)] * 10
    (wave,) = shares_by_wave(answers, ["baseline"], ["community", "law_enforcement"])
    assert wave.by_constituency["law_enforcement"].empty
    assert wave.overall.share == 100.0


def test_waves_come_back_in_the_order_asked_even_without_answers():
    waves = shares_by_wave([Answer("baseline", "community", 4)] * 6, ["baseline", "three_months"], ["community"])
    assert [w.wave for w in waves] == ["baseline", "three_months"]
    assert waves[1].overall.empty


def test_tension_reports_the_share_high_or_very_high_like_any_other_item():
    # The top box is 4–5 on every scale; for tension that is "high or very high" (lower is better).
    assert top_box_share([5, 5, 4, 1, 1, 1, 1, 1, 1, 1]).share == 30.0


def test_distribution_counts_each_answer_and_ignores_values_off_the_scale():
    assert distribution([1, 1, 3, 5, 5, 5, 0, 6]) == (2, 0, 1, 0, 3)


_answers = st.lists(
    st.builds(
        Answer,
        wave=st.sampled_from(["baseline", "three_months"]),
        constituency=st.sampled_from(["law_enforcement", "community", ""]),
        value=st.integers(1, 5),
    ),
    max_size=60,
)


@given(_answers)
def test_shares_counted_in_the_database_equal_shares_from_every_answer(answers):
    waves, groups = ["baseline", "three_months"], ["law_enforcement", "community"]
    n = Counter((a.wave, a.constituency) for a in answers)
    top = Counter((a.wave, a.constituency) for a in answers if a.value >= 4)
    # Split each cell's count into two tallies, as rows for two programs would be, to check they are added.
    tallies = []
    for (wave, group), count in n.items():
        tallies.append(Tally(wave=wave, constituency=group, n=count, top=top[(wave, group)]))
        tallies.append(Tally(wave=wave, constituency=group, n=0, top=0))
    assert shares_from_tallies(tallies, waves, groups) == shares_by_wave(answers, waves, groups)
