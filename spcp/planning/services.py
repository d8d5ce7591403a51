"""Writes to the planning group's records. Each service is atomic, validates first, and writes its audit entry.

Public services refuse to write unless the program's phase enables `planning.edit` (views and the API check
the same rule first, so users see why; this is the backstop). Seeding on program creation is the exception.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spcp.accounts.models import User
from spcp.planning.models import (
    LAW_ENFORCEMENT_NAME,
    PROGRAM_CHECKLIST,
    ChecklistKey,
    Invitation,
    Meeting,
    MemberRole,
    PlanningMember,
    Rsvp,
    Sector,
    Side,
    Task,
    TaskCategory,
    TaskStatus,
)
from spcp.planning.phases import EDIT_FEATURE
from spcp.planning.selectors import PlanningLocked
from spcp.programs import phases
from spcp.programs.models import Language, MembershipRole, Program, ProgramMembership
from spcp.programs.services import apply_changes, audit_record, membership_add, membership_remove

SECTOR_NAME_MAX = 100  # Sector.name
TASK_TITLE_MAX = 200  # Task.title

AUDIT_LABELS: dict[str, Promise] = {
    "planning.seeded": gettext_lazy("Planning checklist and law-enforcement sector set up"),
    "planning.sector_created": gettext_lazy("Sector added"),
    "planning.sector_updated": gettext_lazy("Sector renamed"),
    "planning.member_added": gettext_lazy("Planning-group member added"),
    "planning.member_updated": gettext_lazy("Planning-group member changed"),
    "planning.task_created": gettext_lazy("Task added"),
    "planning.task_updated": gettext_lazy("Task changed"),
    "planning.meeting_created": gettext_lazy("Planning meeting added"),
    "planning.meeting_updated": gettext_lazy("Planning meeting changed"),
    "planning.invitation_created": gettext_lazy("Invitation added"),
    "planning.invitation_updated": gettext_lazy("Invitation changed"),
    "planning.invitation_rsvp": gettext_lazy("RSVP recorded"),
}


def _ensure_editable(program: Program) -> None:
    if not phases.feature_enabled(program, EDIT_FEATURE):
        raise PlanningLocked(program)


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


def _check_email(errors: dict[str, str], email: str) -> None:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")


def _check_same_program(errors: dict[str, str], field: str, program: Program, obj: Any) -> None:
    if obj is not None and obj.program_id != program.pk:
        errors[field] = _("Choose one of the listed options.")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


# --- seeding ---------------------------------------------------------------------------------------------


def _invitations_task_create(sector: Sector) -> Task:
    return Task.objects.create(
        program=sector.program, key=ChecklistKey.INVITATIONS, category=TaskCategory.OUTREACH, sector=sector
    )


@transaction.atomic
def planning_seed(*, program: Program) -> None:
    """Give a new program its law-enforcement sector and the checklist (idempotent; runs on program creation)."""
    created = False
    sector = Sector.objects.filter(program=program, kind=Side.LAW_ENFORCEMENT).first()
    if sector is None:
        sector = Sector.objects.create(program=program, name=LAW_ENFORCEMENT_NAME, kind=Side.LAW_ENFORCEMENT, order=0)
        created = True
    existing = set(Task.objects.filter(program=program).exclude(key="").values_list("key", flat=True))
    missing = [
        Task(program=program, key=key, category=category) for key, category in PROGRAM_CHECKLIST if key not in existing
    ]
    if missing:
        Task.objects.bulk_create(missing)
        created = True
    if not Task.objects.filter(program=program, key=ChecklistKey.INVITATIONS, sector=sector).exists():
        _invitations_task_create(sector)
        created = True
    if created:
        audit_record(actor=None, program=program, action="planning.seeded", target=program)


def on_program_created(program: Program) -> None:
    planning_seed(program=program)


# --- sectors ---------------------------------------------------------------------------------------------


def _check_sector_name(errors: dict[str, str], program: Program, name: str, exclude_pk: int | None = None) -> None:
    if not name:
        errors["name"] = _("Enter the sector's name.")
        return
    if len(name) > SECTOR_NAME_MAX:
        errors["name"] = _("This text is too long.")
        return
    reserved = {LAW_ENFORCEMENT_NAME.casefold(), _("Law enforcement").casefold()}
    if name.casefold() in reserved:
        errors["name"] = _("Law enforcement is already a sector of every program.")
        return
    clash = Sector.objects.filter(program=program, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors["name"] = _("This program already has a sector with this name.")


@transaction.atomic
def sector_create(*, actor: User, program: Program, name: str) -> Sector:
    """Add a community sector to the program, with its "Invitations" checklist task."""
    _ensure_editable(program)
    name = _clean_text(name)
    errors: dict[str, str] = {}
    _check_sector_name(errors, program, name)
    _raise(errors)
    order = (Sector.objects.filter(program=program).aggregate(top=Max("order"))["top"] or 0) + 1
    sector = Sector(program=program, name=name, kind=Side.COMMUNITY, order=order)
    sector.full_clean()
    sector.save()
    _invitations_task_create(sector)
    audit_record(actor=actor, program=program, action="planning.sector_created", target=sector)
    return sector


@transaction.atomic
def sector_update(*, actor: User, sector: Sector, name: str) -> Sector:
    """Rename a community sector (the law-enforcement sector's name is fixed and shown translated)."""
    _ensure_editable(sector.program)
    name = _clean_text(name)
    errors: dict[str, str] = {}
    if sector.is_law_enforcement:
        errors["name"] = _("The law-enforcement sector cannot be renamed.")
    else:
        _check_sector_name(errors, sector.program, name, exclude_pk=sector.pk)
    _raise(errors)
    changed = apply_changes(sector, {"name": name})
    if changed:
        sector.full_clean()
        sector.save()
        audit_record(
            actor=actor, program=sector.program, action="planning.sector_updated", target=sector, changes=changed
        )
    return sector


# --- members ---------------------------------------------------------------------------------------------


def member_side_message() -> str:
    """The error when a member has neither a sector nor a side (shared with the form)."""
    return _("Choose the member's sector, or say whether they represent law enforcement or the community.")


def _member_errors(
    program: Program,
    *,
    name: str,
    sector: Sector | None,
    side: str,
    role: str,
    email: str,
    user: User | None,
    exclude_pk: int | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Enter the member's name.")
    _check_same_program(errors, "sector", program, sector)
    if role not in MemberRole.values:
        errors["role"] = _("Choose one of the listed options.")
    if side and side not in Side.values:
        errors["side"] = _("Choose one of the listed options.")
    elif not side and role != MemberRole.CRS_STAFF:
        errors["side"] = member_side_message()
    _check_email(errors, email)
    if user is not None:
        if not user.is_active:
            errors["user"] = _("This account is not active.")
        else:
            taken = PlanningMember.objects.filter(program=program, user=user)
            if exclude_pk is not None:
                taken = taken.exclude(pk=exclude_pk)
            if taken.exists():
                errors["user"] = _("This account is already linked to another member of this planning group.")
    return errors


def _grant_access(actor: User, program: Program, user: User | None) -> None:
    if user is not None:
        membership_add(actor=actor, program=program, user=user, role=MembershipRole.PLANNING_MEMBER)


def _revoke_access(actor: User, program: Program, user: User) -> None:
    """Remove the planning-member access of an account no longer linked to any member of this group."""
    if PlanningMember.objects.filter(program=program, user=user).exists():
        return
    membership = ProgramMembership.objects.filter(
        program=program, user=user, role=MembershipRole.PLANNING_MEMBER
    ).first()
    if membership is not None:
        membership_remove(actor=actor, membership=membership)


@transaction.atomic
def member_add(
    *,
    actor: User,
    program: Program,
    name: str,
    role: str = MemberRole.MEMBER,
    sector: Sector | None = None,
    side: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    user: User | None = None,
) -> PlanningMember:
    """Add a person to the planning group (side from their sector unless given); a linked account gets access."""
    _ensure_editable(program)
    name, email = _clean_text(name), _clean_text(email)
    if not side and sector is not None:
        side = sector.kind
    errors = _member_errors(program, name=name, sector=sector, side=side, role=role, email=email, user=user)
    _raise(errors)
    member = PlanningMember(
        program=program,
        name=name,
        organisation=_clean_text(organisation),
        sector=sector,
        side=side,
        role=role,
        email=email,
        phone=_clean_text(phone),
        user=user,
    )
    member.full_clean()
    member.save()
    audit_record(actor=actor, program=program, action="planning.member_added", target=member)
    _grant_access(actor, program, user)
    return member


MEMBER_FIELDS = {"name", "organisation", "sector", "side", "role", "email", "phone", "user"}


@transaction.atomic
def member_update(*, actor: User, member: PlanningMember, **fields: Any) -> PlanningMember:
    """Change a member's details; linking an account grants access, unlinking removes it."""
    program = member.program
    _ensure_editable(program)
    unknown = set(fields) - MEMBER_FIELDS
    if unknown:
        raise TypeError(f"member_update() got unexpected fields {sorted(unknown)}")
    for text in ("name", "organisation", "email", "phone"):
        if text in fields:
            fields[text] = _clean_text(fields[text])
    if "sector" in fields and not fields.get("side") and fields["sector"] is not None:
        fields["side"] = fields["sector"].kind
    merged = {f: fields.get(f, getattr(member, f)) for f in ("name", "sector", "side", "role", "email", "user")}
    _raise(_member_errors(program, exclude_pk=member.pk, **merged))
    old_user = member.user
    changed = apply_changes(member, fields)
    if changed:
        member.full_clean()
        member.save()
        audit_record(actor=actor, program=program, action="planning.member_updated", target=member, changes=changed)
        if "user" in changed:
            _grant_access(actor, program, member.user)
            if old_user is not None:
                _revoke_access(actor, program, old_user)
    return member


# --- tasks -----------------------------------------------------------------------------------------------


def _task_errors(
    program: Program,
    *,
    title: str,
    category: str,
    owner: PlanningMember | None,
    status: str,
    sector: Sector | None,
    seeded: bool,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not seeded and not title:
        errors["title"] = _("Enter what needs doing.")
    elif len(title) > TASK_TITLE_MAX:
        errors["title"] = _("This text is too long.")
    if category not in TaskCategory.values:
        errors["category"] = _("Choose one of the listed options.")
    if status not in TaskStatus.values:
        errors["status"] = _("Choose one of the listed options.")
    _check_same_program(errors, "owner", program, owner)
    _check_same_program(errors, "sector", program, sector)
    return errors


@transaction.atomic
def task_create(
    *,
    actor: User,
    program: Program,
    title: str,
    category: str = TaskCategory.OTHER,
    owner: PlanningMember | None = None,
    due_date: datetime.date | None = None,
    status: str = TaskStatus.TODO,
    notes: str = "",
    sector: Sector | None = None,
) -> Task:
    """Add a task of the group's own to the checklist."""
    _ensure_editable(program)
    title = _clean_text(title)
    _raise(
        _task_errors(program, title=title, category=category, owner=owner, status=status, sector=sector, seeded=False)
    )
    task = Task(
        program=program,
        title=title,
        category=category,
        owner=owner,
        due_date=due_date,
        status=status,
        notes=notes.strip(),
        sector=sector,
    )
    task.full_clean()
    task.save()
    audit_record(actor=actor, program=program, action="planning.task_created", target=task)
    return task


TASK_FIELDS = {"title", "category", "owner", "due_date", "status", "notes", "sector"}


@transaction.atomic
def task_update(*, actor: User, task: Task, **fields: Any) -> Task:
    """Change a task (its owner, due date, status, notes...); a seeded task keeps its title and sector."""
    program = task.program
    _ensure_editable(program)
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise TypeError(f"task_update() got unexpected fields {sorted(unknown)}")
    errors: dict[str, str] = {}
    if task.is_seeded and fields.get("title"):
        errors["title"] = _("A task from the standard checklist keeps its title.")
    if task.key == ChecklistKey.INVITATIONS and "sector" in fields and fields["sector"] != task.sector:
        errors["sector"] = _("An invitations task stays with its sector.")
    _raise(errors)
    if task.is_seeded:
        fields.pop("title", None)
    if "title" in fields:
        fields["title"] = _clean_text(fields["title"])
    if "notes" in fields:
        fields["notes"] = (fields["notes"] or "").strip()
    merged = {f: fields.get(f, getattr(task, f)) for f in ("title", "category", "owner", "status", "sector")}
    _raise(_task_errors(program, seeded=task.is_seeded, **merged))
    changed = apply_changes(task, fields)
    if changed:
        task.full_clean()
        task.save()
        audit_record(actor=actor, program=program, action="planning.task_updated", target=task, changes=changed)
    return task


# --- meetings --------------------------------------------------------------------------------------------


def _meeting_errors(
    program: Program, *, starts_at: datetime.datetime | None, attendees: Iterable[PlanningMember]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Enter the meeting's date and time.")
    if any(a.program_id != program.pk for a in attendees):
        errors["attendees"] = _("Choose one of the listed options.")
    return errors


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    program: Program,
    starts_at: datetime.datetime,
    location: str = "",
    agenda: str = "",
    notes: str = "",
    attendees: Iterable[PlanningMember] = (),
) -> Meeting:
    """Schedule (or record) a planning-group meeting."""
    _ensure_editable(program)
    attendees = list(attendees)
    _raise(_meeting_errors(program, starts_at=starts_at, attendees=attendees))
    meeting = Meeting(
        program=program, starts_at=starts_at, location=_clean_text(location), agenda=agenda.strip(), notes=notes.strip()
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    audit_record(
        actor=actor,
        program=program,
        action="planning.meeting_created",
        target=meeting,
        changes={"attendees": ([], sorted(a.name for a in attendees))} if attendees else None,
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, attendees: Iterable[PlanningMember] | None = None, **fields: Any
) -> Meeting:
    """Change a meeting's time, place, agenda, notes or attendance."""
    program = meeting.program
    _ensure_editable(program)
    unknown = set(fields) - {"starts_at", "location", "agenda", "notes"}
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields {sorted(unknown)}")
    for text in ("location", "agenda", "notes"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    new_attendees = list(attendees) if attendees is not None else None
    _raise(
        _meeting_errors(program, starts_at=fields.get("starts_at", meeting.starts_at), attendees=new_attendees or [])
    )
    changed = apply_changes(meeting, fields)
    if new_attendees is not None:
        old_names = sorted(a.name for a in meeting.attendees.all())
        new_names = sorted(a.name for a in new_attendees)
        if {a.pk for a in meeting.attendees.all()} != {a.pk for a in new_attendees}:
            meeting.attendees.set(new_attendees)
            changed["attendees"] = (old_names, new_names)
    if changed:
        meeting.full_clean()
        meeting.save()
        audit_record(actor=actor, program=program, action="planning.meeting_updated", target=meeting, changes=changed)
    return meeting


# --- invitations -----------------------------------------------------------------------------------------


def _invitation_errors(
    program: Program,
    *,
    name: str,
    sector: Sector | None,
    email: str,
    language: str,
    rsvp: str,
    exclude_pk: int | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Enter the name of the person invited.")
    if sector is None:
        errors["sector"] = _("Choose the sector this person comes from.")
    else:
        _check_same_program(errors, "sector", program, sector)
    _check_email(errors, email)
    if "email" not in errors and email:
        clash = Invitation.objects.filter(program=program, email__iexact=email)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["email"] = _("Someone with this email address is already on the invitation list.")
    if language and language not in Language.values:
        errors["language"] = _("Choose one of the listed options.")
    if rsvp not in Rsvp.values:
        errors["rsvp"] = _("Choose one of the listed options.")
    return errors


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    program: Program,
    name: str,
    sector: Sector | None,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
    accessibility_needs: str = "",
    rsvp: str = Rsvp.PENDING,
    notes: str = "",
) -> Invitation:
    """Put a person on the forum's invitation list."""
    _ensure_editable(program)
    name, email = _clean_text(name), _clean_text(email)
    _raise(_invitation_errors(program, name=name, sector=sector, email=email, language=language, rsvp=rsvp))
    invitation = Invitation(
        program=program,
        name=name,
        organisation=_clean_text(organisation),
        sector=sector,
        email=email,
        phone=_clean_text(phone),
        language=language,
        accessibility_needs=accessibility_needs.strip(),
        rsvp=rsvp,
        notes=notes.strip(),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, program=program, action="planning.invitation_created", target=invitation)
    return invitation


INVITATION_FIELDS = {
    "name",
    "organisation",
    "sector",
    "email",
    "phone",
    "language",
    "accessibility_needs",
    "rsvp",
    "notes",
}


@transaction.atomic
def invitation_update(*, actor: User, invitation: Invitation, **fields: Any) -> Invitation:
    """Change an invitee's details or answer."""
    program = invitation.program
    _ensure_editable(program)
    unknown = set(fields) - INVITATION_FIELDS
    if unknown:
        raise TypeError(f"invitation_update() got unexpected fields {sorted(unknown)}")
    for text in ("name", "organisation", "email", "phone", "accessibility_needs", "notes"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    merged = {f: fields.get(f, getattr(invitation, f)) for f in ("name", "sector", "email", "language", "rsvp")}
    _raise(_invitation_errors(program, exclude_pk=invitation.pk, **merged))
    changed = apply_changes(invitation, fields)
    if changed:
        invitation.full_clean()
        invitation.save()
        audit_record(
            actor=actor, program=program, action="planning.invitation_updated", target=invitation, changes=changed
        )
    return invitation


@transaction.atomic
def invitation_rsvp(*, actor: User, invitation: Invitation, rsvp: str) -> Invitation:
    """Record an invitee's answer (yes, no, maybe, or back to no answer yet)."""
    _ensure_editable(invitation.program)
    if rsvp not in Rsvp.values:
        raise ValidationError({"rsvp": [_("Choose one of the listed options.")]})
    changed = apply_changes(invitation, {"rsvp": rsvp})
    if changed:
        invitation.save(update_fields=["rsvp", "updated_at"])
        audit_record(
            actor=actor,
            program=invitation.program,
            action="planning.invitation_rsvp",
            target=invitation,
            changes=changed,
        )
    return invitation
