"""What every forum service shares: sequenced events, published after commit."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from spcp.common.live import group_name, publish_on_commit, signal_now
from spcp.forum import events
from spcp.forum.models import Forum, ForumEvent, Participant

M = TypeVar("M", bound=models.Model)

# Events older than this many sequence numbers are pruned; a screen that far behind gets a snapshot.
KEEP_EVENTS = 2000


def forum_group(forum_id: int) -> str:
    return group_name("forum", forum_id)


def emit(forum: Forum, op: str, coll: str, data: Any = None, id: int | None = None) -> events.Event:
    """Record one event with the forum's next sequence number (same transaction) and publish it on commit."""
    Forum.objects.filter(pk=forum.pk).update(seq=F("seq") + 1)
    seq = Forum.objects.values_list("seq", flat=True).get(pk=forum.pk)
    forum.seq = seq
    event: dict[str, Any] = {"seq": seq, "op": op, "coll": coll}
    if id is not None:
        event["id"] = id
    if op != "del":
        event["data"] = data
    ForumEvent.objects.create(forum=forum, seq=seq, payload=event)
    if seq % 500 == 0:
        ForumEvent.objects.filter(forum=forum, seq__lte=seq - KEEP_EVENTS).delete()
    publish_on_commit(forum_group(forum.pk), {"type": "event", "event": event})
    return event  # type: ignore[return-value]  # built as a plain dict, shaped as events.Event


class _DirtyMark:
    """An on-commit hook telling every process's room that a forum's live tally changed."""

    def __init__(self, forum_id: int) -> None:
        self.forum_id = forum_id
        self.responses = False

    def __call__(self) -> None:
        signal_now(forum_group(self.forum_id), {"type": "tally.dirty", "responses": self.responses})


def mark_tally_dirty(forum: Forum, *, responses: bool = False) -> None:
    """After commit, have the rooms recompute the forum's tally (`responses`: the support for solutions too).

    One layer message per forum per transaction however many votes it holds: a batch of 200 ballots is one
    message. (Django clears its list of commit hooks at commit and rollback, so it tells a hook of this
    transaction from an earlier one's.)
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _savepoints, hook, _robust in connection.run_on_commit:
            if isinstance(hook, _DirtyMark) and hook.forum_id == forum.pk:
                hook.responses = hook.responses or responses
                return
    mark = _DirtyMark(forum.pk)
    mark.responses = responses
    transaction.on_commit(mark)


def emit_forum(forum: Forum) -> None:
    forum.refresh_from_db(fields=["current_segment"])
    emit(forum, "set", "forum", events.forum_data(forum))


def create_once(model: type[M], *, forum: Forum, client_token: uuid.UUID | None, **fields: Any) -> tuple[M, bool]:
    """Create a row keyed by the phone's client token; a retry racing in on another process gets the first."""
    try:
        with transaction.atomic():
            return model._default_manager.create(forum=forum, client_token=client_token, **fields), True
    except IntegrityError:
        if client_token is None:
            raise
        return model._default_manager.get(forum=forum, client_token=client_token), False


def clean_errors(errors: dict[str, str], field: str, check: Any) -> Any:
    """Run `check()`, adding its ValidationError's message to `errors` under `field` instead of raising."""
    try:
        return check()
    except ValidationError as exc:
        errors[field] = exc.messages[0]
        return None


def day_over(forum: Forum) -> bool:
    """Whether the conciliator has ended the day (its last segment has ended)."""
    segment = forum.current_segment
    return segment is not None and segment.ended_at is not None


def voided_message() -> str:
    from django.utils.translation import gettext as _

    return _("The organizers voided this phone's ballot. Please ask at the check-in desk.")


def check_phone_write(participant: Participant, *, segments: Collection[str] = (), closed: str = "") -> None:
    """Refuse a phone's write unless its ballot stands, the forum is running and its day is not over, and (when
    `segments` is given) the room is in one of those segments; `closed` then says why in the phone's language."""
    from django.utils.translation import gettext as _

    from spcp.forum import phases

    forum = participant.forum
    if participant.voided:
        raise ValidationError(voided_message(), code="closed")
    if not phases.forum_running(forum.program) or day_over(forum):
        raise ValidationError(_("The forum is over, so phones can no longer change anything."), code="closed")
    if segments:
        current = forum.current_segment.kind if forum.current_segment is not None else ""
        if current not in segments:
            raise ValidationError(closed, code="closed")


def check_running(forum: Forum) -> None:
    """Refuse a change to the day outside the forum phase (views and the API say why first; this is the backstop)."""
    from django.utils.translation import gettext as _

    from spcp.forum import phases

    if not phases.forum_running(forum.program):
        raise ValidationError(_("This forum is not running."), code="closed")
