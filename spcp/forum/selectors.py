"""Reads of the forum: access fetches, the room's snapshot and events, tallies and results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from spcp import analysis
from spcp.accounts.models import User
from spcp.forum import events, polis_export
from spcp.forum.models import (
    Breakout,
    BreakoutMember,
    CouncilVolunteer,
    Dot,
    DotBallot,
    FidelityLog,
    Forum,
    ForumEvent,
    MergeDecision,
    Participant,
    Response,
    Segment,
    Solution,
    Statement,
    StatementKind,
    Ticket,
    normalize_ticket_code,
)
from spcp.forum.vectors import vectors_for
from spcp.planning.models import Sector
from spcp.programs.models import Program
from spcp.programs.selectors import access_program
from spcp.training.models import Facilitator

AnyUser = User | AnonymousUser

# How many events a reconnecting screen may replay before it is simply sent a fresh snapshot.
MAX_REPLAY = 500
# Anonymity: no group smaller than this is ever shown on its own (Pol.is uses the same floor).
MIN_GROUP_SIZE = 5


def forum_get(*, program: Program) -> Forum | None:
    return Forum.objects.select_related("program", "current_segment").filter(program=program).first()


def access_forum(user: AnyUser, program_id: int, perm: str = "forum.view_forum") -> Forum:
    """The program's forum if `user` has `perm` on it; 404 when missing or forbidden alike."""
    program = access_program(user, program_id, perm=perm)
    forum = forum_get(program=program)
    if forum is None:
        raise Http404
    return forum


def forum_by_code(code: str) -> Forum:
    """The forum a join code opens (codes are case-insensitive on input); 404 when there is none."""
    forum = Forum.objects.select_related("program", "current_segment").filter(join_code=code.strip().upper()).first()
    if forum is None:
        raise Http404
    return forum


def participant_for_code(*, code: str, token: str | None) -> Participant | None:
    """The participant behind a phone's token in the forum a join code opens, with the forum, in one query."""
    if not token:
        return None
    return (
        Participant.objects.select_related("forum__program", "forum__current_segment")
        .filter(token=token, forum__join_code=code.strip().upper())
        .first()
    )


def access_breakout(user: AnyUser, program_id: int, breakout_id: int, perm: str = "forum.view_forum") -> Breakout:
    forum = access_forum(user, program_id, perm=perm)
    breakout = Breakout.objects.select_related("forum__program").filter(forum=forum, pk=breakout_id).first()
    if breakout is None:
        raise Http404
    return breakout


def sector_list(*, forum: Forum) -> list[Sector]:
    return list(Sector.objects.filter(program_id=forum.program_id).order_by("order", "name"))


def _active_statements(forum: Forum) -> QuerySet[Statement]:
    return Statement.objects.filter(forum=forum, removed=False, merged_into__isnull=True)


def _sources_by_target(forum: Forum) -> dict[int, list[Statement]]:
    sources: dict[int, list[Statement]] = defaultdict(list)
    for s in Statement.objects.filter(forum=forum, merged_into__isnull=False, removed=False).order_by("id"):
        assert s.merged_into_id is not None
        sources[s.merged_into_id].append(s)
    return sources


def statement_sources(statement: Statement) -> list[Statement]:
    """The statements merged into `statement`, oldest first (merging re-points sources, so one level deep)."""
    return list(Statement.objects.filter(merged_into=statement, removed=False).order_by("id"))


def breakout_sizes(*, forum: Forum) -> dict[int, int]:
    rows = BreakoutMember.objects.filter(breakout__forum=forum).values("breakout_id").annotate(n=Count("id"))
    return {r["breakout_id"]: r["n"] for r in rows}


def breakout_list(*, forum: Forum, round: int | None = None) -> list[Breakout]:
    qs = Breakout.objects.filter(forum=forum).prefetch_related("sectors", "facilitators", "issues")
    if round is not None:
        qs = qs.filter(round=round)
    return list(qs.order_by("round", "number"))


def snapshot_get(*, forum: Forum) -> events.Json:
    """The room's whole shared state at `forum.seq` (what a fresh or lagging screen is sent)."""
    forum = Forum.objects.select_related("program", "current_segment").get(pk=forum.pk)
    sizes = breakout_sizes(forum=forum)
    direct = _sources_by_target(forum)
    solutions = Solution.objects.filter(forum=forum, removed=False).prefetch_related(
        "translations", "steps__translations"
    )
    volunteers = CouncilVolunteer.objects.filter(forum=forum, representative=True).select_related("participant")
    return {
        "seq": forum.seq,
        "forum": events.forum_data(forum),
        "segments": {str(s.pk): events.segment_data(s) for s in forum.segments.all()},
        "rules": {
            str(r.pk): events.rule_data(r)
            for r in forum.ground_rules.filter(removed=False).prefetch_related("translations")
        },
        "sectors": {str(s.pk): events.sector_data(s) for s in sector_list(forum=forum)},
        "breakouts": {str(b.pk): events.breakout_data(b, sizes.get(b.pk, 0)) for b in breakout_list(forum=forum)},
        "statements": {
            str(s.pk): events.statement_data(s, direct.get(s.pk, []))
            for s in _active_statements(forum).prefetch_related("translations").order_by("id")
        },
        "solutions": {str(s.pk): events.solution_data(s) for s in solutions},
        "council": {str(v.pk): events.council_data(v) for v in volunteers},
    }


def events_since(*, forum: Forum, seq: int) -> list[events.Event] | None:
    """Events after `seq`, or None when the screen is too far behind (or ahead) and needs a snapshot."""
    current = Forum.objects.values_list("seq", flat=True).get(pk=forum.pk)
    if seq > current or current - seq > MAX_REPLAY:
        return None
    rows = ForumEvent.objects.filter(forum=forum, seq__gt=seq).order_by("seq").values_list("payload", flat=True)
    found = list(rows)
    if len(found) != current - seq:  # pruned or not yet visible: the snapshot is the safe answer
        return None
    return found


@dataclass(frozen=True)
class Me:
    participant: Participant
    breakouts: dict[int, int]
    dots: dict[int, int]
    revision: int
    responses: dict[int, tuple[int, int]]
    volunteered: bool


def me_get(*, participant: Participant) -> Me:
    """What one phone needs about its own participant: tables, dots, answers (never sent to anyone else)."""
    tables = dict(BreakoutMember.objects.filter(participant=participant).values_list("round", "breakout_id"))
    ballot = DotBallot.objects.filter(participant=participant).first()
    dots = dict(Dot.objects.filter(ballot=ballot).values_list("statement_id", "count")) if ballot else {}
    responses = {
        sid: (value, rev)
        for sid, value, rev in Response.objects.filter(participant=participant).values_list(
            "solution_id", "value", "revision"
        )
    }
    return Me(
        participant=participant,
        breakouts=tables,
        dots=dots,
        revision=ballot.revision if ballot else 0,
        responses=responses,
        volunteered=CouncilVolunteer.objects.filter(participant=participant).exists(),
    )


def dot_tally(*, forum: Forum) -> dict[int, int]:
    rows = (
        Dot.objects.filter(forum=forum, ballot__participant__voided_at__isnull=True)
        .values("statement_id")
        .annotate(n=Sum("count"))
    )
    return {r["statement_id"]: r["n"] for r in rows if r["n"]}


def voter_count(*, forum: Forum) -> int:
    ballots = DotBallot.objects.filter(forum=forum, dots__isnull=False, participant__voided_at__isnull=True)
    return ballots.values("id").distinct().count()


@dataclass(frozen=True)
class GroupLine:
    key: str  # "law_enforcement", "community", "sector:<id>" or "small_groups"
    members: int
    agree: int
    disagree: int
    passed: int


@dataclass(frozen=True)
class SolutionResult:
    solution_id: int
    agree: int
    disagree: int
    passed: int
    bridging: float | None  # None until each side has given MIN_GROUP_SIZE answers
    constituencies: list[GroupLine]
    sectors: list[GroupLine]


def _support_lines(
    matrix: np.ndarray, labels: np.ndarray, names: dict[int, str], within: np.ndarray | None = None
) -> list[list[GroupLine]]:
    # Small numbers are pooled item by item, by members and by who answered (analysis.pooled_support); with
    # the whole room under the floor nothing is broken out. Sectors are pooled inside the constituency lines
    # shown beside them, so no pool minus a constituency line reveals a hidden sector.
    per_item = analysis.pooled_support(matrix, labels, min_count=MIN_GROUP_SIZE, within=within)
    return [
        [
            GroupLine(
                key=names.get(g.label, "small_groups"),
                members=g.members,
                agree=g.agree,
                disagree=g.disagree,
                passed=g.passed,
            )
            for g in groups
        ]
        for groups in per_item
    ]


def response_matrix(*, forum: Forum) -> tuple[np.ndarray, list[int], list[int], list[Participant]]:
    """The participants × solutions answer matrix (nan = not answered) with its row and column ids."""
    solution_ids = list(Solution.objects.filter(forum=forum, removed=False).order_by("id").values_list("id", flat=True))
    # A voided ballot's answers leave the results with it.
    participants = list(
        Participant.objects.filter(forum=forum, voided_at__isnull=True).select_related("sector").order_by("id")
    )
    row = {p.pk: i for i, p in enumerate(participants)}
    col = {s: j for j, s in enumerate(solution_ids)}
    matrix = np.full((len(participants), len(solution_ids)), np.nan)
    answers = Response.objects.filter(forum=forum, participant__voided_at__isnull=True)
    for pid, sid, value in answers.values_list("participant_id", "solution_id", "value"):
        if sid in col:
            matrix[row[pid], col[sid]] = value
    return matrix, [p.pk for p in participants], solution_ids, participants


def solution_results(*, forum: Forum) -> list[SolutionResult]:
    """Support for each solution overall, per constituency and per sector, with the bridging score.

    The bridging score is Pol.is's group-aware consensus over the two declared constituencies (law
    enforcement and community): it is high only when both back a solution; it is None until each side has
    given MIN_GROUP_SIZE answers. A group is shown on its own only when it has MIN_GROUP_SIZE members and
    none or MIN_GROUP_SIZE of them answered; others are pooled (analysis.pooled_support).
    """
    matrix, _rows, solution_ids, participants = response_matrix(forum=forum)
    if not solution_ids:
        return []
    side = np.array([0 if p.sector.is_law_enforcement else 1 for p in participants], dtype=int)
    sector = np.array([p.sector_id for p in participants], dtype=int)
    # Bridging needs enough answers from each side: with none it would read 25 %, and with a handful it would
    # let anyone work out how those few answered. Until then it is None ("not enough answers yet").
    bridging = analysis.bridging_if_enough(matrix, side, sides=(0, 1), min_answers=MIN_GROUP_SIZE)
    side_lines = _support_lines(matrix, side, {0: "law_enforcement", 1: "community"})
    sector_lines = _support_lines(matrix, sector, {int(s): f"sector:{s}" for s in set(sector.tolist())}, side)
    results = []
    for j, sid in enumerate(solution_ids):
        counts = analysis.count_responses(int(v) for v in matrix[:, j] if not np.isnan(v))
        results.append(
            SolutionResult(
                solution_id=sid,
                agree=counts.agree,
                disagree=counts.disagree,
                passed=counts.passed,
                bridging=None if np.isnan(bridging[j]) else float(bridging[j]),
                constituencies=side_lines[j],
                sectors=sector_lines[j],
            )
        )
    return results


def _side(lines: Sequence[GroupLine], key: str) -> analysis.SideAnswers | None:
    line = next((g for g in lines if g.key == key), None)
    return None if line is None else analysis.SideAnswers(line.agree, line.agree + line.disagree + line.passed)


def common_ground_of(results: Sequence[SolutionResult]) -> analysis.CommonGround:
    """Where law enforcement and the community agree and differ most, from the constituency lines shown.

    Only lines `pooled_support` reports on their own are read, and each side needs MIN_GROUP_SIZE answers,
    so this never shows what the results tables hide.
    """
    return analysis.common_ground(
        (
            analysis.ItemSides(
                key=r.solution_id,
                police=_side(r.constituencies, "law_enforcement"),
                community=_side(r.constituencies, "community"),
            )
            for r in results
        ),
        min_answers=MIN_GROUP_SIZE,
    )


def results_data(*, forum: Forum) -> dict[str, Any]:
    """The live tallies pushed to screens: dots per issue, and support for each solution."""
    data: dict[str, Any] = {"dots": {str(k): v for k, v in dot_tally(forum=forum).items()}}
    solutions = solution_support(forum=forum)
    if solutions is not None:
        data["solutions"] = solutions
    return data


def solution_support(*, forum: Forum) -> dict[str, Any] | None:
    """Support for each solution as screens show it (None before the tables wrote any solution)."""
    if not Solution.objects.filter(forum=forum).exists():
        return None
    return {
        str(r.solution_id): {
            "agree": r.agree,
            "disagree": r.disagree,
            "pass": r.passed,
            "bridging": None if r.bridging is None else round(r.bridging, 4),
            "constituencies": [g.__dict__ for g in r.constituencies],
            "sectors": [g.__dict__ for g in r.sectors],
        }
        for r in solution_results(forum=forum)
    }


def solution_for_forum(*, forum: Forum, solution_id: int) -> Solution | None:
    return Solution.objects.select_related("forum").filter(forum=forum, pk=solution_id).first()


def opinion_groups_get(*, forum: Forum, seed: int = 0) -> analysis.OpinionGroups:
    matrix, _rows, _cols, _participants = response_matrix(forum=forum)
    return analysis.opinion_groups(matrix, seed=seed)


def issue_list(*, forum: Forum) -> list[Statement]:
    return list(_active_statements(forum).filter(kind=StatementKind.ISSUE).select_related("breakout").order_by("id"))


def priority_list(*, forum: Forum) -> list[Statement]:
    return list(
        _active_statements(forum)
        .filter(kind=StatementKind.ISSUE, priority_rank__isnull=False)
        .select_related("breakout")
        .order_by("priority_rank")
    )


@dataclass(frozen=True)
class MergeSuggestion:
    statements: list[Statement]
    similarity: float

    @property
    def key(self) -> str:
        return ",".join(str(s.pk) for s in self.statements)


@dataclass(frozen=True)
class MergeSuggestions:
    suggestions: list[MergeSuggestion]
    waiting: int  # issues whose vector is still being made (left out for now)
    multilingual: bool  # False: TF-IDF, which does not find duplicates across languages


def merge_suggestions(
    *, forum: Forum, issues: list[Statement] | None = None, threshold: float | None = None
) -> MergeSuggestions:
    """Likely duplicates across tables (and languages) among the active issues (`issue_list`, unless the caller
    has it already), minus clusters already decided."""
    issues = issue_list(forum=forum) if issues is None else issues
    multilingual = analysis.multilingual_available()
    waiting = 0
    vectors = None
    if multilingual and len(issues) >= 2:
        found, pending = vectors_for(issues)
        waiting = len(pending)
        issues = [s for s in issues if s.pk in found]
        vectors = np.stack([found[s.pk] for s in issues]) if issues else None
    if len(issues) < 2:
        return MergeSuggestions([], waiting, multilingual)
    decided = MergeDecision.objects.filter(forum=forum, undone_at__isnull=True).values_list("statement_ids", flat=True)
    position = {s.pk: i for i, s in enumerate(issues)}
    exclude = [frozenset(position[i] for i in ids if i in position) for ids in decided]
    clusters = analysis.duplicate_clusters(
        [s.text for s in issues],
        [s.breakout_id for s in issues],
        languages=[s.language for s in issues],
        vectors=vectors,
        threshold=threshold,
        exclude=exclude,
    )
    found_suggestions = [MergeSuggestion([issues[i] for i in c.members], c.similarity) for c in clusters]
    return MergeSuggestions(found_suggestions, waiting, multilingual)


def merge_undoable(*, forum: Forum) -> list[tuple[MergeDecision, list[Statement]]]:
    """Merges that can still be undone (accepted, not undone, target still standing), newest first, with the
    statements each merged. Once dot voting has started, none can."""
    if forum.voting_open or forum.voting_closed_at:
        return []
    decisions = list(
        MergeDecision.objects.filter(forum=forum, accepted=True, undone_at__isnull=True, target__isnull=False)
        .select_related("target__breakout")
        .order_by("-id")
    )
    ids = {i for d in decisions for i in d.statement_ids}
    statements = {s.pk: s for s in Statement.objects.filter(pk__in=ids).select_related("breakout")}
    undoable = []
    for decision in decisions:
        target = decision.target
        assert target is not None
        sources = [statements[i] for i in decision.statement_ids if i in statements and i != target.pk]
        if target.active and sources and all(s.merged_into_id == target.pk for s in sources):
            undoable.append((decision, [target, *sources]))
    return undoable


def participant_people(*, forum: Forum) -> list[analysis.Person]:
    rows = Participant.objects.filter(forum=forum, voided_at__isnull=True).select_related("sector").order_by("id")
    return [
        analysis.Person(
            id=p.pk, sector=p.sector_id, law_enforcement=p.sector.is_law_enforcement, languages=(p.language,)
        )
        for p in rows
    ]


def round_groups(*, forum: Forum, round: int) -> list[list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for breakout_id, pid in BreakoutMember.objects.filter(breakout__forum=forum, round=round).values_list(
        "breakout_id", "participant_id"
    ):
        groups[breakout_id].append(pid)
    return [groups[b.pk] for b in breakout_list(forum=forum, round=round)]


def facilitator_list(*, forum: Forum) -> list[Facilitator]:
    return list(Facilitator.objects.filter(program_id=forum.program_id).order_by("name"))


def table_statements(*, breakout: Breakout) -> list[Statement]:
    return list(
        Statement.objects.filter(breakout=breakout, removed=False, merged_into__isnull=True)
        .prefetch_related(Prefetch("sources", queryset=Statement.objects.filter(removed=False)))
        .order_by("kind", "id")
    )


def table_solutions(*, breakout: Breakout) -> list[Solution]:
    return list(
        Solution.objects.filter(breakout=breakout, removed=False).prefetch_related("steps").select_related("issue")
    )


def council_volunteers(*, forum: Forum) -> list[CouncilVolunteer]:
    return list(CouncilVolunteer.objects.filter(forum=forum).select_related("participant__sector").order_by("id"))


def fidelity_logs(*, forum: Forum) -> list[FidelityLog]:
    return list(FidelityLog.objects.filter(forum=forum).select_related("facilitator", "submitted_by"))


def checkin_counts(*, forum: Forum) -> list[tuple[Sector, int]]:
    counts = dict(
        Participant.objects.filter(forum=forum, voided_at__isnull=True)
        .values("sector_id")
        .annotate(n=Count("id"))
        .values_list("sector_id", "n")
    )
    return [(s, counts.get(s.pk, 0)) for s in sector_list(forum=forum)]


def participant_count(*, forum: Forum) -> int:
    """Ballots that stand: every checked-in participant but the voided."""
    return Participant.objects.filter(forum=forum, voided_at__isnull=True).count()


@dataclass(frozen=True)
class CheckinSummary:
    """Ballots against people checked in, for the conciliator's alarm."""

    ballots: int
    voided: int
    tickets_issued: int
    tickets_used: int
    staff_checked_in: int  # invitees checked in by staff (their phone link, no ticket)
    door_count: int

    @property
    def people(self) -> int:
        return self.tickets_issued + self.staff_checked_in + self.door_count

    @property
    def alarm(self) -> bool:
        return self.ballots > self.people


def checkin_summary(*, forum: Forum) -> CheckinSummary:
    participants = Participant.objects.filter(forum=forum).aggregate(
        ballots=Count("id", filter=Q(voided_at__isnull=True)),
        voided=Count("id", filter=Q(voided_at__isnull=False)),
        staff=Count("id", filter=Q(invitation__isnull=False, ticket__isnull=True)),
    )
    tickets = Ticket.objects.filter(forum=forum).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(participant__isnull=False))
    )
    return CheckinSummary(
        ballots=participants["ballots"],
        voided=participants["voided"],
        tickets_issued=tickets["issued"],
        tickets_used=tickets["used"],
        staff_checked_in=participants["staff"],
        door_count=forum.door_count,
    )


def ticket_for_code(*, forum: Forum, code: str) -> Ticket | None:
    """The forum's ticket with this code as a person typed it (dashes, spaces and case do not matter)."""
    normalized = normalize_ticket_code(code)
    if not normalized:
        return None
    return Ticket.objects.select_related("sector").filter(forum=forum, code=normalized).first()


def ticket_list(*, forum: Forum, ids: Sequence[int] | None = None) -> list[Ticket]:
    rows = Ticket.objects.filter(forum=forum).select_related("sector", "invitation", "participant")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return list(rows.order_by("id"))


def participant_list(*, forum: Forum) -> list[Participant]:
    """Everyone checked in, with the ticket or invitation that let them in (staff's void list)."""
    return list(Participant.objects.filter(forum=forum).select_related("sector", "invitation", "ticket").order_by("id"))


def facilitators_for(user: AnyUser, *, forum: Forum) -> Sequence[Facilitator]:
    if not user.is_authenticated:
        return []
    return list(Facilitator.objects.filter(program_id=forum.program_id, user=user))


def totals_hidden(forum: Forum) -> bool:
    """Whether staff keep the room's dot totals off the phones now (until voting closes: the reveal)."""
    return forum.hide_totals and forum.voting_open


def for_phones(tally: dict[str, Any] | None) -> dict[str, Any] | None:
    """The live tally as phones may have it: without the dot totals while staff keep them back (the projector
    and staff screens get them all the same). Not only hidden on the phone's screen: never sent to it."""
    if tally is None or not tally.get("totals_hidden"):
        return tally
    return {key: value for key, value in tally.items() if key not in ("dots", "voters")}


def live_tally(*, forum_id: int, previous: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The numbers screens show live: head-count, dots per issue, support for solutions (None: no forum).

    With `previous` (the last tally, when no answer, solution or participant changed since) the support for
    solutions, the costly part, is taken from it instead of computed again.
    """
    forum = Forum.objects.filter(pk=forum_id).first()
    if forum is None:
        return None
    data: dict[str, Any] = {"participants": participant_count(forum=forum)}
    if forum.voting_open or forum.voting_closed_at is not None:
        data["dots"] = {str(k): v for k, v in dot_tally(forum=forum).items()}
        data["voters"] = voter_count(forum=forum)
        if totals_hidden(forum):
            data["totals_hidden"] = True
    if previous is not None:
        if "solutions" in previous:
            data["solutions"] = previous["solutions"]
    elif forum.responses_open or Response.objects.filter(forum=forum).exists():
        solutions = solution_support(forum=forum)
        if solutions is not None:
            data["solutions"] = solutions
    return data


def responses_round(*, forum: Forum) -> polis_export.Round:
    """The responses round as plain data for the Pol.is export: solutions, answers, counted participants and
    their opinion groups (three queries, and the opinion groups' own)."""
    solutions = Solution.objects.filter(forum=forum, removed=False).order_by("id")
    comments = [
        polis_export.Comment(key=s.pk, text=s.text, created=s.created_at, author=s.author_id)
        for s in solutions.only("id", "text", "created_at", "author_id")
    ]
    answers = Response.objects.filter(forum=forum, participant__voided_at__isnull=True, solution__removed=False)
    votes = [
        polis_export.Vote(participant=pid, comment=sid, value=value, at=at)
        for pid, sid, value, at in answers.values_list("participant_id", "solution_id", "value", "updated_at")
    ]
    matrix, rows, _cols, _participants = response_matrix(forum=forum)
    labels = analysis.opinion_groups(matrix, seed=0).labels
    groups = {pk: int(label) for pk, label in zip(rows, labels.tolist(), strict=True) if label >= 0}
    return polis_export.Round(comments=comments, votes=votes, participants=rows, groups=groups)


def segment_names_by_id(ids: list[str]) -> dict[str, str]:
    """For the audit log: agenda segments' names in the active language."""
    segments = Segment.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(s.pk): s.get_kind_display() for s in segments}
