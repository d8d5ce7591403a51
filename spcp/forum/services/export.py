"""The deliberate export of the day's responses (Pol.is format): program staff only, and audited."""

from __future__ import annotations

from django.db import transaction

from spcp.accounts.models import User
from spcp.forum import polis_export, selectors
from spcp.forum.models import Forum
from spcp.programs.services import audit_record


@transaction.atomic
def responses_export(*, forum: Forum, actor: User) -> bytes:
    """The responses round as a Pol.is zip (pseudonymous ids only), with an audit entry saying who took it
    and how much it held."""
    data = selectors.responses_round(forum=forum)
    ids = polis_export.pseudonyms(data.participants)
    archive = polis_export.polis_zip(polis_export.polis_files(data, ids))
    audit_record(
        actor=actor,
        program=forum.program,
        action="forum.responses_exported",
        target=forum,
        changes={"comments": (None, len(data.comments)), "votes": (None, len(data.votes))},
    )
    return archive
