"""What the forum contributes to the lifecycle: its set-up hook, its features and the gate into the action plan."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs import phases
from spcp.programs.models import Phase, Program

RUN_FEATURE = "forum.run"  # the live day: check-in, tables, votes
FIDELITY_FEATURE = "forum.fidelity"  # facilitators file their logs during and after the day


def forum_running(program: Program) -> bool:
    return phases.feature_enabled(program, RUN_FEATURE)


def fidelity_open(program: Program) -> bool:
    return phases.feature_enabled(program, FIDELITY_FEATURE)


def priorities_chosen(program: Program) -> list[str | Promise]:
    """The action plan starts from the forum's priority issues, so dot voting must have closed."""
    from spcp.forum.models import Forum

    forum = Forum.objects.filter(program=program).first()
    if forum is None or forum.voting_closed_at is None:
        return [_("Close the forum's dot voting so the priority issues are known.")]
    return []


# Readers of the program's open after-the-day feedback survey code; the evaluation app registers one (the forum
# may not import the phases after it), and the closing screen links to it.
_FEEDBACK_READERS: list[Callable[[Program], str | None]] = []


def register_feedback_survey(reader: Callable[[Program], str | None]) -> None:
    """Declare where the closing screen finds the feedback survey's code (idempotent)."""
    if reader not in _FEEDBACK_READERS:
        _FEEDBACK_READERS.append(reader)


def feedback_survey_code(program: Program) -> str | None:
    """The code of the feedback survey participants are asked to answer when the day ends, if one is open."""
    for reader in _FEEDBACK_READERS:
        code = reader(program)
        if code:
            return code
    return None


def set_up_forum(program: Program) -> None:
    from spcp.forum.services import forum_setup  # services import this module

    forum_setup(program=program)


def register() -> None:
    """Called from ForumConfig.ready (registration is idempotent)."""
    phases.declare_feature(RUN_FEATURE, [Phase.FORUM])
    phases.declare_feature(FIDELITY_FEATURE, [Phase.FORUM, Phase.ACTION_PLAN])
    phases.register_gate(
        Phase.ACTION_PLAN,
        "forum_priorities",
        priorities_chosen,
        fix=lambda program: reverse("forum:voting", kwargs={"program_id": program.pk}),
    )
    phases.on_program_created(set_up_forum)
