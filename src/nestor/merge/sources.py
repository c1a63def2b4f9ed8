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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("nestor") / "data" / "merge"))
SHINGLE = 5  # words per shingle for near-duplicate text
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


@lru_cache(maxsize=1)
def credit_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern, wire_only) for each cue; ``wire_only`` cues ("X reported") need a known agency."""
    wires = "|".join(sorted((re.escape(a) for a in wire_aliases()), key=len, reverse=True))
    wire = rf"(?-i:(?P<wire>{wires}))\b"
    out = []
    with open(DATA / "credits.txt", encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            credit_line = line.startswith("* ")
            line = line.removeprefix("* ")
            out.append((re.compile(r"(?i)(?<!\w)" + line.replace("{source}", wire)), False))
            if credit_line:
                out.append((re.compile(r"(?i)(?<!\w)" + line.replace("{source}", f"(?-i:{ANY_NAME})")), True))
    return tuple(out)


def find_credit(text: str, publication: str | None = None) -> Credit | None:
    """The wire or outlet a report credits (in its publication field, first or last lines), if any."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    places = [publication or "", *lines[:3], *lines[-4:]]
    body_hit: Credit | None = None
    for where in places:
        credit = _match(where, credit_lines=True)
        if credit is not None:
            return credit
    for line in lines[3:-4]:  # "TASS reported" in the body: the wire, but only a known one
        body_hit = body_hit or _match(line, credit_lines=False)
    return body_hit


def _match(text: str, credit_lines: bool) -> Credit | None:
    for pattern, any_name in credit_patterns():
        if any_name and not credit_lines:
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
) -> list[Derivation]:
    """Derivations of ``new`` documents, in publication order, against ``earlier`` ones (id -> document
    and its derivation) and each other. A report whose text is at least ``near_duplicate`` contained in
    an earlier (or same-day, smaller-id) report from another outlet copies it."""
    pool = dict(earlier)
    prints = {d: shingles(doc.text) for d, (doc, _) in pool.items()}
    out: list[Derivation] = []
    # dated reports first, oldest first: an undated copy of a dated report is the copy
    for doc in sorted(new, key=lambda d: (d.published is None, d.published or "", d.id)):
        outlet = outlet_of(doc.publication, doc.id)
        credit = find_credit(doc.text, doc.publication)
        sh = shingles(doc.text)
        copied: tuple[str, float, tuple[float, bool]] | None = None
        for other_id, (other, other_der) in pool.items():
            if other_der.outlet == outlet or (doc.published and (other.published or "") > doc.published):
                continue
            if other_der.derived_from and outlet_of(other_der.derived_from, "") == outlet:
                continue  # the other report credits this one's outlet: it is the copy, not the original
            c = containment(sh, prints[other_id])
            # the closest text; between equals, a report that is itself an original
            rank = (round(c, 3), other_der.derived_from is None)
            if c >= near_duplicate and (copied is None or rank > copied[2]):
                copied = (other_id, c, rank)
        if credit is not None:
            wire_outlet = credit.source.casefold()
            root = wire_outlet
            der = Derivation(doc.id, outlet, credit.source, "credit", credit.evidence, root)
            if wire_outlet == outlet:  # the agency's own report
                der = Derivation(doc.id, outlet, None, None, None, outlet)
        elif copied is not None:
            src = pool[copied[0]][1]
            der = Derivation(
                doc.id,
                outlet,
                copied[0],
                "near_duplicate",
                f"{copied[1]:.0%} of its text is in {copied[0]}",
                src.root,
            )
        else:
            der = Derivation(doc.id, outlet, None, None, None, outlet)
        out.append(der)
        pool[doc.id] = (doc, der)
        prints[doc.id] = sh
    return out
