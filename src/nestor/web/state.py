"""What every route needs: the read-only store, the token, and cached totals."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from fastapi import Request

from ..chronicle import Chronicle
from .db import ReadStore

_CACHE_SIZE = 512


@dataclass
class ServerState:
    db_path: str
    reader: ReadStore
    token: str | None = None
    chronicle: Chronicle | None = None  # the store as the library sees it, with the resolved settings
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: OrderedDict[Hashable, object] = field(default_factory=OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def read_only(self) -> bool:
        return self.token is None

    def cached(self, key: Hashable, compute: Callable[[], object]) -> object:
        """``compute()``, remembered until the store file changes (totals of a filter, the story index)."""
        full = (key, self.reader.fingerprint())
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return value


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.nestor
    return state
