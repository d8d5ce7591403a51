"""The planning pages, through HTTP: who sees and changes what, forms with bad input, read-only phases, htmx."""

from __future__ import annotations

import pytest

from spcp.planning import services
from spcp.planning.models import ChecklistKey, Invitation, Meeting, PlanningMember, Rsvp, Sector, Task, TaskStatus
from spcp.programs.models import AuditEntry, Phase, Program, ProgramMembership
from tests import factories
from tests.planning.conftest import set_phase

pytestmark = pytest.mark.django_db

LIST_PAGES = ["", "coverage/", "members/", "sectors/", "tasks/", "meetings/", "invitations/"]


def url(program, path: str = "", lang: str = "en") -> str:
    return f"/{lang}/programs/{program.pk}/planning/{path}"


@pytest.fixture
def objects(planning_program, conciliator, youth, soon):
    member = services.member_add(actor=conciliator, program=planning_program, name="Jordan Blake", sector=youth)
    meeting = services.meeting_create(
        actor=conciliator, program=planning_program, starts_at=soon, location="Library", attendees=[member]
    )
    invitation = services.invitation_create(actor=conciliator, program=planning_program, name="Sam", sector=youth)
    task = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    return {"member": member, "meeting": meeting, "invitation": invitation, "task": task, "sector": youth}


# --- who may see and change ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("role", ["planning_member", "facilitator", "council_member", "regional_director", "admin"])
def test_program_staff_and_members_see_every_planning_page(planning_program, role_users, login, role, path):
    assert login(role_users[role]).get(url(planning_program, path)).status_code == 200


@pytest.mark.parametrize("role", ["other_conciliator", "outsider"])
def test_other_region_and_non_members_get_404_everywhere(planning_program, objects, role_users, login, role):
    client = login(role_users[role])
    paths = [
        *LIST_PAGES,
        "members/add/",
        f"members/{objects['member'].pk}/edit/",
        f"tasks/{objects['task'].pk}/edit/",
        f"meetings/{objects['meeting'].pk}/",
        f"invitations/{objects['invitation'].pk}/edit/",
    ]
    for path in paths:
        assert client.get(url(planning_program, path)).status_code == 404, path
    assert client.post(url(planning_program, "sectors/add/"), {"name": "Youth 2"}).status_code == 404
    assert client.get(f"/api/programs/{planning_program.pk}/planning/coverage").status_code == 404
    assert not Sector.objects.filter(name="Youth 2").exists()


def test_anonymous_visitors_are_sent_to_sign_in(planning_program, client):
    response = client.get(url(planning_program))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_facilitator_can_read_but_not_change(planning_program, objects, role_users, login):
    client = login(role_users["facilitator"])
    page = client.get(url(planning_program, "members/")).content.decode()
    assert "Jordan Blake" in page and "Add a member" not in page and "read-only" not in page
    assert client.get(url(planning_program, "members/add/")).status_code == 404
    response = client.post(url(planning_program, f"invitations/{objects['invitation'].pk}/rsvp/"), {"rsvp": "yes"})
    assert response.status_code == 404
    objects["invitation"].refresh_from_db()
    assert objects["invitation"].rsvp == Rsvp.PENDING


def test_planning_member_can_change_planning(planning_program, role_users, login):
    client = login(role_users["planning_member"])
    response = client.post(url(planning_program, "sectors/add/"), {"name": "Educators"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="planning.sector_created", actor=role_users["planning_member"]).exists()


@pytest.mark.parametrize("phase", [Phase.INTAKE, Phase.ACTION_PLAN, Phase.COUNCIL])
def test_pages_are_read_only_outside_the_editing_phases_and_say_why(planning_program, objects, login, phase):
    program = set_phase(planning_program, phase)
    client = login(program.conciliator)
    listing = client.get(url(program, "invitations/")).content.decode()
    assert "so these pages are read-only" in listing
    assert "Add an invitation" not in listing and 'id="rsvp-' not in listing
    form_page = client.get(url(program, "invitations/add/"))
    assert form_page.status_code == 200 and "This page is read-only" in form_page.content.decode()
    refused = client.post(url(program, "invitations/add/"), {"name": "New", "sector": objects["sector"].pk})
    assert refused.status_code == 409
    refused = client.post(url(program, f"tasks/{objects['task'].pk}/status/"), {"status": "done"})
    assert refused.status_code == 409
    assert Invitation.objects.count() == 1
    assert Task.objects.get(pk=objects["task"].pk).status == TaskStatus.TODO


# --- members ---------------------------------------------------------------------------------------------


def test_adding_a_member_through_the_form(planning_program, login, youth):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, "members/add/"),
        {"name": "Rev. Ana Cruz", "organisation": "First Church", "sector": youth.pk, "side": "", "role": "co_chair"},
    )
    assert response.status_code == 302
    member = PlanningMember.objects.get(name="Rev. Ana Cruz")
    assert member.side == "community" and member.role == "co_chair"
    assert "Rev. Ana Cruz" in client.get(url(planning_program, "members/")).content.decode()


def test_member_form_with_bad_input_shows_each_error_keeps_the_input_and_saves_nothing(planning_program, login):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, "members/add/"),
        {"name": "", "organisation": "Youth League", "email": "nope", "role": "member", "account": "no-such-user"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_name-error"' in content and 'aria-describedby="id_name-error"' in content
    assert "Enter a valid email address." in content
    assert "No active account has this username or email address." in content
    assert "Choose the member&#x27;s sector, or say whether" in content
    assert 'value="Youth League"' in content
    assert not PlanningMember.objects.exists()


def test_only_crs_staff_may_link_an_account(planning_program, role_users, login, youth):
    volunteer = factories.user(role="planning_member", region=None, username="newvolunteer")
    member_client = login(role_users["planning_member"])
    assert 'name="account"' not in member_client.get(url(planning_program, "members/add/")).content.decode()
    member_client.post(
        url(planning_program, "members/add/"),
        {"name": "Vol", "sector": youth.pk, "role": "member", "account": "newvolunteer"},
    )
    assert PlanningMember.objects.get(name="Vol").user is None
    assert not ProgramMembership.objects.filter(user=volunteer).exists()

    staff_client = login(planning_program.conciliator)
    staff_client.post(
        url(planning_program, "members/add/"),
        {"name": "Vol 2", "sector": youth.pk, "role": "member", "account": "newvolunteer"},
    )
    assert PlanningMember.objects.get(name="Vol 2").user == volunteer
    assert ProgramMembership.objects.filter(user=volunteer, program=planning_program).exists()


def test_editing_a_member(planning_program, objects, login, le_sector):
    client = login(planning_program.conciliator)
    edit = url(planning_program, f"members/{objects['member'].pk}/edit/")
    assert 'value="Jordan Blake"' in client.get(edit).content.decode()
    client.post(edit, {"name": "Jordan Blake", "sector": le_sector.pk, "side": "", "role": "member"})
    objects["member"].refresh_from_db()
    assert objects["member"].side == "law_enforcement"


def test_a_member_of_another_program_is_not_found(planning_program, other_program, login):
    stranger = PlanningMember.objects.create(program=other_program, name="X", side="community")
    client = login(planning_program.conciliator)
    assert client.get(url(planning_program, f"members/{stranger.pk}/edit/")).status_code == 404


# --- sectors ---------------------------------------------------------------------------------------------


def test_quick_add_suggestions_add_a_standard_sector_by_key_and_disappear(planning_program, login):
    client = login(planning_program.conciliator)
    page = client.get(url(planning_program, "sectors/")).content.decode()
    assert 'name="key" value="faith"' in page and "Add Faith communities" in page
    client.post(url(planning_program, "sectors/add/"), {"key": "faith"})
    assert Sector.objects.filter(program=planning_program, key="faith").exists()
    assert 'value="faith"' not in client.get(url(planning_program, "sectors/")).content.decode()


def test_duplicate_sector_shows_the_error_on_the_field(planning_program, login, youth):
    response = login(planning_program.conciliator).post(url(planning_program, "sectors/add/"), {"name": "YOUTH"})
    assert response.status_code == 400
    assert "This program already has the sector “Youth”." in response.content.decode()
    assert Sector.objects.filter(program=planning_program).count() == 2


def test_law_enforcement_sector_cannot_be_renamed(planning_program, login, le_sector):
    client = login(planning_program.conciliator)
    assert client.get(url(planning_program, f"sectors/{le_sector.pk}/edit/")).status_code == 404


def test_renaming_a_custom_sector_per_language(planning_program, login, conciliator):
    Program.objects.filter(pk=planning_program.pk).update(languages=["ko"])
    club = services.sector_create(actor=conciliator, program=planning_program, name="Chess club")
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, f"sectors/{club.pk}/edit/"), {"name": "Chess players", "name_ko": "체스 동호회"}
    )
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.name == "Chess players" and club.names == {"en": "Chess players", "ko": "체스 동호회"}


def test_standard_sectors_cannot_be_renamed(planning_program, login, youth):
    client = login(planning_program.conciliator)
    assert client.post(url(planning_program, f"sectors/{youth.pk}/edit/"), {"name": "Young people"}).status_code == 404
    youth.refresh_from_db()
    assert youth.key == "youth" and youth.name == "Youth"


# --- tasks -----------------------------------------------------------------------------------------------


def test_tasks_are_grouped_by_status(planning_program, objects, login, conciliator):
    services.task_update(actor=conciliator, task=objects["task"], status=TaskStatus.DONE)
    page = login(conciliator).get(url(planning_program, "tasks/")).content.decode()
    done_section = page[page.index(">Done <") :]
    assert "Book an accessible venue" in done_section
    assert "Set the forum date" not in done_section
    assert "1 of 9 tasks done" in page


def test_adding_a_custom_task_with_owner_and_due_date(planning_program, objects, login):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, "tasks/add/"),
        {
            "title": "Book ASL interpreters",
            "category": "access",
            "owner": objects["member"].pk,
            "due_date": "2030-05-01",
            "status": "todo",
            "notes": "",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Book ASL interpreters")
    assert task.owner == objects["member"] and str(task.due_date) == "2030-05-01"


def test_task_form_with_bad_input_saves_nothing(planning_program, login):
    before = Task.objects.count()
    response = login(planning_program.conciliator).post(
        url(planning_program, "tasks/add/"), {"title": "", "category": "x", "due_date": "31/31/2030", "status": "todo"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title-error"' in content and 'id="id_due_date-error"' in content
    assert Task.objects.count() == before


def test_seeded_task_form_has_no_title_field(planning_program, objects, login):
    page = login(planning_program.conciliator).get(url(planning_program, f"tasks/{objects['task'].pk}/edit/"))
    assert 'name="title"' not in page.content.decode() and "Book an accessible venue" in page.content.decode()


def test_changing_a_task_status_without_javascript(planning_program, objects, login):
    client = login(planning_program.conciliator)
    response = client.post(url(planning_program, f"tasks/{objects['task'].pk}/status/"), {"status": "in_progress"})
    assert response.status_code == 302
    objects["task"].refresh_from_db()
    assert objects["task"].status == TaskStatus.IN_PROGRESS


def test_changing_a_task_status_with_htmx_returns_the_regrouped_list(planning_program, objects, login):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, f"tasks/{objects['task'].pk}/status/"), {"status": "done"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="task-groups">') and "<html" not in content
    assert 'hx-swap-oob="true"' in content and "Status of Book an accessible venue: Done." in content


# --- meetings --------------------------------------------------------------------------------------------


def test_adding_a_meeting_with_attendees_and_notes(planning_program, objects, login):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, "meetings/add/"),
        {
            "starts_at": "2030-03-04T18:30",
            "location": "Community center",
            "agenda": "Pick the date",
            "notes": "Date chosen: May 1.",
            "attendees": [objects["member"].pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(location="Community center")
    assert list(meeting.attendees.all()) == [objects["member"]]
    page = client.get(url(planning_program, f"meetings/{meeting.pk}/")).content.decode()
    assert "Date chosen: May 1." in page and "Jordan Blake" in page


def test_meeting_without_a_time_is_refused(planning_program, login):
    response = login(planning_program.conciliator).post(url(planning_program, "meetings/add/"), {"location": "Hall"})
    assert response.status_code == 400 and 'id="id_starts_at-error"' in response.content.decode()
    assert not Meeting.objects.exists()


# --- invitations -----------------------------------------------------------------------------------------


def test_adding_invitations_one_after_another(planning_program, login, youth):
    client = login(planning_program.conciliator)
    response = client.post(
        url(planning_program, "invitations/add/"),
        {"name": "Rosa", "sector": youth.pk, "language": "es", "rsvp": "pending", "add_another": "1"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/invitations/add/")
    assert Invitation.objects.get(name="Rosa").language == "es"


def test_invitation_form_without_sector_is_refused(planning_program, login):
    response = login(planning_program.conciliator).post(
        url(planning_program, "invitations/add/"), {"name": "Rosa", "email": "rosa@", "rsvp": "pending"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_sector-error"' in content and 'id="id_email-error"' in content and 'value="Rosa"' in content
    assert not Invitation.objects.exists()


def test_invitations_filter_by_sector_and_rsvp(planning_program, objects, login, conciliator, le_sector):
    services.invitation_create(actor=conciliator, program=planning_program, name="Chief", sector=le_sector)
    services.invitation_create(
        actor=conciliator, program=planning_program, name="Lieutenant", sector=le_sector, rsvp=Rsvp.YES
    )
    client = login(conciliator)
    page = client.get(url(planning_program, f"invitations/?sector={le_sector.pk}&rsvp=yes")).content.decode()
    assert "Lieutenant" in page and "Chief" not in page and ">Sam<" not in page
    assert "1 invitation matches the filter" in page
    bad = client.get(url(planning_program, "invitations/?sector=999999&rsvp=yes")).content.decode()
    assert 'id="id_sector-error"' in bad and "Chief" in bad  # an invalid filter is shown and ignored


def test_quick_rsvp_without_javascript_goes_back_to_the_filtered_list(planning_program, objects, login):
    client = login(planning_program.conciliator)
    back = url(planning_program, "invitations/?rsvp=pending")
    response = client.post(
        url(planning_program, f"invitations/{objects['invitation'].pk}/rsvp/"), {"rsvp": "yes", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    objects["invitation"].refresh_from_db()
    assert objects["invitation"].rsvp == Rsvp.YES


def test_quick_rsvp_ignores_an_outside_next_address(planning_program, objects, login):
    response = login(planning_program.conciliator).post(
        url(planning_program, f"invitations/{objects['invitation'].pk}/rsvp/"),
        {"rsvp": "no", "next": "https://evil.example/"},
    )
    assert response["Location"] == url(planning_program, "invitations/")


def test_quick_rsvp_with_htmx_returns_the_row(planning_program, objects, login):
    response = login(planning_program.conciliator).post(
        url(planning_program, f"invitations/{objects['invitation'].pk}/rsvp/"),
        {"rsvp": "maybe"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<tr id="invitation-{objects["invitation"].pk}">')
    assert '<option value="maybe" selected>' in content and "RSVP for Sam: Maybe." in content


def test_quick_rsvp_with_a_bad_answer_changes_nothing(planning_program, objects, login):
    client = login(planning_program.conciliator)
    client.post(url(planning_program, f"invitations/{objects['invitation'].pk}/rsvp/"), {"rsvp": "perhaps"})
    objects["invitation"].refresh_from_db()
    assert objects["invitation"].rsvp == Rsvp.PENDING


# --- overview and language -------------------------------------------------------------------------------


def test_overview_shows_progress_counts_and_what_blocks_the_next_phases(planning_program, objects, login):
    page = login(planning_program.conciliator).get(url(planning_program)).content.decode()
    assert "0 of 9 tasks done" in page
    assert "Name a co-chair of the planning group." in page
    assert "No one has said yes yet" in page


def test_pages_render_in_korean(planning_program, objects, login):
    client = login(planning_program.conciliator)
    for path in LIST_PAGES:
        response = client.get(url(planning_program, path, lang="ko"))
        assert response.status_code == 200 and '<html lang="ko">' in response.content.decode()


# --- query counts ----------------------------------------------------------------------------------------


def _grow(program, actor, n: int) -> None:
    for i in range(n):
        sector = services.sector_create(actor=actor, program=program, name=f"Sector {i}")
        member = services.member_add(actor=actor, program=program, name=f"Member {i}", sector=sector)
        services.task_create(actor=actor, program=program, title=f"Task {i}", owner=member, sector=sector)
        meeting = services.meeting_create(
            actor=actor, program=program, starts_at=Meeting.objects.first().starts_at, attendees=[member]
        )
        meeting.attendees.add(*PlanningMember.objects.filter(program=program))
        services.invitation_create(actor=actor, program=program, name=f"Guest {i}", sector=sector, language="es")


# (+1 on each: the session's two-step sign-in device)
@pytest.mark.parametrize(("path", "limit"), [(p, 17 if p == "" else 9) for p in LIST_PAGES])
def test_list_pages_use_a_fixed_number_of_queries(
    planning_program, objects, login, conciliator, django_assert_max_num_queries, path, limit
):
    client = login(conciliator)
    with django_assert_max_num_queries(limit):
        client.get(url(planning_program, path))
    _grow(planning_program, conciliator, 5)
    with django_assert_max_num_queries(limit):
        assert client.get(url(planning_program, path)).status_code == 200
