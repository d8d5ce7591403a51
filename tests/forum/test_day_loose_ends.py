"""The forum day's loose ends through HTTP (issue 11 item 3): one button opens the vote, closing asks first and
can be undone for two minutes, totals can be kept off the phones, segment timers, the closing screen's data,
the facilitators' guiding questions, and the planning warning when there is no baseline survey."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from spcp.evaluation.models import Survey
from spcp.forum import selectors, services
from spcp.forum.models import Forum, Statement
from spcp.programs.models import AuditEntry, Phase
from tests.forum.test_run_views import _issue, url
from tests.forum.test_run_views import _round_one as _tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(login, room):
    return login(room.forum.program.conciliator)


def _segment(room, kind):
    return room.forum.segments.get(kind=kind)


def _vote_and_close(staff, room):
    table = _tables(room)[0]
    first, second = _issue(table, "Stops without a reason"), _issue(table, "No interpreters at the station")
    staff.post(url("segment_start", room, segment_id=_segment(room, "dot_voting").pk))
    room.forum.refresh_from_db()
    services.dots_cast(
        forum=room.forum, participant=room.people[0], dots={second.pk: 2}, revision=1, client_token=uuid.uuid4()
    )
    staff.post(url("voting", room), {"action": "close", "confirm": "yes"})
    room.forum.refresh_from_db()
    return first, second


# --- "Start dot voting" opens the vote ------------------------------------------------------------------


def test_starting_the_dot_voting_segment_opens_the_vote_for_the_phones(staff, room):
    table = _tables(room)[0]
    _issue(table, "Stops without a reason")
    response = staff.post(url("segment_start", room, segment_id=_segment(room, "dot_voting").pk))
    assert response.status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.voting_open
    state = selectors.snapshot_get(forum=room.forum)
    assert state["forum"]["segment"] == "dot_voting" and state["forum"]["voting_open"] is True
    actions = list(AuditEntry.objects.filter(program=room.forum.program).values_list("action", flat=True))
    assert "forum.segment_started" in actions and "forum.voting_opened" in actions


def test_starting_dot_voting_without_issues_moves_the_room_but_leaves_the_vote_closed(staff, room):
    response = staff.post(url("segment_start", room, segment_id=_segment(room, "dot_voting").pk))
    assert response.status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.current_segment.kind == "dot_voting" and not room.forum.voting_open


# --- closing asks first, and can be undone for two minutes ----------------------------------------------


def test_closing_the_vote_asks_first_and_the_question_changes_nothing(staff, room):
    table = _tables(room)[0]
    _issue(table, "Stops without a reason")
    staff.post(url("segment_start", room, segment_id=_segment(room, "dot_voting").pk))
    page = staff.post(url("voting", room), {"action": "close"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Close dot voting now?" in text and 'name="confirm" value="yes"' in text
    room.forum.refresh_from_db()
    assert room.forum.voting_open and room.forum.voting_closed_at is None


def test_a_closed_vote_reopens_within_two_minutes_with_every_dot_still_counted(staff, room):
    first, second = _vote_and_close(staff, room)
    second.refresh_from_db()
    assert second.priority_rank == 1 and not room.forum.voting_open
    page = staff.get(url("voting", room)).content.decode()
    assert "Reopen dot voting" in page
    response = staff.post(url("voting", room), {"action": "undo_close"}, follow=True)
    assert "Dot voting is open again. Every dot placed before still counts." in response.content.decode()
    room.forum.refresh_from_db()
    second.refresh_from_db()
    assert room.forum.voting_open and room.forum.voting_closed_at is None
    assert second.priority_rank is None and second.final_dots is None
    assert selectors.dot_tally(forum=room.forum) == {second.pk: 2}
    entry = AuditEntry.objects.get(program=room.forum.program, action="forum.voting_close_undone")
    assert entry.actor == room.forum.program.conciliator
    # The room's screens follow: the statements lose their ranks and the forum is open again.
    state = selectors.snapshot_get(forum=room.forum)
    assert state["forum"]["voting_open"] is True and state["statements"][str(second.pk)]["rank"] is None


def test_undoing_the_close_is_refused_after_two_minutes_with_the_reason(staff, room):
    _vote_and_close(staff, room)
    Forum.objects.filter(pk=room.forum.pk).update(voting_closed_at=timezone.now() - datetime.timedelta(minutes=3))
    assert "Reopen dot voting" not in staff.get(url("voting", room)).content.decode()
    response = staff.post(url("voting", room), {"action": "undo_close"})
    assert response.status_code == 400
    assert "Closing the vote can be undone only within 2 minutes" in response.content.decode()
    room.forum.refresh_from_db()
    assert not room.forum.voting_open and room.forum.voting_closed_at is not None


def test_undoing_the_close_is_refused_once_the_mixed_tables_are_built(staff, room):
    _vote_and_close(staff, room)
    services.breakouts_build_second(forum=room.forum, actor=room.forum.program.conciliator, groups=2, seed=1)
    with pytest.raises(Exception, match="before the mixed tables are built"):
        services.voting_close_undo(forum=room.forum, actor=room.forum.program.conciliator)
    assert Statement.objects.filter(forum=room.forum, priority_rank__isnull=False).exists()


# --- live totals kept off the phones until the reveal ---------------------------------------------------


def test_staff_can_keep_the_totals_off_the_phones_and_the_phones_are_told(staff, room):
    response = staff.post(
        url("settings", room), {"dots_per_participant": 3, "allow_stacking": "on", "top_k": 5, "hide_totals": "on"}
    )
    assert response.status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.hide_totals
    assert selectors.snapshot_get(forum=room.forum)["forum"]["hide_totals"] is True
    entry = AuditEntry.objects.filter(program=room.forum.program, action="forum.settings_changed").latest("id")
    assert entry.changes["hide_totals"] == [False, True]
    page = staff.get(url("settings", room)).content.decode()
    assert "Hide the room&#x27;s totals on phones until voting closes" in page


# --- segment timers -------------------------------------------------------------------------------------


def test_the_run_page_carries_the_running_segments_start_and_planned_length_for_its_timer(staff, room):
    opening = _segment(room, "opening")
    staff.post(url("segment_start", room, segment_id=opening.pk))
    opening.refresh_from_db()
    page = staff.get(url("control", room)).content.decode()
    assert f'data-timer-start="{opening.started_at.isoformat()}"' in page
    assert f'data-timer-minutes="{opening.planned_minutes}"' in page
    assert 'role="timer"' in page and 'aria-live="off"' in page
    assert "forum/timer.js" in page
    state = selectors.snapshot_get(forum=room.forum)
    assert state["segments"][str(opening.pk)]["started"] == opening.started_at.isoformat()


def test_the_projector_carries_the_timer_and_paging_sentences_in_the_staff_language(staff, room):
    page = staff.get(url("projector", room, language="ko")).content.decode()
    assert 'id="pj-timer"' in page and 'role="timer"' in page and "forum/timer.js" in page
    assert '"page":' in page and '"cut":' in page


# --- the closing screen -------------------------------------------------------------------------------------


def _to_last_segment(staff, room):
    last = room.forum.segments.order_by("-order").first()
    staff.post(url("segment_start", room, segment_id=last.pk))


def test_ending_the_day_closes_everything_and_gives_the_phones_the_feedback_survey(staff, room):
    survey = Survey.objects.create(program=room.forum.program, kind="feedback", wave="after_day", is_open=True)
    _to_last_segment(staff, room)
    services.council_signup_set_open(forum=room.forum, is_open=True, actor=room.forum.program.conciliator)
    state = selectors.snapshot_get(forum=room.forum)
    assert state["forum"]["day_over"] is False and state["forum"]["feedback"] is None
    assert staff.post(url("day_end", room)).status_code == 302
    room.forum.refresh_from_db()
    assert not room.forum.council_signup_open and not room.forum.responses_open
    state = selectors.snapshot_get(forum=room.forum)
    assert state["forum"]["day_over"] is True and state["forum"]["council_open"] is False
    assert state["forum"]["feedback"] == survey.code
    # The phone page knows where the survey lives in its own language.
    with translation.override("ko"):
        phone = staff.get(reverse("participant:page", kwargs={"code": room.forum.join_code})).content.decode()
    assert "/ko/s/SURVEYCODE/" in phone


def test_the_closing_screen_has_no_survey_link_when_no_feedback_survey_is_open(staff, room):
    Survey.objects.create(program=room.forum.program, kind="feedback", wave="after_day", is_open=False)
    _to_last_segment(staff, room)
    staff.post(url("day_end", room))
    state = selectors.snapshot_get(forum=room.forum)
    assert state["forum"]["day_over"] is True and state["forum"]["feedback"] is None


# --- the facilitators' guiding questions ------------------------------------------------------------------


def test_the_table_page_shows_each_rounds_guiding_questions(staff, room):
    table = _tables(room)[0]
    first = staff.get(url("table", room, breakout_id=table.pk)).content.decode()
    assert "Guiding questions" in first
    assert "What is working well between law enforcement and the community here?" in first
    assert "What undermines trust between law enforcement and the community?" in first
    assert "Who will do it" not in first
    _issue(table, "Stops without a reason")
    staff.post(url("segment_start", room, segment_id=_segment(room, "dot_voting").pk))
    staff.post(url("voting", room), {"action": "close", "confirm": "yes"})
    room.forum.refresh_from_db()
    mixed = services.breakouts_build_second(
        forum=room.forum, actor=room.forum.program.conciliator, groups=2, seed=1
    ).tables[0]
    second = staff.get(url("table", room, breakout_id=mixed.pk)).content.decode()
    assert "Who will do it: which agency, organization or person?" in second and "By when?" in second
    assert "What is working well" not in second
    with translation.override("ko"):
        korean = staff.get(url("table", room, language="ko", breakout_id=mixed.pk)).content.decode()
    assert "Guiding questions" not in korean


# --- before the forum: no baseline survey ---------------------------------------------------------------


def test_the_program_page_warns_before_the_forum_when_there_is_no_baseline_survey(login, program):
    program.phase = Phase.TRAINING
    program.save(update_fields=["phase"])
    client = login(program.conciliator)
    detail = reverse("programs:detail", kwargs={"program_id": program.pk})
    page = client.get(detail).content.decode()
    assert "Recommended before moving on" in page
    assert "No baseline survey yet" in page
    assert reverse("evaluation:survey_add", kwargs={"program_id": program.pk}) in page
    Survey.objects.create(program=program, kind="outcome", wave="baseline")
    assert "No baseline survey yet" not in client.get(detail).content.decode()
