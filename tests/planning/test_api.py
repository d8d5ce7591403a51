"""The planning JSON API: session auth, 404 before validation for strangers, 409 when read-only, 422 on bad input."""

from __future__ import annotations

import json

import pytest

from spcp.planning import services
from spcp.planning.models import ChecklistKey, Invitation, Rsvp, Sector, Task, TaskStatus
from spcp.programs.models import AuditEntry, Phase
from tests.planning.conftest import set_phase

pytestmark = pytest.mark.django_db


def api(program, path: str) -> str:
    return f"/api/programs/{program.pk}/planning/{path}"


def send(client, method: str, path: str, body: dict):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


# --- tasks -----------------------------------------------------------------------------------------------


def test_task_list_shows_translated_titles_and_filters_by_status(planning_program, login, conciliator):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    services.task_update(actor=conciliator, task=venue, status=TaskStatus.DONE)
    client = login(conciliator)
    tasks = client.get(api(planning_program, "tasks")).json()
    assert (
        len(tasks) == 8
        and {"key": "venue", "title": "Book an accessible venue"}.items()
        <= next(t for t in tasks if t["key"] == "venue").items()
    )
    done = client.get(api(planning_program, "tasks?status=done")).json()
    assert [t["key"] for t in done] == ["venue"]
    assert client.get(api(planning_program, "tasks?status=later")).status_code == 422


def test_creating_a_task(planning_program, login, youth):
    client = login(planning_program.conciliator)
    response = send(
        client,
        "POST",
        api(planning_program, "tasks"),
        {"title": "Order lunch", "category": "logistics", "sector_id": youth.pk},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["title"] == "Order lunch" and data["key"] == "" and data["sector_id"] == youth.pk
    assert AuditEntry.objects.filter(action="planning.task_created", target_id=str(data["id"])).exists()


def test_creating_a_task_with_bad_input_names_the_fields_and_saves_nothing(planning_program, other_program, login):
    client = login(planning_program.conciliator)
    before = Task.objects.count()
    response = send(client, "POST", api(planning_program, "tasks"), {"title": "", "status": "later"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"title", "status"}
    foreign = Sector.objects.get(program=other_program)
    response = send(client, "POST", api(planning_program, "tasks"), {"title": "X", "sector_id": foreign.pk})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["sector_id"]
    assert Task.objects.count() == before


def test_patching_a_task_changes_only_what_is_sent(planning_program, login, conciliator):
    member = services.member_add(actor=conciliator, program=planning_program, name="Jo", role="crs_staff")
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    client = login(conciliator)
    response = send(
        client, "PATCH", api(planning_program, f"tasks/{venue.pk}"), {"status": "in_progress", "owner_id": member.pk}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress" and response.json()["owner_name"] == "Jo"
    response = send(client, "PATCH", api(planning_program, f"tasks/{venue.pk}"), {"owner_id": None})
    venue.refresh_from_db()
    assert venue.owner is None and venue.status == TaskStatus.IN_PROGRESS


def test_patching_a_seeded_task_title_is_refused(planning_program, login):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    response = send(
        login(planning_program.conciliator), "PATCH", api(planning_program, f"tasks/{venue.pk}"), {"title": "Hall"}
    )
    assert response.status_code == 422 and "title" in response.json()["errors"]


def test_task_of_another_program_is_not_found(planning_program, other_program, login):
    foreign = Task.objects.filter(program=other_program).first()
    response = send(
        login(planning_program.conciliator), "PATCH", api(planning_program, f"tasks/{foreign.pk}"), {"status": "done"}
    )
    assert response.status_code == 404


# --- invitations -----------------------------------------------------------------------------------------


def test_creating_listing_and_filtering_invitations(planning_program, login, youth, le_sector):
    client = login(planning_program.conciliator)
    response = send(
        client,
        "POST",
        api(planning_program, "invitations"),
        {"name": "Rosa", "sector_id": youth.pk, "language": "es", "accessibility_needs": "Ramp"},
    )
    assert response.status_code == 201 and response.json()["rsvp"] == "pending"
    send(
        client,
        "POST",
        api(planning_program, "invitations"),
        {"name": "Chief", "sector_id": le_sector.pk, "rsvp": "yes"},
    )
    everyone = client.get(api(planning_program, "invitations")).json()
    assert [i["name"] for i in everyone] == ["Chief", "Rosa"]
    assert everyone[0]["side"] == "law_enforcement"
    assert [i["name"] for i in client.get(api(planning_program, f"invitations?sector_id={youth.pk}")).json()] == [
        "Rosa"
    ]
    assert [i["name"] for i in client.get(api(planning_program, "invitations?rsvp=yes")).json()] == ["Chief"]


def test_invitation_with_bad_input_is_refused(planning_program, login, youth):
    client = login(planning_program.conciliator)
    response = send(client, "POST", api(planning_program, "invitations"), {"name": "Rosa"})
    assert response.status_code == 422 and "sector_id" in response.json()["errors"]
    response = send(
        client, "POST", api(planning_program, "invitations"), {"name": "Rosa", "sector_id": youth.pk, "email": "rosa@"}
    )
    assert response.status_code == 422 and response.json()["errors"] == {"email": ["Enter a valid email address."]}
    assert not Invitation.objects.exists()


def test_recording_an_rsvp(planning_program, login, youth, conciliator):
    invitation = services.invitation_create(actor=conciliator, program=planning_program, name="Rosa", sector=youth)
    client = login(conciliator)
    response = send(client, "POST", api(planning_program, f"invitations/{invitation.pk}/rsvp"), {"rsvp": "yes"})
    assert response.status_code == 200 and response.json()["rsvp"] == "yes"
    assert AuditEntry.objects.filter(action="planning.invitation_rsvp").count() == 1
    response = send(client, "POST", api(planning_program, f"invitations/{invitation.pk}/rsvp"), {"rsvp": "sure"})
    assert response.status_code == 422
    invitation.refresh_from_db()
    assert invitation.rsvp == Rsvp.YES


# --- access ----------------------------------------------------------------------------------------------


def test_anonymous_callers_get_401(planning_program, client):
    assert client.get(api(planning_program, "coverage")).status_code == 401
    assert send(client, "POST", api(planning_program, "tasks"), {"title": "X"}).status_code == 401


@pytest.mark.parametrize("role", ["other_conciliator", "outsider"])
def test_strangers_get_404_whatever_they_send(planning_program, role_users, login, youth, role):
    client = login(role_users[role])
    invitation = Invitation.objects.create(program=planning_program, name="Rosa", sector=youth)
    assert client.get(api(planning_program, "tasks")).status_code == 404
    assert client.get(api(planning_program, "invitations?rsvp=nonsense")).status_code == 404
    assert send(client, "POST", api(planning_program, "tasks"), {}).status_code == 404
    assert send(client, "POST", api(planning_program, "tasks"), {"title": "X"}).status_code == 404
    assert (
        send(client, "POST", api(planning_program, f"invitations/{invitation.pk}/rsvp"), {"rsvp": "yes"}).status_code
        == 404
    )
    assert not Task.objects.filter(title="X").exists()


@pytest.mark.parametrize("role", ["facilitator", "council_member"])
def test_other_program_members_may_read_but_not_write(planning_program, role_users, login, role):
    client = login(role_users[role])
    assert client.get(api(planning_program, "coverage")).status_code == 200
    assert send(client, "POST", api(planning_program, "tasks"), {"title": "X"}).status_code == 404


def test_planning_member_may_write(planning_program, role_users, login):
    response = send(login(role_users["planning_member"]), "POST", api(planning_program, "tasks"), {"title": "Flyers"})
    assert response.status_code == 201


@pytest.mark.parametrize("phase", [Phase.INTAKE, Phase.ACTION_PLAN])
def test_writes_outside_the_editing_phases_answer_409_with_the_reason(planning_program, login, youth, phase):
    program = set_phase(planning_program, phase)
    client = login(program.conciliator)
    response = send(client, "POST", api(program, "invitations"), {"name": "Rosa", "sector_id": youth.pk})
    assert response.status_code == 409 and "read-only" in response.json()["detail"]
    venue = Task.objects.get(program=program, key=ChecklistKey.VENUE)
    assert send(client, "PATCH", api(program, f"tasks/{venue.pk}"), {"status": "done"}).status_code == 409
    assert client.get(api(program, "coverage")).status_code == 200
    assert not Invitation.objects.exists()


def test_api_list_query_counts_stay_flat(planning_program, login, conciliator, youth, django_assert_max_num_queries):
    for i in range(10):
        services.invitation_create(actor=conciliator, program=planning_program, name=f"G{i}", sector=youth)
        services.task_create(actor=conciliator, program=planning_program, title=f"T{i}")
    client = login(conciliator)
    for path in ("tasks", "invitations", "coverage"):
        with django_assert_max_num_queries(9):  # 8 + the session's two-step sign-in device
            assert client.get(api(planning_program, path)).status_code == 200


def test_patching_a_task_with_a_field_it_does_not_have_is_refused_by_name(planning_program, login):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    response = send(
        login(planning_program.conciliator),
        "PATCH",
        api(planning_program, f"tasks/{venue.pk}"),
        {"status": "done", "priority": "high"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"priority": ["This field cannot be changed here."]}
    venue.refresh_from_db()
    assert venue.status != TaskStatus.DONE
