from __future__ import annotations

import json
import uuid

import pytest

from spcp.actionplan import services
from spcp.actionplan.models import ActionStep
from spcp.programs.models import Phase
from tests.actionplan.conftest import add_step

pytestmark = pytest.mark.django_db


def api(program, path: str = "") -> str:
    return f"/api/programs/{program.pk}/plan{path}"


def _step_body(**extra):
    return {
        "description": "Print flyers",
        "language": "en",
        "responsible_party": "Library",
        "responsible_email": "flyers@example.org",
        "start_date": "2027-01-01",
        "due_date": "2027-02-01",
        "client_token": str(uuid.uuid4()),
        **extra,
    }


def test_members_read_the_plan_without_the_reminder_email(plan, program, role_users, client):
    add_step(plan)
    client.force_login(role_users["facilitator"])
    data = client.get(api(program)).json()
    assert data["title"] == "Springfield SPCP" and data["version"] == 2
    steps = data["issues"][0]["items"][0]["steps"]
    assert steps[-1]["responsible_party"] == "Police department"
    assert all(s["responsible_email"] is None for s in steps)
    client.force_login(program.conciliator)
    steps = client.get(api(program)).json()["issues"][0]["items"][0]["steps"]
    assert steps[-1]["responsible_email"] == "dana@example.org"


def test_adding_a_step_twice_with_the_same_client_token_adds_it_once(plan, program, staff):
    item = plan.items.first()
    body = json.dumps(_step_body())
    first = staff.post(api(program, f"/items/{item.pk}/steps"), body, content_type="application/json")
    again = staff.post(api(program, f"/items/{item.pk}/steps"), body, content_type="application/json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert ActionStep.objects.filter(description="Print flyers").count() == 1


def test_patch_with_due_before_start_answers_422_in_the_callers_language(plan, program, staff):
    step = add_step(plan)
    response = staff.patch(
        api(program, f"/steps/{step.pk}"),
        json.dumps({"due_date": "2026-01-01"}),
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["due_date"] == ["The due date cannot be before the start date."]


def test_patch_changes_dates_and_responsible_party(plan, program, staff):
    step = add_step(plan)
    body = {"start_date": "2027-02-01", "due_date": "2027-05-01", "responsible_party": "Youth council"}
    response = staff.patch(api(program, f"/steps/{step.pk}"), json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    step.refresh_from_db()
    assert (str(step.start_date), str(step.due_date), step.responsible_party) == (
        "2027-02-01",
        "2027-05-01",
        "Youth council",
    )


def test_a_stranger_gets_404_whatever_the_body(plan, program, role_users, client):
    item = plan.items.first()
    client.force_login(role_users["outsider"])
    for body in ("not json", json.dumps(_step_body())):
        response = client.post(api(program, f"/items/{item.pk}/steps"), body, content_type="application/json")
        assert response.status_code == 404
    client.force_login(role_users["facilitator"])
    response = client.post(api(program, f"/items/{item.pk}/steps"), "not json", content_type="application/json")
    assert response.status_code == 404


def test_a_step_of_another_programs_plan_is_404(plan, program, other_program, staff):
    other_program.phase = Phase.ACTION_PLAN
    other_program.save(update_fields=["phase"])
    other, _ = services.plan_draft_from_forum(actor=program.conciliator, program=other_program)
    foreign = other.items.create(title="x", language="en")
    response = staff.post(
        api(program, f"/items/{foreign.pk}/steps"), json.dumps(_step_body()), content_type="application/json"
    )
    assert response.status_code == 404


def test_writes_outside_the_plan_phases_answer_409(plan, program, staff):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    item = plan.items.first()
    response = staff.post(
        api(program, f"/items/{item.pk}/steps"), json.dumps(_step_body()), content_type="application/json"
    )
    assert response.status_code == 409 and "read-only" in response.json()["detail"]


def test_plan_endpoint_query_count(plan, program, staff, django_assert_max_num_queries):
    for n in range(5):
        add_step(plan, description=f"Step {n}")
    with django_assert_max_num_queries(10):
        assert staff.get(api(program)).status_code == 200


def test_patch_errors_come_in_korean_for_a_korean_caller(plan, program, staff):
    step = add_step(plan)
    response = staff.patch(
        api(program, f"/steps/{step.pk}"),
        json.dumps({"due_date": "2026-01-01"}),
        content_type="application/json",
        headers={"accept-language": "ko"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["due_date"] == ["마감일은 시작일보다 앞설 수 없습니다."]


def test_patch_refuses_a_field_it_does_not_change_and_names_it(plan, program, staff):
    step = add_step(plan)
    body = {"due_date": "2027-05-01", "description": "Something else", "weight": 5}
    response = staff.patch(api(program, f"/steps/{step.pk}"), json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "description": ["This field cannot be changed here."],
        "weight": ["This field cannot be changed here."],
    }
    step.refresh_from_db()
    assert str(step.due_date) != "2027-05-01"  # nothing applied
