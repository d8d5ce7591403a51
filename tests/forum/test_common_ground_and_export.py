"""Where police and community agree and differ (results page), and the Pol.is export of the responses round."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from spcp.forum import services
from spcp.forum.models import Participant, Ticket
from spcp.programs.models import AuditEntry
from tests.common.test_csv_export import HOSTILE, live_formula
from tests.forum.test_table_views import _answered, page, url

pytestmark = pytest.mark.django_db


def _answer(room, solution, police: list[int], community: list[int]) -> None:
    """Police and community participants answer `solution` with the given values, in order (None: no answer)."""
    officers = [p for p in room.people if p.sector_id == room.police.pk]
    residents = [p for p in room.people if p.sector_id != room.police.pk]
    for people, values in ((officers, police), (residents, community)):
        for person, value in zip(people, values, strict=False):
            services.response_record(participant=person, solution=solution, value=value, revision=1)


@pytest.fixture
def three_solutions(room):
    """Six officers and twelve residents; one solution splits them, one unites them, one is lopsided."""
    faith, youth, newcomers = room.sectors
    split = _answered(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6})  # police disagree, residents agree
    united = services.solution_add(breakout=split.breakout, issue=split.issue, text="Shared training", language="en")
    _answer(room, united, [1] * 6, [1] * 11 + [0])  # 6 of 6 and 11 of 12
    lopsided = services.solution_add(breakout=split.breakout, issue=split.issue, text="Body cameras", language="en")
    _answer(room, lopsided, [1] * 5 + [-1], [1] * 6 + [-1] * 6)  # 5 of 6 and 6 of 12
    return split, united, lopsided


def _section(shown: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', shown, re.S)
    assert match, f"no section {heading_id}"
    return match.group(0)


def test_results_list_where_both_sides_agree_and_where_they_differ_most_with_n(room, login, three_solutions):
    shown = page(login(room.forum.program.conciliator).get(url("results", room.forum.program)))
    agree = _section(shown, "agree-heading")
    assert "Shared training" in agree and "Joint patrol walks" not in agree and "Body cameras" not in agree
    assert "6 of 6 (100%)" in agree and "11 of 12 (92%)" in agree
    assert "at least 70% of law enforcement" in agree
    differ = _section(shown, "differ-heading")
    assert differ.index("Joint patrol walks") < differ.index("Body cameras")  # the largest gap first
    assert "0 of 6 (0%)" in differ and "12 of 12 (100%)" in differ
    assert "5 of 6 (83%)" in differ and "6 of 12 (50%)" in differ
    assert "Shared training" not in differ


def test_a_side_under_five_answers_is_never_compared(room, login):
    faith, youth, newcomers = room.sectors
    _answered(room, {room.police.pk: 4, faith.pk: 6})  # four officers: their line is pooled
    shown = page(login(room.forum.program.conciliator).get(url("results", room.forum.program)))
    agree, differ = _section(shown, "agree-heading"), _section(shown, "differ-heading")
    assert "Joint patrol walks" not in agree and "Joint patrol walks" not in differ
    assert "0 of 4" not in shown
    assert "1 solution had too few answers from one side to be compared." in differ


def test_the_comparison_is_shown_in_korean(room, login, three_solutions):
    shown = page(login(room.forum.program.conciliator).get(url("results", room.forum.program, "ko")))
    assert "Where law enforcement and the community agree" not in shown
    assert "6 of 6" not in shown and "Shared training" in shown


# --- the Pol.is export -------------------------------------------------------------------------------


def _export(client, program):
    return client.post(url("responses_export", program))


def _files(response) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["comments.csv", "votes.csv", "participants-votes.csv"]
    return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8")))) for name in archive.namelist()}


def test_the_export_has_polis_columns_and_pseudonymous_ids_consistent_across_files(room, login, three_solutions):
    split, united, lopsided = three_solutions
    response = _export(login(room.forum.program.conciliator), room.forum.program)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    files = _files(response)
    comments, votes, matrix = files["comments.csv"], files["votes.csv"], files["participants-votes.csv"]

    assert comments[0] == [
        "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"
    ]  # fmt: skip
    assert votes[0] == ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
    assert matrix[0] == ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", "0", "1", "2"]

    by_text = {row[7]: row for row in comments[1:]}
    assert [by_text[t][2] for t in ("Joint patrol walks", "Shared training", "Body cameras")] == ["0", "1", "2"]
    assert (by_text["Joint patrol walks"][4], by_text["Joint patrol walks"][5]) == ("12", "6")
    assert (by_text["Shared training"][4], by_text["Shared training"][5]) == ("17", "0")
    assert all(row[6] == "1" and row[0].isdigit() and "GMT+0000" in row[1] for row in comments[1:])

    assert len(votes) - 1 == 18 + 18 + 18
    voters = {row[3] for row in votes[1:]}
    assert voters == {str(i) for i in range(18)}  # 0 … n-1, nothing else
    assert {row[4] for row in votes[1:]} == {"1", "-1", "0"}
    # The same pseudonym means the same person in votes.csv and participants-votes.csv.
    from_votes: dict[str, dict[str, str]] = {}
    for row in votes[1:]:
        from_votes.setdefault(row[3], {})[row[2]] = row[4]
    assert {row[0] for row in matrix[1:]} == voters
    for row in matrix[1:]:
        answers = {str(i): v for i, v in enumerate(row[6:]) if v != ""}
        assert answers == from_votes[row[0]]
        assert int(row[3]) == len(answers)
        assert int(row[4]) == sum(v == "1" for v in answers.values())
        assert int(row[5]) == sum(v == "-1" for v in answers.values())
    officers_disagreeing_with_patrols = sum(1 for row in matrix[1:] if row[6] == "-1")
    assert officers_disagreeing_with_patrols == 6


def test_the_export_carries_no_names_tickets_tokens_or_database_ids(room, login):
    faith, *_ = room.sectors
    room.join(room.police, name="Officer Dana Whitfield")
    _answered(room, {room.police.pk: 5, faith.pk: 6})
    response = _export(login(room.forum.program.conciliator), room.forum.program)
    raw = b"".join(zipfile.ZipFile(io.BytesIO(response.content)).read(n) for n in ("comments.csv", "votes.csv"))
    raw += zipfile.ZipFile(io.BytesIO(response.content)).read("participants-votes.csv")
    text = raw.decode("utf-8")
    assert "Whitfield" not in text
    for code in Ticket.objects.filter(forum=room.forum).values_list("code", flat=True):
        assert code not in text
    for token in Participant.objects.filter(forum=room.forum).values_list("token", flat=True):
        assert token not in text
    voter_ids = {row[3] for row in _files(response)["votes.csv"][1:]}
    assert voter_ids == {str(i) for i in range(len(voter_ids))}  # numbered afresh, not database ids


def test_formula_cells_are_neutralised(room, login):
    faith, *_ = room.sectors
    solution = _answered(room, {room.police.pk: 5, faith.pk: 5})
    actor = room.forum.program.conciliator
    for text in HOSTILE:
        services.solution_add(breakout=solution.breakout, issue=solution.issue, text=text, language="en")
    services.solution_edit(solution=solution, text='=HYPERLINK("http://evil.example","click")', actor=actor)
    files = _files(_export(login(actor), room.forum.program))
    bodies = [row[7] for row in files["comments.csv"][1:]]
    assert bodies[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert len(bodies) == 1 + len(HOSTILE)
    for name, rows in files.items():
        assert not [cell for row in rows for cell in row if live_formula(cell)], name
    assert {row[4] for row in files["votes.csv"][1:]} == {"1", "-1"}  # votes stay plain numbers


def test_the_export_is_audited(room, login, three_solutions):
    program = room.forum.program
    _export(login(program.conciliator), program)
    entry = AuditEntry.objects.get(program=program, action="forum.responses_exported")
    assert entry.actor == program.conciliator
    assert entry.changes == {"comments": [None, 3], "votes": [None, 54]}


@pytest.mark.parametrize("role", ["planning_member", "facilitator", "council_member", "other_conciliator"])
def test_only_program_staff_may_export(room, login, role_users, three_solutions, role):
    response = _export(login(role_users[role]), room.forum.program)
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="forum.responses_exported").exists()


def test_the_export_is_a_deliberate_post_and_the_button_is_for_staff_only(room, login, role_users, three_solutions):
    program = room.forum.program
    staff = login(program.conciliator)
    assert staff.get(url("responses_export", program)).status_code == 405
    assert "Download the Pol.is export (zip)" in page(staff.get(url("results", program)))
    facilitator = login(role_users["facilitator"])
    assert "Download the Pol.is export (zip)" not in page(facilitator.get(url("results", program)))
