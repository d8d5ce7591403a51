"""The forum's invitation list: invitees, their details and their answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.planning.models import Invitation, Rsvp, Sector
from spcp.planning.services._common import (
    _check_email,
    _check_same_program,
    _clean_text,
    _ensure_editable,
    _raise,
)
from spcp.programs.models import Language, Program
from spcp.programs.services import apply_changes, audit_record


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
