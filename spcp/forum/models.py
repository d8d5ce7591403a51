"""The forum day: agenda, check-in, breakouts, statements, dots, solutions, responses, council sign-up, fidelity.

Participants have no account: a participant is a pseudonymous row reached by a secret token the phone keeps.
Statements and votes reference the participant row only, never a name, and nothing shows them together.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.models import BaseModel
from spcp.planning.models import Invitation, Sector
from spcp.programs.models import Program, ProgramType
from spcp.training.models import Facilitator

# Participants read and write in these languages (staff screens are English and Korean).
PARTICIPANT_LANGUAGES = ("en", "ko", "es", "zh-hans", "vi")

# Letters and digits that cannot be confused when read off a projector (no 0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def original_hash(text: str) -> str:
    """What a translation records of the text it was made from (an edit makes it out of date)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


# A check-in ticket's code: typed from a badge or an invitation, so the same unambiguous letters, shown as two
# groups of four (31^8 ≈ 8.5 × 10^11 codes: not guessable within the failed-attempt limit).
TICKET_CODE_LENGTH = 8


def new_ticket_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


def normalize_ticket_code(text: str) -> str:
    """A typed ticket code as stored: upper case, without the spaces and dashes people type between groups."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_ticket_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == TICKET_CODE_LENGTH else code


class SegmentKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    GROUND_RULES = "ground_rules", _("Ground rules")
    BREAKOUT_1 = "breakout_1", _("Breakout 1: strengths and issues")
    REPORT_OUT_1 = "report_out_1", _("Report-out 1")
    DOT_VOTING = "dot_voting", _("Dot voting")
    BREAKOUT_2 = "breakout_2", _("Breakout 2: solutions")
    REPORT_OUT_2 = "report_out_2", _("Report-out 2 and the room's response")
    COUNCIL = "council", _("SPCP council")


class AgendaTemplateItem(BaseModel):
    """One segment of a program type's standard agenda (seeded; editable in the admin)."""

    program_type = models.ForeignKey(ProgramType, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(_("segment"), max_length=20, choices=SegmentKind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    minutes = models.PositiveSmallIntegerField(_("planned minutes"))

    class Meta:
        ordering = ["program_type", "order"]
        verbose_name = _("agenda template item")
        verbose_name_plural = _("agenda template items")
        constraints = [
            models.UniqueConstraint(fields=["program_type", "kind"], name="forum_template_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program_type} · {self.get_kind_display()}"


class Forum(BaseModel):
    """The live state of a program's forum day."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="forum")
    join_code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    current_segment = models.ForeignKey(
        "Segment", verbose_name=_("current segment"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dots_per_participant = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    allow_stacking = models.BooleanField(_("several dots on one issue allowed"), default=True)
    top_k = models.PositiveSmallIntegerField(_("number of priority issues"), default=5)
    voting_open = models.BooleanField(_("dot voting open"), default=False)
    voting_closed_at = models.DateTimeField(_("dot voting closed at"), null=True, blank=True)
    # On: phones show only the participant's own dots while voting is open (no room totals to follow), and the
    # totals appear when voting closes. The projector and staff screens always show them.
    hide_totals = models.BooleanField(_("hide the room's totals on phones until voting closes"), default=False)
    responses_open = models.BooleanField(_("responses to solutions open"), default=False)
    council_signup_open = models.BooleanField(_("council sign-up open"), default=False)
    breakout_seed = models.PositiveIntegerField(_("breakout seed"), default=1)
    # Off (the default): a phone needs a one-time ticket from check-in. On: anyone with the room code joins,
    # one ballot per device, for informal events where staff chose so (audited).
    open_room = models.BooleanField(_("open room: join with the room code alone"), default=False)
    # People counted at the door without a ticket (open room); compared with the ballots on the run page.
    door_count = models.PositiveIntegerField(_("people counted at the door"), default=0)
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_participant__gte=1) & Q(dots_per_participant__lte=20), name="forum_dots_range"
            ),
            models.CheckConstraint(condition=Q(top_k__gte=1) & Q(top_k__lte=20), name="forum_top_k_range"),
        ]

    def __str__(self) -> str:
        return str(self.program)


class Segment(BaseModel):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="segments")
    kind = models.CharField(_("segment"), max_length=20, choices=SegmentKind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    planned_start = models.TimeField(_("planned start"))
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "order"]
        verbose_name = _("agenda segment")
        verbose_name_plural = _("agenda segments")
        constraints = [
            models.UniqueConstraint(fields=["forum", "kind"], name="forum_segment_kind_unique"),
            models.UniqueConstraint(fields=["forum", "order"], name="forum_segment_order_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class GroundRule(BaseModel):
    """A ground rule shown to the room; anyone in the room may propose one, staff and facilitators edit."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="ground_rules")
    key = models.CharField(max_length=30, blank=True)  # a standard rule, shown in each reader's language
    text = models.CharField(_("ground rule"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    removed = models.BooleanField(default=False)
    proposed_by = models.ForeignKey("Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    client_token = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("ground rule")
        verbose_name_plural = _("ground rules")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "client_token"], condition=Q(client_token__isnull=False), name="forum_rule_token"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Participant(BaseModel):
    """A checked-in person, pseudonymous: a sector, a language and an optional display name."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, unique=True, default=new_participant_token)
    join_token = models.UUIDField(null=True, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.RESTRICT, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Open room: a keyed hash of the phone's signed device id (one ballot per device), never the id itself.
    device = models.CharField(max_length=64, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "join_token"], condition=Q(join_token__isnull=False), name="forum_participant_join"
            ),
            models.UniqueConstraint(
                fields=["forum", "invitation"], condition=Q(invitation__isnull=False), name="forum_invitee_once"
            ),
            models.UniqueConstraint(
                fields=["forum", "device"], condition=~Q(device=""), name="forum_one_ballot_per_device"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class Ticket(BaseModel):
    """A one-time check-in ticket: staff record the holder's sector (so law enforcement or community) and hand it
    over at the desk, on a badge or with an invitation; the first phone that joins with it holds the ballot."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="tickets")
    code = models.CharField(_("ticket code"), max_length=12, unique=True, default=new_ticket_code)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.RESTRICT, related_name="+")
    language = models.CharField(_("language"), max_length=10, blank=True)
    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.OneToOneField(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("check-in ticket")
        verbose_name_plural = _("check-in tickets")

    def __str__(self) -> str:
        return format_ticket_code(self.code)

    @property
    def display_code(self) -> str:
        return format_ticket_code(self.code)


class Breakout(BaseModel):
    """A breakout table: round 1 groups people of the same sector(s), round 2 mixes every sector."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="breakouts")
    round = models.PositiveSmallIntegerField(_("round"))
    number = models.PositiveSmallIntegerField(_("table number"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    facilitators = models.ManyToManyField(Facilitator, blank=True, related_name="forum_breakouts")
    members = models.ManyToManyField(Participant, through="BreakoutMember", related_name="breakouts")
    issues: models.ManyToManyField[Statement, Any] = models.ManyToManyField(
        "Statement", blank=True, related_name="solution_breakouts"
    )

    class Meta:
        ordering = ["forum", "round", "number"]
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        constraints = [
            models.UniqueConstraint(fields=["forum", "round", "number"], name="forum_breakout_number_unique"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="forum_breakout_round_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.round}-{self.number}"


class BreakoutMember(models.Model):
    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="memberships")
    round = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="forum_one_table_per_round"),
        ]


class StatementKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    ISSUE = "issue", _("Issue")


class Statement(BaseModel):
    """A strength or issue recorded at a round-1 table, kept in the language it was written in."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="statements")
    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=10, choices=StatementKind.choices)
    text = models.TextField(_("text"), max_length=500)
    language = models.CharField(_("language"), max_length=10)
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_token = models.UUIDField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sources"
    )
    removed = models.BooleanField(default=False)
    priority_rank = models.PositiveSmallIntegerField(_("priority rank"), null=True, blank=True)
    final_dots = models.PositiveIntegerField(_("dots"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "client_token"], condition=Q(client_token__isnull=False), name="forum_statement_token"
            ),
            models.CheckConstraint(condition=Q(kind__in=["strength", "issue"]), name="forum_statement_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def active(self) -> bool:
        return not self.removed and self.merged_into_id is None


class MergeDecision(BaseModel):
    """A conciliator's answer to a suggested cross-table duplicate cluster (rejections are not suggested again),
    or a merge chosen by hand; an accepted merge keeps what undoing it needs until the vote."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="merge_decisions")
    statement_ids = models.JSONField()
    accepted = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    manual = models.BooleanField(default=False)
    target = models.ForeignKey(Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    previous_text = models.TextField(blank=True)
    # Source id → the statements that had been merged into that source and were re-pointed to the target.
    moved = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge decision")
        verbose_name_plural = _("merge decisions")


class StatementVector(BaseModel):
    """A statement's sentence embedding (float32 bytes), made once after it is written, for duplicate suggestions.

    `text_hash` is the hash of the text it was made from: an edited statement's old vector is not used.
    """

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="vector")
    model = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()

    class Meta:
        verbose_name = _("statement vector")
        verbose_name_plural = _("statement vectors")


class DotBallot(BaseModel):
    """A participant's current dot allocation; a submission replaces it only if its revision is newer."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="ballots")
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="ballot")
    revision = models.PositiveBigIntegerField(default=0)
    client_token = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("dot ballot")
        verbose_name_plural = _("dot ballots")


class Dot(models.Model):
    """Dots one ballot puts on one issue (the tally is a SUM over these rows)."""

    ballot = models.ForeignKey(DotBallot, on_delete=models.CASCADE, related_name="dots")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="dots")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "statement"], name="forum_dot_once_per_issue"),
            models.CheckConstraint(condition=Q(count__gte=1), name="forum_dot_count_positive"),
        ]


class Solution(BaseModel):
    """A solution a round-2 table develops for a priority issue, with its action steps."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="solutions")
    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="solutions")
    issue = models.ForeignKey(Statement, verbose_name=_("priority issue"), on_delete=models.RESTRICT, related_name="+")
    text = models.TextField(_("solution"), max_length=800)
    language = models.CharField(_("language"), max_length=10)
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_token = models.UUIDField(null=True, blank=True)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "client_token"], condition=Q(client_token__isnull=False), name="forum_solution_token"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStep(BaseModel):
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("action step"), max_length=500)
    language = models.CharField(_("language"), max_length=10)
    who = models.CharField(_("who"), max_length=200, blank=True)
    by_when = models.CharField(_("by when"), max_length=100, blank=True)
    client_token = models.UUIDField(null=True, blank=True, unique=True)
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")

    def __str__(self) -> str:
        return self.text[:60]


class TranslationSource(models.TextChoices):
    HUMAN = "human", _("Person")
    MACHINE = "machine", _("Machine translation")


class TextTranslation(BaseModel):
    """What a participant wrote, in another language: typed on the translation desk or made by the machine
    translator. The original text and its language tag stay untouched on the statement, solution, step or rule.

    Exactly one of the four links is set; one translation per item and language (a new one replaces it).
    """

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="translations")
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, null=True, blank=True, related_name="translations")
    step = models.ForeignKey(ActionStep, on_delete=models.CASCADE, null=True, blank=True, related_name="translations")
    rule = models.ForeignKey(GroundRule, on_delete=models.CASCADE, null=True, blank=True, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("translation"), max_length=800)
    source = models.CharField(_("source"), max_length=10, choices=TranslationSource.choices)
    # The hash of the original it was made from: a translation of text since edited is shown as out of date.
    original_hash = models.CharField(max_length=64)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(statement__isnull=False, solution__isnull=True, step__isnull=True, rule__isnull=True)
                    | Q(statement__isnull=True, solution__isnull=False, step__isnull=True, rule__isnull=True)
                    | Q(statement__isnull=True, solution__isnull=True, step__isnull=False, rule__isnull=True)
                    | Q(statement__isnull=True, solution__isnull=True, step__isnull=True, rule__isnull=False)
                ),
                name="forum_translation_one_target",
            ),
            models.CheckConstraint(condition=Q(source__in=["human", "machine"]), name="forum_translation_source"),
            models.UniqueConstraint(
                fields=["statement", "language"], condition=Q(statement__isnull=False), name="forum_tr_statement"
            ),
            models.UniqueConstraint(
                fields=["solution", "language"], condition=Q(solution__isnull=False), name="forum_tr_solution"
            ),
            models.UniqueConstraint(fields=["step", "language"], condition=Q(step__isnull=False), name="forum_tr_step"),
            models.UniqueConstraint(fields=["rule", "language"], condition=Q(rule__isnull=False), name="forum_tr_rule"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def machine(self) -> bool:
        return self.source == TranslationSource.MACHINE


class ResponseValue(models.IntegerChoices):
    AGREE = 1, pgettext_lazy("response", "Agree")
    DISAGREE = -1, pgettext_lazy("response", "Disagree")
    PASS = 0, pgettext_lazy("response", "Pass")


class Response(BaseModel):
    """A participant's agree / disagree / pass on a solution; a newer revision replaces an older one."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="responses")
    value = models.SmallIntegerField(choices=ResponseValue.choices)
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["participant", "solution"], name="forum_one_response_per_solution"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="forum_response_value_valid"),
        ]


class CouncilVolunteer(BaseModel):
    """A participant who offers to serve on the SPCP council (contact details are for CRS staff only)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="council_volunteers")
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="council_volunteer")
    name = models.CharField(_("name"), max_length=150)
    contact = models.CharField(_("email or phone"), max_length=200)
    show_name = models.BooleanField(_("my name may be shown to the room if I am chosen"), default=False)
    representative = models.BooleanField(_("chosen as a sector representative"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("council volunteer")
        verbose_name_plural = _("council volunteers")

    def __str__(self) -> str:
        return self.name


class GuideFollowed(models.TextChoices):
    YES = "yes", _("Yes, in sequence")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class CouncilFormed(models.TextChoices):
    YES = "yes", pgettext_lazy("council formed", "Yes")
    NO = "no", pgettext_lazy("council formed", "No")
    UNSURE = "unsure", _("Not sure")


class FidelityLog(BaseModel):
    """A facilitator's report on their breakouts, due within 24 hours of the forum."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="fidelity_logs")
    facilitator = models.ForeignKey(Facilitator, verbose_name=_("facilitator"), on_delete=models.CASCADE)
    guide_followed = models.CharField(
        _("Did you follow the facilitator guide's sequence?"), max_length=10, choices=GuideFollowed.choices
    )
    deviations = models.TextField(_("Where and why you left the guide"), blank=True)
    hot_spots = models.BooleanField(_("There were hot spots that needed de-escalation"), default=False)
    hot_spot_notes = models.TextField(_("The hot spots and how they were handled"), blank=True)
    council_formed = models.CharField(_("Was a council formed?"), max_length=10, choices=CouncilFormed.choices)
    notes = models.TextField(_("Other notes"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["facilitator__name"]
        verbose_name = _("fidelity log")
        verbose_name_plural = _("fidelity logs")
        constraints = [
            models.UniqueConstraint(fields=["forum", "facilitator"], name="forum_one_fidelity_log"),
        ]

    def __str__(self) -> str:
        return str(self.facilitator)


class ForumEvent(models.Model):
    """A sequenced change to the room's shared state, kept so a reconnecting screen can catch up."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum", "seq"]
        constraints = [models.UniqueConstraint(fields=["forum", "seq"], name="forum_event_seq_unique")]
