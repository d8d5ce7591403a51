"""Reads of programs, scoped by who is asking. access_* answer the same 404 for missing and forbidden."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from spcp.accounts.models import Role, User
from spcp.programs.models import AuditEntry, Phase, Program, ProgramMembership


def program_list(*, user: User | AnonymousUser) -> QuerySet[Program]:
    """The programs this user may see: all (admin), their region's (RD, conciliator), or their own."""
    qs = Program.objects.select_related("program_type", "state", "region", "office", "conciliator")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_crs_admin:
        return qs
    visible = Q(memberships__user=user)
    if user.role in (Role.REGIONAL_DIRECTOR, Role.CONCILIATOR) and user.region_id:
        visible |= Q(region_id=user.region_id)
    return qs.filter(visible).distinct()


def access_program(user: User | AnonymousUser, program_id: int, perm: str = "programs.view_program") -> Program:
    """The program if `user` has `perm` on it; Http404 otherwise, so existence is not revealed."""
    program = (
        Program.objects.select_related("program_type", "state", "region", "office", "conciliator")
        .filter(pk=program_id)
        .first()
    )
    if program is None or not user.has_perm(perm, program):
        raise Http404
    return program


def audit_list(*, program: Program, limit: int | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(program=program).select_related("actor")
    return qs[:limit] if limit else qs


def membership_list(*, program: Program) -> QuerySet[ProgramMembership]:
    return program.memberships.select_related("user").order_by("role", "user__last_name")


def phase_status(program: Program) -> list[dict[str, Any]]:
    """The step indicator: each phase with whether it is complete, current or to come."""
    steps = []
    for index, (value, label) in enumerate(Phase.choices):
        if index < program.phase_index:
            state = "complete"
        elif index == program.phase_index:
            state = "current"
        else:
            state = "upcoming"
        steps.append({"value": value, "label": label, "state": state, "number": index + 1})
    return steps
