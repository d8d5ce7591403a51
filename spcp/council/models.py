"""Phase 5: the SPCP council that carries the action plan out — members, meetings, progress, reminders.

Progress updates hang off the plan's action steps; the step keeps the latest status and percent so the
item and plan roll-ups (weighted, as Decidim's accountability module does) need no history query.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.actionplan.models import ActionItem, ActionStep, StepStatus
from spcp.common.models import BaseModel
from spcp.planning.models import Sector
from spcp.programs.models import Program


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class MemberKind(models.TextChoices):
    REPRESENTATIVE = "representative", _("Sector representative")
    VOLUNTEER = "volunteer", _("Volunteer from the forum")
    LIAISON = "liaison", _("Law-enforcement liaison")
    OTHER = "other", pgettext_lazy("council member kind", "Other")


class CouncilRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("council role", "Member")
    CHAIR = "chair", pgettext_lazy("council role", "Chair")
    SECRETARY = "secretary", pgettext_lazy("council role", "Secretary")


class CouncilMember(BaseModel):
    """A seat on the council. Contact details are shown to council members and program staff only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="council_members")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organization"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MemberKind.choices, default=MemberKind.VOLUNTEER)
    role = models.CharField(_("role"), max_length=12, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Emails (invitations, cancellations, reminders) go out in this language; blank: the program's first one.
    language = models.CharField(_("language for emails"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_seats",
    )
    # The forum sign-up this member came from (forum.CouncilVolunteer id); one seat per sign-up.
    source_volunteer_id = models.PositiveIntegerField(null=True, blank=True)
    # A secret for the member's calendar feed (calendar apps cannot sign in).
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "source_volunteer_id"],
                condition=Q(source_volunteer_id__isnull=False),
                name="council_one_seat_per_signup",
            ),
            models.UniqueConstraint(
                fields=["program"], condition=Q(role="chair", active=True), name="council_one_active_chair"
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="council_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Handover(BaseModel):
    """The conciliator handed the council to its officers: from then on the chair and the secretary run it
    (members, meetings, minutes, decisions) and CRS staff keep read access and the reminders."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="council_handover")
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("council hand-over")
        verbose_name_plural = _("council hand-overs")

    def __str__(self) -> str:
        return f"{self.program} ({self.created_at:%Y-%m-%d})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(BaseModel):
    """A council meeting. `uid` and `sequence` let calendar apps update the invitation they already hold."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="council_meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # When members were last emailed the invitation: a cancellation is then emailed to them as well.
    invited_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_language = models.CharField(_("language of the minutes"), max_length=10, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="council_meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaReason(models.TextChoices):
    OVERDUE = "overdue", pgettext_lazy("action step", "Overdue")
    DUE = "due", _("Due before the next meeting")
    CHANGED = "changed", _("Changed since the last meeting")
    OTHER = "other", pgettext_lazy("agenda reason", "Other business")


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    reason = models.CharField(_("why it is on the agenda"), max_length=12, choices=AgendaReason.choices)
    action_item = models.ForeignKey(ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    step = models.ForeignKey(ActionStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="council_attendance_unique")]


class Decision(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"), max_length=1000)
    language = models.CharField(_("language"), max_length=10)
    action_item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ProgressUpdate(BaseModel):
    """A dated report on one action step. `client_token` makes a resubmitted form a no-op."""

    step = models.ForeignKey(ActionStep, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_token = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="council_update_percent_at_most_100"),
            models.UniqueConstraint(
                fields=["step", "client_token"], condition=Q(client_token__isnull=False), name="council_update_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.date} {self.percent}%"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", pgettext_lazy("action step", "Due soon")
    OVERDUE = "overdue", pgettext_lazy("action step", "Overdue")


class Reminder(models.Model):
    """One reminder email sent. The unique key is what makes `spcp remind` safe to run from cron: a step's
    reminder of one kind for one due date goes to one address once, however often the command runs."""

    step = models.ForeignKey(ActionStep, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["step", "kind", "due_date", "recipient"], name="council_reminder_once"),
        ]
