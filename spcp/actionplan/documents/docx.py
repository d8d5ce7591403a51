"""DOCX with python-docx: real Heading 1/2/3 styles (the navigation pane works), tables whose first row
repeats on every page, core properties (title, language), and the East Asian font slot set to Noto Sans CJK
so Word renders Korean with a Korean font. People's text runs carry their own language (w:lang)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import formats, translation
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from spcp.actionplan.documents.content import PlanContent, Step, Text
from spcp.actionplan.documents.render import context

CJK_FONT = "Noto Sans CJK KR"
LATIN_FONT = "Noto Sans"
# Word's language tags for the run's w:lang (Latin) and w:eastAsia slots.
WORD_LANG = {"en": "en-US", "ko": "ko-KR", "es": "es-US", "zh-hans": "zh-CN", "zh": "zh-CN", "vi": "vi-VN"}


def _word_lang(code: str) -> str:
    return WORD_LANG.get(code.lower(), code)


def _set_fonts(style: Any, lang: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), _word_lang(lang))
    language.set(qn("w:eastAsia"), "ko-KR")


def _run_lang(run: Any, code: str) -> None:
    rpr = run._r.get_or_add_rPr()
    language = OxmlElement("w:lang")
    tag = _word_lang(code)
    language.set(qn("w:val"), tag)
    if code.lower().startswith(("ko", "zh", "ja")):
        language.set(qn("w:eastAsia"), tag)
    rpr.append(language)


def _text(paragraph: Paragraph, text: Text, doc_lang: str, names: dict[str, str]) -> None:
    run = paragraph.add_run(text.text)
    _run_lang(run, text.language)
    if text.language != doc_lang:
        tag = paragraph.add_run(f" [{names.get(text.language, text.language)}]")
        tag.font.size = Pt(8)
        _run_lang(tag, text.language)


def _repeat_header(table: Table) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _table(
    document: Any, headers: list[str], rows: list[list[str | Text]], doc_lang: str, names: dict[str, str]
) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    _repeat_header(table)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, Text):
                _text(cell.paragraphs[0], value, doc_lang, names)
            else:
                cell.text = value


def _date(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def render_docx(content: PlanContent, kind: str, lang: str) -> bytes:
    """The report or plan as DOCX bytes, labels and dates in `lang`."""
    ctx = context(content, kind, lang)
    words: dict[str, str] = ctx["L"]
    names: dict[str, str] = ctx["language_names"]
    with translation.override(lang):
        document = Document()
        for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            _set_fonts(document.styles[style_name], lang)
        props = document.core_properties
        props.title = f"{ctx['doc_title']} — {content.program_title}"
        props.language = _word_lang(lang)
        props.subject = content.title.text
        props.author = "SPCP"

        document.add_heading(ctx["doc_title"], level=0)
        document.add_paragraph(content.program_title)
        meta = document.add_paragraph()
        meta.add_run(f"{words['plan_title']}: ").bold = True
        _text(meta, content.title, lang, names)
        if content.forum_date:
            document.add_paragraph(f"{words['forum_date']}: {_date(content.forum_date)}")
        document.add_paragraph(f"{words['plan_status']}: {ctx['plan_status_label']}")
        document.add_paragraph(f"{words['version']}: {content.version}")
        document.add_paragraph(f"{words['generated_on']}: {_date(content.generated_on)}")
        note = words["names_note"] if content.include_names else words["privacy_note"]
        document.add_paragraph(f"{note} {words['language_of_text']}")

        if kind == "report":
            _report(document, content, words, ctx, lang, names)
        else:
            _plan(document, content, words, ctx, lang, names)

        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _report(
    document: Any, content: PlanContent, words: dict[str, str], ctx: dict[str, Any], lang: str, names: dict[str, str]
) -> None:
    document.add_heading(words["strengths"], level=1)
    document.add_paragraph(words["strengths_intro"])
    for strength in content.strengths:
        _text(document.add_paragraph(style="List Bullet"), strength, lang, names)
    if not content.strengths:
        document.add_paragraph(words["none"])
    document.add_heading(words["issues"], level=1)
    document.add_paragraph(words["issues_intro"])
    for issue in content.issues:
        heading = document.add_heading(f"{issue.number}. ", level=2)
        _text(heading, issue.text, lang, names)
        document.add_paragraph(f"{words['dots']}: {issue.dots}")
        if issue.sources:
            document.add_heading(words["merged"], level=3)
            for src in issue.sources:
                _text(document.add_paragraph(style="List Bullet"), src, lang, names)
        document.add_heading(words["solutions"], level=3)
        for sol in issue.solutions:
            para = document.add_paragraph()
            para.add_run(f"{sol.number} ").bold = True
            _text(para, sol.title, lang, names)
            if not sol.has_support:
                document.add_paragraph(words["no_support"])
                continue
            rows: list[list[str | Text]] = [[words["all"], "—", str(sol.agree), str(sol.disagree), str(sol.passed)]]
            rows += [
                [ctx["group_labels"].get(g.key, g.key), str(g.members), str(g.agree), str(g.disagree), str(g.passed)]
                for g in sol.groups
            ]
            document.add_paragraph(f"{words['support_caption']} ({sol.number})", style="Caption")
            _table(
                document,
                [words["group"], words["members"], words["agree"], words["disagree"], words["pass"]],
                rows,
                lang,
                names,
            )
            if sol.bridging is not None:
                document.add_paragraph(f"{words['bridging']}: {sol.bridging:.2f}")
            else:
                document.add_paragraph(words["bridging_pending"])
        if not issue.solutions:
            document.add_paragraph(words["none"])
    headers = [words["solution"], words["police_agree"], words["community_agree"], words["gap"]]
    for part in ctx["agreement"]["parts"]:
        document.add_heading(part["heading"], level=1)
        document.add_paragraph(part["intro"])
        if not part["rows"]:
            document.add_paragraph(part["none"])
            continue
        document.add_paragraph(part["caption"], style="Caption")
        compared: list[list[str | Text]] = [
            [Text(f"{r['solution'].number} {r['solution'].title.text}", r["solution"].title.language)]
            + [r["police"], r["community"], str(r["gap"])]
            for r in part["rows"]
        ]
        _table(document, headers, compared, lang, names)
    if ctx["agreement"]["too_few"]:
        document.add_paragraph(ctx["agreement"]["too_few"])


def _step_cells(step: Step, ctx: dict[str, Any], include_names: bool) -> list[str | Text]:
    lang = step.description.language
    due = _date(step.due_date) if step.due_date else (step.day_timing or "—")
    cells: list[str | Text] = [Text(f"{step.number} {step.description.text}", lang), Text(step.responsible_party, lang)]
    if include_names:
        cells.append(step.responsible_person or "—")
    cells += [
        Text(step.partners or "—", lang),
        _date(step.start_date),
        due,
        Text(step.resources or "—", lang),
        Text(step.measure or "—", lang),
        ctx["status_labels"].get(step.status, step.status),
        f"{step.percent}%",
    ]
    return cells


def _plan(
    document: Any, content: PlanContent, words: dict[str, str], ctx: dict[str, Any], lang: str, names: dict[str, str]
) -> None:
    if content.introduction:
        document.add_heading(words["introduction"], level=1)
        _text(document.add_paragraph(), content.introduction, lang, names)
    headers = [words["step"], words["responsible"]]
    if content.include_names:
        headers.append(words["person"])
    headers += [
        words["partners"],
        words["start"],
        words["due"],
        words["resources"],
        words["measure"],
        words["status"],
        words["percent"],
    ]
    for section in content.sections:
        if section.issue:
            heading = document.add_heading(ctx["issue_headings"][section.issue.number] + " ", level=1)
            _text(heading, section.issue.text, lang, names)
        else:
            document.add_heading(words["other_items"], level=1)
        for item in section.items:
            heading = document.add_heading(ctx["item_headings"][item.number] + " ", level=2)
            _text(heading, item.title, lang, names)
            document.add_paragraph(f"{words['progress']}: {item.percent}% · {words['weight']}: {item.weight}")
            if item.steps:
                document.add_paragraph(f"{words['steps_caption']} ({item.number})", style="Caption")
                rows = [_step_cells(step, ctx, content.include_names) for step in item.steps]
                _table(document, headers, rows, lang, names)
            else:
                document.add_paragraph(words["no_steps"])
    if not content.sections:
        document.add_paragraph(words["no_items"])
