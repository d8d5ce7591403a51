"""`spcp export`: write every plan's documents (report and plan as PDF and DOCX, items as CSV) in each
language to a folder, with a progress line per file on stderr. Names are never included from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from spcp.actionplan.documents.content import PlanContent, plan_content
from spcp.actionplan.documents.docx import render_docx
from spcp.actionplan.documents.pdf import render_pdf
from spcp.actionplan.documents.render import LANGUAGES
from spcp.actionplan.documents.table import render_csv
from spcp.actionplan.models import Plan


def filename(content: PlanContent, kind: str, lang: str, fmt: str) -> str:
    """`12-lakeside-plan-ko.pdf`: ASCII only (the slug is made with slugify)."""
    return f"{content.slug}-{kind}-{lang}.{fmt}"


def attachment(ascii_name: str, utf8_name: str) -> str:
    """A Content-Disposition value: an ASCII `filename` for old clients, the RFC 6266 UTF-8 `filename*`."""
    safe = ascii_name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def display_filename(content: PlanContent, kind: str, lang: str, fmt: str) -> str:
    """The name offered in the browser's save dialog, with the program's own title (any script)."""
    title = content.program_title.replace("/", "-").replace("\\", "-").strip() or content.slug
    return f"{title} - {kind}-{lang}.{fmt}"


FILES = [("report", "pdf"), ("report", "docx"), ("plan", "pdf"), ("plan", "docx"), ("items", "csv")]


def render(content: PlanContent, kind: str, lang: str, fmt: str) -> bytes:
    """One document's bytes: report/plan as pdf or docx, items as csv."""
    if fmt == "csv":
        return render_csv(content, lang)
    if fmt == "docx":
        return render_docx(content, kind, lang)
    return render_pdf(content, kind, lang)


def _size(n: int) -> str:
    return f"{max(1, round(n / 1024))} KB"


def export_documents(
    program_ids: list[int] | None, languages: list[str], out_dir: str, stderr: TextIO | None = None
) -> int:
    """Write the documents of every plan (or of `program_ids`) in `languages` under out_dir/<slug>/; exit code."""
    err = stderr or sys.stderr
    bad = [lang for lang in languages if lang not in LANGUAGES]
    if bad:
        print(f"unknown language: {', '.join(bad)} (use en or ko)", file=err)
        return 2
    plans = Plan.objects.select_related("program").order_by("program_id")
    if program_ids:
        plans = plans.filter(program_id__in=program_ids)
    plan_list = list(plans)
    if program_ids:
        missing = sorted(set(program_ids) - {p.program_id for p in plan_list})
        if missing:
            print(f"no action plan for program(s): {', '.join(map(str, missing))}", file=err)
            return 1
    if not plan_list:
        print("no action plans to export", file=err)
        return 0
    root = Path(out_dir)
    contents = [plan_content(plan, include_names=False) for plan in plan_list]
    work = [(c, kind, lang, fmt) for c in contents for lang in languages for kind, fmt in FILES]
    total_bytes = 0
    for done, (content, kind, lang, fmt) in enumerate(work, start=1):
        folder = root / content.slug
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{lang}.{fmt}"
        data = render(content, kind, lang, fmt)
        (folder / name).write_bytes(data)
        total_bytes += len(data)
        print(f"[{done}/{len(work)}] {content.slug}/{name} ({_size(len(data))})", file=err, flush=True)
    print(
        f"exported {len(work)} files for {len(plan_list)} plan(s) into {root} ({_size(total_bytes)})",
        file=err,
        flush=True,
    )
    return 0
