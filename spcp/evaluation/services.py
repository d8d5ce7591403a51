"""Writes for evaluation: create, open and close surveys (audited), and record anonymous responses.

A response is stored with no account, participant, address or device: only the answers, the language they
were given in, the self-described role (and the constituency derived from it) and the comment as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.evaluation import phases
from spcp.evaluation.instruments import OUTCOME_WAVES, survey_instrument
from spcp.evaluation.models import (
    LAW_ENFORCEMENT_ROLES,
    Constituency,
    RespondentRole,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    Wave,
    YearsBand,
)
from spcp.programs.models import Program
from spcp.programs.services import audit_record

RESPONSE_LANGUAGES = ("en", "ko", "es", "zh-hans", "vi")

# Answers from one network address to one survey in an hour. Generous on purpose: a venue's shared Wi-Fi puts a
# whole room behind one address, and a room of 100 answering twice (a phone's retry is free) must get through.
ANSWERS_PER_ADDRESS_PER_HOUR = 300


def too_many_answers_message() -> str:
    return _("Too many answers have come from your network in the last hour. Please try again a little later.")


def kind_for_wave(wave: str) -> str:
    return SurveyKind.FEEDBACK if wave == Wave.AFTER_DAY else SurveyKind.OUTCOME


@transaction.atomic
def survey_create(
    *, actor: User, program: Program, wave: str, anonymous: bool = True, legitimacy: bool = False
) -> tuple[Survey, bool]:
    """Create the program's survey for `wave` (its instrument follows from the wave, with the police-legitimacy
    scale when `legitimacy` is chosen, outcome waves only); an existing one is returned unchanged, so a
    resubmitted form creates nothing new. Refused before the wave's phase."""
    if wave not in Wave.values:
        raise ValidationError({"wave": _("Choose a survey wave.")})
    existing = Survey.objects.filter(program=program, wave=wave).first()
    if existing is not None:
        return existing, False
    if not phases.wave_enabled(program, wave):
        raise ValidationError({"wave": phases.wave_locked_reason(program)})
    kind = kind_for_wave(wave)
    if legitimacy and kind != SurveyKind.OUTCOME:
        raise ValidationError({"legitimacy": _("The police legitimacy scale is part of the outcome survey only.")})
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                program=program, kind=kind, wave=wave, anonymous=anonymous, legitimacy=legitimacy
            )
    except IntegrityError:  # a concurrent request created it first
        return Survey.objects.get(program=program, wave=wave), False
    audit_record(
        actor=actor,
        program=program,
        action="evaluation.survey_created",
        target=survey,
        changes={
            "kind": (None, survey.kind),
            "wave": (None, survey.wave),
            "anonymous": (None, anonymous),
            "legitimacy": (None, legitimacy),
        },
    )
    return survey, True


@transaction.atomic
def survey_set_open(*, actor: User, survey: Survey, is_open: bool) -> Survey:
    """Open or close a survey for responses (a no-op, without an audit entry, if it already is)."""
    if survey.is_open == is_open:
        return survey
    survey.is_open = is_open
    survey.save(update_fields=["is_open", "updated_at"])
    audit_record(
        actor=actor,
        program=survey.program,
        action="evaluation.survey_opened" if is_open else "evaluation.survey_closed",
        target=survey,
        changes={"is_open": (not is_open, is_open)},
    )
    return survey


class SurveyClosed(Exception):
    """The survey is not accepting responses."""


def constituency_for(role: str) -> str:
    """Law enforcement or community, derived from the respondent's role (blank when no role was given)."""
    if not role:
        return ""
    return Constituency.LAW_ENFORCEMENT if role in LAW_ENFORCEMENT_ROLES else Constituency.COMMUNITY


def _validate(
    survey: Survey,
    *,
    language: str,
    role: str,
    years: str,
    answers: Mapping[str, int | None],
    comment: str,
    contact: str,
) -> dict[str, list[str]]:
    instrument = survey_instrument(survey)
    errors: dict[str, list[str]] = {}
    if language not in RESPONSE_LANGUAGES:
        errors["language"] = [_("Choose one of the survey's languages.")]
    if role not in RespondentRole.values:
        errors["role"] = [_("Please tell us which best describes you.")]
    if years and (not instrument.asks_background or years not in YearsBand.values):
        errors["years"] = [_("Choose one of the answers.")]
    for item in instrument.items:
        value = answers.get(item.code)
        if value is None:
            errors[item.code] = [_("Please choose an answer.")]
        elif value not in (1, 2, 3, 4, 5):
            errors[item.code] = [_("Choose an answer from 1 to 5.")]
    unknown = sorted(set(answers) - {item.code for item in instrument.items})
    if unknown:
        errors["answers"] = [_("This survey has no question “%(code)s”.") % {"code": unknown[0]}]
    if len(comment) > 2000:
        errors["comment"] = [_("Please keep your comment under 2,000 characters.")]
    if contact and survey.anonymous:
        errors["contact"] = [_("This survey is anonymous: please do not leave your name or contact details.")]
    elif len(contact) > 200:
        errors["contact"] = [_("Please keep this under 200 characters.")]
    return errors


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    client_token: UUID,
    language: str,
    role: str,
    answers: Mapping[str, int | None],
    years: str = "",
    helped_plan: bool | None = None,
    comment: str = "",
    contact: str = "",
) -> tuple[SurveyResponse, bool]:
    """Record one anonymous response; a retry with the same client_token returns the first one unchanged
    (even once the survey has closed). Raises SurveyClosed, or ValidationError with field messages."""
    existing = SurveyResponse.objects.filter(survey=survey, client_token=client_token).first()
    if existing is not None:
        return existing, False
    if not survey.is_open:
        raise SurveyClosed
    comment = comment.strip()
    contact = contact.strip()
    errors = _validate(
        survey, language=language, role=role, years=years, answers=answers, comment=comment, contact=contact
    )
    if errors:
        raise ValidationError(errors)
    asks_background = survey.kind == SurveyKind.OUTCOME and survey.wave in OUTCOME_WAVES
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                client_token=client_token,
                language=language,
                role=role,
                constituency=constituency_for(role),
                years=years if asks_background else "",
                helped_plan=helped_plan if asks_background else None,
                comment=comment,
                contact=contact,
            )
    except IntegrityError:  # the same token arrived twice at once
        return SurveyResponse.objects.get(survey=survey, client_token=client_token), False
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, item=code, value=int(value))
        for code, value in answers.items()
        if value is not None
    )
    return response, True
