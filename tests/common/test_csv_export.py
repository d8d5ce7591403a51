"""CSV formula injection: every CSV spcp writes neutralises cells a spreadsheet would run as a formula.

The hostile values go into every free-text field that reaches a CSV; the tests read each CSV back the way a
spreadsheet does and fail on any cell that would start a formula. Two guards keep the list complete: no module
but spcp/common/csv_export.py may use the csv module, and every place that writes a CSV through it must be
listed in CSV_WRITERS below (and so exercised here).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from spcp.actionplan.documents.export import export_documents
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue
from spcp.common.csv_export import csv_writer, safe_cell
from spcp.intake import services as intake_services
from spcp.intake.models import ProgramRequest
from spcp.offices.models import State
from spcp.programs.models import Program, ProgramType
from tests import factories

SPCP = factories.ROOT / "spcp"
HELPER = SPCP / "common" / "csv_export.py"

# Every module that writes a CSV, and the test below that fills its text fields with formulas and reads it back.
CSV_WRITERS = {
    "spcp/evaluation/views.py": "test_portfolio_csv_has_no_live_formula",
    "spcp/actionplan/documents/table.py": "test_action_items_csv_has_no_live_formula (HTTP and `spcp export`)",
    "spcp/forum/polis_export.py": "tests/forum/test_common_ground_and_export.py::test_formula_cells_are_neutralised",
}

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "=cmd|' /C calc'!A0",
]

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def live_formula(cell: str) -> bool:
    """Would a spreadsheet evaluate this cell? (Written independently of the helper under test.)"""
    if _PLAIN_NUMBER.fullmatch(cell):
        return False
    return cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_no_live_formula(rows: list[list[str]], expected: list[str]) -> None:
    cells = [cell for row in rows for cell in row]
    live = [cell for cell in cells if live_formula(cell)]
    assert not live, f"live formulas in the CSV: {live!r}"
    for value in expected:  # the hostile text did reach the file, neutralised and otherwise unchanged
        assert "'" + value in cells, f"{value!r} did not reach the CSV as quoted text"


# --- the helper ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_cell_quotes_every_formula_start(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Springfield", "Springfield"),
        ("", ""),
        (None, ""),
        ("-3", "-3"),
        ("-2.5", "-2.5"),
        ("42", "42"),
        (-7, -7),
        (12.5, 12.5),
        ("<5", "<5"),
        ("a=b", "a=b"),
        ("- a bullet", "'- a bullet"),
        ("-1+2", "'-1+2"),
        ("-1e5", "'-1e5"),
        ("+5", "'+5"),
    ],
)
def test_safe_cell_keeps_text_and_real_numbers_and_quotes_anything_else_with_a_trigger(value, expected):
    assert safe_cell(value) == expected


def test_writer_output_reads_back_as_quoted_text_and_numbers():
    out = io.StringIO()
    csv_writer(out).writerow(['=HYPERLINK("http://x","y")', -4, "-4", "Lakeside, north"])
    assert out.getvalue() == '"\'=HYPERLINK(""http://x"",""y"")",-4,-4,"Lakeside, north"\r\n'


# --- the guards ---------------------------------------------------------------------------------------------


def _sources() -> list[Path]:
    return sorted(p for p in SPCP.rglob("*.py") if "migrations" not in p.parts)


def test_no_module_but_the_helper_uses_the_csv_module():
    pattern = re.compile(r"^\s*(import csv\b|from csv import)|\bcsv\.(writer|DictWriter)\b", re.MULTILINE)
    offenders = [
        str(p.relative_to(factories.ROOT)) for p in _sources() if p != HELPER and pattern.search(p.read_text())
    ]
    assert not offenders, f"write CSV with spcp.common.csv_export.csv_writer, not the csv module: {offenders}"


def test_every_csv_writer_is_covered_by_a_hostile_value_test():
    writers = {
        str(p.relative_to(factories.ROOT))
        for p in _sources()
        if p != HELPER and re.search(r"\bcsv_writer\(|\bSafeCsvWriter\(", p.read_text())
    }
    assert writers == set(CSV_WRITERS), (
        "a module writes CSV without a test that seeds formulas into its text fields; add it to CSV_WRITERS "
        f"with such a test. Found {sorted(writers)}"
    )


def test_every_csv_content_type_comes_from_a_listed_writer():
    serving = {str(p.relative_to(factories.ROOT)) for p in _sources() if re.search(r"text/csv", p.read_text())}
    # items CSV: the view serves what table.render_csv writes
    assert serving <= set(CSV_WRITERS) | {"spcp/actionplan/documents/views.py"}, sorted(serving)


# --- the portfolio ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_portfolio_csv_has_no_live_formula(client, login, role_users, form_data):
    hostile_city, hostile_title, hostile_type = HOSTILE[0], HOSTILE[2], HOSTILE[3]
    # A member of the public asks for a program; their city travels into the program and the portfolio.
    response = client.post(reverse("intake:request"), {**form_data, "city": hostile_city, "state": "TX"})
    assert response.status_code == 302
    request = ProgramRequest.objects.get(city=hostile_city)
    conciliator = role_users["conciliator"]
    intake_services.request_accept(actor=conciliator, request=request, conciliator=conciliator, title=hostile_title)
    # Reference names are edited in the admin: free text too.
    ProgramType.objects.filter(pk=request.program_type.pk).update(name_translations={"en": hostile_type})
    State.objects.filter(code="TX").update(name_translations={"en": HOSTILE[4]})
    assert Program.objects.filter(city=hostile_city).exists()

    response = login(role_users["admin"]).get(reverse("portfolio:programs_csv"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert_no_live_formula(read_csv(response.content), [hostile_city, hostile_title, hostile_type, HOSTILE[4]])


@pytest.fixture
def form_data():
    return {
        "requester_name": "Dana Whitfield",
        "organisation": "Coalition",
        "organisation_role": "community_organisation",
        "email": "dana@coalition.example",
        "phone": "(305) 555-0199",
        "city": "Miami",
        "state": "FL",
        "trigger": "proactive",
        "incident_date": "",
        "incident_description": "",
        "concerns": ["race"],
        "languages": ["es"],
        "program_type": "spcp",
        "message": "",
    }


# --- the action items (HTTP and the export command) ---------------------------------------------------------

STEP_FIELDS = [
    "description",
    "responsible_party",
    "responsible_person",
    "partners",
    "day_timing",
    "resources",
    "measure",
]


def hostile_plan(program) -> dict[str, str]:
    """A plan whose issue, item and every free-text step field hold a formula; {field: the formula in it}."""
    values = iter(HOSTILE * 2)
    plan = Plan.objects.create(program=program, title="Plan", language="en")
    issue = PlanIssue.objects.create(plan=plan, order=1, text=next(values), language="en", dots=3)
    item = ActionItem.objects.create(plan=plan, issue=issue, order=1, title=next(values), language="en")
    step_values = {field: next(values) for field in STEP_FIELDS}
    ActionStep.objects.create(item=item, order=1, language="en", **step_values)
    return {"issue": issue.text, "item": item.title, **step_values}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_action_items_csv_has_no_live_formula(program, login, lang, tmp_path):
    seeded = hostile_plan(program)
    path = reverse("plan_documents:items_csv", kwargs={"program_id": program.pk})

    response = login(program.conciliator).get(path, {"format": "csv", "names": "1", "lang": lang})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert_no_live_formula(read_csv(response.content), list(seeded.values()))

    # `spcp export` writes the same table to disk, without the responsible person.
    assert export_documents(program_ids=[program.pk], languages=[lang], out_dir=str(tmp_path)) == 0
    exported = next(tmp_path.rglob(f"items-{lang}.csv")).read_bytes()
    assert_no_live_formula(read_csv(exported), [v for k, v in seeded.items() if k != "responsible_person"])
