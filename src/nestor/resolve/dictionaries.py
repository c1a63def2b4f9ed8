"""User actor dictionaries: names a user codes, which outrank nestor's own lexicon.

Set with the setting ``actors`` (``NESTOR_ACTORS``, ``nestor ingest --actors FILE``). Two formats, told
apart by the file: a ``.csv`` file, or any file whose first line is the CSV header, is CSV; anything else
is read as a PETRARCH/Phoenix actor dictionary.

PETRARCH/Phoenix::

    # comment (also after an entry)
    LULA_DA_SILVA_                  an entry: a name, words joined by "_", ending in "_"
    +LUIZ_INACIO_LULA_DA_SILVA_     a synonym of the entry above
    +LULA_
    [BRAGOV 030101-101231]          a CAMEO code, valid from ... to (inclusive)
    [BRAELI 110101-221231]
    [BRAGOV >230101]                valid from; "<YYMMDD": valid until; no date: always
    HAMAS_ [PSEPTY]                 codes may also follow the name on its line

Dates are YYMMDD (00-30: 2000-2030, 31-99: 1931-1999) or YYYYMMDD. A CAMEO code is a country (or
international) code, or ``---`` for none, followed by three-letter groups; the first group that
``data/dictionaries/cameo_roles.tsv`` maps to a PLOVER sector gives the sector (CAMEO MED, the media,
is JRN; HLH, health, is MED). ``IGO`` followed by ``UNO`` is nestor's UNO, followed by ``EEC`` its EUR.
Ignored with a warning: ``{ ... }`` blocks, names without the final ``_`` (TABARI's prefix matching: the
name is matched as a whole word), code groups with no sector. A display name is made from the capitals
("LULA_DA_SILVA_" -> "Lula da Silva").

CSV, a header row then one row per name and period::

    name,aliases,country,sector,from,to
    Lula da Silva,Luiz Inacio Lula da Silva|Lula,BRA,GOV,2003-01-01,2010-12-31
    Lula da Silva,,BRA,ELI,2011-01-01,2022-12-31

aliases: ``|``-separated. country: a three-letter code (ISO alpha-3, IGO, UNO, EUR, NGO, ...) or empty.
sector: a PLOVER sector or empty (not both empty). from, to: ISO dates, inclusive; empty is open. Rows
with the same name are one actor with several periods. Lines starting with ``#`` are comments.

Matching: a name matches its words in any case, except that the first word must be capitalised where
the dictionary writes it so (a PETRARCH name always does); diacritics, curly apostrophes and dashes are
folded as in the lexicon, and a hyphen also matches a space. The longest match wins; on a tie the user's
entry outranks nestor's lexicon. A matched name is an actor of kind "org" with ``org_kind`` "user".

Dates: the coder first codes a user name with its default code (its undated code, else its latest
period), then :func:`date_user_actors` re-codes it for the event's date (the publication date where the
event has none; the publication date for claims and name mentions). Where no period covers the date and
the entry has no undated code, the name codes nothing (null code and sector) on that date. A date of
month or year precision is taken at its first day.

A malformed line raises :class:`DictionaryError` naming ``FILE:LINE``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import CodedDocument, Entity, NameMention
from .lexicon import PLOVER_SECTORS, ActorLexicon, LexEntry, fold

__all__ = [
    "CSV_HEADER",
    "DatedCode",
    "DictionaryError",
    "UserActor",
    "UserDictionary",
    "UserLexicon",
    "cameo_roles",
    "date_user_actors",
    "dictionary_stamp",
    "load_dictionary",
    "read_dictionary",
    "user_lexicon",
]

USER_KIND = "user"  # LexEntry.org_kind of a user dictionary entry
CSV_HEADER = ("name", "aliases", "country", "sector", "from", "to")
IGO_MEMBERS = {"UNO": "UNO", "EEC": "EUR"}  # IGO + group: nestor's own code for the organisation
# words a name written in capitals keeps in lower case after its first word ("Lula da Silva")
PARTICLES = frozenset(
    "al el ad as ash at ar an da das de del della der di do dos du la le van von bin ibn bint y of the and"
    " for".split()
)
_CODE_RE = re.compile(r"^(?:---|[A-Z]{3})(?:[A-Z]{3})*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_BRACKET_RE = re.compile(r"\[([^\[\]]*)\]")
_DATE_RE = re.compile(r"^(?:(?P<op>[<>])(?P<one>\d{6}|\d{8})|(?P<a>\d{6}|\d{8})-(?P<b>\d{6}|\d{8}))$")
_EVENT_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
PIVOT = 30  # two-digit years up to this are 20YY, above it 19YY


class DictionaryError(InputError):
    """A user actor dictionary cannot be read: the message names ``FILE:LINE`` and what is wrong."""

    code = "dictionary"


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One code of a user actor: country code and PLOVER sector, valid from ``start`` to ``end``
    (inclusive; None: open)."""

    code: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class UserActor:
    """A name of a user dictionary: its display name, every spelling (the name first), its codes."""

    name: str
    spellings: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    where: str  # FILE:LINE of its first line

    @property
    def default(self) -> DatedCode | None:
        """The code used where no date is known: the undated one, else the latest period."""
        for c in self.codes:
            if not c.restricted:
                return c
        if not self.codes:
            return None
        return max(self.codes, key=lambda c: (c.end or dt.date.max, c.start or dt.date.min))

    def code_on(self, day: dt.date | None) -> DatedCode | None:
        """The code valid on ``day``: a period covering it (the first listed), else the undated code,
        else None; the default where ``day`` is None."""
        if day is None:
            return self.default
        for c in self.codes:
            if c.restricted and c.covers(day):
                return c
        return next((c for c in self.codes if not c.restricted), None)


@dataclass(frozen=True, slots=True)
class UserDictionary:
    path: str
    format: str  # "petrarch" | "csv"
    actors: tuple[UserActor, ...]
    warnings: tuple[str, ...] = ()


class _Builder:
    """Collects entries in file order; entries with the same name are one actor."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.order: list[str] = []
        self.names: dict[str, str] = {}
        self.spellings: dict[str, list[str]] = {}
        self.codes: dict[str, list[DatedCode]] = {}
        self.where: dict[str, str] = {}
        self.owner: dict[str, tuple[str, str]] = {}  # folded spelling -> (actor key, where)
        self.warnings: list[str] = []

    def add(self, name: str, spellings: Sequence[str], codes: Sequence[DatedCode], where: str) -> None:
        key = _spelling_key(name)
        if key not in self.names:
            self.order.append(key)
            self.names[key] = name
            self.spellings[key] = []
            self.codes[key] = []
            self.where[key] = where
        for spelling in [name, *spellings]:
            skey = _spelling_key(spelling)
            owner = self.owner.get(skey)
            if owner is not None and owner[0] != key:
                self.warnings.append(
                    f"{where}: {spelling!r} is already a spelling of {self.names[owner[0]]!r} "
                    f"({owner[1]}); that entry keeps it"
                )
                continue
            self.owner.setdefault(skey, (key, where))
            if spelling not in self.spellings[key]:
                self.spellings[key].append(spelling)
        self.codes[key].extend(codes)

    def build(self, fmt: str, warnings: list[str]) -> UserDictionary:
        actors = tuple(
            UserActor(self.names[k], tuple(self.spellings[k]), tuple(self.codes[k]), self.where[k])
            for k in self.order
        )
        return UserDictionary(self.path, fmt, actors, tuple(warnings + self.warnings))


def _spelling_key(text: str) -> str:
    return " ".join(fold(text).lower().replace("-", " ").split())


# --------------------------------------------------------------------------- CAMEO codes


def _data_file(name: str) -> Path:
    return Path(str(resources.files("nestor").joinpath("data", "dictionaries", name)))


_ROLES: dict[str, str | None] | None = None


def cameo_roles() -> dict[str, str | None]:
    """CAMEO role code -> PLOVER sector (None: an attribute to skip), from ``cameo_roles.tsv``."""
    global _ROLES
    if _ROLES is None:
        roles: dict[str, str | None] = {}
        header = False
        for lineno, raw in enumerate(_data_file("cameo_roles.tsv").read_text("utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = [c.strip() for c in raw.split("\t")]
            if not header:
                header = cells == ["role", "sector", "note"]
                if not header:
                    raise ValueError(f"cameo_roles.tsv:{lineno}: header is not role, sector, note")
                continue
            role, sector = cells[0], cells[1] if len(cells) > 1 else ""
            if sector and sector not in PLOVER_SECTORS:
                raise ValueError(f"cameo_roles.tsv:{lineno}: {sector!r} is not a PLOVER sector")
            roles[role] = sector or None
        _ROLES = roles
    return _ROLES


def cameo_to_plover(code: str, unknown: Callable[[str], None]) -> tuple[str | None, str | None]:
    """``(country code, sector)`` of a CAMEO actor code (checked by the caller); ``unknown`` is told
    each group that gives nothing."""
    roles = cameo_roles()
    groups = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = None if groups[0] == "---" else groups[0]
    sector: str | None = None
    for group in groups[1:]:
        if country == "IGO" and group in IGO_MEMBERS:
            country = IGO_MEMBERS[group]
        elif group in roles:
            if sector is None and roles[group] is not None:
                sector = roles[group]
        else:
            unknown(group)
    return country, sector


# --------------------------------------------------------------------------- reading


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read().splitlines()
    except UnicodeDecodeError as exc:
        raise DictionaryError(f"not UTF-8 text (byte {exc.start})", path) from exc
    except OSError as exc:
        raise DictionaryError(f"cannot read the actor dictionary: {exc.strerror or exc}", path) from exc


def _is_csv(path: str, lines: list[str]) -> bool:
    if path.lower().endswith(".csv"):
        return True
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    return tuple(c.strip().lower() for c in first.split(",")) == CSV_HEADER


def read_dictionary(path: str | os.PathLike[str]) -> UserDictionary:
    """Reads a user actor dictionary (CSV or PETRARCH, see the module docstring)."""
    name = os.fspath(path)
    lines = _lines(name)
    return read_csv(name, lines) if _is_csv(name, lines) else read_petrarch(name, lines)


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy <= PIVOT else 1900 + yy


def _petrarch_date(text: str, path: str, line: int) -> dt.date:
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date(_two_digit_year(int(text[:2])), int(text[2:4]), int(text[4:]))
    except ValueError as exc:
        raise DictionaryError(f"{text!r} is not a date (YYMMDD or YYYYMMDD)", path, line) from exc


def _petrarch_code(
    text: str, path: str, line: int, unknown_group: Callable[[str, str, int], None]
) -> DatedCode:
    parts = text.split()
    if not parts:
        raise DictionaryError("empty [ ]: write a CAMEO code, e.g. [BRAGOV]", path, line)
    code = parts[0]
    if not _CODE_RE.match(code):
        raise DictionaryError(
            f"{code!r} is not a CAMEO actor code (three capital letters or ---, then three-letter groups)",
            path,
            line,
        )
    if len(parts) > 2:
        raise DictionaryError(f"[{text}]: one code and at most one date restriction", path, line)
    start = end = None
    if len(parts) == 2:
        m = _DATE_RE.match(parts[1])
        if m is None:
            raise DictionaryError(
                f"{parts[1]!r} is not a date restriction (>YYMMDD, <YYMMDD or YYMMDD-YYMMDD)", path, line
            )
        if m["op"] == ">":
            start = _petrarch_date(m["one"], path, line)
        elif m["op"] == "<":
            end = _petrarch_date(m["one"], path, line)
        else:
            start = _petrarch_date(m["a"], path, line)
            end = _petrarch_date(m["b"], path, line)
            if end < start:
                raise DictionaryError(f"{parts[1]}: the period ends before it starts", path, line)

    country, sector = cameo_to_plover(code, lambda group: unknown_group(group, code, line))
    if country is None and sector is None:
        raise DictionaryError(f"{code!r} codes neither a country nor a sector", path, line)
    return DatedCode(country, sector, start, end)


def _petrarch_name(token: str, path: str, line: int, warn: Callable[[str], None]) -> str:
    """The spelling of a PETRARCH name ("LULA_DA_SILVA_" -> "LULA DA SILVA")."""
    if not token.endswith("_"):
        warn(
            f"{path}:{line}: {token!r} does not end in '_': prefix matching is not supported; "
            "matched as whole words"
        )
    words = token.strip("_").replace("_", " ").split()
    if not words:
        raise DictionaryError(f"{token!r} is not a name", path, line)
    return " ".join(words)


def display_name(spelling: str) -> str:
    """A name written in capitals made readable: "LULA DA SILVA" -> "Lula da Silva", "BASHAR AL-ASSAD"
    -> "Bashar al-Assad"; one short word or a word without vowels stays in capitals ("NATO", "PKK")."""
    if spelling != spelling.upper():
        return spelling
    words = spelling.split()
    if len(words) == 1 and len(words[0]) <= 4:
        return spelling

    def part(text: str, first: bool) -> str:
        low = text.lower()
        if not any(ch in "aeiouy" for ch in low) and text.isalpha():
            return text
        if low in PARTICLES and not first:
            return low
        return "'".join(
            p[:1].upper() + p[1:] if len(p) > 1 or i == 0 else p.upper() for i, p in enumerate(low.split("'"))
        )

    out = []
    for w, word in enumerate(words):
        pieces = word.split("-")
        out.append("-".join(part(p, w == 0 and i == 0) for i, p in enumerate(pieces)))
    return " ".join(out)


_ENTRY_LINE_HELP = "a name (NAME_), a synonym (+NAME_), a code ([CODE date]), a comment (#) or a { } block"


def read_petrarch(path: str, lines: list[str] | None = None) -> UserDictionary:
    """Reads a PETRARCH/Phoenix actor dictionary."""
    lines = _lines(path) if lines is None else lines
    warnings: list[str] = []
    builder = _Builder(path)
    unknown_seen: set[str] = set()
    current: dict[str, Any] | None = None
    block: int | None = None

    def warn(message: str) -> None:
        warnings.append(message)

    def unknown_group(group: str, code: str, line: int) -> None:
        if group not in unknown_seen:  # told once per group
            unknown_seen.add(group)
            warn(f"{path}:{line}: CAMEO code group {group} (in {code}) gives no PLOVER sector; ignored")

    def finish() -> None:
        if current is None:
            return
        if not current["codes"]:
            raise DictionaryError(f"{current['raw']!r} has no [CODE]", path, current["line"])
        builder.add(
            display_name(current["name"]), current["synonyms"], current["codes"], f"{path}:{current['line']}"
        )

    for lineno, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if block is not None:
            if "}" in text:
                block = None
            continue
        if not text:
            continue
        if text.startswith("{"):
            warn(f"{path}:{lineno}: {{ }} block ignored (not supported)")
            if "}" not in text:
                block = lineno
            continue
        codes = _BRACKET_RE.findall(text)
        rest = _BRACKET_RE.sub(" ", text).strip()
        if any(ch in rest for ch in "[]"):
            raise DictionaryError(f"unbalanced brackets: {raw.strip()!r}", path, lineno)
        if any(ch in rest for ch in "{}"):
            raise DictionaryError("a { } block must start its own line", path, lineno)
        if rest:
            synonym = rest.startswith("+")
            token = rest[1:].strip() if synonym else rest
            if not token or any(ch.isspace() for ch in token) or token.startswith("+"):
                raise DictionaryError(f"{raw.strip()!r} is not {_ENTRY_LINE_HELP}", path, lineno)
            name = _petrarch_name(token, path, lineno, warn)
            if synonym:
                if current is None:
                    raise DictionaryError(f"synonym {token!r} before any name", path, lineno)
                current["synonyms"].append(name)
            else:
                finish()
                current = {"name": name, "raw": token, "line": lineno, "synonyms": [], "codes": []}
        elif current is None:
            raise DictionaryError(f"code {codes[0]!r} before any name", path, lineno)
        for code in codes:
            assert current is not None
            current["codes"].append(_petrarch_code(code, path, lineno, unknown_group))
    if block is not None:
        raise DictionaryError("{ block never closed", path, block)
    finish()
    return builder.build("petrarch", warnings)


def _iso_date(text: str, column: str, path: str, line: int) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DictionaryError(f"{column} {text!r} is not a date (YYYY-MM-DD, or empty)", path, line) from exc


def _csv_rows(reader: Any, path: str) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise DictionaryError(f"not CSV: {exc}", path, reader.line_num) from exc


def read_csv(path: str, lines: list[str] | None = None) -> UserDictionary:
    """Reads a CSV actor dictionary (``name,aliases,country,sector,from,to``)."""
    lines = _lines(path) if lines is None else lines
    builder = _Builder(path)
    reader = csv.reader(io.StringIO("\n".join(lines) + "\n"))
    header_seen = False
    line = 0
    for row in _csv_rows(reader, path):
        line_start, line = line + 1, reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            if tuple(c.lower() for c in cells) != CSV_HEADER:
                raise DictionaryError(
                    f"the header row must be {','.join(CSV_HEADER)}, not {','.join(cells)}", path, line_start
                )
            header_seen = True
            continue
        if len(cells) != len(CSV_HEADER):
            raise DictionaryError(f"{len(cells)} columns, expected {len(CSV_HEADER)}", path, line_start)
        name, aliases, country, sector, start_text, end_text = cells
        if not name:
            raise DictionaryError("empty name", path, line_start)
        country = country.upper()
        if country and not _COUNTRY_RE.match(country):
            raise DictionaryError(
                f"country {country!r} is not a three-letter code (ISO alpha-3, or IGO, NGO, ...)",
                path,
                line_start,
            )
        sector = sector.upper()
        if sector and sector not in PLOVER_SECTORS:
            raise DictionaryError(
                f"sector {sector!r} is not a PLOVER sector ({' '.join(sorted(PLOVER_SECTORS))})",
                path,
                line_start,
            )
        if not country and not sector:
            raise DictionaryError("neither country nor sector", path, line_start)
        start = _iso_date(start_text, "from", path, line_start)
        end = _iso_date(end_text, "to", path, line_start)
        if start and end and end < start:
            raise DictionaryError(f"the period ends ({end}) before it starts ({start})", path, line_start)
        spellings = [a.strip() for a in aliases.split("|") if a.strip()]
        builder.add(
            name, spellings, [DatedCode(country or None, sector or None, start, end)], f"{path}:{line_start}"
        )
    if not header_seen:
        raise DictionaryError(f"no header row ({','.join(CSV_HEADER)})", path)
    return builder.build("csv", [])


# --------------------------------------------------------------------------- loading, cached


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, Any], UserDictionary] = {}


def dictionary_stamp(path: str) -> tuple[int, int] | None:
    """What changes when the file changes: (modification time, size); None when it cannot be read."""
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def load_dictionary(path: str) -> UserDictionary:
    """The dictionary at ``path``, read once per version of the file (per process)."""
    key = (os.path.abspath(path), dictionary_stamp(path))
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            found = read_dictionary(path)
            _CACHE.clear()
            _CACHE[key] = found
    return found


# --------------------------------------------------------------------------- the lexicon overlay


@dataclass(slots=True)
class _UserKey:
    entry: LexEntry
    capital_first: bool  # the first word must be capitalised in the text


@dataclass(slots=True)
class _UserIndex:
    keys: dict[tuple[str, ...], _UserKey] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    first: set[str] = field(default_factory=set)


def _low(word: str) -> str:
    return fold(word).lower()


class UserLexicon(ActorLexicon):
    """nestor's lexicon with a user dictionary over it: the user's names are consulted first."""

    def __init__(self, base: ActorLexicon, dictionary: UserDictionary) -> None:  # noqa: D107
        # no ActorLexicon.__init__: everything not overridden here is the base lexicon's
        self.base = base
        self.dictionary = dictionary
        self.conflicts = base.conflicts
        self.actors: dict[str, UserActor] = {}
        self._index = _UserIndex()
        for actor in dictionary.actors:
            default = actor.default
            entry = LexEntry(
                "org",
                default.code if default else None,
                default.sector if default else None,
                actor.name,
                USER_KIND,
            )
            self.actors[actor.name] = actor
            for spelling in actor.spellings:
                self._index_spelling(spelling, entry)

    def _index_spelling(self, spelling: str, entry: LexEntry) -> None:
        texts = {spelling}
        if re.search(r"\w-\w", spelling):
            texts.add(re.sub(r"(?<=\w)-(?=\w)", " ", spelling))
        first_char = next((ch for ch in spelling if ch.isalpha()), "")
        for text in sorted(texts):
            key = tuple(_low(t) for t in self.base._tokens(text))  # the tokenizer the documents get
            if not key or key in self._index.keys:
                continue
            self._index.keys[key] = _UserKey(entry, first_char.isupper())
            self._index.first.add(key[0])
            for i in range(1, len(key) + 1):
                self._index.prefixes.add(key[:i])

    def __getattr__(self, name: str) -> Any:
        # helpers of ActorLexicon reached through inherited methods read the base lexicon's state
        if name in ("base", "__setstate__"):
            raise AttributeError(name)
        return getattr(self.base, name)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (UserLexicon, (self.base, self.dictionary))

    # ---------------------------------------------------------------- matching

    def user_match(self, words: Sequence[str], start: int) -> tuple[int, tuple[LexEntry, ...]]:
        """The longest user name at ``words[start]`` (a leading "the" is optional), or ``(0, ())``."""
        index = self._index
        if start < 0 or start >= len(words):
            return 0, ()
        best: tuple[int, tuple[LexEntry, ...]] = (0, ())
        first = _low(words[start])
        offsets = [0]
        if first == "the" and start + 1 < len(words):
            offsets.append(1)
        for offset in offsets:
            at = start + offset
            head = first if offset == 0 else _low(words[at])
            if head not in index.first:
                continue
            key: tuple[str, ...] = ()
            for i in range(at, len(words)):
                key = (*key, head if i == at else _low(words[i]))
                if key not in index.prefixes:
                    break
                found = index.keys.get(key)
                if found is None:
                    continue
                if found.capital_first and not _first_alpha_upper(words[at]):
                    continue
                length = i + 1 - start
                if length > best[0]:
                    best = (length, (found.entry,))
        return best

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, tuple[LexEntry, ...]]:
        mine = self.user_match(words, start)
        theirs = self.base.longest_match(words, start)
        return mine if mine[0] and mine[0] >= theirs[0] else theirs

    def lookup(self, phrase: str) -> tuple[LexEntry, ...]:
        words = [w for w in self.base._tokens(phrase)]
        n, entries = self.user_match(words, 0)
        if n and n == len(words):
            return entries
        return self.base.lookup(phrase)

    def country_name(self, code: str) -> str | None:
        return self.base.country_name(code)

    def sector_of(self, lemma_or_phrase: str) -> str | None:
        return self.base.sector_of(lemma_or_phrase)

    def items(self) -> Iterator[tuple[tuple[str, ...], tuple[LexEntry, ...]]]:
        yield from self.base.items()
        for key, found in self._index.keys.items():
            yield key, (found.entry,)

    def spellings(self) -> Iterator[tuple[str, ...]]:
        return self.base.spellings()

    def rule_keys(self) -> Iterator[tuple[str, ...]]:
        return self.base.rule_keys()

    def __len__(self) -> int:
        return len(self.base) + len(self._index.keys)


def _first_alpha_upper(word: str) -> bool:
    for ch in word:
        if ch.isalpha():
            return ch.isupper()
    return False


def user_lexicon(base: ActorLexicon, path: str) -> ActorLexicon:
    """``base`` with the user dictionary at ``path`` over it; ``base`` itself when ``path`` is empty."""
    if not path:
        return base
    return UserLexicon(base, load_dictionary(path))


# --------------------------------------------------------------------------- dating


def _day_of(value: str | None) -> dt.date | None:
    """The first day of an event date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if not value:
        return None
    m = _EVENT_DATE_RE.match(value)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _redated(
    actors: dict[str, UserActor],
    name: str | None,
    code: str | None,
    sector: str | None,
    code_from: str | None,
    day: dt.date | None,
) -> tuple[str | None, str | None, str | None] | None:
    """(code, sector, code_from) of a user actor's entity on ``day``; None where nothing changes."""
    actor = actors.get(name or "")
    if actor is None:
        return None
    default, now = actor.default, actor.code_on(day)
    if now == default:
        return None
    old_code, old_sector = (default.code, default.sector) if default else (None, None)
    new_code, new_sector = (now.code, now.sector) if now else (None, None)
    if code == old_code and code_from is None:
        code = new_code
    elif old_code is None and code_from is not None and new_code is not None:
        code, code_from = new_code, None
    if sector == old_sector:
        sector = new_sector
    return code, sector, code_from


def _entity_on(actors: dict[str, UserActor], e: Entity, day: dt.date | None) -> Entity:
    changed = _redated(actors, e.identifier_text, e.code, e.sector, e.code_from, day)
    if changed is None:
        return e
    code, sector, code_from = changed
    return replace(e, code=code, sector=sector, code_from=code_from)


def date_user_actors(coded: CodedDocument, lexicon: ActorLexicon, published: dt.date | None) -> CodedDocument:
    """Re-codes the user dictionary's names for the date they are about: each event's actors,
    recipients and claimant for the event's date (the publication date where it has none), claims and
    name mentions for the publication date. A no-op without a user dictionary."""
    if not isinstance(lexicon, UserLexicon) or not lexicon.actors:
        return coded
    actors = lexicon.actors
    for record in coded.records:
        day = _day_of(record.date) or published
        record.actor = [_entity_on(actors, e, day) for e in record.actor]
        record.recipient = [_entity_on(actors, e, day) for e in record.recipient]
        claimant = (record.attribution or {}).get("claimant")
        if isinstance(claimant, dict):
            changed = _redated(
                actors,
                claimant.get("identifier_text"),
                claimant.get("code"),
                claimant.get("sector"),
                claimant.get("code_from"),
                day,
            )
            if changed is not None:
                fixed = {**claimant, "code": changed[0], "sector": changed[1]}
                if changed[2] is None:
                    fixed.pop("code_from", None)
                record.attribution = {**(record.attribution or {}), "claimant": fixed}
    coded.claims = [
        replace(c, claimant=_entity_on(actors, c.claimant, published)) if c.claimant is not None else c
        for c in coded.claims
    ]
    coded.mentions = [_mention_on(actors, m, published) for m in coded.mentions]
    return coded


def _mention_on(actors: dict[str, UserActor], m: NameMention, day: dt.date | None) -> NameMention:
    changed = _redated(actors, m.name, m.code, m.sector, None, day)
    if changed is None:
        return m
    return replace(m, code=changed[0], sector=changed[1])
