"""Reads for translations of participants' text: which languages the room needs, and what still lacks each one,
in the order the room needs it (the issues on the ballot first, then solutions and their steps, then the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from django.db.models import F

from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    ActionStep,
    Forum,
    GroundRule,
    Participant,
    Solution,
    Statement,
    StatementKind,
    TextTranslation,
    TranslationSource,
    original_hash,
)

# Staff screens and the documents speak English and Korean; participants' phones speak their own language.
STAFF_LANGUAGES = ("en", "ko")

Translatable = Statement | Solution | ActionStep | GroundRule


class Need(IntEnum):
    """Why the room needs an item translated, most urgent first."""

    BALLOT = 0  # an issue on the ballot (or to be)
    SOLUTION = 1
    STEP = 2
    OTHER = 3  # strengths, the room's own ground rules


@dataclass(frozen=True)
class QueueItem:
    need: Need
    kind: str  # statement | solution | step | rule: the desk form's name for it
    item: Translatable
    translation: TextTranslation | None  # the current machine translation to confirm, if any


def room_languages(*, forum: Forum) -> list[str]:
    """The languages the room reads: every phone's (ballots not voided) plus the staff's, in the site's order."""
    used = set(
        Participant.objects.filter(forum=forum, voided_at__isnull=True).values_list("language", flat=True).distinct()
    )
    return [code for code in PARTICIPANT_LANGUAGES if code in used or code in STAFF_LANGUAGES]


def _items(forum: Forum) -> list[tuple[Need, str, Translatable]]:
    statements = (
        Statement.objects.filter(forum=forum, removed=False, merged_into__isnull=True)
        .select_related("breakout")
        .prefetch_related("translations")
        .order_by(F("priority_rank").asc(nulls_last=True), "id")
    )
    solutions = list(
        Solution.objects.filter(forum=forum, removed=False)
        .select_related("issue")
        .prefetch_related("translations", "steps__translations")
        .order_by(F("issue__priority_rank").asc(nulls_last=True), "id")
    )
    rules = GroundRule.objects.filter(forum=forum, removed=False, key="").prefetch_related("translations")
    found: list[tuple[Need, str, Translatable]] = []
    others: list[tuple[Need, str, Translatable]] = []
    for statement in statements:
        if statement.kind == StatementKind.ISSUE:
            found.append((Need.BALLOT, "statement", statement))
        else:
            others.append((Need.OTHER, "statement", statement))
    found += [(Need.SOLUTION, "solution", s) for s in solutions]
    found += [(Need.STEP, "step", step) for s in solutions for step in s.steps.all()]
    others += [(Need.OTHER, "rule", r) for r in rules if r.text]
    return found + others


def _current(item: Translatable, language: str) -> TextTranslation | None:
    digest = original_hash(item.text)
    for t in item.translations.all():
        if t.language == language and t.original_hash == digest:
            return t
    return None


def translation_queue(*, forum: Forum, language: str) -> list[QueueItem]:
    """What still lacks a person's translation into `language`, most needed first (machine ones to confirm too)."""
    queue = []
    for need, kind, item in _items(forum):
        if item.language == language:
            continue
        current = _current(item, language)
        if current is None or current.source == TranslationSource.MACHINE:
            queue.append(QueueItem(need=need, kind=kind, item=item, translation=current))
    return queue


def translations_missing(*, forum: Forum, languages: list[str]) -> list[tuple[Translatable, str]]:
    """(item, language) pairs with no current translation at all, most needed first (for the machine)."""
    return [
        (item, language)
        for _need, _kind, item in _items(forum)
        for language in languages
        if language != item.language and _current(item, language) is None
    ]


def translatable_get(*, forum: Forum, kind: str, item_id: int) -> Translatable | None:
    """One of the forum's translatable items by the desk's name for its kind, or None."""
    if kind == "statement":
        return Statement.objects.filter(forum=forum, pk=item_id, removed=False).first()
    if kind == "solution":
        return Solution.objects.filter(forum=forum, pk=item_id, removed=False).first()
    if kind == "step":
        return ActionStep.objects.filter(solution__forum=forum, pk=item_id).select_related("solution__forum").first()
    if kind == "rule":
        return GroundRule.objects.filter(forum=forum, pk=item_id, removed=False, key="").first()
    return None


def confirmed_translations(*, forum: Forum, kind: str) -> dict[int, dict[str, str]]:
    """People's translations of the forum's statements, solutions or steps (by item id, then language), for the
    action plan drafted from the day (machine translations stay on the day's screens)."""
    link = {"statement": "statement_id", "solution": "solution_id", "step": "step_id"}[kind]
    rows = TextTranslation.objects.filter(
        forum=forum, source=TranslationSource.HUMAN, **{f"{link}__isnull": False}
    ).values_list(link, "language", "text", "original_hash", f"{kind}__text")
    found: dict[int, dict[str, str]] = {}
    for item_id, language, text, digest, original in rows:
        if digest == original_hash(original):
            found.setdefault(item_id, {})[language] = text
    return found
