"""Who may do what with a program. Object rules are django-rules predicates; every view asks these."""

from __future__ import annotations

import rules

from spcp.accounts.models import Role
from spcp.programs.models import MembershipRole, Program


@rules.predicate
def is_crs_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_crs_admin)


@rules.predicate
def is_regional_staff(user, program: Program | None) -> bool:
    """A regional director or conciliator of the program's region."""
    if not user.is_authenticated or program is None or not user.is_active:
        return False
    return user.role in (Role.REGIONAL_DIRECTOR, Role.CONCILIATOR) and user.region_id == program.region_id


def _has_membership(user, program: Program | None, *roles: str) -> bool:
    if not user.is_authenticated or program is None or not user.is_active:
        return False
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {}
        user._membership_cache = cache
    if program.pk not in cache:
        cache[program.pk] = set(program.memberships.filter(user=user).values_list("role", flat=True))
    return bool(cache[program.pk] & set(roles)) if roles else bool(cache[program.pk])


@rules.predicate
def is_program_member(user, program: Program | None) -> bool:
    return _has_membership(user, program)


@rules.predicate
def is_planning_member(user, program: Program | None) -> bool:
    return _has_membership(user, program, MembershipRole.PLANNING_MEMBER)


@rules.predicate
def is_facilitator(user, program: Program | None) -> bool:
    return _has_membership(user, program, MembershipRole.FACILITATOR)


@rules.predicate
def is_staff_role(user) -> bool:
    return bool(user.is_authenticated and user.is_crs_staff)


is_program_staff = is_crs_admin | is_regional_staff

rules.add_perm("programs.view_program", is_program_staff | is_program_member)
rules.add_perm("programs.change_program", is_program_staff)
rules.add_perm("programs.advance_program", is_program_staff)
rules.add_perm("programs.view_audit", is_program_staff)
rules.add_perm("programs.list_programs", is_staff_role | rules.is_authenticated)
