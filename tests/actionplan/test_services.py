from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spcp.actionplan import services, snapshots
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanStatus, PlanVersion
from spcp.actionplan.phases import plan_published
from spcp.programs.models import AuditEntry, Phase
from spcp.programs.phases import missing_for
from tests.actionplan.conftest import PARTICIPANT_NAME, VOLUNTEER_NAME, add_step, finish_forum

pytestmark = pytest.mark.django_db


def test_draft_copies_priorities_sources_solutions_steps_and_strengths(day, program):
    plan, created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    assert created and plan.title == "Springfield SPCP" and plan.version == 1
    issues = list(plan.issues.order_by("order"))
    assert [i.source_statement_id for i in issues] == [p.pk for p in day.priorities]
    assert issues[0].text == "Traffic stops feel arbitrary" and issues[0].dots == 4
    assert issues[0].sources == [{"text": "교통 단속이 불공정하다", "language": "ko", "table": 2}]
    assert [(s.text, s.language) for s in plan.strengths.all()] == [("Faith leaders already meet monthly", "en")]
    (item,) = plan.items.all()
    assert item.title == "Monthly listening sessions" and item.issue.source_statement_id == day.solution.issue_id
    assert item.support["agree"] + item.support["disagree"] + item.support["pass"] == 20
    assert 0 <= item.support["bridging"] <= 1
    assert all(line["members"] >= 5 for line in item.support["constituencies"])
    steps = list(item.steps.order_by("order"))
    assert [(s.description, s.responsible_party, s.day_timing) for s in steps] == [
        ("Book the library hall", "Library", "By March"),
        ("Invite the chief", "Pastor Kim", ""),
    ]
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1 and version.summary == "Drafted from the forum"
    assert version.author == program.conciliator
    assert AuditEntry.objects.filter(program=program, action="actionplan.drafted").exists()


def test_draft_carries_no_participant_or_volunteer_data(plan):
    text = str(PlanVersion.objects.get(plan=plan).snapshot)
    assert PARTICIPANT_NAME not in text and VOLUNTEER_NAME not in text and "token" not in text


def test_drafting_twice_does_nothing_the_second_time(plan, program):
    again, created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    assert not created and again.pk == plan.pk
    assert Plan.objects.filter(program=program).count() == 1
    assert ActionItem.objects.filter(plan=plan).count() == 1
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_draft_works_before_the_forum_has_solutions_or_strengths(program):
    finish_forum(program, with_solutions=False)
    plan, created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    assert created and plan.issues.count() == 2 and plan.items.count() == 0


def test_draft_works_when_the_forum_never_ran(empty_plan):
    assert empty_plan.issues.count() == 0 and empty_plan.strengths.count() == 0 and empty_plan.version == 1


def test_draft_is_refused_outside_the_action_plan_phases(program):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    with pytest.raises(services.PlanLocked):
        services.plan_draft_from_forum(actor=program.conciliator, program=program)
    assert not Plan.objects.filter(program=program).exists()


def test_each_edit_saves_a_numbered_version_and_an_audit_entry_with_old_and_new(plan, program):
    actor = program.conciliator
    issue = plan.issues.first()
    issue.plan = plan
    services.issue_update(actor=actor, issue=issue, text="Stops feel unfair", language="en")
    plan.refresh_from_db()
    assert plan.version == 2
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert version.summary == "Priority issue changed"
    assert version.snapshot["issues"][0]["text"] == "Stops feel unfair"
    entry = AuditEntry.objects.filter(action="actionplan.issue_updated").get()
    assert entry.changes == {"text": ["Traffic stops feel arbitrary", "Stops feel unfair"]}


def test_an_edit_that_changes_nothing_saves_no_version(plan, program):
    issue = plan.issues.first()
    issue.plan = plan
    services.issue_update(actor=program.conciliator, issue=issue, text=issue.text, language=issue.language)
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_due_date_before_start_is_refused_by_the_service_and_the_database(plan):
    with pytest.raises(ValidationError) as exc:
        add_step(plan, start_date=datetime.date(2027, 3, 1), due_date=datetime.date(2027, 2, 1))
    assert set(exc.value.message_dict) == {"due_date"}
    item = plan.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionStep.objects.create(
            item=item,
            description="x",
            language="en",
            responsible_party="y",
            start_date=datetime.date(2027, 3, 1),
            due_date=datetime.date(2027, 2, 1),
        )


def test_step_update_checks_the_new_due_date_against_the_saved_start(plan, program):
    step = add_step(plan)
    step.item.plan = plan
    with pytest.raises(ValidationError) as exc:
        services.step_update(actor=program.conciliator, step=step, due_date=datetime.date(2026, 1, 1))
    assert "due_date" in exc.value.message_dict
    services.step_update(actor=program.conciliator, step=step, due_date=datetime.date(2027, 6, 1))
    step.refresh_from_db()
    assert step.due_date == datetime.date(2027, 6, 1)


def test_adding_an_item_twice_with_the_same_token_adds_it_once(plan, program):
    token = uuid.uuid4()
    kwargs = {"actor": program.conciliator, "plan": plan, "issue": None, "title": "Youth league", "language": "en"}
    first, created = services.item_add(client_token=token, **kwargs)
    again, created_again = services.item_add(client_token=token, **kwargs)
    assert created and not created_again and first.pk == again.pk
    assert plan.items.filter(title="Youth league").count() == 1


def test_moving_an_item_under_another_issue_and_reordering_issues(plan, program):
    actor = program.conciliator
    first, second = plan.issues.order_by("order")
    item = plan.items.first()
    item.plan = plan
    services.item_update(actor=actor, item=item, issue=second, title=item.title, language="en", weight=3)
    item.refresh_from_db()
    assert item.issue_id == second.pk and item.weight == 3
    second.plan = plan
    services.issue_move(actor=actor, issue=second, up=True)
    assert list(plan.issues.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_an_item_of_another_plan_cannot_be_filed_under_this_plans_issue(plan, program, other_program):
    other = Plan.objects.create(program=other_program, title="Other")
    foreign = other.issues.create(text="x", language="en")
    with pytest.raises(ValidationError) as exc:
        services.item_add(actor=program.conciliator, plan=plan, issue=foreign, title="t", language="en")
    assert "issue" in exc.value.message_dict


def test_diff_lists_added_removed_and_changed_lines_with_readable_labels(plan, program):
    step = add_step(plan)
    step.item.plan = plan
    services.step_update(actor=program.conciliator, step=step, due_date=datetime.date(2027, 4, 1))
    v2, v3 = (PlanVersion.objects.get(plan=plan, number=n).snapshot for n in (2, 3))
    rows = snapshots.snapshot_diff(v2, v3)
    assert [(r.kind, r.where, r.old, r.new) for r in rows] == [
        ("changed", "Issue 1 › Item 1 › Step 3 › Due date", "2027-03-01", "2027-04-01")
    ]
    v1 = PlanVersion.objects.get(plan=plan, number=1).snapshot
    added = snapshots.snapshot_diff(v1, v2)
    assert {r.kind for r in added} == {"added"}
    assert ("Issue 1 › Item 1 › Step 3 › Description", "Hold the first session") in [(r.where, r.new) for r in added]


def test_approving_locks_the_content_and_returning_to_draft_unlocks_it(plan, program):
    actor = program.conciliator
    services.plan_approve(actor=actor, plan=plan)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == actor
    with pytest.raises(services.PlanLocked):
        services.plan_update(actor=actor, plan=plan, title="New", introduction="", language="en")
    services.plan_reopen(actor=actor, plan=plan)
    services.plan_update(actor=actor, plan=plan, title="New", introduction="", language="en")
    assert Plan.objects.get(pk=plan.pk).title == "New"


def test_publishing_needs_approval_and_records_the_published_version(plan, program):
    actor = program.conciliator
    with pytest.raises(ValidationError) as exc:
        services.plan_publish(actor=actor, plan=plan)
    assert exc.value.messages == ["Approve the plan before publishing it."]
    services.plan_approve(actor=actor, plan=plan)
    services.plan_publish(actor=actor, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.published_version == 1 and plan.published_by == actor
    assert AuditEntry.objects.filter(action="actionplan.published").exists()


def test_publishing_from_an_older_copy_of_the_plan_publishes_the_latest_version(plan, program):
    actor = program.conciliator
    stale = Plan.objects.get(pk=plan.pk)
    item = plan.items.first()
    services.step_add(actor=actor, item=item, description="Added later", language="en", responsible_party="City")
    services.plan_approve(actor=actor, plan=stale)
    services.plan_publish(actor=actor, plan=stale)
    current = Plan.objects.get(pk=plan.pk)
    assert current.version > 1 and current.published_version == current.version


def test_the_council_phase_needs_a_published_plan(plan, program):
    assert [str(m) for m in plan_published(program)] == ["Publish the action plan."]
    assert "Publish the action plan." in missing_for(program, Phase.COUNCIL)
    services.plan_approve(actor=program.conciliator, plan=plan)
    services.plan_publish(actor=program.conciliator, plan=plan)
    assert plan_published(program) == []


def test_public_progress_toggle_is_audited(plan, program):
    services.plan_public_progress_set(actor=program.conciliator, plan=plan, enabled=True)
    assert Plan.objects.get(pk=plan.pk).public_progress
    assert AuditEntry.objects.filter(action="actionplan.public_progress_set").count() == 1


def test_the_public_view_of_a_snapshot_has_no_person_or_email(plan):
    add_step(plan)
    snapshot = PlanVersion.objects.get(plan=plan, number=2).snapshot
    text = str(snapshots.public_view(snapshot))
    assert "Dana Whitfield" not in text and "dana@example.org" not in text and "Police department" in text
