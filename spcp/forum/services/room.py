"""Who is in the room and at which table: check-in, and the two rounds of breakout groups."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spcp import analysis
from spcp.accounts.models import User
from spcp.forum import events, phases
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    Breakout,
    BreakoutMember,
    Forum,
    Participant,
    Solution,
    Statement,
    Ticket,
)
from spcp.forum.selectors import breakout_list, breakout_sizes, facilitator_list, participant_people, priority_list
from spcp.forum.services._common import check_phone_write, day_over, emit, mark_tally_dirty, voided_message
from spcp.planning.models import Invitation, Sector
from spcp.programs.services import audit_record

NAME_MAX = 60


@dataclass(frozen=True)
class JoinResult:
    participant: Participant
    created: bool


def _check_open(forum: Forum) -> None:
    if not phases.forum_running(forum.program) or day_over(forum):
        raise ValidationError(_("This forum is not open for check-in."), code="closed")


def _check_profile(forum: Forum, sector: Sector, language: str, display_name: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if sector.program_id != forum.program_id:
        errors["sector_id"] = _("Choose your sector from the list.")
    if language not in PARTICIPANT_LANGUAGES:
        errors["language"] = _("Choose a language from the list.")
    if len(display_name) > NAME_MAX:
        errors["display_name"] = _("Keep the display name under %(max)d characters.") % {"max": NAME_MAX}
    return errors


def _refuse_voided(participant: Participant) -> None:
    if participant.voided:
        raise ValidationError({"ticket": ValidationError(voided_message(), code="voided")})


@transaction.atomic
def participant_join(
    *,
    forum: Forum,
    join_token: uuid.UUID,
    language: str,
    display_name: str = "",
    ticket: Ticket | None = None,
    sector: Sector | None = None,
    device: str = "",
) -> JoinResult:
    """Check a phone in (no account). A retry with the same join token returns the same participant.

    With a ticket (the default way in) the ticket gives the sector and binds to this one participant; a second
    phone with the same ticket is refused. Without one, only an open room admits the phone, with a self-chosen
    sector and one ballot per `device` (a keyed hash of the phone's signed device id). A latecomer is seated
    at once if the tables already exist.
    """
    found = Participant.objects.filter(forum=forum, join_token=join_token).first()
    if found is not None:
        _refuse_voided(found)
        return JoinResult(found, created=False)
    _check_open(forum)
    display_name = " ".join(display_name.split())
    if ticket is not None:
        if ticket.forum_id != forum.pk:
            raise ValidationError({"ticket": _("That ticket code is not valid for this forum.")})
        if ticket.participant_id is not None:
            raise ValidationError({"ticket": ValidationError(ticket_used_message(), code="used")})
        sector = ticket.sector
    elif not forum.open_room:
        raise ValidationError({"ticket": _("Enter the ticket code you were given at check-in.")})
    elif sector is None:
        raise ValidationError({"sector_id": _("Choose your sector from the list.")})
    elif device:
        same_device = Participant.objects.filter(forum=forum, device=device).first()
        if same_device is not None:  # one ballot per device: this phone joined before (its storage was cleared)
            _refuse_voided(same_device)
            return JoinResult(same_device, created=False)
    errors = _check_profile(forum, sector, language, display_name)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                forum=forum,
                join_token=join_token,
                sector=sector,
                language=language,
                display_name=display_name,
                device=device if ticket is None else "",
                # An invitation's ticket: the invitee is then checked in (staff can't check them in again).
                invitation=ticket.invitation if ticket is not None else None,
            )
            if ticket is not None:
                # Settled by the database, not a row lock: of two phones racing with one ticket, one binds it.
                bound = Ticket.objects.filter(pk=ticket.pk, participant__isnull=True).update(
                    participant=participant, used_at=timezone.now()
                )
                if not bound:
                    raise _TicketTaken
    except _TicketTaken:
        raise ValidationError({"ticket": ValidationError(ticket_used_message(), code="used")}) from None
    except IntegrityError:  # the same retry (or the same device) raced in on another process
        again = Participant.objects.filter(forum=forum, join_token=join_token).first()
        if again is None and device and ticket is None:
            again = Participant.objects.filter(forum=forum, device=device).first()
        if again is None:
            raise
        _refuse_voided(again)
        return JoinResult(again, created=False)
    _seat_latecomer(forum, participant)
    mark_tally_dirty(forum, responses=True)  # the head-count, and the members behind each support line
    return JoinResult(participant, created=True)


class _TicketTaken(Exception):
    pass


def ticket_used_message() -> str:
    return _("This ticket has already been used on another phone. Please ask at the check-in desk.")


@transaction.atomic
def participant_checkin_invitee(*, forum: Forum, invitation: Invitation, language: str, actor: User) -> Participant:
    """Staff check in a registered invitee (e.g. without a phone); checking in twice returns the first."""
    if invitation.program_id != forum.program_id:
        raise ValidationError(_("That invitation belongs to another program."))
    found = Participant.objects.filter(forum=forum, invitation=invitation).first()
    if found is not None:
        return found
    _check_open(forum)
    language = {"zh": "zh-hans"}.get(language, language)  # invitations record program languages
    if language not in PARTICIPANT_LANGUAGES:
        language = "en"
    participant = Participant.objects.create(
        forum=forum, sector=invitation.sector, language=language, invitation=invitation, checked_in_by=actor
    )
    # The invitee's own ticket (sent with the invitation) is spent: one person, one ballot.
    Ticket.objects.filter(forum=forum, invitation=invitation, participant__isnull=True).update(
        participant=participant, used_at=timezone.now()
    )
    _seat_latecomer(forum, participant)
    mark_tally_dirty(forum, responses=True)
    audit_record(actor=actor, program=forum.program, action="forum.invitee_checked_in", target=participant)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, language: str, display_name: str) -> Participant:
    """A participant changes their screen language or display name (while the day runs)."""
    check_phone_write(participant)
    display_name = " ".join(display_name.split())
    errors = _check_profile(participant.forum, participant.sector, language, display_name)
    if errors:
        raise ValidationError(errors)
    participant.language, participant.display_name = language, display_name
    participant.save(update_fields=["language", "display_name", "updated_at"])
    return participant


def _seat_latecomer(forum: Forum, participant: Participant) -> None:
    sizes = breakout_sizes(forum=forum)
    for round_ in (1, 2):
        tables = breakout_list(forum=forum, round=round_)
        if not tables:
            continue
        own = [t for t in tables if any(s.pk == participant.sector_id for s in t.sectors.all())] if round_ == 1 else []
        choice = min(own or tables, key=lambda t: (sizes.get(t.pk, 0), t.number))
        BreakoutMember.objects.create(breakout=choice, participant=participant, round=round_)
        sizes[choice.pk] = sizes.get(choice.pk, 0) + 1
        emit(forum, "put", "breakouts", events.breakout_data(choice, sizes[choice.pk]), id=choice.pk)


def _emit_breakouts(forum: Forum) -> None:
    sizes = breakout_sizes(forum=forum)
    emit(
        forum,
        "set",
        "breakouts",
        {str(b.pk): events.breakout_data(b, sizes.get(b.pk, 0)) for b in breakout_list(forum=forum)},
    )


def _place_facilitators(
    forum: Forum, tables: Sequence[Breakout], members: Sequence[Sequence[Participant]]
) -> list[analysis.Problem]:
    facilitators = facilitator_list(forum=forum)
    # Facilitators record program languages ("zh"); participants pick a screen language ("zh-hans").
    group_languages = [sorted({p.language.split("-")[0] for p in people}) for people in members]
    placed, problems = analysis.place_facilitators(
        group_languages,
        [analysis.Facilitator(id=f.pk, languages=tuple(f.languages or ())) for f in facilitators],
        seed=forum.breakout_seed,
    )
    for table, ids in zip(tables, placed, strict=True):
        table.facilitators.set(ids)
    return list(problems)


@dataclass(frozen=True)
class BuildResult:
    tables: list[Breakout]
    problems: list[analysis.Problem]


@transaction.atomic
def breakouts_build_first(*, forum: Forum, actor: User) -> BuildResult:
    """Breakout 1: same-sector tables (large sectors split, tiny ones merged by the solver's stated rule)."""
    if Statement.objects.filter(forum=forum).exists():
        raise ValidationError(_("Tables have already recorded statements, so the first breakout can't be rebuilt."))
    people = participant_people(forum=forum)
    if not people:
        raise ValidationError(_("No one has checked in yet."))
    forum.breakouts.filter(round=1).delete()
    groups = analysis.same_sector_groups(people, seed=forum.breakout_seed)
    by_id = {p.pk: p for p in Participant.objects.filter(forum=forum)}
    tables, members = [], []
    for number, (sector_ids, person_ids) in enumerate(groups, start=1):
        table = Breakout.objects.create(forum=forum, round=1, number=number)
        table.sectors.set(sector_ids)
        BreakoutMember.objects.bulk_create(
            BreakoutMember(breakout=table, participant_id=pid, round=1) for pid in person_ids
        )
        tables.append(table)
        members.append([by_id[pid] for pid in person_ids])
    problems = _place_facilitators(forum, tables, members)
    _emit_breakouts(forum)
    audit_record(actor=actor, program=forum.program, action="forum.breakouts_built", changes={"round": (None, 1)})
    return BuildResult(tables, problems)


@transaction.atomic
def breakouts_build_second(*, forum: Forum, actor: User, groups: int, seed: int) -> BuildResult:
    """Breakout 2: mixed tables with every sector at every table when the check-in allows, and the
    priority issues shared out among them. Deterministic for a given seed."""
    if Solution.objects.filter(forum=forum).exists():
        raise ValidationError(_("Tables have already recorded solutions, so the second breakout can't be rebuilt."))
    people = participant_people(forum=forum)
    errors: dict[str, str] = {}
    if not people:
        errors["groups"] = _("No one has checked in yet.")
    elif not 1 <= groups <= len(people):
        errors["groups"] = _("Choose between 1 and %(max)d groups.") % {"max": len(people)}
    if errors:
        raise ValidationError(errors)
    forum.breakouts.filter(round=2).delete()
    Forum.objects.filter(pk=forum.pk).update(breakout_seed=seed)
    forum.breakout_seed = seed
    assignment = analysis.mixed_groups(people, groups, seed=seed)
    by_id = {p.pk: p for p in Participant.objects.filter(forum=forum)}
    priorities = priority_list(forum=forum)
    tables, members = [], []
    for number, person_ids in enumerate(assignment.groups, start=1):
        table = Breakout.objects.create(forum=forum, round=2, number=number)
        BreakoutMember.objects.bulk_create(
            BreakoutMember(breakout=table, participant_id=pid, round=2) for pid in person_ids
        )
        table.sectors.set(sorted({by_id[pid].sector_id for pid in person_ids}))
        if priorities:
            table.issues.set([priorities[(number - 1) % len(priorities)]])
        tables.append(table)
        members.append([by_id[pid] for pid in person_ids])
    problems = list(assignment.problems) + _place_facilitators(forum, tables, members)
    _emit_breakouts(forum)
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.breakouts_built",
        changes={"round": (None, 2), "seed": (None, seed)},
    )
    return BuildResult(tables, problems)


@transaction.atomic
def breakout_member_move(*, participant: Participant, breakout: Breakout, actor: User) -> list[analysis.Problem]:
    """Move one person to another table of the same round by hand; returns the constraints that now fail."""
    if breakout.forum_id != participant.forum_id:
        raise ValidationError(_("That table belongs to another forum."))
    BreakoutMember.objects.filter(participant=participant, round=breakout.round).delete()
    BreakoutMember.objects.create(breakout=breakout, participant=participant, round=breakout.round)
    forum = breakout.forum
    if breakout.round == 2:
        for table in breakout_list(forum=forum, round=2):
            table.sectors.set(sorted(set(table.members.values_list("sector_id", flat=True))))
    _emit_breakouts(forum)
    audit_record(actor=actor, program=forum.program, action="forum.participant_moved", target=breakout)
    return breakout_problems(forum=forum, round=breakout.round)


def breakout_problems(*, forum: Forum, round: int) -> list[analysis.Problem]:
    """Re-check a round's tables against the constraints (mixed tables: every sector, balance)."""
    from spcp.forum.selectors import round_groups

    if round != 2:
        return []
    return list(analysis.check_assignment(round_groups(forum=forum, round=2), participant_people(forum=forum)))


@transaction.atomic
def breakout_issues_set(*, breakout: Breakout, issues: Sequence[Statement], actor: User) -> Breakout:
    """Choose which priority issues a mixed table works on."""
    if any(i.forum_id != breakout.forum_id or i.priority_rank is None for i in issues):
        raise ValidationError(_("Choose priority issues from the list."))
    breakout.issues.set(issues)
    sizes = breakout_sizes(forum=breakout.forum)
    emit(breakout.forum, "put", "breakouts", events.breakout_data(breakout, sizes.get(breakout.pk, 0)), id=breakout.pk)
    audit_record(actor=actor, program=breakout.forum.program, action="forum.table_issues_set", target=breakout)
    return breakout
