"""Phase 4: the action plan. Priority issue → action item (a solution) → action steps.

A plan is drafted from the forum (its priorities with their merged sources and dots, the solutions with their
support, the strengths), edited by the conciliator and planning group, approved, then published. Every edit
saves a numbered version (a snapshot of the whole plan), so any two versions can be compared and each shows
who made it. The public sees only the last published version.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.models import BaseModel
from spcp.programs.models import Program

# The plan's content is written once and read in the staff languages: a translation per language beside the
# original (`translations`, {"ko": "...", "en": "..."}), never replacing it. Documents and pages use the reader's
# language where there is a translation and show the original, tagged, where there is none.
PLAN_LANGUAGES = ("en", "ko")


class Shown(NamedTuple):
    """Plan text as one reader sees it: the words, their language, and whether a translation is missing."""

    text: str
    language: str
    missing: bool


def shown_text(text: str, language: str, translations: Any, reader: str) -> Shown:
    """`text` (written in `language`) in the `reader`'s language where there is a translation into it."""
    if language == reader:
        return Shown(text, language, False)
    found = translations.get(reader) if isinstance(translations, dict) else None
    if isinstance(found, str) and found.strip():
        return Shown(found, reader, False)
    return Shown(text, language, reader in PLAN_LANGUAGES)


def reader_language() -> str:
    """The active language as a plan language code (zh-hans → zh)."""
    return (translation.get_language() or "en").split("-")[0]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    APPROVED = "approved", pgettext_lazy("plan status", "Approved")
    PUBLISHED = "published", pgettext_lazy("plan status", "Published")


class StepStatus(models.TextChoices):
    """Where an action step stands; set by the council's progress updates."""

    NOT_STARTED = "not_started", pgettext_lazy("step status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("step status", "In progress")
    DONE = "done", pgettext_lazy("step status", "Done")
    BLOCKED = "blocked", pgettext_lazy("step status", "Blocked")
    DROPPED = "dropped", pgettext_lazy("step status", "Dropped")


class Plan(BaseModel):
    """A program's one action plan."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="action_plan")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    language = models.CharField(_("language of the plan's own text"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=0)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_version = models.PositiveIntegerField(_("published version"), null=True, blank=True)
    public_progress = models.BooleanField(_("show progress on a public page"), default=False)
    forum_generated_at = models.DateTimeField(_("drafted from the forum at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_version is not None


class PlanStrength(BaseModel):
    """A strength the community named on the day, kept in the language it was written in."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strengths")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("strength"), max_length=800)
    language = models.CharField(_("language"), max_length=10)
    source_statement_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("strength")
        verbose_name_plural = _("strengths")

    def __str__(self) -> str:
        return self.text[:80]


class PlanIssue(BaseModel):
    """A priority issue from the dot vote: its words, its dots, and the statements merged into it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="issues")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("issue"), max_length=800)
    language = models.CharField(_("language"), max_length=10)
    dots = models.PositiveIntegerField(_("dots"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # [{"text": …, "language": …, "table": 3}] — the statements merged into this one on the day.
    sources = models.JSONField(_("merged statements"), default=list, blank=True)
    source_statement_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("priority issue")
        verbose_name_plural = _("priority issues")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def shown(self) -> Shown:
        return shown_text(self.text, self.language, self.translations, reader_language())


class ActionItem(BaseModel):
    """A solution the plan commits to, under the issue it answers; its steps say who does what by when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    issue = models.ForeignKey(
        PlanIssue,
        verbose_name=_("priority issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.TextField(_("solution"), max_length=800)
    language = models.CharField(_("language"), max_length=10)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # How much this item counts in the plan's progress (Decidim's accountability weights results the same way).
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # The day's responses, as shown on the day (already pooled so no group under five stands alone):
    # {"agree": n, "disagree": n, "pass": n, "bridging": 0.42, "constituencies": [{key, members, agree, …}]}
    support = models.JSONField(_("support on the day"), default=dict, blank=True)
    source_solution_id = models.PositiveIntegerField(null=True, blank=True)
    # Made when the add form is shown (or by an API caller): a resubmitted POST finds the first item.
    client_token = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [models.CheckConstraint(condition=Q(weight__gte=1), name="actionplan_item_weight_positive")]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def shown(self) -> Shown:
        return shown_text(self.title, self.language, self.translations, reader_language())


class ActionStep(BaseModel):
    """Who does what by when. The responsible party is an agency, organization or role, and may name a person;
    a person's name appears in documents only when a conciliator includes named roles, and the email used for
    reminders never leaves the system."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("action step"), max_length=800)
    language = models.CharField(_("language"), max_length=10)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    responsible_party = models.CharField(_("responsible party (agency, organization or role)"), max_length=200)
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    responsible_email = models.EmailField(_("email for reminders"), blank=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resources = models.TextField(_("resources"), max_length=800, blank=True)
    measure = models.TextField(_("measure of success"), max_length=800, blank=True)
    # What the breakout table wrote under "by when" on the day, kept until someone sets real dates.
    day_timing = models.CharField(_("timing proposed on the day"), max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # The latest progress update's figures, kept here so lists and roll-ups need no extra query.
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    source_step_id = models.PositiveIntegerField(null=True, blank=True)
    # Made when the add form is shown (or by an API caller): a resubmitted POST finds the first step.
    client_token = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="actionplan_step_due_after_start",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="actionplan_step_percent_at_most_100"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="actionplan_step_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def shown(self) -> Shown:
        return shown_text(self.description, self.language, self.translations, reader_language())


class PlanVersion(models.Model):
    """The whole plan as it stood after one change: who made it, when, and a one-line summary."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=150, blank=True)
    summary = models.CharField(_("what changed"), max_length=300)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="actionplan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
