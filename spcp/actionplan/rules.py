"""Who may see, change, approve and publish a program's action plan. Changing also needs actionplan.edit."""

from __future__ import annotations

import rules

from spcp.programs.rules import is_planning_member, is_program_member, is_program_staff

# The conciliator (and other program staff) and the planning group write the plan together.
is_plan_editor = is_program_staff | is_planning_member

rules.add_perm("actionplan.view_plan", is_program_staff | is_program_member)
rules.add_perm("actionplan.change_plan", is_plan_editor)
# Approving and publishing speak for CRS: CRS administrators, the region's director and conciliators.
rules.add_perm("actionplan.approve_plan", is_program_staff)
rules.add_perm("actionplan.publish_plan", is_program_staff)
