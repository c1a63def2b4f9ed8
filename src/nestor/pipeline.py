"""The per-document work: a pure function from a :class:`Document` to its event records.

``code_document`` is what a worker runs; ``code_documents`` maps it over a stream on one process or a
pool of processes (each worker loads the spaCy pipeline once and keeps it in this module). Only the
caller writes the store: this module never touches it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice

from .coding.coder import EventCoder
from .models import CodedDocument, Document, EventRecord
from .nlp import build_nlp
from .settings import Settings

_CODER: EventCoder | None = None
_CODER_KEY: tuple[str, int] | None = None


def get_coder(settings: Settings) -> EventCoder:
    """The coder of this process, built once per (model, gazetteer size)."""
    global _CODER, _CODER_KEY
    key = (settings.model, settings.min_city_population)
    if _CODER is None or _CODER_KEY != key:
        _CODER = EventCoder(build_nlp(settings.model), settings)
        _CODER_KEY = key
    return _CODER


def code_document(document: Document, settings: Settings) -> list[EventRecord]:
    """Codes one document into event records (pure: same input, same records)."""
    return get_coder(settings).code(document)


def _code_batch(batch: list[Document], settings: Settings) -> list[CodedDocument]:
    return get_coder(settings).code_many(batch)


def _init_worker(settings: Settings) -> None:
    get_coder(settings)


def worker_count(settings: Settings) -> int:
    if settings.workers > 0:
        return settings.workers
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


def code_documents(docs: Iterable[Document], settings: Settings) -> Iterator[CodedDocument]:
    """Codes a stream of documents, in order, on ``worker_count(settings)`` processes.

    Yields a :class:`CodedDocument` (records, name mentions, claims) per document as batches finish, in
    input order, so the caller can write each document with all of it in one transaction.
    """
    n = worker_count(settings)
    batches = _batches(docs, settings.batch_size)
    head = list(islice(batches, n))
    if n == 1 or len(head) < n:
        # a small input is coded here: starting workers would cost more than it saves
        for batch in chain(head, batches):
            yield from _code_batch(batch, settings)
        return
    get_coder(settings)  # load once here; forked workers share it instead of each loading their own
    with ProcessPoolExecutor(max_workers=n, initializer=_init_worker, initargs=(settings,)) as pool:
        window: list = []
        for batch in chain(head, batches):
            window.append(pool.submit(_code_batch, batch, settings))
            if len(window) >= 2 * n:
                yield from window.pop(0).result()
        for fut in window:
            yield from fut.result()
