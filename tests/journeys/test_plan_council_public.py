"""From a finished forum to results, in a real browser: the conciliator (in Korean) drafts the action plan from
the day, fixes a step after a refused bad date, approves and deliberately publishes it; the public page shows
the plan without anyone's name. Then (in English) the program moves to the council: the day's volunteers take
their seats, a meeting is scheduled with an agenda built from the overdue step; it cannot be marked held before
its date; the conciliator makes a volunteer the secretary and hands the council over, keeping read access; the
secretary (in Korean) records minutes, attendance and a decision, and progress is posted. `spcp remind` emails
the overdue step's owner once, however often it runs, and the opt-in public progress page shows the progress in
Korean and English with no personal data. axe-core checks every page on the way."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from spcp.actionplan.models import ActionStep, Plan, PlanStatus
from spcp.council.models import CouncilMember, Meeting, MeetingStatus
from spcp.council.reminders import remind_command
from spcp.demo_outcomes import finish_forum_day
from spcp.forum.models import CouncilVolunteer
from spcp.programs.models import AuditEntry, Phase, Program
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERSON = "Lt. Dana Ortiz"
EMAIL = "standards@harbor.example.org"


def _click(visitor, selector: str):
    """Press a button or link that loads a new page, then check that page."""
    with visitor.page.expect_navigation():
        visitor.page.click(selector)
    visitor.check()
    return visitor.page


def _href(page, selector: str) -> str:
    return page.locator(selector).first.get_attribute("href")


def _assert_no_personal_data(text: str, volunteers: list[str]) -> None:
    assert PERSON not in text and EMAIL not in text
    for name in volunteers:
        assert name not in text, name


def test_finished_forum_to_published_plan_council_meeting_progress_reminder_and_public_page(
    visitor, browser, live_server
):
    conciliator = factories.user(role="conciliator", region="southwest", username="grace")
    program = factories.program(
        state="TX", conciliator=conciliator, title="Harbor SPCP", city="Harbor", languages=["en", "ko"]
    )
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.refresh_from_db()
    finish_forum_day(program=program, actor=conciliator, people_per_sector=5, volunteers=6)
    volunteers = list(CouncilVolunteer.objects.values_list("name", flat=True))
    assert volunteers

    page = visitor.goto("/ko/accounts/login/")
    page.fill("#id_username", "grace")
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()

    # Forum → action plan (the gate: dot voting has closed), then the draft, made from the day.
    visitor.goto(f"/ko/programs/{program.pk}/")
    _click(visitor, "form[action$='/advance/'] button")
    program.refresh_from_db()
    assert program.phase == Phase.ACTION_PLAN
    page = visitor.goto(f"/ko/programs/{program.pk}/plan/")
    page = _click(visitor, "form[action$='/plan/draft/'] button")
    plan = Plan.objects.get(program=program)
    assert plan.issues.count() == 5 and plan.items.count() >= 4 and plan.strengths.count() == 3
    text = page.locator("main").inner_text()
    assert "실행 계획" in text and plan.items.first().title[:30] in text

    # A step's due date before its start date is refused in Korean, and what was typed stays in the form.
    page = visitor.goto(_href(page, "a[href*='/plan/steps/'][href$='/edit/']").removeprefix(visitor.base_url))
    step_id = int(page.url.rstrip("/").split("/")[-2])
    today = timezone.localdate()
    page.fill("#id_responsible_person", PERSON)
    page.fill("#id_responsible_email", EMAIL)
    page.fill("#id_start_date", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_due_date", (today - datetime.timedelta(days=60)).isoformat())
    visitor.submit()
    assert "마감일" in page.locator("#id_due_date-error, .usa-error-message").first.inner_text()
    assert page.input_value("#id_responsible_person") == PERSON
    assert ActionStep.objects.get(pk=step_id).responsible_person == ""
    page.fill("#id_due_date", (today - datetime.timedelta(days=5)).isoformat())
    visitor.submit()
    step = ActionStep.objects.get(pk=step_id)
    assert step.responsible_email == EMAIL and step.due_date == today - datetime.timedelta(days=5)

    # Approve, then publish on purpose (a separate page says what becomes public).
    _click(visitor, "form[action$='/plan/approve/'] button")
    page = _click(visitor, "a[href$='/plan/publish/']")
    _click(visitor, "main form button[type=submit]")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.published_version == plan.version

    public = browser.new_context()
    reader = type(visitor)(public.new_page(), visitor.base_url)
    page = reader.goto(f"/ko/plans/{plan.pk}/")
    text = page.locator("main").inner_text()
    assert plan.items.first().title[:30] in text
    _assert_no_personal_data(page.content(), volunteers)

    # Action plan → council (the gate: the plan is published). The rest of the day is in English.
    visitor.goto(f"/en/programs/{program.pk}/")
    _click(visitor, "form[action$='/advance/'] button")
    program.refresh_from_db()
    assert program.phase == Phase.COUNCIL

    page = visitor.goto(f"/en/programs/{program.pk}/council/")
    page = _click(visitor, "form[action$='/council/members/import/'] button")
    assert CouncilMember.objects.filter(program=program).count() == len(volunteers)
    assert volunteers[0] in page.locator("main").inner_text()

    page = visitor.goto(f"/en/programs/{program.pk}/council/meetings/add/")
    starts = timezone.now() + datetime.timedelta(days=7)
    page.fill("#id_title", "First council meeting")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT18:00"))
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT19:30"))
    page.fill("#id_location", "Harbor Library, Room B")
    visitor.submit()
    meeting = Meeting.objects.get(program=program)
    page = visitor.goto(f"/en/programs/{program.pk}/council/meetings/{meeting.pk}/")
    page = _click(visitor, "form[action$='/agenda/build/'] button")
    agenda = page.locator("main").inner_text()
    assert step.description[:30] in agenda and "overdue" in agenda.lower()

    # The meeting is a week away: it cannot be marked held yet, and what was typed stays in the form.
    page = visitor.goto(f"/en/programs/{program.pk}/council/meetings/{meeting.pk}/minutes/")
    page.fill("#id_minutes", "Draft: the chief will report on the complaint guide.")
    page.select_option("#id_minutes_language", "en")
    visitor.choose("held")
    visitor.submit()
    assert "cannot be marked as held yet" in page.locator("#id_held-error, .usa-error-message").first.inner_text()
    assert "complaint guide" in page.input_value("#id_minutes")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.minutes == ""

    # The conciliator makes a volunteer the council's secretary, with her account, and hands the council over.
    secretary_account = factories.member(program, "council_member", username="mina")
    seat = CouncilMember.objects.filter(program=program).order_by("name").first()
    page = visitor.goto(f"/en/programs/{program.pk}/council/members/{seat.pk}/edit/")
    page.select_option("#id_role", "secretary")
    page.fill("#id_account", "mina")
    visitor.submit()
    page = visitor.goto(f"/en/programs/{program.pk}/council/")
    page = _click(visitor, f"a[href$='/programs/{program.pk}/council/handover/']")
    assert seat.name in page.locator("main").inner_text()
    page = _click(visitor, "main form button[type=submit]")
    assert "run itself" in page.locator("main").inner_text()
    assert AuditEntry.objects.filter(program=program, action="council.handed_over", actor=conciliator).exists()
    # CRS staff keep read access, but the minutes are the council's to write now.
    page = visitor.goto(f"/en/programs/{program.pk}/council/meetings/{meeting.pk}/")
    assert page.locator("a[href$='/minutes/']").count() == 0
    minutes_url = f"{visitor.base_url}/en/programs/{program.pk}/council/meetings/{meeting.pk}/minutes/"
    assert visitor.page.goto(minutes_url).status == 404

    # A week later (the meeting moved into the past), the secretary records minutes, attendance and a decision
    # herself, in Korean pages, without CRS.
    starts = timezone.now() - datetime.timedelta(hours=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    council_context = browser.new_context()
    secretary = type(visitor)(council_context.new_page(), visitor.base_url)
    page = secretary.goto("/ko/accounts/login/")
    page.fill("#id_username", "mina")
    page.fill("#id_password", factories.PASSWORD)
    secretary.submit()
    page = secretary.goto(f"/ko/programs/{program.pk}/council/meetings/{meeting.pk}/minutes/")
    page.fill("#id_minutes", "The chief agreed to report on the complaint guide next month.")
    page.select_option("#id_minutes_language", "en")
    members = list(CouncilMember.objects.filter(program=program).order_by("name"))
    for member in members[:3]:
        secretary.choose("present", str(member.pk))
    secretary.choose("held")
    secretary.submit()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and "complaint guide" in meeting.minutes
    assert meeting.attendance.filter(present=True).count() == 3
    assert AuditEntry.objects.filter(action="council.minutes_recorded", actor=secretary_account).exists()

    page = secretary.goto(f"/ko/programs/{program.pk}/council/meetings/{meeting.pk}/")
    page.fill("#id_text", "Invite the chief to the next public meeting.")
    page.select_option("#id_language", "en")
    secretary.submit(f"form[action$='/meetings/{meeting.pk}/decisions/add/'] [type=submit]")
    assert meeting.decisions.count() == 1
    council_context.close()

    # Progress on the overdue step: 40 %, with a note and an evidence link.
    page = visitor.goto(f"/en/programs/{program.pk}/council/progress/steps/{step.pk}/")
    page.fill("#id_date", today.isoformat())
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "40")
    page.fill("#id_note", "Draft guide shared with the council.")
    page.fill("#id_evidence_url", "https://harbor.example.org/guide-draft")
    visitor.submit()
    step.refresh_from_db()
    assert (step.status, step.percent) == ("in_progress", 40)
    page = visitor.goto(f"/en/programs/{program.pk}/council/progress/")
    assert "overdue" in page.locator("main").inner_text().lower()

    # `spcp remind` from cron: the owner of the overdue step hears once, however often it runs.
    mail.outbox.clear()
    assert remind_command(today=None, dry_run=False) == 0
    assert remind_command(today=None, dry_run=False) == 0
    to_owner = [m for m in mail.outbox if EMAIL in m.to]
    assert len(to_owner) == 1 and step.description[:30] in to_owner[0].body

    # The public progress page is opt-in; once on, it shows progress in the reader's language, no one's name.
    page = reader.page
    response = page.goto(f"{visitor.base_url}/en/progress/{plan.pk}/")
    assert response.status == 404
    visitor.goto(f"/en/programs/{program.pk}/plan/")
    _click(visitor, "form[action$='/plan/public-progress/'] button")
    for lang in ("ko", "en"):
        page = reader.goto(f"/{lang}/progress/{plan.pk}/")
        assert page.locator("main figure svg").count() >= 1 and page.locator("main table").count() >= 1
        _assert_no_personal_data(page.content(), volunteers)
    assert "40" in page.locator("main").inner_text()
    public.close()
