"""The day's report lists where law enforcement and the community agreed and where they differed most, with n,
in the HTML/PDF page and the DOCX alike, from the day's already-pooled support."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from spcp.actionplan.documents.content import agreement, plan_content
from spcp.actionplan.models import ActionItem
from tests.actionplan.documents_helpers import make_plan
from tests.actionplan.test_documents import docx_text, url


def _item(plan, order: int, title: str, police: tuple[int, int, int] | None, community: tuple[int, int, int]):
    lines = (
        []
        if police is None
        else [
            {
                "key": "law_enforcement",
                "members": sum(police),
                **dict(zip(("agree", "disagree", "passed"), police, strict=True)),
            }
        ]
    )
    lines.append(
        {
            "key": "community",
            "members": sum(community),
            **dict(zip(("agree", "disagree", "passed"), community, strict=True)),
        }
    )
    if police is None:
        lines.append({"key": "small_groups", "members": 4, "agree": 0, "disagree": 4, "passed": 0})
    totals = [sum(line[k] for line in lines) for k in ("agree", "disagree", "passed")]
    return ActionItem.objects.create(
        plan=plan,
        issue=plan.issues.first(),
        order=order,
        title=title,
        language="en",
        support={"agree": totals[0], "disagree": totals[1], "pass": totals[2], "constituencies": lines},
    )


@pytest.fixture
def plan(program):
    plan = make_plan(program)  # "Monthly community walks with officers": police 7 of 8, community 14 of 18
    _item(plan, 2, "Stop-and-search data published monthly", (1, 5, 0), (12, 0, 0))
    _item(plan, 3, "Curfew for under-16s", None, (10, 2, 0))  # police pooled: never compared
    return plan


def test_content_finds_common_ground_and_the_largest_gap_from_the_reported_lines(plan):
    found = agreement(plan_content(plan))
    assert [c.solution.title.text for c in found.agree] == ["Monthly community walks with officers"]
    assert [(c.police.agree, c.police.answered) for c in found.agree] == [(7, 8)]
    assert [c.solution.title.text for c in found.differ] == ["Stop-and-search data published monthly"]
    assert round(found.differ[0].gap) == 83
    assert found.too_few == 1


def test_the_report_page_shows_both_lists_with_n(client, role_users, program, plan):
    client.force_login(role_users["conciliator"])
    html = client.get(url(program, "report")).content.decode()
    agree = html[html.index("Where law enforcement and the community agree") : html.index("Where they differ most")]
    assert "Monthly community walks with officers" in agree and "7 of 8 (88%)" in agree and "14 of 18 (78%)" in agree
    differ = html[html.index("Where they differ most") :]
    assert "Stop-and-search data published monthly" in differ and "1 of 6 (17%)" in differ
    assert "12 of 12 (100%)" in differ and re.search(r'<td class="num">83</td>', differ)
    assert "Curfew for under-16s" not in agree + differ.split("too few answers")[0]
    assert "1 solution had too few answers from one side to be compared." in html


def test_the_docx_report_says_the_same(client, role_users, program, plan):
    client.force_login(role_users["conciliator"])
    text = docx_text(client.get(url(program, "report", format="docx")).content)
    assert "Where law enforcement and the community agree" in text and "Where they differ most" in text
    assert "7 of 8 (88%)" in text and "1 of 6 (17%)" in text and "12 of 12 (100%)" in text


def test_the_korean_report_has_the_lists_in_korean(client, role_users, program, plan):
    client.force_login(role_users["conciliator"])
    html = client.get(url(program, "report", lang="ko")).content.decode()
    with translation.override("ko"):
        heading = gettext("Where law enforcement and the community agree")
        cell = gettext("%(agree)s of %(n)s (%(percent)s%%)") % {"agree": 7, "n": 8, "percent": 88}
    assert heading != "Where law enforcement and the community agree" and heading in html
    assert cell in html and "7 of 8" not in html
