"""The forum's JSON API: everything a phone does (mounted at /api/forum), and the conciliator's controls
(mounted at /api/programs/{id}/forum).

Phones have no account: they join with the room's code and then send the token they were given in the
X-Participant-Token header. Every submission carries a client-generated id or revision, so a retry after a
lost connection changes nothing. Errors come back in the participant's own language.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import APIKeyHeader

from spcp.accounts.models import User
from spcp.common import metrics
from spcp.common.api import ErrorOut, Int64, body_schema, error_payload, parse_body, staff_auth
from spcp.common.ratelimit import rate_limited
from spcp.forum import commands, phases, selectors, services
from spcp.forum.commands import error_status
from spcp.forum.models import PARTICIPANT_LANGUAGES, Forum, Participant, Segment, Solution, Statement
from spcp.forum.schemas import (
    AnswerOut,
    BallotOut,
    ControlOut,
    CouncilIn,
    CreatedOut,
    DotsIn,
    ForumPublicOut,
    ForumResponseIn,
    ForumResponseOut,
    ForumStateOut,
    ForumStepIn,
    JoinIn,
    JoinOut,
    MeIn,
    MeOut,
    PriorityOut,
    ResultsOut,
    RuleIn,
    SegmentOut,
    SolutionIn,
    SolutionResultOut,
    StatementIn,
)
from spcp.planning.models import Sector
from spcp.planning.schemas import SectorOut

T = TypeVar("T")


class ParticipantToken(APIKeyHeader):
    """The token a phone received when it joined (kept in the phone's local storage)."""

    param_name = "X-Participant-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> str | None:
        return key or None


participant_auth = ParticipantToken()
# Votes over HTTP are counted here; the websocket's, in batches, by the writer (`forum.writer`).
_cast_dots = metrics.vote("dots")(commands.cast_dots)
_record_response = metrics.vote("respond")(commands.record_response)

router = Router(tags=["forum (phones)"])
staff_router = Router(tags=["forum (staff)"], auth=staff_auth)

ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _participant(request: HttpRequest, code: str) -> tuple[Forum, Participant]:
    participant = selectors.participant_for_code(code=code, token=request.auth)  # type: ignore[attr-defined]
    if participant is None:
        selectors.forum_by_code(code)  # 404 for an unknown code, 403 for a wrong token
        raise _Denied
    return participant.forum, participant


class _Denied(Exception):
    pass


def _in_language(request: HttpRequest, code: str, work: Callable[[Forum, Participant], T]) -> T | tuple[int, Any]:
    """Run `work` for the participant behind the token, answering errors in the participant's language."""
    try:
        forum, participant = _participant(request, code)
    except _Denied:
        return Status(403, ErrorOut(detail=_("Check in to this forum first.")))  # type: ignore[return-value]
    with translation.override(participant.language):
        try:
            return work(forum, participant)
        except ValidationError as exc:
            return Status(error_status(exc), ErrorOut(**error_payload(exc)))  # type: ignore[return-value]


# --- who may join ------------------------------------------------------------------------------------------
# A venue's Wi-Fi puts every phone behind one address, so the per-address limits only stop a script, not a
# room: 1,000 phones joining (with retries) stay well under them.
TICKET_TRIES_PER_ADDRESS = 3000  # ticket codes tried per address and forum per hour (31^8 codes: no guessing)
OPEN_JOINS_PER_ADDRESS = 1500  # open-room joins per address and forum per 10 minutes
DEVICE_COOKIE = "spcp_device"
DEVICE_SALT = "spcp.forum.device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 30


def _device(request: HttpRequest, response: HttpResponse) -> str:
    """This phone's device key for an open room: a keyed hash of the id in its signed cookie (set if missing)."""
    device_id = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    if not device_id:
        device_id = secrets.token_urlsafe(18)
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device_id,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return hmac.new(settings.SECRET_KEY.encode(), device_id.encode(), hashlib.sha256).hexdigest()[:40]


def _field_error(field: str, message: str) -> ErrorOut:
    return ErrorOut(detail=_("Please correct the errors below."), errors={field: [message]})


def me_out(participant: Participant) -> MeOut:
    me = selectors.me_get(participant=participant)
    return MeOut(
        id=participant.pk,
        sector_id=participant.sector_id,
        language=participant.language,
        display_name=participant.display_name,
        breakouts=me.breakouts,
        dots=me.dots,
        revision=me.revision,
        responses={sid: AnswerOut(value=v, revision=r) for sid, (v, r) in me.responses.items()},
        volunteered=me.volunteered,
    )


@router.get("/{code}", response={200: ForumPublicOut, 404: ErrorOut}, summary="What the join page shows")
def forum_public(request: HttpRequest, code: str) -> ForumPublicOut:
    forum = selectors.forum_by_code(code)
    return ForumPublicOut(
        code=forum.join_code,
        title=forum.program.localized_title().text,
        titles=forum.program.all_titles,
        city=forum.program.city,
        open=phases.forum_running(forum.program),
        open_room=forum.open_room,
        languages=list(PARTICIPANT_LANGUAGES),
        sectors=[SectorOut(**SectorOut.fields_of(s)) for s in selectors.sector_list(forum=forum)],
    )


@router.post(
    "/{code}/join",
    response={200: JoinOut, 201: JoinOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    openapi_extra=body_schema(JoinIn),
    summary="Check a phone in with its check-in ticket (or, in an open room, with the room code alone)",
)
def join(request: HttpRequest, code: str, response: HttpResponse) -> Any:
    forum = selectors.forum_by_code(code)
    payload = parse_body(JoinIn, request)
    with translation.override(payload.language):
        ticket, sector, device = None, None, ""
        if payload.ticket.strip():
            if rate_limited(request, f"forum-ticket:{forum.pk}", limit=TICKET_TRIES_PER_ADDRESS):
                return Status(
                    429, ErrorOut(detail=_("Too many tries from this network. Please ask at the check-in desk."))
                )
            ticket = selectors.ticket_for_code(forum=forum, code=payload.ticket)
            if ticket is None:
                return Status(
                    422,
                    _field_error("ticket", _("That ticket code is not valid for this forum. Check it and try again.")),
                )
        elif payload.sector_id is not None:
            sector = Sector.objects.filter(pk=payload.sector_id, program_id=forum.program_id).first()
            if sector is None:
                return Status(422, _field_error("sector_id", _("Choose your sector from the list.")))
        if ticket is None and forum.open_room:
            if rate_limited(request, f"forum-open-join:{forum.pk}", limit=OPEN_JOINS_PER_ADDRESS, window_seconds=600):
                return Status(
                    429,
                    ErrorOut(detail=_("Too many phones joined from this network. Please ask at the check-in desk.")),
                )
            device = _device(request, response)
        try:
            result = services.participant_join(
                forum=forum,
                join_token=payload.join_token,
                ticket=ticket,
                sector=sector,
                device=device,
                language=payload.language,
                display_name=payload.display_name,
            )
        except ValidationError as exc:
            return Status(error_status(exc), ErrorOut(**error_payload(exc)))
    out = JoinOut(token=result.participant.token, created=result.created, me=me_out(result.participant))
    return Status(201 if result.created else 200, out)


@router.get("/{code}/me", response={200: MeOut, **ERRORS}, auth=participant_auth, summary="This phone's own state")
def me(request: HttpRequest, code: str) -> Any:
    return _in_language(request, code, lambda forum, participant: me_out(participant))


@router.patch(
    "/{code}/me",
    response={200: MeOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(MeIn),
    summary="Change language or display name",
)
def me_update(request: HttpRequest, code: str) -> Any:
    def work(forum: Forum, participant: Participant) -> MeOut:
        payload = parse_body(MeIn, request)
        services.participant_update(
            participant=participant, language=payload.language, display_name=payload.display_name
        )
        return me_out(participant)

    return _in_language(request, code, work)


@router.get(
    "/{code}/state",
    response={200: ForumStateOut, **ERRORS},
    auth=participant_auth,
    summary="Polling fallback: the snapshot, or the events after `since`, and the live tallies",
)
def state(request: HttpRequest, code: str, since: Int64 = 0) -> Any:
    def work(forum: Forum, participant: Participant) -> ForumStateOut:
        return _state(forum, since, phone=True)

    return _in_language(request, code, work)


def _state(forum: Forum, since: int, *, phone: bool = False) -> ForumStateOut:
    found = selectors.events_since(forum=forum, seq=since) if since else None
    tally = selectors.live_tally(forum_id=forum.pk)
    if phone:
        tally = selectors.for_phones(tally)
    if found is not None:
        return ForumStateOut(events=[dict(e) for e in found], tally=tally)
    return ForumStateOut(snapshot=selectors.snapshot_get(forum=forum), tally=tally)


@router.post(
    "/{code}/rules",
    response={200: CreatedOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(RuleIn),
    summary="Propose a ground rule",
)
def rule_add(request: HttpRequest, code: str) -> Any:
    def work(forum: Forum, participant: Participant) -> CreatedOut:
        payload = parse_body(RuleIn, request)
        rule = services.ground_rule_add(
            forum=forum,
            text=payload.text,
            language=payload.language,
            client_token=payload.client_token,
            participant=participant,
        )
        return CreatedOut(id=rule.pk)

    return _in_language(request, code, work)


def _my_table(participant: Participant, round_: int) -> Any:
    from spcp.forum.models import Breakout

    table = Breakout.objects.select_related("forum__program").filter(members=participant, round=round_).first()
    if table is None:
        raise ValidationError(_("You have not been given a table yet."), code="closed")
    return table


@router.post(
    "/{code}/statements",
    response={200: CreatedOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(StatementIn),
    summary="Add a strength or an issue at my first-breakout table",
)
def statement_add(request: HttpRequest, code: str) -> Any:
    def work(forum: Forum, participant: Participant) -> CreatedOut:
        payload = parse_body(StatementIn, request)
        statement = services.statement_add(
            breakout=_my_table(participant, 1),
            kind=payload.kind,
            text=payload.text,
            language=payload.language,
            client_token=payload.client_token,
            author=participant,
        )
        return CreatedOut(id=statement.pk)

    return _in_language(request, code, work)


@router.put(
    "/{code}/dots",
    response={200: BallotOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(DotsIn),
    summary="Place my dots (the whole allocation)",
)
def dots(request: HttpRequest, code: str) -> Any:
    return _in_language(request, code, lambda forum, p: _cast_dots(forum, p, parse_body(DotsIn, request)))


@router.post(
    "/{code}/solutions",
    response={200: CreatedOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(SolutionIn),
    summary="Add a solution at my second-breakout table",
)
def solution_add(request: HttpRequest, code: str) -> Any:
    def work(forum: Forum, participant: Participant) -> CreatedOut:
        payload = parse_body(SolutionIn, request)
        issue = Statement.objects.filter(forum=forum, pk=payload.issue_id).first()
        if issue is None:
            raise ValidationError({"issue_id": _("Choose one of the priority issues.")})
        solution = services.solution_add(
            breakout=_my_table(participant, 2),
            issue=issue,
            text=payload.text,
            language=payload.language,
            client_token=payload.client_token,
            author=participant,
        )
        return CreatedOut(id=solution.pk)

    return _in_language(request, code, work)


@router.post(
    "/{code}/solutions/{solution_id}/steps",
    response={200: CreatedOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(ForumStepIn),
    summary="Add an action step to my table's solution",
)
def step_add(request: HttpRequest, code: str, solution_id: int) -> Any:
    def work(forum: Forum, participant: Participant) -> CreatedOut:
        table = _my_table(participant, 2)
        solution = Solution.objects.filter(forum=forum, pk=solution_id, breakout=table, removed=False).first()
        if solution is None:
            raise ValidationError({"solution": _("Add steps to your own table's solutions.")})
        payload = parse_body(ForumStepIn, request)
        step = services.step_add(
            solution=solution,
            text=payload.text,
            language=payload.language,
            who=payload.who,
            by_when=payload.by_when,
            client_token=payload.client_token,
            author=participant,
        )
        return CreatedOut(id=step.pk)

    return _in_language(request, code, work)


@router.put(
    "/{code}/responses/{solution_id}",
    response={200: ForumResponseOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(ForumResponseIn),
    summary="Agree, disagree or pass on a solution",
)
def respond(request: HttpRequest, code: str, solution_id: int) -> Any:
    return _in_language(
        request, code, lambda forum, p: _record_response(forum, p, solution_id, parse_body(ForumResponseIn, request))
    )


@router.post(
    "/{code}/council",
    response={200: CreatedOut, **ERRORS},
    auth=participant_auth,
    openapi_extra=body_schema(CouncilIn),
    summary="Volunteer for the SPCP council",
)
def council(request: HttpRequest, code: str) -> Any:
    def work(forum: Forum, participant: Participant) -> CreatedOut:
        payload = parse_body(CouncilIn, request)
        volunteer = services.council_volunteer(
            participant=participant, name=payload.name, contact=payload.contact, show_name=payload.show_name
        )
        return CreatedOut(id=volunteer.pk)

    return _in_language(request, code, work)


def results_out(forum: Forum, *, phone: bool = False) -> ResultsOut:
    priorities = selectors.priority_list(forum=forum)
    counts = dict(
        Statement.objects.filter(merged_into__in=priorities)
        .values("merged_into")
        .annotate(n=Count("id"))
        .values_list("merged_into", "n")
    )
    return ResultsOut(
        dots={} if phone and selectors.totals_hidden(forum) else selectors.dot_tally(forum=forum),
        priorities=[
            PriorityOut(
                id=s.pk,
                rank=s.priority_rank or 0,
                text=s.text,
                language=s.language,
                dots=s.final_dots or 0,
                sources=counts.get(s.pk, 0),
            )
            for s in priorities
        ],
        solutions=[SolutionResultOut(**r.__dict__) for r in selectors.solution_results(forum=forum)],
    )


@router.get(
    "/{code}/results", response={200: ResultsOut, **ERRORS}, auth=participant_auth, summary="The room's results"
)
def results(request: HttpRequest, code: str) -> Any:
    return _in_language(request, code, lambda forum, participant: results_out(forum, phone=True))


# --- staff -------------------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def control_out(forum: Forum) -> ControlOut:
    forum = selectors.forum_by_code(forum.join_code)
    return ControlOut(
        program_id=forum.program_id,
        code=forum.join_code,
        current=forum.current_segment.kind if forum.current_segment else None,
        segments=[
            SegmentOut(
                id=s.pk,
                kind=s.kind,
                label=s.get_kind_display(),
                order=s.order,
                planned_start=s.planned_start.strftime("%H:%M"),
                planned_minutes=s.planned_minutes,
                started_at=s.started_at.isoformat() if s.started_at else None,
                ended_at=s.ended_at.isoformat() if s.ended_at else None,
            )
            for s in forum.segments.order_by("order")
        ],
        participants=selectors.participant_count(forum=forum),
        voting_open=forum.voting_open,
        voting_closed=forum.voting_closed_at is not None,
        responses_open=forum.responses_open,
        council_open=forum.council_signup_open,
    )


def _staff(request: HttpRequest, program_id: int, work: Callable[[Forum], Any], perm: str = "forum.run_forum") -> Any:
    forum = selectors.access_forum(request.user, program_id, perm=perm)
    try:
        return work(forum)
    except ValidationError as exc:
        return Status(409, ErrorOut(**error_payload(exc)))


@staff_router.get("/{program_id}/forum", response={200: ControlOut, 404: ErrorOut}, summary="The run of show")
def control(request: HttpRequest, program_id: int) -> Any:
    return _staff(request, program_id, control_out, perm="forum.view_forum")


@staff_router.post(
    "/{program_id}/forum/segments/{segment_id}/start",
    response={200: ControlOut, 404: ErrorOut, 409: ErrorOut},
    summary="Move the room to a segment",
)
def segment_start(request: HttpRequest, program_id: int, segment_id: int) -> Any:
    def work(forum: Forum) -> ControlOut:
        segment = Segment.objects.filter(forum=forum, pk=segment_id).first()
        if segment is None:
            raise ValidationError(_("That segment belongs to another forum."))
        if not phases.forum_running(forum.program):
            raise ValidationError(_("This forum is not running."))
        services.segment_start(forum=forum, segment=segment, actor=_actor(request))
        return control_out(forum)

    return _staff(request, program_id, work)


@staff_router.post("/{program_id}/forum/voting/open", response={200: ControlOut, 404: ErrorOut, 409: ErrorOut})
def voting_open(request: HttpRequest, program_id: int) -> Any:
    return _staff(request, program_id, lambda f: control_out(services.voting_open(forum=f, actor=_actor(request))))


@staff_router.post("/{program_id}/forum/voting/close", response={200: ResultsOut, 404: ErrorOut, 409: ErrorOut})
def voting_close(request: HttpRequest, program_id: int) -> Any:
    def work(forum: Forum) -> ResultsOut:
        services.voting_close(forum=forum, actor=_actor(request))
        return results_out(forum)

    return _staff(request, program_id, work)


@staff_router.post("/{program_id}/forum/responses/{state}", response={200: ControlOut, 404: ErrorOut, 409: ErrorOut})
def responses_state(request: HttpRequest, program_id: int, state: str) -> Any:
    if state not in ("open", "close"):
        return Status(404, ErrorOut(detail=_("Not found.")))
    return _staff(
        request,
        program_id,
        lambda f: control_out(services.responses_set_open(forum=f, is_open=state == "open", actor=_actor(request))),
    )


@staff_router.get("/{program_id}/forum/results", response={200: ResultsOut, 404: ErrorOut})
def staff_results(request: HttpRequest, program_id: int) -> Any:
    return _staff(request, program_id, results_out, perm="forum.view_forum")


@staff_router.get("/{program_id}/forum/state", response={200: ForumStateOut, 404: ErrorOut})
def staff_state(request: HttpRequest, program_id: int, since: Int64 = 0) -> Any:
    return _staff(request, program_id, lambda f: _state(f, since), perm="forum.view_forum")
