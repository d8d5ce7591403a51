"""A phone's votes: its dot allocation and its answers to the solutions, from the HTTP API or its websocket.

One implementation for both edges (the API and the consumer are thin and import this, never each other). The
websocket's votes are run in batches by the per-process writer (`forum.writer`): `run_batch` applies a
batch in one transaction and answers each command only once that transaction has committed. The phone's
participant is held by its socket and refreshed here, once per batch, in one query (its ballot may have been
voided and its language changed since it said hello), as is its forum (the day may have ended).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from spcp.common.api import error_payload
from spcp.common.api_errors import validation_payload
from spcp.forum import selectors, services
from spcp.forum.models import Forum, Participant
from spcp.forum.schemas import BallotOut, DotsIn, ForumResponseIn, ForumResponseOut

# Codes of refusals that are about the moment or the state of things (409), not about the input (422).
CONFLICT_CODES = frozenset({"closed", "used", "voided"})


def error_status(exc: ValidationError) -> int:
    """409 when the moment of the day is wrong (e.g. voting closed) or a ticket is spent, 422 for bad input."""
    return 409 if getattr(exc, "code", None) in CONFLICT_CODES or _is_closed(exc) else 422


def _is_closed(exc: ValidationError) -> bool:
    if hasattr(exc, "error_dict"):
        return any(e.code in CONFLICT_CODES for errors in exc.error_dict.values() for e in errors)
    return False


def ballot_out(forum: Forum, result: services.BallotResult) -> BallotOut:
    return BallotOut(
        dots=result.dots,
        revision=result.revision,
        applied=result.applied,
        remaining=max(0, forum.dots_per_participant - sum(result.dots.values())),
    )


def cast_dots(forum: Forum, participant: Participant, payload: DotsIn) -> BallotOut:
    """Place a phone's dots (the HTTP API; the websocket's go through `run_batch`)."""
    result = services.dots_cast(
        forum=forum,
        participant=participant,
        dots=payload.dots,
        revision=payload.revision,
        client_token=payload.client_token,
    )
    return ballot_out(forum, result)


def record_response(
    forum: Forum, participant: Participant, solution_id: int, payload: ForumResponseIn
) -> ForumResponseOut:
    """Record a phone's answer to a solution (from the HTTP API or, in a batch, the phone's websocket)."""
    solution = selectors.solution_for_forum(forum=forum, solution_id=solution_id)
    if solution is None:
        raise ValidationError({"value": _("That solution is not on the list. Reload the page.")})
    result = services.response_record(
        participant=participant, solution=solution, value=payload.value, revision=payload.revision
    )
    return ForumResponseOut(value=result.value, revision=result.revision, applied=result.applied)


@dataclass(frozen=True)
class Command:
    """One vote a phone sent over its socket, parsed and checked for shape."""

    participant: Participant
    kind: Literal["dots", "respond"]
    dots: DotsIn | None = None
    answer: ForumResponseIn | None = None
    solution_id: int = 0


@dataclass(frozen=True)
class Outcome:
    """The answer to one command: `result` when it was accepted (applied or a retry), else `status`, `error`."""

    result: dict[str, Any] | None = None
    status: int = 200
    error: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result is not None


def parse(participant: Participant, message: dict[str, Any]) -> Command | Outcome:
    """A socket message (`dots` or `respond`) as a command, or the 422 refusal of its shape."""
    with translation.override(participant.language):
        try:
            if message["type"] == "dots":
                payload = DotsIn.model_validate(
                    {
                        "client_token": message.get("id"),
                        "revision": message.get("revision"),
                        "dots": message.get("dots"),
                    }
                )
                return Command(participant=participant, kind="dots", dots=payload)
            answer = ForumResponseIn.model_validate(
                {"revision": message.get("revision"), "value": message.get("value")}
            )
        except pydantic.ValidationError as exc:
            return Outcome(status=422, error=validation_payload([dict(e) for e in exc.errors(include_url=False)]))
        solution = message.get("solution")
        if not isinstance(solution, int) or isinstance(solution, bool):
            unknown = ValidationError({"value": _("That solution is not on the list. Reload the page.")})
            return Outcome(status=422, error=error_payload(unknown))
        return Command(participant=participant, kind="respond", answer=answer, solution_id=solution)


def _refresh(commands: Sequence[Command]) -> None:
    """Bring the held participants and their forums up to date: two queries for the whole batch."""
    forums = {
        f.pk: f
        for f in Forum.objects.select_related("program", "current_segment").filter(
            pk__in={c.participant.forum_id for c in commands}
        )
    }
    rows = Participant.objects.filter(pk__in={c.participant.pk for c in commands}).values_list(
        "pk", "voided_at", "language"
    )
    fresh = {pk: (voided_at, language) for pk, voided_at, language in rows}
    for command in commands:
        participant = command.participant
        participant.voided_at, participant.language = fresh[participant.pk]
        participant.forum = forums[participant.forum_id]


def _refusal(participant: Participant, exc: ValidationError) -> Outcome:
    with translation.override(participant.language):
        return Outcome(status=error_status(exc), error=error_payload(exc))


@transaction.atomic
def run_batch(commands: Sequence[Command]) -> list[Outcome]:
    """Apply the commands in one transaction, each with the rules of the HTTP API, in the order given.

    The outcomes are valid once this returns (the transaction has committed); if it raises, nothing was stored
    and no command may be acknowledged.
    """
    _refresh(commands)
    outcomes: dict[int, Outcome] = {}
    by_forum: dict[int, list[int]] = defaultdict(list)
    for i, command in enumerate(commands):
        if command.kind == "dots":
            by_forum[command.participant.forum_id].append(i)
    for indexes in by_forum.values():
        forum = commands[indexes[0]].participant.forum
        ballots = []
        for i in indexes:
            payload = commands[i].dots
            assert payload is not None
            ballots.append(
                services.DotsBallotIn(
                    participant=commands[i].participant,
                    dots=payload.dots,
                    revision=payload.revision,
                    client_token=payload.client_token,
                )
            )
        for i, result in zip(indexes, services.dots_cast_many(forum=forum, ballots=ballots), strict=True):
            if isinstance(result, ValidationError):
                outcomes[i] = _refusal(commands[i].participant, result)
            else:
                outcomes[i] = Outcome(result=ballot_out(forum, result).model_dump())
    for i, command in enumerate(commands):
        if command.kind == "respond":
            participant = command.participant
            assert command.answer is not None
            with translation.override(participant.language):
                try:
                    out = record_response(participant.forum, participant, command.solution_id, command.answer)
                    outcomes[i] = Outcome(result=out.model_dump())
                except ValidationError as exc:
                    outcomes[i] = _refusal(participant, exc)
    return [outcomes[i] for i in range(len(commands))]
