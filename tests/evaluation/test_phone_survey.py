"""The phone survey at /s/<code>/: no account, one page, in five languages, idempotent and anonymous."""

from __future__ import annotations

import re
import uuid

from django.utils import translation
from django.utils.translation import gettext

from spcp.evaluation.instruments import OUTCOME
from spcp.evaluation.models import SurveyAnswer, SurveyResponse, Wave
from spcp.programs.models import AuditEntry
from tests.evaluation.conftest import make_survey


def _post_data(token: str | None = None, **overrides: str) -> dict[str, str]:
    data = {"client_token": token or str(uuid.uuid4()), "role": "resident", "years": "6_10", "helped_plan": "no"}
    data.update({item.code: "4" for item in OUTCOME.items})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _translated(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def test_get_shows_every_question_a_hidden_token_and_the_anonymity_promise(client, baseline):
    response = client.get(f"/en/s/{baseline.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    for item in OUTCOME.items:
        assert f'name="{item.code}"' in html
    assert re.search(r'type="hidden" name="client_token" value="[0-9a-f-]{36}"', html)
    assert "This survey is anonymous." in html
    assert "<form" in html and "<script" not in html  # works without JavaScript


def test_language_picker_offers_the_five_survey_languages(client, baseline):
    html = client.get(f"/vi/s/{baseline.code}/").content.decode()
    assert '<html lang="vi">' in html
    for code in ("en", "ko", "es", "zh-hans", "vi"):
        assert f'hreflang="{code}"' in html


def test_phone_page_stays_small(client, baseline):
    from django.contrib.staticfiles import finders

    html = client.get(f"/zh-hans/s/{baseline.code}/").content
    css = open(finders.find("evaluation/survey.css"), "rb").read()
    assert len(html) + len(css) < 100_000


def test_a_response_is_saved_with_its_answers_language_and_derived_constituency(client, baseline):
    response = client.post(f"/es/s/{baseline.code}/", _post_data(role="officer", comment="Gracias por escuchar"))
    assert response.status_code == 302 and response["Location"].endswith(f"/es/s/{baseline.code}/thanks/")
    saved = SurveyResponse.objects.get()
    assert (saved.language, saved.role, saved.constituency) == ("es", "officer", "law_enforcement")
    assert (saved.years, saved.helped_plan, saved.comment) == ("6_10", False, "Gracias por escuchar")
    assert dict(SurveyAnswer.objects.values_list("item", "value")) == {item.code: 4 for item in OUTCOME.items}


def test_resubmitting_the_same_post_creates_nothing_new_and_shows_thanks(client, baseline):
    data = _post_data()
    first = client.post(f"/ko/s/{baseline.code}/", data)
    again = client.post(f"/ko/s/{baseline.code}/", data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == len(OUTCOME.items)


def test_resubmission_after_the_survey_closed_still_says_thanks(client, baseline):
    data = _post_data()
    client.post(f"/en/s/{baseline.code}/", data)
    baseline.is_open = False
    baseline.save()
    response = client.post(f"/en/s/{baseline.code}/", data)
    assert response.status_code == 302 and "/thanks/" in response["Location"]
    assert SurveyResponse.objects.count() == 1


def test_korean_errors_are_in_korean_and_the_other_answers_are_kept(client, baseline):
    data = _post_data(role="bogus", comment="경찰과 대화하고 싶어요")
    del data["tension"]
    response = client.post(f"/ko/s/{baseline.code}/", data)
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="ko">' in html
    assert _translated("ko", "Please choose an answer.") in html  # the missing tension answer
    # Django's own message for the invalid role, from its Korean catalog:
    assert "올바르게 선택해 주세요" in html
    assert re.search(r'name="trust_police" value="4"[^>]*checked', html)
    assert 'value="6_10"' in html and re.search(r'name="years" value="6_10"[^>]*checked', html)
    assert "경찰과 대화하고 싶어요" in html
    assert f'value="{data["client_token"]}"' in html  # the same token, so the corrected POST is still one answer
    assert SurveyResponse.objects.count() == 0


def test_spanish_errors_are_in_spanish_and_the_other_answers_are_kept(client, baseline):
    data = _post_data(partnership="9")
    del data["role"]
    response = client.post(f"/es/s/{baseline.code}/", data)
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="es">' in html
    assert _translated("es", "Please tell us which best describes you.") in html
    assert "Escoja una opción válida" in html  # Django's Spanish message for the out-of-range answer
    assert re.search(r'name="community_understand" value="4"[^>]*checked', html)
    assert SurveyResponse.objects.count() == 0


def test_closed_survey_says_so_and_records_nothing(client, program):
    survey = make_survey(program, Wave.BASELINE, is_open=False)
    assert "This survey is closed" in client.get(f"/en/s/{survey.code}/").content.decode()
    response = client.post(f"/en/s/{survey.code}/", _post_data())
    assert "This survey is closed" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_unknown_code_is_404(client, baseline):
    assert client.get("/en/s/NOPE2345/").status_code == 404


def test_nothing_identifying_is_stored_or_shown(client, baseline, role_users):
    client.force_login(role_users["planning_member"])  # even a signed-in member stays anonymous
    data = _post_data()
    client.post(
        f"/en/s/{baseline.code}/", data, HTTP_USER_AGENT="PhoneBrowser/1.0 secret-ua", REMOTE_ADDR="203.0.113.77"
    )
    saved = SurveyResponse.objects.get()
    stored = " ".join(str(getattr(saved, f.attname)) for f in SurveyResponse._meta.concrete_fields)
    assert "203.0.113.77" not in stored and "secret-ua" not in stored and "planner" not in stored
    assert not [f for f in SurveyResponse._meta.get_fields() if f.is_relation and f.related_model.__name__ == "User"]
    assert not AuditEntry.objects.filter(target_type="evaluation.surveyresponse").exists()
    thanks = client.get(f"/en/s/{baseline.code}/thanks/").content.decode()
    assert data["client_token"] not in thanks and "planner" not in thanks


def test_feedback_survey_does_not_ask_years_or_planning(client, program):
    survey = make_survey(program, Wave.AFTER_DAY)
    html = client.get(f"/en/s/{survey.code}/").content.decode()
    assert 'name="felt_heard"' in html and 'name="years"' not in html and 'name="helped_plan"' not in html


def test_too_many_answers_from_one_address_are_refused_in_the_respondents_language_keeping_what_was_typed(
    client, baseline, monkeypatch
):
    from spcp.evaluation import views

    monkeypatch.setattr(views, "ANSWERS_PER_ADDRESS_PER_HOUR", 2)
    first = _post_data()
    for data in (first, _post_data()):
        assert client.post(f"/es/s/{baseline.code}/", data).status_code == 302
    refused = client.post(f"/es/s/{baseline.code}/", _post_data(comment="Mi comentario"))
    html = refused.content.decode()
    assert refused.status_code == 429
    message = "Too many answers have come from your network in the last hour. Please try again a little later."
    assert _translated("es", message) in html and _translated("es", message) != message
    assert "Mi comentario" in html and SurveyResponse.objects.count() == 2
    # A phone resending an answer already saved is still thanked: a retry is never refused.
    assert client.post(f"/es/s/{baseline.code}/", first).status_code == 302


def test_the_rate_limit_keeps_no_address_even_in_the_cache(client, baseline, monkeypatch):
    from spcp.common import ratelimit

    keys: list[str] = []
    real_add = ratelimit.cache.add

    def add(key, *args, **kwargs):
        keys.append(key)
        return real_add(key, *args, **kwargs)

    monkeypatch.setattr(ratelimit.cache, "add", add)
    client.post(f"/en/s/{baseline.code}/", _post_data(), REMOTE_ADDR="203.0.113.77")
    assert keys and not any("203.0.113.77" in key for key in keys)
