"""The exceptions nestor raises.

    NestorError                 base of everything nestor raises on purpose
    ├── SettingsError           a bad setting (file, environment or flag)
    ├── InputError              one input (file, line) could not be read as a document
    │   ├── DecodeError         undecodable bytes or binary content
    │   ├── ParseError          a broken JSON line, CSV row or HTML page
    │   ├── EmptyTextError      a document without text
    │   └── OversizeError       a file or document beyond the size limit
    ├── StoreError              the SQLite store cannot be opened or written
    │   └── StoreBusyError      another process is writing the store (one writer at a time)
    └── ModelError              the spaCy pipeline is not installed or cannot be loaded

Every `InputError` carries the source (file path or ``-``) and, where it applies, the line, so that the
message a user sees names both.
"""

from __future__ import annotations


class NestorError(Exception):
    """Base class of nestor's own errors."""


class SettingsError(NestorError):
    """A setting has a value nestor cannot use."""


class InputError(NestorError):
    """One input could not be turned into a document; the batch goes on without it."""

    code = "input"

    def __init__(self, message: str, source: str, line: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class DecodeError(InputError):
    code = "decode"


class ParseError(InputError):
    code = "parse"


class EmptyTextError(InputError):
    code = "empty"


class OversizeError(InputError):
    code = "oversize"


class StoreError(NestorError):
    """The store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another writer holds the store's writer lock (see :mod:`nestor.store.lock`)."""


class ModelError(NestorError):
    """The spaCy pipeline named in the settings cannot be loaded."""
