"""A conciliator walks a program through phase 1 (planning group) and phase 2 (facilitator training) to the
door of the forum: every gate refuses with what is missing, then lets the program through once it is done.

Representative steps go through the pages as a person would; the bulk (most checklist tasks) is background
data written through the same services. axe-core checks every page visited."""

from __future__ import annotations

import datetime

import pytest

from spcp.planning import services as planning_services
from spcp.planning.models import Task, TaskStatus
from spcp.programs.models import Phase, Program
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _program_page(visitor, program):
    return visitor.goto(f"/en/programs/{program.pk}/")


def _advance(visitor, page):
    with page.expect_navigation():
        page.click("button:has-text('Move to')")
    visitor.check()
    return page.locator("main").inner_text()


def test_program_walks_through_planning_and_training_to_the_forum(visitor):
    conciliator = factories.user(role="conciliator", region="southwest", username="grace")
    program = factories.program(
        state="TX",
        conciliator=conciliator,
        title="Riverton SPCP",
        expected_groups=1,
        forum_date=datetime.date.today() + datetime.timedelta(days=30),
        venue="Student Union Hall",
    )

    page = visitor.goto("/en/accounts/login/")
    page.fill("#id_username", "grace")
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()

    # Intake → planning: the conciliator is assigned, so the gate lets it through.
    page = _program_page(visitor, program)
    assert "Next phase: Planning group" in page.locator("main").inner_text()
    _advance(visitor, page)
    program.refresh_from_db()
    assert program.phase == Phase.PLANNING

    # Planning → training is refused until the planning group exists; the page says what is missing.
    text = _advance(visitor, page)
    assert "co-chair" in text.lower()
    program.refresh_from_db()
    assert program.phase == Phase.PLANNING

    # Add a community sector with a quick-add suggestion.
    page = visitor.goto(f"/en/programs/{program.pk}/planning/sectors/")
    with page.expect_navigation():
        page.click("button:has-text('Add Youth')")
    visitor.check()
    assert "Youth" in page.locator("main table").first.inner_text()

    # Add a law-enforcement co-chair and a community member.
    for name, sector, role in [
        ("Capt. Robert Hayes", "Law enforcement", "co_chair"),
        ("Keisha Davis", "Youth", "member"),
    ]:
        page = visitor.goto(f"/en/programs/{program.pk}/planning/members/add/")
        page.fill("#id_name", name)
        page.select_option("#id_sector", label=sector)
        visitor.choose("role", role)
        visitor.submit()
        assert name in page.locator("main").inner_text()

    page = _program_page(visitor, program)
    _advance(visitor, page)
    program.refresh_from_db()
    assert program.phase == Phase.TRAINING

    # Training → forum: refused with the open checklist, the missing RSVPs and the missing facilitator.
    page = _program_page(visitor, program)
    text = _advance(visitor, page)
    assert "checklist" in text.lower() and "facilitator" in text.lower()

    # A facilitator is recruited, trained in one session covering every module, and marked present.
    page = visitor.goto(f"/en/programs/{program.pk}/training/facilitators/add/")
    page.fill("#id_name", "Jisoo Kim")
    page.fill("#id_organisation", "Korean Parents Network")
    visitor.choose("languages", "ko")
    visitor.submit()
    page = visitor.goto(f"/en/programs/{program.pk}/training/sessions/add/")
    page.fill("#id_starts_at", (datetime.datetime.now() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_duration_minutes", "240")
    for box in page.locator("input[name=modules]").all():
        visitor.choose("modules", box.get_attribute("value"))
    visitor.submit()
    page = visitor.goto(f"/en/programs/{program.pk}/training/sessions/")
    with page.expect_navigation():
        page.click("a:has-text('attendance'), a:has-text('Attendance')")
    visitor.check()
    visitor.choose("facilitators")
    visitor.submit()
    page = visitor.goto(f"/en/programs/{program.pk}/training/")
    assert "Ready facilitators: 1 of 1" in page.locator("main").inner_text()

    # Invitations: one confirmed guest in each sector, entered through the page.
    for name, sector in [("Sgt. Alicia Romero", "Law enforcement"), ("Carlos Miller", "Youth")]:
        page = visitor.goto(f"/en/programs/{program.pk}/planning/invitations/add/")
        page.fill("#id_name", name)
        page.select_option("#id_sector", label=sector)
        visitor.choose("rsvp", "yes")
        visitor.submit()

    # The checklist: all but one task are done in the background; the last is closed on the page (htmx).
    tasks = list(Task.objects.filter(program=program).order_by("pk"))
    for task in tasks[1:]:
        planning_services.task_update(actor=conciliator, task=task, status=TaskStatus.DONE)
    page = visitor.goto(f"/en/programs/{program.pk}/planning/tasks/")
    page.select_option(f"#task-{tasks[0].pk}-status", "done")
    page.click(f"#task-{tasks[0].pk}-status ~ button")
    page.wait_for_function("() => document.querySelector('#planning-status')?.textContent.trim()")
    visitor.check()
    assert Task.objects.filter(program=program).exclude(status=TaskStatus.DONE).count() == 0

    # Every gate is satisfied: the program enters the forum phase.
    page = _program_page(visitor, program)
    assert "Everything needed for the next phase is in place." in page.locator("main").inner_text()
    _advance(visitor, page)
    assert Program.objects.get(pk=program.pk).phase == Phase.FORUM
    assert page.locator("[aria-current=true].usa-step-indicator__segment").inner_text().strip().startswith("Forum")
