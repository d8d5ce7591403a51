"""Machine translation through a LibreTranslate server, tested against a local stand-in of its HTTP API: the JSON
it sends, the answers it reads, and failures (errors, nonsense, timeouts) that lose no text and crash nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from spcp.common.libretranslate import LibreTranslate, TranslateError
from spcp.forum import machine_translation, selectors, services
from spcp.forum.models import Statement, TextTranslation, TranslationSource
from spcp.forum.translation_queue import translation_queue
from tests.forum.libretranslate_standin import libretranslate_standin

ISSUE_EN = "Officers do not explain why they stop people"
ISSUE_KO = "경찰이 검문 이유를 설명하지 않는다"
ISSUE_VI = "Cảnh sát không giải thích lý do khi chặn người dân lại"


@pytest.fixture
def standin():
    with libretranslate_standin() as server:
        yield server


def test_the_adapter_sends_libretranslates_json_and_reads_its_answer(standin):
    standin.phrases[(ISSUE_EN, "ko")] = ISSUE_KO
    client = LibreTranslate(url=standin.url, api_key="k-123", timeout=30)
    assert client.translate(ISSUE_EN, source="en", target="ko") == ISSUE_KO
    assert standin.requests == [{"q": ISSUE_EN, "source": "en", "target": "ko", "format": "text", "api_key": "k-123"}]


def test_without_an_api_key_none_is_sent(standin):
    LibreTranslate(url=standin.url).translate("Hello", source="en", target="es")
    assert "api_key" not in standin.requests[0]


def test_simplified_chinese_is_sent_as_zh_and_as_zh_hans_when_a_server_refuses_zh(standin):
    client = LibreTranslate(url=standin.url, timeout=30)
    assert client.translate("Hello", source="en", target="zh-hans") == "[zh] Hello"
    standin.unsupported.add("zh")
    assert client.translate("Hello", source="en", target="zh-hans") == "[zh-Hans] Hello"
    assert [r["target"] for r in standin.requests] == ["zh", "zh", "zh-Hans"]


@pytest.mark.parametrize(
    ("mode", "says"),
    [("error", "HTTP 500: Cannot translate"), ("forbidden", "HTTP 403: Invalid API key"), ("garbage", "not JSON")],
)
def test_a_failing_server_raises_translate_error_with_the_reason(standin, mode, says):
    standin.mode = mode
    with pytest.raises(TranslateError, match=says):
        LibreTranslate(url=standin.url, timeout=30).translate("Hello", source="en", target="ko")


def test_a_server_that_does_not_answer_in_time_raises_translate_error(standin):
    standin.mode = "slow"  # it answers only when released, long after the client's deadline
    with pytest.raises(TranslateError):
        LibreTranslate(url=standin.url, timeout=0.5).translate("Hello", source="en", target="ko")


def test_a_server_that_is_not_there_raises_translate_error():
    with libretranslate_standin() as gone:
        url = gone.url
    with pytest.raises(TranslateError):
        LibreTranslate(url=url, timeout=5).translate("Hello", source="en", target="ko")


# --- the forum's use of it -------------------------------------------------------------------------------


@pytest.fixture
def table(db, room):
    room.join(room.police, "ko")
    room.join(room.sectors[0], "vi")
    return services.breakouts_build_first(forum=room.forum, actor=room.forum.program.conciliator).tables[0]


def _issue(table, text=ISSUE_EN, language="en") -> Statement:
    return services.statement_add(breakout=table, kind="issue", text=text, language=language, client_token=uuid.uuid4())


@pytest.mark.django_db
def test_without_a_server_nothing_is_translated_by_machine(room, table):
    _issue(table)
    assert machine_translation.client() is None
    assert machine_translation.translate_pending(forum=room.forum) == 0
    assert not TextTranslation.objects.exists()


@pytest.mark.django_db
def test_machine_translations_fill_every_language_the_room_reads_and_are_marked_as_such(room, table, standin):
    standin.phrases[(ISSUE_EN, "ko")] = ISSUE_KO
    standin.phrases[(ISSUE_EN, "vi")] = ISSUE_VI
    issue = _issue(table)
    with override_settings(SPCP_TRANSLATE_URL=standin.url):
        assert machine_translation.translate_pending(forum=room.forum) == 2
    issue.refresh_from_db()
    assert (issue.text, issue.language) == (ISSUE_EN, "en")
    shown = selectors.snapshot_get(forum=room.forum)["statements"][str(issue.pk)]["tr"]
    assert shown == {"ko": {"text": ISSUE_KO, "machine": True}, "vi": {"text": ISSUE_VI, "machine": True}}
    # Still in the desk's queue, to be confirmed by a person.
    queued = translation_queue(forum=room.forum, language="ko")
    assert [(q.item.pk, q.translation.text if q.translation else None) for q in queued] == [(issue.pk, ISSUE_KO)]


@pytest.mark.django_db
def test_a_server_failure_loses_no_text_and_the_next_run_fills_the_gap(room, table, standin):
    issue = _issue(table)
    standin.mode = "error"
    with override_settings(SPCP_TRANSLATE_URL=standin.url):
        assert machine_translation.translate_pending(forum=room.forum) == 0
        assert len(standin.requests) == 1  # it stops at the first failure instead of hammering a broken server
        issue.refresh_from_db()
        assert issue.text == ISSUE_EN and not TextTranslation.objects.exists()
        standin.mode = "ok"
        assert machine_translation.translate_pending(forum=room.forum) == 2
        assert machine_translation.translate_pending(forum=room.forum) == 0  # nothing left: no second request
    assert len(standin.requests) == 3


@pytest.mark.django_db
def test_a_timeout_loses_no_text(room, table, standin):
    issue = _issue(table)
    standin.mode = "slow"
    with override_settings(SPCP_TRANSLATE_URL=standin.url, SPCP_TRANSLATE_TIMEOUT=0.5):
        assert machine_translation.translate_pending(forum=room.forum) == 0
    issue.refresh_from_db()
    assert issue.text == ISSUE_EN and not TextTranslation.objects.exists()


@pytest.mark.django_db
def test_a_persons_translation_wins_and_confirming_the_machines_makes_it_human(room, table, standin):
    actor = room.forum.program.conciliator
    issue = _issue(table)
    services.translation_submit(item=issue, language="ko", text=ISSUE_KO, actor=actor)
    with override_settings(SPCP_TRANSLATE_URL=standin.url):
        assert machine_translation.translate_pending(forum=room.forum) == 1  # Vietnamese only
    assert [r["target"] for r in standin.requests] == ["vi"]
    assert services.translation_store_machine(item=issue, language="ko", text="기계 번역") is None
    assert TextTranslation.objects.get(statement=issue, language="ko").text == ISSUE_KO
    machine = TextTranslation.objects.get(statement=issue, language="vi")
    assert machine.source == TranslationSource.MACHINE
    services.translation_submit(item=issue, language="vi", text=machine.text, actor=actor)
    machine.refresh_from_db()
    assert (machine.source, machine.confirmed_by) == (TranslationSource.HUMAN, actor)
    from spcp.programs.models import AuditEntry

    assert AuditEntry.objects.filter(action="forum.translation_confirmed", target_id=str(issue.pk)).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writing_a_statement_queues_machine_translation_after_commit(room, table, standin, monkeypatch):
    queued: list[list[int]] = []
    monkeypatch.setattr(machine_translation, "_submit", queued.append)
    with override_settings(SPCP_TRANSLATE_URL=standin.url):
        _issue(table)
    assert queued == [[room.forum.pk]]
    without: list[list[int]] = []
    monkeypatch.setattr(machine_translation, "_submit", without.append)
    _issue(table, "Police take too long after a 911 call")
    assert without == []
