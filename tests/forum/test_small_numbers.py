"""Small numbers on the results pages, the live tallies and the phone API: sector and constituency lines are
pooled by who answered, and the bridging ("common ground") score waits for enough answers from each side."""

from __future__ import annotations

import json
import uuid

import pytest

from spcp.forum import selectors, services
from tests.forum.test_table_views import _row, _rows, page, url

pytestmark = pytest.mark.django_db

NOT_YET = "Not enough answers yet"


def _solution(room, per_sector: dict[int, int]):
    """A forum with one priority issue and one solution, responses open; `per_sector` people joined."""
    room.fill(per_sector)
    actor = room.forum.program.conciliator
    table1 = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(
        breakout=table1, kind="issue", text="Trust after the arrest", language="en", client_token=uuid.uuid4()
    )
    services.voting_open(forum=room.forum, actor=actor)
    services.dots_cast(
        forum=room.forum, participant=room.people[0], dots={issue.pk: 1}, revision=1, client_token=uuid.uuid4()
    )
    services.voting_close(forum=room.forum, actor=actor)
    room.forum.refresh_from_db()
    table2 = services.breakouts_build_second(forum=room.forum, actor=actor, groups=1, seed=1).tables[0]
    solution = services.solution_add(
        breakout=table2, issue=table2.issues.get(), text="Joint patrol walks", language="en"
    )
    services.responses_set_open(forum=room.forum, is_open=True, actor=actor)
    return solution


def _answer(room, solution, sector, how_many: int, value: int) -> None:
    people = [p for p in room.people if p.sector_id == sector.pk][:how_many]
    assert len(people) == how_many
    for p in people:
        services.response_record(participant=p, solution=solution, value=value, revision=1)


def _results(room, client, language="en") -> str:
    return page(client.get(url("results", room.forum.program, language)))


def test_a_large_sector_where_one_person_answered_is_not_shown_on_its_own(room, login):
    faith, youth, newcomers = room.sectors
    solution = _solution(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6, newcomers.pk: 14})
    _answer(room, solution, room.police, 6, 1)
    _answer(room, solution, faith, 6, 1)
    _answer(room, solution, youth, 6, -1)
    _answer(room, solution, newcomers, 1, 1)  # "New Americans 14 · 1 agree"

    shown = _results(room, login(room.forum.program.conciliator))

    assert _rows(shown, "Law enforcement") == [["6", "6", "0", "0"]] * 2  # constituency and sector
    assert _row(shown, "Community") == ["26", "7", "6", "0"]
    assert _row(shown, "Youth") == ["6", "0", "6", "0"]
    assert _row(shown, "New Americans") is None
    assert "New Americans" not in shown
    # New Americans pooled with a community sector (Faith), never with the police: "pool − Law enforcement"
    # would give their one answer. Nothing can be worked out by subtraction from the totals either.
    assert _row(shown, "Faith") is None
    assert _rows(shown, "Smaller groups, pooled") == [["20", "7", "0", "0"]]
    (result,) = selectors.solution_results(forum=room.forum)
    answered = [line.agree + line.disagree + line.passed for line in [*result.sectors, *result.constituencies]]
    assert all(n == 0 or n >= 5 for n in answered)


def test_a_constituency_with_too_few_answers_is_not_shown_on_its_own(room, login):
    faith, youth, _newcomers = room.sectors
    solution = _solution(room, {room.police.pk: 8, faith.pk: 6, youth.pk: 6})
    _answer(room, solution, room.police, 2, -1)  # eight officers, two answered
    _answer(room, solution, faith, 6, 1)
    _answer(room, solution, youth, 6, 1)

    shown = _results(room, login(room.forum.program.conciliator))

    assert _row(shown, "Law enforcement") is None
    assert _row(shown, "Community") is None  # or subtracting it from the totals would give the police's answers
    assert ["20", "12", "2", "0"] in _rows(shown, "Smaller groups, pooled")


def test_no_bridging_score_before_anyone_answers(room, login):
    faith, youth, _newcomers = room.sectors
    _solution(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6})
    client = login(room.forum.program.conciliator)

    results = _results(room, client)
    responses = page(client.get(url("responses", room.forum.program)))

    assert "0.25" not in results and NOT_YET in results
    assert "Bridging score: not enough answers yet." in results
    assert "25%" not in responses and NOT_YET in responses


def test_no_bridging_score_without_law_enforcement_answers(room, login):
    faith, youth, _newcomers = room.sectors
    solution = _solution(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6})
    _answer(room, solution, faith, 6, 1)
    _answer(room, solution, youth, 6, 1)
    client = login(room.forum.program.conciliator)

    (result,) = selectors.solution_results(forum=room.forum)
    assert result.bridging is None
    results = _results(room, client)
    assert "0.38" not in results and "Bridging score: not enough answers yet." in results
    responses = page(client.get(url("responses", room.forum.program)))
    assert "38%" not in responses and NOT_YET in responses
    korean = _results(room, client, "ko")
    assert "공통 기반 점수: 아직 응답이 충분하지 않습니다." in korean


def test_the_bridging_score_appears_once_each_side_has_five_answers(room, login):
    faith, youth, _newcomers = room.sectors
    solution = _solution(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6})
    _answer(room, solution, faith, 6, 1)
    _answer(room, solution, room.police, 4, 1)
    assert selectors.solution_results(forum=room.forum)[0].bridging is None
    _answer(room, solution, room.police, 5, 1)

    client = login(room.forum.program.conciliator)
    results = _results(room, client)
    responses = page(client.get(url("responses", room.forum.program)))

    (result,) = selectors.solution_results(forum=room.forum)
    assert result.bridging == pytest.approx((6 / 7) * (7 / 8))  # (agree + 1) / (answers + 2) for each side
    assert "Bridging score 0.75." in results and NOT_YET not in results
    assert "75%" in responses and NOT_YET not in responses


def test_live_tallies_and_the_phone_api_send_no_bridging_score_on_too_few_answers(room, client):
    faith, youth, _newcomers = room.sectors
    solution = _solution(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6})
    _answer(room, solution, faith, 6, 1)

    live = selectors.results_data(forum=room.forum)["solutions"][str(solution.pk)]
    assert live["bridging"] is None and live["agree"] == 6
    response = client.get(f"/api/forum/{room.forum.join_code}/results", HTTP_X_PARTICIPANT_TOKEN=room.people[0].token)
    assert response.status_code == 200
    (api,) = json.loads(response.content)["solutions"]
    assert api["bridging"] is None and api["agree"] == 6


def test_the_phone_and_projector_carry_the_not_yet_wording(room, client, login):
    _solution(room, {room.police.pk: 5})
    phone = page(client.get(f"/es/f/{room.forum.join_code}/"))
    assert "todavía no hay suficientes respuestas" in phone
    projector = page(login(room.forum.program.conciliator).get(url("projector", room.forum.program)))
    assert "Common ground: not enough answers yet" in projector
