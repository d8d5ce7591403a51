"""What the planning group must have done before training and before the forum, and when it may edit.

Registered with the core lifecycle from PlanningConfig.ready (see spcp.programs.phases).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp.planning import selectors
from spcp.programs import phases
from spcp.programs.models import Phase, Program

EDIT_FEATURE = "planning.edit"
EDIT_PHASES = (Phase.PLANNING, Phase.TRAINING, Phase.FORUM)
# How many open tasks a refusal names before it only counts the rest.
OPEN_TASKS_NAMED = 3


def locked_reason(program: Program) -> str:
    """Why the planning pages are read-only for this program, as a sentence for the user."""
    return _(
        "The planning group's records can be changed only in the planning group, facilitator training and "
        "forum phases. This program is in the %(phase)s phase, so these pages are read-only."
    ) % {"phase": program.get_phase_display()}


def planning_group_ready(program: Program) -> list[str | Promise]:
    """Before training: both sides on the group, a co-chair, and a community sector besides law enforcement."""
    missing: list[str | Promise] = []
    group = selectors.group_composition(program=program)
    if not group.law_enforcement:
        missing.append(_("Add at least one law-enforcement member to the planning group."))
    if not group.community:
        missing.append(_("Add at least one community member to the planning group."))
    if not group.co_chairs:
        missing.append(_("Name a co-chair of the planning group."))
    if not selectors.community_sector_count(program=program):
        missing.append(_("Add at least one community sector besides law enforcement."))
    return missing


def forum_ready(program: Program) -> list[str | Promise]:
    """Before the forum: every checklist task done, and at least one "yes" in every sector."""
    return checklist_done(program) + rsvps_in_every_sector(program)


def checklist_done(program: Program) -> list[str | Promise]:
    """Before the forum: every checklist task done."""
    missing: list[str | Promise] = []
    open_tasks = selectors.open_tasks(program=program)
    if open_tasks:
        count = len(open_tasks)
        titles = "; ".join(t.display_title for t in open_tasks[:OPEN_TASKS_NAMED])
        if count <= OPEN_TASKS_NAMED:
            message = ngettext(
                "Finish the open checklist task: %(tasks)s.",
                "Finish the %(count)d open checklist tasks: %(tasks)s.",
                count,
            )
        else:
            message = ngettext(
                "Finish the %(count)d open checklist task, including: %(tasks)s.",
                "Finish the %(count)d open checklist tasks, including: %(tasks)s.",
                count,
            )
        missing.append(message % {"count": count, "tasks": titles})
    return missing


def rsvps_in_every_sector(program: Program) -> list[str | Promise]:
    """Before the forum: at least one "yes" in every sector."""
    missing: list[str | Promise] = []
    silent = selectors.sectors_without_yes(program=program)
    if silent:
        names = "; ".join(s.display_name for s in silent)
        missing.append(
            ngettext(
                "No one has said yes yet in this sector: %(sectors)s.",
                "No one has said yes yet in these %(count)d sectors: %(sectors)s.",
                len(silent),
            )
            % {"count": len(silent), "sectors": names}
        )
    return missing


def _url(name: str) -> phases.FixUrl:
    return lambda program: reverse(name, kwargs={"program_id": program.pk})


def register() -> None:
    phases.register_gate(Phase.TRAINING, "planning_group", planning_group_ready, fix=_url("planning:members"))
    phases.register_gate(Phase.FORUM, "planning_checklist", checklist_done, fix=_url("planning:tasks"))
    phases.register_gate(Phase.FORUM, "planning_rsvps", rsvps_in_every_sector, fix=_url("planning:invitations"))
    phases.declare_feature(EDIT_FEATURE, EDIT_PHASES)
