"""A community leader files a request in Korean on a phone; a conciliator triages it into a program.

axe-core checks every page on the way (see conftest.Visitor)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from spcp.intake.models import ProgramRequest
from spcp.programs.models import Program
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_request_filed_in_korean_is_routed_and_accepted_into_a_program(phone, visitor):
    conciliator = factories.user(role="conciliator", region="southwest", username="grace", first_name="Grace")

    # 1. An empty submission gets field-by-field errors in Korean, and nothing is saved.
    page = phone.goto("/ko/requests/new/")
    assert page.locator("html").get_attribute("lang") == "ko"
    phone.submit()
    assert page.locator(".usa-error-message").count() >= 5
    assert "필수 입력 항목입니다." in page.locator("main").inner_text()
    assert ProgramRequest.objects.count() == 0

    # 2. Filled in properly: a critical incident in Texas, typed in Korean.
    page.fill("#id_requester_name", "김민지")
    page.fill("#id_organisation", "리버턴 한인회")
    phone.choose("organisation_role", "community_organisation")
    page.fill("#id_email", "minji@example.org")
    page.fill("#id_phone", "512-555-0142")
    page.fill("#id_city", "Riverton")
    page.select_option("#id_state", "TX")
    phone.choose("program_type")
    phone.choose("trigger", "critical_incident")
    page.fill("#id_incident_date", (datetime.date.today() - datetime.timedelta(days=10)).isoformat())
    page.fill("#id_incident_description", "교통 단속 중 물리력 사용 영상이 퍼진 뒤 주민들의 불신이 커졌습니다.")
    phone.choose("concerns", "race")
    phone.choose("concerns", "national_origin")
    phone.choose("languages", "ko")
    phone.submit()

    # 3. The requester is told, in Korean, which CRS office will call back.
    body = page.locator("main").inner_text()
    assert "텍사스 주 댈러스" in body
    saved = ProgramRequest.objects.get()
    assert saved.region.code == "southwest" and saved.office.city == "Dallas"
    assert saved.submitted_language == "ko"
    assert saved.case_number in body
    (confirmation,) = [m for m in mail.outbox if m.to == ["minji@example.org"]]
    assert saved.case_number in confirmation.subject and "접수 번호" in confirmation.body

    # 3b. Later, without an account, the status page answers to the case number and email: received, by Dallas.
    page = phone.goto("/ko/requests/status/")
    page.fill("#id_case_number", saved.case_number)
    page.fill("#id_email", "minji@example.org")
    phone.submit()
    status = page.locator("main").inner_text()
    assert "접수됨" in status and "텍사스 주 댈러스" in status

    # 4. The conciliator signs in (in Korean), finds it in the triage queue and accepts it.
    page = visitor.goto("/ko/accounts/login/")
    page.fill("#id_username", "grace")
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    page = visitor.goto("/ko/requests/triage/")
    assert "Riverton" in page.locator("table").inner_text()
    with page.expect_navigation():
        page.click("table a:has-text('Riverton')")
    visitor.check()
    page.select_option("#id_accept-conciliator", str(conciliator.pk))
    with page.expect_navigation():
        page.click("button:has-text('요청 수락')")
    visitor.check()

    program = Program.objects.get()
    assert program.conciliator == conciliator
    assert program.trigger == "critical_incident"
    assert page.url.endswith(f"/ko/programs/{program.pk}/")
    assert "usa-step-indicator__segment--current" in page.content()

    # 5. The requester's status page now says accepted.
    page = phone.goto("/ko/requests/status/")
    page.fill("#id_case_number", saved.case_number)
    page.fill("#id_email", "minji@example.org")
    phone.submit()
    assert "수락됨" in page.locator("main").inner_text()
