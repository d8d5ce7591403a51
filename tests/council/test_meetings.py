from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from spcp.actionplan.models import ActionStep
from spcp.council import services
from spcp.council.models import AgendaItem, AgendaReason, Attendance, Decision, Meeting, MeetingStatus, ProgressUpdate
from tests.council.conftest import at, local_at, make_item, make_meeting, make_member, make_plan, make_step

pytestmark = pytest.mark.django_db


def _url(program, suffix=""):
    return f"/en/programs/{program.pk}/council/{suffix}"


def _events(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, list(cal.walk("VEVENT"))


def test_staff_schedules_a_meeting(council_program, role_users, login):
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, "meetings/add/"),
        {"title": "First council meeting", "starts_at": "2026-12-03T18:00", "ends_at": "2026-12-03T20:00"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(program=council_program)
    assert meeting.starts_at == local_at(date(2026, 12, 3)) and meeting.sequence == 0


def test_a_meeting_must_end_after_it_starts(council_program, role_users, login):
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, "meetings/add/"),
        {"title": "Backwards", "starts_at": "2026-12-03T18:00", "ends_at": "2026-12-03T17:00"},
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_each_edit_bumps_the_sequence_and_the_ics_carries_it(council_program, role_users, login):
    meeting = make_meeting(council_program, date(2026, 12, 3))
    client = login(role_users["conciliator"])
    data = {"title": "Moved meeting", "starts_at": "2026-12-04T18:00", "ends_at": "2026-12-04T19:30"}
    assert client.post(_url(council_program, f"meetings/{meeting.pk}/edit/"), data).status_code == 302
    client.post(_url(council_program, f"meetings/{meeting.pk}/edit/"), data)  # no change: no bump
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    response = client.get(_url(council_program, f"meetings/{meeting.pk}/meeting.ics"))
    assert response["Content-Type"].startswith("text/calendar")
    _cal, (event,) = _events(response.content)
    assert str(event["uid"]).startswith(str(meeting.uid))
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == local_at(date(2026, 12, 4))  # typed in Central time, written in UTC
    assert event.decoded("dtstart").tzinfo is not None and event.decoded("dtstart").utcoffset() == timedelta(0)
    assert "dtstamp" in event
    assert str(event["summary"]) == "Moved meeting"


def test_cancelling_a_meeting(council_program, role_users, login):
    meeting = make_meeting(council_program, date(2026, 12, 3))
    client = login(role_users["conciliator"])
    client.post(_url(council_program, f"meetings/{meeting.pk}/cancel/"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1


def test_cancelling_an_invited_meeting_emails_a_calendar_cancellation_with_the_same_uid(
    council_program, role_users, login
):
    make_member(council_program, "Ana Reyes", email="ana@example.org")
    meeting = make_meeting(council_program, date(2026, 12, 3), title="December meeting")
    client = login(role_users["conciliator"])
    client.post(_url(council_program, f"meetings/{meeting.pk}/cancel/"))
    assert mail.outbox == []  # never invited: nothing to take back
    other = make_meeting(council_program, date(2026, 12, 10), title="Later meeting")
    client.post(_url(council_program, f"meetings/{other.pk}/invite/"))
    (invite,) = mail.outbox
    client.post(_url(council_program, f"meetings/{other.pk}/cancel/"))
    assert len(mail.outbox) == 2
    cancel = mail.outbox[1]
    assert cancel.to == ["ana@example.org"] and "Later meeting" in cancel.subject
    _name, content, _mimetype = cancel.attachments[0]
    cal, (event,) = _events(content if isinstance(content, bytes) else content.encode())
    _first, (invited,) = _events(
        invite.attachments[0][1] if isinstance(invite.attachments[0][1], bytes) else invite.attachments[0][1].encode()
    )
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(invited["uid"]) and int(event["sequence"]) > int(invited["sequence"])


def test_invitations_go_to_each_active_member_with_an_email_alone(council_program, role_users, login):
    make_member(council_program, "Ana Reyes", email="ana@example.org")
    make_member(council_program, "Lee Park", email="lee@example.org")
    make_member(council_program, "No Email")
    make_member(council_program, "Gone", email="gone@example.org", active=False)
    meeting = make_meeting(council_program, date(2026, 12, 3), title="December meeting")
    client = login(role_users["conciliator"])
    client.post(_url(council_program, f"meetings/{meeting.pk}/invite/"))
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "lee@example.org"]
    for message in mail.outbox:
        other = "lee@example.org" if message.to[0] == "ana@example.org" else "ana@example.org"
        assert other not in message.body
        (name, content, mimetype) = message.attachments[0]
        assert mimetype.startswith("text/calendar")
        cal, (event,) = _events(content if isinstance(content, bytes) else content.encode())
        assert str(cal["method"]) == "REQUEST"
        attendees = event["attendee"] if isinstance(event["attendee"], list) else [event["attendee"]]
        assert [str(a) for a in attendees] == [f"mailto:{message.to[0]}"]
        assert other not in content.decode() if isinstance(content, bytes) else other not in content


def test_member_calendar_feed_lists_the_programs_meetings_without_sign_in(client, council_program, role_users):
    member = make_member(council_program, "Ana Reyes", user=role_users["council_member"])
    kept = make_meeting(council_program, date(2026, 12, 3), title="Kept")
    make_meeting(council_program, date(2026, 12, 10), title="Dropped", status=MeetingStatus.CANCELLED)
    response = client.get(f"/calendar/{member.feed_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _cal, events = _events(response.content)
    assert [str(e["summary"]) for e in events] == ["Kept"]
    assert str(events[0]["uid"]).startswith(str(kept.uid))
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_members_see_their_feed_address_on_the_meetings_page(council_program, role_users, login):
    member = make_member(council_program, "Ana Reyes", user=role_users["council_member"])
    page = login(role_users["council_member"]).get(_url(council_program, "meetings/")).content.decode()
    assert f"/calendar/{member.feed_token}.ics" in page


def test_meetings_page_query_count(council_program, role_users, login, django_assert_max_num_queries):
    for n in range(6):
        make_meeting(council_program, date(2026, 12, 1) + timedelta(days=n), title=f"Meeting {n}")
    client = login(role_users["conciliator"])
    with django_assert_max_num_queries(12):
        assert client.get(_url(council_program, "meetings/")).status_code == 200


@pytest.fixture
def agenda_setup(council_program):
    plan = make_plan(council_program)
    item = make_item(plan)
    day = date(2026, 12, 10)
    steps = {
        "overdue": make_step(item, "Overdue step", due_date=day - timedelta(days=3)),
        "done_late": make_step(item, "Finished late", due_date=day - timedelta(days=3), status="done", percent=100),
        "due": make_step(item, "Due soon step", due_date=day + timedelta(days=5)),
        "later": make_step(item, "Far step", due_date=day + timedelta(days=60)),
        "changed": make_step(item, "Changed step", due_date=day + timedelta(days=90)),
    }
    return council_program, plan, steps, day


def test_agenda_built_from_the_plan_without_duplicates(agenda_setup, role_users):
    program, plan, steps, day = agenda_setup
    previous = make_meeting(program, day - timedelta(days=30), status=MeetingStatus.HELD)
    meeting = make_meeting(program, day)
    make_meeting(program, day + timedelta(days=20), title="Next")
    # Nothing edited since the previous held meeting, except one step's progress update recorded after it.
    ActionStep.objects.filter(pk__in=[s.pk for s in steps.values()]).update(
        updated_at=previous.starts_at - timedelta(days=1)
    )
    assert previous.starts_at < timezone.now()
    ProgressUpdate.objects.create(
        step=steps["changed"], date=day - timedelta(days=10), status="in_progress", percent=10
    )
    actor = role_users["conciliator"]
    services.meeting_agenda_build(actor=actor, meeting=meeting)
    services.meeting_agenda_build(actor=actor, meeting=meeting)
    reasons = {a.step_id: a.reason for a in AgendaItem.objects.filter(meeting=meeting)}
    assert reasons == {
        steps["overdue"].pk: AgendaReason.OVERDUE,
        steps["due"].pk: AgendaReason.DUE,
        steps["changed"].pk: AgendaReason.CHANGED,
    }


def test_agenda_manual_items_reorder_and_remove(agenda_setup, role_users, login):
    program, _plan, _steps, day = agenda_setup
    meeting = make_meeting(program, day)
    client = login(role_users["conciliator"])
    base = _url(program, f"meetings/{meeting.pk}/agenda/")
    client.post(base + "add/", {"title": "Welcome"})
    client.post(base + "add/", {"title": "Budget"})
    budget = AgendaItem.objects.get(meeting=meeting, title="Budget")
    client.post(base + f"{budget.pk}/", {"action": "up"})
    assert [a.title for a in AgendaItem.objects.filter(meeting=meeting)] == ["Budget", "Welcome"]
    client.post(base + f"{budget.pk}/", {"action": "remove"})
    assert [a.title for a in AgendaItem.objects.filter(meeting=meeting)] == ["Welcome"]
    empty = client.post(base + "add/", {"title": ""})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()


def test_minutes_attendance_and_held(council_program, role_users, login):
    ana = make_member(council_program, "Ana Reyes")
    lee = make_member(council_program, "Lee Park")
    meeting = make_meeting(council_program, date(2026, 12, 3))
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, f"meetings/{meeting.pk}/minutes/"),
        {"minutes": "회의를 시작했습니다.", "minutes_language": "ko", "present": [ana.pk], "held": "on"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes_language == "ko"
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "present")) == {
        ana.pk: True,
        lee.pk: False,
    }
    page = client.get(_url(council_program, f"meetings/{meeting.pk}/")).content.decode()
    assert '<div lang="ko">' in page


def test_minutes_without_a_language_are_refused_and_kept_in_the_form(council_program, role_users, login):
    meeting = make_meeting(council_program, date(2026, 12, 3))
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, f"meetings/{meeting.pk}/minutes/"), {"minutes": "Draft notes"})
    assert response.status_code == 200
    assert "Draft notes" in response.content.decode()
    assert "Choose the language the minutes are written in." in response.content.decode()


def test_minutes_are_hidden_from_planning_members_and_facilitators(council_program, role_users, login):
    meeting = make_meeting(council_program, date(2026, 12, 3), minutes="Confidential discussion", minutes_language="en")
    for who, sees in (("council_member", True), ("planning_member", False), ("facilitator", False)):
        page = login(role_users[who]).get(_url(council_program, f"meetings/{meeting.pk}/")).content.decode()
        assert ("Confidential discussion" in page) is sees


def test_decision_recorded_with_an_action_item(council_program, role_users, login):
    item = make_item(make_plan(council_program))
    meeting = make_meeting(council_program, date(2026, 12, 3))
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, f"meetings/{meeting.pk}/decisions/add/"),
        {"text": "Fund the youth programme", "language": "en", "action_item": item.pk},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(meeting=meeting)
    assert decision.action_item == item and decision.language == "en"


def test_meetings_api_lists_the_programs_meetings(council_program, role_users, login):
    meeting = make_meeting(council_program, date(2026, 12, 3), title="API meeting")
    response = login(role_users["planning_member"]).get(f"/api/programs/{council_program.pk}/council/meetings")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [meeting.pk]
    assert response.json()[0]["starts_at"].startswith(at(date(2026, 12, 3)).astimezone(UTC).strftime("%Y-%m-%dT%H"))
