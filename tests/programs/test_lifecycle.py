from __future__ import annotations

import pytest

from spcp.programs import phases, selectors, services
from spcp.programs.models import AuditEntry, Phase
from tests import factories


def test_new_program_is_routed_to_its_states_region_and_office(program):
    assert program.region.code == "southwest"
    assert program.office.city == "Dallas"
    assert program.phase == Phase.INTAKE


def test_program_cannot_enter_planning_without_a_conciliator(db):
    program = factories.program(state="TX", conciliator=None)
    actor = factories.user(role="admin", region=None)
    with pytest.raises(services.PhaseGateError) as refused:
        services.program_advance(actor=actor, program=program)
    assert "Assign a conciliator to the program." in refused.value.missing
    program.refresh_from_db()
    assert program.phase == Phase.INTAKE


def test_advancing_records_who_moved_the_program_and_from_which_phase(program, role_users):
    services.program_advance(actor=role_users["conciliator"], program=program)
    program.refresh_from_db()
    assert program.phase == Phase.PLANNING
    entry = AuditEntry.objects.filter(program=program, action="program.advanced").get()
    assert entry.actor == role_users["conciliator"]
    assert entry.changes == {"phase": ["intake", "planning"]}


def test_forum_gate_lists_date_and_venue_when_missing(program):
    missing = phases.missing_for(program, Phase.FORUM)
    assert "Set the forum date." in missing
    assert "Choose the forum venue." in missing


def test_update_audits_old_and_new_values_and_skips_unchanged_fields(program, role_users):
    services.program_update(
        actor=role_users["conciliator"], program=program, venue="Central Library", title=program.title
    )
    entry = AuditEntry.objects.filter(program=program, action="program.updated").get()
    assert entry.changes == {"venue": ["", "Central Library"]}


def test_conciliator_sees_programs_of_their_region_only(program, other_program, role_users):
    assert list(selectors.program_list(user=role_users["conciliator"])) == [program]
    assert list(selectors.program_list(user=role_users["other_conciliator"])) == [other_program]
    assert set(selectors.program_list(user=role_users["admin"])) == {program, other_program}


def test_planning_member_sees_only_their_program(program, other_program, role_users):
    assert list(selectors.program_list(user=role_users["planning_member"])) == [program]
    assert list(selectors.program_list(user=role_users["outsider"])) == []


def test_program_page_shows_the_step_indicator_and_what_is_missing(login, program, role_users):
    response = login(role_users["conciliator"]).get(f"/en/programs/{program.pk}/")
    body = response.content.decode()
    assert "usa-step-indicator__segment--current" in body
    assert body.count("usa-step-indicator__segment ") + body.count('usa-step-indicator__segment"') >= 1
    assert "Next phase: Planning group" in body


def test_advance_refused_through_the_page_shows_the_missing_items_and_keeps_the_phase(login, db, role_users):
    program = factories.program(state="TX", conciliator=None)
    client = login(role_users["regional_director"])
    response = client.post(f"/en/programs/{program.pk}/advance/", follow=True)
    assert "Assign a conciliator to the program." in response.content.decode()
    program.refresh_from_db()
    assert program.phase == Phase.INTAKE


def test_advance_api_answers_409_with_the_missing_items(login, db, role_users):
    program = factories.program(state="TX", conciliator=None)
    response = login(role_users["admin"]).post(f"/api/programs/{program.pk}/advance")
    assert response.status_code == 409
    assert response.json()["missing"] == ["Assign a conciliator to the program."]


def test_edit_form_with_bad_input_keeps_what_was_typed_and_saves_nothing(login, program, role_users):
    client = login(role_users["conciliator"])
    response = client.post(
        f"/en/programs/{program.pk}/edit/",
        {"title": "New title", "venue": "Hall", "expected_participants": "many", "expected_groups": "0"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="New title"' in body and "usa-error-message" in body
    program.refresh_from_db()
    assert program.title == "Springfield SPCP" and program.venue == ""


def test_edit_errors_are_in_korean_on_korean_pages(login, program, role_users):
    response = login(role_users["conciliator"]).post(f"/ko/programs/{program.pk}/edit/", {"title": ""})
    assert "필수 입력 항목입니다" in response.content.decode()


def test_dashboard_and_audit_pages_use_a_bounded_number_of_queries(
    login, program, role_users, django_assert_max_num_queries
):
    for n in range(5):
        factories.program(state="TX", title=f"Extra {n}")
    client = login(role_users["conciliator"])
    with django_assert_max_num_queries(8):
        assert client.get("/en/programs/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/programs/{program.pk}/audit/").status_code == 200
