"""Evaluation: CRS's outcome survey (baseline, about 3 and 12 months) and the participant feedback survey.

Responses are anonymous by default: a response row has no link to a participant, an account or a device,
only the answers, the language they were given in, and the respondent's self-described role. The questions
themselves are code (`instruments.py`), so their wording is translated like every other string.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.models import BaseModel
from spcp.programs.models import Program

# Letters and digits that cannot be confused when read aloud or off a flyer (no 0/O, 1/I/L).
SURVEY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_survey_code() -> str:
    return "".join(secrets.choice(SURVEY_CODE_ALPHABET) for _ in range(8))


class SurveyKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome survey")
    FEEDBACK = "feedback", _("Participant feedback survey")


class Wave(models.TextChoices):
    BASELINE = "baseline", _("Baseline (before the forum)")
    THREE_MONTHS = "three_months", _("About 3 months after")
    TWELVE_MONTHS = "twelve_months", _("About 12 months after")
    AFTER_DAY = "after_day", _("After the forum day")


WAVE_ORDER = [Wave.BASELINE, Wave.AFTER_DAY, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS]


class Survey(BaseModel):
    """One wave of one instrument for one program, answered on phones through its code."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("survey"), max_length=10, choices=SurveyKind.choices)
    wave = models.CharField(_("wave"), max_length=16, choices=Wave.choices)
    code = models.CharField(_("survey code"), max_length=12, unique=True, default=new_survey_code)
    is_open = models.BooleanField(_("accepting responses"), default=False)
    # Anonymous by default; when switched off, respondents may (not must) leave a name or contact.
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # Outcome waves only: whether the survey also asks the short police-legitimacy scale (instruments.py).
    legitimacy = models.BooleanField(_("asks the police legitimacy scale"), default=False)

    class Meta:
        ordering = ["program", "created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "wave"], name="evaluation_one_survey_per_wave"),
            models.CheckConstraint(
                condition=Q(kind="feedback", wave="after_day") | (Q(kind="outcome") & ~Q(wave="after_day")),
                name="evaluation_wave_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_wave_display()}"


class RespondentRole(models.TextChoices):
    RESIDENT = "resident", _("Community member or resident")
    COMMUNITY_LEADER = "community_leader", _("Community, faith or civic leader")
    GOVERNMENT = "government", _("City or government official")
    OFFICER = "officer", _("Law-enforcement officer or staff")
    LE_LEADERSHIP = "le_leadership", _("Law-enforcement leadership")
    OTHER = "other", pgettext_lazy("respondent role", "Other")


LAW_ENFORCEMENT_ROLES = frozenset({RespondentRole.OFFICER, RespondentRole.LE_LEADERSHIP})


class YearsBand(models.TextChoices):
    UNDER_1 = "under_1", _("Less than 1 year")
    ONE_TO_5 = "1_5", _("1–5 years")
    SIX_TO_10 = "6_10", _("6–10 years")
    OVER_10 = "over_10", _("More than 10 years")


class Constituency(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    COMMUNITY = "community", _("Community")


class SurveyResponse(BaseModel):
    """One person's answers. `client_token` (made by the phone) makes a resubmission a no-op."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    client_token = models.UUIDField()
    language = models.CharField(_("language"), max_length=10)
    role = models.CharField(_("role"), max_length=20, choices=RespondentRole.choices, blank=True)
    constituency = models.CharField(_("constituency"), max_length=16, choices=Constituency.choices, blank=True)
    years = models.CharField(_("years in the community or role"), max_length=10, choices=YearsBand.choices, blank=True)
    helped_plan = models.BooleanField(_("helped plan the program"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    contact = models.CharField(_("name or contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "client_token"], name="evaluation_response_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    """One 1–5 answer to one item of the instrument (`instruments.py` names the items)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="evaluation_answer_once"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="evaluation_answer_1_to_5"),
        ]
