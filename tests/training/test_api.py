"""The training JSON API: readiness, facilitators, attendance; access before input, field-by-field errors."""

from __future__ import annotations

import json

import pytest

from spcp.programs.models import AuditEntry, Language
from spcp.training.models import Attendance, Facilitator
from tests import factories
from tests.training.conftest import set_phase

pytestmark = pytest.mark.django_db


def api(program, path: str = "") -> str:
    return f"/api/programs/{program.pk}/training{path}"


def post_json(client, path: str, payload, method: str = "post"):
    return getattr(client, method)(path, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def staff(login, training):
    return login(training.conciliator)


def test_readiness_reports_totals_modules_and_language_coverage(staff, training, modules, add_facilitator, add_session):
    training.languages = [Language.SPANISH, Language.ARABIC]
    training.save()
    ana = add_facilitator("Ana", languages=[Language.SPANISH])
    add_facilitator("Ben", languages=[Language.ARABIC])
    add_session(modules, attendees=[ana])

    body = staff.get(api(training, "/readiness")).json()

    assert (body["ready_count"], body["needed"], body["recommended"], body["more_needed"]) == (1, 5, 10, 4)
    assert len(body["required_modules"]) == 6
    rows = {row["name"]: row for row in body["facilitators"]}
    assert rows["Ana"]["ready"] and rows["Ana"]["missing"] == []
    assert not rows["Ben"]["ready"] and len(rows["Ben"]["missing"]) == 6
    assert body["languages_covered"] == ["es"]
    assert body["languages_missing"] == ["ar"]


def test_list_facilitators_with_contacts_for_staff_only(staff, login, training, role_users, add_facilitator):
    add_facilitator("Ana", email="ana@example.org")
    assert staff.get(api(training, "/facilitators")).json()[0]["email"] == "ana@example.org"
    as_council = login(role_users["council_member"]).get(api(training, "/facilitators")).json()
    assert as_council[0]["name"] == "Ana" and as_council[0]["email"] is None


def test_create_facilitator(staff, training):
    response = post_json(
        staff, api(training, "/facilitators"), {"name": "Ana", "email": "ana@example.org", "languages": ["es"]}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Ana" and body["languages"] == ["es"] and body["ready"] is False
    assert AuditEntry.objects.filter(action="training.facilitator_added").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "Ana", "email": "nope"}, "email"),
        ({"name": "Ana", "languages": ["xx"]}, "languages"),
        ({"name": "Ana", "languages": "es"}, "languages"),
        ({"name": "Ana", "account": "nobody-by-this-name"}, "account"),
    ],
)
def test_invalid_facilitator_gets_field_errors_and_nothing_is_saved(staff, training, payload, field):
    response = post_json(staff, api(training, "/facilitators"), payload)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Facilitator.objects.exists()


def test_malformed_json_is_a_422_not_a_500(staff, training):
    response = staff.post(api(training, "/facilitators"), data="{not json", content_type="application/json")
    assert response.status_code == 422


def test_errors_come_in_the_callers_language(staff, training):
    response = staff.post(
        api(training, "/facilitators"),
        data=json.dumps({"name": "Ana", "languages": ["xx"]}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 422


def test_create_is_refused_with_409_outside_the_editing_phases(login, program):
    response = post_json(login(program.conciliator), api(program, "/facilitators"), {"name": "Ana"})
    assert response.status_code == 409
    assert "read-only" in response.json()["detail"]
    assert not Facilitator.objects.exists()


def test_put_attendance_sets_the_full_list_and_is_idempotent(staff, training, add_facilitator, add_session):
    ana, ben = add_facilitator("Ana"), add_facilitator("Ben")
    session = add_session([], attendees=[ana])
    path = api(training, f"/sessions/{session.pk}/attendance")

    for _ in range(2):
        response = post_json(staff, path, {"facilitator_ids": [ben.pk]}, method="put")
        assert response.status_code == 200
        assert response.json() == {"session_id": session.pk, "facilitator_ids": [ben.pk]}

    assert list(Attendance.objects.values_list("facilitator_id", flat=True)) == [ben.pk]
    assert AuditEntry.objects.filter(action="training.attendance_recorded").count() == 2  # fixture + one change


def test_put_attendance_refuses_unknown_or_foreign_facilitators(staff, training, actor, add_facilitator, add_session):
    from spcp.training import services

    other = set_phase(factories.program(state="TX", title="Other"), training.phase)
    stranger = services.facilitator_add(actor=actor, program=other, name="Stranger")
    ana = add_facilitator("Ana")
    session = add_session([], attendees=[ana])
    response = post_json(
        staff, api(training, f"/sessions/{session.pk}/attendance"), {"facilitator_ids": [stranger.pk]}, method="put"
    )
    assert response.status_code == 422
    assert "facilitator_ids" in response.json()["errors"]
    assert list(Attendance.objects.values_list("facilitator_id", flat=True)) == [ana.pk]


def test_put_attendance_without_a_body_is_422(staff, training, add_session):
    session = add_session([])
    response = staff.put(api(training, f"/sessions/{session.pk}/attendance"))
    assert response.status_code == 422


@pytest.mark.parametrize("who", ["other_conciliator", "outsider"])
def test_other_region_and_non_members_get_404_on_every_endpoint(login, training, role_users, add_session, who):
    session = add_session([])
    client = login(role_users[who])
    assert client.get(api(training, "/readiness")).status_code == 404
    assert client.get(api(training, "/facilitators")).status_code == 404
    assert post_json(client, api(training, "/facilitators"), {"name": "Ana"}).status_code == 404
    assert post_json(client, api(training, "/facilitators"), {}).status_code == 404  # access before validation
    path = api(training, f"/sessions/{session.pk}/attendance")
    assert post_json(client, path, {"facilitator_ids": []}, method="put").status_code == 404


@pytest.mark.parametrize("who", ["facilitator", "council_member"])
def test_members_may_read_but_not_write(login, training, role_users, add_session, who):
    session = add_session([])
    client = login(role_users[who])
    assert client.get(api(training, "/readiness")).status_code == 200
    assert post_json(client, api(training, "/facilitators"), {"name": "Ana"}).status_code == 404
    path = api(training, f"/sessions/{session.pk}/attendance")
    assert post_json(client, path, {"facilitator_ids": []}, method="put").status_code == 404


def test_a_planning_member_may_write(login, training, role_users):
    response = post_json(login(role_users["planning_member"]), api(training, "/facilitators"), {"name": "Ana"})
    assert response.status_code == 201


def test_anonymous_callers_get_401(client, training):
    assert client.get(api(training, "/readiness")).status_code == 401


def test_unknown_session_is_404(staff, training):
    response = post_json(staff, api(training, "/sessions/99999/attendance"), {"facilitator_ids": []}, method="put")
    assert response.status_code == 404


def test_readiness_endpoint_query_count(
    staff, training, modules, add_facilitator, add_session, django_assert_max_num_queries
):
    people = [add_facilitator(f"V{i}") for i in range(10)]
    add_session(modules, attendees=people)
    with django_assert_max_num_queries(8):
        assert staff.get(api(training, "/readiness")).status_code == 200
