"""Setting up a program's forum and running its agenda: segments, settings and ground rules."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.forum import events, machine_translation
from spcp.forum.models import (
    AgendaTemplateItem,
    DotBallot,
    Forum,
    GroundRule,
    Participant,
    Segment,
    SegmentKind,
    new_join_code,
)
from spcp.forum.selectors import issue_list
from spcp.forum.services._common import check_phone_write, check_running, emit, emit_forum
from spcp.forum.services.voting import voting_open
from spcp.programs.models import Program
from spcp.programs.services import audit_record

DAY_STARTS = datetime.time(9, 0)
RULE_MAX = 300
# Ground rules a phone may propose: a handful each, while the room sets them (the opening and ground rules).
RULES_PER_PHONE = 3
RULE_SEGMENTS = (SegmentKind.OPENING, SegmentKind.GROUND_RULES)
# The standard ground rules; each screen shows them in its own language (spcp/forum/rules_text.py).
STANDARD_RULES = ("listen", "own_voice", "respect", "confidential", "phones")
# Used when a program type has no agenda template of its own.
DEFAULT_AGENDA = (
    (SegmentKind.OPENING, 30),
    (SegmentKind.GROUND_RULES, 15),
    (SegmentKind.BREAKOUT_1, 90),
    (SegmentKind.REPORT_OUT_1, 45),
    (SegmentKind.DOT_VOTING, 30),
    (SegmentKind.BREAKOUT_2, 105),
    (SegmentKind.REPORT_OUT_2, 60),
    (SegmentKind.COUNCIL, 30),
)


def _agenda_for(program: Program) -> list[tuple[str, int]]:
    items = list(AgendaTemplateItem.objects.filter(program_type_id=program.program_type_id).order_by("order"))
    if items:
        return [(i.kind, i.minutes) for i in items]
    return [(str(kind), minutes) for kind, minutes in DEFAULT_AGENDA]


@transaction.atomic
def forum_setup(*, program: Program) -> Forum:
    """Create the program's forum with its agenda (from the program type's template) and standard ground rules.

    Idempotent: an existing forum is returned unchanged.
    """
    existing = Forum.objects.filter(program=program).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                forum = Forum.objects.create(program=program, join_code=new_join_code())
            break
        except IntegrityError:  # join code collision (or a concurrent set-up): try again
            existing = Forum.objects.filter(program=program).first()
            if existing is not None:
                return existing
    else:
        raise RuntimeError("could not allocate a join code")
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), DAY_STARTS)
    for order, (kind, minutes) in enumerate(_agenda_for(program), start=1):
        Segment.objects.create(forum=forum, kind=kind, order=order, planned_start=start.time(), planned_minutes=minutes)
        start += datetime.timedelta(minutes=minutes)
    GroundRule.objects.bulk_create(
        GroundRule(forum=forum, key=key, language="", order=i) for i, key in enumerate(STANDARD_RULES, start=1)
    )
    # The first event: every snapshot has seq ≥ 1, so a screen's seq 0 always means "no state yet".
    emit_forum(forum)
    return forum


@transaction.atomic
def segment_start(*, forum: Forum, segment: Segment, actor: User) -> Segment:
    """Make `segment` the room's current segment (ending the one before); every screen follows at once."""
    if segment.forum_id != forum.pk:
        raise ValidationError(_("That segment belongs to another forum."))
    check_running(forum)
    now = timezone.now()
    previous = forum.current_segment
    if previous is not None and previous.pk != segment.pk:
        previous.ended_at = now
        previous.save(update_fields=["ended_at", "updated_at"])
        emit(forum, "put", "segments", events.segment_data(previous), id=previous.pk)
    segment.started_at = segment.started_at or now
    segment.ended_at = None
    segment.save(update_fields=["started_at", "ended_at", "updated_at"])
    Forum.objects.filter(pk=forum.pk).update(current_segment=segment)
    forum.current_segment = segment
    emit(forum, "put", "segments", events.segment_data(segment), id=segment.pk)
    emit_forum(forum)
    audit_record(actor=actor, program=forum.program, action="forum.segment_started", target=segment)
    if segment.kind == SegmentKind.DOT_VOTING and _voting_can_open(forum):
        # Starting the segment is the moment the room votes: one button, not a second "open" on another page.
        voting_open(forum=forum, actor=actor)
    return segment


def _voting_can_open(forum: Forum) -> bool:
    forum.refresh_from_db(fields=["voting_open", "voting_closed_at"])
    return not forum.voting_open and forum.voting_closed_at is None and bool(issue_list(forum=forum))


@transaction.atomic
def day_end(*, forum: Forum, actor: User) -> Segment:
    """End the last segment: the day is over (the facilitators' 24 hours for their fidelity logs start now)."""
    check_running(forum)
    segment = forum.current_segment
    if segment is None or segment_next(forum) is not None:
        raise ValidationError(_("The day ends after its last segment has started."))
    if segment.ended_at is None:
        segment.ended_at = timezone.now()
        segment.save(update_fields=["ended_at", "updated_at"])
        emit(forum, "put", "segments", events.segment_data(segment), id=segment.pk)
        # Nothing stays open on the phones: they show the closing screen (with the feedback survey) instead.
        Forum.objects.filter(pk=forum.pk).update(voting_open=False, responses_open=False, council_signup_open=False)
        forum.voting_open = forum.responses_open = forum.council_signup_open = False
        emit_forum(forum)
        audit_record(actor=actor, program=forum.program, action="forum.day_ended", target=segment)
    return segment


def segment_next(forum: Forum) -> Segment | None:
    """The segment after the current one (the first when the day has not started)."""
    segments = list(forum.segments.order_by("order"))
    if forum.current_segment_id is None:
        return segments[0] if segments else None
    for index, seg in enumerate(segments):
        if seg.pk == forum.current_segment_id:
            return segments[index + 1] if index + 1 < len(segments) else None
    return None


@transaction.atomic
def segment_plan_update(
    *, segment: Segment, planned_start: datetime.time, planned_minutes: int, actor: User
) -> Segment:
    """Change a segment's planned start and length."""
    if not 1 <= planned_minutes <= 600:
        raise ValidationError({"planned_minutes": _("Enter a length between 1 and 600 minutes.")})
    segment.planned_start = planned_start
    segment.planned_minutes = planned_minutes
    segment.save(update_fields=["planned_start", "planned_minutes", "updated_at"])
    emit(segment.forum, "put", "segments", events.segment_data(segment), id=segment.pk)
    audit_record(actor=actor, program=segment.forum.program, action="forum.segment_planned", target=segment)
    return segment


@transaction.atomic
def forum_settings_update(
    *, forum: Forum, actor: User, dots: int, allow_stacking: bool, top_k: int, hide_totals: bool | None = None
) -> Forum:
    """Set the voting rules; the number of dots and stacking are fixed once anyone has voted.

    `hide_totals` (None: unchanged) keeps the room's totals off the phones until voting closes.
    """
    errors: dict[str, str] = {}
    if not 1 <= dots <= 20:
        errors["dots_per_participant"] = _("Give each participant between 1 and 20 dots.")
    if not 1 <= top_k <= 20:
        errors["top_k"] = _("Choose between 1 and 20 priority issues.")
    voted = DotBallot.objects.filter(forum=forum, dots__isnull=False).exists()
    if voted and (dots != forum.dots_per_participant or allow_stacking != forum.allow_stacking):
        errors["dots_per_participant"] = _(
            "People have already placed dots, so the number of dots and the stacking rule can no longer change."
        )
    if errors:
        raise ValidationError(errors)
    hide = forum.hide_totals if hide_totals is None else hide_totals
    before = {
        "dots": forum.dots_per_participant,
        "stacking": forum.allow_stacking,
        "top_k": forum.top_k,
        "hide_totals": forum.hide_totals,
    }
    forum.dots_per_participant, forum.allow_stacking, forum.top_k = dots, allow_stacking, top_k
    forum.hide_totals = hide
    forum.save(update_fields=["dots_per_participant", "allow_stacking", "top_k", "hide_totals", "updated_at"])
    emit_forum(forum)
    after = {"dots": dots, "stacking": allow_stacking, "top_k": top_k, "hide_totals": hide}
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    audit_record(actor=actor, program=forum.program, action="forum.settings_changed", target=forum, changes=changes)
    return forum


def _clean_rule(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the ground rule.")})
    if len(text) > RULE_MAX:
        raise ValidationError({"text": _("Keep a ground rule under %(max)d characters.") % {"max": RULE_MAX}})
    return text


@transaction.atomic
def ground_rule_add(
    *,
    forum: Forum,
    text: str,
    language: str,
    client_token: uuid.UUID | None = None,
    participant: Participant | None = None,
    actor: User | None = None,
) -> GroundRule:
    """Add a ground rule proposed by someone in the room (a retry with the same client token adds nothing)."""
    if client_token is not None:
        found = GroundRule.objects.filter(forum=forum, client_token=client_token).first()
        if found is not None:
            return found
    if participant is not None:
        check_phone_write(
            participant,
            segments=RULE_SEGMENTS,
            closed=_("The room has set its ground rules. Suggest a change to your facilitator."),
        )
        if GroundRule.objects.filter(forum=forum, proposed_by=participant).count() >= RULES_PER_PHONE:
            raise ValidationError(
                {
                    "text": _(
                        "This phone has proposed %(max)d ground rules, the most one phone may propose. Suggest "
                        "more aloud."
                    )
                    % {"max": RULES_PER_PHONE}
                }
            )
    text = _clean_rule(text)
    order = (forum.ground_rules.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    rule = GroundRule.objects.create(
        forum=forum, text=text, language=language, order=order, proposed_by=participant, client_token=client_token
    )
    emit(forum, "put", "rules", events.rule_data(rule), id=rule.pk)
    machine_translation.translate_later([forum])
    if actor is not None:
        audit_record(actor=actor, program=forum.program, action="forum.rule_added", target=rule)
    return rule


@transaction.atomic
def ground_rule_update(*, rule: GroundRule, text: str, language: str, actor: User) -> GroundRule:
    """Reword a ground rule as the room agreed (a standard rule becomes the room's own wording)."""
    check_running(rule.forum)
    old = rule.text
    rule.text = _clean_rule(text)
    rule.language = language
    rule.key = ""
    rule.save(update_fields=["text", "language", "key", "updated_at"])
    emit(rule.forum, "put", "rules", events.rule_data(rule), id=rule.pk)
    machine_translation.translate_later([rule.forum])
    audit_record(
        actor=actor,
        program=rule.forum.program,
        action="forum.rule_changed",
        target=rule,
        changes={"text": (old, rule.text)},
    )
    return rule


@transaction.atomic
def ground_rule_remove(*, rule: GroundRule, actor: User) -> None:
    """Take a ground rule off the list (kept in the database for the record)."""
    check_running(rule.forum)
    rule.removed = True
    rule.save(update_fields=["removed", "updated_at"])
    emit(rule.forum, "del", "rules", id=rule.pk)
    audit_record(actor=actor, program=rule.forum.program, action="forum.rule_removed", target=rule)
