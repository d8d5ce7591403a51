"""Importing the invitation list in headless Chromium, in Korean, with axe-core on every state: a file with a
bad row is shown with the reason and saves nothing; the corrected file is previewed and confirmed."""

from __future__ import annotations

import pytest

from spcp.planning.models import Invitation, Sector, Side
from spcp.programs.models import Phase
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BAD = "name,sector,email\nAna Ruiz,Faith,ana@example.org\nBo Chen,Plumbers,\n"
GOOD = "name,sector,email\nAna Ruiz,Faith,ana@example.org\nBo Chen,Faith,\n"


def test_a_planner_previews_a_csv_fixes_it_and_imports_it(visitor, program, role_users, tmp_path):
    program.phase = Phase.PLANNING
    program.save(update_fields=["phase"])
    Sector.objects.create(program=program, name="Faith", kind=Side.COMMUNITY, order=2)
    page = visitor.goto("/ko/accounts/login/")
    page.fill("#id_username", role_users["conciliator"].username)
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    visitor.goto(f"/ko/programs/{program.pk}/planning/invitations/import/")

    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    visitor.submit("main form[enctype] [type=submit]")
    text = page.locator("main").inner_text()
    assert "이 프로그램에는 “Plumbers”라는 분야가 없습니다." in text
    assert page.locator("input[name=payload]").count() == 0
    assert Invitation.objects.filter(program=program).count() == 0

    page.set_input_files("input[type=file]", str(good))
    visitor.submit("main form[enctype] [type=submit]")
    visitor.submit("main form:has(input[name=payload]) [type=submit]")
    assert "초대 명단에 2명을 추가했습니다." in page.locator("main").inner_text()
    assert set(Invitation.objects.filter(program=program).values_list("name", flat=True)) == {"Ana Ruiz", "Bo Chen"}
