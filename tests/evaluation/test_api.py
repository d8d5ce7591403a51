"""The phone API: no account, idempotent by client_token, errors in the caller's language."""

from __future__ import annotations

import json
import uuid

from django.utils import translation
from django.utils.translation import gettext

from spcp.evaluation.instruments import OUTCOME
from spcp.evaluation.models import SurveyResponse, Wave
from tests.evaluation.conftest import make_survey


def _body(**overrides):
    body = {"client_token": str(uuid.uuid4()), "role": "le_leadership", "answers": {i.code: 5 for i in OUTCOME.items}}
    body.update(overrides)
    return body


def _post(client, survey, body, **headers):
    return client.post(
        f"/api/evaluation/surveys/{survey.code}/responses",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_first_post_creates_and_a_retry_returns_ok_without_a_second_response(client, baseline):
    body = _body(comment="좋았어요", language="ko")
    first = _post(client, baseline, body)
    again = _post(client, baseline, body)
    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (again.status_code, again.json()["created"]) == (200, False)
    saved = SurveyResponse.objects.get()
    assert (saved.constituency, saved.language, saved.comment) == ("law_enforcement", "ko", "좋았어요")


def test_bad_input_is_422_field_by_field_in_the_accept_language(client, baseline):
    answers = {i.code: 5 for i in OUTCOME.items}
    answers["trust_police"] = 7
    del answers["tension"]
    response = _post(client, baseline, _body(role="", answers=answers), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 422
    errors = response.json()["errors"]
    with translation.override("ko"):
        assert errors["role"] == [gettext("Please tell us which best describes you.")]
        assert errors["tension"] == [gettext("Please choose an answer.")]
        assert errors["trust_police"] == [gettext("Choose an answer from 1 to 5.")]
    assert SurveyResponse.objects.count() == 0


def test_a_malformed_body_is_422_in_the_accept_language(client, baseline):
    response = _post(client, baseline, {"client_token": "not-a-uuid"}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 422


def test_closed_survey_is_409_and_unknown_code_is_404(client, program):
    closed = make_survey(program, Wave.BASELINE, is_open=False)
    assert _post(client, closed, _body()).status_code == 409
    assert (
        client.post(
            "/api/evaluation/surveys/NOPE2345/responses", data="{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_survey_questions_come_in_the_callers_language(client, baseline):
    data = client.get(f"/api/evaluation/surveys/{baseline.code}", HTTP_ACCEPT_LANGUAGE="es").json()
    assert [item["code"] for item in data["items"]] == [i.code for i in OUTCOME.items]
    with translation.override("es"):
        assert data["items"][0]["question"] == str(OUTCOME.items[0].question)
    assert data["is_open"] and data["anonymous"]
