"""The portfolio: programs by region with plan progress and survey shares, scoped by role, and its CSV."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone

from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanStatus, StepStatus
from spcp.evaluation.models import Wave
from spcp.programs.models import Phase
from tests import factories
from tests.evaluation.conftest import answer, make_survey


def _plan_with_steps(program, statuses_and_days):
    plan = Plan.objects.create(program=program, title="Plan", status=PlanStatus.APPROVED)
    item = ActionItem.objects.create(plan=plan, title="Solution", language="en")
    today = timezone.localdate()
    for status, days in statuses_and_days:
        ActionStep.objects.create(
            item=item,
            description="Step",
            language="en",
            responsible_party="City",
            due_date=today + datetime.timedelta(days=days),
            status=status,
        )
    return plan


def test_regional_director_sees_only_their_region(login, program, other_program, role_users):
    html = login(role_users["regional_director"]).get("/en/portfolio/").content.decode()
    assert "Springfield SPCP" in html and "Albany SPCP" not in html
    assert 'name="region"' not in html  # nothing to filter


def test_region_parameter_cannot_widen_a_regional_view(login, program, other_program, role_users):
    html = login(role_users["conciliator"]).get("/en/portfolio/?region=northeast").content.decode()
    assert "Springfield SPCP" in html and "Albany SPCP" not in html


def test_administrator_sees_every_region_and_can_filter(login, program, other_program, role_users):
    client = login(role_users["admin"])
    everything = client.get("/en/portfolio/").content.decode()
    assert "Springfield SPCP" in everything and "Albany SPCP" in everything
    northeast = client.get("/en/portfolio/?region=northeast").content.decode()
    assert "Albany SPCP" in northeast and "Springfield SPCP" not in northeast


def test_volunteers_are_refused(login, program, role_users):
    assert login(role_users["planning_member"]).get("/en/portfolio/").status_code == 403


def test_overdue_steps_count_only_late_steps_not_done_or_dropped(login, program, role_users):
    _plan_with_steps(
        program,
        [
            (StepStatus.NOT_STARTED, -3),
            (StepStatus.IN_PROGRESS, -1),
            (StepStatus.BLOCKED, -10),
            (StepStatus.DONE, -5),
            (StepStatus.DROPPED, -5),
            (StepStatus.NOT_STARTED, 0),
            (StepStatus.NOT_STARTED, 7),
        ],
    )
    rows = _csv(login(role_users["regional_director"]))
    assert rows[1][rows[0].index("Overdue action steps")] == "3"
    assert rows[1][rows[0].index("Action plan status")] == "Approved"


def _csv(client, query=""):
    response = client.get(f"/en/portfolio/programs.csv{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_one_row_per_program_with_latest_survey_shares(login, program, other_program, role_users):
    program.forum_date = datetime.date(2026, 5, 9)
    program.save()
    make_survey(program, Wave.BASELINE)
    later = make_survey(program, Wave.THREE_MONTHS)
    for i in range(10):
        answer(later, "resident", trust_police=4 if i < 3 else 2, tension=5 if i < 5 else 1)
    rows = _csv(login(role_users["admin"]))
    header, data = rows[0], {row[0]: row for row in rows[1:]}
    assert set(data) == {"Springfield SPCP", "Albany SPCP"}
    row = dict(zip(header, data["Springfield SPCP"], strict=True))
    assert row["Region"] == "Southwest" and row["Phase"] == "SPCP council"
    assert row["Forum date"] == "2026-05-09"
    assert row["Latest survey wave"] == "About 3 months after"
    assert row["Trust rated good or very good (%)"] == "30"
    assert row["Trust: number of responses"] == "10"
    assert row["Tension rated high or very high (%)"] == "50"
    assert dict(zip(header, data["Albany SPCP"], strict=True))["Latest survey wave"] == ""


def test_csv_keeps_suppressed_shares_out(login, program, role_users):
    survey = make_survey(program, Wave.BASELINE)
    for _ in range(3):
        answer(survey, "resident", trust_police=5)
    rows = _csv(login(role_users["conciliator"]))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Trust rated good or very good (%)"] == "" and row["Trust: number of responses"] == "<5"


def test_portfolio_holds_no_personal_data(login, program, role_users):
    survey = make_survey(program, Wave.BASELINE)
    for _ in range(6):
        answer(survey, comment="My neighbour Jane Roe was stopped")
    client = login(role_users["admin"])
    page = client.get("/en/portfolio/").content.decode()
    text = client.get("/en/portfolio/programs.csv").content.decode("utf-8-sig")
    for leaked in ("Jane Roe", "conciliator", program.conciliator.email or "@"):
        assert leaked not in text
    assert "Jane Roe" not in page


def test_trust_trend_by_wave_is_charted_with_a_table(login, program, other_program, role_users):
    for prog in (program, other_program):
        baseline = make_survey(prog, Wave.BASELINE)
        for i in range(10):
            answer(baseline, "resident", trust_police=4 if i < 1 else 2)
    html = login(role_users["admin"]).get("/en/portfolio/").content.decode()
    assert "Trust between community and police rated good or very good, all programs" in html
    assert "<td>10% (n = 20)</td>" in html


def test_counts_by_phase_type_trigger_and_region(login, program, role_users):
    factories.program(state="TX", title="Houston SPCP", trigger="critical_incident", phase=Phase.FORUM)
    html = login(role_users["regional_director"]).get("/en/portfolio/").content.decode()
    assert '<th scope="row">Critical incident</th><td>1</td>' in html
    assert '<th scope="row">Southwest</th><td>2</td>' in html


def test_portfolio_query_count_does_not_grow_with_programs(login, role_users, django_assert_max_num_queries):
    for i in range(6):
        prog = factories.program(state="TX", title=f"Program {i}")
        _plan_with_steps(prog, [(StepStatus.NOT_STARTED, -2)])
        survey = make_survey(prog, Wave.BASELINE)
        for _ in range(5):
            answer(survey)
    client = login(role_users["regional_director"])
    with django_assert_max_num_queries(12):
        assert client.get("/en/portfolio/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/en/portfolio/programs.csv").status_code == 200
