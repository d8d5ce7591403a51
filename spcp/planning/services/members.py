"""Members of the planning group; linking a member to an account grants (and unlinking removes) access."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.planning.models import MemberRole, PlanningMember, Sector, Side
from spcp.planning.services._common import (
    _check_email,
    _check_same_program,
    _clean_text,
    _ensure_editable,
    _raise,
)
from spcp.programs.models import MembershipRole, Program, ProgramMembership
from spcp.programs.services import apply_changes, audit_record, membership_add, membership_remove


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
