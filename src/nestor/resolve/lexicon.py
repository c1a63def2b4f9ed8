"""The actor lexicon: countries, metonyms, organisations and sector words, looked up token by token.

The data lives in ``nestor/data/actors/*.tsv`` (UTF-8, tab-separated, header row, ``#`` comments, ``|``
between values in a cell):

``countries.tsv``      code, name, aliases, adjectives, capitals
``metonyms.tsv``       phrase, code, sector, identifier_text (Kremlin, Pentagon, Knesset, IDF, ...)
``organizations.tsv``  name, aliases, code, sector, kind (UN system, EU, IGOs, NGOs, armed groups, ...)
``sectors.tsv``        term, sector, kind (body | person | title)
``nonactors.tsv``      phrase, note (Latin America, West Bank, ...: consumed by the match, code nothing)
``case_rules.tsv``     phrase, rule (cap | exact), note
``conflicts.tsv``      phrase, codes, note (keys allowed to map to several codes; checked by the tests)

Every phrase is split with the same tokenizer the pipelines use (by default ``spacy.blank("en")``), so a
key is a tuple of tokens: ``"Alma-Ata"`` -> ``("alma", "-", "ata")``. Tokens are folded: diacritics
dropped, curly apostrophes and dashes made plain, lowercased. Variants are added for hyphens written as
spaces ("al Qaeda") and possessive apostrophes left out ("Kurdistan Workers Party").

Case. A token of at most four letters written in capitals or mixed case ("US", "IS", "U.S.", "AU",
"SCO", "LeT") matches only as written, so "us" and "is" never match. Titles match only capitalised.
``case_rules.tsv`` makes ordinary words ("Turkey", "China", "Chad", "Amnesty", "Labour") match only
capitalised: each word the spelling capitalises must be capitalised in the text, so "an Islamic state"
is not the Islamic State. Everything else matches case-insensitively.

Lookups are plain dict and set probes on cached folded tokens; ``longest_match`` costs a few
microseconds, most of it on tokens that start no key at all.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "ENTRY_KINDS",
    "NON_STATE_CODES",
    "PLOVER_SECTORS",
    "ActorLexicon",
    "LexEntry",
    "fold",
]

PLOVER_SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK "
    "AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
ENTRY_KINDS = frozenset({"country", "adjective", "capital", "metonym", "org", "sector", "title", "nonactor"})
ORG_KINDS = frozenset({"igo", "uno", "eur", "ngo", "img", "armed_group", "party", "media", "company"})
SECTOR_KINDS = frozenset({"body", "person", "title"})

_CODE_RE = re.compile(r"^[A-Z]{3}$")
_CACHE_LIMIT = 500_000  # folded-token cache entries before the cache is cleared


@dataclass(frozen=True, slots=True)
class LexEntry:
    """What a lexicon key stands for.

    kind: country | adjective | capital | metonym | org | sector | title | nonactor.
    code: ISO alpha-3 (or XKX, a historical code, IGO, UNO, EUR, NGO, ISM, IMG, MNC); None for
      sector words, titles and non-actors.
    sector: PLOVER sector, or None. Capitals carry GOV (a capital used as an actor is its government).
    canonical: country name (country, adjective, capital), identifier text (metonym), organisation
      name (org), lemma (sector), title as first listed (title), phrase (nonactor).
    org_kind: the source file's ``kind`` column: igo, uno, eur, ngo, img, armed_group, party, media,
      company for organisations; body or person for sector words; None otherwise.
    """

    kind: str
    code: str | None
    sector: str | None
    canonical: str
    org_kind: str | None = None


# --------------------------------------------------------------------------- folding

# letters NFKD does not decompose
_LETTERS = dict(
    pair.split("=")
    for pair in "ø=o Ø=O ı=i İ=I đ=d Đ=D ł=l Ł=L ð=d Ð=D ß=ss æ=ae Æ=AE þ=th Þ=Th œ=oe Œ=OE".split()
)
_PUNCT = str.maketrans(
    {
        **dict.fromkeys("\u2019\u2018\u02bc\u2032`\u00b4", "'"),  # curly and other apostrophes
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),  # dashes and minus
        "\u00a0": " ",
        **_LETTERS,
    }
)


def fold(text: str) -> str:
    """Fold diacritics, apostrophes and dashes; keep case. ``"Côte d’Ivoire"`` -> ``"Cote d'Ivoire"``."""
    text = text.translate(_PUNCT)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_case_bound(token: str) -> bool:
    """A short acronym that must match as written: <= 4 letters, capitals or mixed case."""
    letters = [ch for ch in token if ch.isalpha()]
    if not letters or len(letters) > 4:
        return False
    if all(ch.isupper() for ch in letters):
        return True
    return any(ch.isupper() for ch in letters[1:])


# --------------------------------------------------------------------------- constraints

# A constraint is None (any case) or (caps, exact): caps are the indices of tokens whose first letter
# must be upper case, exact is a tuple of (token index, folded cased text) that must match as written.
_Constraint = tuple[tuple[int, ...], tuple[tuple[int, str], ...]] | None
_NO_MATCH: tuple[int, tuple[LexEntry, ...]] = (0, ())


def _first_alpha_upper(word: str) -> bool:
    for ch in word:
        if ch.isalpha():
            return ch.isupper()
    return False


@dataclass(slots=True)
class _Slot:
    """The entries of one key with their case constraints, in load order."""

    pairs: list[tuple[_Constraint, LexEntry]]
    free: tuple[LexEntry, ...] | None = None  # set when no entry has a constraint


# --------------------------------------------------------------------------- data files


def _data_dir() -> Path:
    return Path(str(resources.files("nestor").joinpath("data", "actors")))


def _read_tsv(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Rows of a lexicon TSV as lists of stripped cells, with their line numbers."""
    header_seen = False
    with path.open(encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if not header_seen:
                if cells != list(columns):
                    raise ValueError(f"{path.name}:{lineno}: header {cells} is not {list(columns)}")
                header_seen = True
                continue
            if len(cells) != len(columns):
                raise ValueError(f"{path.name}:{lineno}: {len(cells)} columns, expected {len(columns)}")
            yield lineno, cells
    if not header_seen:
        raise ValueError(f"{path.name}: no header row")


def _split(cell: str) -> list[str]:
    return [value.strip() for value in cell.split("|") if value.strip()]


def _check_code(code: str, where: str) -> str:
    if not _CODE_RE.match(code):
        raise ValueError(f"{where}: bad code {code!r}")
    return code


def _check_sector(sector: str, where: str) -> str | None:
    if not sector:
        return None
    if sector not in PLOVER_SECTORS:
        raise ValueError(f"{where}: {sector!r} is not a PLOVER sector")
    return sector


# --------------------------------------------------------------------------- the lexicon

_DEFAULT_TOKENIZER: Callable[[str], list[str]] | None = None
_LOCK = threading.Lock()
_LOADED: dict[Any, ActorLexicon] = {}


def _default_tokenizer() -> Callable[[str], list[str]]:
    global _DEFAULT_TOKENIZER
    if _DEFAULT_TOKENIZER is None:
        import spacy

        tokenizer = spacy.blank("en").tokenizer

        def tokenize(text: str) -> list[str]:
            return [token.text for token in tokenizer(text)]

        _DEFAULT_TOKENIZER = tokenize
    return _DEFAULT_TOKENIZER


class ActorLexicon:
    """Actor phrases keyed by folded token tuples. Build with :meth:`load`."""

    def __init__(
        self, tokenize: Callable[[str], list[str]] | None = None, data_dir: Path | None = None
    ) -> None:
        self._requested_tokenize = tokenize
        self._tokenize_fn = tokenize if tokenize is not None else _default_tokenizer()
        self._slots: dict[tuple[str, ...], _Slot] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._first: set[str] = set()
        self._country_names: dict[str, str] = {}
        self._sector_any: dict[tuple[str, ...], str] = {}
        self._rules: dict[tuple[str, ...], str] = {}
        self._forms: dict[tuple[str, ...], None] = {}
        self.conflicts: dict[tuple[str, ...], frozenset[str]] = {}
        self._low_cache: dict[str, str] = {}
        self._cased_cache: dict[str, str] = {}
        self._tok_cache: dict[str, tuple[str, ...]] = {}
        self._sector_cache: dict[str, str | None] = {}
        self._load(data_dir or _data_dir())

    # ---------------------------------------------------------------- construction

    @classmethod
    def load(cls, tokenize: Callable[[str], list[str]] | None = None) -> ActorLexicon:
        """The lexicon built from the packaged data; cached per tokenizer (None: spaCy's English one)."""
        key: Any = tokenize if tokenize is not None else "default"
        lexicon = _LOADED.get(key)
        if lexicon is None:
            with _LOCK:
                lexicon = _LOADED.get(key)
                if lexicon is None:
                    lexicon = cls(tokenize)
                    _LOADED[key] = lexicon
        return lexicon

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickles as a reference: a worker process rebuilds (or reuses) its own cached copy
        return (ActorLexicon.load, (self._requested_tokenize,))

    def _tokens(self, text: str) -> list[str]:
        return [token for token in self._tokenize_fn(text) if token.strip()]

    def _variants(self, phrase: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(lowered key, cased key) pairs for a phrase and its spelling variants."""
        texts = {phrase, fold(phrase)}
        for text in list(texts):
            if re.search(r"\w-\w", text):
                texts.add(re.sub(r"(?<=\w)-(?=\w)", " ", text))
            if re.search(r"s'(\s|$)", text):
                texts.add(re.sub(r"(?<=s)'(?=\s|$)", "", text))
        out: dict[tuple[str, ...], tuple[str, ...]] = {}
        for text in sorted(texts):
            cased = tuple(fold(token) for token in self._tokens(text))
            if cased:
                out.setdefault(tuple(token.lower() for token in cased), cased)
        return list(out.items())

    def _add(self, phrase: str, entry: LexEntry) -> None:
        for key, cased in self._variants(phrase):
            rule = self._rules.get(key)
            caps: tuple[int, ...] = ()
            exact: list[tuple[int, str]] = []
            if rule == "exact":
                exact = list(enumerate(cased))
            else:
                exact = [(i, token) for i, token in enumerate(cased) if _is_case_bound(token)]
                if entry.kind == "title" or (rule == "cap" and entry.kind != "sector"):
                    # every word capitalised in the spelling must be capitalised in the text
                    bound = {i for i, _ in exact}
                    caps = tuple(
                        i for i, token in enumerate(cased) if i not in bound and _first_alpha_upper(token)
                    )
            constraint: _Constraint = (caps, tuple(exact)) if (caps or exact) else None
            self._forms[cased] = None
            slot = self._slots.get(key)
            if slot is None:
                slot = self._slots[key] = _Slot(pairs=[])
            if (constraint, entry) in slot.pairs or (None, entry) in slot.pairs:
                continue
            if constraint is None:  # an unconstrained spelling subsumes constrained ones
                slot.pairs = [(c, e) for c, e in slot.pairs if e != entry]
            slot.pairs.append((constraint, entry))
            for i in range(1, len(key) + 1):
                self._prefixes.add(key[:i])
            self._first.add(key[0])
            if entry.kind == "sector" and entry.sector and rule != "exact":
                previous = self._sector_any.get(key)
                if previous is not None and previous != entry.sector:
                    raise ValueError(f"sectors.tsv: {phrase!r} is both {previous} and {entry.sector}")
                self._sector_any[key] = entry.sector

    def _load(self, data_dir: Path) -> None:
        for _, (phrase, rule, _note) in _read_tsv(data_dir / "case_rules.tsv", ("phrase", "rule", "note")):
            if rule not in ("cap", "exact"):
                raise ValueError(f"case_rules.tsv: bad rule {rule!r} for {phrase!r}")
            for key, _cased in self._variants(phrase):
                self._rules[key] = rule

        path = data_dir / "countries.tsv"
        columns = ("code", "name", "aliases", "adjectives", "capitals")
        for lineno, (code, name, aliases, adjectives, capitals) in _read_tsv(path, columns):
            where = f"{path.name}:{lineno}"
            _check_code(code, where)
            if code in self._country_names:
                raise ValueError(f"{where}: duplicate code {code}")
            self._country_names[code] = name
            entry = LexEntry("country", code, None, name)
            for phrase in [name, *_split(aliases)]:
                self._add(phrase, entry)
            for phrase in _split(adjectives):
                self._add(phrase, LexEntry("adjective", code, None, name))
            for phrase in _split(capitals):
                self._add(phrase, LexEntry("capital", code, "GOV", name))

        path = data_dir / "metonyms.tsv"
        for lineno, (phrases, code, sector, ident) in _read_tsv(
            path, ("phrase", "code", "sector", "identifier_text")
        ):
            where = f"{path.name}:{lineno}"
            entry = LexEntry("metonym", _check_code(code, where), _check_sector(sector, where), ident)
            for phrase in _split(phrases):
                self._add(phrase, entry)

        path = data_dir / "organizations.tsv"
        for lineno, (name, aliases, code, sector, kind) in _read_tsv(
            path, ("name", "aliases", "code", "sector", "kind")
        ):
            where = f"{path.name}:{lineno}"
            if kind not in ORG_KINDS:
                raise ValueError(f"{where}: bad kind {kind!r}")
            entry = LexEntry("org", _check_code(code, where), _check_sector(sector, where), name, kind)
            for phrase in [name, *_split(aliases)]:
                self._add(phrase, entry)

        path = data_dir / "sectors.tsv"
        for lineno, (terms, sector, kind) in _read_tsv(path, ("term", "sector", "kind")):
            where = f"{path.name}:{lineno}"
            if kind not in SECTOR_KINDS:
                raise ValueError(f"{where}: bad kind {kind!r}")
            forms = _split(terms)
            if not forms:
                raise ValueError(f"{where}: empty term")
            checked = _check_sector(sector, where)
            if checked is None and kind != "title":
                raise ValueError(f"{where}: only titles may leave the sector empty")
            if kind == "title":
                entry = LexEntry("title", None, checked, forms[0])
            else:
                entry = LexEntry("sector", None, checked, forms[0], kind)
            for phrase in forms:
                self._add(phrase, entry)

        path = data_dir / "nonactors.tsv"
        for _, (phrases, _note) in _read_tsv(path, ("phrase", "note")):
            forms = _split(phrases)
            entry = LexEntry("nonactor", None, None, forms[0])
            for phrase in forms:
                self._add(phrase, entry)

        for _, (phrase, codes, _note) in _read_tsv(data_dir / "conflicts.tsv", ("phrase", "codes", "note")):
            order = _split(codes)
            for key, _cased in self._variants(phrase):
                self.conflicts[key] = frozenset(order)
                slot = self._slots.get(key)
                if slot is not None:  # most likely reading first (stable sort keeps file order otherwise)
                    rank = {code: i for i, code in enumerate(order)}
                    slot.pairs.sort(key=lambda pair: rank.get(pair[1].code or "", len(rank)))

        for slot in self._slots.values():
            if all(constraint is None for constraint, _ in slot.pairs):
                slot.free = tuple(entry for _, entry in slot.pairs)

    # ---------------------------------------------------------------- token folding

    def _low(self, word: str) -> str:
        value = self._low_cache.get(word)
        if value is None:
            if len(self._low_cache) >= _CACHE_LIMIT:
                self._low_cache.clear()
            value = self._low_cache[word] = fold(word).lower()
        return value

    def _cased(self, word: str) -> str:
        value = self._cased_cache.get(word)
        if value is None:
            if len(self._cased_cache) >= _CACHE_LIMIT:
                self._cased_cache.clear()
            value = self._cased_cache[word] = fold(word)
        return value

    # ---------------------------------------------------------------- matching

    def _entries(self, slot: _Slot, words: Sequence[str], start: int) -> tuple[LexEntry, ...]:
        if slot.free is not None:
            return slot.free
        out: list[LexEntry] = []
        for constraint, entry in slot.pairs:
            if entry in out:
                continue
            if constraint is not None:
                caps, exact = constraint
                if any(not _first_alpha_upper(words[start + i]) for i in caps):
                    continue
                if any(self._cased(words[start + i]) != text for i, text in exact):
                    continue
            out.append(entry)
        return tuple(out)

    def _match_at(self, words: Sequence[str], start: int, first: str) -> tuple[int, tuple[LexEntry, ...]]:
        key: tuple[str, ...] = (first,)
        found: list[tuple[int, tuple[str, ...]]] = []
        if key in self._slots:
            found.append((1, key))
        i, n = start + 1, len(words)
        while i < n:
            key = (*key, self._low(words[i]))
            if key not in self._prefixes:
                break
            if key in self._slots:
                found.append((len(key), key))
            i += 1
        for length, candidate in reversed(found):
            entries = self._entries(self._slots[candidate], words, start)
            if entries:
                return length, entries
        return _NO_MATCH

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, tuple[LexEntry, ...]]:
        """The longest key starting at ``words[start]`` (surface tokens) and its entries.

        Also tries the key without a leading "the"; the returned length then counts the "the". A token
        such as "U.S.-led" that the tokenizer left whole matches by its part before the first hyphen.
        Returns ``(0, ())`` when nothing matches. Entries of kind "nonactor" mean the tokens form a
        known phrase that names no actor ("Latin America"): skip them.
        """
        if start < 0 or start >= len(words):
            return _NO_MATCH
        surface = words[start]
        first = self._low(surface)
        best = self._match_at(words, start, first) if first in self._first else _NO_MATCH
        if first == "the" and start + 1 < len(words):
            second = self._low(words[start + 1])
            if second in self._first:
                length, entries = self._match_at(words, start + 1, second)
                if length and length + 1 > best[0]:
                    best = (length + 1, entries)
        if not best[0] and "-" in surface and first not in self._first:
            best = self._hyphen_prefix(surface)
        return best

    def _hyphen_prefix(self, surface: str) -> tuple[int, tuple[LexEntry, ...]]:
        head = fold(surface).split("-", 1)[0]
        if not head:
            return _NO_MATCH
        slot = self._slots.get((head.lower(),))
        if slot is None:
            return _NO_MATCH
        entries = tuple(e for e in self._entries(slot, [head], 0) if e.kind not in ("sector", "nonactor"))
        return (1, entries) if entries else _NO_MATCH

    def _phrase_tokens(self, phrase: str) -> tuple[str, ...]:
        tokens = self._tok_cache.get(phrase)
        if tokens is None:
            if len(self._tok_cache) >= _CACHE_LIMIT:
                self._tok_cache.clear()
            tokens = self._tok_cache[phrase] = tuple(self._tokens(phrase))
        return tokens

    def lookup(self, phrase: str) -> tuple[LexEntry, ...]:
        """The entries of a whole phrase (case rules apply; a leading "the" is optional)."""
        words = self._phrase_tokens(phrase)
        if not words:
            return ()
        key = tuple(self._low(word) for word in words)
        slot = self._slots.get(key)
        entries = self._entries(slot, words, 0) if slot is not None else ()
        if not entries and key[0] == "the" and len(key) > 1:
            slot = self._slots.get(key[1:])
            if slot is not None:
                entries = self._entries(slot, words, 1)
        return entries

    def country_name(self, code: str) -> str | None:
        """The canonical name for an ISO alpha-3 code (or XKX and the historical codes)."""
        return self._country_names.get(code)

    def sector_of(self, lemma_or_phrase: str) -> str | None:
        """The PLOVER sector a common noun, noun phrase or title names, or None.

        Meant for lemmas, which lose case, so sector words match in any case ("mp" -> LEG) unless
        ``case_rules.tsv`` marks them exact; titles still need a capital ("Gen." -> MIL).
        """
        cached = self._sector_cache.get(lemma_or_phrase, "")
        if cached != "":
            return cached
        result: str | None = None
        words = self._phrase_tokens(lemma_or_phrase)
        if words:
            key = tuple(self._low(word) for word in words)
            for offset in (0, 1) if key[0] == "the" and len(key) > 1 else (0,):
                sub = key[offset:]
                result = self._sector_any.get(sub)
                if result is None and sub in self._slots:
                    for entry in self._entries(self._slots[sub], words, offset):
                        if entry.kind in ("sector", "title") and entry.sector:
                            result = entry.sector
                            break
                if result is not None:
                    break
        if len(self._sector_cache) >= _CACHE_LIMIT:
            self._sector_cache.clear()
        self._sector_cache[lemma_or_phrase] = result
        return result

    # ---------------------------------------------------------------- introspection

    def items(self) -> Iterator[tuple[tuple[str, ...], tuple[LexEntry, ...]]]:
        """Every key with all its entries, whatever their case constraints (for tests and tools)."""
        for key, slot in self._slots.items():
            yield key, tuple(entry for _, entry in slot.pairs)

    def spellings(self) -> Iterator[tuple[str, ...]]:
        """Every spelling in the data as folded, case-preserving tokens (variants included)."""
        return iter(self._forms)

    def rule_keys(self) -> Iterator[tuple[str, ...]]:
        """The keys named in ``case_rules.tsv``."""
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._slots)
