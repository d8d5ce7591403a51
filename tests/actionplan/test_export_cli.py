"""`spcp export`: every plan's documents in each language, with a progress line per file, and no names."""

from __future__ import annotations

import io

from docx import Document

from spcp.actionplan.documents.export import export_documents
from tests import factories
from tests.actionplan.documents_helpers import EMAIL, PERSON, make_plan


def test_export_writes_each_document_and_format_per_language_with_progress(program, tmp_path):
    make_plan(program)
    other = factories.program(state="TX", title="Lakeside SPCP", city="Lakeside")
    make_plan(other, title="Lakeside plan")
    err = io.StringIO()

    code = export_documents(program_ids=None, languages=["en", "ko"], out_dir=str(tmp_path), stderr=err)

    assert code == 0
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == sorted([f"{program.pk}-{program.city.lower()}", f"{other.pk}-lakeside"])
    names = sorted(p.name for p in (tmp_path / f"{other.pk}-lakeside").iterdir())
    assert names == sorted(
        f"{kind}-{lang}.{fmt}"
        for lang in ("en", "ko")
        for kind, fmt in [("report", "pdf"), ("report", "docx"), ("plan", "pdf"), ("plan", "docx"), ("items", "csv")]
    )
    lines = err.getvalue().splitlines()
    assert len(lines) == 21  # 2 plans × 2 languages × 5 files, and the summary
    assert lines[0].startswith("[1/20] ") and lines[19].startswith("[20/20] ") and lines[0].endswith(" KB)")
    assert f"[20/20] {other.pk}-lakeside/items-ko.csv (" in lines[19]
    assert lines[20].startswith("exported 20 files for 2 plan(s)")


def test_export_never_includes_names_or_emails(program, tmp_path):
    make_plan(program)
    export_documents(program_ids=[program.pk], languages=["en"], out_dir=str(tmp_path), stderr=io.StringIO())
    (folder,) = tmp_path.iterdir()
    csv_text = (folder / "items-en.csv").read_bytes().decode("utf-8-sig")
    assert "Set the walk schedule" in csv_text
    assert PERSON not in csv_text and EMAIL not in csv_text
    document = Document(str(folder / "plan-en.docx"))
    text = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Police community liaison office" in text and PERSON not in text and EMAIL not in text


def test_export_of_a_program_without_a_plan_fails_with_a_message(program, tmp_path):
    err = io.StringIO()
    assert export_documents(program_ids=[program.pk], languages=["ko"], out_dir=str(tmp_path), stderr=err) == 1
    assert f"no action plan for program(s): {program.pk}" in err.getvalue()
    assert not list(tmp_path.iterdir())


def test_export_with_no_plans_at_all_says_so_and_succeeds(db, tmp_path):
    err = io.StringIO()
    assert export_documents(program_ids=None, languages=["en"], out_dir=str(tmp_path), stderr=err) == 0
    assert "no action plans to export" in err.getvalue()
