"""Requests for a program, from a city, police department, school or community group, and how CRS decided them."""

from __future__ import annotations

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from spcp.common.models import BaseModel
from spcp.programs.models import Concern, Language, Trigger


class OrganisationRole(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement agency")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    COMMUNITY_ORGANISATION = "community_organisation", _("Community organization")
    SCHOOL = "school", _("School, college or university")
    OTHER = "other", pgettext_lazy("organization role", "Other")


CASE_PREFIX = "SPCP"


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("request status", "New")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")


def latest_incident_date() -> datetime.date:
    """The latest acceptable incident date: today somewhere in the U.S. and its territories.

    Dates are compared in UTC; Guam and the Northern Mariana Islands (UTC+10) are a day ahead of UTC for part of
    every day, so tomorrow's UTC date is still "today" for someone there.
    """
    return timezone.now().date() + datetime.timedelta(days=1)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class ProgramRequest(BaseModel):
    """A request for SPCP (or a sibling program), routed at once to the CRS office that serves its state."""

    requester_name = models.CharField(_("your name"), max_length=200)
    organisation = models.CharField(_("organization"), max_length=200)
    organisation_role = models.CharField(_("type of organization"), max_length=32, choices=OrganisationRole.choices)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40)
    city = models.CharField(_("city or community"), max_length=100)
    state = models.ForeignKey(
        "offices.State", verbose_name=_("state or territory"), on_delete=models.PROTECT, related_name="requests"
    )
    region = models.ForeignKey(
        "offices.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="requests"
    )
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="requests"
    )
    trigger = models.CharField(_("reason for the request"), max_length=20, choices=Trigger.choices)
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_description = models.TextField(_("what happened"), max_length=5000, blank=True)
    concerns = models.JSONField(_("concerns"), default=list, blank=True)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    program_type = models.ForeignKey(
        "programs.ProgramType", verbose_name=_("program"), on_delete=models.PROTECT, related_name="requests"
    )
    message = models.TextField(_("anything else CRS should know"), max_length=5000, blank=True)
    submitted_language = models.CharField(_("language of the form"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    program = models.OneToOneField(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
    )
    # The requester's confirmation page is found by this random token, never by the sequential id.
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Sent by the client with a submission, so that a retried submission returns the first request.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("program request")
        verbose_name_plural = _("program requests")
        indexes = [models.Index(fields=["region", "status", "-created_at"], name="request_region_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["client_token"], condition=models.Q(client_token__isnull=False), name="request_client_token"
            ),
            models.CheckConstraint(condition=models.Q(trigger__in=Trigger.values), name="request_trigger_valid"),
            models.CheckConstraint(
                condition=models.Q(organisation_role__in=OrganisationRole.values), name="request_role_valid"
            ),
            models.CheckConstraint(condition=models.Q(status__in=RequestStatus.values), name="request_status_valid"),
            models.CheckConstraint(
                condition=models.Q(trigger=Trigger.PROACTIVE)
                | (models.Q(incident_date__isnull=False) & ~models.Q(incident_description="")),
                name="request_incident_described",
            ),
            models.CheckConstraint(
                condition=models.Q(status=RequestStatus.NEW, decided_at__isnull=True)
                | (~models.Q(status=RequestStatus.NEW) & models.Q(decided_at__isnull=False)),
                name="request_decided_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RequestStatus.DECLINED) | ~models.Q(decline_reason=""),
                name="request_decline_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(program__isnull=True) | models.Q(status=RequestStatus.ACCEPTED),
                name="request_program_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.city}, {self.state_id})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.trigger == Trigger.CRITICAL_INCIDENT:
            if self.incident_date is None:
                errors["incident_date"] = [gettext("Enter the date of the incident.")]
            elif self.incident_date > latest_incident_date():
                errors["incident_date"] = [gettext("The date of the incident cannot be in the future.")]
            if not (self.incident_description or "").strip():
                errors["incident_description"] = [gettext("Describe briefly what happened.")]
        concerns = self.concerns if isinstance(self.concerns, list) else []
        if not concerns:
            errors["concerns"] = [gettext("Choose at least one concern.")]
        elif not set(concerns) <= set(Concern.values):
            errors["concerns"] = [gettext("Choose concerns from the list.")]
        languages = self.languages if isinstance(self.languages, list) else None
        if languages is None or not set(languages) <= set(Language.values):
            errors["languages"] = [gettext("Choose languages from the list.")]
        if self.phone and len(re.sub(r"\D", "", self.phone)) < 10:
            errors["phone"] = [gettext("Enter a phone number with its area code, for example 202-555-0123.")]
        if errors:
            raise ValidationError(errors)

    @property
    def case_number(self) -> str:
        """What the requester quotes to CRS and types on the status page, e.g. "SPCP-2026-00042"."""
        return f"{CASE_PREFIX}-{self.created_at:%Y}-{self.pk:05d}"

    @property
    def is_critical(self) -> bool:
        return self.trigger == Trigger.CRITICAL_INCIDENT

    @property
    def is_decided(self) -> bool:
        return self.status != RequestStatus.NEW

    def get_concerns_display(self) -> list[str]:
        labels = dict(Concern.choices)
        return [str(labels[c]) for c in _unique(self.concerns) if c in labels]

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[c]) for c in _unique(self.languages) if c in labels]

    def get_submitted_language_display(self) -> str:
        try:
            return str(translation.get_language_info(self.submitted_language)["name_translated"])
        except KeyError:
            return self.submitted_language

    def default_program_title(self) -> str:
        """The title a new program gets unless staff choose another, e.g. "Galveston SPCP" (data, not UI text)."""
        return f"{self.city} {self.program_type.name}"[:200]
