"""One date-time format per locale on every page: the audit log, a council meeting and the triage list write a
moment the same way ("Dec. 6, 2026, 1:38 p.m." / "2026년 12월 6일 오후 1:38"), in the program's zone (a request's
state's zone before it has a program), with the zone named where no program sets it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from spcp.council.models import Meeting
from spcp.intake.models import ProgramRequest
from spcp.programs.models import AuditEntry, Phase, Program
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 12, 6, 19, 38, tzinfo=UTC)  # 1:38 p.m. in Texas (CST)


def _render(value, zone: str = "") -> str:
    return Template("{% load spcp_tags %}{{ value|when:zone }}").render(Context({"value": value, "zone": zone}))


def test_when_writes_the_locales_one_format_in_the_given_or_active_zone():
    with translation.override("en"):
        assert _render(MOMENT, "America/Chicago") == "Dec. 6, 2026, 1:38 p.m. CST"
        with timezone.override("Asia/Seoul"):
            assert _render(MOMENT) == "Dec. 7, 2026, 4:38 a.m. KST"
    with translation.override("ko"):
        assert _render(MOMENT, "America/Chicago") == "2026년 12월 6일 오후 1:38 CST"
        assert _render(None) == ""


@pytest.mark.parametrize(("lang", "expected"), [("en", "Dec. 6, 2026, 1:38 p.m."), ("ko", "2026년 12월 6일 오후 1:38")])
def test_audit_log_meeting_page_and_triage_list_write_a_moment_alike(lang, expected, program, role_users, login):
    Program.objects.filter(pk=program.pk).update(phase=Phase.COUNCIL, time_zone="America/Chicago")
    AuditEntry.objects.create(program=program, actor_label="conciliator", action="council.meeting_scheduled")
    AuditEntry.objects.filter(program=program).update(created_at=MOMENT)
    meeting = Meeting.objects.create(
        program=program, title="December", starts_at=MOMENT, ends_at=MOMENT + timedelta(hours=1)
    )
    request = intake_factories.program_request("TX")
    ProgramRequest.objects.filter(pk=request.pk).update(created_at=MOMENT)
    client = login(role_users["conciliator"])

    audit = client.get(f"/{lang}/programs/{program.pk}/audit/").content.decode()
    meeting_page = client.get(f"/{lang}/programs/{program.pk}/council/meetings/{meeting.pk}/").content.decode()
    triage = client.get(f"/{lang}/requests/triage/").content.decode()
    detail = client.get(f"/{lang}/requests/{request.pk}/").content.decode()
    for page in (audit, meeting_page, triage, detail):
        assert expected in page
    for page in (audit, triage, detail):  # none of the old short forms
        assert "12/06/2026" not in page and "2026. 12. 6." not in page and "7:38" not in page
