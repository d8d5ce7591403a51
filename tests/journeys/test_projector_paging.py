"""The projector in headless Chromium at 1920×1080 (issue 11 item 3): twelve issues do not fit one screen, so the
live tally is shown a screenful at a time and turns on its own; the top-5 cut is marked; axe-core checks each
screen. The screen follows the room by polling here (the test server has no websocket), as a projector behind a
proxy that drops websockets would."""

from __future__ import annotations

import re
import uuid

import pytest

from spcp.forum import services
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ISSUES = 12


def _room_voting_on_twelve_issues(program):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    faith = Sector.objects.create(program=program, name="Faith", kind=Side.COMMUNITY, order=2)
    forum = services.forum_setup(program=program)
    people = []
    for sector in (police, faith):
        for ticket in services.tickets_issue(forum=forum, sector=sector, count=3, actor=None):
            people.append(
                services.participant_join(
                    forum=forum, join_token=uuid.uuid4(), ticket=ticket, language="en"
                ).participant
            )
    table = services.breakouts_build_first(forum=forum, actor=program.conciliator).tables[0]
    issues = [
        services.statement_add(
            breakout=table,
            kind="issue",
            text=f"Issue number {n}: residents and officers describe this problem in a whole sentence of their own",
            language="en",
            client_token=uuid.uuid4(),
        )
        for n in range(1, ISSUES + 1)
    ]
    services.segment_start(forum=forum, segment=forum.segments.get(kind="dot_voting"), actor=program.conciliator)
    forum.refresh_from_db()
    for index, person in enumerate(people):
        services.dots_cast(
            forum=forum, participant=person, dots={issues[index].pk: 3}, revision=1, client_token=uuid.uuid4()
        )
    return forum


def test_the_projector_pages_a_long_tally_and_marks_the_top_five_cut(browser, live_server, program, role_users):
    forum = _room_voting_on_twelve_issues(program)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(30000)
    from playwright.sync_api import expect

    from tests.journeys.conftest import Visitor

    projector = Visitor(page, live_server.url)
    login = projector.goto("/en/accounts/login/")
    login.fill("#id_username", role_users["conciliator"].username)
    login.fill("#id_password", factories.PASSWORD)
    projector.submit()
    projector.goto(f"/en/programs/{forum.program_id}/forum/projector/")

    rows = page.locator("#pj-body .pj-bars > li")
    expect(rows).to_have_count(ISSUES)
    pager = page.locator("#pj-pager")
    expect(pager).to_have_text(re.compile(r"^Page 1 of [2-9]$"))
    visible_first = rows.locator("visible=true").count()
    assert 0 < visible_first < ISSUES
    for i in range(visible_first):  # the first screenful is the top of the tally, and fits the screen
        box = rows.nth(i).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080
    cut = page.locator(".pj-cut")
    expect(cut).to_have_count(1)
    expect(cut.locator(".pj-cut-label")).to_have_text("Above this line: the top 5, the priority issues")
    assert rows.nth(4).get_attribute("class") == "pj-top pj-cut"
    projector.check()

    # The next screenful comes by itself (generous deadline: the screen turns every 12 seconds).
    expect(pager).to_have_text(re.compile(r"^Page 2 of [2-9]$"), timeout=90000)
    expect(rows.nth(visible_first)).to_be_visible()  # the row after the first screenful
    expect(rows.nth(0)).to_be_hidden()
    projector.check()
    context.close()
