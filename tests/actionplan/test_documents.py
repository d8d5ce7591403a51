"""The plan documents: the day's report and the action plan (PDF, DOCX), the action items (CSV), in English
and Korean, with no participant identity unless program staff include named roles (and never an email)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from weasyprint import HTML

from spcp.actionplan.documents.content import plan_content
from spcp.actionplan.documents.pdf import render_pdf
from spcp.actionplan.models import ActionItem, ActionStep
from tests.actionplan.documents_helpers import EMAIL, KOREAN_EMAIL, KOREAN_PERSON, PERSON, make_plan

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(program, name: str, page: str = "en", **query: str) -> str:
    """The route under the /<page>/ language prefix, with `query` as the query string."""
    path = reverse(f"plan_documents:{name}", kwargs={"program_id": program.pk}).replace("/en/", f"/{page}/", 1)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def poppler(tool: str, *args: str) -> str:
    """Run one of poppler-utils' tools (installed system-wide) and return what it printed."""
    exe = shutil.which(tool)
    assert exe, f"{tool} is not installed (poppler-utils)"
    return subprocess.run([exe, *args], capture_output=True, check=True, text=True).stdout  # noqa: S603


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with runs of whitespace made single spaces (table cells wrap names onto two lines)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = poppler("pdftotext", str(path), "-")
    return " ".join(text.split())


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (WeasyPrint packs the catalog into object streams)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def plan(program):
    return make_plan(program)


@pytest.fixture
def conciliator_client(client, role_users):
    client.force_login(role_users["conciliator"])
    return client


# --- content -------------------------------------------------------------------------------------------------


def test_content_reads_issues_solutions_support_and_steps_from_the_models(plan):
    content = plan_content(plan)
    assert [s.text for s in content.strengths] == ["Neighbours know each other", "교회 지도자들의 협력"]
    issue = content.issues[0]
    assert issue.dots == 14 and [s.language for s in issue.sources] == ["en", "ko"]
    solution = issue.solutions[0]
    assert (solution.agree, solution.disagree, solution.passed, solution.bridging) == (21, 3, 2, 0.61)
    assert [g.key for g in solution.groups] == ["law_enforcement", "community"]
    item = content.sections[0].items[0]
    assert item.number == "1.1" and [s.number for s in item.steps] == ["1.1.1", "1.1.2"]
    assert item.percent == 25  # (50 + 0) / 2, equal step weights


def test_content_leaves_out_people_by_default_and_never_reads_emails(plan):
    default = plan_content(plan)
    named = plan_content(plan, include_names=True)
    assert PERSON not in repr(default) and KOREAN_PERSON not in repr(default)
    assert PERSON in repr(named) and KOREAN_PERSON in repr(named)
    assert EMAIL not in repr(named) and KOREAN_EMAIL not in repr(named)


def test_item_progress_is_weighted_by_step_and_ignores_dropped_steps(plan):
    steps = list(ActionStep.objects.filter(item__plan=plan).order_by("order"))
    ActionStep.objects.filter(pk=steps[0].pk).update(weight=3, percent=100, status="done")
    ActionStep.objects.filter(pk=steps[1].pk).update(percent=20)
    assert plan_content(plan).items[0].percent == 80  # (100*3 + 20*1) / 4
    ActionStep.objects.filter(pk=steps[1].pk).update(status="dropped")
    assert plan_content(plan).items[0].percent == 100


# --- no participant identity --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_pdf_names_no_person_and_no_email_by_default(conciliator_client, program, plan, kind, tmp_path):
    response = conciliator_client.get(url(program, kind, format="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Distrust after traffic stops" in text
    for secret in (PERSON, EMAIL, KOREAN_PERSON, KOREAN_EMAIL):
        assert secret not in text


def test_plan_pdf_with_names_for_a_conciliator_shows_the_person_but_never_the_email(
    conciliator_client, program, plan, tmp_path
):
    text = pdf_text(conciliator_client.get(url(program, "plan", format="pdf", names="1")).content, tmp_path)
    assert PERSON in text and KOREAN_PERSON in text
    assert EMAIL not in text and KOREAN_EMAIL not in text


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_docx_names_no_person_and_no_email_by_default(conciliator_client, program, plan, kind):
    response = conciliator_client.get(url(program, kind, format="docx"))
    assert response["Content-Type"] == DOCX_MIME
    text = docx_text(response.content)
    assert "Distrust after traffic stops" in text
    for secret in (PERSON, EMAIL, KOREAN_PERSON, KOREAN_EMAIL):
        assert secret not in text


def test_plan_docx_with_names_for_a_conciliator_shows_the_person_but_never_the_email(conciliator_client, program, plan):
    text = docx_text(conciliator_client.get(url(program, "plan", format="docx", names="1")).content)
    assert PERSON in text and KOREAN_PERSON in text
    assert EMAIL not in text and KOREAN_EMAIL not in text


def test_csv_names_no_person_and_no_email_by_default(conciliator_client, program, plan):
    data = conciliator_client.get(url(program, "items_csv", format="csv")).content
    text = data.decode("utf-8-sig")
    for secret in (PERSON, EMAIL, KOREAN_PERSON, KOREAN_EMAIL):
        assert secret not in text


def test_csv_with_names_for_a_conciliator_shows_the_person_but_never_the_email(conciliator_client, program, plan):
    rows = csv_rows(conciliator_client.get(url(program, "items_csv", format="csv", names="1")).content)
    assert "Responsible person" in rows[0]
    column = rows[0].index("Responsible person")
    assert [r[column] for r in rows[1:]] == [PERSON, KOREAN_PERSON]
    assert EMAIL not in str(rows) and KOREAN_EMAIL not in str(rows)


@pytest.mark.parametrize("member", ["planning_member", "council_member"])
def test_names_flag_is_ignored_for_program_members(client, role_users, program, plan, member, tmp_path):
    client.force_login(role_users[member])
    csv_data = client.get(url(program, "items_csv", format="csv", names="1")).content.decode("utf-8-sig")
    docx_data = docx_text(client.get(url(program, "plan", format="docx", names="1")).content)
    for text in (csv_data, docx_data):
        assert PERSON not in text and KOREAN_PERSON not in text and EMAIL not in text


def test_browser_preview_names_no_person_by_default(conciliator_client, program, plan):
    html = conciliator_client.get(url(program, "plan")).content.decode()
    assert PERSON not in html and EMAIL not in html and "Set the walk schedule" in html


# --- CSV --------------------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_step_with_item_issue_iso_dates_status_and_percent(conciliator_client, program, plan):
    response = conciliator_client.get(url(program, "items_csv", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response.content)
    header, first, second = rows[0], rows[1], rows[2]
    assert len(rows) == 3
    row = dict(zip(header, first, strict=True))
    assert row["Priority issue"] == "Distrust after traffic stops"
    assert row["Action item"] == "Monthly community walks with officers"
    assert row["Action step"] == "Set the walk schedule"
    assert (row["Start date"], row["Due date"]) == ("2026-01-10", "2026-02-28")
    assert (row["Status"], row["Percent complete"]) == ("In progress", "50")
    assert dict(zip(header, second, strict=True))["Action step"] == "한국어 통역 자원봉사자 모집"


def test_korean_csv_header_row_is_in_korean(conciliator_client, program, plan):
    rows = csv_rows(conciliator_client.get(url(program, "items_csv", page="ko", format="csv")).content)
    assert "마감일" in rows[0] and "Due date" not in rows[0]
    assert "한국어 통역 자원봉사자 모집" in rows[2]


# --- PDF: Korean glyphs, tagging, metadata --------------------------------------------------------------------


def test_a_korean_heading_renders_with_an_embedded_noto_cjk_font(tmp_path):
    css = render_to_string("actionplan/documents/print.css")
    html = f'<html lang="ko"><head><title>실행 계획</title><style>{css} h1 {{ font-size: 64pt; }}</style></head>'
    html += "<body><h1>실행 계획</h1></body></html>"
    pdf = tmp_path / "heading.pdf"
    pdf.write_bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
    fonts = poppler("pdffonts", str(pdf))
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts  # embedded
    poppler("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    top = image.crop((0, 0, image.width, image.height // 4))  # the heading sits at the top of the page
    dark = sum(1 for value in top.get_flattened_data() if value < 128)
    assert dark > 200, "the Korean heading left the page blank"
    text = poppler("pdftotext", str(pdf), "-")
    assert "실행 계획" in text  # the glyphs map back to the Korean text (not tofu boxes)


def test_korean_report_pdf_is_tagged_pdf_ua_with_language_title_and_embedded_noto_cjk(plan, tmp_path):
    data = render_pdf(plan_content(plan), "report", "ko")
    objects = pdf_objects(data)
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (ko)", b"pdfuaid:part"):
        assert marker in objects, marker
    path = tmp_path / "report-ko.pdf"
    path.write_bytes(data)
    info = poppler("pdfinfo", str(path))
    assert "Tagged:          yes" in info and "Title:           " in info and "Springfield SPCP" in info
    fonts = poppler("pdffonts", str(path))
    assert "Noto-Sans-CJK-KR" in fonts
    assert "교회 지도자들의 협력" in pdf_text(data, tmp_path)


# --- DOCX structure ---------------------------------------------------------------------------------------------


def test_docx_has_real_headings_repeating_table_headers_core_properties_and_east_asian_font(
    conciliator_client, program, plan
):
    data = conciliator_client.get(url(program, "plan", page="ko", format="docx")).content
    document = Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    assert document.core_properties.language == "ko-KR" and program.title in document.core_properties.title
    header_row = document.tables[0].rows[0]._tr
    assert header_row.trPr.find(qn("w:tblHeader")) is not None
    for style_name in ("Normal", "Heading 1", "Heading 2"):
        fonts = document.styles[style_name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK KR"
    korean_runs = [r for p in document.tables[0].rows[2].cells[0].paragraphs for r in p.runs]
    assert korean_runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ko-KR"


# --- views --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "mime", "suffix"),
    [
        ("report", "pdf", "application/pdf", "report-ko.pdf"),
        ("plan", "docx", DOCX_MIME, "plan-ko.docx"),
        ("items_csv", "csv", "text/csv; charset=utf-8", "items-ko.csv"),
    ],
)
def test_downloads_are_attachments_with_ascii_and_utf8_filenames(
    conciliator_client, program, plan, name, fmt, mime, suffix
):
    response = conciliator_client.get(url(program, name, page="ko", format=fmt))
    assert response.status_code == 200 and response["Content-Type"] == mime
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{program.pk}-')
    assert f'{suffix}"' in disposition and "filename*=UTF-8''Springfield%20SPCP%20-%20" in disposition
    assert disposition.isascii()


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("report", {"lang": "fr"}, "Use lang=en or lang=ko"),
        ("plan", {"format": "odt"}, "Use format=html, format=pdf or format=docx"),
        ("items_csv", {"format": "pdf"}, "Use format=html or format=csv"),
    ],
)
def test_unknown_language_or_format_answers_400_with_the_accepted_values(
    conciliator_client, program, plan, name, query, message
):
    response = conciliator_client.get(url(program, name, **query))
    assert response.status_code == 400 and message in response.content.decode()


def test_language_defaults_to_the_page_language(conciliator_client, program, plan):
    html = conciliator_client.get(url(program, "report", page="ko")).content.decode()
    assert '<html lang="ko">' in html
    assert '<span lang="en">Neighbours know each other</span>' in html  # people's text keeps its language


def test_documents_answer_404_when_the_program_has_no_plan_and_the_index_says_so(conciliator_client, program):
    assert conciliator_client.get(url(program, "report", format="pdf")).status_code == 404
    page = conciliator_client.get(url(program, "index"))
    assert page.status_code == 200 and "There is no action plan yet" in page.content.decode()


def test_documents_of_another_regions_program_are_hidden(client, role_users, program, plan):
    client.force_login(role_users["other_conciliator"])
    assert client.get(url(program, "plan", format="pdf")).status_code == 404
    assert client.get(url(program, "index")).status_code == 404


def test_index_offers_named_roles_to_staff_only(client, role_users, program, plan):
    client.force_login(role_users["conciliator"])
    assert 'name="names"' in client.get(url(program, "index")).content.decode()
    client.force_login(role_users["planning_member"])
    page = client.get(url(program, "index")).content.decode()
    assert 'name="names"' not in page and 'action="/en/programs/' in page


def test_index_page_query_count(conciliator_client, program, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert conciliator_client.get(url(program, "index")).status_code == 200


def test_plan_document_query_count_does_not_grow_with_items_and_steps(conciliator_client, program, plan):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert conciliator_client.get(url(program, "plan", format="docx")).status_code == 200
        return len(captured)

    queries()  # the first page of a program also looks up its time zone (then cached)
    before = queries()
    issue = plan.issues.first()
    for n in range(3):
        item = ActionItem.objects.create(plan=plan, issue=issue, order=10 + n, title=f"Item {n}", language="en")
        for m in range(3):
            ActionStep.objects.create(
                item=item, order=m, description=f"Step {m}", language="en", responsible_party="City"
            )
    assert queries() == before <= 12


def test_a_plan_running_over_several_pages_renders_as_tagged_pdf_wherever_its_tables_break(plan, tmp_path):
    # A table caption left alone at the foot of a page once broke WeasyPrint's PDF/UA tagging ("Table wrapper
    # without a table"); shifting the content line by line puts a caption at a page foot in one of these runs.
    issue = plan.issues.first()
    for n in range(6):
        item = ActionItem.objects.create(plan=plan, issue=issue, order=10 + n, title=f"Item {n} " * 8, language="en")
        for m in range(4):
            ActionStep.objects.create(
                item=item, order=m, description=f"Step {m} " * 12, language="en", responsible_party="City"
            )
    for lines in range(0, 12, 2):
        plan.introduction = "\n".join(["A line of introduction that fills the page."] * lines)
        plan.save(update_fields=["introduction"])
        data = render_pdf(plan_content(plan), "plan", "en")
        assert b"/StructTreeRoot" in pdf_objects(data)
