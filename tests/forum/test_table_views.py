"""The facilitators' table pages, results, council and fidelity logs through HTTP."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from spcp.forum import services
from spcp.forum.models import CouncilVolunteer, FidelityLog, Forum, Segment, Solution, Statement
from spcp.programs.models import AuditEntry, Phase, Program
from spcp.training import services as training_services

pytestmark = pytest.mark.django_db


def url(name: str, program, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"forum:{name}", kwargs={"program_id": program.pk, **kwargs})


def page(response) -> str:
    return response.content.decode()


def set_phase(program: Program, phase: Phase) -> None:
    Program.objects.filter(pk=program.pk).update(phase=phase)
    program.refresh_from_db()


@pytest.fixture
def day(room, role_users):
    """Round one built: police, three community sectors, and two facilitators, one linked to the facilitator account."""
    program = room.forum.program
    actor = program.conciliator
    mine = training_services.facilitator_add(
        actor=actor, program=program, name="Ana Facilitator", languages=["en"], user=role_users["facilitator"]
    )
    other = training_services.facilitator_add(actor=actor, program=program, name="Ben Other", languages=["en"])
    room.fill({s.pk: 5 for s in room.all_sectors})
    tables = services.breakouts_build_first(forum=room.forum, actor=actor).tables
    room.tables = tables
    room.mine, room.other = mine, other
    return room


def _table(day):
    return day.tables[0]


def _add(day, table, text, kind="issue", language="en"):
    return services.statement_add(breakout=table, kind=kind, text=text, language=language, client_token=uuid.uuid4())


@pytest.fixture
def facilitator(login, role_users):
    return login(role_users["facilitator"])


# --- round one: strengths and issues ---------------------------------------------------------------------


def test_a_double_submit_with_the_same_client_token_adds_the_issue_once(day, facilitator):
    table = _table(day)
    token = str(uuid.uuid4())
    data = {
        "action": "statement",
        "kind": "issue",
        "text": "Slow response times",
        "language": "en",
        "client_token": token,
    }
    first = facilitator.post(url("table", day.forum.program, breakout_id=table.pk), data)
    again = facilitator.post(url("table", day.forum.program, breakout_id=table.pk), data)
    assert first.status_code == again.status_code == 302
    found = Statement.objects.filter(breakout=table, text="Slow response times")
    assert found.count() == 1
    assert found.get().author_user.username == "facilitator"
    shown = page(facilitator.get(url("table", day.forum.program, breakout_id=table.pk)))
    assert "Issue added." in shown
    assert f'<span id="statement-{found.get().pk}" lang="en">Slow response times</span>' in shown


def test_the_add_form_carries_a_fresh_token_and_defaults_to_the_page_language(day, facilitator):
    table = _table(day)
    shown = page(facilitator.get(url("table", day.forum.program, "ko", breakout_id=table.pk)))
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', shown).group(1)
    assert uuid.UUID(token)
    assert re.search(r'<option value="ko" selected lang="ko">', shown)
    again = page(facilitator.get(url("table", day.forum.program, breakout_id=table.pk)))
    assert token not in again


def test_statements_show_their_language_and_what_was_merged_into_them(day, facilitator):
    table = _table(day)
    kept = _add(day, table, "경찰 순찰이 부족하다", language="ko")
    other = _add(day, table, "Not enough patrols")
    services.statement_merge(target=kept, sources=[other], actor=day.forum.program.conciliator)
    shown = page(facilitator.get(url("table", day.forum.program, breakout_id=table.pk)))
    assert 'lang="ko">경찰 순찰이 부족하다</span>' in shown
    assert '<span class="spcp-tag-lang" lang="ko">한국어</span>' in shown
    assert "Merged from:" in shown and '<span lang="en">Not enough patrols</span>' in shown


def test_an_empty_text_re_renders_with_the_error_and_keeps_the_other_statements(day, facilitator):
    table = _table(day)
    _add(day, table, "Officers know the youth league", kind="strength")
    response = facilitator.post(
        url("table", day.forum.program, breakout_id=table.pk),
        {"action": "statement", "kind": "issue", "text": "   ", "language": "es", "client_token": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    shown = page(response)
    assert "Please correct the errors below." in shown
    assert 'href="#id_text">Write something first.' in shown
    assert "Officers know the youth league" in shown
    assert re.search(r'<option value="es" selected lang="es">', shown)  # what was chosen is kept
    assert Statement.objects.filter(breakout=table).count() == 1


def test_edit_rewords_a_statement_and_moves_it_to_strengths(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Cops at the school fair")
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    assert "Cops at the school fair" in page(facilitator.get(edit))
    response = facilitator.post(edit, {"action": "edit", "kind": "strength", "text": "Officers at the school fair"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.kind) == ("Officers at the school fair", "strength")
    assert AuditEntry.objects.filter(action="forum.statement_edited").exists()


def test_an_empty_rewording_is_refused_with_the_error_on_the_field(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Keep me")
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    response = facilitator.post(edit, {"action": "edit", "kind": "issue", "text": ""})
    assert response.status_code == 400
    assert "Write something first." in page(response)
    statement.refresh_from_db()
    assert statement.text == "Keep me"


def test_split_turns_one_statement_into_one_per_line(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Stops feel random and complaints go nowhere")
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    response = facilitator.post(edit, {"action": "split", "parts": "Stops feel random\n\nComplaints go nowhere\n"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.removed
    active = Statement.objects.filter(breakout=table, removed=False, merged_into__isnull=True)
    assert sorted(active.values_list("text", flat=True)) == ["Complaints go nowhere", "Stops feel random"]
    assert "Statement split into 2 statements." in page(
        facilitator.get(url("table", day.forum.program, breakout_id=table.pk))
    )


def test_split_into_one_part_is_refused(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Only one point")
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    response = facilitator.post(edit, {"action": "split", "parts": "Only one point"})
    assert response.status_code == 400
    assert "Write at least two parts to split into." in page(response)


def test_remove_takes_a_statement_off_the_list(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Off topic")
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    assert facilitator.post(edit, {"action": "remove"}).status_code == 302
    statement.refresh_from_db()
    assert statement.removed
    assert "Off topic" not in page(facilitator.get(url("table", day.forum.program, breakout_id=table.pk)))


def test_merge_keeps_the_chosen_wording_with_the_others_as_its_sources(day, facilitator):
    table = _table(day)
    a, b, c = (_add(day, table, t) for t in ("Slow 911 answers", "Police take long to come", "Other issue"))
    merge = url("table_merge", day.forum.program, breakout_id=table.pk)
    shown = page(facilitator.get(merge))
    assert f'name="statements" value="{a.pk}"' in shown and f'name="keep" value="{b.pk}"' in shown
    response = facilitator.post(merge, {"statements": [a.pk, b.pk], "keep": b.pk})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.merged_into_id == b.pk
    c.refresh_from_db()
    assert c.active
    assert "1 statement merged into the one you kept." in page(
        facilitator.get(url("table", day.forum.program, breakout_id=table.pk))
    )


def test_merge_of_a_strength_with_an_issue_is_refused_and_keeps_the_ticks(day, facilitator):
    table = _table(day)
    strength = _add(day, table, "Good youth league", kind="strength")
    issue = _add(day, table, "Bad lighting")
    merge = url("table_merge", day.forum.program, breakout_id=table.pk)
    response = facilitator.post(merge, {"statements": [strength.pk, issue.pk], "keep": issue.pk})
    assert response.status_code == 400
    shown = page(response)
    assert "Merge strengths with strengths and issues with issues." in shown
    assert f'value="{strength.pk}" aria-describedby="merge-text-{strength.pk}" checked' in shown
    strength.refresh_from_db()
    assert strength.active


def test_a_statement_of_another_table_is_not_found(day, facilitator):
    other = _add(day, day.tables[1], "Elsewhere")
    edit = url("statement_edit", day.forum.program, breakout_id=day.tables[0].pk, statement_id=other.pk)
    assert facilitator.get(edit).status_code == 404


def test_htmx_polling_returns_the_lists_only_and_nothing_while_the_room_is_unchanged(day, facilitator):
    table = _table(day)
    _add(day, table, "From a phone")
    target = url("table", day.forum.program, breakout_id=table.pk)
    live = facilitator.get(target, headers={"HX-Request": "true"})
    shown = page(live)
    assert live.status_code == 200
    assert shown.lstrip().startswith('<div id="table-live"') and "<html" not in shown
    assert "From a phone" in shown
    seq = Forum.objects.get(pk=day.forum.pk).seq
    assert f"?seq={seq}" in shown
    assert facilitator.get(f"{target}?seq={seq}", headers={"HX-Request": "true"}).status_code == 204
    _add(day, table, "Another from a phone")
    fresh = facilitator.get(f"{target}?seq={seq}", headers={"HX-Request": "true"})
    assert fresh.status_code == 200 and "Another from a phone" in page(fresh)


def test_a_planning_member_sees_a_table_but_may_not_write_there(day, login, role_users):
    client = login(role_users["planning_member"])
    table = _table(day)
    target = url("table", day.forum.program, breakout_id=table.pk)
    shown = page(client.get(target))
    assert "Add a strength or an issue" not in shown and "Edit</a>" not in shown
    response = client.post(
        target,
        {"action": "statement", "kind": "issue", "text": "x", "language": "en", "client_token": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert client.get(url("table_merge", day.forum.program, breakout_id=table.pk)).status_code == 404


def test_writes_outside_the_forum_phase_answer_409_with_the_read_only_notice(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Recorded on the day")
    set_phase(day.forum.program, Phase.ACTION_PLAN)
    target = url("table", day.forum.program, breakout_id=table.pk)
    shown = page(facilitator.get(target))
    assert "so this page is read-only" in shown and "Add a strength or an issue" not in shown
    response = facilitator.post(
        target,
        {"action": "statement", "kind": "issue", "text": "Late", "language": "en", "client_token": str(uuid.uuid4())},
    )
    assert response.status_code == 409
    assert "Nothing was saved." in page(response)
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    assert facilitator.post(edit, {"action": "remove"}).status_code == 409
    assert not Statement.objects.filter(text="Late").exists()


def test_once_dot_voting_opens_the_table_is_read_only_and_a_change_is_refused(day, facilitator):
    table = _table(day)
    statement = _add(day, table, "Frozen")
    services.voting_open(forum=day.forum, actor=day.forum.program.conciliator)
    target = url("table", day.forum.program, breakout_id=table.pk)
    shown = page(facilitator.get(target))
    assert "Dot voting has started, so issues can no longer change." in shown
    response = facilitator.post(
        target,
        {"action": "statement", "kind": "issue", "text": "Late", "language": "en", "client_token": str(uuid.uuid4())},
    )
    assert response.status_code == 409
    edit = url("statement_edit", day.forum.program, breakout_id=table.pk, statement_id=statement.pk)
    assert facilitator.post(edit, {"action": "edit", "kind": "issue", "text": "Thawed"}).status_code == 409


def test_the_facilitators_own_tables_are_listed(day, facilitator):
    mine = [t for t in day.tables if day.mine in t.facilitators.all()]
    shown = page(facilitator.get(url("results", day.forum.program)))
    assert "Your tables" in shown
    for t in mine:
        assert url("table", day.forum.program, breakout_id=t.pk) in shown


# --- round two: solutions and steps ----------------------------------------------------------------------


def _round_two(day, groups=2):
    actor = day.forum.program.conciliator
    issues = [_add(day, day.tables[0], t) for t in ("Trust after the arrest", "Language access")]
    services.voting_open(forum=day.forum, actor=actor)
    for person in day.people[:6]:
        services.dots_cast(
            forum=day.forum,
            participant=person,
            dots={issues[0].pk: 2, issues[1].pk: 1},
            revision=1,
            client_token=uuid.uuid4(),
        )
    services.voting_close(forum=day.forum, actor=actor)
    day.forum.refresh_from_db()
    return services.breakouts_build_second(forum=day.forum, actor=actor, groups=groups, seed=1).tables


def test_a_mixed_table_adds_a_solution_and_an_action_step(day, facilitator):
    table = _round_two(day)[0]
    issue = table.issues.get()
    target = url("table", day.forum.program, breakout_id=table.pk)
    shown = page(facilitator.get(target))
    assert "Priority issue 1" in shown or "Priority issue 2" in shown
    assert "Add a solution" in shown and "Add an action step" not in shown  # no solution to add steps to yet
    token = str(uuid.uuid4())
    data = {
        "action": "solution",
        "solution-issue": issue.pk,
        "solution-text": "Quarterly listening sessions",
        "solution-language": "en",
        "solution-client_token": token,
    }
    assert facilitator.post(target, data).status_code == 302
    assert facilitator.post(target, data).status_code == 302
    solution = Solution.objects.get(breakout=table)
    assert solution.author_user.username == "facilitator"
    step = {
        "action": "step",
        "step-solution": solution.pk,
        "step-text": "Book the library hall",
        "step-who": "Community liaison",
        "step-by_when": "March",
        "step-language": "en",
        "step-client_token": str(uuid.uuid4()),
    }
    assert facilitator.post(target, step).status_code == 302
    shown = page(facilitator.get(target))
    assert "Quarterly listening sessions" in shown and "Book the library hall" in shown and "Community liaison" in shown
    assert "Add an action step" in shown


def test_a_solution_is_reworded_and_removed_on_its_page(day, facilitator):
    table = _round_two(day)[0]
    solution = services.solution_add(breakout=table, issue=table.issues.get(), text="Draft", language="en")
    edit = url("solution_edit", day.forum.program, breakout_id=table.pk, solution_id=solution.pk)
    assert facilitator.post(edit, {"action": "edit", "text": ""}).status_code == 400
    assert facilitator.post(edit, {"action": "edit", "text": "Final wording"}).status_code == 302
    solution.refresh_from_db()
    assert solution.text == "Final wording"
    assert facilitator.post(edit, {"action": "remove"}).status_code == 302
    solution.refresh_from_db()
    assert solution.removed


# --- results ---------------------------------------------------------------------------------------------


def _answered(room, per_sector, police_value=-1, community_value=1):
    """A forum with one solution that every participant answered (police one way, the community another)."""
    room.fill(per_sector)
    actor = room.forum.program.conciliator
    table1 = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = _add(room, table1, "Trust after the arrest")
    _add(room, table1, "The youth league works", kind="strength")
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
    for p in room.people:
        value = police_value if p.sector_id == room.police.pk else community_value
        services.response_record(participant=p, solution=solution, value=value, revision=1)
    return solution


def _rows(shown: str, label: str) -> list[list[str]]:
    found = re.findall(
        rf'<tr><th scope="row">{re.escape(label)}</th>((?:<td class="text-right">\d+</td>)+)</tr>', shown
    )
    return [re.findall(r"\d+", cells) for cells in found]


def _row(shown: str, label: str) -> list[str] | None:
    found = _rows(shown, label)
    return found[0] if found else None


def test_results_show_support_per_constituency_and_the_bridging_score(room, login):
    faith, youth, newcomers = room.sectors
    _answered(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 3, newcomers.pk: 3})
    shown = page(login(room.forum.program.conciliator).get(url("results", room.forum.program)))
    assert "Trust after the arrest" in shown and "The youth league works" in shown
    assert _row(shown, "Law enforcement") == ["6", "0", "6", "0"]  # people, agree, disagree, pass
    assert _row(shown, "Community") == ["12", "12", "0", "0"]
    assert _row(shown, "Faith") == ["6", "6", "0", "0"]
    assert _row(shown, "Smaller groups, pooled") == ["6", "6", "0", "0"]
    assert "Youth" not in shown and "New Americans" not in shown  # three people each: pooled, never alone
    assert "high only when both police and residents back a solution" in shown
    assert "a group is shown on its own only when it has at least 5" in shown
    assert "Bridging score and answers for each solution" in shown and '<rect width="' in shown


def test_results_never_show_a_group_under_five_on_its_own(room, login):
    faith, youth, newcomers = room.sectors
    _answered(room, {room.police.pk: 3, faith.pk: 6, youth.pk: 6, newcomers.pk: 3})
    shown = page(login(room.forum.program.conciliator).get(url("results", room.forum.program)))
    assert _row(shown, "Law enforcement") is None  # three officers: never shown on their own
    assert _row(shown, "Community") is None  # …nor by subtraction: the constituencies are pooled into one line
    pooled = _rows(shown, "Smaller groups, pooled")
    assert ["18", "15", "3", "0"] in pooled  # everyone, as one line
    assert ["6", "3", "3", "0"] in pooled  # police and New Americans pooled among the sectors
    assert "New Americans" not in shown


def test_opinion_groups_show_only_their_number_and_sizes(room, login):
    faith, youth, newcomers = room.sectors
    _answered(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6, newcomers.pk: 6})
    client = login(room.forum.program.conciliator)
    assert "Find opinion groups" in page(client.get(url("results", room.forum.program)))
    shown = page(client.get(url("results", room.forum.program) + "?groups=1"))
    assert "Opinion groups" in shown and "Find opinion groups" not in shown
    assert "opinion group" in shown
    for p in room.people:
        assert f"#{p.pk}<" not in shown


# --- council ---------------------------------------------------------------------------------------------


@pytest.fixture
def volunteers(room):
    room.fill({room.police.pk: 1, room.sectors[0].pk: 1})
    services.council_signup_set_open(forum=room.forum, is_open=True, actor=room.forum.program.conciliator)
    room.forum.refresh_from_db()
    shown = services.council_volunteer(
        participant=room.people[0], name="Officer Dana Ruiz", contact="dana@example.org", show_name=True
    )
    hidden = services.council_volunteer(
        participant=room.people[1], name="Pastor Lee", contact="555-0100", show_name=False
    )
    return shown, hidden


def test_council_contacts_are_hidden_from_a_planning_member(room, volunteers, login, role_users):
    shown = page(login(role_users["planning_member"]).get(url("council", room.forum.program)))
    assert "Officer Dana Ruiz" in shown
    assert "dana@example.org" not in shown and "555-0100" not in shown
    assert "Pastor Lee" not in shown and "Name not shown" in shown
    assert "Choose as representative" not in shown


def test_council_contacts_are_visible_to_the_conciliator_who_chooses_representatives(room, volunteers, login):
    dana, _lee = volunteers
    client = login(room.forum.program.conciliator)
    shown = page(client.get(url("council", room.forum.program)))
    assert "dana@example.org" in shown and "555-0100" in shown and "Pastor Lee" in shown
    response = client.post(
        url("council", room.forum.program), {"action": "representative", "volunteer": dana.pk, "chosen": "on"}
    )
    assert response.status_code == 302
    assert CouncilVolunteer.objects.get(pk=dana.pk).representative
    assert "Officer Dana Ruiz is now a council representative." in page(client.get(url("council", room.forum.program)))
    assert client.post(url("council", room.forum.program), {"action": "signup", "open": ""}).status_code == 302
    room.forum.refresh_from_db()
    assert not room.forum.council_signup_open


def test_a_planning_member_may_not_choose_representatives(room, volunteers, login, role_users):
    dana, _lee = volunteers
    client = login(role_users["planning_member"])
    response = client.post(
        url("council", room.forum.program), {"action": "representative", "volunteer": dana.pk, "chosen": "on"}
    )
    assert response.status_code == 404
    assert not CouncilVolunteer.objects.get(pk=dana.pk).representative


# --- fidelity logs ---------------------------------------------------------------------------------------

LOG = {"guide_followed": "partly", "deviations": "Skipped the icebreaker for time", "council_formed": "yes"}


def test_a_facilitator_files_their_own_fidelity_log(day, facilitator):
    target = url("fidelity_edit", day.forum.program, facilitator_id=day.mine.pk)
    assert "Did you follow the facilitator guide" in page(facilitator.get(target))
    response = facilitator.post(target, LOG)
    assert response.status_code == 302
    log = FidelityLog.objects.get(facilitator=day.mine)
    assert (log.guide_followed, log.submitted_by.username) == ("partly", "facilitator")
    listing = page(facilitator.get(url("fidelity", day.forum.program)))
    assert "Fidelity log filed. Thank you." in listing
    assert url("fidelity_edit", day.forum.program, facilitator_id=day.other.pk) not in listing
    assert "Skipped the icebreaker" not in listing  # the answers are for program staff


def test_hot_spots_need_notes_and_the_answers_are_kept(day, facilitator):
    target = url("fidelity_edit", day.forum.program, facilitator_id=day.mine.pk)
    response = facilitator.post(target, {**LOG, "hot_spots": "on", "notes": "Long day"})
    assert response.status_code == 400
    shown = page(response)
    assert "Describe the hot spots and how they were handled." in shown
    assert "Long day" in shown and "Skipped the icebreaker for time" in shown
    assert not FidelityLog.objects.exists()


def test_another_facilitators_log_is_not_found(day, facilitator):
    target = url("fidelity_edit", day.forum.program, facilitator_id=day.other.pk)
    assert facilitator.get(target).status_code == 404
    assert facilitator.post(target, LOG).status_code == 404
    assert not FidelityLog.objects.exists()


def test_staff_see_every_log_and_a_late_one_is_marked(day, facilitator, login):
    last = Segment.objects.filter(forum=day.forum).order_by("-order").first()
    Segment.objects.filter(pk=last.pk).update(ended_at=timezone.now() - datetime.timedelta(days=2))
    facilitator.post(url("fidelity_edit", day.forum.program, facilitator_id=day.mine.pk), LOG)
    shown = page(login(day.forum.program.conciliator).get(url("fidelity", day.forum.program)))
    assert "Late" in shown and "Overdue" in shown  # Ana filed late; Ben has not filed at all
    assert url("fidelity_edit", day.forum.program, facilitator_id=day.other.pk) in shown
    assert "Partly" in shown


def test_outside_the_filing_phases_the_log_is_read_only_and_a_post_answers_409(day, facilitator):
    set_phase(day.forum.program, Phase.COUNCIL)
    target = url("fidelity_edit", day.forum.program, facilitator_id=day.mine.pk)
    shown = page(facilitator.get(target))
    assert "Fidelity logs can be filed during the forum and the action-plan phase." in shown and "disabled" in shown
    assert facilitator.post(target, LOG).status_code == 409
    assert not FidelityLog.objects.exists()


# --- pages in Korean, and query counts -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["results", "council", "fidelity"])
def test_pages_render_in_korean(day, facilitator, name):
    response = facilitator.get(url(name, day.forum.program, "ko"))
    assert response.status_code == 200 and 'lang="ko"' in page(response)


def test_the_table_page_uses_a_fixed_number_of_queries(day, facilitator, django_assert_max_num_queries):
    table = _table(day)
    for i in range(3):
        _add(day, table, f"Issue {i}")
    target = url("table", day.forum.program, breakout_id=table.pk)
    facilitator.get(target)
    with django_assert_max_num_queries(16):
        facilitator.get(target)
    kept = _add(day, table, "Kept")
    for i in range(10):
        services.statement_merge(
            target=kept, sources=[_add(day, table, f"More {i}")], actor=day.forum.program.conciliator
        )
        _add(day, table, f"Strength {i}", kind="strength")
    with django_assert_max_num_queries(16):
        assert facilitator.get(target).status_code == 200
    with django_assert_max_num_queries(9):
        facilitator.get(target, headers={"HX-Request": "true"})


def test_the_round_two_table_page_uses_a_fixed_number_of_queries(day, facilitator, django_assert_max_num_queries):
    table = _round_two(day)[0]
    issue = table.issues.get()
    for i in range(5):
        solution = services.solution_add(breakout=table, issue=issue, text=f"Solution {i}", language="en")
        services.step_add(solution=solution, text=f"Step {i}", language="en")
    with django_assert_max_num_queries(17):
        assert facilitator.get(url("table", day.forum.program, breakout_id=table.pk)).status_code == 200


def test_the_results_page_uses_a_fixed_number_of_queries(room, login, django_assert_max_num_queries):
    faith, youth, newcomers = room.sectors
    solution = _answered(room, {room.police.pk: 6, faith.pk: 6, youth.pk: 6, newcomers.pk: 3})
    client = login(room.forum.program.conciliator)
    # 28, plus one query each for the translations of statements, solutions and steps (however many).
    with django_assert_max_num_queries(31):
        assert client.get(url("results", room.forum.program)).status_code == 200
    for i in range(5):
        services.solution_add(breakout=solution.breakout, issue=solution.issue, text=f"More {i}", language="en")
    with django_assert_max_num_queries(31):
        assert client.get(url("results", room.forum.program)).status_code == 200
