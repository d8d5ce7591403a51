from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from spcp.forum import events, selectors, services
from spcp.forum.models import (
    BreakoutMember,
    Dot,
    GroundRule,
    Participant,
    SegmentKind,
    Statement,
)
from spcp.programs.models import AuditEntry, Phase

pytestmark = pytest.mark.django_db


def _issues(room, table, texts, kind="issue"):
    return [
        services.statement_add(breakout=table, kind=kind, text=t, language="en", client_token=uuid.uuid4())
        for t in texts
    ]


def _round_one(room, per_sector=5):
    room.fill({s.pk: per_sector for s in room.all_sectors})
    return services.breakouts_build_first(forum=room.forum, actor=room.forum.program.conciliator).tables


def test_setup_builds_the_agenda_from_the_program_type_template(room):
    segments = list(room.forum.segments.order_by("order"))
    assert [s.kind for s in segments] == [
        "opening",
        "ground_rules",
        "breakout_1",
        "report_out_1",
        "dot_voting",
        "breakout_2",
        "report_out_2",
        "council",
    ]
    assert segments[0].planned_start.strftime("%H:%M") == "09:00"
    assert segments[1].planned_start.strftime("%H:%M") == "09:30"  # opening is 30 minutes
    assert services.forum_setup(program=room.forum.program) == room.forum
    assert GroundRule.objects.filter(forum=room.forum).exclude(key="").count() == 5


def test_join_retry_with_the_same_token_returns_the_same_participant(room):
    token = uuid.uuid4()
    (ticket,) = services.tickets_issue(forum=room.forum, sector=room.police, count=1, actor=None)
    first = services.participant_join(forum=room.forum, join_token=token, ticket=ticket, language="ko")
    ticket.refresh_from_db()
    again = services.participant_join(forum=room.forum, join_token=token, ticket=ticket, language="ko")
    assert first.created and not again.created
    assert first.participant.pk == again.participant.pk
    assert Participant.objects.filter(forum=room.forum).count() == 1


def test_join_refuses_a_sector_of_another_program_and_an_unknown_language(room, other_program):
    from spcp.planning.models import Sector

    foreign = Sector.objects.filter(program=other_program).first()
    room.forum.open_room = True  # a self-chosen sector exists only in an open room
    with pytest.raises(ValidationError) as exc:
        services.participant_join(
            forum=room.forum, join_token=uuid.uuid4(), sector=foreign, language="fr", device="d" * 40
        )
    assert set(exc.value.message_dict) == {"sector_id", "language"}


def test_join_is_refused_outside_the_forum_phase(room):
    program = room.forum.program
    program.phase = Phase.TRAINING
    program.save(update_fields=["phase"])
    (ticket,) = services.tickets_issue(forum=room.forum, sector=room.police, count=1, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.participant_join(forum=room.forum, join_token=uuid.uuid4(), ticket=ticket, language="en")
    assert exc.value.messages == ["This forum is not open for check-in."]


def test_starting_a_segment_ends_the_previous_one_and_is_audited(room):
    actor = room.forum.program.conciliator
    opening, rules = list(room.forum.segments.order_by("order"))[:2]
    services.segment_start(forum=room.forum, segment=opening, actor=actor)
    services.segment_start(forum=room.forum, segment=rules, actor=actor)
    opening.refresh_from_db()
    room.forum.refresh_from_db()
    assert opening.ended_at is not None and room.forum.current_segment == rules
    assert services.segment_next(room.forum).kind == SegmentKind.BREAKOUT_1
    assert AuditEntry.objects.filter(action="forum.segment_started").count() == 2


def test_first_breakout_keeps_sectors_apart(room):
    tables = _round_one(room, per_sector=6)
    for table in tables:
        sectors = set(BreakoutMember.objects.filter(breakout=table).values_list("participant__sector", flat=True))
        assert len(sectors) == 1


def test_second_breakout_puts_every_sector_at_every_table(room):
    room.fill({s.pk: 4 for s in room.all_sectors})
    actor = room.forum.program.conciliator
    result = services.breakouts_build_second(forum=room.forum, actor=actor, groups=4, seed=7)
    assert not [p for p in result.problems if p.code in ("sector_too_small", "group_missing_sector")]
    for table in result.tables:
        present = set(table.members.values_list("sector_id", flat=True))
        assert present == {s.pk for s in room.all_sectors}
    first = [sorted(t.members.values_list("pk", flat=True)) for t in result.tables]
    again = services.breakouts_build_second(forum=room.forum, actor=actor, groups=4, seed=7)
    assert [sorted(t.members.values_list("pk", flat=True)) for t in again.tables] == first


def test_second_breakout_says_which_sector_is_too_small(room):
    room.fill({room.police.pk: 2, room.sectors[0].pk: 5, room.sectors[1].pk: 5, room.sectors[2].pk: 5})
    result = services.breakouts_build_second(forum=room.forum, actor=room.forum.program.conciliator, groups=3, seed=1)
    short = [p for p in result.problems if p.code == "sector_too_small"]
    assert [(p.sector, p.have, p.need) for p in short] == [(room.police.pk, 2, 3)]


def test_a_latecomer_is_seated_at_the_smallest_table_of_their_sector(room):
    tables = _round_one(room, per_sector=3)
    late = room.join(room.sectors[1])
    table = BreakoutMember.objects.get(participant=late, round=1).breakout
    assert room.sectors[1] in table.sectors.all()
    assert table in tables


def test_statement_retry_adds_nothing_and_merge_keeps_sources(room):
    table_a, table_b = _round_one(room)[:2]
    token = uuid.uuid4()
    first = services.statement_add(
        breakout=table_a, kind="issue", text="Stops are not explained", language="en", client_token=token
    )
    again = services.statement_add(
        breakout=table_a, kind="issue", text="Stops are not explained", language="en", client_token=token
    )
    assert first.pk == again.pk
    other = services.statement_add(
        breakout=table_b, kind="issue", text="경찰이 검문 이유를 설명하지 않는다", language="ko"
    )
    merged = services.merge_confirm(statements=[other, first], actor=room.forum.program.conciliator)
    assert merged.pk == first.pk
    assert [s.pk for s in selectors.statement_sources(merged)] == [other.pk]
    assert [s.pk for s in selectors.issue_list(forum=room.forum)] == [first.pk]


def test_split_replaces_a_statement_with_its_parts(room):
    table = _round_one(room)[0]
    (both,) = _issues(room, table, ["Slow 911 response and no follow-up"])
    parts = services.statement_split(
        statement=both, texts=["Slow 911 response", "No follow-up after a report"], actor=room.forum.program.conciliator
    )
    assert [p.text for p in parts] == ["Slow 911 response", "No follow-up after a report"]
    both.refresh_from_db()
    assert both.removed


def _open_vote(room, texts=("A", "B", "C", "D"), per_sector=5):
    table = _round_one(room, per_sector)[0]
    issues = _issues(room, table, texts)
    services.voting_open(forum=room.forum, actor=room.forum.program.conciliator)
    room.forum.refresh_from_db()
    return issues


def test_dots_replace_the_allocation_and_an_old_revision_changes_nothing(room):
    a, b, c, _d = _open_vote(room)
    voter = room.people[0]
    services.dots_cast(
        forum=room.forum, participant=voter, dots={a.pk: 2, b.pk: 1}, revision=10, client_token=uuid.uuid4()
    )
    late_retry = services.dots_cast(
        forum=room.forum, participant=voter, dots={c.pk: 3}, revision=5, client_token=uuid.uuid4()
    )
    assert not late_retry.applied and late_retry.dots == {a.pk: 2, b.pk: 1}
    moved = services.dots_cast(
        forum=room.forum, participant=voter, dots={c.pk: 3}, revision=11, client_token=uuid.uuid4()
    )
    assert moved.applied
    assert selectors.dot_tally(forum=room.forum) == {c.pk: 3}


def test_more_dots_than_allowed_are_refused_and_the_ballot_is_kept(room):
    a, b, *_ = _open_vote(room)
    voter = room.people[0]
    services.dots_cast(forum=room.forum, participant=voter, dots={a.pk: 1}, revision=1, client_token=uuid.uuid4())
    with pytest.raises(ValidationError) as exc:
        services.dots_cast(
            forum=room.forum, participant=voter, dots={a.pk: 3, b.pk: 1}, revision=2, client_token=uuid.uuid4()
        )
    assert "3 dots" in exc.value.message_dict["dots"][0]
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 1}


def test_stacking_can_be_forbidden(room):
    actor = room.forum.program.conciliator
    services.forum_settings_update(forum=room.forum, actor=actor, dots=3, allow_stacking=False, top_k=2)
    a, *_ = _open_vote(room)
    with pytest.raises(ValidationError) as exc:
        services.dots_cast(
            forum=room.forum, participant=room.people[0], dots={a.pk: 2}, revision=1, client_token=uuid.uuid4()
        )
    assert exc.value.message_dict == {"dots": ["In this forum each issue can get only one of your dots."]}


def test_closing_ranks_the_top_issues_and_later_dots_are_refused(room):
    actor = room.forum.program.conciliator
    services.forum_settings_update(forum=room.forum, actor=actor, dots=3, allow_stacking=True, top_k=2)
    a, b, c, d = _open_vote(room)
    votes = [{b.pk: 3}, {c.pk: 2, a.pk: 1}, {c.pk: 1, d.pk: 1}, {a.pk: 1}]
    for person, dots in zip(room.people, votes, strict=False):
        services.dots_cast(forum=room.forum, participant=person, dots=dots, revision=1, client_token=uuid.uuid4())
    priorities = services.voting_close(forum=room.forum, actor=actor)
    # b and c have 3 dots each (b was recorded first); a has 2.
    assert [(s.pk, s.priority_rank, s.final_dots) for s in priorities] == [(b.pk, 1, 3), (c.pk, 2, 3)]
    room.forum.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.dots_cast(
            forum=room.forum, participant=room.people[5], dots={a.pk: 1}, revision=1, client_token=uuid.uuid4()
        )
    assert exc.value.message_dict == {"dots": ["Dot voting is not open."]}
    assert Dot.objects.filter(forum=room.forum).count() == 6


def _solutions(room, per_sector=5):
    actor = room.forum.program.conciliator
    a, b, *_ = _open_vote(room, per_sector=per_sector)
    services.dots_cast(
        forum=room.forum, participant=room.people[0], dots={a.pk: 3}, revision=1, client_token=uuid.uuid4()
    )
    services.voting_close(forum=room.forum, actor=actor)
    tables = services.breakouts_build_second(forum=room.forum, actor=actor, groups=2, seed=3).tables
    solution = services.solution_add(
        breakout=tables[0], issue=tables[0].issues.first(), text="Monthly listening sessions", language="en"
    )
    services.responses_set_open(forum=room.forum, is_open=True, actor=actor)
    return solution


def test_a_newer_response_replaces_an_older_one_and_a_stale_one_does_not(room):
    solution = _solutions(room)
    person = room.people[0]
    services.response_record(participant=person, solution=solution, value=1, revision=5)
    stale = services.response_record(participant=person, solution=solution, value=-1, revision=4)
    assert not stale.applied and stale.value == 1
    services.response_record(participant=person, solution=solution, value=0, revision=6)
    (result,) = selectors.solution_results(forum=room.forum)
    assert (result.agree, result.disagree, result.passed) == (0, 0, 1)


def test_bridging_is_high_only_when_both_constituencies_agree(room):
    solution = _solutions(room)
    police = [p for p in room.people if p.sector_id == room.police.pk]
    community = [p for p in room.people if p.sector_id != room.police.pk]
    for p in community:
        services.response_record(participant=p, solution=solution, value=1, revision=1)
    for p in police:
        services.response_record(participant=p, solution=solution, value=-1, revision=1)
    (split,) = selectors.solution_results(forum=room.forum)
    for p in police:
        services.response_record(participant=p, solution=solution, value=1, revision=2)
    (both,) = selectors.solution_results(forum=room.forum)
    assert both.bridging > split.bridging
    assert 0 < split.bridging < both.bridging < 1


def test_small_groups_are_never_reported_on_their_own(room):
    solution = _solutions(room, per_sector=3)  # every sector is under five
    for p in room.people:
        services.response_record(participant=p, solution=solution, value=1, revision=1)
    (result,) = selectors.solution_results(forum=room.forum)
    assert all(line.members >= 5 for line in result.sectors)
    assert all(not line.key.startswith("sector:") for line in result.sectors)


def test_replaying_events_onto_an_old_snapshot_equals_a_fresh_snapshot(room):
    actor = room.forum.program.conciliator
    old = selectors.snapshot_get(forum=room.forum)
    services.segment_start(forum=room.forum, segment=room.forum.segments.get(kind="breakout_1"), actor=actor)
    tables = _round_one(room)
    x, y, z = _issues(room, tables[0], ["x", "y", "z"])
    _issues(room, tables[1], ["w"], kind="strength")
    services.merge_confirm(statements=[x, y], actor=actor)
    services.statement_remove(statement=z, actor=actor)
    services.ground_rule_add(forum=room.forum, text="Be brief", language="en", client_token=uuid.uuid4())
    replayed = old
    for event in selectors.events_since(forum=room.forum, seq=old["seq"]):
        replayed = events.apply_event(replayed, event)
    assert replayed == selectors.snapshot_get(forum=room.forum)


def test_a_screen_too_far_behind_gets_none_and_must_take_a_snapshot(room):
    assert selectors.events_since(forum=room.forum, seq=room.forum.seq + 5) is None
    assert selectors.events_since(forum=room.forum, seq=0) is None or room.forum.seq <= selectors.MAX_REPLAY


def test_statements_never_carry_their_author(room):
    table = _round_one(room)[0]
    services.statement_add(breakout=table, kind="issue", text="x", language="en", author=room.people[0])
    snapshot = selectors.snapshot_get(forum=room.forum)
    text = str(snapshot)
    assert "author" not in text and room.people[0].token not in text


def test_live_tally_counts_dots_once_voting_has_opened(room):
    a, *_ = _open_vote(room)
    services.dots_cast(
        forum=room.forum, participant=room.people[0], dots={a.pk: 2}, revision=1, client_token=uuid.uuid4()
    )
    tally = selectors.live_tally(forum_id=room.forum.pk)
    assert tally["dots"] == {str(a.pk): 2} and tally["voters"] == 1
    assert tally["participants"] == len(room.people)


def test_statements_are_refused_once_voting_opens(room):
    _open_vote(room)
    table = selectors.breakout_list(forum=room.forum, round=1)[0]
    with pytest.raises(ValidationError) as exc:
        services.statement_add(breakout=table, kind="issue", text="late", language="en")
    assert exc.value.messages == ["Dot voting has started, so issues can no longer change."]
    assert not Statement.objects.filter(text="late").exists()


def test_the_snapshot_costs_the_same_queries_however_full_the_room(room, django_assert_max_num_queries):
    tables = _round_one(room)
    _issues(room, tables[0], ["a", "b"])
    with django_assert_max_num_queries(20) as small:
        selectors.snapshot_get(forum=room.forum)
    room.fill({s.pk: 5 for s in room.all_sectors})
    for table in tables:
        _issues(room, table, [f"issue {i} at {table.number}" for i in range(6)])
    services.ground_rule_add(forum=room.forum, text="Be brief", language="en")
    with django_assert_max_num_queries(len(small.captured_queries)):
        selectors.snapshot_get(forum=room.forum)
