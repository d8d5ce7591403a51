"""The coverage view: per-sector answers, the police/community balance, languages and needs, and flags."""

from __future__ import annotations

import pytest

from spcp.planning import services
from spcp.planning.models import Rsvp
from spcp.planning.selectors import coverage_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(planning_program, conciliator, le_sector, youth):
    """Law enforcement: 1 yes, 1 no. Youth: 2 yes, 1 maybe, 1 pending (one needs Spanish, one a ramp).
    Faith: a sector with nobody invited."""
    faith = services.sector_create(actor=conciliator, program=planning_program, name="Faith and clergy")

    def invite(name, sector, rsvp, **extra):
        services.invitation_create(
            actor=conciliator, program=planning_program, name=name, sector=sector, rsvp=rsvp, **extra
        )

    invite("Chief", le_sector, Rsvp.YES)
    invite("Sergeant", le_sector, Rsvp.NO, language="es")
    invite("Ana", youth, Rsvp.YES, language="es")
    invite("Ben", youth, Rsvp.YES, accessibility_needs="Wheelchair ramp")
    invite("Cy", youth, Rsvp.MAYBE, language="vi")
    invite("Di", youth, Rsvp.PENDING, language="es", accessibility_needs="Large print")
    return faith


def test_counts_per_sector(planning_program, invited):
    rows = {row.sector.display_name: row for row in coverage_get(program=planning_program).sectors}
    assert [rows["Law enforcement"].invited, rows["Law enforcement"].yes, rows["Law enforcement"].no] == [2, 1, 1]
    youth = rows["Youth"]
    assert (youth.invited, youth.yes, youth.no, youth.maybe, youth.pending) == (4, 2, 0, 1, 1)
    assert rows["Faith communities"].invited == 0


def test_flags_sectors_with_nobody_invited_or_nobody_confirmed(planning_program, invited, conciliator):
    coverage = coverage_get(program=planning_program)
    assert [row.sector.display_name for row in coverage.flagged_sectors] == ["Faith communities"]
    faith = coverage.flagged_sectors[0]
    assert faith.nobody_invited and faith.nobody_confirmed
    services.invitation_create(actor=conciliator, program=planning_program, name="Rabbi", sector=invited)
    faith = coverage_get(program=planning_program).flagged_sectors[0]
    assert not faith.nobody_invited and faith.nobody_confirmed


def test_balance_of_invitees_and_of_yes_answers(planning_program, invited):
    coverage = coverage_get(program=planning_program)
    assert (coverage.invited.law_enforcement, coverage.invited.community) == (2, 4)
    assert (coverage.invited.law_enforcement_percent, coverage.invited.community_percent) == (33, 67)
    assert (coverage.confirmed.law_enforcement, coverage.confirmed.community) == (1, 2)
    assert (coverage.confirmed.law_enforcement_percent, coverage.confirmed.community_percent) == (33, 67)


def test_languages_and_needs_leave_out_people_who_declined(planning_program, invited):
    coverage = coverage_get(program=planning_program)
    languages = [(n.code, n.expected, n.confirmed) for n in coverage.languages]
    assert languages == [("es", 2, 1), ("vi", 1, 0)]
    assert [(i.name, i.accessibility_needs) for i in coverage.accessibility] == [
        ("Ben", "Wheelchair ramp"),
        ("Di", "Large print"),
    ]


def test_empty_program_has_zero_percentages_not_errors(planning_program):
    coverage = coverage_get(program=planning_program)
    assert coverage.invited.law_enforcement_percent == 0 and coverage.totals["invited"] == 0
    assert len(coverage.flagged_sectors) == 1


def test_coverage_page_flags_with_text_and_icon(planning_program, invited, login):
    html = login(planning_program.conciliator).get(f"/en/programs/{planning_program.pk}/planning/coverage/")
    content = html.content.decode()
    assert html.status_code == 200
    row = content[content.index("Faith communities") : content.index("</tr>", content.index("Faith communities"))]
    assert "Nobody invited" in row and "#warning" in row
    assert "2 (33%)" in content and "4 (67%)" in content
    assert "Spanish" in content and "Wheelchair ramp" in content
    assert "Sergeant" not in content  # declined, so nothing to prepare for them


def test_coverage_api(planning_program, invited, login):
    data = login(planning_program.conciliator).get(f"/api/programs/{planning_program.pk}/planning/coverage").json()
    youth = next(s for s in data["sectors"] if s["name"] == "Youth")
    assert youth | {"id": 0} == {
        "id": 0,
        "name": "Youth",
        "name_language": "en",
        "key": "youth",
        "names": {"en": "Youth", "ko": "청소년", "es": "Jóvenes", "zh-hans": "青年", "vi": "Thanh thiếu niên"},
        "kind": "community",
        "invited": 4,
        "yes": 2,
        "no": 0,
        "maybe": 1,
        "pending": 1,
        "nobody_invited": False,
        "nobody_confirmed": False,
    }
    assert data["invited"] == {
        "law_enforcement": 2,
        "community": 4,
        "total": 6,
        "law_enforcement_percent": 33,
        "community_percent": 67,
    }
    assert data["flagged_sector_ids"] == [invited.pk]
    assert data["languages"][0] == {"code": "es", "label": "Spanish", "expected": 2, "confirmed": 1}


def test_coverage_page_query_count_does_not_grow_with_invitations(
    planning_program, invited, login, django_assert_max_num_queries, conciliator
):
    client = login(planning_program.conciliator)
    url = f"/en/programs/{planning_program.pk}/planning/coverage/"
    with django_assert_max_num_queries(9):  # 8 + the session's two-step sign-in device
        client.get(url)
    for n in range(3):
        sector = services.sector_create(actor=conciliator, program=planning_program, name=f"Sector {n}")
        for m in range(5):
            services.invitation_create(
                actor=conciliator, program=planning_program, name=f"P{n}{m}", sector=sector, accessibility_needs="x"
            )
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
