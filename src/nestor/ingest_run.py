"""One ingest run: read inputs, skip what the store already holds, code the rest, write each document.

The reading (``nestor.ingest``) and the coding (``nestor.pipeline``) are other modules' work; this one
decides what happens to each input and is the only caller that writes the store during a run:

* an input that cannot be read is logged as ``failed`` (and reported through ``on_error``); the run goes on;
* a record that comes with a warning (``DocumentWarning``: a publication date out of range, unreadable
  or in the future, fields nestor does not read) is reported through ``on_warning`` (a warning with the
  same key, such as the same unknown fields in the same file, only once) and goes on as the document
  the warning carries;
* a document the store holds with the same text is ``unchanged`` and is never coded;
* a document id read twice in one run: the first copy wins; a later copy with the same text is
  ``unchanged``, one with different text is ``skipped`` (logged with ``duplicate_id``, reported through
  ``on_warning``) and not stored, so that running the same input again finds everything ``unchanged``
  (a last-copy-wins rule would recode and replace the document on every run);
* every other document is coded (in parallel) and written with its events in one transaction, as
  ``stored`` or, when the store held different text under its id, ``replaced``.

A run stopped early (KeyboardInterrupt, or SIGTERM turned into :class:`Terminated` by
:func:`sigterm_as_interrupt`) keeps every document written so far, whole, and stops the coder (its
workers are killed rather than waited for); the run is left unfinished in the store's log.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import IO, Any

from .errors import InputError, StoreError
from .models import CodedDocument, Document
from .settings import Settings
from .store import Store

Coder = Callable[[Iterable[Document], Settings], Iterable[CodedDocument]]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread the way SIGINT raises KeyboardInterrupt, so that both stop a run
    the same way (``except KeyboardInterrupt`` catches both)."""

    exit_status = 128 + signal.SIGTERM


def interruption(stop: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped a run, in a word, and the exit status that tells it: 130 for SIGINT, 143 for SIGTERM."""
    if isinstance(stop, Terminated):
        return "terminated", Terminated.exit_status
    return "interrupted", 128 + signal.SIGINT


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Inside, SIGTERM raises :class:`Terminated` in the main thread. Only the first: the handler then
    goes back to the default, so a second SIGTERM ends the process at once (the store keeps whole
    documents either way; SQLite rolls back a document half written). Elsewhere than the main thread
    (where no handler can be set) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signum: int, _frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


class DuplicateIdError(InputError):
    """A document id read earlier in the same run with different text: the later copy is skipped."""

    code = "duplicate_id"


@dataclass(slots=True)
class IngestReport:
    """What a run did. ``read`` counts every input item: once the run is over,
    ``read == stored + unchanged + replaced + skipped + failed``."""

    run_id: int | None = None
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    coded: int = 0  # documents back from the coder
    events: int = 0  # event records written
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    total: int | None = None  # the inputs expected (an estimate; None when unknown)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        """Documents coded per second."""
        return self.coded / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def done(self) -> int:
        """Inputs finished: stored, unchanged, replaced, skipped or failed."""
        return self.stored + self.unchanged + self.replaced + self.skipped + self.failed

    @property
    def percent(self) -> float | None:
        """Share of the expected inputs finished (0..100), when the total is known."""
        if not self.total:
            return None
        return min(100.0, 100.0 * self.done / self.total)

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far, when the total is known and something is done."""
        if not self.total or not self.done:
            return None
        return max(0.0, self.elapsed * (self.total - self.done) / self.done)

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "skipped": self.skipped,
            "failed": self.failed,
            "events": self.events,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, **self.counts(), "seconds": round(self.elapsed, 3)}

    def summary(self) -> str:
        noun = "document" if self.read == 1 else "documents"
        events = "event" if self.events == 1 else "events"
        return (
            f"{self.read} {noun} read, {self.stored} stored, {self.unchanged} unchanged, "
            f"{self.replaced} replaced, {self.skipped} skipped, {self.failed} failed; {self.events} {events}"
        )


def default_coder() -> Coder:
    """``pipeline.code_documents``, imported only when a run needs it (it imports spaCy)."""
    from .pipeline import code_documents

    return code_documents


def run_ingest(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    stdin: IO[bytes] | None = None,
    code: Coder | None = None,
    on_warning: Callable[[InputError], None] | None = None,
) -> IngestReport:
    """Reads ``paths`` (``"-"`` is ``stdin``) and ingests every document into ``store``."""
    from .ingest import iter_documents  # the readers; imported late so that the store works without them
    from .ingest.count import estimate_total

    total = estimate_total(paths) if progress is not None else None
    items = iter_documents(paths, settings, stdin=stdin)
    args = {"paths": list(paths), "model": settings.model, "workers": settings.workers}
    return ingest_items(
        items,
        settings,
        store,
        progress=progress,
        on_error=on_error,
        on_warning=on_warning,
        code=code,
        args=args,
        total=total,
    )


def ingest_items(
    items: Iterable[Document | InputError],
    settings: Settings,
    store: Store,
    progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    code: Coder | None = None,
    args: dict[str, Any] | None = None,
    on_warning: Callable[[InputError], None] | None = None,
    total: int | None = None,
) -> IngestReport:
    """Ingests already-read documents (and the errors of inputs that could not be read) into ``store``.

    ``code`` is ``pipeline.code_documents`` unless given (tests pass a coder that needs no model).
    ``progress`` is called with the report after every input and every coded document; ``on_error``
    with each input that failed, ``on_warning`` with each that was skipped or stored without its date.
    """
    from .ingest.records import DocumentWarning  # light, but under the package of the readers (see above)

    code = code or default_coder()
    report = IngestReport(run_id=store.start_run(args), total=total)
    run_id = report.run_id
    tick = progress or (lambda _report: None)
    seen: dict[str, tuple[str, str]] = {}  # id -> (content hash, where the first copy was read)
    told: set[tuple[object, ...]] = set()  # keys of the warnings told

    def fail(error: InputError) -> None:
        report.failed += 1
        store.log(run_id, "failed", error.source, error.line, None, error.code, error.message)
        if on_error is not None:
            on_error(error)

    def unchanged(document: Document) -> None:
        report.unchanged += 1
        store.log(run_id, "unchanged", document.source, document.line, document.id)

    def to_code() -> Iterator[Document]:
        for item in items:
            report.read += 1
            while isinstance(item, DocumentWarning):
                if on_warning is not None and item.key not in told:
                    told.add(item.key)
                    on_warning(item)
                item = item.document
            if isinstance(item, InputError):
                fail(item)
                tick(report)
                continue
            content_hash = item.content_hash
            first = seen.get(item.id)
            if first is None:
                seen[item.id] = (content_hash, _where(item))
                if store.has_document(item.id, content_hash) != "same":
                    tick(report)
                    yield item
                    continue
                unchanged(item)
            elif first[0] == content_hash:
                unchanged(item)
            else:
                message = (
                    f"document id {item.id!r} was already read (at {first[1]}) with different text; "
                    "kept the first: give one of them another id"
                )
                skip = DuplicateIdError(message, item.source or "-", item.line)
                report.skipped += 1
                store.log(run_id, "skipped", skip.source, skip.line, item.id, skip.code, skip.message)
                if on_warning is not None:
                    on_warning(skip)
            tick(report)

    coded_docs: Iterable[CodedDocument] = ()
    try:
        coded_docs = code(to_code(), settings)
        for coded in coded_docs:
            status = store.write_document(
                coded.document, coded.records, run_id, mentions=coded.mentions, claims=coded.claims
            )
            setattr(report, status, getattr(report, status) + 1)
            report.coded += 1
            if status != "unchanged":
                report.events += len(coded.records)
            tick(report)
    except BaseException:
        report.finished = time.monotonic()
        _close(coded_docs)  # stop the coder (and its workers) now, not when the iterator is collected
        with suppress(StoreError):  # keep the log lines of what was done; the run stays unfinished
            store.flush()
        raise
    report.finished = time.monotonic()
    store.finish_run(run_id, report.counts())
    if report.stored or report.replaced:
        store.optimize()
    return report


def _close(stream: Iterable[CodedDocument]) -> None:
    close = getattr(stream, "close", None)  # a generator has one; any other iterable needs none
    if close is not None:
        with suppress(Exception):  # the exception that stopped the run is the one to report
            close()


def _where(document: Document) -> str:
    source = document.source or "-"
    return f"{source}:{document.line}" if document.line is not None else source
