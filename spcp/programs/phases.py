"""The five-phase lifecycle: which phase follows which, the gates on entering a phase, and phase features.

Phase apps declare their own gates and features in their phases.py (registered from AppConfig.ready), so the
core never needs to know what planning or training count as "done".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.models import PHASE_ORDER, Phase, Program

GateCheck = Callable[[Program], list[str | Promise]]
# The address of the page where the user fixes what a gate (or a warning) found missing.
FixUrl = Callable[[Program], str]


@dataclass(frozen=True)
class Gate:
    entering: Phase
    name: str
    check: GateCheck
    fix: FixUrl | None = None
    blocking: bool = True


@dataclass(frozen=True)
class GateItem:
    """One thing still missing before a phase, said as a sentence, with the page that fixes it."""

    text: str
    url: str
    blocking: bool


_GATES: list[Gate] = []
_FEATURES: dict[str, frozenset[str]] = {}
_SETUP_HOOKS: list[Callable[[Program], None]] = []


def on_program_created(hook: Callable[[Program], None]) -> None:
    """Declare what a phase app seeds for each new program (e.g. the planning checklist)."""
    if hook not in _SETUP_HOOKS:
        _SETUP_HOOKS.append(hook)


def run_setup_hooks(program: Program) -> None:
    for hook in _SETUP_HOOKS:
        hook(program)


def register_gate(entering: Phase, name: str, check: GateCheck, fix: FixUrl | None = None) -> None:
    """Declare a condition that must hold before a program may enter `entering` (`fix`: the page that fixes it)."""
    if not any(g.entering == entering and g.name == name for g in _GATES):
        _GATES.append(Gate(entering, name, check, fix))


def register_warning(entering: Phase, name: str, check: GateCheck, fix: FixUrl | None = None) -> None:
    """Declare something that should be done before `entering` but does not block it (shown as a warning)."""
    if not any(g.entering == entering and g.name == name for g in _GATES):
        _GATES.append(Gate(entering, name, check, fix, blocking=False))


def declare_feature(name: str, phases: Iterable[Phase]) -> None:
    """Declare the phases in which a feature (e.g. editing the planning checklist) is enabled."""
    _FEATURES[name] = frozenset(p.value for p in phases)


def feature_enabled(program: Program, name: str) -> bool:
    return program.phase in _FEATURES.get(name, frozenset())


def next_phase(phase: str) -> Phase | None:
    index = PHASE_ORDER.index(phase)
    return Phase(PHASE_ORDER[index + 1]) if index + 1 < len(PHASE_ORDER) else None


def missing_for(program: Program, entering: Phase) -> list[str]:
    """Everything still missing before `program` may enter `entering`, as sentences for the user."""
    return [item.text for item in gate_items(program, entering) if item.blocking]


def gate_items(program: Program, entering: Phase) -> list[GateItem]:
    """What is missing before `program` enters `entering`: blocking gates first, then warnings, each with the
    address of the page that fixes it ("" when there is none)."""
    items: list[GateItem] = []
    for gate in sorted(_GATES, key=lambda g: not g.blocking):
        if gate.entering != entering:
            continue
        found = gate.check(program)
        url = gate.fix(program) if gate.fix is not None and found else ""
        items.extend(GateItem(str(m), url, gate.blocking) for m in found)
    return items


def phases_from(start: Phase) -> list[Phase]:
    return [Phase(p) for p in PHASE_ORDER[PHASE_ORDER.index(start) :]]


def _conciliator_assigned(program: Program) -> list[str | Promise]:
    return [] if program.conciliator_id else [_("Assign a conciliator to the program.")]


def _forum_planned(program: Program) -> list[str | Promise]:
    missing: list[str | Promise] = []
    if not program.forum_date:
        missing.append(_("Set the forum date."))
    if not program.venue:
        missing.append(_("Choose the forum venue."))
    return missing


def _program_edit_url(program: Program) -> str:
    return reverse("programs:edit", kwargs={"program_id": program.pk})


register_gate(Phase.PLANNING, "conciliator", _conciliator_assigned, fix=_program_edit_url)
register_gate(Phase.FORUM, "date_and_venue", _forum_planned, fix=_program_edit_url)
declare_feature("programs.edit_details", phases_from(Phase.INTAKE))
