"""Phase 2: the volunteer facilitators, the training sessions they attend, and the modules those cover."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.common.models import BaseModel
from spcp.programs.models import Language, Program

MAX_SESSION_MINUTES = 24 * 60


class ModuleKey(models.TextChoices):
    """The modules every program starts with; their titles come from the catalogs, so they are translated."""

    CONFLICT_RESOLUTION = "conflict_resolution", _("Conflict resolution basics")
    SPCP_PROCESS = "spcp_process", _("The SPCP process and the facilitator guide's guiding questions")
    RECORDING = "recording", _("Recording and report-outs")
    HOT_SPOTS = "hot_spots", _("De-escalating hot spots")
    GROUND_RULES = "ground_rules", _("Ground rules and confidentiality")
    FIDELITY_LOG = "fidelity_log", _("The fidelity log")


MODULE_DESCRIPTIONS = {
    ModuleKey.CONFLICT_RESOLUTION: _(
        "Listening, reframing and helping people with opposing views find common ground in a small group."
    ),
    ModuleKey.SPCP_PROCESS: _(
        "The forum's agenda, the two breakout sessions, and how to use the facilitator guide's guiding questions."
    ),
    ModuleKey.RECORDING: _(
        "Working with the recorder, capturing strengths, issues and solutions in the group's own words, "
        "and preparing the group's report-out."
    ),
    ModuleKey.HOT_SPOTS: _("Recognising rising tension and calming it so that every voice is still heard."),
    ModuleKey.GROUND_RULES: _(
        "Agreeing the ground rules with the group, handling disagreement, and keeping what is shared confidential."
    ),
    ModuleKey.FIDELITY_LOG: _("Filling in the fidelity log within 24 hours of the forum."),
}

phone_validator = RegexValidator(
    r"^[0-9+()\-.\s]*(?:(?:ext\.?|x)\s*[0-9]+)?$",
    _("Enter a phone number using digits, spaces and + ( ) - . only."),
)


class Module(BaseModel):
    """A training topic. Seeded modules have a key (their title is translated); custom ones have a title."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_modules")
    key = models.CharField(_("module"), max_length=40, choices=ModuleKey.choices, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    required = models.BooleanField(_("required for readiness"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.CheckConstraint(
                condition=(Q(key="") & ~Q(title="")) | (~Q(key="") & Q(title="")),
                name="training_module_key_xor_title",
            ),
            models.UniqueConstraint(fields=["program", "key"], condition=~Q(key=""), name="training_module_key_unique"),
            models.UniqueConstraint(
                Lower("title"), "program", condition=~Q(title=""), name="training_module_title_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def is_seeded(self) -> bool:
        return bool(self.key)

    @property
    def display_title(self) -> str:
        return str(ModuleKey(self.key).label) if self.key else self.title

    @property
    def display_description(self) -> str:
        if self.description or not self.key:
            return self.description
        return str(MODULE_DESCRIPTIONS[ModuleKey(self.key)])

    def clean(self) -> None:
        if not self.key and not self.title.strip():
            raise ValidationError({"title": gettext("Give the module a title.")})
        if self.title:
            clash = Module.objects.filter(program_id=self.program_id, title__iexact=self.title).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"title": gettext("This program already has a module with this title.")})


class Facilitator(BaseModel):
    """A volunteer who will lead (or co-lead) a breakout group; may have an account to sign in."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator_records",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"], condition=Q(user__isnull=False), name="training_facilitator_user_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "email"], condition=~Q(email=""), name="training_facilitator_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.name.strip():
            errors["name"] = gettext("Enter the facilitator's name.")
        if not isinstance(self.languages, list) or any(code not in Language.values for code in self.languages):
            errors["languages"] = gettext("Choose languages from the list.")
        others = Facilitator.objects.filter(program_id=self.program_id).exclude(pk=self.pk)
        if self.email and others.filter(email=self.email).exists():
            errors["email"] = gettext("Another facilitator in this program already has this email address.")
        if self.user_id and others.filter(user_id=self.user_id).exists():
            errors["user"] = gettext("This account is already linked to another facilitator in this program.")
        if errors:
            raise ValidationError(errors)

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class TrainingSession(BaseModel):
    """One training meeting: when and where, who trained, which modules it covered."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=180, validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)]
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    modules = models.ManyToManyField(Module, verbose_name=_("modules covered"), blank=True, related_name="sessions")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_SESSION_MINUTES),
                name="training_session_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.location}".strip()


class Attendance(BaseModel):
    """A facilitator was at a session (and so has covered its modules)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    facilitator = models.ForeignKey(Facilitator, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "facilitator"], name="training_attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} @ {self.session}"
