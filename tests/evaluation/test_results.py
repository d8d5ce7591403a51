"""The results page: shares by wave and constituency with n, small-n flags, suppression, comments for staff."""

from __future__ import annotations

from spcp.evaluation.models import Wave
from tests.evaluation.conftest import answer, make_survey


def _results(client, program, lang="en"):
    response = client.get(f"/{lang}/programs/{program.pk}/evaluation/results/")
    assert response.status_code == 200
    return response.content.decode()


def test_shares_by_wave_and_constituency_are_shown_with_n(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE)
    later = make_survey(program, Wave.TWELVE_MONTHS)
    for i in range(20):  # 2 of 20 residents: 10%
        answer(baseline, "resident", trust_police=4 if i < 2 else 2)
    for i in range(12):  # 6 of 12 officers: 50%, flagged as few? no: n >= 10
        answer(baseline, "officer", trust_police=5 if i < 6 else 1)
    for i in range(10):  # 3 of 10 residents: 30%
        answer(later, "resident", trust_police=4 if i < 3 else 3)
    for _ in range(6):  # 6 officers: 100%, few responses
        answer(later, "officer", trust_police=5)
    html = _results(login(role_users["conciliator"]), program)
    assert "Trust between community and police rated good or very good" in html
    assert "<td>10% (n = 20)</td>" in html
    assert "<td>50% (n = 12)</td>" in html
    assert "<td>30% (n = 10)</td>" in html
    assert "<td>100% (n = 6, few responses)</td>" in html
    assert "<td>25% (n = 32)</td>" in html  # all respondents at baseline: 8 of 32
    assert 'role="img"' in html


def test_a_constituency_with_fewer_than_five_answers_is_hidden_with_the_reason(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE)
    for _ in range(10):
        answer(baseline, "resident", trust_police=4)
    for _ in range(3):
        answer(baseline, "officer", trust_police=1)
    html = _results(login(role_users["admin"]), program)
    assert "<td>hidden: fewer than 5 responses</td>" in html
    assert "<td>n = 13; hidden to protect a small group</td>" in html  # the total would reveal the officers
    assert "<td>100% (n = 10)</td>" in html
    assert "77%" not in html and "76.9%" not in html and "0% (n = 3)" not in html


def test_feedback_distribution_is_shown(login, program, role_users):
    feedback = make_survey(program, Wave.AFTER_DAY)
    for value in (5, 5, 4, 4, 4, 2):
        answer(feedback, value=value)
    html = _results(login(role_users["conciliator"]), program)
    assert "6 people answered the feedback survey." in html
    assert "<td>50% (3 answers)</td>" in html and "<td>16.7% (1 answer)</td>" in html


def test_comments_are_shown_to_staff_with_their_language_and_not_to_members(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE)
    answer(baseline, comment="Necesitamos más diálogo", language="es")
    staff_html = _results(login(role_users["regional_director"]), program)
    assert '<span lang="es">Necesitamos más diálogo</span>' in staff_html
    member_html = _results(login(role_users["council_member"]), program)
    assert "Necesitamos" not in member_html and "Comments" not in member_html


def test_results_render_in_korean(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE)
    for _ in range(5):
        answer(baseline)
    html = _results(login(role_users["conciliator"]), program, lang="ko")
    assert '<html lang="ko">' in html


def test_results_query_count_is_bounded(login, program, role_users, django_assert_max_num_queries):
    for wave in (Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS, Wave.AFTER_DAY):
        survey = make_survey(program, wave)
        for i in range(8):
            answer(survey, "officer" if i % 2 else "resident", comment=f"c{i}")
    client = login(role_users["conciliator"])
    with django_assert_max_num_queries(12):
        _results(client, program)
