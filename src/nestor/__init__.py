"""nestor: news reports in, PLOVER event records out — with who says so, and how sure it is.

The library API (see the README's "Python API"):

* :class:`Chronicle` — a store of coded reports: ``ingest``, ``merge``, ``events(**filters)``,
  ``stories``, ``clusters``, ``discrepancies``, ``claims``, ``entities``, ``actors``, ``counts``, ``log``;
  results convert with ``.to_pandas()`` / ``.to_arrow()``.
* :class:`Coder` — code text (or a spaCy ``Doc``) into event records without a store; the spaCy
  component ``nestor_events`` sets ``doc._.events`` in your own pipeline.
* :class:`Settings` / :func:`load_settings` — the configuration.

They are imported on first use, so ``import nestor`` stays light (no spaCy until a Coder needs it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
CODER_NAME = f"nestor {__version__}"

if TYPE_CHECKING:
    from .chronicle import Chronicle, IngestResult
    from .filters import EVENT_FILTERS
    from .models import Document, EventRecord
    from .results import Results
    from .settings import Settings, load_settings
    from .textcoder import Coder, Event

_LAZY = {
    "Chronicle": "chronicle",
    "IngestResult": "chronicle",
    "Coder": "textcoder",
    "Event": "textcoder",
    "Results": "results",
    "Settings": "settings",
    "load_settings": "settings",
    "Document": "models",
    "EventRecord": "models",
    "EVENT_FILTERS": "filters",
}

__all__ = [
    "CODER_NAME",
    "EVENT_FILTERS",
    "Chronicle",
    "Coder",
    "Document",
    "Event",
    "EventRecord",
    "IngestResult",
    "Results",
    "Settings",
    "__version__",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nestor' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
