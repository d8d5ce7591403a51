"""Writes of the council: members, meetings and their agenda, minutes and decisions, progress, reminders.

Every write checks the council.manage feature (except progress reminders, which run whenever a step is due),
validates, and writes its audit entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.actionplan.models import ActionItem, ActionStep, StepStatus
from spcp.council import ics, phases, selectors
from spcp.council.models import (
    AgendaItem,
    AgendaReason,
    Attendance,
    CouncilMember,
    CouncilRole,
    Decision,
    Handover,
    Meeting,
    MeetingStatus,
    MemberKind,
    ProgressUpdate,
    Reminder,
    ReminderKind,
)
from spcp.forum import selectors as forum_selectors
from spcp.planning.models import Sector
from spcp.programs.models import MembershipRole, Program, ProgramMembership
from spcp.programs.services import apply_changes, audit_record, membership_add, membership_remove

DUE_SOON_DAYS = 7
AGENDA_HORIZON_DAYS = 31


class CouncilLocked(Exception):
    """The program's phase does not enable council.manage."""


def _require_editable(program: Program) -> None:
    if not phases.council_editable(program):
        raise CouncilLocked(phases.locked_reason(program))


# ---- members ------------------------------------------------------------------------------------------------


def _validate_member(program: Program, fields: dict[str, Any], member_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not str(fields.get("name") or "").strip():
        errors["name"] = _("Enter the member's name.")
    start, end = fields.get("term_start"), fields.get("term_end")
    if start and end and end < start:
        errors["term_end"] = _("The term cannot end before it starts.")
    if fields.get("role") == CouncilRole.CHAIR and fields.get("active", True):
        chair = selectors.active_chair(program=program, exclude_id=member_id)
        if chair is not None:
            errors["role"] = _("%(name)s is already the council's chair. Change their role first.") % {
                "name": chair.name
            }
    sector = fields.get("sector")
    if sector is not None and sector.program_id != program.pk:
        errors["sector"] = _("Choose a sector of this program.")
    if errors:
        raise ValidationError(errors)


def _link_account(actor: User, program: Program, account: User | None) -> None:
    if account is not None:
        membership_add(actor=actor, program=program, user=account, role=MembershipRole.COUNCIL_MEMBER)


def _unlink_account(actor: User, program: Program, account: User) -> None:
    """An account no longer linked to any seat of this council loses its council access to the program."""
    if CouncilMember.objects.filter(program=program, user=account).exists():
        return
    for membership in ProgramMembership.objects.filter(
        program=program, user=account, role=MembershipRole.COUNCIL_MEMBER
    ):
        membership_remove(actor=actor, membership=membership)


@transaction.atomic
def member_add(*, actor: User, program: Program, user: User | None = None, **fields: Any) -> CouncilMember:
    """Give someone a seat on the council; a linked account becomes a council member of the program."""
    _require_editable(program)
    _validate_member(program, fields, None)
    member = CouncilMember(program=program, user=user, **fields)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"role": _("This council already has an active chair.")}) from None
    _link_account(actor, program, user)
    audit_record(actor=actor, program=program, action="council.member_added", target=member)
    return member


@transaction.atomic
def member_update(*, actor: User, member: CouncilMember, **fields: Any) -> CouncilMember:
    """Change a seat's details (term, role, activity, and the linked account when `user` is given: None unlinks).
    Fields not named keep their values."""
    program = member.program
    _require_editable(program)
    current = {name: getattr(member, name) for name in ("name", "role", "active", "term_start", "term_end", "sector")}
    _validate_member(program, {**current, **fields}, member.pk)
    user = fields.get("user", member.user)
    changed = apply_changes(member, fields)
    if changed:
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise ValidationError({"role": _("This council already has an active chair.")}) from None
        _link_account(actor, program, user)
        previous = changed.get("user", (None, None))[0]
        if previous is not None:
            _unlink_account(actor, program, previous)
        audit_record(
            actor=actor,
            program=program,
            action="council.member_updated",
            target=member,
            changes={k: v for k, v in changed.items() if k not in ("email", "phone", "user")},
        )
    return member


@transaction.atomic
def members_import(*, actor: User, program: Program) -> list[CouncilMember]:
    """Seat the forum's council volunteers and sector representatives; each sign-up is imported once."""
    _require_editable(program)
    forum = forum_selectors.forum_get(program=program)
    if forum is None:
        return []
    done = selectors.imported_volunteer_ids(program=program)
    created: list[CouncilMember] = []
    for volunteer in forum_selectors.council_volunteers(forum=forum):
        if volunteer.pk in done:
            continue
        contact = volunteer.contact.strip()
        sector: Sector | None = getattr(volunteer.participant, "sector", None)
        member = CouncilMember(
            program=program,
            name=volunteer.name,
            email=contact if "@" in contact else "",
            phone="" if "@" in contact else contact[:40],
            sector=sector,
            kind=MemberKind.REPRESENTATIVE if volunteer.representative else MemberKind.VOLUNTEER,
            source_volunteer_id=volunteer.pk,
        )
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:  # imported at the same moment by another request
            continue
        created.append(member)
    if created:
        audit_record(
            actor=actor, program=program, action="council.members_imported", changes={"count": (0, len(created))}
        )
    return created


# ---- hand-over ----------------------------------------------------------------------------------------------


@transaction.atomic
def council_hand_over(*, actor: User, program: Program) -> Handover:
    """Hand the council to its officers: they run it from now on, staff keep read access and the reminders.
    Needs an active chair or secretary with a linked account, or nobody could run it."""
    _require_editable(program)
    existing = selectors.handover_get(program=program)
    if existing is not None:
        return existing
    if not selectors.officers_with_accounts(program=program):
        raise ValidationError(
            _(
                "Give the council a chair or a secretary with a sign-in account first: "
                "once it is handed over, they run it."
            )
        )
    handover = Handover.objects.create(program=program, handed_over_by=actor)
    program._council_handed_over = True  # type: ignore[attr-defined]  # the rules' memo on this instance
    audit_record(actor=actor, program=program, action="council.handed_over", target=handover)
    return handover


@transaction.atomic
def council_take_back(*, actor: User, program: Program) -> None:
    """Program staff take the council back (e.g. its officers stepped down): staff run it again."""
    _require_editable(program)
    handover = selectors.handover_get(program=program)
    if handover is None:
        return
    audit_record(actor=actor, program=program, action="council.taken_back", target=handover)
    handover.delete()
    program._council_handed_over = False  # type: ignore[attr-defined]  # the rules' memo on this instance


# ---- meetings -----------------------------------------------------------------------------------------------


def _validate_meeting(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(fields.get("title") or "").strip():
        errors["title"] = _("Enter a title for the meeting.")
    start, end = fields.get("starts_at"), fields.get("ends_at")
    if start and end and end <= start:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    program: Program,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
) -> Meeting:
    """Schedule a council meeting."""
    _require_editable(program)
    fields: dict[str, Any] = {
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location,
        "online_url": online_url,
    }
    _validate_meeting(fields)
    meeting = Meeting.objects.create(program=program, **fields)
    audit_record(actor=actor, program=program, action="council.meeting_scheduled", target=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting; each real change bumps its sequence so calendars replace the old invitation."""
    _require_editable(meeting.program)
    _validate_meeting({"title": meeting.title, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, **fields})
    changed = apply_changes(meeting, fields)
    if changed:
        meeting.sequence += 1
        meeting.save()
        audit_record(
            actor=actor, program=meeting.program, action="council.meeting_updated", target=meeting, changes=changed
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Cancel a scheduled meeting (its calendar entries become cancelled)."""
    _require_editable(meeting.program)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("This meeting has been held and cannot be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(actor=actor, program=meeting.program, action="council.meeting_cancelled", target=meeting)
    if meeting.invited_at is not None:
        # Calendars that took the invitation remove the meeting when they get the same UID with METHOD:CANCEL.
        program = meeting.program

        def compose() -> tuple[str, str]:
            subject = _("Cancelled: %(title)s") % {"title": meeting.title}
            body = _(
                "The SPCP council meeting “%(title)s” of %(program)s, planned for %(start)s (%(zone)s), "
                "is cancelled.\n\nThe attached calendar update removes it from your calendar."
            ) % {"title": meeting.title, "program": program.title, **_local_times(meeting)}
            return subject, body

        _email_calendar(meeting, "CANCEL", compose)
    return meeting


def _email_calendar(meeting: Meeting, method: str, compose: Callable[[], tuple[str, str]]) -> int:
    """Email each active member with an address the meeting as .ics with `method`; one message per member,
    listing only that member as attendee, so no one sees the others' addresses. `compose` returns the subject
    and body; it runs in each member's language."""
    members = selectors.members_with_email(program=meeting.program)
    for member in members:
        with translation.override(selectors.member_language(member=member)):
            subject, body = compose()
        message = EmailMessage(subject=subject, body=body, to=[member.email])
        message.attach(
            "invite.ics",
            ics.meeting_ics(meeting, method=method, attendees=[(member.name, member.email)]),
            f"text/calendar; method={method}; charset=utf-8",
        )
        message.send()
    return len(members)


def _local_times(meeting: Meeting) -> dict[str, str]:
    """A meeting's start and end in its program's time zone, in the active language's format, for emails
    (calendars get UTC in the .ics)."""
    tz = meeting.program.tz
    start, end = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
    return {
        "start": formats.date_format(start, "DATETIME_FORMAT"),
        "end": formats.date_format(end, "DATETIME_FORMAT"),
        "zone": start.tzname() or "",
    }


def _site_url(path: str) -> str:
    return f"{settings.SPCP_SITE_URL}{path}"


@transaction.atomic
def meeting_invite(*, actor: User, meeting: Meeting) -> int:
    """Email each active member who has an email address the meeting's invitation (.ics, METHOD:REQUEST).

    One message per member, listing only that member as attendee, so no one sees the others' addresses.
    """
    program = meeting.program
    _require_editable(program)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be sent as an invitation."))
    link = _site_url(reverse("council:meeting", kwargs={"program_id": program.pk, "council_meeting_id": meeting.pk}))

    def compose() -> tuple[str, str]:
        subject = _("Invitation: %(title)s") % {"title": meeting.title}
        body = _(
            "You are invited to the SPCP council meeting “%(title)s” of %(program)s.\n\n"
            "Starts: %(start)s (%(zone)s)\nEnds: %(end)s (%(zone)s)\nLocation: %(location)s\n\n"
            "The calendar invitation is attached. Details: %(link)s"
        ) % {
            "title": meeting.title,
            "program": program.title,
            **_local_times(meeting),
            "location": meeting.location or meeting.online_url or "—",
            "link": link,
        }
        return subject, body

    sent = _email_calendar(meeting, "REQUEST", compose)
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now())
    audit_record(
        actor=actor, program=program, action="council.invitations_sent", target=meeting, changes={"sent": (0, sent)}
    )
    return sent


# ---- agenda -------------------------------------------------------------------------------------------------


def _next_order(meeting: Meeting) -> int:
    current = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"]
    return 0 if current is None else current + 1


@transaction.atomic
def meeting_agenda_build(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Add the plan's overdue steps, steps due before the next meeting (or within 31 days) and steps changed
    since the previous held meeting to the agenda. Steps already on the agenda are not added again."""
    program = meeting.program
    _require_editable(program)
    plan = selectors.plan_for(program=program)
    if plan is None:
        return []
    day = meeting.starts_at.date()
    following = selectors.next_meeting_after(meeting=meeting)
    horizon = following.starts_at.date() if following is not None else day + timedelta(days=AGENDA_HORIZON_DAYS)
    wanted: dict[int, tuple[ActionStep, AgendaReason]] = {}
    for step in selectors.steps_for_agenda(plan=plan, before=horizon):
        reason = AgendaReason.OVERDUE if step.due_date is not None and step.due_date < day else AgendaReason.DUE
        wanted.setdefault(step.pk, (step, reason))
    previous = selectors.previous_held_meeting(meeting=meeting)
    if previous is not None:
        changed = selectors.steps_changed_since(plan=plan, since=previous.starts_at)
        for step in selectors.plan_steps(plan=plan).filter(pk__in=changed):
            wanted.setdefault(step.pk, (step, AgendaReason.CHANGED))
    on_agenda = set(AgendaItem.objects.filter(meeting=meeting, step__isnull=False).values_list("step_id", flat=True))
    order = _next_order(meeting)
    added: list[AgendaItem] = []
    for step, reason in wanted.values():
        if step.pk in on_agenda:
            continue
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title=step.description[:300],
                reason=reason,
                step=step,
                action_item_id=step.item_id,
            )
        )
        order += 1
    audit_record(
        actor=actor, program=program, action="council.agenda_built", target=meeting, changes={"added": (0, len(added))}
    )
    return added


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, title: str) -> AgendaItem:
    """Add an item of other business to the agenda."""
    _require_editable(meeting.program)
    if not title.strip():
        raise ValidationError({"title": _("Enter the agenda item.")})
    item = AgendaItem.objects.create(
        meeting=meeting, order=_next_order(meeting), title=title.strip()[:300], reason=AgendaReason.OTHER
    )
    audit_record(actor=actor, program=meeting.program, action="council.agenda_changed", target=item)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap an agenda item with its neighbour above or below (then renumber the agenda 0, 1, 2…)."""
    meeting = item.meeting
    _require_editable(meeting.program)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"))
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items):
        if agenda_item.order != position:
            agenda_item.order = position
            agenda_item.save(update_fields=["order", "updated_at"])
    audit_record(actor=actor, program=meeting.program, action="council.agenda_changed", target=item)


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    _require_editable(item.meeting.program)
    audit_record(actor=actor, program=item.meeting.program, action="council.agenda_changed", target=item)
    item.delete()


# ---- minutes, attendance, decisions -------------------------------------------------------------------------


@transaction.atomic
def meeting_minutes_record(
    *,
    actor: User,
    meeting: Meeting,
    minutes: str,
    minutes_language: str,
    present: Iterable[CouncilMember],
    held: bool,
) -> Meeting:
    """Record the minutes (as written, with their language), who was present, and whether the meeting was held."""
    program = meeting.program
    _require_editable(program)
    if held and meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"held": _("A cancelled meeting cannot be marked as held.")})
    if held and meeting.status != MeetingStatus.HELD and meeting.starts_at > timezone.now():
        start = timezone.localtime(meeting.starts_at, program.tz)
        raise ValidationError(
            {
                "held": _(
                    "This meeting starts on %(start)s, so it cannot be marked as held yet. "
                    "Untick “held” to save the minutes and attendance as a draft."
                )
                % {"start": formats.date_format(start, "DATETIME_FORMAT")}
            }
        )
    if minutes.strip() and not minutes_language:
        raise ValidationError({"minutes_language": _("Choose the language the minutes are written in.")})
    present_ids = {m.pk for m in present}
    for member in selectors.active_members(program=program):
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"present": member.pk in present_ids}
        )
    changes = apply_changes(meeting, {"minutes": minutes, "minutes_language": minutes_language if minutes else ""})
    if held and meeting.status != MeetingStatus.HELD:
        changes["status"] = (meeting.status, MeetingStatus.HELD)
        meeting.status = MeetingStatus.HELD
    meeting.save()
    audit_record(
        actor=actor,
        program=program,
        action="council.minutes_recorded",
        target=meeting,
        changes={k: v for k, v in changes.items() if k != "minutes"},
    )
    return meeting


@transaction.atomic
def decision_add(
    *, actor: User, meeting: Meeting, text: str, language: str, action_item: ActionItem | None = None
) -> Decision:
    """Record a decision the council took (as written, with its language), optionally about an action item."""
    _require_editable(meeting.program)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Enter the decision.")
    if not language:
        errors["language"] = _("Choose the language the decision is written in.")
    if action_item is not None and action_item.plan.program_id != meeting.program_id:
        errors["action_item"] = _("Choose an action item of this program's plan.")
    if errors:
        raise ValidationError(errors)
    order = (Decision.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0) + 1
    decision = Decision.objects.create(
        meeting=meeting, order=order, text=text.strip(), language=language, action_item=action_item
    )
    audit_record(actor=actor, program=meeting.program, action="council.decision_added", target=decision)
    return decision


# ---- progress -----------------------------------------------------------------------------------------------


def _step_sync(step: ActionStep) -> None:
    """Set the step's status and percent from its latest update (by date, then by id)."""
    latest = selectors.latest_update(step=step)
    if latest is None:
        return
    if (step.status, step.percent) != (latest.status, latest.percent):
        step.status = latest.status
        step.percent = latest.percent
        step.save(update_fields=["status", "percent", "updated_at"])


@transaction.atomic
def progress_report(
    *,
    actor: User,
    step: ActionStep,
    date: date,
    status: str,
    percent: int,
    note: str = "",
    language: str = "",
    evidence_url: str = "",
    client_token: uuid.UUID | None = None,
) -> tuple[ProgressUpdate, bool]:
    """Record a dated progress update on a step; a retry with the same client_token returns the first update
    (and False). The step then shows its latest update's status and percent."""
    program = step.item.plan.program
    _require_editable(program)
    if client_token is not None:
        existing = selectors.update_by_token(step=step, client_token=client_token)
        if existing is not None:
            return existing, False
    errors: dict[str, str] = {}
    if status not in StepStatus.values:
        errors["status"] = _("Choose a status.")
    if not 0 <= percent <= 100:
        errors["percent"] = _("Enter a percentage from 0 to 100.")
    if date > timezone.now().date() + timedelta(days=1):
        errors["date"] = _("The date of an update cannot be in the future.")
    if note.strip() and not language:
        errors["language"] = _("Choose the language the note is written in.")
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(
        step=step,
        date=date,
        status=status,
        percent=percent,
        note=note.strip(),
        language=language if note.strip() else "",
        evidence_url=evidence_url,
        author=actor,
        client_token=client_token,
    )
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:  # the same form submitted twice at once: the first one stands
        found = selectors.update_by_token(step=step, client_token=client_token)
        if found is None:
            raise
        return found, False
    _step_sync(step)
    audit_record(
        actor=actor,
        program=program,
        action="council.progress_reported",
        target=step,
        changes={"status": ("", status), "percent": (None, percent)},
    )
    return update, True


# ---- reminders ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderPlan:
    step: ActionStep
    kind: str
    recipient: str
    language: str


@dataclass
class ReminderSummary:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def mask_email(address: str) -> str:
    """a…@example.org: enough to tell addresses apart in a log without printing them."""
    local, _sep, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


# How long an unsent reminder row may wait before it is taken for a run that died between claiming and sending
# (a send takes seconds; a run still sending after an hour would at worst send that one reminder twice).
STALE_CLAIM = timedelta(hours=1)


def reminders_due(*, today: date) -> list[ReminderPlan]:
    """The reminders today calls for: steps due within 7 days, and steps past due, that are not done/dropped."""
    planned: list[ReminderPlan] = []
    for step in selectors.open_steps_with_due_date():
        assert step.due_date is not None
        if step.due_date < today:
            kind = ReminderKind.OVERDUE
        elif step.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            kind = ReminderKind.DUE_SOON
        else:
            continue
        program = step.item.plan.program
        conciliator = program.conciliator
        recipient = step.responsible_email or (conciliator.email if conciliator is not None else "")
        if recipient:
            language = selectors.email_language(program=program, email=recipient)
            planned.append(ReminderPlan(step=step, kind=kind, recipient=recipient, language=language))
    return planned


def _reminder_message(plan: ReminderPlan) -> EmailMessage:
    step = plan.step
    program = step.item.plan.program
    with translation.override(plan.language):
        link = _site_url(reverse("council:step", kwargs={"program_id": program.pk, "plan_step_id": step.pk}))
        values = {
            "step": step.description,
            "item": step.item.title,
            "due": formats.date_format(step.due_date, "DATE_FORMAT") if step.due_date else "",
            "program": program.title,
            "link": link,
        }
        if plan.kind == ReminderKind.OVERDUE:
            subject = _("Overdue action step: %(program)s") % values
            body = (
                _(
                    "This action step of the %(program)s action plan was due on %(due)s and is not done yet.\n\n"
                    "Action step: %(step)s\nAction item: %(item)s\nDue date: %(due)s\n\n"
                    "Please report its progress: %(link)s"
                )
                % values
            )
        else:
            subject = _("Action step due soon: %(program)s") % values
            body = (
                _(
                    "This action step of the %(program)s action plan is due on %(due)s.\n\n"
                    "Action step: %(step)s\nAction item: %(item)s\nDue date: %(due)s\n\n"
                    "Please report its progress: %(link)s"
                )
                % values
            )
    return EmailMessage(subject=subject, body=body, to=[plan.recipient])


def reminders_send(*, today: date, dry_run: bool, log: Callable[[str], None]) -> ReminderSummary:
    """Send each due reminder once. The Reminder row is inserted first (its unique key decides between
    concurrent runs), then the email is sent and the row stamped; a failed send deletes the row to retry.
    A row left unstamped for an hour belongs to a run that died mid-send: it is cleared and retried."""
    if not dry_run:
        Reminder.objects.filter(sent_at__isnull=True, created_at__lt=timezone.now() - STALE_CLAIM).delete()
    planned = reminders_due(today=today)
    summary = ReminderSummary(due=len(planned))
    for index, plan in enumerate(planned, start=1):
        prefix = f"[{index}/{len(planned)}] {plan.kind} → {mask_email(plan.recipient)} (step {plan.step.pk})"
        if dry_run:
            log(f"{prefix}: would send")
            continue
        assert plan.step.due_date is not None
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    step=plan.step, kind=plan.kind, due_date=plan.step.due_date, recipient=plan.recipient
                )
        except IntegrityError:
            summary.skipped += 1
            log(f"{prefix}: already sent")
            continue
        try:
            _reminder_message(plan).send()
        except Exception as exc:  # noqa: BLE001  any transport failure: forget the row so the next run retries
            reminder.delete()
            summary.failed += 1
            log(f"{prefix}: failed ({type(exc).__name__}), will retry")
            continue
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        summary.sent += 1
        log(f"{prefix}: sent")
    return summary
