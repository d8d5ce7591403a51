"""Dot voting on the issues, the solutions the mixed tables write, and the room's response to them.

Votes are taken one by one and never broadcast singly: screens get tallies from the hub's ticker. A phone
sends its whole allocation with a client revision (a clock-based counter); a retry or a stale, reordered
request has a revision no newer than the stored one and changes nothing, so nothing is double-counted or
lost. Closing a vote takes an exclusive lock on the forum row that every vote takes shared (PostgreSQL), so
a vote is either counted in the closing tally or refused; SQLite serialises writers anyway.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp import analysis
from spcp.accounts.models import User
from spcp.forum import events, machine_translation, phases
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    ActionStep,
    Breakout,
    Dot,
    DotBallot,
    Forum,
    Participant,
    Response,
    Solution,
    Statement,
    StatementKind,
)
from spcp.forum.selectors import dot_tally, issue_list, statement_sources
from spcp.forum.services._common import (
    check_phone_write,
    check_running,
    clean_errors,
    create_once,
    emit,
    emit_forum,
    mark_tally_dirty,
)
from spcp.forum.services.statements import clean_text
from spcp.programs.services import audit_record

SOLUTION_MAX = 800
STEP_MAX = 500
# What one phone may add at its mixed table (solutions, and steps to them).
SOLUTIONS_PER_PHONE = 20
STEPS_PER_PHONE = 40


def _forum_flags(forum: Forum, *, exclusive: bool = False) -> tuple[bool, bool]:
    """Read (voting_open, responses_open) under a row lock: shared for a vote, exclusive to open or close."""
    if exclusive:
        row = Forum.objects.select_for_update().values_list("voting_open", "responses_open").get(pk=forum.pk)
        return row[0], row[1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT voting_open, responses_open FROM forum_forum WHERE id = %s FOR SHARE", [forum.pk])
            voting, responses = cursor.fetchone()
        return bool(voting), bool(responses)
    row = Forum.objects.values_list("voting_open", "responses_open").get(pk=forum.pk)
    return row[0], row[1]


@transaction.atomic
def voting_open(*, forum: Forum, actor: User) -> Forum:
    """Open dot voting on the active issues; opening an open vote changes nothing (starting the segment opens it)."""
    if not phases.forum_running(forum.program):
        raise ValidationError(_("This forum is not running."))
    already, _responses = _forum_flags(forum, exclusive=True)
    if already:
        forum.voting_open = True
        return forum
    if forum.voting_closed_at is not None:
        raise ValidationError(_("Dot voting has already closed."))
    if not issue_list(forum=forum):
        raise ValidationError(_("There are no issues to vote on yet."))
    Forum.objects.filter(pk=forum.pk).update(voting_open=True)
    forum.voting_open = True
    emit_forum(forum)
    audit_record(actor=actor, program=forum.program, action="forum.voting_opened", target=forum)
    return forum


@dataclass(frozen=True)
class BallotResult:
    dots: dict[int, int]
    revision: int
    applied: bool


def _allocation_errors(forum: Forum, dots: Mapping[int, int], choices: Collection[int]) -> str | None:
    problems = analysis.validate_allocation(
        dots, dots=forum.dots_per_participant, allow_stacking=forum.allow_stacking, choices=choices
    )
    if analysis.AllocationProblem.TOO_MANY in problems:
        return ngettext(
            "You have %(count)d dot. Take a dot off another issue first.",
            "You have %(count)d dots. Take a dot off another issue first.",
            forum.dots_per_participant,
        ) % {"count": forum.dots_per_participant}
    if analysis.AllocationProblem.STACKING in problems:
        return _("In this forum each issue can get only one of your dots.")
    if problems:
        return _("That issue is not on the ballot. Reload the page to see the current issues.")
    return None


# The issues on the ballot cannot change once voting opens (statement services refuse), so each process reads
# them once per forum. Keyed by creation time too, so a recreated database never meets a stale entry.
_BALLOT_CHOICES: dict[tuple[int, object], frozenset[int]] = {}


def _ballot_choices(forum: Forum) -> frozenset[int]:
    key = (forum.pk, forum.created_at)
    found = _BALLOT_CHOICES.get(key)
    if found is None:
        found = frozenset(
            Statement.objects.filter(
                forum=forum, kind=StatementKind.ISSUE, removed=False, merged_into__isnull=True
            ).values_list("pk", flat=True)
        )
        if len(_BALLOT_CHOICES) > 100:
            _BALLOT_CHOICES.clear()
        _BALLOT_CHOICES[key] = found
    return found


@dataclass(frozen=True)
class DotsBallotIn:
    """One phone's whole allocation, as it sent it."""

    participant: Participant
    dots: Mapping[int, int]
    revision: int
    client_token: uuid.UUID


@transaction.atomic
def dots_cast(
    *, forum: Forum, participant: Participant, dots: Mapping[int, int], revision: int, client_token: uuid.UUID
) -> BallotResult:
    """Replace the participant's dots with `dots` unless a newer revision is already stored.

    Idempotent: a retry (same or older revision) returns the stored ballot unchanged.
    """
    ballot = DotsBallotIn(participant=participant, dots=dots, revision=revision, client_token=client_token)
    result = dots_cast_many(forum=forum, ballots=[ballot])[0]
    if isinstance(result, ValidationError):
        raise result
    return result


def _ballot_refusal(forum: Forum, item: DotsBallotIn, voting: bool) -> ValidationError | None:
    try:
        check_phone_write(item.participant)
    except ValidationError as exc:
        return exc
    if not voting:
        return ValidationError({"dots": ValidationError(_("Dot voting is not open."), code="closed")})
    message = _allocation_errors(forum, _clean(item.dots), _ballot_choices(forum))
    return ValidationError({"dots": message}) if message else None


def _clean(dots: Mapping[int, int]) -> dict[int, int]:
    return {int(k): int(v) for k, v in dots.items() if int(v) != 0}


# The model's own table and columns (quoted the standard way, which SQLite and PostgreSQL both read).
_STORE_REVISION = 'UPDATE "forum_dotballot" SET "revision" = %s, "client_token" = %s, "updated_at" = %s WHERE "id" = %s'

_STORE_DOT = 'INSERT INTO "forum_dot" ("ballot_id", "forum_id", "statement_id", "count") VALUES (%s, %s, %s, %s)'


def _store_revisions(ballots: Sequence[DotBallot]) -> None:
    """Write each ballot's revision, client token and time with one prepared UPDATE run for them all.

    Not `bulk_update`: it builds a CASE expression with a When per row, which was half the server's CPU at
    300 votes/s (py-spy, bench/RESULTS.md); `executemany` is one statement, executed once per ballot.
    """
    token, stamp = DotBallot._meta.get_field("client_token"), DotBallot._meta.get_field("updated_at")
    assert isinstance(token, models.Field) and isinstance(stamp, models.Field)
    rows = [
        (
            b.revision,
            token.get_db_prep_save(b.client_token, connection),
            stamp.get_db_prep_save(b.updated_at, connection),
            b.pk,
        )
        for b in ballots
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_STORE_REVISION, rows)


@transaction.atomic(savepoint=False)  # inside a batch's transaction: no savepoint of its own
def dots_cast_many(*, forum: Forum, ballots: Sequence[DotsBallotIn]) -> list[BallotResult | ValidationError]:
    """Apply many phones' allocations in one transaction, each as `dots_cast` would, in the order given.

    A batch costs the same few statements whatever its size (the group commit of websocket votes). Each
    ballot gets its result, or the refusal (in its participant's language) that `dots_cast` would raise; a
    refused ballot changes nothing. Assumes the participants are fresh (voided, language, forum).
    """
    voting, _responses = _forum_flags(forum)
    if any(item.participant.forum_id != forum.pk for item in ballots):
        raise ValidationError(_("You are not checked in to this forum."))
    ids = {item.participant.pk for item in ballots}
    # Locked in one order (PostgreSQL), so two processes' batches holding the same phones cannot deadlock.
    ballot_rows = DotBallot.objects.select_for_update().order_by("pk")
    stored = {b.participant_id: b for b in ballot_rows.filter(participant_id__in=ids)}
    if ids - stored.keys():  # first votes (a concurrent first vote from another process is ignored, then read)
        DotBallot.objects.bulk_create(
            [DotBallot(forum=forum, participant_id=pid) for pid in sorted(ids - stored.keys())], ignore_conflicts=True
        )
        stored.update((b.participant_id, b) for b in ballot_rows.filter(participant_id__in=ids - stored.keys()))
    current: dict[int, dict[int, int] | None] = {}  # ballot id -> its dots now (None: as stored, not yet read)
    results: list[BallotResult | ValidationError | int] = []
    for item in ballots:
        ballot = stored[item.participant.pk]
        if item.revision <= ballot.revision:
            current.setdefault(ballot.pk, None)
            results.append(ballot.pk)  # the stored state, filled in below
            continue
        with translation.override(item.participant.language):
            refusal = _ballot_refusal(forum, item, voting)
        if refusal is not None:
            results.append(refusal)
            continue
        ballot.revision, ballot.client_token, ballot.updated_at = item.revision, item.client_token, timezone.now()
        current[ballot.pk] = _clean(item.dots)
        results.append(BallotResult(current[ballot.pk] or {}, item.revision, applied=True))
    changed = [b for b in stored.values() if current.get(b.pk) is not None]
    if changed:
        _store_revisions(changed)
        Dot.objects.filter(ballot__in=changed).delete()
        rows = [(b.pk, forum.pk, sid, n) for b in changed for sid, n in (current[b.pk] or {}).items()]
        if rows:
            with connection.cursor() as cursor:  # as _store_revisions: no model instances, nothing read back
                cursor.executemany(_STORE_DOT, rows)
        mark_tally_dirty(forum)
    unread = [pk for pk, dots in current.items() if dots is None]
    as_stored: dict[int, dict[int, int]] = defaultdict(dict)
    if unread:
        for ballot_id, sid, count in Dot.objects.filter(ballot_id__in=unread).values_list(
            "ballot_id", "statement_id", "count"
        ):
            as_stored[ballot_id][sid] = count
    by_pk = {b.pk: b for b in stored.values()}
    return [
        BallotResult(dict(current.get(r) or as_stored[r]), by_pk[r].revision, applied=False)
        if isinstance(r, int)
        else r
        for r in results
    ]


@transaction.atomic
def voting_close(*, forum: Forum, actor: User) -> list[Statement]:
    """Close dot voting: record each issue's dots and rank the top K as the priority issues.

    Ties at the cut are broken by the order issues were recorded (earliest first), and said so on screen.
    """
    voting, _responses = _forum_flags(forum, exclusive=True)
    if not voting:
        raise ValidationError(_("Dot voting is not open."))
    tally = dot_tally(forum=forum)
    issues = issue_list(forum=forum)
    ranked = analysis.top_k(tally, forum.top_k, [s.pk for s in issues])
    rank = {sid: i for i, sid in enumerate(ranked, start=1)}
    for issue in issues:
        issue.final_dots = tally.get(issue.pk, 0)
        issue.priority_rank = rank.get(issue.pk)
        issue.save(update_fields=["final_dots", "priority_rank", "updated_at"])
        emit(forum, "put", "statements", events.statement_data(issue, statement_sources(issue)), id=issue.pk)
    Forum.objects.filter(pk=forum.pk).update(voting_open=False, voting_closed_at=timezone.now())
    forum.refresh_from_db(fields=["voting_open", "voting_closed_at"])
    emit_forum(forum)
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.voting_closed",
        target=forum,
        changes={"priorities": (None, ranked), "dots": (None, sum(tally.values()))},
    )
    return sorted((s for s in issues if s.priority_rank), key=lambda s: s.priority_rank or 0)


# How long a closed vote can be reopened (a slip of the finger on "close", or a group still voting).
CLOSE_UNDO_WINDOW = datetime.timedelta(minutes=2)


def voting_close_undoable(forum: Forum, *, now: datetime.datetime | None = None) -> bool:
    """Whether the vote closed so recently that it may still be reopened, with the second breakout not built."""
    closed = forum.voting_closed_at
    if closed is None or forum.voting_open:
        return False
    if (now or timezone.now()) - closed > CLOSE_UNDO_WINDOW:
        return False
    return not Breakout.objects.filter(forum=forum, round=2).exists()


@transaction.atomic
def voting_close_undo(*, forum: Forum, actor: User) -> Forum:
    """Reopen a vote closed within the last two minutes: the ranks are cleared and every dot placed still counts."""
    check_running(forum)
    _forum_flags(forum, exclusive=True)
    forum.refresh_from_db(fields=["voting_open", "voting_closed_at"])
    if not voting_close_undoable(forum):
        raise ValidationError(
            _("Closing the vote can be undone only within %(minutes)d minutes, before the mixed tables are built.")
            % {"minutes": CLOSE_UNDO_WINDOW.seconds // 60}
        )
    closed_at = forum.voting_closed_at
    for issue in issue_list(forum=forum):
        if issue.priority_rank is None and issue.final_dots is None:
            continue
        issue.final_dots, issue.priority_rank = None, None
        issue.save(update_fields=["final_dots", "priority_rank", "updated_at"])
        emit(forum, "put", "statements", events.statement_data(issue, statement_sources(issue)), id=issue.pk)
    Forum.objects.filter(pk=forum.pk).update(voting_open=True, voting_closed_at=None)
    forum.voting_open, forum.voting_closed_at = True, None
    emit_forum(forum)
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.voting_close_undone",
        target=forum,
        changes={"voting_closed_at": (closed_at.isoformat() if closed_at else None, None)},
    )
    return forum


def _check_solution_table(breakout: Breakout, issue: Statement) -> dict[str, str]:
    errors: dict[str, str] = {}
    if breakout.round != 2:
        errors["breakout"] = _("Solutions are written in the second breakout.")
    if issue.forum_id != breakout.forum_id or issue.priority_rank is None:
        errors["issue_id"] = _("Choose one of the priority issues.")
    return errors


@transaction.atomic
def solution_add(
    *,
    breakout: Breakout,
    issue: Statement,
    text: str,
    language: str,
    client_token: uuid.UUID | None = None,
    author: Participant | None = None,
    author_user: User | None = None,
) -> Solution:
    """A mixed table records a solution to a priority issue; a retry adds nothing."""
    forum = breakout.forum
    if client_token is not None:
        found = Solution.objects.filter(forum=forum, client_token=client_token).first()
        if found is not None:
            return found
    if not phases.forum_running(forum.program):
        raise ValidationError(_("This forum is not running."))
    if author is not None:
        check_phone_write(author)
        if Solution.objects.filter(forum=forum, author=author).count() >= SOLUTIONS_PER_PHONE:
            raise ValidationError(
                {
                    "text": _(
                        "This phone has added %(max)d solutions, the most one phone may add. Your facilitator can "
                        "add more."
                    )
                    % {"max": SOLUTIONS_PER_PHONE}
                }
            )
    errors = _check_solution_table(breakout, issue)
    if language not in PARTICIPANT_LANGUAGES:
        errors["language"] = _("Choose a language from the list.")
    text = clean_errors(errors, "text", lambda: clean_text(text, limit=SOLUTION_MAX))
    if errors:
        raise ValidationError(errors)
    solution, created = create_once(
        Solution,
        forum=forum,
        client_token=client_token,
        breakout=breakout,
        issue=issue,
        text=text,
        language=language,
        author=author,
        author_user=author_user,
    )
    if not created:
        return solution
    emit(forum, "put", "solutions", events.solution_data(solution), id=solution.pk)
    machine_translation.translate_later([forum])
    return solution


@transaction.atomic
def solution_edit(*, solution: Solution, text: str, actor: User) -> Solution:
    """A facilitator rewords a solution."""
    check_running(solution.forum)
    old = solution.text
    solution.text = clean_text(text, limit=SOLUTION_MAX)
    solution.save(update_fields=["text", "updated_at"])
    emit(solution.forum, "put", "solutions", events.solution_data(solution), id=solution.pk)
    machine_translation.translate_later([solution.forum])
    audit_record(
        actor=actor,
        program=solution.forum.program,
        action="forum.solution_edited",
        target=solution,
        changes={"text": (old, solution.text)},
    )
    return solution


@transaction.atomic
def solution_remove(*, solution: Solution, actor: User) -> None:
    """Take a solution off the list (kept for the record)."""
    check_running(solution.forum)
    solution.removed = True
    solution.save(update_fields=["removed", "updated_at"])
    emit(solution.forum, "del", "solutions", id=solution.pk)
    audit_record(actor=actor, program=solution.forum.program, action="forum.solution_removed", target=solution)


@transaction.atomic
def step_add(
    *,
    solution: Solution,
    text: str,
    language: str,
    who: str = "",
    by_when: str = "",
    client_token: uuid.UUID | None = None,
    author: Participant | None = None,
) -> ActionStep:
    """Add an action step (what, who, by when) to a solution; a retry adds nothing."""
    if client_token is not None:
        found = ActionStep.objects.filter(client_token=client_token).first()
        if found is not None:
            return found
    check_running(solution.forum)
    if author is not None:
        check_phone_write(author)
        if ActionStep.objects.filter(author=author).count() >= STEPS_PER_PHONE:
            raise ValidationError(
                {
                    "text": _(
                        "This phone has added %(max)d action steps, the most one phone may add. Your facilitator "
                        "can add more."
                    )
                    % {"max": STEPS_PER_PHONE}
                }
            )
    errors: dict[str, str] = {}
    if solution.removed:
        errors["solution"] = _("That solution has been removed.")
    if language not in PARTICIPANT_LANGUAGES:
        errors["language"] = _("Choose a language from the list.")
    text = clean_errors(errors, "text", lambda: clean_text(text, limit=STEP_MAX))
    if len(who) > 200:
        errors["who"] = _("Keep it under %(max)d characters.") % {"max": 200}
    if len(by_when) > 100:
        errors["by_when"] = _("Keep it under %(max)d characters.") % {"max": 100}
    if errors:
        raise ValidationError(errors)
    step = ActionStep.objects.create(
        solution=solution,
        text=text,
        language=language,
        who=who.strip(),
        by_when=by_when.strip(),
        client_token=client_token,
        author=author,
    )
    emit(solution.forum, "put", "solutions", events.solution_data(solution), id=solution.pk)
    machine_translation.translate_later([solution.forum])
    return step


@transaction.atomic
def responses_set_open(*, forum: Forum, is_open: bool, actor: User) -> Forum:
    """Open or close the room's agree / disagree / pass response to the solutions."""
    _forum_flags(forum, exclusive=True)
    if is_open and not Solution.objects.filter(forum=forum, removed=False).exists():
        raise ValidationError(_("There are no solutions to respond to yet."))
    Forum.objects.filter(pk=forum.pk).update(responses_open=is_open)
    forum.responses_open = is_open
    emit_forum(forum)
    action = "forum.responses_opened" if is_open else "forum.responses_closed"
    audit_record(actor=actor, program=forum.program, action=action, target=forum)
    return forum


@dataclass(frozen=True)
class ResponseResult:
    value: int
    revision: int
    applied: bool


@transaction.atomic
def response_record(*, participant: Participant, solution: Solution, value: int, revision: int) -> ResponseResult:
    """Record agree (1), disagree (-1) or pass (0); an older or repeated revision changes nothing."""
    forum = solution.forum
    if participant.forum_id != forum.pk:
        raise ValidationError(_("You are not checked in to this forum."))
    if solution.removed:
        raise ValidationError({"value": _("That solution has been removed.")})
    if value not in (-1, 0, 1):
        raise ValidationError({"value": _("Answer agree, disagree or pass.")})
    _voting, responses = _forum_flags(forum)
    existing = Response.objects.select_for_update().filter(participant=participant, solution=solution).first()
    if existing is not None and revision <= existing.revision:
        return ResponseResult(existing.value, existing.revision, applied=False)
    check_phone_write(participant)
    if not responses:
        raise ValidationError({"value": ValidationError(_("Responses to the solutions are not open."), code="closed")})
    if existing is None:
        try:
            with transaction.atomic():
                Response.objects.create(
                    forum=forum, participant=participant, solution=solution, value=value, revision=revision
                )
        except IntegrityError:  # a concurrent first answer won: apply ours only if newer
            existing = Response.objects.select_for_update().get(participant=participant, solution=solution)
            if revision <= existing.revision:
                return ResponseResult(existing.value, existing.revision, applied=False)
    if existing is not None:
        existing.value, existing.revision = value, revision
        existing.save(update_fields=["value", "revision", "updated_at"])
    mark_tally_dirty(forum, responses=True)
    return ResponseResult(value, revision, applied=True)
