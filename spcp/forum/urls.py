"""Staff pages of the forum day (mounted at programs/<program_id>/forum/)."""

from django.urls import path

from spcp.forum.views import checkin, desk, run, tables

app_name = "forum"

urlpatterns = [
    # Running the day (views/run.py)
    path("", run.control, name="control"),
    path("segments/<int:segment_id>/start/", run.segment_start, name="segment_start"),
    path("day/end/", run.day_end, name="day_end"),
    path("settings/", run.settings_edit, name="settings"),
    path("rules/", run.rules, name="rules"),
    path("rules/<int:rule_id>/", run.rule_edit, name="rule_edit"),
    path("checkin/", run.checkin, name="checkin"),
    path("checkin/qr.svg", run.qr_code, name="qr"),
    path("checkin/invitees/<int:invitation_id>/", run.checkin_invitee, name="checkin_invitee"),
    # Who holds a ballot: tickets, the open room, the alarm, voiding (views/checkin.py)
    path("checkin/tickets/", checkin.tickets, name="tickets"),
    path("checkin/ballots/", checkin.ballots, name="ballots"),
    path("checkin/ballots/<int:participant_id>/void/", checkin.ballot_void, name="ballot_void"),
    path("checkin/summary/", checkin.summary, name="checkin_summary"),
    path("breakouts/<int:round>/", run.breakouts, name="breakouts"),
    path("breakouts/<int:round>/move/", run.breakout_move, name="breakout_move"),
    path("merge/", run.merge, name="merge"),
    path("voting/", run.voting, name="voting"),
    path("responses/", run.responses, name="responses"),
    path("projector/", run.projector, name="projector"),
    path("translate/", desk.desk, name="translate"),
    # Tables, results, council and fidelity (views/tables.py)
    path("tables/<int:breakout_id>/", tables.table, name="table"),
    path("tables/<int:breakout_id>/statements/<int:statement_id>/", tables.statement_edit, name="statement_edit"),
    path("tables/<int:breakout_id>/merge/", tables.table_merge, name="table_merge"),
    path("tables/<int:breakout_id>/solutions/<int:solution_id>/", tables.solution_edit, name="solution_edit"),
    path("results/", tables.results, name="results"),
    path("results/polis.zip", tables.responses_export, name="responses_export"),
    path("council/", tables.council, name="council"),
    path("fidelity/", tables.fidelity_list, name="fidelity"),
    path("fidelity/<int:facilitator_id>/", tables.fidelity_edit, name="fidelity_edit"),
]
