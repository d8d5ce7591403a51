"""Writes to the forum. Each service is atomic, validates first, writes its audit entry (staff actions) and
records its sequenced events, published to every screen after commit.

Split by topic (agenda, room, statements, voting, closing); every public name is re-exported here.
"""

from spcp.forum.services._common import emit, forum_group
from spcp.forum.services.agenda import (
    day_end,
    forum_settings_update,
    forum_setup,
    ground_rule_add,
    ground_rule_remove,
    ground_rule_update,
    segment_next,
    segment_plan_update,
    segment_start,
)
from spcp.forum.services.closing import (
    council_signup_set_open,
    council_volunteer,
    fidelity_log_submit,
    representative_set,
)
from spcp.forum.services.room import (
    BuildResult,
    JoinResult,
    breakout_issues_set,
    breakout_member_move,
    breakout_problems,
    breakouts_build_first,
    breakouts_build_second,
    participant_checkin_invitee,
    participant_join,
    participant_update,
)
from spcp.forum.services.statements import (
    merge_confirm,
    merge_reject,
    statement_add,
    statement_edit,
    statement_merge,
    statement_remove,
    statement_split,
)
from spcp.forum.services.voting import (
    BallotResult,
    ResponseResult,
    dots_cast,
    response_record,
    responses_set_open,
    solution_add,
    solution_edit,
    solution_remove,
    step_add,
    voting_close,
    voting_open,
)

__all__ = [
    "BallotResult",
    "BuildResult",
    "JoinResult",
    "ResponseResult",
    "breakout_issues_set",
    "breakout_member_move",
    "breakout_problems",
    "breakouts_build_first",
    "breakouts_build_second",
    "council_signup_set_open",
    "council_volunteer",
    "day_end",
    "dots_cast",
    "emit",
    "fidelity_log_submit",
    "forum_group",
    "forum_settings_update",
    "forum_setup",
    "ground_rule_add",
    "ground_rule_remove",
    "ground_rule_update",
    "merge_confirm",
    "merge_reject",
    "participant_checkin_invitee",
    "participant_join",
    "participant_update",
    "representative_set",
    "response_record",
    "responses_set_open",
    "segment_next",
    "segment_plan_update",
    "segment_start",
    "solution_add",
    "solution_edit",
    "solution_remove",
    "statement_add",
    "statement_edit",
    "statement_merge",
    "statement_remove",
    "statement_split",
    "step_add",
    "voting_close",
    "voting_open",
]
