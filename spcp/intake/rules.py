"""Who may see and decide program requests: CRS administrators everywhere, regional staff in their region."""

from __future__ import annotations

import rules

from spcp.accounts.models import Role
from spcp.intake.models import ProgramRequest
from spcp.programs.rules import is_crs_admin

REGIONAL_ROLES = (Role.REGIONAL_DIRECTOR, Role.CONCILIATOR)


@rules.predicate
def is_regional_role(user) -> bool:
    """A regional director or conciliator (of any region): they have a triage queue of their own."""
    return bool(user.is_authenticated and user.is_active and user.role in REGIONAL_ROLES and user.region_id)


@rules.predicate
def is_request_regional_staff(user, program_request: ProgramRequest | None) -> bool:
    """A regional director or conciliator of the region the request was routed to."""
    if program_request is None or not is_regional_role(user):
        return False
    return bool(user.region_id == program_request.region_id)


rules.add_perm("intake.list_requests", is_crs_admin | is_regional_role)
rules.add_perm("intake.view_request", is_crs_admin | is_request_regional_staff)
rules.add_perm("intake.decide_request", is_crs_admin | is_request_regional_staff)
