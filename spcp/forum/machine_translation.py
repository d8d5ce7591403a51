"""Machine translations of what participants write, by a self-hosted LibreTranslate server, off the request path.

A phone that writes a statement must not wait for a translation server (a second or more per language), so
after the write commits the forum is queued and one daemon worker thread per process translates everything in
it that still lacks a language the room reads (spcp.forum.translation_queue), most needed first. A failure
(server down, slow, refusing) loses nothing: the original stays, the item stays in the desk's queue, and the
next write in the forum tries again. A person's translation always wins over the machine's.

Off unless settings.SPCP_TRANSLATE_URL is set; settings.SPCP_TRANSLATE_AFTER_COMMIT = False (the test
settings) leaves the work to whoever calls `translate_pending`, so no thread writes behind a test's back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from spcp.common.background import Worker
from spcp.common.libretranslate import LibreTranslate, TranslateError
from spcp.forum.models import Forum
from spcp.forum.services.translations import translation_store_machine
from spcp.forum.translation_queue import room_languages, translations_missing

log = logging.getLogger(__name__)


def client() -> LibreTranslate | None:
    """The configured translation server, or None when machine translation is off."""
    url = getattr(settings, "SPCP_TRANSLATE_URL", "")
    if not url:
        return None
    return LibreTranslate(
        url=url,
        api_key=getattr(settings, "SPCP_TRANSLATE_API_KEY", ""),
        timeout=float(getattr(settings, "SPCP_TRANSLATE_TIMEOUT", 20.0)),
    )


def translate_later(forums: Iterable[Forum]) -> None:
    """After the current transaction commits, translate what these forums still lack (when a server is set)."""
    ids = sorted({f.pk for f in forums})
    if ids and client() is not None:
        transaction.on_commit(lambda: _submit(ids), robust=True)


def _submit(ids: list[int]) -> None:
    for forum_id in ids:
        _worker.submit(forum_id)


def _translate_in_worker(forum_id: int) -> None:
    # A failure is logged by the worker; the next write in the forum tries again, the desk shows what is missing.
    forum = Forum.objects.filter(pk=forum_id).first()
    if forum is not None:
        translate_pending(forum=forum)


_worker: Worker[int] = Worker("spcp-translate", _translate_in_worker, enabled_setting="SPCP_TRANSLATE_AFTER_COMMIT")


def translate_pending(*, forum: Forum, limit: int = 200) -> int:
    """Machine-translate up to `limit` (item, language) pairs the room still lacks; returns how many were stored.

    Stops at the first server failure (it is likely down or overloaded; the next write tries again).
    """
    server = client()
    if server is None:
        return 0
    stored = 0
    for item, language in translations_missing(forum=forum, languages=room_languages(forum=forum))[:limit]:
        try:
            text = server.translate(item.text, source=item.language, target=language)
        except TranslateError as exc:
            log.warning("Machine translation into %s failed: %s", language, exc)
            break
        try:
            if translation_store_machine(item=item, language=language, text=text) is not None:
                stored += 1
        except ValidationError:  # removed meanwhile, or an answer too long to keep: the desk has it
            continue
    return stored
