"""Strengths and issues recorded at the round-1 tables, edited there, and merged across tables."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.forum import events, machine_translation, phases, vectors
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    Breakout,
    Forum,
    MergeDecision,
    Participant,
    Statement,
    StatementKind,
)
from spcp.forum.selectors import statement_sources
from spcp.forum.services._common import check_phone_write, clean_errors, create_once, emit
from spcp.programs.services import audit_record

TEXT_MAX = 500
# What one phone may add at its table (a busy table records a few dozen statements in all).
STATEMENTS_PER_PHONE = 30


def clean_text(text: str, *, field: str = "text", limit: int = TEXT_MAX) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > limit:
        raise ValidationError({field: _("Keep it under %(max)d characters.") % {"max": limit}})
    return text


def _put(statement: Statement) -> None:
    emit(
        statement.forum,
        "put",
        "statements",
        events.statement_data(statement, statement_sources(statement)),
        id=statement.pk,
    )


def _check_active(statement: Statement) -> None:
    if not statement.active:
        raise ValidationError(_("That statement has been merged or removed."))


def _check_editable(forum: Forum) -> None:
    if not phases.forum_running(forum.program):
        raise ValidationError(_("This forum is not running."), code="closed")
    if forum.voting_open or forum.voting_closed_at:
        raise ValidationError(_("Dot voting has started, so issues can no longer change."), code="closed")


@transaction.atomic
def statement_add(
    *,
    breakout: Breakout,
    kind: str,
    text: str,
    language: str,
    client_token: uuid.UUID | None = None,
    author: Participant | None = None,
    author_user: User | None = None,
) -> Statement:
    """Record a strength or issue at a round-1 table, in the language written; a retry adds nothing."""
    forum = breakout.forum
    if client_token is not None:
        found = Statement.objects.filter(forum=forum, client_token=client_token).first()
        if found is not None:
            return found
    _check_editable(forum)
    if author is not None:
        check_phone_write(author)
        if Statement.objects.filter(forum=forum, author=author).count() >= STATEMENTS_PER_PHONE:
            raise ValidationError(
                {
                    "text": _(
                        "This phone has added %(max)d statements, the most one phone may add. Your facilitator can "
                        "add more."
                    )
                    % {"max": STATEMENTS_PER_PHONE}
                }
            )
    errors: dict[str, str] = {}
    if kind not in StatementKind.values:
        errors["kind"] = _("Choose strength or issue.")
    if language not in PARTICIPANT_LANGUAGES:
        errors["language"] = _("Choose a language from the list.")
    if breakout.round != 1:
        errors["breakout"] = _("Strengths and issues are recorded in the first breakout.")
    text = clean_errors(errors, "text", lambda: clean_text(text))
    if errors:
        raise ValidationError(errors)
    statement, created = create_once(
        Statement,
        forum=forum,
        client_token=client_token,
        breakout=breakout,
        kind=kind,
        text=text,
        language=language,
        author=author,
        author_user=author_user,
    )
    if not created:
        return statement
    _put(statement)
    vectors.embed_later([statement])
    machine_translation.translate_later([forum])
    return statement


@transaction.atomic
def statement_edit(*, statement: Statement, text: str, kind: str, actor: User) -> Statement:
    """A facilitator rewords a statement (or moves it between strengths and issues)."""
    _check_editable(statement.forum)
    _check_active(statement)
    if kind not in StatementKind.values:
        raise ValidationError({"kind": _("Choose strength or issue.")})
    old = (statement.text, statement.kind)
    statement.text, statement.kind = clean_text(text), kind
    statement.save(update_fields=["text", "kind", "updated_at"])
    _put(statement)
    vectors.embed_later([statement])
    machine_translation.translate_later([statement.forum])
    audit_record(
        actor=actor,
        program=statement.forum.program,
        action="forum.statement_edited",
        target=statement,
        changes={"text": (old[0], statement.text), "kind": (old[1], kind)},
    )
    return statement


@transaction.atomic
def statement_remove(*, statement: Statement, actor: User) -> None:
    """Take a statement off the table (kept for the record)."""
    _check_editable(statement.forum)
    _check_active(statement)
    statement.removed = True
    statement.save(update_fields=["removed", "updated_at"])
    emit(statement.forum, "del", "statements", id=statement.pk)
    audit_record(actor=actor, program=statement.forum.program, action="forum.statement_removed", target=statement)


@transaction.atomic
def statement_split(*, statement: Statement, texts: Sequence[str], actor: User) -> list[Statement]:
    """Split one statement into several (two issues written as one); the original is kept, removed."""
    _check_editable(statement.forum)
    _check_active(statement)
    parts = [t.strip() for t in texts if t.strip()]
    if len(parts) < 2:
        raise ValidationError({"texts": _("Write at least two parts to split into.")})
    created = [
        Statement.objects.create(
            forum=statement.forum,
            breakout=statement.breakout,
            kind=statement.kind,
            text=clean_text(t, field="texts"),
            language=statement.language,
            author_user=actor,
        )
        for t in parts
    ]
    statement.removed = True
    statement.save(update_fields=["removed", "updated_at"])
    emit(statement.forum, "del", "statements", id=statement.pk)
    for new in created:
        _put(new)
    vectors.embed_later(created)
    machine_translation.translate_later([statement.forum])
    audit_record(
        actor=actor,
        program=statement.forum.program,
        action="forum.statement_split",
        target=statement,
        changes={"into": (None, [s.pk for s in created])},
    )
    return created


def _merge(target: Statement, sources: Sequence[Statement]) -> dict[str, list[int]]:
    """Point the sources (and what had been merged into them) at `target`; returns what was re-pointed."""
    moved: dict[str, list[int]] = {}
    for source in sources:
        source.merged_into = target
        source.save(update_fields=["merged_into", "updated_at"])
        earlier = list(Statement.objects.filter(merged_into=source).values_list("pk", flat=True))
        if earlier:
            moved[str(source.pk)] = earlier
            Statement.objects.filter(pk__in=earlier).update(merged_into=target)
        emit(target.forum, "del", "statements", id=source.pk)
    _put(target)
    return moved


def _check_merge(statements: Sequence[Statement]) -> None:
    if len(statements) < 2:
        raise ValidationError(_("Choose at least two statements to merge."))
    forum_ids = {s.forum_id for s in statements}
    if len(forum_ids) != 1 or any(not s.active for s in statements):
        raise ValidationError(_("Those statements can't be merged."))
    if len({s.kind for s in statements}) != 1:
        raise ValidationError(_("Merge strengths with strengths and issues with issues."))
    _check_editable(statements[0].forum)


@transaction.atomic
def statement_merge(*, target: Statement, sources: Sequence[Statement], actor: User) -> Statement:
    """Merge statements at one table into `target` (the sources stay attached to it)."""
    _check_merge([target, *sources])
    if any(s.breakout_id != target.breakout_id for s in sources):
        raise ValidationError(_("At a table, merge only that table's statements."))
    _merge(target, sources)
    audit_record(
        actor=actor,
        program=target.forum.program,
        action="forum.statements_merged",
        target=target,
        changes={"sources": (None, [s.pk for s in sources])},
    )
    return target


@transaction.atomic
def merge_confirm(*, statements: Sequence[Statement], actor: User, text: str = "", manual: bool = False) -> Statement:
    """Merge issues that say the same thing, from any tables and in any languages (a suggested cluster, or
    chosen by hand when `manual`): the oldest carries the others as its sources; undoable until the vote."""
    ordered = sorted(statements, key=lambda s: s.pk)
    _check_merge(ordered)
    target, sources = ordered[0], ordered[1:]
    previous_text = target.text
    if text.strip():
        target.text = clean_text(text)
        target.save(update_fields=["text", "updated_at"])
        vectors.embed_later([target])
        machine_translation.translate_later([target.forum])
    moved = _merge(target, sources)
    MergeDecision.objects.create(
        forum=target.forum,
        statement_ids=[s.pk for s in ordered],
        accepted=True,
        decided_by=actor,
        manual=manual,
        target=target,
        previous_text=previous_text,
        moved=moved,
    )
    audit_record(
        actor=actor,
        program=target.forum.program,
        action="forum.issues_merged_by_hand" if manual else "forum.duplicates_merged",
        target=target,
        changes={"sources": (None, [s.pk for s in sources])},
    )
    return target


@transaction.atomic
def merge_undo(*, decision: MergeDecision, actor: User) -> list[Statement]:
    """Undo a merge before dot voting: every merged issue stands on its own again, with its own wording."""
    forum = decision.forum
    _check_editable(forum)
    # The conditional update settles two undos racing each other: only one finds the decision still open.
    claimed = MergeDecision.objects.filter(pk=decision.pk, accepted=True, undone_at__isnull=True).update(
        undone_at=timezone.now(), undone_by=actor
    )
    target_id = decision.target_id or 0
    target = Statement.objects.filter(pk=target_id, forum=forum).first()
    sources = list(Statement.objects.filter(pk__in=decision.statement_ids, forum=forum).exclude(pk=target_id))
    if (
        not claimed
        or target is None
        or not target.active
        or not sources
        or any(s.merged_into_id != target.pk or s.removed for s in sources)
    ):
        raise ValidationError(_("This merge can no longer be undone: its issues have changed since."), code="stale")
    for source in sources:
        source.merged_into = None
        source.save(update_fields=["merged_into", "updated_at"])
        earlier = decision.moved.get(str(source.pk), [])
        Statement.objects.filter(pk__in=earlier, merged_into=target).update(merged_into=source)
    if decision.previous_text and decision.previous_text != target.text:
        target.text = decision.previous_text
        target.save(update_fields=["text", "updated_at"])
        vectors.embed_later([target])
    _put(target)
    for source in sources:
        _put(source)
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.merge_undone",
        target=target,
        changes={"sources": ([s.pk for s in sources], None)},
    )
    return [target, *sources]


@transaction.atomic
def merge_reject(*, statements: Sequence[Statement], actor: User) -> None:
    """Reject a suggested duplicate cluster so it is not suggested again."""
    _check_merge(statements)
    forum = statements[0].forum
    ids = sorted(s.pk for s in statements)
    MergeDecision.objects.create(forum=forum, statement_ids=ids, accepted=False, decided_by=actor)
    audit_record(
        actor=actor, program=forum.program, action="forum.duplicates_kept", changes={"statements": (None, ids)}
    )
