"""The optional police-legitimacy / procedural-justice scale: chosen per outcome wave, asked on phones in five
languages, cited on the survey page, and reported as means by wave and constituency with n."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation
from django.utils.translation import gettext

from spcp.evaluation.instruments import (
    LEGITIMACY_CODES,
    LEGITIMACY_ITEMS,
    OUTCOME,
    PROCEDURAL_JUSTICE_ITEMS,
)
from spcp.evaluation.models import Survey, SurveyAnswer, Wave
from spcp.programs.models import AuditEntry, Phase
from tests.evaluation.conftest import answer, make_survey, set_phase

PJ = {item.code: item for item in PROCEDURAL_JUSTICE_ITEMS}
LEGIT = {item.code: item for item in LEGITIMACY_ITEMS}


def _results(client, program, lang="en"):
    response = client.get(f"/{lang}/programs/{program.pk}/evaluation/results/")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_choose_the_scale_when_creating_a_wave_and_it_is_audited(login, program, role_users):
    set_phase(program, Phase.COUNCIL)
    client = login(role_users["conciliator"])
    response = client.post(
        f"/en/programs/{program.pk}/evaluation/surveys/add/", {"wave": Wave.BASELINE, "legitimacy": "on"}
    )
    assert response.status_code == 302
    survey = Survey.objects.get(program=program, wave=Wave.BASELINE)
    assert survey.legitimacy is True
    entry = AuditEntry.objects.get(program=program, action="evaluation.survey_created")
    assert entry.changes["legitimacy"] == [None, True]
    page = client.get(f"/en/programs/{program.pk}/evaluation/surveys/{survey.pk}/").content.decode()
    assert "Source of the police legitimacy scale" in page
    assert "Sunshine, J., &amp; Tyler, T. R. (2003)" in page and "Law &amp; Society Review, 37(3)" in page
    assert "Reisig, M. D., Bratton, J., &amp; Gertz, M. G. (2007)" in page and "34(8)" in page
    assert "The police treat people with dignity and respect." in page


def test_without_the_choice_the_wave_asks_only_the_outcome_items(login, program, role_users):
    survey = make_survey(program, Wave.BASELINE)
    assert survey.legitimacy is False
    page = login(role_users["conciliator"]).get(f"/en/programs/{program.pk}/evaluation/surveys/{survey.pk}/")
    html = page.content.decode()
    assert "Source of the police legitimacy scale" not in html
    assert all(str(item.question) in html for item in OUTCOME.items)
    assert str(PJ["pj_respect"].question) not in html


def test_the_feedback_survey_refuses_the_scale(program):
    with pytest.raises(Exception, match="outcome survey only"):
        make_survey(program, Wave.AFTER_DAY, phase=Phase.FORUM, legitimacy=True)


@pytest.mark.parametrize("language", ["en", "ko", "es", "zh-hans", "vi"])
def test_phones_ask_the_scale_in_each_survey_language(client, program, language):
    survey = make_survey(program, Wave.BASELINE, legitimacy=True)
    html = client.get(f"/{language}/s/{survey.code}/").content.decode()
    for code in LEGITIMACY_CODES:
        assert f'name="{code}"' in html
    with translation.override(language):
        question = gettext("The police treat people with dignity and respect.")
        agree = gettext("Strongly agree")
    assert question in html and agree in html
    if language != "en":
        assert question != "The police treat people with dignity and respect.", f"no {language} translation"


def test_a_phone_answer_records_the_scale_and_refuses_a_missing_item(client, program):
    survey = make_survey(program, Wave.BASELINE, legitimacy=True)
    data = {"client_token": str(uuid.uuid4()), "role": "officer"}
    data.update({item.code: "4" for item in OUTCOME.items})
    data.update({code: "5" for code in LEGITIMACY_CODES if code != "legit_accept"})
    refused = client.post(f"/en/s/{survey.code}/", data)
    assert refused.status_code == 200 and "Please choose an answer." in refused.content.decode()
    assert not SurveyAnswer.objects.filter(response__survey=survey).exists()
    data["legit_accept"] = "2"
    assert client.post(f"/en/s/{survey.code}/", data).status_code == 302
    saved = dict(SurveyAnswer.objects.filter(response__survey=survey).values_list("item", "value"))
    assert saved["legit_accept"] == 2 and saved["pj_fair"] == 5


def test_scale_means_are_shown_by_wave_and_constituency_with_n(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE, legitimacy=True)
    for i in range(10):  # residents: procedural justice 2, 2, … and 4 → mean of the scale scores
        answer(baseline, "resident", value=4 if i < 5 else 2)
    for _ in range(6):  # officers: every item 5, few responses
        answer(baseline, "officer", value=5)
    html = _results(login(role_users["conciliator"]), program)
    assert "Police legitimacy and procedural justice" in html
    assert "Procedural justice: mean score (1–5) by survey wave" in html
    assert '<span class="text-bold">3.00</span> <span class="text-base-dark">(n = 10)</span>' in html
    assert '<span class="text-bold">5.00</span> <span class="text-base-dark">(n = 6, few responses)</span>' in html
    # everyone: (5 × 4 + 5 × 2 + 6 × 5) / 16 = 3.75
    assert '<span class="text-bold">3.75</span> <span class="text-base-dark">(n = 16)</span>' in html
    assert "Agree that the police treat people fairly" in html  # each item's share, charted like the others
    assert "Sunshine, J., &amp; Tyler, T. R. (2003)" in html


def test_a_small_constituency_and_the_wave_total_are_hidden(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE, legitimacy=True)
    for _ in range(8):
        answer(baseline, "resident", value=4)
    for _ in range(3):
        answer(baseline, "officer", value=1)
    html = _results(login(role_users["conciliator"]), program)
    assert '<span class="text-bold">4.00</span> <span class="text-base-dark">(n = 8, few responses)</span>' in html
    assert "(hidden: fewer than 5 responses)" in html
    assert "(n = 11; hidden to protect a small group)" in html
    assert "3.18" not in html  # the total would reveal the officers


def test_results_without_the_scale_have_no_scale_section(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE)
    for _ in range(6):
        answer(baseline, "resident")
    html = _results(login(role_users["conciliator"]), program)
    assert "Police legitimacy and procedural justice" not in html
    assert "Agree that the police treat people fairly" not in html


def test_the_results_page_shows_the_scale_in_korean(login, program, role_users):
    baseline = make_survey(program, Wave.BASELINE, legitimacy=True)
    for _ in range(5):
        answer(baseline, "resident")
    html = _results(login(role_users["conciliator"]), program, "ko")
    with translation.override("ko"):
        heading = gettext("Police legitimacy and procedural justice")
    assert heading != "Police legitimacy and procedural justice" and heading in html
