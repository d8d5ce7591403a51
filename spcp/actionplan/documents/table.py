"""CSV of action items and steps: one row per step (with its item and issue), ISO dates, UTF-8 with a BOM
so Excel opens Korean correctly, the header row in the requested language."""

from __future__ import annotations

import io

from django.utils import translation

from spcp.actionplan.documents.content import PlanContent, labels, step_rows
from spcp.actionplan.models import StepStatus
from spcp.common.csv_export import csv_writer


def render_csv(content: PlanContent, lang: str) -> bytes:
    """The action items as CSV bytes (UTF-8 with BOM)."""
    with translation.override(lang):
        words = labels()
        status_labels = {value: str(label) for value, label in StepStatus.choices}
    header = [
        words["issue_number"],
        words["issue"],
        words["item_number"],
        words["item"],
        words["step_number"],
        words["step"],
        words["responsible"],
    ]
    if content.include_names:
        header.append(words["person"])
    header += [
        words["partners"],
        words["start"],
        words["due"],
        words["timing"],
        words["resources"],
        words["measure"],
        words["status"],
        words["percent"],
        words["text_language"],
    ]
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    for row in step_rows(content):
        step = row.step
        line = [
            str(row.issue.number) if row.issue else "",
            row.issue.text.text if row.issue else "",
            row.item.number,
            row.item.title.text,
            step.number if step else "",
            step.description.text if step else "",
            step.responsible_party if step else "",
        ]
        if content.include_names:
            line.append(step.responsible_person if step else "")
        line += [
            step.partners if step else "",
            step.start_date.isoformat() if step and step.start_date else "",
            step.due_date.isoformat() if step and step.due_date else "",
            step.day_timing if step else "",
            step.resources if step else "",
            step.measure if step else "",
            status_labels.get(step.status, step.status) if step else "",
            str(step.percent) if step else "",
            step.description.language if step else row.item.title.language,
        ]
        writer.writerow(line)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
