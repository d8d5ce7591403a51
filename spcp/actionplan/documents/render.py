"""Shared rendering helpers: the document kinds, languages, and the print HTML (PDF and browser preview)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from spcp.actionplan.documents.content import PlanContent, group_label, labels, step_rows
from spcp.actionplan.models import PlanStatus, StepStatus
from spcp.common.context_processors import LANGUAGE_NAMES

KINDS = ("report", "plan")
LANGUAGES = ("en", "ko")


def document_title(kind: str) -> str:
    """The document's title in the active language."""
    words = labels()
    return {"report": words["report_title"], "plan": words["plan_title"]}.get(kind, words["items_title"])


def context(content: PlanContent, kind: str, lang: str) -> dict[str, Any]:
    """Everything the print template needs, with labels in `lang`."""
    with translation.override(lang):
        words = labels()
        return {
            "c": content,
            "issue_headings": {i.number: words["issue_heading"] % {"number": i.number} for i in content.issues},
            "item_headings": {i.number: words["item_heading"] % {"number": i.number} for i in content.items},
            "rows": step_rows(content) if kind == "items" else [],
            "kind": kind,
            "doc_lang": lang,
            "doc_title": document_title(kind),
            "L": words,
            "language_names": LANGUAGE_NAMES,
            "group_labels": {key: group_label(key) for key in ("law_enforcement", "community", "small_groups")},
            "status_labels": {value: str(label) for value, label in StepStatus.choices},
            "plan_status_label": str(PlanStatus(content.status).label) if content.status in PlanStatus.values else "",
        }


def render_html(content: PlanContent, kind: str, lang: str, *, style_nonce: str = "") -> str:
    """The document as a standalone HTML page (dates formatted for `lang`); in a browser, its <style> carries the
    response's Content-Security-Policy nonce."""
    with translation.override(lang):
        return render_to_string(
            "actionplan/documents/document.html", {**context(content, kind, lang), "style_nonce": style_nonce}
        )
