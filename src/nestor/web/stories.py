"""Access to the cross-report merge (issue 3): its read functions when installed, its tables when present.

Every function here tolerates a store without merged data (an older schema, or ``nestor merge`` not run
yet): it returns empty results instead of failing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ..store import Store, merge_reads
from .state import ServerState

MERGE_TABLES = ("stories", "story_documents", "event_clusters", "discrepancies", "claims", "entities")


def views() -> ModuleType | None:
    """``nestor.merge.views`` when this nestor has it."""
    try:
        return importlib.import_module("nestor.merge.views")
    except ImportError:
        return None


def has_merge(state: ServerState, table: str = "stories") -> bool:
    return state.reader.has_table(table)


def call_view(state: ServerState, name: str, table: str, default: Any, **kwargs: Any) -> Any:
    """``views.<name>(store, **kwargs)``, or ``default`` when there is no merge module or table."""
    module = views()
    fn: Callable[..., Any] | None = getattr(module, name, None) if module is not None else None
    if fn is None or not has_merge(state, table):
        return default
    store: Store = state.reader.get()
    return fn(store, **kwargs)


def story_document_ids(state: ServerState, story_ids: tuple[str, ...]) -> list[str]:
    """The documents of these stories (for the ``story`` filter where EventQuery lacks one)."""
    if not has_merge(state, "story_documents"):
        return []
    return merge_reads.story_document_ids(state.reader.get(), story_ids)
