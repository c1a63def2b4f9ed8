"""Where a report's text comes from: credit lines, wire agencies and near-duplicate text.

A report *derives from* a wire or another outlet when it says so ("Based on materials from TASS", "TASS
reported", a "(Reuters) -" dateline, a publication field like "… (based on TASS)") or when most of its
text is another report's text (a reprint or light rewrite). Its **root** is what it counts as when
independent sources are counted: the wire it credits, the root of the report it copies, or else its own
outlet. Cues and agencies are data (``data/merge/credits.txt``, ``data/merge/wires.tsv``).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("nestor") / "data" / "merge"))
SHINGLE = 5  # words per shingle for near-duplicate text
COMMON_SHINGLE = 200  # a 5-gram in more reports than this is boilerplate: it nominates no candidates
ANY_NAME = r"(?P<name>[A-Z][\w.&'-]*(?:\s+(?:[A-Z][\w.&'-]*|of|the|and))*)"


@dataclass(frozen=True, slots=True)
class Derivation:
    document_id: str
    outlet: str
    derived_from: str | None  # an outlet / wire name, or a document id
    kind: str | None  # 'credit' | 'near_duplicate'
    evidence: str | None
    root: str


@dataclass(frozen=True, slots=True)
class Credit:
    source: str
    evidence: str


@lru_cache(maxsize=1)
def wire_aliases() -> dict[str, str]:
    """Every alias of every wire agency -> the agency's name."""
    out: dict[str, str] = {}
    with open(DATA / "wires.tsv", encoding="utf-8") as f:
        for raw in f:
            if raw.startswith(("#", "name\t")) or not raw.strip():
                continue
            name, aliases = raw.rstrip("\n").split("\t")
            for a in (name, *aliases.split("|")):
                out[a.strip()] = name
    return out


@dataclass(frozen=True, slots=True)
class CreditPatterns:
    patterns: tuple[tuple[re.Pattern[str], bool], ...]  # (pattern, any name) in the file's order
    wire_hint: re.Pattern[str]  # any agency name: without one, no agency pattern can match
    line_hint: re.Pattern[str]  # every credit-line cue at once: without a hit, no any-name pattern can


@lru_cache(maxsize=1)
def credit_patterns() -> CreditPatterns:
    """The cues of ``credits.txt``; a cue with ``any name`` (a "* " line) accepts any capitalised name."""
    wires = "|".join(sorted((re.escape(a) for a in wire_aliases()), key=len, reverse=True))
    wire = rf"(?-i:(?P<wire>{wires}))\b"
    out, hints = [], []
    with open(DATA / "credits.txt", encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            credit_line = line.startswith("* ")
            line = line.removeprefix("* ")
            out.append((re.compile(r"(?i)(?<!\w)" + line.replace("{source}", wire)), False))
            if credit_line:
                named = line.replace("{source}", f"(?-i:{ANY_NAME})")
                out.append((re.compile(r"(?i)(?<!\w)" + named), True))
                hints.append(line.replace("{source}", r"(?-i:[A-Z])"))
    return CreditPatterns(
        tuple(out),
        re.compile(rf"(?<!\w)(?:{wires})\b"),
        re.compile(r"(?i)(?<!\w)(?:" + "|".join(hints) + ")"),
    )


def find_credit(text: str, publication: str | None = None, outlets: tuple[str, ...] = ()) -> Credit | None:
    """The wire or outlet a report credits (in its publication field, first or last lines), if any.

    In the body only a known source counts ("TASS reported", "..., Andean Wire reported"): an agency of
    ``wires.tsv`` or one of ``outlets``, the outlets of the store's reports (a rewrite that credits
    another outlet in a sentence of its own is that outlet's story, not an independent one)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    places = [publication or "", *lines[:3], *lines[-4:]]
    for where in places:
        credit = _match(where, credit_lines=True)
        if credit is not None:
            return credit
    own = outlet_of(publication, "")
    named = _outlet_patterns(outlets)
    for n, line in enumerate(lines):
        credit = _match(line, credit_lines=False) if 3 <= n < len(lines) - 4 else None
        if credit is None and named is not None:
            credit = _named_credit(line, named, own)
        if credit is not None:
            return credit
    return None


MIN_OUTLET_NAME = 4  # shorter outlet names are too likely to be ordinary words to count as credits


@lru_cache(maxsize=8)
def _outlet_patterns(outlets: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]] | None:
    """(any of the outlets, the cue patterns with {source} one of them) for body credits."""
    names = sorted({o for o in outlets if len(o) >= MIN_OUTLET_NAME}, key=len, reverse=True)
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in names)
    source = rf"(?-i:(?P<wire>{alternation}))\b"
    cues = []
    with open(DATA / "credits.txt", encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line and not line.startswith("#"):
                cues.append(re.compile(r"(?i)(?<!\w)" + line.removeprefix("* ").replace("{source}", source)))
    return re.compile(rf"(?<!\w)(?:{alternation})\b"), tuple(cues)


def _named_credit(
    line: str, named: tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], own: str
) -> Credit | None:
    """A cue crediting a known outlet other than the report's own (``own``, folded)."""
    hint, cues = named
    if not any(outlet_of(m.group(0), "") != own for m in hint.finditer(line)):
        return None
    for pattern in cues:
        for m in pattern.finditer(line):
            if outlet_of(m.group("wire"), "") != own:
                return Credit(m.group("wire"), m.group(0).strip())
    return None


def initials(name: str) -> str:
    """The capitals a name is shortened to ("Atlantic Press Agency" -> "APA", "Agence France-Presse" ->
    "AFP"; "of", "the" left out)."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def credited_outlet(source: str, outlets: Iterable[str]) -> str:
    """The outlet of the store a credit names: the one spelled so, or the one a credit of capitals
    ("(APA) -") shortens, when exactly one outlet of several words does; else the credit as written. A
    dateline tag names the outlet whose copy it is, before any agency of the list that shares it."""
    folded = source.casefold()
    outlets = list(outlets)
    for o in outlets:
        if o.casefold() == folded:
            return o
    if source.isupper() and 2 <= len(source) <= 6:
        short = {o for o in outlets if len(o.split()) > 1 and initials(o) == source}
        if len(short) == 1:
            return short.pop()
    return source


def names_outlet(source: str, publication: str | None) -> bool:
    """Whether a credit names the report's own outlet: spelled so, its capitals ("(APA)" in the copy of
    the Atlantic Press Agency), or one wire agency under two of its names ("AFP", "Agence France-Presse")."""
    own = outlet_name(publication)
    if not own or not source:
        return False
    wires = wire_aliases()
    return (
        source.casefold() == own.casefold()
        or (len(own.split()) > 1 and source == initials(own))
        or (own in wires and wires[own] == wires.get(source, source))
    )


def outlet_name(publication: str | None) -> str | None:
    """A publication as a text would name it: without credit remarks ("GSV (based on TASS)" -> "GSV")."""
    if not publication:
        return None
    name = re.sub(r"\s*\((?:based on|via|from|with)\b[^)]*\)", "", publication, flags=re.I)
    return " ".join(name.split()) or None


def _match(text: str, credit_lines: bool) -> Credit | None:
    cp = credit_patterns()
    wire_ok = cp.wire_hint.search(text) is not None
    line_ok = credit_lines and cp.line_hint.search(text) is not None
    if not wire_ok and not line_ok:
        return None
    for pattern, any_name in cp.patterns:
        if not (line_ok if any_name else wire_ok):
            continue
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        if groups.get("wire"):
            return Credit(wire_aliases()[groups["wire"]], m.group(0).strip())
        name = (groups.get("name") or "").strip(" .,;:")
        if name:
            return Credit(wire_aliases().get(name, name), m.group(0).strip())
    return None


def outlet_of(publication: str | None, document_id: str) -> str:
    """The outlet a report counts as: its publication without credit remarks ("GSV (based on TASS)" ->
    "GSV"), case-folded; a report without a publication is its own outlet."""
    if not publication or not publication.strip():
        return f"doc:{document_id}"
    name = re.sub(r"\s*\((?:based on|via|from|with)\b[^)]*\)", "", publication, flags=re.I)
    return " ".join(name.split()).casefold() or f"doc:{document_id}"


def shingles(text: str) -> frozenset[int]:
    """Hashed word 5-grams of a text (case and punctuation folded)."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) < SHINGLE:
        return frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """How much of ``a`` is in ``b`` (1.0: every shingle of a appears in b)."""
    return len(a & b) / len(a) if a else 0.0


@dataclass(frozen=True, slots=True)
class SourceDoc:
    id: str
    text: str
    publication: str | None
    published: str | None


def derive(
    new: Iterable[SourceDoc],
    earlier: dict[str, tuple[SourceDoc, Derivation]],
    near_duplicate: float,
    window_days: int | None = None,
) -> list[Derivation]:
    """Derivations of ``new`` documents, in publication order, against ``earlier`` ones (id -> document
    and its derivation) and each other. A report whose text is at least ``near_duplicate`` contained in
    an earlier (or same-day) report from another outlet, published within ``window_days`` of it, copies it.

    Candidates come from an inverted index of word 5-grams, so a report is compared only with reports that
    share text with it; 5-grams found in very many reports (boilerplate) do not nominate candidates.
    """
    pool: dict[str, tuple[SourceDoc, Derivation]] = {}
    prints: dict[str, frozenset[int]] = {}
    postings: dict[int, list[str]] = defaultdict(list)
    credits_outlet: dict[str, str | None] = {}

    # outlets others copy: the wire agencies, and outlets a report credits
    sources = {outlet_of(w, "") for w in wire_aliases().values()}

    def remember(doc: SourceDoc, der: Derivation, sh: frozenset[int]) -> None:
        pool[doc.id] = (doc, der)
        prints[doc.id] = sh
        credits_outlet[doc.id] = outlet_of(der.derived_from, "") if der.derived_from else None
        if der.kind == "credit" and der.derived_from:
            sources.add(outlet_of(der.derived_from, ""))
        for h in sh:
            postings[h].append(doc.id)

    new = list(new)
    for doc, der in earlier.values():
        remember(doc, der, shingles(doc.text))
    known = tuple(
        sorted({n for d in (*(e for e, _ in earlier.values()), *new) if (n := outlet_name(d.publication))})
    )
    out: list[Derivation] = []
    # dated reports first, oldest first: an undated copy of a dated report is the copy
    for doc in sorted(new, key=lambda d: (d.published is None, d.published or "", d.id)):
        outlet = outlet_of(doc.publication, doc.id)
        credit = find_credit(doc.text, doc.publication, known)
        sh = shingles(doc.text)
        copied = _closest_copy(
            doc, outlet, sh, pool, prints, postings, credits_outlet, near_duplicate, window_days, sources
        )
        if credit is not None:
            source = credited_outlet(credit.source, known)
            der = Derivation(doc.id, outlet, source, "credit", credit.evidence, source.casefold())
            if names_outlet(credit.source, doc.publication) or names_outlet(source, doc.publication):
                der = Derivation(doc.id, outlet, None, None, None, outlet)  # the agency's own report
        elif copied is not None:
            other_id, share = copied
            der = Derivation(
                doc.id,
                outlet,
                other_id,
                "near_duplicate",
                f"{share:.0%} of its text is in {other_id}",
                pool[other_id][1].root,
            )
        else:
            der = Derivation(doc.id, outlet, None, None, None, outlet)
        out.append(der)
        remember(doc, der, sh)
    result = {d.document_id: d for d in out}
    revised = _revised(
        new, known, pool, prints, postings, credits_outlet, near_duplicate, window_days, sources
    )
    for d in revised:
        result[d.document_id] = d
    return list(result.values())


def _revised(
    new: list[SourceDoc],
    known: tuple[str, ...],
    pool: dict[str, tuple[SourceDoc, Derivation]],
    prints: dict[str, frozenset[int]],
    postings: dict[int, list[str]],
    credits_outlet: dict[str, str | None],
    near_duplicate: float,
    window_days: int | None,
    sources: set[str],
) -> list[Derivation]:
    """Reports taken for originals (earlier ones, or new ones read before) that the new ones show to be
    derived: a report crediting, in its body, an outlet the store did not know yet ("..., Andean Wire
    reported"), and a copy read before its original (an original published no later than the copy,
    holding most of its text)."""
    out: list[Derivation] = []
    new_names = {n for d in new if (n := outlet_name(d.publication))}
    originals = [d for d in new if pool[d.id][1].derived_from is None]
    copies: dict[str, tuple[str, float]] = {}
    for n in originals:
        shared: Counter[str] = Counter()
        for h in prints[n.id]:
            docs = postings.get(h)
            if docs and len(docs) <= COMMON_SHINGLE:
                shared.update(d for d in docs if d != n.id)
        n_outlet = pool[n.id][1].outlet
        for e_id, count in shared.items():
            e_doc, e_der = pool[e_id]
            if (
                e_der.derived_from is not None
                or e_der.outlet == n_outlet
                or credits_outlet[n.id] == e_der.outlet
            ):
                continue
            if count < near_duplicate * len(prints[e_id]) / 2 or not _before(
                n.published, e_doc.published, window_days
            ):
                continue
            c = containment(prints[e_id], prints[n.id])
            if _same_day(n.published, e_doc.published) and not _more_original(
                n_outlet, e_der.outlet, sources
            ):
                continue
            if c >= near_duplicate and c > copies.get(e_id, ("", 0.0))[1]:
                copies[e_id] = (n.id, c)
    for e_id, (e_doc, e_der) in sorted(pool.items()):
        if e_der.derived_from is not None:
            continue
        credit = (
            find_credit(e_doc.text, e_doc.publication, known)
            if any(name in e_doc.text for name in new_names)
            else None
        )
        source = credited_outlet(credit.source, known) if credit is not None else ""
        if credit is not None and not (
            names_outlet(credit.source, e_doc.publication) or names_outlet(source, e_doc.publication)
        ):
            out.append(Derivation(e_id, e_der.outlet, source, "credit", credit.evidence, source.casefold()))
        elif e_id in copies:
            n_id, share = copies[e_id]
            evidence = f"{share:.0%} of its text is in {n_id}"
            out.append(Derivation(e_id, e_der.outlet, n_id, "near_duplicate", evidence, pool[n_id][1].root))
    return out


def _closest_copy(
    doc: SourceDoc,
    outlet: str,
    sh: frozenset[int],
    pool: dict[str, tuple[SourceDoc, Derivation]],
    prints: dict[str, frozenset[int]],
    postings: dict[int, list[str]],
    credits_outlet: dict[str, str | None],
    near_duplicate: float,
    window_days: int | None,
    sources: set[str],
) -> tuple[str, float] | None:
    """The earlier report of another outlet that holds most of ``doc``'s text, if enough of it."""
    shared: Counter[str] = Counter()
    for h in sh:
        docs = postings.get(h)
        if docs and len(docs) <= COMMON_SHINGLE:
            shared.update(docs)
    need = near_duplicate * len(sh) / 2  # boilerplate 5-grams were not counted: a generous first cut
    best: tuple[str, float, tuple[float, bool]] | None = None
    for other_id, n in shared.items():
        if n < need:
            continue
        other, other_der = pool[other_id]
        if other_der.outlet == outlet or not _before(other.published, doc.published, window_days):
            continue
        if credits_outlet[other_id] == outlet:
            continue  # the other report credits this one's outlet: it is the copy, not the original
        c = containment(sh, prints[other_id])
        if _same_day(other.published, doc.published) and _more_original(outlet, other_der.outlet, sources):
            continue  # a same-day copy of this report, merged before it: this one is the original
        # the closest text; between equals, a report that is itself an original
        rank = (round(c, 3), other_der.derived_from is None)
        if c >= near_duplicate and (best is None or rank > best[2]):
            best = (other_id, c, rank)
    return (best[0], best[1]) if best is not None else None


def _same_day(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a[:10] == b[:10]  # type: ignore[index]


def _more_original(a_outlet: str, b_outlet: str, sources: set[str]) -> bool:
    """Of two reports of one day that share most of their text, whether ``a`` is known to be the original
    of ``b``: its outlet is a source others copy (a wire agency, an outlet other reports credit) and
    ``b``'s is not. Otherwise nothing tells them apart, and the one read first counts as the original."""
    return a_outlet in sources and b_outlet not in sources


def _before(other: str | None, this: str | None, window_days: int | None) -> bool:
    """Whether a report published ``other`` can be the original of one published ``this``."""
    if not this or not other:
        return True
    if other[:10] > this[:10]:
        return False
    if window_days is None:
        return True
    try:
        gap = date.fromisoformat(this[:10]) - date.fromisoformat(other[:10])
    except ValueError:
        return True
    return gap.days <= window_days
