"""The core: a Program, its phase, who may work on it, and the audit log of every change."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.models import BaseModel, TranslatedNameMixin
from spcp.common.names import LocalizedName, guess_language, pick_name
from spcp.offices.models import TIME_ZONES


class Phase(models.TextChoices):
    INTAKE = "intake", pgettext_lazy("phase", "Intake")
    PLANNING = "planning", pgettext_lazy("phase", "Planning group")
    TRAINING = "training", pgettext_lazy("phase", "Facilitator training")
    FORUM = "forum", pgettext_lazy("phase", "Forum")
    ACTION_PLAN = "action_plan", pgettext_lazy("phase", "Action plan")
    COUNCIL = "council", pgettext_lazy("phase", "SPCP council")


PHASE_ORDER: list[str] = [p.value for p in Phase]


class Trigger(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive")
    CRITICAL_INCIDENT = "critical_incident", _("Critical incident")


class Concern(models.TextChoices):
    """The protected characteristics CRS works on (Title X; Shepard–Byrd)."""

    RACE = "race", _("Race")
    COLOR = "color", _("Color")
    NATIONAL_ORIGIN = "national_origin", _("National origin")
    GENDER = "gender", _("Gender")
    GENDER_IDENTITY = "gender_identity", _("Gender identity")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    RELIGION = "religion", _("Religion")
    DISABILITY = "disability", _("Disability")


class Language(models.TextChoices):
    """Languages a program's participants may need (the most spoken in U.S. homes, and ASL)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    TAGALOG = "tl", _("Tagalog")
    VIETNAMESE = "vi", _("Vietnamese")
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    KOREAN = "ko", _("Korean")
    ASL = "ase", _("American Sign Language")


class ProgramType(TranslatedNameMixin, BaseModel):
    """SPCP and its siblings: data, not code (an agenda template and vocabulary hang off it)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("program type")
        verbose_name_plural = _("program types")

    def __str__(self) -> str:
        return self.name


class Program(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    program_type = models.ForeignKey(
        ProgramType, verbose_name=_("program type"), on_delete=models.PROTECT, related_name="programs"
    )
    city = models.CharField(_("city"), max_length=100)
    state = models.ForeignKey(
        "offices.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="programs"
    )
    region = models.ForeignKey(
        "offices.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="programs"
    )
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="programs"
    )
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    incident_date = models.DateField(_("incident date"), null=True, blank=True)
    incident_description = models.TextField(_("incident description"), blank=True)
    concerns = models.JSONField(_("concerns"), default=list, blank=True)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    # The title as participants read it in their languages ({"ko": …}); `title` is the one staff typed first.
    title_names = models.JSONField(_("title in the participants' languages"), default=dict, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    conciliator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conciliator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conciliated_programs",
    )
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=90)
    expected_groups = models.PositiveSmallIntegerField(_("expected breakout groups"), default=5)
    forum_date = models.DateField(_("forum date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # Meetings, sessions and the forum day are entered and shown in this zone (set from the state at creation).
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONES, default="America/New_York")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(condition=models.Q(expected_groups__gte=1), name="program_groups_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedName:
        """The title in the reader's language, or visibly the typed one when it has no translation there."""
        return pick_name(self.all_titles, language)

    @property
    def all_titles(self) -> dict[str, str]:
        return {guess_language(self.title): self.title, **(self.title_names or {})}

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone or "UTC")

    def get_concerns_display(self) -> list[str]:
        labels = dict(Concern.choices)
        return [str(labels[c]) for c in self.concerns if c in labels]

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[c]) for c in self.languages if c in labels]


class MembershipRole(models.TextChoices):
    PLANNING_MEMBER = "planning_member", _("Planning-group member")
    FACILITATOR = "facilitator", _("Facilitator")
    COUNCIL_MEMBER = "council_member", _("Council member")


class ProgramMembership(BaseModel):
    """Gives a volunteer's account access to one program, in one capacity."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_memberships")
    role = models.CharField(_("role"), max_length=32, choices=MembershipRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class AuditEntry(models.Model):
    """Who changed what, when. Written by services in the same transaction as the change."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["program", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def actor_display(self) -> str:
        """The actor's name, or who acted without an account, in the reader's language."""
        if self.actor_id is None and self.actor_label in ("public", "system"):
            return str(_("Public (no account)") if self.actor_label == "public" else _("System"))
        return self.actor_label
