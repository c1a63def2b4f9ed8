"""Read access to the admin-level gazetteer file (:mod:`nestor.resolve.gazetteer_build`).

The file is SQLite, opened read-only and memory-mapped: the operating system shares its pages between
worker processes, and a process keeps only the rows it looked up (an LRU cache of names). The file is
built on first use when the cache has none for the installed packages (or only a broken one).

Each caller names its cache folder (the ``cache`` setting: :func:`get_index`); nothing of it is kept
process-wide. A reader holds the file's lock file shared for its lifetime, so a build that cleans away
the files of older versions (:func:`~nestor.resolve.gazetteer_build.remove_stale`) leaves it alone.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from ..errors import SettingsError
from ..models import Place
from ..store.sqlite import read_only_uri
from .gazetteer_build import build, default_path, writable_cache
from .place_names import fold_name

__all__ = ["GeoIndex", "GeoRecord", "get_index", "index_path", "usable"]

_FEATURE = {
    "continent": "region",
    "country": "country",
    "admin1": "region",
    "admin2": "county",
    "place": "city",
}
_COLUMNS = (
    "pid, key, geonameid, name, fclass, fcode, precision, cc2, cc3, admin1, admin1_name, admin2_name, "
    "lat, lon, population"
)
_P_COLUMNS = ", ".join(f"p.{c.strip()}" for c in _COLUMNS.split(","))


@dataclass(frozen=True, slots=True)
class GeoRecord:
    """One gazetteer entry: a country, a division or a populated place."""

    pid: int
    key: str  # gn:<GeoNames id>, or the unit's code (iso:GB-SCT, adm2:US.21067)
    geonameid: int | None
    name: str
    fclass: str
    fcode: str
    precision: str  # continent | country | admin1 | admin2 | place
    cc2: str | None
    cc3: str | None
    admin1: str | None
    admin1_name: str | None
    admin2_name: str | None
    lat: float | None
    lon: float | None
    population: int
    main: bool = True  # matched by its own name (not an alternate one)
    admin1_key: str | None = None  # "US.KY": country and geonames admin1 code

    def to_place(self) -> Place:
        return Place(
            name=self.name,
            country_code=self.cc3,
            lat=self.lat,
            lon=self.lon,
            geonameid=self.geonameid,
            # the unit's name, else geonames' country-and-admin1 code ("KZ.02")
            admin1=(self.admin1_name or self.admin1_key) if self.precision != "country" else None,
            feature=_FEATURE[self.precision],
            geo_precision=self.precision,
            admin2=self.admin2_name,
            feature_class=self.fclass,
        )


class GeoIndex:
    """Look-ups by folded name; thread-safe (one read-only connection per thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        hold = _open_held(self.path)  # the file's lock, shared: no cleaner removes it under us
        if hold is not None:
            weakref.finalize(self, hold.close)  # let go with the index
        self._local = threading.local()
        self._country: dict[str, GeoRecord] = {}
        self._admin1: dict[str, GeoRecord] = {}
        for rec in self._query(f"SELECT {_COLUMNS}, 1 FROM places WHERE precision IN ('country', 'admin1')"):
            if rec.precision == "country" and rec.cc3:
                self._country[rec.cc3] = rec
            elif rec.admin1_key and rec.admin1_key not in self._admin1:
                self._admin1[rec.admin1_key] = rec
        self._curated = frozenset(p for (p,) in self._conn().execute("SELECT pid FROM curated"))
        self._guards = dict(self._conn().execute("SELECT key, kind FROM guards").fetchall())
        self.names = lru_cache(maxsize=20_000)(self._names)  # bounded: a worker stays well under 300 MB
        self.qualifiers = lru_cache(maxsize=5_000)(self._qualifiers)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(read_only_uri(str(self.path)), uri=True, check_same_thread=False)
            conn.execute("PRAGMA mmap_size = 268435456")
            self._local.conn = conn
        return conn

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[GeoRecord]:
        return [
            GeoRecord(
                *row[:15], main=bool(row[15]), admin1_key=f"{row[7]}.{row[9]}" if row[7] and row[9] else None
            )
            for row in self._conn().execute(sql, args)
        ]

    def _names(self, key: str) -> tuple[GeoRecord, ...]:
        return tuple(
            self._query(
                f"SELECT {_P_COLUMNS}, n.main FROM names n JOIN places p USING (pid) WHERE n.key = ?",
                (key,),
            )
        )

    def _qualifiers(self, key: str) -> tuple[GeoRecord, ...]:
        return tuple(
            self._query(
                f"SELECT {_P_COLUMNS}, 1 FROM qualifiers q JOIN places p USING (pid) WHERE q.key = ?",
                (key,),
            )
        )

    def by_geonameid(self, geonameid: int) -> GeoRecord | None:
        rows = self._query(f"SELECT {_COLUMNS}, 1 FROM places WHERE geonameid = ?", (geonameid,))
        return rows[0] if rows else None

    def find(self, name: str, cc2: str, admin1: str | None = None, level: str = "place") -> GeoRecord | None:
        """The most populous unit of this name (any of its names) and level inside a country (and admin1)."""
        hits = [
            r
            for r in self.names(fold_name(name))
            if r.cc2 == cc2 and r.precision == level and (admin1 is None or r.admin1 == admin1)
        ]
        return max(hits, key=lambda r: (r.main, r.population)) if hits else None

    def guard(self, key: str) -> str | None:
        """'ambiguous' (never alone), 'common' (an English word: needs a capital) or None."""
        return self._guards.get(key)

    def curated(self, rec: GeoRecord) -> bool:
        """Whether a first-level unit is one of nestor's well-known ones (a US state, a region of
        ``regions.tsv``) rather than one known only from ISO 3166-2."""
        return rec.pid in self._curated

    def country(self, cc3: str) -> GeoRecord | None:
        return self._country.get(cc3.upper())

    def admin1(self, admin1_key: str) -> GeoRecord | None:
        return self._admin1.get(admin1_key)

    def name_count(self) -> int:
        """How many (name, place) pairs the index holds."""
        return int(self._conn().execute("SELECT count(*) FROM names").fetchone()[0])

    def countries(self) -> list[GeoRecord]:
        return list(self._country.values())


def usable(path: Path) -> bool:
    """Whether the file is a complete gazetteer (its build wrote the last row); a missing, half-copied
    or foreign file is not."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(read_only_uri(str(path)), uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE name = 'built_seconds'").fetchone()
            conn.execute("SELECT 1 FROM curated LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None


def _build_once(path: Path) -> None:
    """Builds the file unless another process does: workers started together build it once, and a
    file that is no complete gazetteer is built again."""
    writable_cache(path.parent)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not usable(path):
                path.unlink(missing_ok=True)
                build(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _hold(path: Path) -> IO[str] | None:
    """The file's lock file, locked shared for as long as this process reads the file (forked workers
    share it): :func:`~nestor.resolve.gazetteer_build.remove_stale` leaves a file alone while any
    process holds it. None where the folder cannot be written (a cache filled ahead of time)."""
    try:
        fh = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held by the index
    except OSError:
        return None
    fcntl.flock(fh, fcntl.LOCK_SH)
    return fh


def _open_held(path: Path) -> IO[str] | None:
    """Builds the file where it is missing or broken, then holds it (built again where a cleaner
    removed it in between)."""
    for _ in range(3):
        if not usable(path):
            _build_once(path)
        hold = _hold(path)
        if usable(path):
            return hold
        if hold is not None:
            hold.close()
    raise SettingsError(f"gazetteer {path} is removed as soon as it is built: does another program clean it?")


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _index(path: str) -> GeoIndex:
    return GeoIndex(Path(path))


def index_path(cache: str | os.PathLike[str] | None = None) -> Path:
    """The gazetteer file for the ``cache`` setting (a folder; empty or None: the environment's or the
    default, see :func:`~nestor.resolve.gazetteer_build.cache_dir`); ``$NESTOR_GAZETTEER`` names a file
    to use instead."""
    named = os.environ.get("NESTOR_GAZETTEER")
    return Path(named) if named else default_path(cache=cache)


def get_index(cache: str | os.PathLike[str] | None = None) -> GeoIndex:
    """The process's gazetteer for the ``cache`` setting (built into that folder on first use); one
    per file."""
    with _lock:
        return _index(str(index_path(cache)))
