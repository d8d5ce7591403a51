"""Who may hold a ballot: one-time check-in tickets, the explicit open-room mode, and voiding a ballot.

A room code is on the projector, so it proves nothing. By default a phone joins with a ticket that staff issued
at check-in (at the desk, on a badge sheet or with an invitation), which records the holder's sector and so
their constituency (law enforcement or community): the constituency is no longer self-declared. For informal
events staff may open the room (audited): then the room code is enough, one ballot per device, and the run page
compares the ballots with the people checked in. Staff can void a ballot (audited); the tallies drop it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.forum.models import Forum, Participant, Ticket, new_ticket_code
from spcp.forum.services._common import check_running, mark_tally_dirty
from spcp.planning.models import Invitation, Sector
from spcp.programs.services import audit_record

# How many tickets one request may print (a badge sheet for a large forum).
TICKETS_MAX = 500
LANGUAGE_MAX = 10
REASON_MAX = 200
DOOR_COUNT_MAX = 100_000


def _new_ticket(forum: Forum, **fields: object) -> Ticket:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Ticket.objects.create(forum=forum, code=new_ticket_code(), **fields)
        except IntegrityError:  # a code collision (1 in 10^11): draw again
            continue
    raise RuntimeError("could not allocate a ticket code")


@transaction.atomic
def tickets_issue(*, forum: Forum, sector: Sector, count: int, actor: User | None, language: str = "") -> list[Ticket]:
    """Issue `count` one-time tickets for people of `sector` (one at the desk, or a badge sheet)."""
    errors: dict[str, str] = {}
    if sector.program_id != forum.program_id:
        errors["sector"] = _("Choose a sector from the list.")
    if not 1 <= count <= TICKETS_MAX:
        errors["count"] = _("Issue between 1 and %(max)d tickets at a time.") % {"max": TICKETS_MAX}
    if len(language) > LANGUAGE_MAX:
        errors["language"] = _("Choose a language from the list.")
    if errors:
        raise ValidationError(errors)
    tickets = [_new_ticket(forum, sector=sector, language=language, issued_by=actor) for _ in range(count)]
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.tickets_issued",
        target=forum,
        changes={"sector": (None, sector.pk), "count": (None, count)},
    )
    return tickets


@transaction.atomic
def tickets_issue_for_invitations(
    *, forum: Forum, invitations: Sequence[Invitation], actor: User | None
) -> list[Ticket]:
    """Issue one ticket per invitation that has none yet (sent with the invitation or printed on a badge)."""
    if any(i.program_id != forum.program_id for i in invitations):
        raise ValidationError(_("That invitation belongs to another program."))
    have = set(Ticket.objects.filter(forum=forum, invitation__in=invitations).values_list("invitation_id", flat=True))
    tickets = [
        _new_ticket(forum, sector=i.sector, language=i.language or "", invitation=i, issued_by=actor)
        for i in invitations
        if i.pk not in have
    ]
    if tickets:
        audit_record(
            actor=actor,
            program=forum.program,
            action="forum.tickets_issued",
            target=forum,
            changes={"invitations": (None, len(tickets))},
        )
    return tickets


@transaction.atomic
def forum_join_mode_set(*, forum: Forum, open_room: bool, door_count: int, actor: User) -> Forum:
    """Choose how phones join: with a ticket (the default) or, for informal events, with the room code alone
    (one ballot per device); and record how many people were counted in at the door without a ticket."""
    check_running(forum)
    if not 0 <= door_count <= DOOR_COUNT_MAX:
        raise ValidationError({"door_count": _("Enter a number between 0 and 100,000.")})
    changes = {
        key: (before, after)
        for key, before, after in (
            ("open_room", forum.open_room, open_room),
            ("door_count", forum.door_count, door_count),
        )
        if before != after
    }
    if not changes:
        return forum
    Forum.objects.filter(pk=forum.pk).update(open_room=open_room, door_count=door_count, updated_at=timezone.now())
    forum.open_room, forum.door_count = open_room, door_count
    audit_record(actor=actor, program=forum.program, action="forum.join_mode_changed", target=forum, changes=changes)
    return forum


@transaction.atomic
def participant_void(*, participant: Participant, actor: User, reason: str) -> Participant:
    """Void a ballot: its dots and answers leave every tally and its token can no longer write (kept for the
    record). Voiding twice changes nothing."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why this ballot is voided.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}})
    check_running(participant.forum)
    now = timezone.now()
    # A conditional update settles two staff voiding at once without row locks.
    changed = Participant.objects.filter(pk=participant.pk, voided_at__isnull=True).update(
        voided_at=now, voided_by=actor, void_reason=reason, updated_at=now
    )
    participant.refresh_from_db(fields=["voided_at", "voided_by", "void_reason"])
    if changed:
        mark_tally_dirty(participant.forum, responses=True)  # a voided ballot's dots and answers leave the tallies
        audit_record(
            actor=actor,
            program=participant.forum.program,
            action="forum.ballot_voided",
            target=participant,
            changes={"reason": (None, reason)},
        )
    return participant
