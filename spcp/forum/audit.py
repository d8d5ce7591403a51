"""Readable labels for the audit entries forum services write (participants' own submissions are not
audited: they are pseudonymous and the forum keeps them as data)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.audit import register_actions, register_target_loader

ACTIONS: dict[str, Promise] = {
    "forum.segment_started": _("Forum segment started"),
    "forum.day_ended": _("Forum day ended"),
    "forum.segment_planned": _("Forum segment's plan changed"),
    "forum.settings_changed": _("Voting rules changed"),
    "forum.rule_added": _("Ground rule added"),
    "forum.rule_changed": _("Ground rule reworded"),
    "forum.rule_removed": _("Ground rule removed"),
    "forum.invitee_checked_in": _("Invitee checked in by staff"),
    "forum.breakouts_built": _("Breakout groups built"),
    "forum.participant_moved": _("Participant moved to another table"),
    "forum.table_issues_set": _("Table's priority issues chosen"),
    "forum.statement_edited": _("Statement edited"),
    "forum.statement_removed": _("Statement removed"),
    "forum.statement_split": _("Statement split"),
    "forum.statements_merged": _("Statements merged at a table"),
    "forum.duplicates_merged": _("Duplicate issues merged across tables"),
    "forum.duplicates_kept": _("Suggested duplicates kept apart"),
    "forum.issues_merged_by_hand": _("Issues merged by hand across tables"),
    "forum.merge_undone": _("Merge of duplicate issues undone"),
    "forum.voting_opened": _("Dot voting opened"),
    "forum.voting_closed": _("Dot voting closed and priority issues chosen"),
    "forum.voting_close_undone": _("Closing of dot voting undone: voting reopened"),
    "forum.solution_edited": _("Solution edited"),
    "forum.solution_removed": _("Solution removed"),
    "forum.responses_opened": _("Responses to solutions opened"),
    "forum.responses_closed": _("Responses to solutions closed"),
    "forum.responses_exported": _("Responses exported for outside analysis (Pol.is format)"),
    "forum.council_signup_opened": _("Council sign-up opened"),
    "forum.council_signup_closed": _("Council sign-up closed"),
    "forum.representative_chosen": _("Council representative chosen"),
    "forum.representative_unchosen": _("Council representative withdrawn"),
    "forum.fidelity_filed": _("Fidelity log filed"),
    "forum.fidelity_corrected": _("Fidelity log corrected"),
    "forum.translation_saved": _("Translation of a participant's text saved"),
    "forum.translation_confirmed": _("Machine translation confirmed"),
}


def register() -> None:
    from spcp.forum import selectors  # noqa: PLC0415  (at ready time: selectors import the models)

    register_actions(ACTIONS)
    register_target_loader("forum.segment", selectors.segment_names_by_id)
