"""A plan version's snapshot (the whole plan as JSON), its readable lines, the diff of two versions, and the
public view of a snapshot (which leaves out every personal detail)."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.actionplan.models import ActionItem, ActionStep
from spcp.actionplan.selectors import PlanTree

Snapshot = dict[str, Any]

# The fields a step carries in a snapshot, in the order its lines are shown.
STEP_FIELDS: dict[str, Promise] = {
    "description": _("Description"),
    "language": _("Language"),
    "responsible_party": _("Responsible party"),
    "responsible_person": _("Responsible person"),
    "responsible_email": _("Email for reminders"),
    "partners": _("Partners"),
    "start_date": _("Start date"),
    "due_date": _("Due date"),
    "resources": _("Resources"),
    "measure": _("Measure of success"),
    "day_timing": _("Timing proposed on the day"),
    "weight": _("Weight"),
}
ITEM_FIELDS: dict[str, Promise] = {"title": _("Solution"), "language": _("Language"), "weight": _("Weight")}
ISSUE_FIELDS: dict[str, Promise] = {"text": _("Text"), "language": _("Language"), "dots": _("Dots")}
PLAN_FIELDS: dict[str, Promise] = {"title": _("Title"), "introduction": _("Introduction"), "language": _("Language")}
# Left out of everything the public sees: people's names and the reminder email, and the day's raw records.
PERSONAL_STEP_FIELDS = ("responsible_person", "responsible_email")


def _step(step: ActionStep) -> Snapshot:
    return {
        "id": step.pk,
        "description": step.description,
        "language": step.language,
        "responsible_party": step.responsible_party,
        "responsible_person": step.responsible_person,
        "responsible_email": step.responsible_email,
        "partners": step.partners,
        "start_date": step.start_date.isoformat() if step.start_date else None,
        "due_date": step.due_date.isoformat() if step.due_date else None,
        "resources": step.resources,
        "measure": step.measure,
        "day_timing": step.day_timing,
        "weight": step.weight,
    }


def _item(item: ActionItem) -> Snapshot:
    return {
        "id": item.pk,
        "title": item.title,
        "language": item.language,
        "weight": item.weight,
        "support": item.support,
        "steps": [_step(s) for s in item.steps.all()],
    }


def snapshot_of(tree: PlanTree) -> Snapshot:
    """The whole plan as plain JSON (dates as ISO strings), as stored in a PlanVersion."""
    plan = tree.plan
    return {
        "title": plan.title,
        "introduction": plan.introduction,
        "language": plan.language,
        "strengths": [{"text": s.text, "language": s.language} for s in tree.strengths],
        "issues": [
            {
                "id": node.issue.pk,
                "text": node.issue.text,
                "language": node.issue.language,
                "dots": node.issue.dots,
                "sources": node.issue.sources,
                "items": [_item(i) for i in node.items],
            }
            for node in tree.issues
        ],
        "unassigned": [_item(i) for i in tree.unassigned],
    }


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    return " ".join(str(value).split())


def _item_lines(where: str, item: Snapshot) -> list[tuple[str, str]]:
    lines = [(f"{where} › {label}", _value(item.get(key))) for key, label in ITEM_FIELDS.items()]
    for n, step in enumerate(item.get("steps", []), start=1):
        step_where = f"{where} › " + gettext("Step %(number)d") % {"number": n}
        lines += [(f"{step_where} › {label}", _value(step.get(key))) for key, label in STEP_FIELDS.items()]
    return lines


def snapshot_lines(snapshot: Snapshot) -> list[tuple[str, str]]:
    """The snapshot as labelled lines, e.g. ("Issue 2 › Item 1 › Step 3 › Due date", "2027-03-01")."""
    lines = [(str(label), _value(snapshot.get(key))) for key, label in PLAN_FIELDS.items()]
    for n, strength in enumerate(snapshot.get("strengths", []), start=1):
        lines.append((gettext("Strength %(number)d") % {"number": n}, _value(strength.get("text"))))
    for n, issue in enumerate(snapshot.get("issues", []), start=1):
        where = gettext("Issue %(number)d") % {"number": n}
        lines += [(f"{where} › {label}", _value(issue.get(key))) for key, label in ISSUE_FIELDS.items()]
        for m, item in enumerate(issue.get("items", []), start=1):
            lines += _item_lines(f"{where} › " + gettext("Item %(number)d") % {"number": m}, item)
    for m, item in enumerate(snapshot.get("unassigned", []), start=1):
        lines += _item_lines(gettext("Item without an issue %(number)d") % {"number": m}, item)
    return lines


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "added", "removed" or "changed"
    where: str
    old: str
    new: str


def snapshot_diff(old: Snapshot, new: Snapshot) -> list[DiffRow]:
    """What changed between two snapshots, line by line (difflib over the labelled lines)."""
    a, b = snapshot_lines(old), snapshot_lines(new)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = a[i1:i2], b[j1:j2]
        added_at = dict(added)
        for where, value in removed:
            if where in added_at:
                rows.append(DiffRow("changed", where, value, added_at.pop(where)))
            else:
                rows.append(DiffRow("removed", where, value, ""))
        rows += [DiffRow("added", where, "", value) for where, value in added if where in added_at]
    return rows


def _date(value: object) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None


def _public_item(item: Snapshot) -> Snapshot:
    return {
        "title": item.get("title", ""),
        "language": item.get("language", ""),
        "steps": [
            {
                "description": s.get("description", ""),
                "language": s.get("language", ""),
                "responsible_party": s.get("responsible_party", ""),
                "partners": s.get("partners", ""),
                "start_date": _date(s.get("start_date")),
                "due_date": _date(s.get("due_date")),
                "measure": s.get("measure", ""),
            }
            for s in item.get("steps", [])
        ],
    }


def public_view(snapshot: Snapshot) -> Snapshot:
    """What the public may read of a published snapshot: no responsible person, no email, no day records."""
    return {
        "title": snapshot.get("title", ""),
        "introduction": snapshot.get("introduction", ""),
        "language": snapshot.get("language", ""),
        "strengths": [{"text": s.get("text", ""), "language": s.get("language", "")} for s in snapshot["strengths"]],
        "issues": [
            {
                "text": issue.get("text", ""),
                "language": issue.get("language", ""),
                "items": [_public_item(i) for i in issue.get("items", [])],
            }
            for issue in snapshot.get("issues", [])
        ],
        "unassigned": [_public_item(i) for i in snapshot.get("unassigned", [])],
    }
