"""The Korean PDF keeps dates and words whole in its narrow table columns (no "2026년 2 / 월 28일", "완/료")."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from spcp.actionplan.documents.content import plan_content
from spcp.actionplan.documents.pdf import render_pdf
from spcp.actionplan.models import ActionItem, ActionStep
from tests.actionplan.documents_helpers import make_plan
from tests.actionplan.test_documents import poppler


@pytest.fixture
def crowded_plan(program):
    """The helper's plan, plus steps with long Korean text in every column and a finished step."""
    plan = make_plan(program)
    item = ActionItem.objects.get(plan=plan)
    for order, status in ((3, "done"), (4, "in_progress")):
        ActionStep.objects.create(
            item=item,
            order=order,
            description="지역 교회와 경찰서가 함께하는 월례 안전 걷기 행사의 일정과 경로를 정하고 홍보하기",
            language="ko",
            responsible_party="경찰서 지역사회 협력팀과 한인 커뮤니티 센터",
            partners="리버턴 한인회, 주민 협의회, 지역 교회 연합",
            start_date=datetime.date(2025, 11, 28),
            due_date=datetime.date(2026, 12, 31),
            resources="자원봉사자 열두 명과 통역사 두 명, 홍보 전단지",
            measure="매월 참가자 수와 설문 조사 결과",
            status=status,
            percent=100 if status == "done" else 40,
        )
    return plan


def _lines(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "plan-ko.pdf"
    path.write_bytes(data)
    return [line.strip() for line in poppler("pdftotext", str(path), "-").splitlines() if line.strip()]


@pytest.mark.parametrize("kind", ["plan", "items"])
def test_korean_dates_and_statuses_stay_on_one_line_in_narrow_columns(crowded_plan, tmp_path, kind):
    lines = _lines(render_pdf(plan_content(crowded_plan), kind, "ko"), tmp_path)
    if kind == "plan":
        whole = ["2025년 11월 28일", "2026년 12월 31일", "2026년 2월 28일"]
    else:
        whole = ["2025-11-28", "2026-12-31"]
    for date in whole:
        assert any(date in line for line in lines), (date, lines)
    # No line ends inside a date ("2025년 11" / "월 28일") or inside a status word ("완" / "료").
    assert not [line for line in lines if re.search(r"\d{4}년( \d{1,2})?$|^월 \d|^\d{1,2}월 \d{1,2}일$", line)]
    assert any("완료" in line for line in lines) and "완" not in lines and "료" not in lines
    # Korean words wrap whole: "결과" never splits into "결" / "과".
    if kind == "plan":
        assert any("결과" in line for line in lines) and not any(line.endswith(" 결") for line in lines)
