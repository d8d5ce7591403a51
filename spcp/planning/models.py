"""Phase 1: the planning group, its sectors, checklist, meetings and the forum's invitation list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from spcp.common.models import BaseModel
from spcp.common.names import LocalizedName, pick_name
from spcp.planning.catalog import BY_KEY, LAW_ENFORCEMENT_KEY
from spcp.programs.models import Language, Program

# The name stored for every program's law-enforcement sector; it is displayed translated.
LAW_ENFORCEMENT_NAME = "Law enforcement"


class Side(models.TextChoices):
    """The two sides an SPCP brings together (a sector's kind, a member's or invitee's side)."""

    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    COMMUNITY = "community", _("Community")


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", pgettext_lazy("planning group", "Member")
    CRS_STAFF = "crs_staff", _("CRS staff")


class TaskStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("task status", "To do")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "In progress")
    DONE = "done", pgettext_lazy("task status", "Done")


class TaskCategory(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    OUTREACH = "outreach", _("Outreach and invitations")
    ACCESS = "access", _("Language access and accessibility")
    COMMUNICATIONS = "communications", _("Communications")
    OTHER = "other", pgettext_lazy("task category", "Other")


class ChecklistKey(models.TextChoices):
    """The seeded checklist. CRS publishes none; these are the tasks every forum needs (see domain.md)."""

    FORUM_DATE = "forum_date", _("Set the forum date")
    VENUE = "venue", _("Book an accessible venue")
    INTERPRETERS = "interpreters", _("Arrange interpreters")
    ACCESSIBILITY = "accessibility", _("Arrange accessibility accommodations")
    FOOD = "food", _("Arrange food")
    MATERIALS = "materials", _("Prepare materials")
    PRESS_POLICY = "press_policy", _("Agree the press policy")
    INVITATIONS = "invitations", _("Invitations for a sector")


# Seeded once per program, in this order; INVITATIONS is seeded once per sector instead.
PROGRAM_CHECKLIST: list[tuple[ChecklistKey, TaskCategory]] = [
    (ChecklistKey.FORUM_DATE, TaskCategory.LOGISTICS),
    (ChecklistKey.VENUE, TaskCategory.LOGISTICS),
    (ChecklistKey.INTERPRETERS, TaskCategory.ACCESS),
    (ChecklistKey.ACCESSIBILITY, TaskCategory.ACCESS),
    (ChecklistKey.FOOD, TaskCategory.LOGISTICS),
    (ChecklistKey.MATERIALS, TaskCategory.LOGISTICS),
    (ChecklistKey.PRESS_POLICY, TaskCategory.COMMUNICATIONS),
]


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", pgettext_lazy("rsvp", "Yes")
    NO = "no", pgettext_lazy("rsvp", "No")
    MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")


class Sector(BaseModel):
    """A part of the community the forum recruits from. Law enforcement is always one (seeded).

    A standard sector (spcp.planning.catalog) is stored by its key and named by the catalogue in every
    language; `name` then keeps its English name. A custom sector has a name per participant language in
    `names` ({"en": …, "ko": …}); `name` is the one it was first typed with.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sectors")
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("standard sector"), max_length=30, blank=True)
    names = models.JSONField(_("names by language"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Side.choices, default=Side.COMMUNITY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(Lower("name"), "program", name="planning_sector_name_unique"),
            models.UniqueConstraint(
                fields=["program", "key"], condition=~models.Q(key=""), name="planning_sector_standard_once"
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(kind="law_enforcement"),
                name="planning_one_law_enforcement_sector",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["law_enforcement", "community"]), name="planning_sector_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.localized_name().text

    def localized_name(self, language: str | None = None) -> LocalizedName:
        """The name in the reader's (or the active) language, or visibly in another one when it has none."""
        standard = BY_KEY.get(LAW_ENFORCEMENT_KEY if self.is_law_enforcement else self.key)
        if standard is not None:
            return standard.name(language)
        return pick_name(self.names or {"und": self.name}, language)

    @property
    def all_names(self) -> dict[str, str]:
        """Every name it has, by language (all five for a standard sector)."""
        standard = BY_KEY.get(LAW_ENFORCEMENT_KEY if self.is_law_enforcement else self.key)
        return dict(standard.names) if standard is not None else dict(self.names or {})

    @property
    def is_standard(self) -> bool:
        return bool(self.key) or self.is_law_enforcement

    @property
    def is_law_enforcement(self) -> bool:
        return self.kind == Side.LAW_ENFORCEMENT


class PlanningMember(BaseModel):
    """A person on the planning group; an optional account gives them access to the program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="planning_members")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.RESTRICT, null=True, blank=True, related_name="members"
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_memberships",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("planning-group member")
        verbose_name_plural = _("planning-group members")
        constraints = [
            # CRS staff sit with the group without representing either side.
            models.CheckConstraint(
                condition=models.Q(side__in=["law_enforcement", "community"]) | models.Q(role="crs_staff"),
                name="planning_member_side_required",
            ),
            models.UniqueConstraint(
                fields=["program", "user"], condition=models.Q(user__isnull=False), name="planning_member_user_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Task(BaseModel):
    """One checklist item: seeded (shown translated from its key) or typed by the group (its title)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="planning_tasks")
    key = models.CharField(_("checklist item"), max_length=30, choices=ChecklistKey.choices, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=TaskCategory.choices, default=TaskCategory.OTHER)
    owner = models.ForeignKey(
        PlanningMember,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO)
    notes = models.TextField(_("notes"), blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(key="") | ~models.Q(title=""), name="planning_task_key_or_title"
            ),
            models.CheckConstraint(
                condition=~models.Q(key="invitations") | models.Q(sector__isnull=False),
                name="planning_task_invitations_sector",
            ),
            models.UniqueConstraint(
                fields=["program", "key"],
                condition=~models.Q(key="") & ~models.Q(key="invitations"),
                name="planning_task_seeded_once",
            ),
            models.UniqueConstraint(
                fields=["program", "sector"],
                condition=models.Q(key="invitations"),
                name="planning_task_invitations_once_per_sector",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.key == ChecklistKey.INVITATIONS and self.sector is not None:
            return gettext("Invitations: %(sector)s") % {"sector": self.sector.display_name}
        if self.key:
            return str(ChecklistKey(self.key).label)
        return self.title

    @property
    def is_seeded(self) -> bool:
        return bool(self.key)


class Meeting(BaseModel):
    """A planning-group meeting (CRS runs them): when, where, the agenda, notes and who came."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="planning_meetings")
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(PlanningMember, verbose_name=_("attendees"), blank=True, related_name="meetings")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("planning meeting")
        verbose_name_plural = _("planning meetings")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.location}".strip()


class Invitation(BaseModel):
    """One person invited to the forum, the sector they come from, what they need, and their answer."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.RESTRICT, related_name="invitations")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language needed"), max_length=10, choices=Language.choices, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    rsvp = models.CharField(_("RSVP"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "program", condition=~models.Q(email=""), name="planning_invitation_email_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rsvp__in=["pending", "yes", "no", "maybe"]), name="planning_invitation_rsvp_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
