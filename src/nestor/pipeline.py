"""The per-document work: a pure function from a :class:`Document` to its event records.

``code_document`` is what a worker runs; ``code_documents`` maps it over a stream on one process or a
pool of processes (each worker loads the spaCy pipeline once and keeps it in this module). Only the
caller writes the store: this module never touches it.

Workers never outlive the process that started them. A worker ignores SIGINT and SIGTERM (the parent
decides how a run stops); when the run stops early, for any reason, ``code_documents`` kills its workers
at once instead of waiting for the batches they hold. When the parent dies without cleaning up (SIGKILL,
a crash), its workers follow: on Linux the kernel sends them SIGKILL (``PR_SET_PDEATHSIG``), and on every
system a thread in each worker ends it as soon as its parent process is gone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing.connection import wait as wait_for_sentinels
from typing import Any

from .coding.coder import EventCoder
from .models import CodedDocument, Document, EventRecord
from .nlp import build_nlp
from .resolve.dictionaries import dictionary_stamp
from .settings import Settings

_CODER: EventCoder | None = None
_CODER_KEY: tuple[object, ...] | None = None

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_S = 0.5  # how often a worker checks that its parent is still there
KILL_WAIT_S = 5.0  # how long to wait for killed workers to be gone


def get_coder(settings: Settings) -> EventCoder:
    """The coder of this process, built once per set of coding settings (model, gazetteer size, the
    learned layer and its thresholds, the user's actor dictionary and its version)."""
    global _CODER, _CODER_KEY
    key = (
        settings.model,
        settings.min_city_population,
        settings.cache,
        settings.event_model,
        settings.model_confidence,
        settings.model_override,
        settings.actors,
        dictionary_stamp(settings.actors),  # an edited dictionary is read again
    )
    if _CODER is None or _CODER_KEY != key:
        _CODER = EventCoder(build_nlp(settings.model), settings)
        _CODER_KEY = key
    return _CODER


def code_document(document: Document, settings: Settings) -> list[EventRecord]:
    """Codes one document into event records (pure: same input, same records)."""
    return get_coder(settings).code(document)


def _code_batch(batch: list[Document], settings: Settings) -> list[CodedDocument]:
    return get_coder(settings).code_many(batch, store=settings.db)  # with the store's actor registry


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
    input order, so the caller can write each document with all of it in one transaction. Closing the
    iterator early, or an exception while it runs (KeyboardInterrupt included), kills the workers.
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
    context = _TrackingContext(multiprocessing.get_context())
    watch = _watch_args(context)
    pool = ProcessPoolExecutor(n, mp_context=context, initializer=_init_worker, initargs=(settings, *watch))
    try:
        yield from _in_order(pool, chain(head, batches), n, settings)
    except BaseException:
        _abandon(pool, context)
        raise
    pool.shutdown()


def _in_order(
    pool: ProcessPoolExecutor, batches: Iterable[list[Document]], n: int, settings: Settings
) -> Iterator[CodedDocument]:
    """Keeps up to ``2 * n`` batches submitted and yields their documents in input order."""
    window: list[Future[list[CodedDocument]]] = []
    for batch in batches:
        window.append(pool.submit(_code_batch, batch, settings))
        if len(window) >= 2 * n:
            yield from window.pop(0).result()
    for fut in window:
        yield from fut.result()


# -- workers that die with their parent --------------------------------------------------------------


class _TrackingContext:
    """A multiprocessing context that remembers the processes and result queues the pool makes through
    it, so that a run stopped early can kill its workers (the pool itself would wait for them)."""

    def __init__(self, context: Any) -> None:
        self._context = context
        self.processes: list[Any] = []
        self.queues: list[Any] = []

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - the name the pool calls
        process = self._context.Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def SimpleQueue(self) -> Any:  # noqa: N802 - the name the pool calls
        queue = self._context.SimpleQueue()
        self.queues.append(queue)
        return queue

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _watch_args(context: _TrackingContext) -> tuple[int | None, bool]:
    """(the pid a worker's parent must have, whether the kernel may signal its parent's death).

    With "forkserver" the workers' parent is the fork server, not this process (which the server
    follows), so the worker takes the parent it finds. ``PR_SET_PDEATHSIG`` fires when the *thread*
    that forked the worker ends: Python 3.11's pool forks its workers in the thread that first submits
    work, which outlives the pool only if it is the main thread; from any other thread, the worker
    relies on its watching thread alone.
    """
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    return parent, threading.current_thread() is threading.main_thread()


def _init_worker(settings: Settings, parent: int | None, death_signal: bool) -> None:
    # the parent stops the run and its workers; a worker forked after the parent set a handler (the
    # CLI turns SIGTERM into KeyboardInterrupt) must not run that handler itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _follow_parent(os.getppid() if parent is None else parent, death_signal)
    get_coder(settings)


def _follow_parent(parent: int, death_signal: bool) -> None:
    """Ends this process when ``parent`` dies: by the kernel's signal where it can, else by a thread."""
    if death_signal:
        _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)
    watcher = threading.Thread(target=_watch_parent, args=(parent,), name="nestor-parent-watch", daemon=True)
    watcher.start()


def _set_parent_death_signal(sig: signal.Signals) -> bool:
    """Asks Linux to send ``sig`` to this process when its parent thread ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library this interpreter is linked with
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Polls the parent pid: once the parent is gone the worker is re-parented, and ends itself."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _abandon(pool: ProcessPoolExecutor, context: _TrackingContext) -> None:
    """Stops the pool without waiting for the batches it holds: queued ones are cancelled, the workers
    are killed (they hold nothing worth keeping: only the caller writes the store)."""
    pool.shutdown(wait=False, cancel_futures=True)
    _kill(context.processes)
    for queue in context.queues:
        # the pool's own thread may be reading a result a killed worker had half written: with every
        # worker gone, closing this process's end for writing lets that read end instead of waiting
        writer = getattr(queue, "_writer", None)
        if writer is not None:
            writer.close()


def _kill(processes: list[Any]) -> None:
    """SIGKILLs the started ``processes`` and waits (a few seconds at most) until they are gone."""
    running = {}
    for process in processes:
        try:
            sentinel = process.sentinel
        except ValueError:  # never started
            continue
        if process.exitcode is None:
            process.kill()
        running[sentinel] = process
    deadline = time.monotonic() + KILL_WAIT_S
    while running and (left := deadline - time.monotonic()) > 0:
        for ready in wait_for_sentinels(list(running), timeout=left):
            running.pop(ready)
