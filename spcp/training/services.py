"""Writes to facilitator training. Each service is atomic, validates first, and writes its audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.programs.models import Language, MembershipRole, Program, ProgramMembership
from spcp.programs.services import apply_changes, audit_record, membership_add, membership_remove
from spcp.training import phases
from spcp.training.models import Attendance, Facilitator, Module, ModuleKey, TrainingSession

ORDER_STEP = 10


class TrainingLocked(Exception):
    """Raised when the program's phase does not allow changing training records (training.edit is off)."""

    def __init__(self, program: Program):
        self.program = program
        super().__init__(phases.edit_locked_reason(program))


def _ensure_editable(program: Program) -> None:
    if not phases.training_editable(program):
        raise TrainingLocked(program)


def _languages(codes: Iterable[str]) -> list[str]:
    """Unique codes in the order of the language list; unknown codes are kept so that validation reports them."""
    unique = list(dict.fromkeys(codes))
    order = {code: index for index, code in enumerate(Language.values)}
    return sorted(unique, key=lambda code: order.get(code, len(order)))


def _check_account(user: User | None) -> None:
    if user is not None and (not user.is_active or user.is_crs_staff):
        raise ValidationError({"user": _("Link an active volunteer account; CRS staff already have access.")})


def _check_modules(program: Program, modules: Sequence[Module]) -> None:
    if any(m.program_id != program.pk for m in modules):
        raise ValidationError({"modules": _("Choose modules of this program.")})


def _titles(modules: Iterable[Module]) -> list[str]:
    return [m.display_title for m in modules]


def _sync_membership(*, actor: User, program: Program, old: User | None, new: User | None) -> None:
    """Linking an account gives it facilitator access; unlinking takes that access away again."""
    if old == new:
        return
    if new is not None:
        membership_add(actor=actor, program=program, user=new, role=MembershipRole.FACILITATOR)
    if old is not None:
        membership = ProgramMembership.objects.filter(
            program=program, user=old, role=MembershipRole.FACILITATOR
        ).first()
        if membership is not None:
            membership_remove(actor=actor, membership=membership)


@transaction.atomic
def modules_seed(*, program: Program) -> list[Module]:
    """Give a new program the standard modules, all required (part of program creation: no audit entry)."""
    existing = set(Module.objects.filter(program=program).exclude(key="").values_list("key", flat=True))
    modules = [
        Module(program=program, key=key, required=True, order=index * ORDER_STEP)
        for index, key in enumerate(ModuleKey.values, start=1)
        if key not in existing
    ]
    return Module.objects.bulk_create(modules)


@transaction.atomic
def module_create(
    *, actor: User, program: Program, title: str, description: str = "", required: bool = True, order: int | None = None
) -> Module:
    """Add a custom module; without an order it goes last."""
    _ensure_editable(program)
    if order is None:
        last = Module.objects.filter(program=program).aggregate(last=Max("order"))["last"]
        order = (last or 0) + ORDER_STEP
    module = Module(
        program=program, title=title.strip(), description=description.strip(), required=required, order=order
    )
    # clean() reports clashes per field; the database constraints stay as the backstop.
    module.full_clean(validate_constraints=False)
    module.save()
    audit_record(actor=actor, program=program, action="training.module_created", target=module)
    return module


@transaction.atomic
def module_update(*, actor: User, module: Module, title: str, description: str, required: bool, order: int) -> Module:
    """Change a module (readiness is computed, so making it required takes effect at once).

    A standard module keeps its translated title, so `title` must be blank for it.
    """
    _ensure_editable(module.program)
    title = title.strip()
    if module.key and title:
        raise ValidationError({"title": _("A standard module's title cannot be changed.")})
    changed = apply_changes(
        module, {"title": title, "description": description.strip(), "required": required, "order": order}
    )
    if changed:
        module.full_clean(validate_constraints=False)
        module.save()
        audit_record(
            actor=actor, program=module.program, action="training.module_updated", target=module, changes=changed
        )
    return module


@transaction.atomic
def facilitator_add(
    *,
    actor: User,
    program: Program,
    name: str,
    email: str = "",
    phone: str = "",
    organisation: str = "",
    languages: Iterable[str] = (),
    user: User | None = None,
    notes: str = "",
) -> Facilitator:
    """Add a volunteer facilitator; linking `user` gives that account facilitator access to the program."""
    _ensure_editable(program)
    _check_account(user)
    facilitator = Facilitator(
        program=program,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        organisation=organisation.strip(),
        languages=_languages(languages),
        user=user,
        notes=notes.strip(),
    )
    facilitator.full_clean(validate_constraints=False)
    facilitator.save()
    audit_record(actor=actor, program=program, action="training.facilitator_added", target=facilitator)
    _sync_membership(actor=actor, program=program, old=None, new=user)
    return facilitator


@transaction.atomic
def facilitator_update(
    *,
    actor: User,
    facilitator: Facilitator,
    name: str,
    email: str,
    phone: str,
    organisation: str,
    languages: Iterable[str],
    user: User | None,
    notes: str,
) -> Facilitator:
    """Replace a facilitator's details; changing the linked account moves the facilitator access with it."""
    program = facilitator.program
    _ensure_editable(program)
    _check_account(user)
    old_user = facilitator.user
    changed = apply_changes(
        facilitator,
        {
            "name": name.strip(),
            "email": email.strip().lower(),
            "phone": phone.strip(),
            "organisation": organisation.strip(),
            "languages": _languages(languages),
            "user": user,
            "notes": notes.strip(),
        },
    )
    if changed:
        facilitator.full_clean(validate_constraints=False)
        facilitator.save()
        audit_record(
            actor=actor, program=program, action="training.facilitator_updated", target=facilitator, changes=changed
        )
        _sync_membership(actor=actor, program=program, old=old_user, new=user)
    return facilitator


@transaction.atomic
def session_create(
    *,
    actor: User,
    program: Program,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    trainer: str = "",
    modules: Sequence[Module] = (),
    notes: str = "",
) -> TrainingSession:
    """Schedule a training session and record the modules it covers."""
    _ensure_editable(program)
    _check_modules(program, modules)
    session = TrainingSession(
        program=program,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        trainer=trainer.strip(),
        notes=notes.strip(),
    )
    session.full_clean()
    session.save()
    session.modules.set(modules)
    audit_record(
        actor=actor,
        program=program,
        action="training.session_created",
        target=session,
        changes={"modules": ([], _titles(modules))},
    )
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: TrainingSession,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str,
    trainer: str,
    modules: Sequence[Module],
    notes: str,
) -> TrainingSession:
    """Replace a session's details and modules; attendees then count the new modules towards readiness."""
    program = session.program
    _ensure_editable(program)
    _check_modules(program, modules)
    changed = apply_changes(
        session,
        {
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "location": location.strip(),
            "trainer": trainer.strip(),
            "notes": notes.strip(),
        },
    )
    if changed:
        session.full_clean()
        session.save()
    old_modules = list(session.modules.order_by("order", "id"))
    if {m.pk for m in old_modules} != {m.pk for m in modules}:
        session.modules.set(modules)
        new_modules = sorted(modules, key=lambda m: (m.order, m.pk))
        changed["modules"] = (_titles(old_modules), _titles(new_modules))
    if changed:
        audit_record(actor=actor, program=program, action="training.session_updated", target=session, changes=changed)
    return session


@transaction.atomic
def attendance_record(
    *, actor: User, session: TrainingSession, facilitators: Iterable[Facilitator]
) -> list[Facilitator]:
    """Set who attended a session (the full list). Sending the same list again changes nothing."""
    program = session.program
    _ensure_editable(program)
    wanted = {f.pk: f for f in facilitators}
    if any(f.program_id != program.pk for f in wanted.values()):
        raise ValidationError({"facilitators": _("Choose facilitators of this program.")})
    current = {a.facilitator_id: a.facilitator for a in session.attendances.select_related("facilitator")}
    removed = [pk for pk in current if pk not in wanted]
    added = [f for pk, f in wanted.items() if pk not in current]
    if removed:
        Attendance.objects.filter(session=session, facilitator_id__in=removed).delete()
    if added:
        # A concurrent identical submission may have inserted some rows already; the unique constraint decides.
        Attendance.objects.bulk_create(
            [Attendance(session=session, facilitator=f) for f in added], ignore_conflicts=True
        )
    if removed or added:
        audit_record(
            actor=actor,
            program=program,
            action="training.attendance_recorded",
            target=session,
            changes={"attendees": (sorted(f.name for f in current.values()), sorted(f.name for f in wanted.values()))},
        )
    return sorted(wanted.values(), key=lambda f: (f.name.lower(), f.pk))
