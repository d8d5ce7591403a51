"""Who may see and change a program's SPCP council. Changing also needs the council.manage feature.

Until the conciliator hands the council over, program staff run it; from then on its officers (the active
chair and secretary with a linked account) do, and staff keep read access (and the reminders).
"""

from __future__ import annotations

import rules

from spcp.council import phases
from spcp.council.models import CouncilMember, CouncilRole, Handover
from spcp.programs.models import MembershipRole, Program
from spcp.programs.rules import _has_membership, is_planning_member, is_program_member, is_program_staff

OFFICER_ROLES = (CouncilRole.CHAIR, CouncilRole.SECRETARY)


@rules.predicate
def is_council_member(user, program: Program | None) -> bool:
    return _has_membership(user, program, MembershipRole.COUNCIL_MEMBER)


@rules.predicate
def is_council_officer(user, program: Program | None) -> bool:
    """An active chair or secretary of this program's council, signed in with the seat's linked account."""
    if not is_council_member(user, program):
        return False
    assert program is not None
    cache = getattr(user, "_council_officer_cache", None)
    if cache is None:
        cache = {}
        user._council_officer_cache = cache
    if program.pk not in cache:
        cache[program.pk] = CouncilMember.objects.filter(
            program=program, user=user, active=True, role__in=OFFICER_ROLES
        ).exists()
    return bool(cache[program.pk])


@rules.predicate
def council_handed_over(user, program: Program | None) -> bool:
    if program is None:
        return False
    if not hasattr(program, "_council_handed_over"):
        program._council_handed_over = Handover.objects.filter(program=program).exists()  # type: ignore[attr-defined]  # a per-request memo on the instance
    return bool(program._council_handed_over)  # type: ignore[attr-defined]  # set just above


@rules.predicate
def council_editable(user, program: Program | None) -> bool:
    return program is not None and phases.council_editable(program)


is_council_insider = is_program_staff | is_council_member
is_progress_reporter = is_program_staff | is_council_member | is_planning_member
# Who runs the council now: staff before the hand-over, its officers after it.
runs_council = (is_program_staff & ~council_handed_over) | (is_council_officer & council_handed_over)

# Every member of the program sees the council's home, its meetings and the plan's progress.
rules.add_perm("council.view_council", is_program_staff | is_program_member)
# Minutes, attendance and the contact list stay with the council and program staff.
rules.add_perm("council.view_minutes", is_council_insider)
rules.add_perm("council.view_contacts", is_council_insider)
rules.add_perm("council.manage_council", runs_council)
rules.add_perm("council.change_council", runs_council & council_editable)
# Handing the council over (and taking it back) is the program staff's.
rules.add_perm("council.hand_over_council", is_program_staff)
rules.add_perm("council.report_progress", is_progress_reporter)
rules.add_perm("council.add_progressupdate", is_progress_reporter & council_editable)
