"""PDF: the print HTML through WeasyPrint, tagged PDF/UA-1 (Section 508), Noto Sans CJK for Korean."""

from __future__ import annotations

from weasyprint import HTML

from spcp.actionplan.documents.content import PlanContent
from spcp.actionplan.documents.render import render_html


def render_pdf(content: PlanContent, kind: str, lang: str) -> bytes:
    """The report or plan as PDF bytes; title and language come from the HTML's <title> and lang."""
    html = render_html(content, kind, lang)
    # base_url None and no external URLs in the template: nothing is fetched over the network.
    document = HTML(string=html, base_url=None)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
