"""Who may include named roles in a plan's documents: program staff only (CRS administrators, the region's
director and conciliators). Reading the documents is `actionplan.view_plan` (staff and every program member).
Emails are never included, whoever asks.
"""

from __future__ import annotations

import rules

from spcp.programs.rules import is_program_staff

rules.add_perm("plan_documents.include_names", is_program_staff)
