"""Who may hold a ballot, and when phones may write: tickets, the open room, voiding, and the day's windows.

The attack from issue 13: the room code is on the projector, and one client joined 60 times and stuffed an
issue with dots. Every test here goes through the phone API or the staff pages, as a phone or a browser would.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from spcp.forum import api, selectors, services
from spcp.forum.models import GroundRule, Participant, SegmentKind, Ticket
from spcp.programs.models import AuditEntry, Phase

pytestmark = pytest.mark.django_db


def _json(client, method, url, body=None, token=None):
    headers = {"HTTP_X_PARTICIPANT_TOKEN": token} if token else {}
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


def _join(client, room, **body):
    body = {"join_token": str(uuid.uuid4()), "language": "en", **body}
    return _json(client, "post", f"/api/forum/{room.forum.join_code}/join", body)


def _ticket(room, sector=None):
    (ticket,) = services.tickets_issue(forum=room.forum, sector=sector or room.police, count=1, actor=None)
    return ticket


def _voting(room):
    actor = room.forum.program.conciliator
    room.fill({s.pk: 2 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issues = [services.statement_add(breakout=table, kind="issue", text=t, language="en") for t in ("one", "two")]
    services.segment_start(forum=room.forum, segment=_segment(room, SegmentKind.DOT_VOTING), actor=actor)
    services.voting_open(forum=room.forum, actor=actor)
    return issues


def _segment(room, kind):
    return room.forum.segments.get(kind=kind)


def _start(room, kind):
    services.segment_start(forum=room.forum, segment=_segment(room, kind), actor=room.forum.program.conciliator)
    room.forum.refresh_from_db()


def _in(language, message):
    with translation.override(language):
        return gettext(message)


# --- the attack: the room code alone --------------------------------------------------------------------------


def test_sixty_joins_with_only_the_room_code_mint_no_ballot_and_move_no_dot(client, room):
    issue, _other = _voting(room)
    before_people = selectors.participant_count(forum=room.forum)
    before_dots = selectors.dot_tally(forum=room.forum).get(issue.pk, 0)
    code = room.forum.join_code
    for _ in range(60):
        refused = _join(client, room, sector_id=room.police.pk)
        assert refused.status_code == 422
        assert refused.json()["errors"]["ticket"] == ["Enter the ticket code you were given at check-in."]
        body = {"client_token": str(uuid.uuid4()), "revision": 1, "dots": {str(issue.pk): 3}}
        assert _json(client, "put", f"/api/forum/{code}/dots", body).status_code == 401
    assert selectors.participant_count(forum=room.forum) == before_people
    assert selectors.dot_tally(forum=room.forum).get(issue.pk, 0) == before_dots


def test_in_an_open_room_sixty_joins_from_one_phone_are_one_ballot(client, room):
    issue, _other = _voting(room)
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    before_people = selectors.participant_count(forum=room.forum)
    before_dots = selectors.dot_tally(forum=room.forum).get(issue.pk, 0)
    code = room.forum.join_code
    tokens = set()
    for n in range(60):
        joined = _join(client, room, sector_id=room.police.pk)  # a fresh join token each time, the same device
        assert joined.status_code == (201 if n == 0 else 200)
        tokens.add(joined.json()["token"])
        body = {"client_token": str(uuid.uuid4()), "revision": n + 1, "dots": {str(issue.pk): 3}}
        assert _json(client, "put", f"/api/forum/{code}/dots", body, token=joined.json()["token"]).status_code == 200
    assert len(tokens) == 1
    assert selectors.participant_count(forum=room.forum) == before_people + 1
    assert selectors.dot_tally(forum=room.forum)[issue.pk] == before_dots + 3


def test_an_open_room_limits_joins_per_address_and_says_so(room, monkeypatch):
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    monkeypatch.setattr(api, "OPEN_JOINS_PER_ADDRESS", 2)
    phones = [Client() for _ in range(3)]  # three devices (no shared cookie) behind one venue address
    statuses = [_join(phone, room, sector_id=room.police.pk) for phone in phones]
    assert [r.status_code for r in statuses] == [201, 201, 429]
    assert statuses[2].json()["detail"] == "Too many phones joined from this network. Please ask at the check-in desk."
    assert Participant.objects.filter(forum=room.forum).count() == 2


def test_a_forged_device_cookie_is_a_new_device_not_someone_elses_ballot(room):
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    first = Client()
    mine = _join(first, room, sector_id=room.police.pk).json()["token"]
    forger = Client()
    forger.cookies[api.DEVICE_COOKIE] = first.cookies[api.DEVICE_COOKIE].value + "x"
    theirs = _join(forger, room, sector_id=room.police.pk)
    assert theirs.status_code == 201 and theirs.json()["token"] != mine


# --- tickets ----------------------------------------------------------------------------------------------------


def test_a_ticket_cannot_be_used_on_a_second_phone(room):
    ticket = _ticket(room)
    first = _join(Client(), room, ticket=ticket.display_code)
    second = _join(Client(), room, ticket=ticket.code.lower(), language="ko")
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["errors"]["ticket"] == [
        _in("ko", "This ticket has already been used on another phone. Please ask at the check-in desk.")
    ]
    assert second.json()["errors"]["ticket"][0] != (
        "This ticket has already been used on another phone. Please ask at the check-in desk."
    )
    assert Participant.objects.filter(forum=room.forum).count() == 1


def test_a_phone_that_lost_signal_rejoins_with_its_ticket_and_gets_the_same_token(room):
    ticket = _ticket(room)
    phone = Client()
    join_token = str(uuid.uuid4())
    first = _join(phone, room, ticket=ticket.code, join_token=join_token)
    retry = _join(phone, room, ticket=ticket.code, join_token=join_token)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert first.json()["token"] == retry.json()["token"]
    assert Ticket.objects.get(pk=ticket.pk).participant_id == first.json()["me"]["id"]


def test_the_ticket_not_the_phone_says_whether_its_holder_is_law_enforcement(room):
    community = room.sectors[0]
    ticket = _ticket(room, sector=community)
    joined = _join(Client(), room, ticket=ticket.code, sector_id=room.police.pk)
    assert joined.status_code == 201
    assert joined.json()["me"]["sector_id"] == community.pk


def test_an_unknown_ticket_is_refused_on_its_field_in_the_phones_language(room, other_program):
    other = services.forum_setup(program=other_program)
    from spcp.planning.models import Sector

    (foreign,) = services.tickets_issue(
        forum=other, sector=Sector.objects.filter(program=other_program).first(), count=1, actor=None
    )
    refused = _join(Client(), room, ticket=foreign.code, language="ko")
    assert refused.status_code == 422
    expected = _in("ko", "That ticket code is not valid for this forum. Check it and try again.")
    assert refused.json()["errors"]["ticket"] == [expected]


def test_staff_issue_a_badge_sheet_and_tickets_for_invitations(client, room, login):
    from spcp.planning.models import Invitation

    Invitation.objects.create(program=room.forum.program, name="Ana Ruiz", sector=room.sectors[0], language="es")
    login(room.forum.program.conciliator)
    url = f"/en/programs/{room.forum.program_id}/forum/checkin/tickets/"
    sheet = client.post(url, {"sector": room.police.pk, "count": 3}, follow=True)
    assert sheet.status_code == 200
    issued = list(Ticket.objects.filter(forum=room.forum, sector=room.police))
    assert len(issued) == 3
    page = sheet.content.decode()
    assert all(t.display_code in page for t in issued)
    assert page.count('aria-label="QR code of check-in ticket') == 3  # a QR code on each badge
    assert AuditEntry.objects.filter(action="forum.tickets_issued").count() == 1
    client.post(url, {"action": "invitations"})
    client.post(url, {"action": "invitations"})  # again: no second ticket for the same invitation
    (invited,) = Ticket.objects.filter(forum=room.forum, invitation__isnull=False)
    assert invited.sector == room.sectors[0] and invited.language == "es"


def test_an_invitee_holds_one_ballot_whether_checked_in_by_staff_or_with_their_ticket(room):
    from spcp.planning.models import Invitation

    actor = room.forum.program.conciliator
    walk_in, ticketed = (
        Invitation.objects.create(program=room.forum.program, name=name, sector=room.sectors[0])
        for name in ("Ana Ruiz", "Bo Lee")
    )
    first, second = services.tickets_issue_for_invitations(
        forum=room.forum, invitations=[walk_in, ticketed], actor=actor
    )
    # Checked in by staff at the desk: the ticket sent with the invitation can no longer mint a ballot.
    staff_made = services.participant_checkin_invitee(forum=room.forum, invitation=walk_in, language="en", actor=actor)
    refused = _join(Client(), room, ticket=first.code)
    assert refused.status_code == 409 and "ticket" in refused.json()["errors"]
    # Joined with the ticket first: checking the invitee in again returns that same ballot.
    joined = _join(Client(), room, ticket=second.code).json()
    again = services.participant_checkin_invitee(forum=room.forum, invitation=ticketed, language="en", actor=actor)
    assert again.pk == joined["me"]["id"] != staff_made.pk
    assert Participant.objects.filter(forum=room.forum).count() == 2


def test_too_many_tickets_at_once_is_explained_on_the_field(client, room, login):
    login(room.forum.program.conciliator)
    url = f"/en/programs/{room.forum.program_id}/forum/checkin/tickets/"
    response = client.post(url, {"sector": room.police.pk, "count": 501})
    assert response.status_code == 400
    assert "Issue between 1 and 500 tickets at a time." in response.content.decode()
    assert not Ticket.objects.exists()


# --- the open room, the alarm and voiding -------------------------------------------------------------------------


def test_the_open_room_is_a_staff_choice_and_is_audited(client, room, role_users, login):
    url = f"/en/programs/{room.forum.program_id}/forum/checkin/ballots/"
    login(role_users["planning_member"])
    assert client.post(url, {"open_room": "on", "door_count": 0}).status_code == 404
    login(role_users["conciliator"])
    assert client.post(url, {"open_room": "on", "door_count": 40}).status_code == 302
    room.forum.refresh_from_db()
    assert room.forum.open_room and room.forum.door_count == 40
    entry = AuditEntry.objects.get(action="forum.join_mode_changed")
    assert entry.changes == {"open_room": [False, True], "door_count": [0, 40]}


def test_the_run_page_raises_the_alarm_when_ballots_outnumber_people_checked_in(client, room, login):
    services.forum_join_mode_set(forum=room.forum, open_room=True, door_count=2, actor=room.forum.program.conciliator)
    for _ in range(3):
        assert _join(Client(), room, sector_id=room.police.pk).status_code == 201
    login(room.forum.program.conciliator)
    page = client.get(f"/en/programs/{room.forum.program_id}/forum/").content.decode()
    assert "More ballots than people: 3 ballots, but only 2 people checked in." in page
    services.forum_join_mode_set(forum=room.forum, open_room=True, door_count=3, actor=room.forum.program.conciliator)
    summary = f"/en/programs/{room.forum.program_id}/forum/checkin/summary/"
    panel = client.get(summary, HTTP_HX_REQUEST="true").content.decode()
    assert "More ballots than people" not in panel and 'hx-trigger="every' in panel
    assert not panel.lstrip().startswith("<!DOCTYPE")  # htmx gets the panel alone


def test_voiding_a_ballot_drops_it_from_the_tally_and_stops_its_phone(client, room, login):
    issue, _other = _voting(room)
    code = room.forum.join_code
    ticket = _ticket(room)
    joined = _join(Client(), room, ticket=ticket.code, language="ko").json()
    body = {"client_token": str(uuid.uuid4()), "revision": 1, "dots": {str(issue.pk): 3}}
    assert _json(Client(), "put", f"/api/forum/{code}/dots", body, token=joined["token"]).status_code == 200
    before = selectors.dot_tally(forum=room.forum)[issue.pk]
    people = selectors.participant_count(forum=room.forum)
    login(room.forum.program.conciliator)
    url = f"/en/programs/{room.forum.program_id}/forum/checkin/ballots/{joined['me']['id']}/void/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "A second phone for one person"}).status_code == 302
    assert selectors.dot_tally(forum=room.forum).get(issue.pk, 0) == before - 3
    assert selectors.participant_count(forum=room.forum) == people - 1
    assert selectors.live_tally(forum_id=room.forum.pk)["participants"] == people - 1
    again = {"client_token": str(uuid.uuid4()), "revision": 2, "dots": {str(issue.pk): 1}}
    refused = _json(Client(), "put", f"/api/forum/{code}/dots", again, token=joined["token"])
    assert refused.status_code == 409
    assert refused.json()["detail"] == _in(
        "ko", "The organizers voided this phone's ballot. Please ask at the check-in desk."
    )
    rejoin = _join(Client(), room, ticket=ticket.code)
    assert rejoin.status_code == 409  # the ticket stays spent
    entry = AuditEntry.objects.get(action="forum.ballot_voided")
    assert entry.changes == {"reason": [None, "A second phone for one person"]}


# --- phone writes only while they make sense ------------------------------------------------------------------


def _phone(room, language="en"):
    joined = _join(Client(), room, ticket=_ticket(room).code, language=language).json()
    return joined["token"]


def _rule(room, token, text="Be brief", client_token=None):
    body = {"client_token": str(client_token or uuid.uuid4()), "text": text, "language": "en"}
    return _json(Client(), "post", f"/api/forum/{room.forum.join_code}/rules", body, token=token)


def test_a_year_after_the_forum_a_phone_can_neither_add_a_rule_nor_change_its_profile(room):
    token = _phone(room, language="ko")
    _start(room, SegmentKind.GROUND_RULES)
    program = room.forum.program
    program.phase = Phase.COUNCIL
    program.save(update_fields=["phase"])
    expected = _in("ko", "The forum is over, so phones can no longer change anything.")
    refused = _rule(room, token)
    assert refused.status_code == 409 and refused.json()["detail"] == expected
    me = _json(Client(), "patch", f"/api/forum/{room.forum.join_code}/me", {"language": "en"}, token=token)
    assert me.status_code == 409 and me.json()["detail"] == expected
    assert not GroundRule.objects.filter(forum=room.forum, proposed_by__isnull=False).exists()


def test_once_the_day_has_ended_phones_no_longer_write(room):
    token = _phone(room)
    actor = room.forum.program.conciliator
    for segment in room.forum.segments.order_by("order"):
        services.segment_start(forum=room.forum, segment=segment, actor=actor)
    services.day_end(forum=room.forum, actor=actor)
    me = _json(Client(), "patch", f"/api/forum/{room.forum.join_code}/me", {"language": "es"}, token=token)
    assert me.status_code == 409
    assert me.json()["detail"] == "The forum is over, so phones can no longer change anything."


def test_ground_rules_are_proposed_only_while_the_room_sets_them(room):
    token = _phone(room, language="es")
    _start(room, SegmentKind.GROUND_RULES)
    assert _rule(room, token, "Uno").status_code == 200
    _start(room, SegmentKind.BREAKOUT_1)
    refused = _rule(room, token, "Dos")
    assert refused.status_code == 409
    assert refused.json()["detail"] == _in(
        "es", "The room has set its ground rules. Suggest a change to your facilitator."
    )


def test_one_phone_may_propose_only_a_few_ground_rules_and_a_retry_still_answers(room):
    token = _phone(room)
    _start(room, SegmentKind.GROUND_RULES)
    sent = [uuid.uuid4() for _ in range(services.agenda.RULES_PER_PHONE)]
    assert all(_rule(room, token, f"Rule {n}", client_token=t).status_code == 200 for n, t in enumerate(sent))
    refused = _rule(room, token, "One more")
    assert refused.status_code == 422
    assert refused.json()["errors"]["text"] == [
        "This phone has proposed 3 ground rules, the most one phone may propose. Suggest more aloud."
    ]
    assert _rule(room, token, "Rule 0", client_token=sent[0]).status_code == 200  # a retry is not a new rule
    assert GroundRule.objects.filter(forum=room.forum, proposed_by__isnull=False).count() == 3


def test_staff_hide_a_phones_rule_and_it_leaves_the_projector(client, room, login):
    token = _phone(room)
    _start(room, SegmentKind.GROUND_RULES)
    rule_id = _rule(room, token, "Shout at the police").json()["id"]
    login(room.forum.program.conciliator)
    state_url = f"/api/programs/{room.forum.program_id}/forum/state"
    before = client.get(state_url).json()["snapshot"]
    assert str(rule_id) in before["rules"]
    rules_page = client.get(f"/en/programs/{room.forum.program_id}/forum/rules/").content.decode()
    assert "Hide from the room" in rules_page
    hidden = client.post(f"/en/programs/{room.forum.program_id}/forum/rules/{rule_id}/", {"action": "remove"})
    assert hidden.status_code == 302
    after = client.get(f"{state_url}?since={before['seq']}").json()
    assert {"seq": before["seq"] + 1, "op": "del", "coll": "rules", "id": rule_id} in after["events"]
    assert str(rule_id) not in client.get(state_url).json()["snapshot"]["rules"]
