"""One writer per store: an exclusive lock on a sidecar file ``<store>.lock``.

A :class:`WriterLock` is taken before a writer opens the store (so before the schema is created or
migrated) and held until it closes. The lock is ``flock(LOCK_EX)`` on ``<store>.lock``, which holds the
writer's pid so that a second writer can say whom it waits for. The kernel drops the lock when the
holder exits, however it exits, so a crashed writer never blocks the next one. Readers take no lock.

The sidecar is removed on release while still locked; a waiter that then gets the lock on the removed
file notices (the path no longer names the file it locked) and starts again on a fresh one.
"""

from __future__ import annotations

import errno
import os
import time
import weakref
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..errors import StoreBusyError, StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".lock"
POLL_SECONDS = 0.1
_HELD: weakref.WeakSet[WriterLock] = weakref.WeakSet()  # the locks this process holds


def _drop_in_child() -> None:
    """A forked child (a coding worker) must not keep its parent's lock alive, nor end it: it closes its
    copies of the descriptors and forgets the locks."""
    for lock in list(_HELD):
        lock.forget()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_in_child)


def lock_path(db: str | Path) -> Path:
    return Path(str(db) + SUFFIX)


class WriterLock:
    """The exclusive writer lock of one store, held from :meth:`acquire` to :meth:`release`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        _HELD.add(self)

    @classmethod
    def acquire(
        cls, db: str | Path, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
    ) -> WriterLock:
        """Takes the lock of the store ``db``, waiting up to ``wait`` seconds for another writer (and
        telling ``on_wait`` once that it waits). Raises StoreBusyError when the wait runs out."""
        path = lock_path(db)
        deadline = time.monotonic() + wait
        told = False
        while True:
            fd = _open(path, str(db))
            if _try_lock(fd):
                if _names(path, fd):
                    _write_pid(fd)
                    return cls(path, fd)
                os.close(fd)  # the holder removed the file as we waited on it: start again
                continue
            pid = _read_pid(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise StoreBusyError(_busy_message(str(db), pid, wait))
            if not told and on_wait is not None:
                on_wait(f"waiting for {_holder(pid)} on {db}...")
                told = True
            time.sleep(POLL_SECONDS)

    def release(self) -> None:
        """Removes the sidecar and drops the lock (again: nothing)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD.discard(self)
        with suppress(OSError):  # already gone, or a folder we may lock in but not write
            if _names(self.path, fd):  # never another writer's file, made after ours was deleted
                self.path.unlink()
        os.close(fd)

    def __del__(self) -> None:  # a writer dropped unclosed: its lock must not outlive it
        with suppress(Exception):
            self.release()

    def forget(self) -> None:
        """Closes this process's descriptor without ending the lock (a forked child's copy)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with suppress(OSError):
                os.close(fd)


def _open(path: Path, db: str) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError as exc:
        raise StoreError(
            f"cannot open store {db}: its folder {path.parent} does not exist; create it, or pass --db "
            "with another path"
        ) from exc
    except OSError as exc:
        if exc.errno != errno.EACCES or not path.is_file():
            raise _folder_error(db, path, exc) from exc
        denied = exc  # another user's lock file: locking needs read access only
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        raise _folder_error(db, path, denied) from denied


def _folder_error(db: str, path: Path, exc: OSError) -> StoreError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(
            f"cannot write to store {db}: its folder {path.parent} is not writable ({exc.strerror}); make "
            "it writable, or copy the store somewhere writable and pass --db with the copy"
        )
    return StoreError(f"cannot open store {db}: cannot create its lock file {path}: {exc.strerror}")


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _names(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd``."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _write_pid(fd: int) -> None:
    with suppress(OSError):  # opened read-only (another user's file): the pid is only for messages
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _holder(pid: int | None) -> str:
    if pid is None:
        return "another nestor writer"
    return f"another nestor writer (pid {pid}{', this process' if pid == os.getpid() else ''})"


def _busy_message(db: str, pid: int | None, wait: float) -> str:
    waited = f" after waiting {wait:g} s" if wait > 0 else ""
    return (
        f"{_holder(pid)} is writing {db}{waited}; one writer at a time: run this again when it has "
        "finished (readers such as `nestor events` need not wait)"
    )
