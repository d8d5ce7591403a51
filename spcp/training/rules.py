"""Who may see and change a program's facilitator training. Changing also needs the training.edit feature."""

from __future__ import annotations

import rules

from spcp.programs.models import Program
from spcp.programs.rules import is_planning_member, is_program_member, is_program_staff
from spcp.training import phases
from spcp.training.models import Facilitator


@rules.predicate
def training_editable(user, program: Program | None) -> bool:
    return program is not None and phases.training_editable(program)


# Who runs the training (the edit pages are theirs, read-only outside the training.edit phases).
is_training_manager = is_program_staff | is_planning_member


@rules.predicate
def manages_facilitators_program(user, facilitator: Facilitator | None) -> bool:
    return facilitator is not None and is_training_manager.test(user, facilitator.program)


@rules.predicate
def is_own_record(user, facilitator: Facilitator | None) -> bool:
    """A facilitator's linked account, while it is still a member of the program."""
    if facilitator is None or not user.is_authenticated or facilitator.user_id != user.pk:
        return False
    return is_program_member.test(user, facilitator.program)


rules.add_perm("training.view_training", is_program_staff | is_program_member)
rules.add_perm("training.manage_training", is_training_manager)
rules.add_perm("training.change_training", is_training_manager & training_editable)
rules.add_perm("training.view_contacts", is_training_manager)
rules.add_perm("training.view_facilitator", manages_facilitators_program | is_own_record)
rules.add_perm("training.manage_facilitator", manages_facilitators_program)
