"""Who may see and run the forum. Participants have no account: their API checks the phone's token instead.

Running the day (segments, votes, tables, merges) is the program staff's (CRS conciliators, their regional
director, CRS admins); facilitators work their tables; planning members help with check-in. Council
volunteers' contact details and the fidelity logs are for program staff only.
"""

from __future__ import annotations

import rules

from spcp.forum import phases
from spcp.programs.models import Program
from spcp.programs.rules import is_facilitator, is_planning_member, is_program_staff


@rules.predicate
def forum_running(user, program: Program | None) -> bool:
    return program is not None and phases.forum_running(program)


@rules.predicate
def fidelity_open(user, program: Program | None) -> bool:
    return program is not None and phases.fidelity_open(program)


rules.add_perm("forum.view_forum", is_program_staff | is_planning_member | is_facilitator)
rules.add_perm("forum.run_forum", is_program_staff)
rules.add_perm("forum.check_in", is_program_staff | is_planning_member)
rules.add_perm("forum.facilitate", is_program_staff | is_facilitator)
rules.add_perm("forum.view_volunteers", is_program_staff)
# The deliberate export of the responses round (pseudonymous, audited) for outside analysis tools.
rules.add_perm("forum.export_responses", is_program_staff)
# The translation desk: program staff and the forum's facilitators (bilingual volunteers join as facilitators).
rules.add_perm("forum.translate", is_program_staff | is_facilitator)
rules.add_perm("forum.file_fidelity", (is_program_staff | is_facilitator) & fidelity_open)
rules.add_perm("forum.view_fidelity", is_program_staff | is_facilitator)
