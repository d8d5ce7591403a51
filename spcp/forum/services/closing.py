"""The end of the day: council sign-up and representatives, and the facilitators' fidelity logs."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.forum import events
from spcp.forum.models import CouncilFormed, CouncilVolunteer, FidelityLog, Forum, GuideFollowed, Participant
from spcp.forum.services._common import check_phone_write, check_running, emit, emit_forum
from spcp.programs.services import audit_record
from spcp.training.models import Facilitator

# A phone number as people type it: an optional +, then digits with spaces, dots, dashes or brackets between
# them, and an optional extension ("ext. 12", "x12"); 7 to 15 digits before any extension (E.164 allows 15).
_PHONE = re.compile(r"\+?[\d ().-]+?(?: *(?:ext\.?|x) *\d{1,6})?", re.IGNORECASE)
_EXTENSION = re.compile(r" *(?:ext\.?|x) *\d{1,6}$", re.IGNORECASE)


def _is_contact(contact: str) -> bool:
    """Whether `contact` is an email address or a phone number CRS could use (not "x", not a name)."""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return False
        return True
    if not _PHONE.fullmatch(contact):
        return False
    digits = sum(c.isdigit() for c in _EXTENSION.sub("", contact))
    return 7 <= digits <= 15


@transaction.atomic
def council_signup_set_open(*, forum: Forum, is_open: bool, actor: User) -> Forum:
    """Open or close council sign-up on the participants' phones."""
    check_running(forum)
    Forum.objects.filter(pk=forum.pk).update(council_signup_open=is_open)
    forum.council_signup_open = is_open
    emit_forum(forum)
    action = "forum.council_signup_opened" if is_open else "forum.council_signup_closed"
    audit_record(actor=actor, program=forum.program, action=action, target=forum)
    return forum


@transaction.atomic
def council_volunteer(*, participant: Participant, name: str, contact: str, show_name: bool) -> CouncilVolunteer:
    """A participant offers to serve on the council; sending again updates the same offer."""
    forum = participant.forum
    errors: dict[str, str] = {}
    name, contact = " ".join(name.split()), contact.strip()
    check_phone_write(participant)
    if not forum.council_signup_open:
        raise ValidationError({"name": ValidationError(_("Council sign-up is not open."), code="closed")})
    if not name:
        errors["name"] = _("Enter your name.")
    elif len(name) > 150:
        errors["name"] = _("Keep it under %(max)d characters.") % {"max": 150}
    if not contact:
        errors["contact"] = _("Enter an email address or phone number so CRS can reach you.")
    elif len(contact) > 200:
        errors["contact"] = _("Keep it under %(max)d characters.") % {"max": 200}
    elif not _is_contact(contact):
        errors["contact"] = _(
            "Enter an email address (like name@example.com) or a phone number with its area code, so CRS can reach you."
        )
    if errors:
        raise ValidationError(errors)
    fields = {"forum": forum, "name": name, "contact": contact, "show_name": show_name}
    try:
        with transaction.atomic():
            volunteer, _created = CouncilVolunteer.objects.update_or_create(participant=participant, defaults=fields)
    except IntegrityError:
        volunteer = CouncilVolunteer.objects.get(participant=participant)
    if volunteer.representative:
        emit(forum, "put", "council", events.council_data(volunteer), id=volunteer.pk)
    return volunteer


@transaction.atomic
def representative_set(*, volunteer: CouncilVolunteer, chosen: bool, actor: User) -> CouncilVolunteer:
    """Record that a sector chose (or no longer chooses) this volunteer as its council representative."""
    check_running(volunteer.forum)
    volunteer.representative = chosen
    volunteer.save(update_fields=["representative", "updated_at"])
    if chosen:
        emit(volunteer.forum, "put", "council", events.council_data(volunteer), id=volunteer.pk)
    else:
        emit(volunteer.forum, "del", "council", id=volunteer.pk)
    audit_record(
        actor=actor,
        program=volunteer.forum.program,
        action="forum.representative_chosen" if chosen else "forum.representative_unchosen",
        target=volunteer,
    )
    return volunteer


FIDELITY_FIELDS = ("guide_followed", "deviations", "hot_spots", "hot_spot_notes", "council_formed", "notes")


@transaction.atomic
def fidelity_log_submit(*, forum: Forum, facilitator: Facilitator, data: dict[str, Any], actor: User) -> FidelityLog:
    """File (or correct) a facilitator's fidelity log for the forum."""
    if facilitator.program_id != forum.program_id:
        raise ValidationError(_("That facilitator belongs to another program."))
    errors: dict[str, str] = {}
    if data.get("guide_followed") not in GuideFollowed.values:
        errors["guide_followed"] = _("Say whether you followed the facilitator guide.")
    if data.get("council_formed") not in CouncilFormed.values:
        errors["council_formed"] = _("Say whether a council was formed.")
    if data.get("hot_spots") and not str(data.get("hot_spot_notes", "")).strip():
        errors["hot_spot_notes"] = _("Describe the hot spots and how they were handled.")
    if errors:
        raise ValidationError(errors)
    values = {f: data.get(f, "" if f != "hot_spots" else False) for f in FIDELITY_FIELDS}
    log, created = FidelityLog.objects.update_or_create(
        forum=forum, facilitator=facilitator, defaults={**values, "submitted_by": actor}
    )
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.fidelity_filed" if created else "forum.fidelity_corrected",
        target=log,
    )
    return log
