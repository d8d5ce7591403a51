"""A program keeps its community's local time: meetings are typed, shown and emailed in the program's time
zone (from its state, changeable), stored in UTC, and sent to calendars in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core import mail

from spcp.council.models import Meeting
from spcp.programs import services
from spcp.programs.models import Program
from tests import factories
from tests.council.conftest import make_meeting, make_member

pytestmark = pytest.mark.django_db


def test_a_program_takes_its_states_time_zone():
    assert factories.program(state="TX").time_zone == "America/Chicago"
    assert factories.program(state="AZ").time_zone == "America/Phoenix"
    assert factories.program(state="GU").time_zone == "Pacific/Guam"
    assert factories.program(state="NY").time_zone == "America/New_York"


def test_meeting_times_are_typed_and_shown_in_the_programs_time_zone_and_stored_in_utc(
    council_program, role_users, login
):
    client = login(role_users["conciliator"])
    response = client.post(
        f"/en/programs/{council_program.pk}/council/meetings/add/",
        {"title": "Winter meeting", "starts_at": "2026-12-03T18:00", "ends_at": "2026-12-03T19:30"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Winter meeting")
    assert meeting.starts_at == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)  # 6 p.m. Central is midnight UTC
    page = client.get(f"/en/programs/{council_program.pk}/council/meetings/{meeting.pk}/").content.decode()
    assert "6 p.m." in page
    form = client.get(f"/en/programs/{council_program.pk}/council/meetings/add/").content.decode()
    assert "America/Chicago" in form  # the help text says which zone the times are in

    # Moving the program to Pacific time shows the same meeting at 4 p.m. (the cached zone is forgotten).
    services.program_update(actor=role_users["conciliator"], program=council_program, time_zone="America/Los_Angeles")
    page = client.get(f"/en/programs/{council_program.pk}/council/meetings/{meeting.pk}/").content.decode()
    assert "4 p.m." in page and "6 p.m." not in page


def test_invitation_emails_give_local_time_and_zone_while_the_calendar_file_is_in_utc(
    council_program, role_users, login
):
    make_member(council_program, "Ana Reyes", email="ana@example.org")
    meeting = make_meeting(council_program, date(2026, 12, 3), title="December meeting")  # 18:00 UTC
    client = login(role_users["conciliator"])
    client.post(f"/en/programs/{council_program.pk}/council/meetings/{meeting.pk}/invite/")
    (message,) = mail.outbox
    assert "Dec. 3, 2026, noon (CST)" in message.body  # the locale's one format, in the program's zone
    ics = message.attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "DTSTART:20261203T180000Z" in ics.replace("\r\n ", "")


def test_pages_without_a_program_stay_in_utc(client, program):
    Program.objects.filter(pk=program.pk).update(time_zone="Pacific/Guam")
    assert client.get("/en/offices/").status_code == 200
    from django.utils import timezone

    assert timezone.get_current_timezone_name() == "UTC"


def test_each_member_gets_the_invitation_in_their_own_language(council_program, role_users, login):
    korean_reader = factories.member(council_program, "council_member", username="jiwoo", preferred_language="ko")
    make_member(council_program, "Ana Reyes", email="ana@example.org")
    make_member(council_program, "Ji-woo Kim", email="jiwoo@example.org", user=korean_reader)
    make_member(council_program, "Min Lee", email="min@example.org", language="ko")
    meeting = make_meeting(council_program, date(2026, 12, 3), title="December meeting")  # 18:00 UTC
    login(role_users["conciliator"]).post(f"/en/programs/{council_program.pk}/council/meetings/{meeting.pk}/invite/")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["ana@example.org"].subject == "Invitation: December meeting"
    for address in ("jiwoo@example.org", "min@example.org"):  # the account's language, or the seat's own
        message = by_recipient[address]
        assert message.subject == "초대: December meeting"
        assert "2026년 12월 3일 오후 12:00 (CST)" in message.body
