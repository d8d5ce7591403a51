"""The planning services: validation before writing, audit entries, access granted by linking an account."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from spcp.planning import services
from spcp.planning.models import (
    ChecklistKey,
    Invitation,
    Meeting,
    MemberRole,
    PlanningMember,
    Rsvp,
    Sector,
    Side,
    Task,
    TaskStatus,
)
from spcp.planning.selectors import PlanningLocked
from spcp.programs.models import AuditEntry, MembershipRole, Phase, ProgramMembership
from tests import factories
from tests.planning.conftest import set_phase

pytestmark = pytest.mark.django_db


def audit_actions(program) -> list[str]:
    return list(AuditEntry.objects.filter(program=program).order_by("id").values_list("action", flat=True))


# --- sectors ---------------------------------------------------------------------------------------------


def test_sector_create_writes_the_sector_its_task_and_an_audit_entry(planning_program, conciliator):
    sector = services.sector_create(actor=conciliator, program=planning_program, name="  Chess club ")
    assert sector.name == "Chess club" and sector.names == {"en": "Chess club"} and sector.kind == Side.COMMUNITY
    assert sector.order > Sector.objects.get(program=planning_program, kind=Side.LAW_ENFORCEMENT).order
    entry = AuditEntry.objects.get(program=planning_program, action="planning.sector_created")
    assert entry.actor == conciliator and entry.target_id == str(sector.pk)


@pytest.mark.parametrize("name", ["youth", "YOUTH ", "Law enforcement", "law ENFORCEMENT", ""])
def test_sector_create_refuses_duplicate_reserved_or_empty_names(planning_program, conciliator, youth, name):
    sectors_before = Sector.objects.count()
    tasks_before = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.sector_create(actor=conciliator, program=planning_program, name=name)
    assert "name" in exc.value.message_dict
    assert Sector.objects.count() == sectors_before and Task.objects.count() == tasks_before


def test_same_sector_name_is_fine_in_another_program(planning_program, other_program, conciliator, youth):
    set_phase(other_program, Phase.PLANNING)
    admin = factories.user(role="admin", region=None)
    assert services.sector_create(actor=admin, program=other_program, name="Youth").pk != youth.pk


def test_sector_update_renames_and_audits_but_never_a_standard_or_law_enforcement_sector(
    planning_program, conciliator, youth, le_sector
):
    club = services.sector_create(actor=conciliator, program=planning_program, name="Chess club")
    services.sector_update(actor=conciliator, sector=club, name="Chess players")
    club.refresh_from_db()
    assert club.name == "Chess players"
    assert AuditEntry.objects.filter(action="planning.sector_updated").get().changes == {
        "name": ["Chess club", "Chess players"],
        "names": [{"en": "Chess club"}, {"en": "Chess players"}],
    }
    with pytest.raises(ValidationError) as exc:
        services.sector_update(actor=conciliator, sector=le_sector, name="Police")
    assert exc.value.message_dict == {"name": ["The law-enforcement sector cannot be renamed."]}
    with pytest.raises(ValidationError) as exc:
        services.sector_update(actor=conciliator, sector=youth, name="Young people")
    assert exc.value.message_dict == {
        "name": ["A standard sector is named in every language already and cannot be renamed."]
    }
    le_sector.refresh_from_db()
    youth.refresh_from_db()
    assert le_sector.name == "Law enforcement" and youth.name == "Youth" and youth.key == "youth"


# --- members ---------------------------------------------------------------------------------------------


def test_member_side_comes_from_the_sector_unless_given(planning_program, conciliator, le_sector, youth):
    officer = services.member_add(actor=conciliator, program=planning_program, name="Officer Kim", sector=le_sector)
    liaison = services.member_add(
        actor=conciliator, program=planning_program, name="Pat Lee", sector=le_sector, side=Side.COMMUNITY
    )
    assert officer.side == Side.LAW_ENFORCEMENT
    assert liaison.side == Side.COMMUNITY
    assert services.member_add(actor=conciliator, program=planning_program, name="Y", sector=youth).side == "community"


def test_member_without_sector_or_side_is_refused_unless_crs_staff(planning_program, conciliator):
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=conciliator, program=planning_program, name="Someone")
    assert "side" in exc.value.message_dict
    assert not PlanningMember.objects.exists()
    staff = services.member_add(
        actor=conciliator, program=planning_program, name="CRS Specialist", role=MemberRole.CRS_STAFF
    )
    assert staff.side == ""


def test_member_add_refuses_bad_input_and_saves_nothing(planning_program, other_program, conciliator):
    foreign_sector = Sector.objects.get(program=other_program)
    with pytest.raises(ValidationError) as exc:
        services.member_add(
            actor=conciliator,
            program=planning_program,
            name=" ",
            sector=foreign_sector,
            role="boss",
            email="not-an-email",
        )
    assert set(exc.value.message_dict) >= {"name", "sector", "role", "email"}
    assert not PlanningMember.objects.exists()
    assert "planning.member_added" not in audit_actions(planning_program)


def test_linking_an_account_grants_planning_access_and_unlinking_removes_it(planning_program, conciliator, youth):
    volunteer = factories.user(role="planning_member", region=None)
    member = services.member_add(actor=conciliator, program=planning_program, name="Jo", sector=youth, user=volunteer)
    assert ProgramMembership.objects.filter(
        program=planning_program, user=volunteer, role=MembershipRole.PLANNING_MEMBER
    ).exists()
    services.member_update(actor=conciliator, member=member, user=None)
    assert not ProgramMembership.objects.filter(program=planning_program, user=volunteer).exists()
    assert "membership.added" in audit_actions(planning_program)
    assert "membership.removed" in audit_actions(planning_program)


def test_one_account_links_to_one_member_per_program(planning_program, conciliator, youth):
    volunteer = factories.user(role="planning_member", region=None)
    services.member_add(actor=conciliator, program=planning_program, name="Jo", sector=youth, user=volunteer)
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=conciliator, program=planning_program, name="Jo 2", sector=youth, user=volunteer)
    assert "user" in exc.value.message_dict


def test_member_update_records_old_and_new_values(planning_program, conciliator, youth, le_sector):
    member = services.member_add(actor=conciliator, program=planning_program, name="Jo", sector=youth)
    services.member_update(actor=conciliator, member=member, role=MemberRole.CO_CHAIR, sector=le_sector, side="")
    member.refresh_from_db()
    assert member.side == Side.LAW_ENFORCEMENT and member.role == MemberRole.CO_CHAIR
    entry = AuditEntry.objects.filter(action="planning.member_updated").get()
    assert entry.changes["role"] == ["member", "co_chair"]
    assert entry.changes["side"] == ["community", "law_enforcement"]


# --- tasks -----------------------------------------------------------------------------------------------


def test_custom_task_keeps_its_typed_title(planning_program, conciliator):
    task = services.task_create(actor=conciliator, program=planning_program, title="Reserve parking for guests")
    assert task.key == "" and task.display_title == "Reserve parking for guests"
    assert "planning.task_created" in audit_actions(planning_program)


def test_task_needs_a_title_and_an_owner_from_this_program(planning_program, other_program, conciliator):
    set_phase(other_program, Phase.PLANNING)
    stranger = PlanningMember.objects.create(program=other_program, name="X", side=Side.COMMUNITY)
    before = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=conciliator, program=planning_program, title="", owner=stranger, status="later")
    assert set(exc.value.message_dict) == {"title", "owner", "status"}
    assert Task.objects.count() == before


def test_seeded_task_keeps_its_title_and_sector(planning_program, conciliator, youth):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    with pytest.raises(ValidationError) as exc:
        services.task_update(actor=conciliator, task=venue, title="Something else")
    assert exc.value.message_dict == {"title": ["A task from the standard checklist keeps its title."]}
    invitations = Task.objects.get(program=planning_program, key=ChecklistKey.INVITATIONS, sector=youth)
    with pytest.raises(ValidationError) as exc:
        services.task_update(actor=conciliator, task=invitations, sector=None)
    assert exc.value.message_dict == {"sector": ["An invitations task stays with its sector."]}


def test_task_update_changes_status_and_audits_the_change(planning_program, conciliator):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    services.task_update(actor=conciliator, task=venue, status=TaskStatus.IN_PROGRESS, notes="Library, step-free")
    entry = AuditEntry.objects.get(action="planning.task_updated")
    assert entry.changes["status"] == ["todo", "in_progress"]
    assert entry.target_repr == "Book an accessible venue"


def test_task_update_without_changes_writes_no_audit_entry(planning_program, conciliator):
    venue = Task.objects.get(program=planning_program, key=ChecklistKey.VENUE)
    services.task_update(actor=conciliator, task=venue, status=TaskStatus.TODO)
    assert "planning.task_updated" not in audit_actions(planning_program)


# --- meetings --------------------------------------------------------------------------------------------


def test_meeting_create_and_update_track_attendees(planning_program, conciliator, youth, soon):
    jo = services.member_add(actor=conciliator, program=planning_program, name="Jo", sector=youth)
    al = services.member_add(actor=conciliator, program=planning_program, name="Al", sector=youth)
    meeting = services.meeting_create(
        actor=conciliator, program=planning_program, starts_at=soon, location="Library", attendees=[jo]
    )
    services.meeting_update(actor=conciliator, meeting=meeting, attendees=[jo, al], notes="Chose the date.")
    meeting.refresh_from_db()
    assert set(meeting.attendees.all()) == {jo, al} and meeting.notes == "Chose the date."
    entry = AuditEntry.objects.get(action="planning.meeting_updated")
    assert entry.changes["attendees"] == [["Jo"], ["Al", "Jo"]]


def test_meeting_needs_a_time(planning_program, conciliator):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(actor=conciliator, program=planning_program, starts_at=None)
    assert "starts_at" in exc.value.message_dict
    assert not Meeting.objects.exists()


# --- invitations -----------------------------------------------------------------------------------------


def test_invitation_create_validates_and_audits(planning_program, conciliator, youth):
    invitation = services.invitation_create(
        actor=conciliator, program=planning_program, name="Sam", sector=youth, email="Sam@Example.org", language="es"
    )
    assert invitation.rsvp == Rsvp.PENDING
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(
            actor=conciliator, program=planning_program, name="", sector=None, email="sam@example.org", language="xx"
        )
    assert set(exc.value.message_dict) == {"name", "sector", "email", "language"}
    assert Invitation.objects.count() == 1
    assert audit_actions(planning_program).count("planning.invitation_created") == 1


def test_invitation_rsvp_records_the_answer_once(planning_program, conciliator, youth):
    invitation = services.invitation_create(actor=conciliator, program=planning_program, name="Sam", sector=youth)
    services.invitation_rsvp(actor=conciliator, invitation=invitation, rsvp=Rsvp.YES)
    services.invitation_rsvp(actor=conciliator, invitation=invitation, rsvp=Rsvp.YES)
    assert audit_actions(planning_program).count("planning.invitation_rsvp") == 1
    assert AuditEntry.objects.get(action="planning.invitation_rsvp").changes == {"rsvp": ["pending", "yes"]}
    with pytest.raises(ValidationError) as exc:
        services.invitation_rsvp(actor=conciliator, invitation=invitation, rsvp="perhaps")
    assert exc.value.message_dict == {"rsvp": ["Choose one of the listed options."]}


def test_invitation_update_checks_duplicate_email(planning_program, conciliator, youth):
    services.invitation_create(actor=conciliator, program=planning_program, name="A", sector=youth, email="a@x.org")
    b = services.invitation_create(actor=conciliator, program=planning_program, name="B", sector=youth)
    with pytest.raises(ValidationError) as exc:
        services.invitation_update(actor=conciliator, invitation=b, email="A@X.org")
    assert "email" in exc.value.message_dict


# --- phase ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.INTAKE, Phase.ACTION_PLAN, Phase.COUNCIL])
def test_services_refuse_to_write_outside_the_editing_phases(program, phase):
    set_phase(program, phase)
    sector = Sector.objects.get(program=program)
    task = Task.objects.filter(program=program).first()
    actor = program.conciliator
    with pytest.raises(PlanningLocked):
        services.sector_create(actor=actor, program=program, name="Youth")
    with pytest.raises(PlanningLocked):
        services.member_add(actor=actor, program=program, name="Jo", sector=sector)
    with pytest.raises(PlanningLocked):
        services.task_update(actor=actor, task=task, status=TaskStatus.DONE)
    with pytest.raises(PlanningLocked):
        services.invitation_create(actor=actor, program=program, name="Sam", sector=sector)
    assert Sector.objects.filter(program=program).count() == 1


@pytest.mark.parametrize("phase", [Phase.PLANNING, Phase.TRAINING, Phase.FORUM])
def test_services_write_in_the_editing_phases(program, phase):
    set_phase(program, phase)
    assert services.sector_create(actor=program.conciliator, program=program, name="Youth").pk


def test_audit_log_page_shows_readable_planning_labels(planning_program, conciliator, youth, login):
    services.invitation_create(actor=conciliator, program=planning_program, name="Sam", sector=youth)
    page = login(conciliator).get(f"/en/programs/{planning_program.pk}/audit/").content.decode()
    assert "Sector added" in page and "Invitation added" in page
    assert "planning.sector_created" not in page


def test_a_program_with_its_planning_data_can_be_deleted(db):
    from spcp.planning.models import Invitation, PlanningMember, Sector
    from spcp.planning.services import invitation_create, member_add, sector_create
    from spcp.programs.models import Phase
    from tests import factories

    program = factories.program(state="TX", conciliator=factories.user(role="conciliator"))
    program.phase = Phase.PLANNING
    program.save()
    actor = program.conciliator
    youth = sector_create(actor=actor, program=program, name="Youth")
    member_add(actor=actor, program=program, name="Keisha Davis", sector=youth)
    invitation_create(actor=actor, program=program, name="Carlos Miller", sector=youth)
    program.delete()
    assert not Sector.objects.exists() and not PlanningMember.objects.exists() and not Invitation.objects.exists()


def test_a_sector_with_invitations_cannot_be_deleted_on_its_own(db):
    import pytest
    from django.db.models import RestrictedError

    from spcp.planning.services import invitation_create, sector_create
    from spcp.programs.models import Phase
    from tests import factories

    program = factories.program(state="TX", conciliator=factories.user(role="conciliator"))
    program.phase = Phase.PLANNING
    program.save()
    youth = sector_create(actor=program.conciliator, program=program, name="Youth")
    invitation_create(actor=program.conciliator, program=program, name="Carlos Miller", sector=youth)
    with pytest.raises(RestrictedError):
        youth.delete()
