"""Translations of what participants write (statements, solutions, action steps, the room's own ground rules).

The original text and its language tag are never touched: a translation is a row beside it, one per language,
typed by a person on the translation desk or made by the machine translator (shown as such until a person
confirms it). Each change re-sends the item's event, so phones and the projector switch to the new text live.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.forum import events
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    ActionStep,
    Forum,
    GroundRule,
    Solution,
    Statement,
    TextTranslation,
    TranslationSource,
    original_hash,
)
from spcp.forum.selectors import statement_sources
from spcp.forum.services._common import emit
from spcp.programs.services import audit_record

Translatable = Statement | Solution | ActionStep | GroundRule
TRANSLATION_MAX = 800


def translatable_forum(item: Translatable) -> Forum:
    if isinstance(item, ActionStep):
        return item.solution.forum
    return item.forum


def translation_link(item: Translatable) -> dict[str, Translatable]:
    """The one foreign key of TextTranslation that points at `item`."""
    if isinstance(item, Statement):
        return {"statement": item}
    if isinstance(item, Solution):
        return {"solution": item}
    if isinstance(item, ActionStep):
        return {"step": item}
    return {"rule": item}


def _emit_item(item: Translatable) -> None:
    """Send the item again (with its translations) to every screen."""
    forum = translatable_forum(item)
    if isinstance(item, Statement):
        emit(forum, "put", "statements", events.statement_data(item, statement_sources(item)), id=item.pk)
    elif isinstance(item, GroundRule):
        emit(forum, "put", "rules", events.rule_data(item), id=item.pk)
    else:
        solution = item.solution if isinstance(item, ActionStep) else item
        emit(forum, "put", "solutions", events.solution_data(solution), id=solution.pk)


def _check(item: Translatable, language: str, text: str) -> str:
    if language not in PARTICIPANT_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the forum's languages.")})
    if language == item.language:
        raise ValidationError({"language": _("This text is already written in that language.")})
    if getattr(item, "removed", False):
        raise ValidationError(_("That text has been removed."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the translation first.")})
    if len(text) > TRANSLATION_MAX:
        raise ValidationError({"text": _("Keep it under %(max)d characters.") % {"max": TRANSLATION_MAX}})
    return text


def _save(item: Translatable, language: str, **fields: object) -> TextTranslation:
    """Insert or replace the item's translation into `language` (a concurrent insert is replaced, not doubled)."""
    link = translation_link(item)
    forum = translatable_forum(item)
    updated = TextTranslation.objects.filter(**link, language=language).update(**fields)
    if not updated:
        try:
            with transaction.atomic():
                return TextTranslation.objects.create(forum=forum, **link, language=language, **fields)
        except IntegrityError:
            TextTranslation.objects.filter(**link, language=language).update(**fields)
    return TextTranslation.objects.get(**link, language=language)


@transaction.atomic
def translation_submit(*, item: Translatable, language: str, text: str, actor: User) -> TextTranslation:
    """A person's translation of a participant's text (or their confirmation of the machine's, sent unchanged).

    Idempotent: the same text sent again by anyone changes nothing, writes no audit entry and sends no event.
    """
    text = _check(item, language, text)
    current = original_hash(item.text)
    found = TextTranslation.objects.filter(**translation_link(item), language=language).first()
    if (
        found is not None
        and found.source == TranslationSource.HUMAN
        and found.text == text
        and found.original_hash == current
    ):
        return found
    saved = _save(item, language, text=text, source=TranslationSource.HUMAN, original_hash=current, confirmed_by=actor)
    before = found.text if found is not None else ""
    audit_record(
        actor=actor,
        program=translatable_forum(item).program,
        action="forum.translation_confirmed" if found is not None and found.text == text else "forum.translation_saved",
        target=item,
        changes={f"translation ({language})": (before, text)},
    )
    _emit_item(item)
    return saved


@transaction.atomic
def translation_store_machine(*, item: Translatable, language: str, text: str) -> TextTranslation | None:
    """Keep the machine translator's version unless a person's translation of the same text is there already."""
    text = _check(item, language, text)
    current = original_hash(item.text)
    found = TextTranslation.objects.filter(**translation_link(item), language=language).first()
    if found is not None and found.original_hash == current:
        if found.source == TranslationSource.HUMAN or found.text == text:
            return None
    saved = _save(item, language, text=text, source=TranslationSource.MACHINE, original_hash=current, confirmed_by=None)
    _emit_item(item)
    return saved
