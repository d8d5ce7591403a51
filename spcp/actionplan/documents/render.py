"""Shared rendering helpers: the document kinds, languages, and the print HTML (PDF and browser preview)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp import analysis
from spcp.actionplan.documents.content import Compared, PlanContent, agreement, group_label, labels, step_rows
from spcp.actionplan.models import PlanStatus, StepStatus
from spcp.common.context_processors import LANGUAGE_NAMES

KINDS = ("report", "plan")
LANGUAGES = ("en", "ko")


def document_title(kind: str) -> str:
    """The document's title in the active language."""
    words = labels()
    return {"report": words["report_title"], "plan": words["plan_title"]}.get(kind, words["items_title"])


def share_text(side: analysis.SideAnswers) -> str:
    """ "8 of 10 (80%)": a side's agree answers out of its answers, with the share (active language)."""
    return _("%(agree)s of %(n)s (%(percent)s%%)") % {
        "agree": side.agree,
        "n": side.answered,
        "percent": round(side.percent),
    }


def _compared_rows(found: tuple[Compared, ...]) -> list[dict[str, Any]]:
    return [
        {
            "solution": c.solution,
            "police": share_text(c.police),
            "community": share_text(c.community),
            "gap": round(c.gap),
        }
        for c in found
    ]


def agreement_context(content: PlanContent, words: dict[str, str]) -> dict[str, Any]:
    """The report's common-ground and differences sections, their cells written out (active language)."""
    found = agreement(content)
    too_few = ngettext(
        "%(counter)s solution had too few answers from one side to be compared.",
        "%(counter)s solutions had too few answers from one side to be compared.",
        found.too_few,
    ) % {"counter": found.too_few}
    return {
        "parts": [
            {
                "heading": words[f"{name}_heading"],
                "intro": words[f"{name}_intro"],
                "caption": words[f"{name}_caption"],
                "none": words[f"{name}_none"],
                "rows": _compared_rows(rows),
            }
            for name, rows in (("agree", found.agree), ("differ", found.differ))
        ],
        "too_few": too_few if found.too_few else "",
    }


def context(content: PlanContent, kind: str, lang: str) -> dict[str, Any]:
    """Everything the print template needs, with labels in `lang`."""
    with translation.override(lang):
        words = labels()
        return {
            "c": content,
            "agreement": agreement_context(content, words) if kind == "report" else None,
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
