"""Figures a sentence states: how many dead, injured, arrested, detained, troops, participants, displaced.

``read_figures(sentence)`` reads every exact count of people in a sentence, wherever it stands: in the
outlet's own voice, inside a claim ("at least 22, according to a rights group") or a quotation. It works
on words alone (no parse), so the merge can read every sentence of every report of a story, also those
that yielded no event record. Each number phrase (``parse_number``: "4,404", "five hundred", "3.6
thousand") gets its kind from, in order:

1. a word right after it ("22 dead", "40 wounded");
2. a verb of its clause said of the counted noun ("12 people were killed", "200 died", "more than 3,000
   people detained"); an active verb with something after it it acts on ("3 gunmen killed 12 villagers")
   makes the number its doer, and the doer is not counted;
3. the counted noun itself ("2,500 troops", "5,000 protesters");
4. a word just before it ("the death toll rose to 164", "killing at least 14 people", "detained 4,404").

A figure also carries **who** it counts (``group``: security forces, attackers, ... from the counted
noun; "" for people in general) and **where** (``place``: "in Almaty", "on the Kyrgyz side"): figures of
different groups or places are different quantities. A part of a figure ("103 of them in Almaty") is not
a figure of its own. The words are data: ``data/merge/figure_terms.tsv``, ``figure_groups.tsv``,
``figure_units.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resolve.sizes import parse_number
from .names import nationality_words
from .sources import DATA

KINDS = ("dead", "injured", "arrested", "detained", "troops", "participants", "displaced")
CUMULATIVE = frozenset({"dead", "injured", "arrested", "detained", "displaced"})  # running tallies
COUNTED_BY_NOUN = frozenset({"troops", "participants"})  # kinds the counted noun alone gives
TOKEN = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z]+(?:[-'’][A-Za-z]+)*|[^\w\s]")
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion".split()
)
QUALIFIERS = (
    "at least", "more than", "over", "nearly", "almost", "about", "around", "some", "up to", "fewer than",
    "less than", "roughly", "approximately", "as many as", "close to", "an estimated", "exactly",
)  # fmt: skip
CLAUSE_END = frozenset('.;:!?,()—–"“”')
CLAUSE_WORDS = frozenset({"while", "but", "whereas", "although", "though", "after", "before", "because"})
ASIDES = frozenset({"including", "among", "mostly", "most", "many", "some", "all", "both"})
PART_OF = frozenset({"included", "including", "include", "includes", "among"})
SUBSET = ("of them", "of whom", "of those", "of these", "among them")
PLACE_CUES = ("in", "on the", "near", "at")
NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday The A An Mr Mrs Ms".split()
)
PASSIVE = frozenset({"were", "was", "been", "be", "are", "is", "being", "got"})
# words after a verb that are not what it acts on: "detained in Almaty", "killed on Tuesday"
NOT_OBJECTS = frozenset(
    "in on at since across during by and or over after when as from overnight so yesterday today near "
    "last this while".split()
)
SCALES = frozenset({"hundred", "thousand", "million", "billion"})
DEFINITE = frozenset({"the", "these", "those", "its", "their", "both", "all", "his", "her", "our"})
# words after which a place belongs to another clause ("detained since the protests began in Zhanaozen")
PLACE_STOP = frozenset({"since", "when", "until", "where", "who", "which", "that"})
WINDOW = 8  # words after the number a clause may run for
VERB_REACH = 4  # words before a number a verb may stand ("killing at least 14")
TOLL_REACH = 9  # and the word "toll" ("the death toll from Thursday's shooting rose to seven")


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str
    value: int
    written: str  # the words as the sentence gives them, qualifier included ("at least 22")
    qualifier: str  # "at least", "more than", ... or ""
    group: str  # who is counted ("security", "attackers", ...; "" for people in general)
    place: str  # where ("Almaty", "Kyrgyz side"; "" when the sentence does not say)
    start: int  # character offsets in the sentence
    end: int


@dataclass(frozen=True, slots=True)
class _Terms:
    roles: dict[str, dict[tuple[str, ...], str]]  # role -> word sequence -> kind
    groups: dict[tuple[str, ...], str]
    units: frozenset[str]


def _read_table(name: str) -> list[list[str]]:
    rows = []
    with open(DATA / name, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if any(not c.strip() for c in cells):
                raise ValueError(f"{DATA / name}:{n}: an empty column")
            rows.append(cells)
    return rows


@lru_cache(maxsize=1)
def terms() -> _Terms:
    roles: dict[str, dict[tuple[str, ...], str]] = {r: {} for r in ("adj", "noun", "verb", "intrans", "toll")}
    for n, cells in enumerate(_read_table("figure_terms.tsv"), 1):
        if len(cells) != 3 or cells[0] not in KINDS or cells[1] not in roles:
            raise ValueError(f"{DATA / 'figure_terms.tsv'}: bad row {n}: {cells}")
        for words in cells[2].split("|"):
            roles[cells[1]][tuple(words.lower().split())] = cells[0]
    groups: dict[tuple[str, ...], str] = {}
    for cells in _read_table("figure_groups.tsv"):
        for words in cells[1].split("|"):
            groups[tuple(words.lower().split())] = cells[0]
    units = frozenset(
        ln.strip().lower()
        for ln in (DATA / "figure_units.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )
    return _Terms(roles, groups, units)


LIST_COMMA = "·"  # a comma between names of a list: no end of a clause


def _list_comma(toks: list[tuple[str, int, int]], k: int) -> bool:
    """Whether the comma at ``k`` separates names of a list ("residents of Lokoja, Ajaokuta and Ibaji
    have been displaced"): a name before it, a name after it, and "and" or "or" before another name
    after no more than three names."""
    if toks[k][0] != "," or k == 0 or k + 1 >= len(toks):
        return False
    if not (toks[k - 1][0][:1].isupper() and toks[k + 1][0][:1].isupper()):
        return False
    for m in range(k + 2, min(k + 8, len(toks) - 1)):
        w = toks[m][0]
        if w in ("and", "or"):
            return toks[m + 1][0][:1].isupper()
        if not (w[:1].isupper() or w == ","):
            return False
    return False


def _numberish(word: str) -> bool:
    low = word.lower()
    return low[0].isdigit() or low in NUMBER_WORDS or all(p in NUMBER_WORDS for p in low.split("-"))


def _match_at(words: list[str], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    """The longest entry of ``table`` starting at word ``i``: (kind, length)."""
    for size in (4, 3, 2, 1):
        key = tuple(words[i : i + size])
        if len(key) == size and key in table:
            return table[key], size
    return None


def read_figures(sentence: str) -> list[Figure]:
    """Every count of people the sentence states (see the module's text)."""
    t = terms()
    toks = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(sentence)]
    words = [LIST_COMMA if _list_comma(toks, k) else w.lower() for k, (w, _, _) in enumerate(toks)]
    out: list[Figure] = []
    i = 0
    while i < len(toks):
        if not _numberish(toks[i][0]):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and (
            _numberish(toks[j][0]) or (words[j] == "and" and j + 1 < len(toks) and _numberish(toks[j + 1][0]))
        ):
            j += 1
        fig = _figure(sentence, toks, words, i, j, t)
        if fig is not None:
            out.append(fig)
        i = j
    return out


def _figure(
    sentence: str, toks: list[tuple[str, int, int]], words: list[str], i: int, j: int, t: _Terms
) -> Figure | None:
    phrase = sentence[toks[i][1] : toks[j - 1][2]]
    value = parse_number(phrase)
    if value is None or value < 1 or words[i] in SCALES:
        return None  # "thousand" alone is the vague "several thousand", "a thousand"
    if i > 0 and words[i - 1] in DEFINITE:
        return None  # "the two countries": a reference, not a count
    if re.fullmatch(r"(1[89]|20)\d\d", phrase) or (i > 0 and words[i - 1] in {"$", "€", "£", "aged", "no"}):
        return None  # a year, an amount, an age
    if j < len(toks) and (words[j] in t.units or words[j] in {"-", "/"}):
        return None
    after = " ".join(words[j : j + 3])
    if any(after.startswith(s) for s in SUBSET):
        return None
    qualifier = ""
    for q in QUALIFIERS:
        n = len(q.split())
        if tuple(words[max(0, i - n) : i]) == tuple(q.split()):
            qualifier = q
            break
    before_start = i - len(qualifier.split()) if qualifier else i
    if before_start > 0 and words[before_start - 1] == "by":
        return None  # "detained by 40 police": the doer
    if before_start > 0 and words[before_start - 1] in PART_OF:
        return None  # "the dead included two teenagers": a part of a figure
    clause = _clause(words, j)
    kind, group = _kind_after(words, j, clause, t)
    before = _kind_before(words, before_start, t)
    if kind is None or (kind in COUNTED_BY_NOUN and before is not None and before not in COUNTED_BY_NOUN):
        kind = before  # "detained 140 demonstrators", "killing 3 soldiers"
        group = _group(words, j, clause, t) if kind else group
    if kind is None:
        return None
    nation = nationality_words().get(words[j]) if j < len(words) else None
    if nation:  # "one Tajik citizen", "two Kenyan soldiers": that nation's count, not everyone's
        group = f"{nation} {group}".strip()
    start = toks[before_start][1]
    return Figure(
        kind, value, sentence[start : toks[j - 1][2]], qualifier, group, _place(toks, words, j, clause),
        start, toks[j - 1][2],
    )  # fmt: skip


def _clause(words: list[str], j: int) -> int:
    """Where the clause after the number ends (exclusive): punctuation, a new clause, the next number."""
    k = j
    limit = j + WINDOW
    while k < len(words) and k < limit:
        w = words[k]
        if w == LIST_COMMA:
            limit += 3  # the names of a list count as one: "in Kano, Kaduna and Zaria were arrested"
        if w in CLAUSE_END or w in CLAUSE_WORDS or (k > j and _numberish(w)):
            break
        k += 1
    return k


def _kind_after(words: list[str], j: int, end: int, t: _Terms) -> tuple[str | None, str]:
    group = ""
    noun_kind: str | None = None
    for k in (j, j + 1):  # "22 dead", "50 people dead"; not "3 gunmen killed 12 villagers"
        hit = _match_at(words, k, t.roles["adj"]) if k < end else None
        if hit is not None and (k == j or _acts_on_nothing(words, k + hit[1])):
            return hit[0], _group(words, j, end, t)
    k = j
    while k < end or _aside(words, k):
        if k >= end:  # "Fifteen people, including three children, died": read on after the aside
            k = words.index(",", k + 1) + 1
            end = _clause(words, k)
            continue
        g = _match_at(words, k, t.groups)
        if g is not None and not group:
            group = g[0]
        noun = _match_at(words, k, t.roles["noun"])
        if noun is not None and noun_kind is None and k <= j + 3:
            noun_kind = noun[0]
        verb = _match_at(words, k, t.roles["intrans"])
        if verb is not None and k > j and (verb[0] != "participants" or noun_kind is None):
            return verb[0], group
        verb = _match_at(words, k, t.roles["verb"])
        if verb is not None and k > j:
            passive = words[k - 1] in PASSIVE
            if passive or _acts_on_nothing(words, k + verb[1]):
                return verb[0], group
            return None, group  # the doer of the verb
        k += 1
    if end < len(words) and words[end - 1] == "and" and _numberish(words[end]):
        # "two soldiers and three civilians were wounded": the verb after the next figure is this one's too
        shared = _shared_verb(words, end, t)
        if shared is not None:
            return shared, group
    return noun_kind, "" if noun_kind == "troops" else group


def _shared_verb(words: list[str], j: int, t: _Terms) -> str | None:
    k = j
    while k < len(words) and _numberish(words[k]):
        k += 1
    end = _clause(words, k)
    for m in range(k, end):
        for role in ("intrans", "verb"):
            hit = _match_at(words, m, t.roles[role])
            if hit is not None and words[m - 1] in PASSIVE | {"were", "had", "have"}:
                return hit[0]
    return None


def _aside(words: list[str], k: int) -> bool:
    """Whether a comma at ``k`` opens an aside that another comma closes ("…, including three children,")."""
    return k + 1 < len(words) and words[k] == "," and words[k + 1] in ASIDES and "," in words[k + 2 : k + 12]


def _acts_on_nothing(words: list[str], k: int) -> bool:
    """Whether a verb ending before ``k`` has nothing after it that it acts on ("were killed in ...")."""
    nxt = words[k] if k < len(words) else "."
    return (nxt in CLAUSE_END or nxt in NOT_OBJECTS) and not _counts_next(words, k)


def _counts_next(words: list[str], k: int) -> bool:
    """Whether a number follows at ``k`` (after a qualifier): the verb before it acts on that one."""
    for q in QUALIFIERS:
        n = len(q.split())
        if tuple(words[k : k + n]) == tuple(q.split()):
            k += n
            break
    return k < len(words) and _numberish(words[k])


def _group(words: list[str], k: int, end: int, t: _Terms) -> str:
    while k < end:
        g = _match_at(words, k, t.groups)
        if g is not None:
            return g[0]
        k += 1
    return ""


def _kind_before(words: list[str], i: int, t: _Terms) -> str | None:
    """A count word just before the number ("death toll rose to", "killing", "detained"), or the tally
    the clause opens with ("the number of people killed by the floods in Kogi has risen to 31")."""
    for k in range(i - 1, max(-1, i - TOLL_REACH), -1):
        if words[k] in CLAUSE_END:
            return None
        for size in (2, 1):
            key = tuple(words[k - size + 1 : k + 1]) if k - size + 1 >= 0 else ()
            if key in t.roles["toll"] and (i - k <= VERB_REACH or "toll" in key):
                return t.roles["toll"][key]
    return _tally_before(words, i, t)


TALLY_NOUNS = frozenset({"number", "tally", "count", "total"})
TALLY_LINKS = frozenset({"to", "at", "reached", "hit", "passed", "exceeded", "is", "was", "stands"})


def _tally_before(words: list[str], i: int, t: _Terms) -> str | None:
    """The kind of a tally the number's clause is the value of: "the number of (people) <count word> ...
    has risen to / stood at / reached <number>"."""
    if i == 0 or words[i - 1] not in TALLY_LINKS:
        return None
    k = i - 1
    while k > 0 and words[k - 1] not in CLAUSE_END:
        k -= 1
    for m in range(k, i - 1):
        if words[m] in TALLY_NOUNS and m + 1 < i and words[m + 1] == "of":
            for n in range(m + 2, min(m + 5, i)):
                for size in (2, 1):
                    key = tuple(words[n : n + size])
                    if key in t.roles["toll"] and "toll" not in key:
                        return t.roles["toll"][key]
            return None
    return None


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _place(toks: list[tuple[str, int, int]], words: list[str], j: int, end: int) -> str:
    """The place a figure is said of, from the words after it ("in Almaty", "on the Kyrgyz side")."""
    k = j
    limit = min(len(toks), end + 4)
    while k < limit:
        if words[k] in CLAUSE_END or words[k] in PLACE_STOP:
            break
        for cue in PLACE_CUES:
            n = len(cue.split())
            if tuple(words[k : k + n]) != tuple(cue.split()):
                continue
            m = k + n
            if m < len(toks) and words[m] == "the":
                m += 1
            names = []
            while (
                m < len(toks)
                and toks[m][0][:1].isupper()
                and re.sub(r"['’]s$", "", toks[m][0]) not in NOT_PLACES
            ):
                names.append(toks[m][0])
                m += 1
            if names:
                if m < len(toks) and words[m] in {"side", "region", "province", "city", "district"}:
                    names.append(words[m])
                return " ".join(names)
        k += 1
    return ""
