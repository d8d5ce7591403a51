"""The council runs itself: staff hand it to its officers (audited), who then manage meetings, minutes and
members without CRS; staff keep read access and the reminders, and can take it back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from spcp.council.models import CouncilRole, Handover, Meeting, MeetingStatus
from spcp.council.reminders import remind_command
from spcp.programs.models import AuditEntry
from tests import factories
from tests.council.conftest import make_item, make_meeting, make_member, make_plan, make_step

pytestmark = pytest.mark.django_db


def _url(program, suffix="", lang="en"):
    return f"/{lang}/programs/{program.pk}/council/{suffix}"


@pytest.fixture
def secretary(council_program):
    account = factories.member(council_program, "council_member", username="mina")
    make_member(council_program, "Mina Park", role=CouncilRole.SECRETARY, user=account, email="mina@example.org")
    return account


def test_conciliator_hands_the_council_over_and_it_is_audited(council_program, role_users, secretary, login):
    client = login(role_users["conciliator"])
    page = client.get(_url(council_program, "handover/")).content.decode()
    assert "Mina Park" in page  # who will run it
    response = client.post(_url(council_program, "handover/"), {"action": "hand_over"})
    assert response.status_code == 302
    handover = Handover.objects.get(program=council_program)
    assert handover.handed_over_by == role_users["conciliator"]
    entry = AuditEntry.objects.get(program=council_program, action="council.handed_over")
    assert entry.actor == role_users["conciliator"]
    overview = client.get(_url(council_program)).content.decode()
    assert "run itself" in overview


def test_secretary_records_minutes_in_korean_pages_after_the_hand_over(council_program, role_users, secretary, login):
    meeting = make_meeting(council_program, date(2026, 11, 3))
    client = login(secretary)
    assert client.get(_url(council_program, f"meetings/{meeting.pk}/minutes/", "ko")).status_code == 404

    login(role_users["conciliator"]).post(_url(council_program, "handover/"), {"action": "hand_over"})
    client = login(secretary)
    page = client.get(_url(council_program, f"meetings/{meeting.pk}/minutes/", "ko"))
    assert page.status_code == 200 and "회의록" in page.content.decode()
    response = client.post(
        _url(council_program, f"meetings/{meeting.pk}/minutes/", "ko"),
        {"minutes": "다음 달 보고 예정.", "minutes_language": "ko", "held": "on"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes == "다음 달 보고 예정."
    assert AuditEntry.objects.filter(action="council.minutes_recorded", actor=secretary).exists()
    # and schedules the next meeting herself
    response = client.post(
        _url(council_program, "meetings/add/"),
        {"title": "Next meeting", "starts_at": "2027-01-05T18:00", "ends_at": "2027-01-05T19:30"},
    )
    assert response.status_code == 302 and Meeting.objects.filter(title="Next meeting").exists()


def test_after_the_hand_over_staff_read_but_do_not_write(council_program, role_users, secretary, login):
    meeting = make_meeting(council_program, date(2026, 11, 3), minutes="Agreed.", minutes_language="en")
    client = login(role_users["conciliator"])
    client.post(_url(council_program, "handover/"), {"action": "hand_over"})
    assert client.get(_url(council_program, f"meetings/{meeting.pk}/")).status_code == 200
    assert "Agreed." in client.get(_url(council_program, f"meetings/{meeting.pk}/")).content.decode()
    assert client.get(_url(council_program, f"meetings/{meeting.pk}/minutes/")).status_code == 404
    assert client.post(_url(council_program, "members/add/"), {"name": "X"}).status_code == 404


def test_staff_keep_the_reminders_after_the_hand_over(council_program, role_users, secretary, login):
    role_users["conciliator"].email = "grace@example.org"
    role_users["conciliator"].save()
    login(role_users["conciliator"]).post(_url(council_program, "handover/"), {"action": "hand_over"})
    make_step(make_item(make_plan(council_program)), "Print flyers", due_date=timezone.localdate() - timedelta(days=2))
    assert remind_command(today=None, dry_run=False) == 0
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]


def test_hand_over_needs_an_officer_who_can_sign_in(council_program, role_users, login):
    make_member(council_program, "Chair without account", role=CouncilRole.CHAIR)
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, "handover/"), {"action": "hand_over"}, follow=True)
    assert "chair or a secretary with a sign-in account" in response.content.decode()
    assert not Handover.objects.exists()


def test_staff_take_the_council_back(council_program, role_users, secretary, login):
    staff = login(role_users["conciliator"])
    staff.post(_url(council_program, "handover/"), {"action": "hand_over"})
    staff.post(_url(council_program, "handover/"), {"action": "take_back"})
    assert not Handover.objects.exists()
    assert AuditEntry.objects.filter(program=council_program, action="council.taken_back").exists()
    assert staff.get(_url(council_program, "meetings/add/")).status_code == 200
    assert login(secretary).get(_url(council_program, "meetings/add/")).status_code == 404


def test_an_ordinary_member_or_an_inactive_secretary_does_not_run_the_council(
    council_program, role_users, secretary, login
):
    login(role_users["conciliator"]).post(_url(council_program, "handover/"), {"action": "hand_over"})
    assert login(role_users["council_member"]).get(_url(council_program, "meetings/add/")).status_code == 404
    seat = secretary.council_seats.get()
    seat.active = False
    seat.save()
    assert login(secretary).get(_url(council_program, "meetings/add/")).status_code == 404


def test_a_meeting_cannot_be_marked_held_before_it_starts_and_nothing_typed_is_lost(council_program, role_users, login):
    meeting = make_meeting(council_program, timezone.localdate() + timedelta(days=7))
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, f"meetings/{meeting.pk}/minutes/"),
        {"minutes": "Draft minutes typed early.", "minutes_language": "en", "held": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be marked as held yet" in page and "Draft minutes typed early." in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.minutes == ""
    # In Korean, the same refusal in Korean.
    response = client.post(
        _url(council_program, f"meetings/{meeting.pk}/minutes/", "ko"),
        {"minutes": "미리 쓴 회의록", "minutes_language": "ko", "held": "on"},
    )
    page = response.content.decode()
    assert "미리 쓴 회의록" in page and "cannot be marked" not in page and "아직 열린 회의로 표시할 수 없습니다" in page
    # Without "held", the draft is saved.
    client.post(
        _url(council_program, f"meetings/{meeting.pk}/minutes/"),
        {"minutes": "Draft minutes typed early.", "minutes_language": "en"},
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Draft minutes typed early." and meeting.status == MeetingStatus.SCHEDULED
