"""One canonical entity for every spelling of a person, organisation or place across reports.

Each report already resolves its own names (a bare "Tokayev" to the full name it gives, "the CSTO" to the
Collective Security Treaty Organization, "Alma-Ata" to Almaty). This step links those names across reports:

1. a name already known as an alias of an entity of the same type joins it;
2. otherwise the closest entity by fuzzy matching (RapidFuzz) joins it when the match is close and the
   country codes do not contradict each other: persons by their name tokens with the surname matching
   ("Kassym-Zhomart Tokayev" ~ "Kassym-Jomart Tokayev", "Jomart Tokayev"), a bare surname only when one
   entity has it; organisations and places by spelling or acronym;
3. otherwise it starts an entity.

Every alias keeps the evidence that linked it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

PERSON_CUTOFF = 88.0
SURE_PERSON = 95.0  # a full-name match this close links despite differing country codes
NAME_CUTOFF = 92.0
# romanisation variants folded before given names are compared
TRANSLIT = (
    ("zh", "j"),
    ("kh", "h"),
    ("ye", "e"),
    ("yu", "u"),
    ("ya", "a"),
    ("iy", "y"),
    ("ii", "i"),
    ("dzh", "j"),
)
_HYPHENS = re.compile(r"[-‐‑–]")


@dataclass(slots=True)
class NameGroup:
    """One (type, name) a batch of reports uses, with what they say about it."""

    type: str
    name: str
    codes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    texts: dict[str, set[str]] = field(default_factory=dict)  # surface form -> documents
    offices: dict[str, set[str]] = field(default_factory=dict)


@dataclass(slots=True)
class EntityState:
    id: str
    type: str
    name: str
    code: str | None = None
    sector: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> evidence
    alias_docs: dict[str, set[str]] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    changed: bool = False

    def add_alias(self, alias: str, evidence: str, documents: Iterable[str]) -> None:
        alias = clean_alias(alias)
        if not alias:
            return
        self.aliases.setdefault(alias, evidence)
        self.alias_docs.setdefault(alias, set()).update(documents)
        self.changed = True


def entity_id(type_: str, name: str) -> str:
    return "e-" + hashlib.sha1(f"{type_}|{name}".encode()).hexdigest()[:12]


def clean_alias(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.;:'\"“”’")
    return text[4:] if text.lower().startswith("the ") else text


def fold(name: str) -> str:
    """Case, hyphens and spacing folded: "Kassym-Jomart  Tokayev" -> "kassym jomart tokayev"."""
    return " ".join(_HYPHENS.sub(" ", name).casefold().split())


def initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in ("of", "the", "and", "for"))


def _compatible(code: str | None, entity: EntityState) -> bool:
    return code is None or entity.code is None or code == entity.code


class EntityLinker:
    """Links name groups to entities. Lookups go through indexes (alias, folded name per type, surname,
    initials) so that linking a batch costs one fuzzy scan per name, in RapidFuzz's C loops, not a
    Python loop over every entity."""

    def __init__(self, entities: list[EntityState]) -> None:
        self.entities: list[EntityState] = []
        self.by_alias: dict[tuple[str, str], EntityState] = {}
        self.names: dict[str, dict[str, list[EntityState]]] = {}  # type -> folded name -> entities
        self.surnames: dict[str, list[EntityState]] = {}  # folded surname -> persons
        self.acronyms: dict[str, list[EntityState]] = {}  # initials of organisations -> organisations
        for e in entities:
            self._index(e)
            for a in (e.name, *e.aliases):
                self.by_alias.setdefault((e.type, fold(a)), e)

    def _index(self, e: EntityState) -> None:
        self.entities.append(e)
        folded = fold(e.name)
        self.names.setdefault(e.type, {}).setdefault(folded, []).append(e)
        if e.type == "PERSON" and folded:
            self.surnames.setdefault(folded.split()[-1], []).append(e)
        if e.type == "ORG":
            self.acronyms.setdefault(initials(e.name), []).append(e)

    def link(self, groups: Iterable[NameGroup]) -> None:
        """Links every group to an entity (existing or new); full names before bare surnames."""
        for g in sorted(groups, key=lambda g: (-len(g.name.split()), g.type, g.name)):
            code = _majority(g.codes)
            entity, evidence = self._find(g, code)
            if entity is None:
                entity = EntityState(entity_id(g.type, g.name), g.type, g.name, code, _majority(g.sectors))
                self._index(entity)
                evidence = "first seen"
            docs = set().union(*g.texts.values()) if g.texts else set()
            entity.add_alias(g.name, evidence, docs)
            for text, text_docs in g.texts.items():
                entity.add_alias(text, f"written so in {_first(text_docs)}", text_docs)
            if g.type == "PERSON":
                for office, office_docs in g.offices.items():
                    if " of " in office:  # "President of Kazakhstan", not a bare "President"
                        entity.add_alias(office, f"office given in {_first(office_docs)}", office_docs)
            entity.codes.extend(g.codes)
            entity.sectors.extend(g.sectors)
            entity.code = _majority(entity.codes) or entity.code
            entity.sector = _majority(entity.sectors) or entity.sector
            for a in entity.aliases:
                self.by_alias.setdefault((entity.type, fold(a)), entity)

    def _find(self, g: NameGroup, code: str | None) -> tuple[EntityState | None, str]:
        known = self.by_alias.get((g.type, fold(g.name)))
        if known is not None and _compatible(code, known):
            return known, "same name"
        if g.type == "PERSON":
            return self._person(g, code)
        names = self.names.get(g.type, {})
        for name, score, _ in process.extract(
            fold(g.name), list(names), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=5
        ):
            e = next((e for e in names[name] if _compatible(code, e)), None)
            if e is not None:
                return e, f"spelling {score:.0f}% like {e.name!r}"
        if g.type == "ORG":
            acro = fold(g.name).replace(" ", "")
            if len(acro) >= 3:
                for e in self.acronyms.get(acro, []):  # "CSTO" for "Collective Security Treaty Organization"
                    if _compatible(code, e):
                        return e, f"acronym of {e.name!r}"
                for e in names.get(initials(g.name), []):  # and the other way round
                    if _compatible(code, e):
                        return e, f"acronym {e.name!r}"
        return None, ""

    def _person(self, g: NameGroup, code: str | None) -> tuple[EntityState | None, str]:
        """A full name outweighs a country code the reports disagree on; a bare surname does not."""
        words = fold(g.name).split()
        if not words:
            return None, ""
        similar = process.extract(
            words[-1], list(self.surnames), scorer=fuzz.ratio, score_cutoff=PERSON_CUTOFF, limit=10
        )
        same_surname = [e for name, _score, _ in similar for e in self.surnames[name]]
        if not same_surname:
            return None, ""
        if len(words) == 1:
            full = [e for e in same_surname if len(e.name.split()) > 1 and _compatible(code, e)]
            if len(full) == 1:
                return full[0], f"surname of {full[0].name!r}"
            return None, ""
        best: tuple[float, EntityState] | None = None
        for e in same_surname:
            s = _given_names_score(words[:-1], fold(e.name).split()[:-1])
            sure = s >= SURE_PERSON or _compatible(code, e)
            if sure and s >= PERSON_CUTOFF and (best is None or s > best[0]):
                best = (s, e)
        if best is None:
            return None, ""
        return best[1], f"name {best[0]:.0f}% like {best[1].name!r}"


def _given_names_score(a: list[str], b: list[str]) -> float:
    """How well two sets of given names agree: the best pair ("jomart" ~ "zhomart"), 100 when one side has
    none beyond the other's ("Jomart Tokayev" ~ "Kassym-Jomart Tokayev")."""
    if not a or not b:
        return 100.0 if not a and not b else 0.0
    return max(fuzz.ratio(_translit(x), _translit(y)) for x in a for y in b)


def _translit(word: str) -> str:
    """Folds the usual differences between romanisations ("Zhomart"/"Jomart", "Yevgeny"/"Evgeny")."""
    for a, b in TRANSLIT:
        word = word.replace(a, b)
    return word


def _majority(values: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def _first(docs: set[str]) -> str:
    return min(docs) if docs else "?"
