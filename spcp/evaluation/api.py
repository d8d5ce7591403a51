"""The evaluation JSON API (django-ninja), mounted at /api/evaluation: what a phone needs, with no account.

Submissions are idempotent by client_token; errors are field-by-field (422) in the caller's language
(Accept-Language); a closed survey answers 409; an unknown code 404. Nothing about the caller is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Status

from spcp.common.api import ErrorOut, body_schema, error_payload, parse_body
from spcp.common.ratelimit import rate_limited
from spcp.evaluation import selectors, services
from spcp.evaluation.instruments import survey_instrument
from spcp.evaluation.schemas import ChoiceOut, SurveyItemOut, SurveyOut, SurveyResponseIn, SurveyResponseOut
from spcp.evaluation.services import ANSWERS_PER_ADDRESS_PER_HOUR, too_many_answers_message

router = Router(tags=["evaluation (phones)"])


@router.get("/surveys/{survey_code}", response={200: SurveyOut, 404: ErrorOut}, summary="A survey's questions")
def survey_get(request: HttpRequest, survey_code: str) -> SurveyOut:
    survey = selectors.survey_by_code(survey_code)
    instrument = survey_instrument(survey)
    return SurveyOut(
        code=survey.code,
        title=str(instrument.title),
        program=survey.program.title,
        wave=survey.wave,
        is_open=survey.is_open,
        anonymous=survey.anonymous,
        asks_background=instrument.asks_background,
        items=[
            SurveyItemOut(
                code=item.code,
                question=str(item.question),
                choices=[ChoiceOut(value=v, label=str(label)) for v, label in item.scale.choices()],
            )
            for item in instrument.items
        ],
    )


@router.post(
    "/surveys/{survey_code}/responses",
    response={
        200: SurveyResponseOut,
        201: SurveyResponseOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Answer a survey (a retry with the same client_token is a no-op)",
    openapi_extra=body_schema(SurveyResponseIn),
)
def response_create(request: HttpRequest, survey_code: str) -> Any:
    survey = selectors.survey_by_code(survey_code)  # 404 before the body is read
    payload = parse_body(SurveyResponseIn, request)
    language = payload.language or translation.get_language() or "en"
    retry = selectors.response_get(survey=survey, client_token=payload.client_token) is not None
    if not retry and rate_limited(request, f"survey:{survey.pk}", limit=ANSWERS_PER_ADDRESS_PER_HOUR):
        return Status(429, ErrorOut(detail=too_many_answers_message()))
    try:
        _response, created = services.response_submit(
            survey=survey,
            client_token=payload.client_token,
            language=language,
            role=payload.role,
            years=payload.years,
            helped_plan=payload.helped_plan,
            answers=payload.answers,
            comment=payload.comment,
            contact=payload.contact,
        )
    except services.SurveyClosed:
        return Status(409, ErrorOut(detail=_("This survey is closed and no longer takes answers.")))
    except ValidationError as exc:
        return Status(422, ErrorOut(**error_payload(exc)))
    detail = _("Thank you: your answers were recorded.")
    return Status(201 if created else 200, SurveyResponseOut(created=created, detail=detail))
