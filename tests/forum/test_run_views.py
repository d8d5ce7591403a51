"""Running the forum day through HTTP: run of show, settings, ground rules, check-in, breakouts, merging,
dot voting, responses and the projector; access, read-only phases and query counts."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from spcp.forum import services
from spcp.forum.models import Forum, GroundRule, MergeDecision, Participant, Statement
from spcp.planning.models import Invitation, Rsvp
from spcp.programs.models import AuditEntry, Phase

pytestmark = pytest.mark.django_db


def url(name: str, room, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"forum:{name}", kwargs={"program_id": room.forum.program_id, **kwargs})


@pytest.fixture
def staff(login, room):
    return login(room.forum.program.conciliator)


def _round_one(room, per_sector=3):
    room.fill({s.pk: per_sector for s in room.all_sectors})
    return services.breakouts_build_first(forum=room.forum, actor=room.forum.program.conciliator).tables


def _issue(table, text, language="en"):
    return services.statement_add(breakout=table, kind="issue", text=text, language=language, client_token=uuid.uuid4())


def _leave_forum_phase(room):
    program = room.forum.program
    program.phase = Phase.ACTION_PLAN
    program.save(update_fields=["phase"])


# --- run of show ------------------------------------------------------------------------------------------


def test_run_of_show_renders_for_the_conciliator_and_is_404_for_an_outsider(staff, login, room, role_users):
    page = staff.get(url("control", room)).content.decode()
    assert room.forum.join_code in page
    assert "Start Opening" in page
    assert "Breakout 2: solutions" in page
    assert login(role_users["outsider"]).get(url("control", room)).status_code == 404


def test_a_facilitator_sees_the_run_of_show_but_cannot_move_the_room(login, room, role_users):
    client = login(role_users["facilitator"])
    page = client.get(url("control", room)).content.decode()
    assert "Go to this segment" not in page
    opening = room.forum.segments.order_by("order").first()
    assert client.post(url("segment_start", room, segment_id=opening.pk)).status_code == 404
    room.forum.refresh_from_db()
    assert room.forum.current_segment is None


def test_run_of_show_sets_up_the_forum_of_a_program_created_before_the_forum_app(staff, room):
    program = room.forum.program
    Forum.objects.filter(program=program).delete()
    response = staff.get(url("control", room))
    assert response.status_code == 200
    forum = Forum.objects.get(program=program)
    assert forum.segments.count() == 8


def test_starting_a_segment_moves_the_room_and_writes_an_audit_entry(staff, room):
    opening, rules = list(room.forum.segments.order_by("order"))[:2]
    staff.post(url("segment_start", room, segment_id=opening.pk))
    response = staff.post(url("segment_start", room, segment_id=rules.pk), follow=True)
    room.forum.refresh_from_db()
    assert room.forum.current_segment == rules
    page = response.content.decode()
    assert "Now: Ground rules. Every screen in the room follows." in page
    assert "Start Breakout 1: strengths and issues" in page
    assert AuditEntry.objects.filter(action="forum.segment_started", actor=room.forum.program.conciliator).count() == 2


def test_outside_the_forum_phase_the_run_of_show_is_read_only_and_a_start_is_refused(staff, room):
    _leave_forum_phase(room)
    page = staff.get(url("control", room)).content.decode()
    assert "so this page is read-only" in page and "Action plan" in page
    assert "Go to this segment" not in page
    opening = room.forum.segments.order_by("order").first()
    response = staff.post(url("segment_start", room, segment_id=opening.pk))
    assert response.status_code == 409
    assert "Nothing was saved." in response.content.decode()
    room.forum.refresh_from_db()
    assert room.forum.current_segment is None


# --- settings ---------------------------------------------------------------------------------------------


def test_settings_error_shows_on_the_field_and_keeps_the_saved_values(staff, room):
    response = staff.post(url("settings", room), {"dots_per_participant": "0", "allow_stacking": "on", "top_k": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_dots_per_participant-error"' in page
    assert "Give each participant between 1 and 20 dots." in page
    assert "Please correct the errors below." in page
    room.forum.refresh_from_db()
    assert (room.forum.dots_per_participant, room.forum.top_k) == (3, 5)


def test_settings_save_the_voting_rules_and_a_segments_times(staff, room):
    response = staff.post(url("settings", room), {"dots_per_participant": "5", "top_k": "3"})
    assert response.status_code == 302
    room.forum.refresh_from_db()
    assert (room.forum.dots_per_participant, room.forum.allow_stacking, room.forum.top_k) == (5, False, 3)
    opening = room.forum.segments.order_by("order").first()
    prefix = f"seg{opening.pk}"
    staff.post(
        url("settings", room),
        {"segment": opening.pk, f"{prefix}-planned_start": "08:30", f"{prefix}-planned_minutes": "40"},
    )
    opening.refresh_from_db()
    assert (opening.planned_start.strftime("%H:%M"), opening.planned_minutes) == ("08:30", 40)


# --- ground rules -----------------------------------------------------------------------------------------


def test_ground_rules_show_the_standard_sentences_in_the_readers_language(staff, room):
    page = staff.get(url("rules", room)).content.decode()
    assert "Listen to understand, and let one person speak at a time." in page
    assert "Keep phones on silent, except to take part here." in page


def test_a_ground_rule_is_added_reworded_and_removed(staff, room):
    response = staff.post(url("rules", room), {"text": "  Start and end on time. ", "language": "en"})
    assert response.status_code == 302
    added = GroundRule.objects.get(forum=room.forum, text="Start and end on time.")
    listen = GroundRule.objects.get(forum=room.forum, key="listen")
    staff.post(url("rule_edit", room, rule_id=listen.pk), {"text": "한 번에 한 사람씩 말합니다.", "language": "ko"})
    listen.refresh_from_db()
    assert (listen.key, listen.text, listen.language) == ("", "한 번에 한 사람씩 말합니다.", "ko")
    staff.post(url("rule_edit", room, rule_id=added.pk), {"action": "remove"})
    added.refresh_from_db()
    assert added.removed
    assert 'lang="ko"' in staff.get(url("rules", room)).content.decode()


def test_an_empty_ground_rule_is_refused_on_its_field(staff, room):
    response = staff.post(url("rules", room), {"text": "", "language": "en"})
    assert response.status_code == 400
    assert 'id="id_text-error"' in response.content.decode()


# --- check-in ---------------------------------------------------------------------------------------------


def test_checking_in_an_invitee_twice_creates_one_participant_and_shows_their_phone_link(staff, room):
    invitation = Invitation.objects.create(
        program=room.forum.program, name="Ana Reyes", sector=room.sectors[0], rsvp=Rsvp.YES, language="ko"
    )
    first = staff.post(url("checkin_invitee", room, invitation_id=invitation.pk), follow=True)
    staff.post(url("checkin_invitee", room, invitation_id=invitation.pk))
    participant = Participant.objects.get(forum=room.forum, invitation=invitation)
    assert Participant.objects.filter(forum=room.forum).count() == 1
    assert participant.language == "ko"
    page = first.content.decode()
    assert f"/ko/f/{room.forum.join_code}/?t={participant.token}" in page
    assert 'role="img"' in page and "<svg" in page  # the link as a QR code too
    assert "Checked in</span>" in page


def test_invitees_who_said_yes_come_before_those_who_did_not_answer(staff, room):
    Invitation.objects.create(program=room.forum.program, name="Aaron Pending", sector=room.police)
    Invitation.objects.create(program=room.forum.program, name="Zoe Yes", sector=room.police, rsvp=Rsvp.YES)
    page = staff.get(url("checkin", room)).content.decode()
    assert page.index("Zoe Yes") < page.index("Aaron Pending")


def test_a_planning_member_may_check_people_in(login, room, role_users):
    invitation = Invitation.objects.create(program=room.forum.program, name="Ben", sector=room.police)
    client = login(role_users["planning_member"])
    assert client.post(url("checkin_invitee", room, invitation_id=invitation.pk)).status_code == 302
    assert Participant.objects.filter(invitation=invitation).exists()


def test_the_qr_code_is_an_svg_of_the_short_link(staff, room):
    response = staff.get(url("qr", room))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


# --- breakouts --------------------------------------------------------------------------------------------


def test_same_sector_tables_are_built_and_listed_with_their_sectors(staff, room):
    room.fill({s.pk: 6 for s in room.all_sectors})
    response = staff.post(url("breakouts", room, round=1), follow=True)
    page = response.content.decode()
    assert "4 tables set up." in page
    assert "Table 4" in page and "Faith: 6" in page and "Law enforcement: 6" in page


def test_mixed_tables_say_in_a_sentence_which_sector_is_too_small(staff, room):
    room.fill({room.police.pk: 2, room.sectors[0].pk: 5, room.sectors[1].pk: 5, room.sectors[2].pk: 5})
    response = staff.post(url("breakouts", room, round=2), {"groups": "3", "seed": "1"}, follow=True)
    page = response.content.decode()
    assert "Law enforcement has 2 people checked in, but there are 3 groups, so it cannot be at every table." in page


def test_too_many_mixed_tables_are_refused_on_the_field(staff, room):
    room.fill({room.police.pk: 2})
    response = staff.post(url("breakouts", room, round=2), {"groups": "5", "seed": "1"})
    assert response.status_code == 400
    assert "Choose between 1 and 2 groups." in response.content.decode()


def test_there_is_no_third_breakout(staff, room):
    assert staff.get(url("breakouts", room, round=3)).status_code == 404


def test_moving_a_person_rechecks_the_mixed_tables(staff, room):
    room.fill({s.pk: 2 for s in room.all_sectors})
    result = services.breakouts_build_second(forum=room.forum, actor=room.forum.program.conciliator, groups=2, seed=3)
    first, second = result.tables
    mover = first.members.filter(sector=room.police).first()
    response = staff.post(
        url("breakout_move", room, round=2), {"participant": mover.pk, "breakout": second.pk}, follow=True
    )
    page = response.content.decode()
    assert f"#{mover.pk}" in page and "moved to table 2" in page
    assert "Table 1 has no one from Law enforcement." in page


# --- merging duplicates -----------------------------------------------------------------------------------


def test_confirming_a_merge_merges_and_keeping_apart_is_remembered(staff, room):
    table_a, table_b, table_c = _round_one(room, per_sector=5)[:3]
    first = _issue(table_a, "Officers do not explain why they stop people")
    second = _issue(table_b, "Officers don't explain why they stop people")
    third = _issue(table_c, "No youth programs in the evening")
    fourth = _issue(table_a, "No youth programmes in the evenings")
    response = staff.post(
        url("merge", room), {"statements": f"{first.pk},{second.pk}", "decision": "merge", "text": ""}, follow=True
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    staff.post(url("merge", room), {"statements": f"{third.pk},{fourth.pk}", "decision": "keep"})
    assert MergeDecision.objects.filter(forum=room.forum, accepted=False, statement_ids=[third.pk, fourth.pk]).exists()
    assert Statement.objects.get(pk=fourth.pk).merged_into is None


def test_a_stale_merge_is_refused_with_a_message(staff, room):
    table_a, table_b = _round_one(room, per_sector=5)[:2]
    first, second = _issue(table_a, "Slow response"), _issue(table_b, "Slow responses")
    services.statement_remove(statement=second, actor=room.forum.program.conciliator)
    response = staff.post(url("merge", room), {"statements": f"{first.pk},{second.pk}", "decision": "merge"})
    assert response.status_code == 400
    assert "These issues have changed since the page was loaded." in response.content.decode()


# --- dot voting -------------------------------------------------------------------------------------------


def test_opening_then_closing_dot_voting_chooses_the_priorities(staff, room):
    table = _round_one(room)[0]
    a, b = _issue(table, "Trust after the shooting"), _issue(table, "Language access at the station")
    assert staff.post(url("voting", room), {"action": "open"}).status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.voting_open
    services.dots_cast(
        forum=room.forum, participant=room.people[0], dots={b.pk: 2, a.pk: 1}, revision=1, client_token=uuid.uuid4()
    )
    live = staff.get(url("voting", room)).content.decode()
    assert 'hx-trigger="every 2s"' in live and "Voted so far: 1 of 12 checked in." in live
    asked = staff.post(url("voting", room), {"action": "close"})
    assert asked.status_code == 200 and "Close dot voting now?" in asked.content.decode()
    room.forum.refresh_from_db()
    assert room.forum.voting_open  # the first press only asks
    response = staff.post(url("voting", room), {"action": "close", "confirm": "yes"}, follow=True)
    b.refresh_from_db()
    a.refresh_from_db()
    assert (b.priority_rank, b.final_dots, a.priority_rank) == (1, 2, 2)
    page = response.content.decode()
    assert "Dot voting is closed. The priority issues are chosen." in page
    assert "Priority issues" in page


def test_opening_voting_without_issues_says_why(staff, room):
    response = staff.post(url("voting", room), {"action": "open"})
    assert response.status_code == 400
    assert "There are no issues to vote on yet." in response.content.decode()


# --- responses, projector ---------------------------------------------------------------------------------


def test_council_sign_up_opens_from_the_responses_page(staff, room):
    assert staff.post(url("responses", room), {"action": "council_open"}).status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.council_signup_open
    response = staff.post(url("responses", room), {"action": "responses_open"})
    assert response.status_code == 400
    assert "There are no solutions to respond to yet." in response.content.decode()


def test_the_projector_carries_its_words_and_the_live_client(staff, room):
    page = staff.get(url("projector", room, language="ko")).content.decode()
    assert '<html lang="ko">' in page and "<h1" in page and "<main" in page
    assert 'id="projector-strings"' in page and "forum/live.js" in page and "forum/projector.js" in page
    assert f"/api/programs/{room.forum.program_id}/forum/state" in page


# --- query counts -----------------------------------------------------------------------------------------


# The control and check-in pages include the ballots-against-people panel: two aggregate queries.
PAGES = [("control", {}, 10), ("breakouts", {"round": 1}, 14), ("breakouts", {"round": 2}, 20), ("checkin", {}, 12)]
# The merge page's first visit also stores the vectors of issues the background worker has not embedded (3 queries).
PAGES += [("rules", {}, 6), ("merge", {}, 11), ("voting", {}, 9), ("responses", {}, 8), ("projector", {}, 5)]
PAGES += [("tickets", {}, 9), ("ballots", {}, 8), ("checkin_summary", {}, 6)]


@pytest.mark.parametrize("per_sector", [2, 8])
def test_forum_pages_need_a_fixed_number_of_queries_however_many_people_check_in(
    staff, room, per_sector, django_assert_max_num_queries
):
    room.fill({s.pk: per_sector for s in room.all_sectors})
    for n in range(per_sector):
        Invitation.objects.create(program=room.forum.program, name=f"Guest {n}", sector=room.sectors[0])
    actor = room.forum.program.conciliator
    tables = services.breakouts_build_first(forum=room.forum, actor=actor).tables
    for table in tables:
        _issue(table, f"Issue at table {table.number}")
    services.breakouts_build_second(forum=room.forum, actor=actor, groups=2, seed=1)
    for name, kwargs, limit in PAGES:
        # + 1: django-otp reads the session's verified device on every signed-in request.
        with django_assert_max_num_queries(limit + 1):
            assert staff.get(url(name, room, **kwargs)).status_code == 200


def test_ending_the_day_ends_the_last_segment_once_it_has_started(room, login):
    from spcp.forum.models import Segment

    client = login(room.forum.program.conciliator)
    url = f"/en/programs/{room.forum.program_id}/forum/day/end/"
    assert "The day ends after its last segment has started." in client.post(url).content.decode()
    last = room.forum.segments.order_by("-order").first()
    services.segment_start(forum=room.forum, segment=last, actor=room.forum.program.conciliator)
    assert client.post(url).status_code == 302
    assert Segment.objects.get(pk=last.pk).ended_at is not None
    assert "The day has ended." in client.get(f"/en/programs/{room.forum.program_id}/forum/").content.decode()
