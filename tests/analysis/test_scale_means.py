from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spcp.analysis.surveys import Score, mean_cell, means_by_wave, scale_score

PROPERTY = settings(max_examples=150, deadline=None, database=None)


def test_a_scale_score_needs_every_item_answered_within_the_scale():
    assert scale_score([4, 5, 3, 4], items=4) == 4.0
    assert scale_score([4, 5, 3], items=4) is None
    assert scale_score([4, 6], items=2) is None
    assert scale_score([], items=0) is None


def test_mean_cells_hide_under_five_and_flag_under_ten():
    assert mean_cell([]).empty and mean_cell([]).mean is None
    hidden = mean_cell([5.0, 5.0, 1.0, 1.0])
    assert hidden.suppressed and hidden.mean is None and hidden.n == 4
    few = mean_cell([4.0, 4.0, 3.0, 3.0, 3.5])
    assert (few.mean, few.small, few.suppressed) == (3.5, True, False)
    assert mean_cell([2.0] * 10).small is False


def test_a_hidden_constituency_hides_the_wave_total():
    scores = [Score("baseline", "community", 4.0)] * 8 + [Score("baseline", "law_enforcement", 1.0)] * 3
    (wave,) = means_by_wave(scores, ["baseline"], ["community", "law_enforcement"])
    assert wave.by_constituency["community"].mean == 4.0
    assert wave.by_constituency["law_enforcement"].suppressed
    assert wave.overall.suppressed and wave.overall.mean is None and wave.overall.n == 11


def test_respondents_without_a_role_count_in_the_total_and_hide_it_when_few():
    scores = [Score("baseline", "community", 3.0)] * 6 + [Score("baseline", "", 5.0)] * 2
    (wave,) = means_by_wave(scores, ["baseline"], ["community"])
    assert wave.overall.suppressed and wave.overall.n == 8


cells = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["community", "law_enforcement", ""]), st.integers(4, 20)),
    max_size=60,
)


@PROPERTY
@given(cells)
def test_no_shown_mean_rests_on_fewer_than_five_and_no_total_reveals_a_hidden_cell(rows):
    scores = [Score(w, c, v / 4) for w, c, v in rows]
    for wave in means_by_wave(scores, ["a", "b"], ["community", "law_enforcement"]):
        shown = [*wave.by_constituency.values(), wave.overall]
        assert all(cell.n >= 5 for cell in shown if cell.mean is not None)
        assert all(1.0 <= cell.mean <= 5.0 for cell in shown if cell.mean is not None)
        unstated = sum(1 for w, c, _v in rows if w == wave.wave and c == "")
        if any(cell.suppressed for cell in wave.by_constituency.values()) or 0 < unstated < 5:
            assert wave.overall.mean is None
