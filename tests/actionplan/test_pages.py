from __future__ import annotations

import datetime
import uuid

import pytest

from spcp.actionplan import services
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanStatus
from spcp.programs.models import Phase
from tests.actionplan.conftest import PARTICIPANT_NAME, VOLUNTEER_CONTACT, VOLUNTEER_NAME, add_step, public_url, url

pytestmark = pytest.mark.django_db

STEP_POST = {
    "description": "Hold the first session",
    "responsible_party": "Police department",
    "responsible_person": "Dana Whitfield",
    "responsible_email": "dana@example.org",
    "partners": "Library",
    "start_date": "2027-01-10",
    "due_date": "2027-03-01",
    "resources": "",
    "measure": "Forty residents attend",
    "weight": "1",
    "language": "en",
}


def _publish(plan):
    actor = plan.program.conciliator
    services.plan_approve(actor=actor, plan=plan)
    services.plan_publish(actor=actor, plan=plan)


def test_the_plan_page_offers_to_draft_from_the_forum_and_drafting_twice_says_so(day, program, staff):
    page = staff.get(url("overview", program)).content.decode()
    assert "Draft the plan from the forum" in page
    response = staff.post(url("draft", program), follow=True)
    assert "The action plan was drafted from the forum." in response.content.decode()
    again = staff.post(url("draft", program), follow=True).content.decode()
    assert "This program already has an action plan, so nothing new was drafted." in again
    assert Plan.objects.filter(program=program).count() == 1


def test_the_plan_page_shows_issues_items_steps_and_strengths_with_language_tags(plan, program, staff):
    page = staff.get(url("overview", program)).content.decode()
    assert '<span lang="ko">교통 단속이 불공정하다</span>' in page
    assert "Monthly listening sessions" in page and "Book the library hall" in page
    assert "Faith leaders already meet monthly" in page
    assert "<caption>" in page and 'scope="col"' in page


def test_korean_plan_page_is_translated(plan, program, staff):
    page = staff.get(url("overview", program, lang="ko")).content.decode()
    assert '<html lang="ko">' in page and "우선순위 문제와 실행 항목" in page and "버전 기록" in page


def test_a_step_with_due_before_start_shows_the_error_and_keeps_what_was_typed(plan, program, staff):
    item = plan.items.first()
    data = {**STEP_POST, "due_date": "2026-12-01", "client_token": str(uuid.uuid4())}
    response = staff.post(url("step_add", program, plan_item_id=item.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The due date cannot be before the start date." in page
    assert "Forty residents attend" in page and 'value="Dana Whitfield"' in page
    assert not ActionStep.objects.filter(description="Hold the first session").exists()


def test_a_resubmitted_step_form_adds_the_step_once(plan, program, staff):
    item = plan.items.first()
    data = {**STEP_POST, "client_token": str(uuid.uuid4())}
    assert staff.post(url("step_add", program, plan_item_id=item.pk), data).status_code == 302
    assert staff.post(url("step_add", program, plan_item_id=item.pk), data).status_code == 302
    assert ActionStep.objects.filter(description="Hold the first session").count() == 1


def test_a_resubmitted_item_form_adds_the_item_once(plan, program, staff):
    program.languages = ["en", "ko"]
    program.save(update_fields=["languages"])
    data = {"title": "Youth league", "language": "ko", "weight": "2", "issue": "", "client_token": str(uuid.uuid4())}
    staff.post(url("item_add", program), data)
    staff.post(url("item_add", program), data)
    item = ActionItem.objects.get(title="Youth league")
    assert item.language == "ko" and item.weight == 2 and item.issue is None


def test_the_language_select_defaults_to_the_editors_language(plan, program, staff):
    page = staff.get(url("item_add", program, lang="ko")).content.decode()
    assert '<option value="ko" selected>' in page


def test_editing_a_step_and_removing_it(plan, program, staff):
    step = add_step(plan)
    data = {**STEP_POST, "due_date": "2027-05-01"}
    assert staff.post(url("step_edit", program, plan_step_id=step.pk), data).status_code == 302
    step.refresh_from_db()
    assert step.due_date == datetime.date(2027, 5, 1)
    assert staff.post(url("step_remove", program, plan_step_id=step.pk)).status_code == 302
    assert not ActionStep.objects.filter(pk=step.pk).exists()


def test_planning_member_edits_but_cannot_approve_and_facilitator_only_reads(plan, program, role_users, client):
    client.force_login(role_users["planning_member"])
    assert client.get(url("plan_edit", program)).status_code == 200
    data = {"title": "Our plan", "introduction": "Written together", "language": "en"}
    assert client.post(url("plan_edit", program), data).status_code == 302
    assert client.post(url("approve", program)).status_code == 404
    assert client.get(url("publish", program)).status_code == 404
    client.force_login(role_users["facilitator"])
    page = client.get(url("overview", program)).content.decode()
    assert "Our plan" in page and "Edit the title and introduction" not in page
    assert client.get(url("plan_edit", program)).status_code == 404


def test_outside_the_plan_phases_pages_are_read_only_and_changes_are_refused(plan, program, staff):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    page = staff.get(url("plan_edit", program)).content.decode()
    assert "disabled" in page and "read-only" in page
    response = staff.post(url("plan_edit", program), {"title": "X", "introduction": "", "language": "en"})
    assert response.status_code == 409
    assert Plan.objects.get(pk=plan.pk).title != "X"


def test_approved_plan_edit_is_refused_until_returned_to_draft(plan, program, staff):
    assert staff.post(url("approve", program)).status_code == 302
    data = {"title": "Changed", "introduction": "", "language": "en"}
    assert staff.post(url("plan_edit", program), data).status_code == 409
    assert staff.post(url("reopen", program)).status_code == 302
    assert staff.post(url("plan_edit", program), data).status_code == 302
    assert Plan.objects.get(pk=plan.pk).title == "Changed"


def test_publishing_goes_through_a_confirmation_page(plan, program, staff):
    staff.post(url("approve", program))
    page = staff.get(url("publish", program)).content.decode()
    assert "What becomes public" in page and "never published" in page
    assert Plan.objects.get(pk=plan.pk).published_version is None
    staff.post(url("publish", program))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.published_version == plan.version


def test_versions_page_and_diff_show_who_and_what_changed(plan, program, staff):
    step = add_step(plan)
    data = {**STEP_POST, "due_date": "2027-04-01"}
    staff.post(url("step_edit", program, plan_step_id=step.pk), data)
    versions = staff.get(url("versions", program)).content.decode()
    assert "Drafted from the forum" in versions and "Action step changed" in versions
    assert "conciliator" in versions
    diff = staff.get(url("diff", program)).content.decode()  # previous vs current by default
    assert "Issue 1 › Item 1 › Step 3 › Due date" in diff
    assert "2027-03-01" in diff and "2027-04-01" in diff and "Changed" in diff
    older = staff.get(url("diff", program) + "?a=1&b=3").content.decode()
    assert "Added" in older and "Hold the first session" in older


def test_the_public_page_shows_only_the_published_version_and_nothing_personal(plan, program, client):
    add_step(plan)
    assert client.get(public_url("detail", plan_id=plan.pk)).status_code == 404
    _publish(plan)
    plan.refresh_from_db()
    services.plan_reopen(actor=program.conciliator, plan=plan)
    services.plan_update(
        actor=program.conciliator, plan=plan, title="Unpublished title", introduction="", language="en"
    )
    page = client.get(public_url("detail", plan_id=plan.pk)).content.decode()
    assert "Springfield SPCP" in page and "Unpublished title" not in page
    assert "Hold the first session" in page and "Police department" in page
    for private in ("Dana Whitfield", "dana@example.org", PARTICIPANT_NAME, VOLUNTEER_NAME, VOLUNTEER_CONTACT):
        assert private not in page
    assert '<span lang="en">Faith leaders already meet monthly</span>' in page
    listing = client.get(public_url("list")).content.decode()
    assert "Springfield SPCP" in listing and "Unpublished title" not in listing


def test_the_public_pages_are_translated_for_readers(plan, client):
    _publish(plan)
    expected = {
        "ko": "공개된 실행 계획",
        "es": "Planes de acción publicados",
        "zh-hans": "已发布的行动计划",
        "vi": "Các kế hoạch hành động đã công bố",
    }
    for lang, heading in expected.items():
        page = client.get(public_url("detail", lang=lang, plan_id=plan.pk)).content.decode()
        assert f'<html lang="{lang}">' in page and heading in page
        assert '<span lang="en">Monthly listening sessions</span>' in page  # the plan's own text keeps its language


def test_an_unpublished_plan_is_not_listed(plan, client):
    assert "Springfield SPCP" not in client.get(public_url("list")).content.decode()


def test_plan_page_uses_a_fixed_number_of_queries(plan, program, staff, django_assert_max_num_queries):
    for n in range(5):
        add_step(plan, description=f"Step {n}")
    for n in range(5):
        services.item_add(actor=program.conciliator, plan=plan, issue=None, title=f"Item {n}", language="en")
    with django_assert_max_num_queries(14):
        assert staff.get(url("overview", program)).status_code == 200


def test_public_pages_use_a_fixed_number_of_queries(plan, client, django_assert_max_num_queries):
    for n in range(5):
        add_step(plan, description=f"Step {n}")
    _publish(plan)
    with django_assert_max_num_queries(4):
        assert client.get(public_url("detail", plan_id=plan.pk)).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(public_url("list")).status_code == 200


def test_versions_page_uses_a_fixed_number_of_queries(plan, program, staff, django_assert_max_num_queries):
    for n in range(5):
        add_step(plan, description=f"Step {n}")
    with django_assert_max_num_queries(10):
        assert staff.get(url("versions", program)).status_code == 200


def test_a_plan_marked_published_without_its_published_version_is_not_shown(program, other_program, client):
    Plan.objects.create(program=other_program, title="Broken", published_version=3)
    plan = Plan.objects.get(program=other_program)
    assert "Broken" not in client.get(public_url("list")).content.decode()
    assert client.get(public_url("detail", plan_id=plan.pk)).status_code == 404
