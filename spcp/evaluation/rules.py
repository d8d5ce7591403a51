"""Who may see and run a program's surveys, and who sees the portfolio.

Results (shares with n, suppressed where too few answered) are for everyone who may see the program; the
respondents' comments are for program staff only, as they can identify people. Program staff run surveys.
The portfolio is CRS staff's: administrators see every region, regional directors and conciliators their own.
"""

from __future__ import annotations

import rules

from spcp.accounts.models import Role
from spcp.programs.rules import is_crs_admin, is_program_member, is_program_staff


@rules.predicate
def is_regional_director_or_conciliator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in (Role.REGIONAL_DIRECTOR, Role.CONCILIATOR)
        and user.region_id is not None
    )


rules.add_perm("evaluation.view_results", is_program_staff | is_program_member)
rules.add_perm("evaluation.view_comments", is_program_staff)
rules.add_perm("evaluation.manage_survey", is_program_staff)
rules.add_perm("evaluation.view_portfolio", is_crs_admin | is_regional_director_or_conciliator)
rules.add_perm("evaluation.view_all_regions", is_crs_admin)
