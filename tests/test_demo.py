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
    assert again.pk == first.pk and Program.objects.count() == 2  # Riverton, and Lakeside on its forum day
    fresh = demo.load(reset=True, out=io.StringIO())
    assert fresh.pk != first.pk and Program.objects.count() == 2
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
