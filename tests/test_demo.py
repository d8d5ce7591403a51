"""`spcp demo` loads a realistic program, is idempotent, and --reset reloads it."""

from __future__ import annotations

import io

from spcp import demo
from spcp.intake.models import ProgramRequest
from spcp.planning.models import Invitation, Sector, Task, TaskStatus
from spcp.programs.models import Phase, Program
from spcp.training import selectors as training_selectors
from spcp.training.models import Facilitator


def test_demo_is_a_mid_size_city_after_a_critical_incident_part_way_through_training(db):
    out = io.StringIO()
    program = demo.load(out=out)
    assert program.trigger == "critical_incident" and program.phase == Phase.TRAINING
    assert Sector.objects.filter(program=program).count() == 7
    assert 85 <= Invitation.objects.filter(program=program).count() <= 95
    assert Facilitator.objects.filter(program=program).count() == 8
    statuses = set(Task.objects.filter(program=program).values_list("status", flat=True))
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.TODO} <= statuses
    assert Invitation.objects.filter(program=program, language="ko").exists()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in program.incident_description)  # Korean text
    readiness = training_selectors.readiness_get(program=program)
    ready = [f for f in readiness.facilitators if not f.missing]
    assert len(ready) == 4  # one short of the five groups: the forum gate has something to say
    assert ProgramRequest.objects.filter(status="new").count() == 2
    assert "spcp-demo-2026" in out.getvalue() and "conciliator" in out.getvalue()


def test_loading_the_demo_emails_nobody(db, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        demo.load(out=io.StringIO())
    assert mail.outbox == []


def test_demo_is_idempotent_and_reset_loads_it_anew(db):
    first = demo.load(out=io.StringIO())
    again = demo.load(out=io.StringIO())
    assert again.pk == first.pk and Program.objects.count() == 3  # Riverton; Lakeside on its day; Bayview
    fresh = demo.load(reset=True, out=io.StringIO())
    assert fresh.pk != first.pk and Program.objects.count() == 3
    assert ProgramRequest.objects.count() == 2


def test_the_forum_day_demo_is_at_the_dot_vote_with_merged_duplicates(db):
    from spcp.forum import selectors
    from spcp.forum.models import Forum
    from spcp.programs.models import Phase

    demo.load(out=io.StringIO())
    forum = Forum.objects.select_related("program", "current_segment").get(program__title="Lakeside SPCP")
    assert forum.program.phase == Phase.FORUM and forum.current_segment.kind == "dot_voting" and forum.voting_open
    assert selectors.participant_count(forum=forum) == 84
    tally = selectors.dot_tally(forum=forum)
    assert sum(tally.values()) == 68 * 3
    merged = [s for s in selectors.issue_list(forum=forum) if selectors.statement_sources(s)]
    assert len(merged) == 1
    assert {s.language for s in selectors.issue_list(forum=forum)} >= {"en", "ko", "es", "vi", "zh-hans"}


def test_the_year_after_demo_has_a_published_plan_about_half_done_and_three_survey_waves(db):
    import datetime

    from django.utils import timezone

    from spcp.actionplan.models import PlanStatus
    from spcp.council import selectors as council_selectors
    from spcp.council.models import Meeting, MeetingStatus
    from spcp.evaluation.models import SurveyResponse, Wave

    demo.load(out=io.StringIO())
    program = Program.objects.get(title="Bayview SPCP")
    assert program.phase == Phase.COUNCIL
    assert program.forum_date <= timezone.localdate() - datetime.timedelta(days=365)
    plan = program.action_plan
    assert plan.status == PlanStatus.PUBLISHED and plan.public_progress
    progress = council_selectors.progress_get(program=program, today=timezone.localdate())
    assert 35 <= progress.percent <= 65  # about half done
    assert progress.overdue_step_ids  # and some steps are late
    held = Meeting.objects.filter(program=program, status=MeetingStatus.HELD)
    assert held.count() >= 11 and all(m.minutes for m in held)
    assert Meeting.objects.filter(program=program, status=MeetingStatus.SCHEDULED).count() == 1
    waves = set(SurveyResponse.objects.filter(survey__program=program).values_list("survey__wave", flat=True))
    assert {Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS, Wave.AFTER_DAY} <= waves


def test_the_demo_reads_true(db):
    """Segments took their planned time, survey comments fit their wave, the council user sits only on a
    council that exists, and Bayview's council was handed over to its officers and runs itself."""
    from spcp.accounts.models import User
    from spcp.council.models import Handover, Meeting
    from spcp.evaluation.models import SurveyResponse, Wave
    from spcp.forum.models import Segment
    from spcp.programs.models import AuditEntry, MembershipRole

    demo.load(out=io.StringIO())
    done = Segment.objects.filter(forum__program__title="Lakeside SPCP", ended_at__isnull=False).order_by("order")
    assert done.count() >= 4
    for segment in done:
        took = round((segment.ended_at - segment.started_at).total_seconds() / 60)
        assert abs(took - segment.planned_minutes) <= 1, (segment.kind, took, segment.planned_minutes)

    comments = {
        wave: set(
            SurveyResponse.objects.filter(survey__wave=wave).exclude(comment="").values_list("comment", flat=True)
        )
        for wave in (Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS, Wave.AFTER_DAY)
    }
    assert comments[Wave.BASELINE]
    later = comments[Wave.THREE_MONTHS] | comments[Wave.TWELVE_MONTHS] | comments[Wave.AFTER_DAY]
    assert not comments[Wave.BASELINE] & later  # nothing said before the forum praises what came after it

    council_user = User.objects.get(username="council")
    seats = Program.objects.filter(memberships__user=council_user, memberships__role=MembershipRole.COUNCIL_MEMBER)
    assert {p.phase for p in seats} == {Phase.COUNCIL}

    bayview = Program.objects.get(title="Bayview SPCP")
    assert Handover.objects.filter(program=bayview).exists()
    upcoming = Meeting.objects.filter(program=bayview, status="scheduled").get()
    scheduled_by = AuditEntry.objects.get(action="council.meeting_scheduled", target_id=str(upcoming.pk))
    assert scheduled_by.actor == council_user  # the secretary runs the council now
