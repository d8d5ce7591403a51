"""A whole (small) forum day in real headless Chromium against real `spcp serve` processes (two on PostgreSQL +
Redis): the conciliator runs the day, a facilitator works a table in Korean, the projector follows, and four
phones take part, two in Korean and two in English. axe-core checks every page and every live screen.
"""

from __future__ import annotations

import json
import re

from tests.forum.live_setup import PASSWORD
from tests.journeys.conftest import CHROMIUM_ARGS, Visitor, chromium_path


class Phone(Visitor):
    """A participant's phone: the page's own translated strings drive the clicks, so the same steps work in
    every language."""

    def __init__(self, page, base_url: str, lang: str) -> None:
        super().__init__(page, base_url)
        self.lang = lang
        self.strings: dict = {}

    def t(self, key: str, **values: str) -> str:
        text = self.strings[key]
        for name, value in values.items():
            text = text.replace(f"%({name})s", value)
        return text

    def join(self, code: str, ticket: str, *, scan: bool = False) -> None:
        """Join with the ticket from the check-in desk: scan its QR code (the join page opens with the code
        filled in) or type its code."""
        from playwright.sync_api import expect

        page = self.goto(f"/{self.lang}/f/{code}/?k={ticket}" if scan else f"/{self.lang}/f/{code}/")
        self.strings = json.loads(page.locator("#i18n").text_content())
        if scan:
            expect(page.locator("#join-ticket")).to_have_value(ticket)
            assert "k=" not in page.url  # the ticket code does not stay in the address bar or the history
        else:
            page.locator("#join-ticket").fill(ticket.lower().replace("-", " "))  # as people type it
        page.locator("#join-form [type=submit]").click()
        page.locator("#app").wait_for(state="visible")
        self.check()

    def sees(self, text: str) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for(state="visible")

    def segment(self, kind: str) -> None:
        self.page.locator("#app").get_by_role("heading", name=self.t("seg")[kind]).first.wait_for()
        self.check()

    def add_statement(self, kind: str, text: str) -> None:
        page = self.page
        page.get_by_label(self.t("st_issue" if kind == "issue" else "st_strength")).check()
        page.get_by_label(self.t("st_label"), exact=True).fill(text)
        page.get_by_role("button", name=self.t("st_send"), exact=True).click()
        self.sees(self.t("st_ok"))


def _login(visitor: Visitor, username: str, lang: str = "en") -> None:
    page = visitor.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    visitor.submit()


def _click(visitor: Visitor, name: str) -> None:
    with visitor.page.expect_navigation():
        visitor.page.get_by_role("button", name=name, exact=True).first.click()
    visitor.check()


def _ticket(staff: Visitor, program_id: int, sector: str) -> str:
    """At the check-in desk: issue one ticket for the person's sector and read its code off the printable badge."""
    page = staff.goto(f"/en/programs/{program_id}/forum/checkin/tickets/")
    page.get_by_label("Sector").select_option(label=sector)
    page.get_by_label("How many tickets").fill("1")
    _click(staff, "Issue tickets")
    return page.locator(".spcp-ticket-code").first.inner_text().strip()


def _start(staff: Visitor, forum_url: str, segment: str) -> None:
    staff.goto(forum_url)
    _click(staff, f"Start {segment}")
    assert f"Now: {segment}" in staff.page.locator("main").inner_text()


def test_a_small_forum_day_runs_live_on_phones_a_tablet_and_the_projector(live_servers):
    from playwright.sync_api import expect, sync_playwright

    hosts, facts = live_servers("day")
    code, program_id = facts["code"], facts["program_id"]
    first, last = f"http://{hosts[0]}", f"http://{hosts[-1]}"
    forum_url = f"/en/programs/{program_id}/forum/"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def visitor(base: str, width: int = 1280, cls=Visitor, **extra) -> Visitor:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.set_default_timeout(20000)
            return cls(page, base, **extra)

        staff = visitor(first)
        _login(staff, "live-conciliator")
        projector = visitor(first, width=1600)
        _login(projector, "live-conciliator")
        tablet = visitor(last, width=1024)
        _login(tablet, "live-facilitator", lang="ko")
        phones = [
            visitor(first, 360, Phone, lang="en"),  # an officer
            visitor(last, 360, Phone, lang="ko"),  # Faith
            visitor(first, 360, Phone, lang="en"),  # Youth
            visitor(last, 360, Phone, lang="ko"),  # Youth
        ]

        # Opening: the projector shows the join code; phones join in their languages.
        _start(staff, forum_url, "Opening")
        projector.goto(f"/en/programs/{program_id}/forum/projector/")
        expect(projector.page.locator("main")).to_contain_text(code)
        officer, faith, youth_en, youth_ko = phones
        officer.join(code, _ticket(staff, program_id, "Law enforcement"))
        faith.join(code, _ticket(staff, program_id, "Faith"), scan=True)
        youth_en.join(code, _ticket(staff, program_id, "Youth"))
        youth_ko.join(code, _ticket(staff, program_id, "Youth"), scan=True)
        for phone in phones:
            phone.segment("opening")

        # Ground rules: a Korean phone suggests one; every screen shows it in Korean.
        _start(staff, forum_url, "Ground rules")
        faith.segment("ground_rules")
        faith.page.get_by_label(faith.t("rule_label"), exact=True).fill("휴대폰은 무음으로 해 주세요")
        faith.page.get_by_role("button", name=faith.t("rule_send"), exact=True).click()
        faith.sees(faith.t("rule_ok"))
        officer.sees("휴대폰은 무음으로 해 주세요")
        expect(projector.page.locator("[lang=ko]", has_text="휴대폰은 무음으로")).to_be_visible()
        projector.check()

        # Breakout 1: same-sector tables; phones and the facilitator record strengths and issues.
        staff.goto(f"/en/programs/{program_id}/forum/breakouts/1/")
        _click(staff, "Build same-sector tables")
        _start(staff, forum_url, "Breakout 1: strengths and issues")
        officer.segment("breakout_1")
        officer.add_statement("issue", "Slow response times to 911 calls on the East Side")
        youth_en.add_statement("issue", "Slow 911 response times on the East Side")
        faith.add_statement("issue", "경찰이 검문 이유를 설명하지 않는다")
        youth_ko.add_statement("strength", "경찰이 청소년 농구 리그를 지도한다")
        tables = staff.goto(f"/en/programs/{program_id}/forum/breakouts/1/")
        table_href = tables.locator("a[href*='/forum/tables/']").first.get_attribute("href")
        tablet.goto(table_href.replace("/en/", "/ko/"))
        tablet.choose("kind", "issue")
        tablet.page.select_option("form:has(input[name=action][value=statement]) select[name$=language]", "en")
        tablet.page.locator("form:has(input[name=action][value=statement]) [name$=text]").fill(
            "Officers feel the community only hears about them after a bad incident."
        )
        with tablet.page.expect_navigation():
            tablet.page.locator("form:has(input[name=action][value=statement]) [type=submit]").click()
        tablet.check()
        expect(tablet.page.locator("main")).to_contain_text("Officers feel the community only hears")

        # Report-out 1 and the cross-table merge of the two 911 issues.
        _start(staff, forum_url, "Report-out 1")
        merge = staff.goto(f"/en/programs/{program_id}/forum/merge/")
        expect(merge.locator("main")).to_contain_text("Slow 911 response times on the East Side")
        with staff.page.expect_navigation():
            staff.page.get_by_role("button", name=re.compile(r"^Merge\W+suggestion 1$")).click()
        staff.check()

        # Dot voting: starting the segment opens the vote; phones place dots; the projector's tallies follow.
        _start(staff, forum_url, "Dot voting")
        merged = "Slow response times to 911 calls on the East Side"
        for phone in phones:
            phone.segment("dot_voting")
            button = phone.page.get_by_role("button", name=phone.t("dot_add", issue=merged))
            button.click()
            phone.sees(phone.t("saved"))
            button.click()
            phone.sees(phone.t("saved"))
        faith.page.get_by_role("button", name=faith.t("dot_add", issue="경찰이 검문 이유를 설명하지 않는다")).click()
        faith.sees(faith.t("saved"))
        expect(projector.page.locator("main")).to_contain_text("8")
        projector.check()
        expect(projector.page.locator(".pj-cut-label")).to_have_count(0)  # fewer issues than the top 5
        expect(projector.page.locator("#pj-timer")).to_contain_text(re.compile(r"\d+:\d\d"))
        staff.goto(f"/en/programs/{program_id}/forum/voting/")
        _click(staff, "Close dot voting and choose the priority issues")
        _click(staff, "Yes, close dot voting")  # closing asks first
        expect(staff.page.locator("main")).to_contain_text(merged)

        # Breakout 2: mixed tables; a phone writes a solution, the facilitator adds an action step in Korean.
        staff.goto(f"/en/programs/{program_id}/forum/breakouts/2/")
        staff.page.get_by_label("Number of mixed tables").fill("2")
        _click(staff, "Build mixed tables")
        _start(staff, forum_url, "Breakout 2: solutions")
        officer.segment("breakout_2")
        officer.page.get_by_label(officer.t("sol_label"), exact=True).first.fill(
            "Publish 911 response times by neighborhood every month"
        )
        officer.page.get_by_role("button", name=officer.t("sol_send"), exact=True).first.click()
        officer.sees(officer.t("sol_ok"))
        tables = staff.goto(f"/en/programs/{program_id}/forum/breakouts/2/")
        for href in tables.locator("a[href*='/forum/tables/']").evaluate_all("els => els.map(e => e.href)"):
            tablet.goto(re.sub(r"^https?://[^/]+/en/", "/ko/", href))
            if tablet.page.locator("form:has(input[name=action][value=solution])").count():
                break  # the facilitator's own table
        solution_form = tablet.page.locator("form:has(input[name=action][value=solution])")
        solution_form.locator("[name$=text]").fill("분기마다 지역 주민과 경찰의 대화 모임 개최")
        solution_form.locator("select[name$=language]").select_option("ko")
        with tablet.page.expect_navigation():
            solution_form.locator("[type=submit]").click()
        tablet.check()
        step_form = tablet.page.locator("form:has(input[name=action][value=step])")
        step_form.locator("input[name$=text]").fill("첫 모임 장소와 날짜 정하기")
        step_form.locator("input[name$=who]").fill("Police department")
        with tablet.page.expect_navigation():
            step_form.locator("[type=submit]").click()
        tablet.check()
        expect(tablet.page.locator("main")).to_contain_text("첫 모임 장소와 날짜 정하기")

        # Report-out 2: everyone answers; police and residents both agree, so the bridging score is high.
        _start(staff, forum_url, "Report-out 2 and the room's response")
        staff.goto(f"/en/programs/{program_id}/forum/responses/")
        _click(staff, "Open responses")
        for phone in phones:
            phone.segment("report_out_2")
            phone.sees("Publish 911 response times")
            phone.page.get_by_role("radio", name=phone.t("agree")).first.check()
            phone.sees(phone.t("saved"))
        results = staff.goto(f"/en/programs/{program_id}/forum/results/")
        expect(results.locator("main")).to_contain_text("Publish 911 response times")

        # Council: a Korean phone volunteers, the conciliator chooses them; the projector names them.
        _start(staff, forum_url, "SPCP council")
        staff.goto(f"/en/programs/{program_id}/forum/council/")
        _click(staff, "Open council sign-up")
        faith.segment("council")
        faith.page.get_by_label(faith.t("vol_name"), exact=True).fill("김민수")
        faith.page.get_by_label(faith.t("vol_contact"), exact=True).fill("minsu@example.org")
        show_name = faith.page.get_by_label(faith.t("vol_show"), exact=True)
        expect(show_name).not_to_be_checked()  # a name reaches the room only when its owner ticks this
        show_name.check()
        faith.page.get_by_role("button", name=faith.t("vol_send"), exact=True).click()
        faith.sees(faith.t("vol_ok"))
        staff.goto(f"/en/programs/{program_id}/forum/council/")
        _click(staff, "Choose as representative")
        expect(projector.page.locator("main")).to_contain_text("김민수")
        projector.check()
        faith.sees("김민수")

        # The day ends: phones and the projector show the closing screen with the feedback survey; the
        # facilitator files the fidelity log in Korean.
        staff.goto(forum_url)
        _click(staff, "End the day")
        for phone in (faith, officer):
            phone.segment("closed")
            link = phone.page.get_by_role("link", name=phone.t("closed_survey_link"))
            expect(link).to_have_attribute("href", re.compile(rf"^/{phone.lang}/s/{facts['survey']}/$"))
        expect(projector.page.locator("#pj-segment")).to_have_text("Thank you for taking part")
        expect(projector.page.locator("main")).to_contain_text(facts["survey"])
        projector.check()
        fidelity = tablet.goto(f"/ko/programs/{program_id}/forum/fidelity/")
        with tablet.page.expect_navigation():
            fidelity.locator("main a[href*='/forum/fidelity/'][aria-describedby]").first.click()
        tablet.check()
        tablet.choose("guide_followed", "yes")
        tablet.choose("council_formed", "yes")
        tablet.submit()
        expect(tablet.page.locator("main")).to_contain_text("Hye-jin Lee")
        browser.close()
