"""Who may see and change a program's SPCP council. Changing also needs the council.manage feature."""

from __future__ import annotations

import rules

from spcp.council import phases
from spcp.programs.models import MembershipRole, Program
from spcp.programs.rules import _has_membership, is_planning_member, is_program_member, is_program_staff


@rules.predicate
def is_council_member(user, program: Program | None) -> bool:
    return _has_membership(user, program, MembershipRole.COUNCIL_MEMBER)


@rules.predicate
def council_editable(user, program: Program | None) -> bool:
    return program is not None and phases.council_editable(program)


is_council_insider = is_program_staff | is_council_member
is_progress_reporter = is_program_staff | is_council_member | is_planning_member

# Every member of the program sees the council's home, its meetings and the plan's progress.
rules.add_perm("council.view_council", is_program_staff | is_program_member)
# Minutes, attendance and the contact list stay with the council and program staff.
rules.add_perm("council.view_minutes", is_council_insider)
rules.add_perm("council.view_contacts", is_council_insider)
rules.add_perm("council.manage_council", is_program_staff)
rules.add_perm("council.change_council", is_program_staff & council_editable)
rules.add_perm("council.report_progress", is_progress_reporter)
rules.add_perm("council.add_progressupdate", is_progress_reporter & council_editable)
