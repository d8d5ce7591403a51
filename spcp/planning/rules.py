"""Who may see and change a program's planning records.

View: program staff or any member of the program. Work on planning: program staff or planning-group members.
Change: the same people, and only while the phase enables `planning.edit`. Linking an account to a member
(which grants access to the program) is for CRS staff.
"""

from __future__ import annotations

import rules

from spcp.planning.phases import EDIT_FEATURE
from spcp.programs.models import Program
from spcp.programs.phases import feature_enabled
from spcp.programs.rules import is_planning_member, is_program_member, is_program_staff


@rules.predicate
def planning_editable(user, program: Program | None) -> bool:
    return program is not None and feature_enabled(program, EDIT_FEATURE)


works_on_planning = is_program_staff | is_planning_member

rules.add_perm("planning.view_planning", is_program_staff | is_program_member)
rules.add_perm("planning.work_on_planning", works_on_planning)
rules.add_perm("planning.change_planning", works_on_planning & planning_editable)
rules.add_perm("planning.link_account", is_program_staff & planning_editable)
