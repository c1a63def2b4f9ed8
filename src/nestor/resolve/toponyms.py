"""Place mentions of a document, found and resolved in context the way a careful reader does.

Finding: runs of capitalised words are matched against the gazetteer's names (longest first, up to six
words), so "Lamar County", "Bosnia and Herzegovina" and "St. Louis" are single mentions; a name inside a
longer name ("Jordan Smith", "Kentucky Fried Chicken") is no mention; a comma and a state, province or
country after a town ("Dublin, Ga.", "London, Ont.", "Paris, Texas") qualifies it; a dateline ("AUSTIN,
Texas —") opens the text; a nationality adjective before a geographic noun ("on Turkish soil") names
its country; a public body after a name keeps it a place ("the Illinois House", "the Marion County
School Board"); a plural unit word makes each name of its list that unit ("Pulaski and Lonoke
counties", "the Belgorod and Kursk regions"). Named entities from a parser, when given, keep person
and organisation names out.

Resolving: each name's candidates are scored by a prior (population, the unit's level, own name over
an alternate one) plus what the document says: a qualifier filters them; the dateline's state and
country, the states and countries the document names elsewhere, and nearness to its other places
raise them; words around the name ("the X Republican", "X province", "the city of X") pick the level.
Two passes: the first resolves each name alone, the second again with the first pass's confident
places of the rest of the document as context. Small towns need support from the context. A dateline
without its state ("SPRINGFIELD —") is resolved again by the rest of the story, not by itself, unless
it is a national capital ("WASHINGTON —").
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..models import Place
from . import lexical
from .gazetteer import GeoIndex, GeoRecord, get_index
from .place_names import data_dir as _data_dir
from .place_names import fold_name, unit_words
from .place_names import read_list as _read_list
from .place_names import read_rows as _read_rows

__all__ = [
    "CACHE_KEY",
    "PlaceMention",
    "ToponymResolver",
    "demonym_place_at",
    "document_places",
    "get_resolver",
    "haversine_km",
    "place_at",
    "place_in",
]

MAX_WORDS = 6
_SHORT_LINE = 60
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w\-]|['’](?!s\b))*\.?|\d+|[^\w\s]")
_CONNECTORS = frozenset(_read_list(_data_dir() / "name_connectors.txt"))  # "of": "Isle of Man"
_LOCATIVES = frozenset(_read_list(_data_dir() / "locatives.txt"))  # "near": "near Pelham"
_SIDES = frozenset(_read_list(_data_dir() / "place_sides.txt"))  # "northern": "in northern Kosovo"
_ABBREVIATIONS = frozenset(_read_list(_data_dir() / "abbreviations.txt"))  # "st.": "St. Louis"
_UNIT_WORDS = unit_words().name  # "county": "Lamar county"
_DATELINE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Za-z.'’\- ]{1,40}?)"  # AUSTIN
    r"(?:,\s*(?P<qual>[A-Z][A-Za-z.' ]{1,30}?))?"  # , Texas
    r"\s*(?P<agency>\([^)]{1,30}\)\s*)?(?P<sep>[—–-]{1,2}|:)\s",  # (AP) —
    re.M,
)
_DATELINE_WITHIN = 400  # a dateline opens the story: after a headline and a byline at most
_SENT_END = frozenset({".", "!", "?", '"', "“", "”", ":", "(", "—", "–"})
_ENTITY_BLOCKS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT", "LANGUAGE"})


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class PlaceMention:
    """A place name in a document and what it resolves to."""

    start: int
    end: int
    text: str
    kind: str = "name"  # name | qualifier | dateline | demonym
    record: GeoRecord | None = None
    score: float = 0.0
    margin: float = 0.0  # the best candidate's lead over the next one
    hint: str | None = None  # admin1 | usadmin1 | admin2 | place | unit | body: from the words around
    qualifier: tuple[GeoRecord, ...] = ()
    candidates: tuple[GeoRecord, ...] = field(default=(), repr=False)
    priors: tuple[tuple[float, GeoRecord], ...] | None = field(default=None, repr=False)
    sent: int = 0  # the sentence it is in

    @property
    def place(self) -> Place | None:
        return self.record.to_place() if self.record else None

    @property
    def key(self) -> str | None:
        return self.record.key if self.record else None

    def to_dict(self) -> dict[str, object]:
        r = self.record
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "geonameid": r.geonameid if r else None,
            "key": r.key if r else None,
            "name": r.name if r else None,
            "feature_class": r.fclass if r else None,
            "feature_code": r.fcode if r else None,
            "admin1": r.admin1_name if r else None,
            "admin2": r.admin2_name if r else None,
            "country_code": r.cc3 if r else None,
            "lat": r.lat if r else None,
            "lon": r.lon if r else None,
            "geo_precision": r.precision if r else None,
        }


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    line_start: bool = False

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    last = 0
    line_len = 0
    for m in _TOKEN.finditer(text):
        gap = text[last : m.start()]
        # a new line opens a sentence after a blank line or a short line (a headline), not inside a
        # hard-wrapped paragraph
        if "\n" in gap:
            opens = "\n\n" in gap.replace(" ", "") or line_len < _SHORT_LINE
            line_len = 0
        else:
            opens = not out
        out.append(_Token(m.group(), m.start(), m.end(), opens))
        line_len += len(gap) + len(m.group()) if "\n" not in gap else len(m.group())
        last = m.end()
    return out


@dataclass(frozen=True, slots=True)
class _Tables:
    before: dict[str, str]  # "province of" -> admin1
    after: dict[str, str]
    breakers: frozenset[str]
    titles: frozenset[str]
    demonym_nouns: frozenset[str]
    demonyms: dict[str, str]  # "Turkish" -> TUR
    person_cues: frozenset[str]  # "said": "Jackson said" is a person
    organisations: frozenset[str]  # folded names of the actor lexicon's organisations ("hamas")
    demonym_body_words: frozenset[str]  # "guard": "Chinese coast guard" is no place


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    d = _data_dir()
    before, after = {}, {}
    for word, where, kind in (r[:3] for r in _read_rows(d / "feature_words.tsv")):
        (before if where == "before" else after)[word] = kind
    demonyms: dict[str, str] = {}
    conflicts: set[str] = set()
    actors = d.parent / "actors"
    rows = _read_rows(actors / "countries.tsv")
    header = rows[0] if rows and rows[0][0] == "code" else ["code", "name", "aliases", "adjectives"]
    col = header.index("adjectives") if "adjectives" in header else 3
    for row in rows:
        if row[0] == "code" or len(row) <= col:
            continue
        for adj in row[col].split("|"):
            adj = adj.strip()
            if not adj or " " in adj:
                continue
            if adj in demonyms and demonyms[adj] != row[0]:
                conflicts.add(adj)
            demonyms[adj] = row[0]
    for adj in conflicts:
        demonyms.pop(adj, None)
    organisations: set[str] = set()
    org_rows = _read_rows(actors / "organizations.tsv")
    for row in org_rows[1:] if org_rows and org_rows[0][0] == "name" else org_rows:
        for name in [row[0], *(row[1].split("|") if len(row) > 1 else [])]:
            if name.strip():
                organisations.add(fold_name(name))
    return _Tables(
        before=before,
        after=after,
        breakers=frozenset(_read_list(d / "name_breakers.txt")),
        titles=frozenset(_read_list(d / "title_words.txt")),
        demonym_nouns=frozenset(_read_list(d / "demonym_nouns.txt")),
        demonyms=demonyms,
        person_cues=frozenset(_read_list(d / "person_cues.txt")),
        organisations=frozenset(organisations),
        demonym_body_words=frozenset(_read_list(d / "demonym_body_words.txt")),
    )


# ---------------------------------------------------------------------------- scoring weights
_W_COUNTRY = 4.0  # a country outranks a town of the same name
_W_ADMIN1 = -1.3  # an admin1 unit weighs its towns' total population, damped
_W_ADMIN1_UNKNOWN = 4.7  # an admin1 unit known only by name: above towns of its name under ~50,000
_W_ADMIN2 = 4.3  # a county has no population: as a town of ~20,000
_W_CAPITAL = 0.6
_W_MAIN_NAME = 0.8
_W_HINT = 4.0
_W_DATELINE_COUNTRY = 1.5
_W_DATELINE_ADMIN1 = 2.5
_W_DOC_COUNTRY = 1.5
_W_DOC_ADMIN1 = 2.5
_W_NEAR = 1.0
_W_OTHERS_NAME = 2.0
_W_CONTAINS = 4.0
_W_SIBLING = 2.5
_NEAR_KM = 150.0
_MIN_SCORE = 4.2  # below this (a hamlet the document gives no support) a name is left unresolved
_BODY_TOWN = 15_000  # the smallest town a public body is named after ("X Police")
_UNKNOWN_POPULATION = 2_000  # GeoNames gives some towns no population: as a small town
_W_SMALL_ALIAS = 1.5  # an old or foreign name of a town under 15,000 people ("Hamas", "Ousted")


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1: Counter[str]
    points: list[tuple[float, float, int]]  # lat, lon, mention index
    dateline: GeoRecord | None = None
    sentence_countries: set[str] = field(default_factory=set)
    units: Counter[str] = field(default_factory=Counter)  # countries whose divisions the document names
    city_namesake: bool = False  # the name being resolved is also a city of 100,000

    @property
    def total(self) -> int:
        return sum(self.countries.values())


class ToponymResolver:
    """Finds and resolves the place mentions of a text (see the module docstring)."""

    def __init__(self, index: GeoIndex | None = None) -> None:
        self.index = index or get_index()
        self.tables = _tables()

    # ------------------------------------------------------------------ public
    def resolve(
        self,
        text: str,
        entities: Iterable[tuple[int, int, str]] = (),
        home: str | None = None,
    ) -> list[PlaceMention]:
        """The place mentions of ``text`` in text order.

        ``entities``: a parser's named entities as (start char, end char, label); person, organisation
        and similar names are then kept out. ``home``: the outlet's home, a country (ISO alpha-3) or a
        GeoNames admin1 key ("US.KY"), a weak prior when the text says nothing.
        """
        toks = _tokens(text)
        blocks = [(s, e, lab) for s, e, lab in entities if lab in _ENTITY_BLOCKS]
        mentions = self._find(text, toks, blocks, self._full_names(text, toks))
        mentions.extend(self._demonyms(text, toks, mentions))
        mentions.sort(key=lambda m: m.start)
        # sentences: a country named in the same sentence, or by a nationality word there ("the Iraqi
        # city of Basra", "Kenyan police fired in Nairobi"), weighs more than one named elsewhere
        starts = [t.start for k, t in enumerate(toks) if k == 0 or self._sentence_start(toks, k)]
        nationalities: dict[int, set[str]] = {}
        for t in toks:
            code = self.tables.demonyms.get(t.text)
            if code:
                nationalities.setdefault(bisect_right(starts, t.start), set()).add(code)
        for m in mentions:
            m.sent = bisect_right(starts, m.start)
        dateline = next((m for m in mentions if m.kind == "dateline"), None)
        home_rec = self._home(home)
        # pass 1: each name alone (with its qualifier, hint and the dateline)
        ctx0 = _Context(Counter(), Counter(), [], None)
        if dateline is not None:
            self._choose(dateline, ctx0, None)
            ctx0.dateline = dateline.record
        elif home_rec is not None:
            ctx0.dateline = home_rec
        for m in mentions:
            if m is not dateline:
                self._choose(m, ctx0, None)
        # pass 2: again, with the confident places of the rest of the document; the dateline first, and
        # without itself as evidence ("CANTON —" in a story on Massillon and Akron is in Ohio), unless it
        # is a national capital: "WASHINGTON —" stays the capital whatever states the story names
        sticky = ctx0.dateline is not None and ctx0.dateline.fcode == "PPLC"
        order = sorted(range(len(mentions)), key=lambda k: mentions[k] is not dateline)
        for i in order:
            m = mentions[i]
            ctx = self._context(mentions, skip=i)
            ctx.dateline = ctx0.dateline if m is not dateline or sticky else home_rec
            ctx.sentence_countries = nationalities.get(m.sent, set()) | {
                o.record.cc3
                for k, o in enumerate(mentions)
                if k != i
                and o.sent == m.sent
                and o.record is not None
                and o.record.cc3
                and o.record.precision in ("country", "admin1")
            }
            self._choose(m, ctx, i)
            if m is dateline:
                ctx0.dateline = m.record
        return [m for m in mentions if m.record is not None]

    # ------------------------------------------------------------------ finding
    def _find(
        self, text: str, toks: list[_Token], blocks: list[tuple[int, int, str]], surnames: frozenset[str]
    ) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        taken = (-1, -1)
        for dl in _DATELINE.finditer(text, 0, min(len(text), _DATELINE_WITHIN)):
            city = dl.group("city")
            # "NAIROBI:", "AUSTIN, Texas —", "Lexington, Ky. —": a name in capitals, or one with its
            # state or agency
            if not (city.isupper() or (dl.group("sep") != ":" and (dl.group("qual") or dl.group("agency")))):
                continue
            m = self._dateline(dl)
            if m is not None:
                out.extend(m)
                taken = (dl.start(), dl.end())
                break
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            if (
                taken[0] <= tok.start < taken[1]
                or not tok.cap
                or tok.text.rstrip(".") in self.tables.breakers
                or tok.text in ("A", "An")  # "A US envoy" is no "Aus"
            ):
                i += 1  # "Thursday" is no island
                continue
            hit = self._counties(text, toks, i) or self._longest(text, toks, i)
            if hit is None or (hit[0] == i + 1 and tok.text in self.tables.demonyms):
                i += 1  # "Somali officials": a demonym (see _demonyms), but "Spanish Town" is a name
                continue
            j, cands = hit  # tokens i..j-1
            if toks[i].text.lower() == "the" and j - i > 1:
                i += 1  # "The Georgia Republican": the mention is "Georgia"
            start, end = toks[i].start, toks[j - 1].end
            surface = text[start:end].rstrip("'’")
            surface = surface.rstrip(".") if not _is_abbrev(surface) else surface
            end = start + len(surface)
            if self._blocked(text, toks, i, j, start, end, blocks, cands) or (
                j - i == 1 and toks[i].text in surnames and not _located(toks, i)
            ):  # "Warren said", after "Lillian Warren"
                i = j
                continue
            m = PlaceMention(start, end, surface, candidates=cands)
            m.hint = self._hint(text, toks, i, j)
            if m.hint == "feature":  # "the Gulf of Mexico" is no place in Mexico
                i = j
                continue
            q = self._qualifier_after(text, toks, j)
            if q is not None:
                qj, qrecs = q
                m.qualifier = qrecs
                qstart, qend = toks[j + 1].start, toks[qj - 1].end
                out.append(m)
                out.append(PlaceMention(qstart, qend, text[qstart:qend], "qualifier", candidates=qrecs))
                i = qj
                continue
            out.append(m)
            i = j
        return out

    def _longest(self, text: str, toks: list[_Token], i: int) -> tuple[int, tuple[GeoRecord, ...]] | None:
        n = len(toks)
        last = i
        for k in range(i, min(n, i + MAX_WORDS)):
            t = toks[k]
            if k > i and (
                not _adjacent(text, toks[k - 1], t)
                or _ends_sentence(toks[k - 1])
                or not (t.cap or t.text.lower() in _CONNECTORS or t.text.lower() in _UNIT_WORDS)
            ):
                break
            if not t.text[:1].isalpha():
                break
            last = k
        for j in range(last + 1, i, -1):
            if toks[j - 1].text.lower() in _CONNECTORS:
                continue
            span = text[toks[i].start : toks[j - 1].end]
            key = fold_name(span)
            if not key:
                continue
            cands = self.index.names(key)
            if not cands:
                continue
            guard = self.index.guard(key)
            if guard == "ambiguous" and not (
                any(c.precision == "admin1" for c in cands)
                and not any(c.precision == "country" for c in cands)
            ):
                continue  # "Most", "Police"; but "Punjab" is two provinces, and context picks one
            if (
                guard == "common"
                and j - i == 1
                and self._sentence_start(toks, i)
                and not (any(c.precision == "country" for c in cands) or _possessive(text, toks, j))
            ):
                continue  # "Nice weather": a capital at a sentence's start says nothing
            if len(key) <= 2 and not span.isupper() and not any(c.precision == "country" for c in cands):
                continue
            if key in self.tables.organisations and not any(
                c.precision in ("country", "admin1") for c in cands
            ):
                continue  # "Hamas", "Amal": an organisation the actor lexicon knows, not a town
            if _acronym(text, span):  # "UN", "NATO", "U.N.": only a country or a state ("US", "UAE")
                cands = tuple(c for c in cands if c.precision in ("country", "admin1"))
                if not cands:
                    continue
            first = i + 1 if toks[i].text.lower() == "the" else i  # "The University": one word too
            if j - first == 1 and not self._plausible_word(text, toks, first, j, cands):
                continue
            return j, cands
        return None

    def _plausible_word(
        self, text: str, toks: list[_Token], i: int, j: int, cands: tuple[GeoRecord, ...]
    ) -> bool:
        """Whether one capitalised word may be a place: not a common noun opening a sentence ("Banks
        said", "Tornado damages homes") unless it is a country, a division or a city of 100,000, and
        not a town's name after "the" ("on the Hudson" is the river)."""
        if i > 0 and toks[i - 1].text.lower() == "the" and all(c.precision == "place" for c in cands):
            return False
        big = any(c.precision in ("country", "admin1") or c.population >= 100_000 for c in cands)
        if big:
            return True
        if _located(toks, i):
            return True
        if i > 1 and toks[i - 1].text in ("and", "or", ",") and self._a_name(toks[i - 2].text):
            return True  # "in Pelham and Alabaster"
        if (
            j + 1 < len(toks)
            and toks[j].text in ("and", "or")
            and toks[j + 1].cap
            and toks[j + 1].text not in self.tables.breakers
            and self._a_name(toks[j + 1].text)
        ):
            return True  # "includes Hoover and Bessemer"
        if j < len(toks) and toks[j].text.lower() in self.tables.person_cues:
            return False  # "Bush said"
        # a common noun ("Christian", "Council", "Bush") is a town's name only where a preposition
        # places it ("in Mobile")
        word = toks[i].text.lower().rstrip(".")
        return not (lexical.noun_class(word) or (word.endswith("s") and lexical.noun_class(word[:-1])))

    @staticmethod
    def _sentence_start(toks: list[_Token], i: int) -> bool:
        return i == 0 or toks[i].line_start or toks[i - 1].text in _SENT_END or _ends_sentence(toks[i - 1])

    def _blocked(
        self,
        text: str,
        toks: list[_Token],
        i: int,
        j: int,
        start: int,
        end: int,
        blocks: list[tuple[int, int, str]],
        cands: tuple[GeoRecord, ...],
    ) -> bool:
        """A name inside a longer name, or a person's name."""
        strong = any(c.precision in ("country", "admin1") for c in cands)
        located = _located(toks, i) or (  # or it ends a list of places: "from Albany and Eaton"
            i >= 3
            and toks[i - 1].text in ("and", "or")
            and toks[i - 3].text.lower() in _LOCATIVES
            and self._a_name(toks[i - 2].text)
        )
        for bs, be, label in blocks:
            if bs < end and start < be:
                if (bs, be) == (start, end) or (bs >= start and be <= end):
                    # the parser calls exactly this span a person or an organisation: a person when it is
                    # one word that the document also uses in a longer person's name ("Smith" after "Jordan
                    # Smith"), that says something ("Jackson said") or that is a small town's name; never
                    # where a preposition places it ("near Pelham") or where it names a country or a state
                    if label == "ORG" and not (strong or located or any(c.main for c in cands)):
                        return True  # "Hamas" is no old name of Hamm; "near Nabatieh" is a place
                    if label == "PERSON" and j - i == 1 and not (strong or located):
                        word = toks[i].text
                        said = j < len(toks) and toks[j].text.lower() in self.tables.person_cues
                        named = any(
                            lab == "PERSON" and be - bs > len(word) and word in text[bs:be].split()
                            for bs, be, lab in blocks
                        )
                        if said or named or max(c.population for c in cands) < 15_000:
                            return True
                    continue
                if self._named_hint(text, toks, i, j, cands) is None and _joined(toks, i, j, bs, be):
                    return True  # inside a longer name ("Kentucky Fried Chicken"), not "the Ohio Legislature"
        if i > 0 and toks[i - 1].text.lower().rstrip(".") in self.tables.titles:
            return True
        # a longer run of capitalised words around it that is not itself a place
        t = self.tables
        if i > 0 and not self._sentence_start(toks, i):
            prev = toks[i - 1]
            if (
                prev.cap
                and prev.text.isalpha()
                and _adjacent(text, prev, toks[i])
                and prev.text not in t.breakers
                and prev.text.lower() not in _CONNECTORS
                and (not self._sentence_start(toks, i - 1) or self._a_name(prev.text))
            ):
                return True  # "Jordan Smith", "Kentucky Fried Chicken"
        if (
            j < len(toks)
            and toks[j].cap
            and _adjacent(text, toks[j - 1], toks[j])
            and toks[j].text[:1].isalpha()
            and not _ends_sentence(toks[j - 1])
        ):
            nxt = toks[j].text
            if nxt in t.breakers or nxt.lower() in ("county", "parish"):
                return False
            if nxt in t.after and self._named_hint(text, toks, i, j, cands) is not None:
                return False
            return True
        return False

    def _full_names(self, text: str, toks: list[_Token]) -> frozenset[str]:
        """Last words of two capitalised words that are no place, after a first name or another word
        that is no place either ("Lillian Warren"): a later "Warren said" is that person."""
        out = set()
        for k in range(1, len(toks)):
            a, b = toks[k - 1], toks[k]
            if not (a.cap and b.cap and a.text.isalpha() and b.text.isalpha() and _adjacent(text, a, b)):
                continue
            if (
                a.text in self.tables.breakers
                or a.text in _ARTICLES
                or a.text.lower() in _CONNECTORS
                or self._sentence_start(toks, k)
            ):
                continue
            if self.index.names(fold_name(f"{a.text} {b.text}")) or self._a_name(a.text):
                continue
            out.add(b.text)
        return frozenset(out)

    def _a_name(self, word: str) -> bool:
        key = fold_name(word)
        return bool(self.index.names(key)) and self.index.guard(key) != "ambiguous"

    def _named_hint(
        self, text: str, toks: list[_Token], i: int, j: int, cands: tuple[GeoRecord, ...]
    ) -> str | None:
        """The hint of the words around, where they may name a body after the place: a division's or a
        town's own name ("the Illinois House", "the Boston School Committee"), not a hamlet's or another
        place's old name ("the White House" is neither White, Ga., nor Saltsburg)."""
        hint = self._hint(text, toks, i, j)
        if hint == "body" and not any(
            c.main and (c.precision != "place" or c.population >= _BODY_TOWN) for c in cands
        ):
            return None
        return hint

    def _hint(self, text: str, toks: list[_Token], i: int, j: int) -> str | None:
        t = self.tables
        if j < len(toks):
            nxt = toks[j].text
            hint = (
                t.after.get(nxt) or t.after.get(nxt.lower()) if nxt[:1].islower() or nxt in t.after else None
            )
            if hint:
                return hint
            hint = self._list_kind(toks, j)
            if hint:
                return hint
        if i >= 2:
            two = f"{toks[i - 2].text} {toks[i - 1].text}".lower()
            hint = t.before.get(two)
            if hint:
                return hint
        return None

    def _counties(self, text: str, toks: list[_Token], i: int) -> tuple[int, tuple[GeoRecord, ...]] | None:
        """ "Pulaski and Lonoke counties": each name of a list before a plural "counties" (or "parishes")
        is that county, by the words i..j-1 and the unit word."""
        for j in (i + 1, i + 2):
            if j >= len(toks) or not all(t.cap and t.text.isalpha() for t in toks[i:j]):
                return None
            word: str | None = toks[j].text.rstrip(".")
            if toks[j].text in ("and", ",", "or"):
                word = next(
                    (
                        t.text.rstrip(".")
                        for t in toks[j + 1 : j + 8]
                        if not (t.cap or t.text in ("and", ",", "or"))
                    ),
                    None,
                )
            if word in _PLURAL_COUNTIES:
                name = f"{text[toks[i].start : toks[j - 1].end]} {_PLURAL_COUNTIES[word]}"
                cands = tuple(c for c in self.index.names(fold_name(name)) if c.precision == "admin2")
                if cands:
                    return j, cands
        return None

    def _list_kind(self, toks: list[_Token], j: int) -> str | None:
        """The kind a plural word gives every name of the list it ends: "the Belgorod and Kursk
        regions" (the list starts at word j, after the first name)."""
        if toks[j].text not in ("and", ",", "or"):
            return None
        for k in range(j + 1, min(len(toks), j + 8)):
            word = toks[k].text
            if word in ("and", ",", "or") or toks[k].cap:
                continue
            return self.tables.after.get(word) if word.endswith("s") else None
        return None

    def _qualifier_after(
        self, text: str, toks: list[_Token], j: int
    ) -> tuple[int, tuple[GeoRecord, ...]] | None:
        """ "Dublin, Ga." -> the tokens after the comma and the units they name."""
        if j + 1 >= len(toks) or toks[j].text != "," or not toks[j + 1].cap:
            return None
        for k in range(min(len(toks), j + 1 + 4), j + 1, -1):
            span = text[toks[j + 1].start : toks[k - 1].end]
            if k - 1 > j + 1 and not all(t.cap or t.text.lower() in _CONNECTORS for t in toks[j + 1 : k]):
                continue
            key = fold_name(span)
            if len(key) <= 2 and not (span.isupper() or span.endswith(".")):
                continue  # "TX" and "Ga." qualify; "In" does not
            recs = self.index.qualifiers(key) or tuple(
                c for c in self.index.names(key) if c.precision in ("country", "admin1")
            )
            if recs:
                return k, recs
        return None

    def _dateline(self, dl: re.Match[str]) -> list[PlaceMention] | None:
        city = dl.group("city").strip()
        cands = self.index.names(fold_name(city))
        if not cands:
            return None
        start = dl.start("city")
        m = PlaceMention(start, start + len(city), city, "dateline", candidates=cands)
        out = [m]
        qual = dl.group("qual")
        if qual:
            qual = qual.strip()
            key = fold_name(qual)
            recs = self.index.qualifiers(key) or tuple(
                c for c in self.index.names(key) if c.precision in ("country", "admin1")
            )
            if recs:
                m.qualifier = recs
                qs = dl.start("qual")
                out.append(PlaceMention(qs, qs + len(qual), qual, "qualifier", candidates=recs))
        return out

    def _demonyms(self, text: str, toks: list[_Token], found: list[PlaceMention]) -> list[PlaceMention]:
        t = self.tables
        taken = {(m.start, m.end) for m in found}
        out = []
        for i, tok in enumerate(toks):
            code = t.demonyms.get(tok.text)
            if code is None or (tok.start, tok.end) in taken:
                continue
            nxt = [x.text.lower().rstrip(".") for x in toks[i + 1 : i + 4]]
            at = 0 if nxt and nxt[0] in t.demonym_nouns else None
            if at is None and len(nxt) > 1 and nxt[1] in t.demonym_nouns and not toks[i + 1].cap:
                at = 1
            if at is not None and not (len(nxt) > at + 1 and nxt[at + 1] in t.demonym_body_words):
                rec = self.index.country(code)
                if rec is not None:
                    out.append(PlaceMention(tok.start, tok.end, tok.text, "demonym", candidates=(rec,)))
        return out

    def _home(self, home: str | None) -> GeoRecord | None:
        if not home:
            return None
        return self.index.admin1(home) if "." in home else self.index.country(home)

    # ------------------------------------------------------------------ resolving
    def _context(self, mentions: Sequence[PlaceMention], skip: int) -> _Context:
        ctx = _Context(Counter(), Counter(), [])
        for k, m in enumerate(mentions):
            r = m.record
            if k == skip or r is None or m.kind == "demonym":
                continue
            confident = (
                m.qualifier
                or m.kind in ("dateline", "qualifier")
                or m.margin >= 1.0
                or r.precision in ("country", "admin1")
            )
            if not confident:
                continue
            if r.cc3:
                ctx.countries[r.cc3] += 1
                if r.precision == "admin1":
                    ctx.units[r.cc3] += 1
            if r.precision != "country" and r.admin1_key:
                ctx.admin1[r.admin1_key] += 1
            if r.lat is not None and r.lon is not None and r.precision == "place":
                ctx.points.append((r.lat, r.lon, k))
        return ctx

    def _choose(self, m: PlaceMention, ctx: _Context, _i: int | None) -> None:
        cands = m.candidates
        if m.qualifier:
            q = m.qualifier
            inside = [c for c in cands if any(_inside(c, qq) for qq in q)]
            if inside:
                cands = tuple(inside)
        elif m.kind == "qualifier":
            cands = tuple(c for c in cands if c.precision in ("admin1", "country")) or cands
        if not cands:
            m.record = None
            return
        if m.priors is None or len(m.priors) != len(cands):
            # an old or foreign name of one place loses to a place whose own name it is, in the same
            # state ("Falmouth", once Portland's name, in a story on Maine); a national capital's own name
            # is the capital's more than a smaller town's alternate name ("Islamabad", not Anantnag)
            own = {c.admin1_key or c.cc3 for c in cands if c.main}
            capital = max((c.population for c in cands if c.main and c.fcode == "PPLC"), default=0)
            m.priors = tuple(
                (
                    self._prior(c, m)
                    - (_W_OTHERS_NAME if not c.main and (c.admin1_key or c.cc3) in own else 0.0)
                    - (
                        2 * _W_OTHERS_NAME
                        if not c.main and c.precision == "place" and c.population < capital
                        else 0.0
                    ),
                    c,
                )
                for c in cands
            )
        ctx.city_namesake = any(c.precision == "place" and c.population >= 100_000 for c in cands)
        scored = sorted(((p + self._in_context(c, ctx), c) for p, c in m.priors), key=lambda x: -x[0])
        if ctx.points:  # nearness to the document's other places, for the candidates it may still lift
            top = scored[0][0] - _W_NEAR
            scored = sorted(
                ((s + (_W_NEAR if s >= top and self._near(c, ctx) else 0.0), c) for s, c in scored),
                key=lambda x: -x[0],
            )
        best, rec = scored[0]
        m.margin = best - scored[1][0] if len(scored) > 1 else 10.0
        m.score = best
        supported = bool(m.qualifier) or m.kind in ("dateline", "qualifier", "demonym")
        m.record = rec if supported or best >= _MIN_SCORE else None

    def _prior(self, c: GeoRecord, m: PlaceMention) -> float:
        """What a candidate is worth before the document is read: its size and level, its name, and
        the words around the mention."""
        if c.precision in ("country", "continent"):
            s = _W_COUNTRY + math.log10(c.population + 10)
        elif c.precision == "admin1":
            s = _W_ADMIN1 + math.log10(c.population + 10) if c.population else _W_ADMIN1_UNKNOWN
        elif c.precision == "admin2":  # no population: its state's breaks ties
            state = self.index.admin1(c.admin1_key) if c.admin1_key else None
            s = _W_ADMIN2 + (math.log10(state.population + 10) / 10 if state else 0.0)
        else:
            people = c.population or _UNKNOWN_POPULATION
            s = math.log10(people + 10) + (_W_CAPITAL if c.fcode == "PPLC" else 0.0)
        if c.main:
            s += _W_MAIN_NAME
        elif c.precision == "place" and c.population < 15_000 and " " not in m.text:
            s -= _W_SMALL_ALIAS
        hint = m.hint
        if hint == "usadmin1":
            s += _W_HINT if (c.precision == "admin1" and c.cc2 == "US") else -_W_HINT
        elif hint == c.precision:
            s += _W_HINT
        elif hint == "unit":  # "the capital of X": a country or a division
            s += _W_HINT if c.precision in ("country", "admin1") else -_W_HINT
        elif hint in ("place", "admin1"):
            s -= _W_HINT
        return s

    def _in_context(self, c: GeoRecord, ctx: _Context) -> float:
        """What the document adds: its dateline's and other places' countries and states."""
        s = 0.0
        # the dateline and the rest of the document are two views of one setting: the stronger counts,
        # the other adds a little
        d = ctx.dateline
        if c.precision != "country":
            by_dateline = d is not None and c.cc3 == d.cc3
            # a country the document's places lie in, by its share of them: a story from Texas
            # that names "the United States" once is not a story on the United States
            share = ctx.countries.get(c.cc3, 0) / ctx.total if c.cc3 and ctx.total else 0.0
            if c.cc3 in ctx.sentence_countries:
                share = 1.0
            s += _stack(_W_DATELINE_COUNTRY if by_dateline else 0.0, _W_DOC_COUNTRY * min(1.0, 2 * share))
        if c.precision in ("place", "admin2") and c.admin1_key:
            by_dateline = d is not None and c.admin1_key == d.admin1_key
            by_doc = bool(ctx.admin1.get(c.admin1_key))
            s += _stack(_W_DATELINE_ADMIN1 if by_dateline else 0.0, _W_DOC_ADMIN1 if by_doc else 0.0)
        if c.precision == "admin1" and c.cc3 and ctx.units.get(c.cc3) and not ctx.city_namesake:
            # the document names other divisions of its country ("from England to Wales"), and no city
            # shares the name (Berlin, Tokyo and Lagos are cities first)
            s += _W_SIBLING
        if c.precision == "admin1" and c.admin1_key and ctx.admin1.get(c.admin1_key):
            s += _W_CONTAINS  # the document names places inside it
        elif c.precision == "country" and c.cc3 and ctx.countries.get(c.cc3):
            s += _W_CONTAINS / 2
        return s

    @staticmethod
    def _near(c: GeoRecord, ctx: _Context) -> bool:
        if c.precision != "place" or c.lat is None or c.lon is None:
            return False
        return any(haversine_km(c.lat, c.lon, la, lo) < _NEAR_KM for la, lo, _ in ctx.points)


def _stack(a: float, b: float) -> float:
    """Two correlated pieces of evidence: the larger, and a fifth of the smaller."""
    return max(a, b) + min(a, b) / 5


def _inside(c: GeoRecord, q: GeoRecord) -> bool:
    if q.precision == "country":
        return c.cc3 == q.cc3 and c.precision != "country"
    return bool(c.admin1_key) and c.admin1_key == q.admin1_key and c.precision != "admin1"


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    """Two words one space apart on one line."""
    return b.start - a.end <= 1 and "\n" not in text[a.end : b.start]


def _joined(toks: list[_Token], i: int, j: int, bs: int, be: int) -> bool:
    """Whether the words i..j-1 are joined to the rest of an entity from bs to be as one name ("Kentucky
    Fried Chicken", "University of Kentucky"), not listed in it ("Hue and Da Nang")."""
    before = toks[i - 1] if i > 0 and toks[i - 1].start >= bs else None
    after = toks[j] if j < len(toks) and toks[j].end <= be else None
    return any(t is not None and (t.cap or t.text in ("of", "de", "-")) for t in (before, after))


def _located(toks: list[_Token], i: int) -> bool:
    """Whether a preposition of place puts word i in a place: right before it ("near Pelham") or before
    a side of it ("in south Jackson", "in northern Kosovo")."""
    k = i - 1
    if k >= 0 and toks[k].text.lower() in _SIDES:
        k -= 1
    return k >= 0 and toks[k].text.lower() in _LOCATIVES


_PLURAL_COUNTIES = {"counties": "county", "parishes": "parish"}
_ARTICLES = frozenset({"A", "An", "The"})  # "A Nelsonville man": no first name


def _acronym(text: str, span: str) -> bool:
    """A word of at most four capitals in running text ("NATO", "TASS"), or capitals with full stops
    ("U.N."); a word in capitals in a line of capitals (a headline, "ROME") is a name."""
    letters = span.replace(".", "")
    if not (letters.isalpha() and letters.isupper()):
        return False
    if "." in span:
        return True
    return len(letters) <= 4 and any(ch.islower() for ch in text)


def _possessive(text: str, toks: list[_Token], j: int) -> bool:
    return j + 1 < len(toks) and toks[j].text in ("'", "’") and toks[j + 1].text == "s"


def _ends_sentence(tok: _Token) -> bool:
    """A word with a full stop that is no abbreviation ("Niger." before "Soldiers")."""
    t = tok.text
    return t.endswith(".") and len(t) > 2 and t.lower() not in _ABBREVIATIONS and not _is_abbrev(t)


def _is_abbrev(s: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}", s))


def get_resolver(cache: str = "") -> ToponymResolver:
    """The process's resolver over its gazetteer for the ``cache`` setting (the folder the index is
    built in; empty: the environment's or the default)."""
    return _resolver(cache or "")


@lru_cache(maxsize=4)
def _resolver(cache: str) -> ToponymResolver:
    return ToponymResolver(get_index(cache))


CACHE_KEY = "nestor_cache"
"""The key of a parsed document's ``user_data`` that names the ``cache`` setting its places are resolved
with (:meth:`nestor.coding.coder.EventCoder.code_doc` sets it; none: the default folder)."""


_last = threading.local()


def document_places(doc: Any) -> list[PlaceMention]:
    """The place mentions of a parsed spaCy document (its entities guide the finder), resolved once
    per document and thread: the coder asks for them token by token."""
    if getattr(_last, "doc", None) is not doc:
        text, ents = _text_and_entities(doc)
        _last.places = get_resolver(doc.user_data.get(CACHE_KEY, "")).resolve(text, ents)
        _last.doc = doc
    return _last.places  # type: ignore[no-any-return]


def place_in(doc: Any, start: int, end: int, country: str | None = None) -> Place | None:
    """The place the document-level resolution gives a name overlapping characters ``start``..``end``
    of a parsed document (no demonym), or None; with ``country`` (ISO alpha-3), only a place in it."""
    for m in document_places(doc):
        if m.start < end and start < m.end and m.kind != "demonym" and m.record is not None:
            if country and m.record.cc3 != country:
                return None
            return m.place
    return None


def _text_and_entities(doc: Any) -> tuple[str, list[tuple[int, int, str]]]:
    """A parsed document's text and entities (start char, end char, label), in one pass over its tokens
    (the coder's per-sentence work never reads the whole-document properties)."""
    parts: list[str] = []
    ents: list[tuple[int, int, str]] = []
    for t in doc:
        parts.append(t.text_with_ws)
        if t.ent_iob_ == "B":
            ents.append((t.idx, t.idx + len(t.text), t.ent_type_))
        elif t.ent_iob_ == "I" and ents:
            ents[-1] = (ents[-1][0], t.idx + len(t.text), ents[-1][2])
    return "".join(parts), ents


def demonym_place_at(tok: Any) -> Place | None:
    """The country a nationality adjective at this spaCy token names as a place, where the words after
    it make it one ("on Syrian territory", "in Kenyan waters"; not "Kenyan police"), or None."""
    tables = _tables()
    after = [t.lower_.rstrip(".") for t in tok.doc[tok.i + 1 : tok.i + 3]]
    if tok.text not in tables.demonyms or not any(w in tables.demonym_nouns for w in after):
        return None  # the document is resolved only where a nationality word may name a place
    for m in document_places(tok.doc):
        if m.kind == "demonym" and m.start <= tok.idx < m.end:
            return m.place
    return None


def place_at(tok: Any) -> Place | None:
    """The place the document-level resolution gives the name at this spaCy token, or None."""
    for m in document_places(tok.doc):
        if m.start <= tok.idx < m.end and m.kind != "demonym":
            return m.place
    return None
