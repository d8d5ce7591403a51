"""A plan drafted from a forum where one side gave too few answers carries no bridging score, and says why."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from spcp.actionplan import services
from spcp.forum.models import Response
from spcp.planning.models import Side
from tests.actionplan.conftest import url

pytestmark = pytest.mark.django_db

TOO_FEW = "Too few answers from law enforcement or the community for a bridging score."


def _document(staff, program, fmt: str, lang: str = "en") -> bytes:
    path = reverse("plan_documents:report", kwargs={"program_id": program.pk})
    response = staff.get(path, {"format": fmt, "lang": lang})
    assert response.status_code == 200
    return response.content


def test_without_law_enforcement_answers_the_plan_shows_no_bridging_score(day, program, staff):
    # The officers never answered: a smoothed score (0.25 × the community's share) would read as a real one.
    Response.objects.filter(forum=day.forum, participant__sector__kind=Side.LAW_ENFORCEMENT).delete()
    plan, _created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    (item,) = [i for i in plan.items.all() if i.support]
    assert item.support["bridging"] is None and item.support["agree"] == 15

    page = staff.get(url("overview", program)).content.decode()
    assert f"On the day: 15 agreed, 0 disagreed, 0 passed. {TOO_FEW}" in page
    assert "Bridging score" not in page
    korean = staff.get(url("overview", program, lang="ko")).content.decode()
    assert "법 집행이나 지역사회의 응답이 적어 공통 기반 점수를 낼 수 없었습니다." in korean

    html = _document(staff, program, "html").decode()
    assert TOO_FEW in html
    docx = Document(io.BytesIO(_document(staff, program, "docx")))
    assert TOO_FEW in [p.text for p in docx.paragraphs]


def test_with_enough_answers_from_both_sides_the_plan_keeps_the_score(day, program, staff):
    plan, _created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    (item,) = [i for i in plan.items.all() if i.support]
    assert 0 < item.support["bridging"] < 1
    page = staff.get(url("overview", program)).content.decode()
    assert f"Bridging score {item.support['bridging']:.2f}." in page and TOO_FEW not in page
