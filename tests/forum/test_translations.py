"""Translations of what participants write: the translation desk (HTTP), its queue order, the idempotent audited
service, and the events and snapshot that carry translations to phones and the projector."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from spcp.forum import selectors, services
from spcp.forum.events import apply_event
from spcp.forum.models import ActionStep, ForumEvent, Solution, Statement, TextTranslation, TranslationSource
from spcp.forum.translation_queue import Need, room_languages, translation_queue
from spcp.programs.models import AuditEntry, MembershipRole
from tests import factories

pytestmark = pytest.mark.django_db

ISSUE_EN = "Officers do not explain why they stop people"
ISSUE_KO = "경찰이 검문 이유를 설명하지 않는다"


@pytest.fixture
def table(room):
    room.join(room.police, "ko")
    room.join(room.sectors[0], "vi")
    room.join(room.sectors[1], "en")
    return services.breakouts_build_first(forum=room.forum, actor=room.forum.program.conciliator).tables[0]


def _add(table, text, kind="issue", language="en") -> Statement:
    return services.statement_add(breakout=table, kind=kind, text=text, language=language, client_token=uuid.uuid4())


def desk_url(room) -> str:
    return reverse("forum:translate", kwargs={"program_id": room.forum.program_id})


def _post(client, room, item: Statement, language: str, text: str, kind: str = "statement"):
    return client.post(desk_url(room), {"kind": kind, "item": item.pk, "language": language, "text": text})


def test_the_room_reads_every_phones_language_and_the_staffs(room, table):
    assert room_languages(forum=room.forum) == ["en", "ko", "vi"]


def test_the_queue_puts_issues_on_the_ballot_before_solutions_steps_and_strengths(room, table):
    strength = _add(table, "The new community officer knows everyone", kind="strength")
    later = _add(table, "Police take too long after a 911 call")
    ranked = _add(table, ISSUE_EN)
    Statement.objects.filter(pk=ranked.pk).update(priority_rank=1)
    solution = Solution.objects.create(
        forum=room.forum, breakout=table, issue=ranked, text="Explain every stop on a card", language="en"
    )
    step = ActionStep.objects.create(solution=solution, text="Print the cards", language="en")
    queue = translation_queue(forum=room.forum, language="ko")
    assert [(q.need, q.item.pk) for q in queue] == [
        (Need.BALLOT, ranked.pk),
        (Need.BALLOT, later.pk),
        (Need.SOLUTION, solution.pk),
        (Need.STEP, step.pk),
        (Need.OTHER, strength.pk),
    ]
    # What is already written in Korean needs no Korean translation.
    korean = _add(table, ISSUE_KO, language="ko")
    assert korean.pk not in {q.item.pk for q in translation_queue(forum=room.forum, language="ko")}
    assert korean.pk in {q.item.pk for q in translation_queue(forum=room.forum, language="en")}


def test_a_translation_saved_on_the_desk_reaches_every_screen_keeps_the_original_and_is_audited(login, room, table):
    issue = _add(table, ISSUE_EN)
    before = selectors.snapshot_get(forum=room.forum)
    client = login(room.forum.program.conciliator)
    response = _post(client, room, issue, "ko", ISSUE_KO)
    assert response.status_code == 302 and response["Location"].endswith("?lang=ko")
    issue.refresh_from_db()
    assert (issue.text, issue.language) == (ISSUE_EN, "en")
    saved = TextTranslation.objects.get(statement=issue, language="ko")
    assert (saved.text, saved.source, saved.confirmed_by) == (
        ISSUE_KO,
        TranslationSource.HUMAN,
        room.forum.program.conciliator,
    )
    event = ForumEvent.objects.filter(forum=room.forum).latest("seq").payload
    assert event["coll"] == "statements" and event["id"] == issue.pk
    assert event["data"]["tr"] == {"ko": {"text": ISSUE_KO, "machine": False}}
    # A screen that had the old snapshot and applies the event holds what a fresh snapshot holds.
    assert apply_event(before, event) == selectors.snapshot_get(forum=room.forum)
    entry = AuditEntry.objects.filter(action="forum.translation_saved").get()
    assert entry.target_id == str(issue.pk) and entry.changes == {"translation (ko)": ["", ISSUE_KO]}
    # The issue left the Korean queue.
    page = client.get(desk_url(room) + "?lang=ko").content.decode()
    assert ISSUE_EN not in page


def test_sending_the_same_translation_again_changes_nothing(login, room, table):
    issue = _add(table, ISSUE_EN)
    client = login(room.forum.program.conciliator)
    _post(client, room, issue, "ko", ISSUE_KO)
    seq, audits = room.forum.events.count(), AuditEntry.objects.count()
    assert _post(client, room, issue, "ko", ISSUE_KO).status_code == 302
    assert (room.forum.events.count(), AuditEntry.objects.count()) == (seq, audits)
    assert TextTranslation.objects.filter(statement=issue).count() == 1


def test_a_facilitator_translates_on_the_desk_and_a_planning_member_cannot_see_it(client, room, table):
    issue = _add(table, ISSUE_KO, language="ko")
    program = room.forum.program
    facilitator = factories.member(program, role=MembershipRole.FACILITATOR, username="bilingual")
    planner = factories.member(program, username="planner")
    client.force_login(planner)
    assert client.get(desk_url(room)).status_code == 404
    client.force_login(facilitator)
    page = client.get(desk_url(room) + "?lang=en")
    assert page.status_code == 200
    assert f'<span lang="ko">{ISSUE_KO}</span>' in page.content.decode()
    assert _post(client, room, issue, "en", ISSUE_EN).status_code == 302
    assert TextTranslation.objects.get(statement=issue, language="en").confirmed_by == facilitator


def test_a_translation_into_the_texts_own_language_or_an_empty_one_is_refused_with_the_reason(login, room, table):
    issue = _add(table, ISSUE_EN)
    client = login(room.forum.program.conciliator)
    same = _post(client, room, issue, "en", "Officers never explain stops")
    assert same.status_code == 400
    assert "This text is already written in that language." in same.content.decode()
    empty = _post(client, room, issue, "ko", "   ")
    assert empty.status_code == 400
    assert not TextTranslation.objects.exists()


def test_a_removed_statement_cannot_be_translated(login, room, table):
    issue = _add(table, ISSUE_EN)
    services.statement_remove(statement=issue, actor=room.forum.program.conciliator)
    response = _post(login(room.forum.program.conciliator), room, issue, "ko", ISSUE_KO)
    assert response.status_code == 400
    assert "That text has been removed or merged." in response.content.decode()


def test_an_edited_statement_drops_its_old_translation_from_the_screens(room, table):
    issue = _add(table, ISSUE_EN)
    actor = room.forum.program.conciliator
    services.translation_submit(item=issue, language="ko", text=ISSUE_KO, actor=actor)
    assert selectors.snapshot_get(forum=room.forum)["statements"][str(issue.pk)]["tr"]["ko"]["text"] == ISSUE_KO
    services.statement_edit(
        statement=issue, text="Officers never say why they stopped someone", kind="issue", actor=actor
    )
    assert selectors.snapshot_get(forum=room.forum)["statements"][str(issue.pk)]["tr"] == {}
    assert issue.pk in {q.item.pk for q in translation_queue(forum=room.forum, language="ko")}


def test_solutions_steps_and_the_rooms_own_rules_carry_their_translations(room, table):
    actor = room.forum.program.conciliator
    issue = _add(table, ISSUE_EN)
    solution = Solution.objects.create(forum=room.forum, breakout=table, issue=issue, text="Stop cards", language="en")
    step = ActionStep.objects.create(solution=solution, text="Print the cards", language="en")
    rule = services.ground_rule_add(forum=room.forum, text="Phones on silent", language="en", actor=actor)
    services.translation_submit(item=solution, language="vi", text="Thẻ giải thích", actor=actor)
    services.translation_submit(item=step, language="vi", text="In thẻ", actor=actor)
    services.translation_submit(item=rule, language="ko", text="휴대전화는 무음으로", actor=actor)
    state = selectors.snapshot_get(forum=room.forum)
    shown = state["solutions"][str(solution.pk)]
    assert shown["tr"] == {"vi": {"text": "Thẻ giải thích", "machine": False}}
    assert shown["steps"][0]["tr"] == {"vi": {"text": "In thẻ", "machine": False}}
    assert state["rules"][str(rule.pk)]["tr"] == {"ko": {"text": "휴대전화는 무음으로", "machine": False}}


def test_the_korean_results_page_shows_translated_priorities_with_the_original_a_tap_away(login, room, table):
    issue = _add(table, ISSUE_EN)
    actor = room.forum.program.conciliator
    services.translation_submit(item=issue, language="ko", text=ISSUE_KO, actor=actor)
    Statement.objects.filter(pk=issue.pk).update(priority_rank=1, final_dots=4)
    client = login(actor)
    with translation.override("ko"):
        results = reverse("forum:results", kwargs={"program_id": room.forum.program_id})
    page = client.get(results).content.decode()
    assert f"<span>{ISSUE_KO}</span>" in page
    assert f'<details class="spcp-original"><summary>원문 보기</summary><span lang="en">{ISSUE_EN}</span>' in page
    english = client.get(results.replace("/ko/", "/en/", 1)).content.decode()
    assert f'<span lang="en">{ISSUE_EN}</span>' in english and ISSUE_KO not in english
