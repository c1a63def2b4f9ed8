"""The actor registry: every person and organisation the reports name, with the country, sector and office
the reports give it, learned in the merge step and used there.

**Learning.** Every report's mentions (``mentions``: the name each report resolves a person or organisation
to, with the code, sector and office the report itself gives, as in "Ghana's Defence Minister Dominic
Nitiwul") become one evidence row per actor and report (``actor_evidence``). An actor is a (type, folded
name); its code, sector, office and name are a vote over its evidence: most documents wins, a tie goes to
the value of the most recent report; an evidence row that differs from the result says so (``disagrees``),
with the vote. The vote is a function of the evidence alone, so reports merged in any order, in any number
of merges, give the same registry; a report merged again (its text replaced) takes its old evidence away.

**Overrides.** A user file (setting ``actor_overrides``; CSV ``name,type,code,sector,office``) corrects the
registry: a non-empty field wins over the vote (``-`` says "none"), an empty one keeps it; such actors are
marked ``source = 'override'``. The file is the whole truth at each merge that names one: an actor it no
longer lists goes back to what the reports say. A merge with no file named leaves stored overrides alone.

**Use.** An event's actor or recipient that names a person or organisation and has no code (the text gave
none) takes the registry's code, marked ``code_from: "registry"`` in the stored record (``event_entities``
holds the code; the record says where it came from), so that a bare "Nitiwul" in one report gets what
another report says. The coder does the same when it codes a report for a store that has a registry
(:func:`read_lookup`, :func:`fill_entities`), by the same rule, so a report's codes after the merge do
not depend on whether it was coded before or after the reports that taught the registry. A name finds its
actor by its folded name, or (persons) as part of exactly the one known full name, or several that agree
on the code ("Nitiwul" in "Dominic Nitiwul"; never a bare first name). Only codes that a report (or the
user) gives are used; a code the text gave, or one the coder inferred from the place or the report
(``code_from`` "place"/"report"), is never replaced. When the registry changes, the events it filled before
are filled again (or emptied), so the end state does not depend on the order reports arrive in; the names
of the entities the registry decides are kept in ``event_actor_keys`` so that finding them costs an index
lookup, not a scan. A store merged before it had a registry learns from all its reports at its next merge
(``actor_backlog``, filled by the migration).

Nothing here is a hand-kept list of office holders: what the registry knows comes from the reports or the
user.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import SettingsError
from ..models import Entity
from ..store import Store
from ..store import actor_tables as tables
from ..store.rows import dumps
from .entities import clean_alias, fold

TYPES = ("PERSON", "ORG")
ROLES = ("actor", "recipient")
NONE = "-"  # an override field that says "none"
OVERRIDE_FIELDS = ("name", "type", "code", "sector", "office")
# name particles that never stand alone for a person ("da" of "Lula da Silva")
PARTICLES = frozenset("al as bin da das de del della der di do dos du el ibn la le van von y".split())


def actor_key(name: str | None) -> str:
    """The folded name an actor is known by ("the  Kassym-Jomart Tokayev" -> "kassym jomart tokayev")."""
    return fold(clean_alias(name or ""))


def actor_id(type_: str, name: str) -> str:
    return "a-" + hashlib.sha1(f"{type_}|{actor_key(name)}".encode()).hexdigest()[:12]


def part_keys(key: str) -> set[str]:
    """The parts of a person's full name that may stand for it: runs of its words that do not start with
    the first word (a given name alone says too little) and are not particles alone."""
    words = key.split()
    out = set()
    for i in range(1, len(words)):
        for j in range(i + 1, len(words) + 1):
            run = words[i:j]
            if not all(w in PARTICLES for w in run):
                out.add(" ".join(run))
    return out


# ---------------------------------------------------------------------------------------------- overrides
@dataclass(frozen=True, slots=True)
class Override:
    """One line of the overrides file; a field None keeps the learned value, "" says none."""

    name: str
    type: str
    code: str | None
    sector: str | None
    office: str | None

    @property
    def id(self) -> str:
        return actor_id(self.type, self.name)


def _field(value: str | None, upper: bool) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value == NONE:
        return ""
    return value.upper() if upper else value


def load_overrides(path: str | Path | None) -> dict[str, Override] | None:
    """The overrides file as actor id -> Override; None when no file is named. A file that cannot be read
    or a bad line is a SettingsError naming the file and line."""
    if not path:
        return None
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SettingsError(
            f"cannot read the actor overrides file {path} (setting actor_overrides): {exc.strerror}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"actor overrides file {path} is not UTF-8 text") from exc
    out: dict[str, Override] = {}
    lines: dict[str, int] = {}
    for n, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if [c.lower() for c in cells[:2]] == ["name", "type"]:
            continue  # the header
        where = f"actor overrides file {path}, line {n}"
        if len(cells) > len(OVERRIDE_FIELDS):
            raise SettingsError(f"{where}: more than the 5 fields name,type,code,sector,office")
        cells += [""] * (len(OVERRIDE_FIELDS) - len(cells))
        name, type_ = " ".join(cells[0].split()), cells[1].upper()
        if not actor_key(name):
            raise SettingsError(f"{where}: no name")
        if type_ not in TYPES:
            raise SettingsError(f"{where}: type must be PERSON or ORG, got {cells[1]!r}")
        o = Override(name, type_, _field(cells[2], True), _field(cells[3], True), _field(cells[4], False))
        if o.id in out:
            raise SettingsError(f"{where}: {name} ({type_}) is already on line {lines[o.id]}")
        out[o.id], lines[o.id] = o, n
    return out


# ---------------------------------------------------------------------------------------------- learning
@dataclass(slots=True)
class Evidence:
    actor_id: str
    document_id: str
    name: str
    text: str
    start: int | None
    end: int | None
    code: str | None
    sector: str | None
    office: str | None
    published: str | None
    disagrees: str | None = None

    def values(self) -> tuple[Any, ...]:
        return (
            self.actor_id, self.document_id, self.name, self.text, self.start, self.end, self.code,
            self.sector, self.office, self.published, self.disagrees,
        )  # fmt: skip


@dataclass(slots=True)
class RegistryReport:
    actors: int = 0  # actors whose code changed (added and removed ones included)
    filled: int = 0  # event entities whose code the registry gave (or took back)
    refresh: set[str] = field(default_factory=set)  # clusters whose member records changed


def update(store: Store, overrides: dict[str, Override] | None) -> RegistryReport:
    """Learns from the reports not merged yet (those without a story, and those merged before the store had
    a registry: ``actor_backlog``), applies ``overrides`` and fills the events; part of the merge's one
    transaction."""
    report = RegistryReport()
    new_docs = tables.documents_to_learn(store)
    affected: set[str] = set()
    if new_docs:
        # a report merged again (its text replaced) takes its old evidence away
        affected |= tables.forget_evidence_of(store, new_docs)
        evidence = _evidence(store, new_docs)
        tables.add_evidence(
            store, [(e.actor_id, t, e.name) for t, e in evidence], [e.values()[:-1] for _, e in evidence]
        )
        affected |= {e.actor_id for _, e in evidence}
    if overrides is not None:
        affected |= set(overrides)
        affected |= tables.override_actors(store)
    changed = _recompute(store, affected, overrides or {}) if affected else []
    report.actors = len(set(changed))
    report.filled, report.refresh = _fill_events(store, changed)
    tables.clear_backlog(store)
    return report


def _evidence(store: Store, doc_ids: list[str]) -> list[tuple[str, Evidence]]:
    """One evidence row per report and (type, folded name) of its person and organisation mentions."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    published: dict[str, str | None] = {}
    for m in tables.actor_mentions(store, doc_ids):
        if not actor_key(m["name"]):
            continue
        groups[(m["document_id"], m["type"], actor_key(m["name"]))].append(m)
        published[m["document_id"]] = m["published"]
    out = []
    for (doc, type_, _key), ms in groups.items():
        # the most telling mention: the first that carries a code, else an office or sector, else the first
        best = max(ms, key=lambda m: (m["code"] is not None, m["office"] is not None, bool(m["sector"])))
        out.append(
            (
                type_,
                Evidence(
                    actor_id(type_, best["name"]),
                    doc,
                    best["name"],
                    best["text"],
                    best["start"],
                    best["end"],
                    _in_document([m["code"] for m in ms]),
                    _in_document([m["sector"] for m in ms]),
                    _in_document([m["office"] for m in ms]),
                    published[doc],
                ),
            )
        )
    return out


def _in_document(values: list[str | None]) -> str | None:
    """What one report says most often (the first said, on a tie)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if v and counts[v] == top)


@dataclass(frozen=True, slots=True)
class Vote:
    value: str | None
    documents: int  # reports that give the value
    against: int  # reports that give another value


def vote(rows: Iterable[Evidence], attr: str, same: Any = None) -> Vote:
    """Most documents wins; a tie goes to the value of the most recent report (publication date, then
    document id). ``same`` folds values that count as one (office spellings)."""
    norm = same or (lambda v: v)
    support: dict[Any, list[Evidence]] = defaultdict(list)
    for r in rows:
        v = getattr(r, attr)
        if v:
            support[norm(v)].append(r)
    if not support:
        return Vote(None, 0, 0)

    def recency(e: Evidence) -> tuple[str, str]:
        return (e.published or "", e.document_id)

    best = max(support, key=lambda k: (len(support[k]), max(recency(e) for e in support[k])))
    latest = max(support[best], key=recency)  # the winning value as the latest report spells it
    total = sum(len(v) for v in support.values())
    return Vote(getattr(latest, attr), len(support[best]), total - len(support[best]))


def _same_office(office: str) -> str:
    return fold(office)


@dataclass(slots=True)
class _Row:
    id: str
    type: str
    name: str
    code: str | None
    sector: str | None
    office: str | None
    code_documents: int
    first_seen: str | None
    last_seen: str | None
    documents: int
    source: str

    def values(self) -> tuple[Any, ...]:
        return (
            self.id, self.type, self.name, self.code, self.sector, self.office, self.code_documents,
            self.first_seen, self.last_seen, self.documents, self.source,
        )  # fmt: skip


def _recompute(store: Store, ids: set[str], overrides: dict[str, Override]) -> list[tuple[str, str]]:
    """Votes the given actors again from all their evidence (and the overrides); returns (type, name) of
    the actors whose code changed, including added and removed ones."""
    old = {r["id"]: _Row(**r) for r in tables.actors_by_id(store, ids)}
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for r in tables.evidence_of_actors(store, ids):
        evidence[r["actor_id"]].append(Evidence(**r))
    changed: list[tuple[str, str]] = []
    for aid in sorted(ids):
        rows, before, o = evidence.get(aid, []), old.get(aid), overrides.get(aid)
        if not rows and o is None:
            if before is not None:
                tables.delete_actor(store, aid)
                if _decides(before):
                    changed.append((before.type, before.name))
            continue
        type_ = o.type if o is not None else (before.type if before else "PERSON")
        new, votes = _row(aid, type_, rows, o)
        if before is None or before.values() != new.values():
            tables.save_actor(store, new.values())
        if _decision(before) != _decision(new):
            changed.append((type_, new.name))
            if before is not None and actor_key(before.name) != actor_key(new.name):
                changed.append((before.type, before.name))
        for e in rows:
            note = _disagreement(e, new, votes)
            if note != e.disagrees:
                tables.set_disagreement(store, e.actor_id, e.document_id, note)
    return changed


def _decides(row: _Row) -> bool:
    """Whether an actor decides the codes of the events that name it (see :class:`Lookup`): it has a code,
    or an override (one of "none" for a short name keeps the full name's code from it)."""
    return bool(row.code) or row.source == "override"


def _decision(row: _Row | None) -> tuple[str | None, bool]:
    """What an actor tells :class:`Lookup`: its code and whether an override set it."""
    return (row.code, row.source == "override") if row is not None else (None, False)


def _row(aid: str, type_: str, rows: list[Evidence], o: Override | None) -> tuple[_Row, dict[str, Vote]]:
    votes = {
        "code": vote(rows, "code"),
        "sector": vote(rows, "sector"),
        "office": vote(rows, "office", _same_office),
        "name": vote(rows, "name"),
    }
    days = sorted(e.published[:10] for e in rows if e.published)
    new = _Row(
        aid,
        type_,
        votes["name"].value or (o.name if o else ""),
        votes["code"].value,
        votes["sector"].value,
        votes["office"].value,
        votes["code"].documents,
        days[0] if days else None,
        days[-1] if days else None,
        len({e.document_id for e in rows}),
        "learned",
    )
    if o is not None:
        new.source = "override"
        new.name = o.name
        for attr in ("code", "sector", "office"):
            value = getattr(o, attr)
            if value is not None:
                setattr(new, attr, value or None)
        if o.code is not None:
            new.code_documents = sum(1 for e in rows if new.code and e.code == new.code)
    return new, votes


def _disagreement(e: Evidence, actor: _Row, votes: dict[str, Vote]) -> str | None:
    """Where one report differs from the registry: "code TGO (registry: GHA, 2 documents to 1)"."""
    parts = []
    for attr in ("code", "sector", "office"):
        mine, theirs = getattr(e, attr), getattr(actor, attr)
        if not mine or not theirs:
            continue
        if (fold(mine) == fold(theirs)) if attr == "office" else (mine == theirs):
            continue
        v = votes[attr]
        learned = votes[attr].value
        if actor.source == "override" and (learned is None or fold(learned) != fold(theirs)):
            why = "override"
        else:
            why = f"{v.documents} document{'s' if v.documents != 1 else ''} to {v.against}"
        parts.append(f"{attr} {mine} (registry: {theirs}, {why})")
    return "; ".join(parts) or None


# ---------------------------------------------------------------------------------------------- use
class Lookup:
    """Name -> code, over the actors that have a code (or an override)."""

    def __init__(self, store: Store | None = None, rows: Iterable[dict[str, Any]] = ()) -> None:
        self.exact: dict[str, list[tuple[str | None, str]]] = defaultdict(list)  # key -> (code, source)
        self.parts: dict[str, set[str]] = defaultdict(set)  # part of a person's full name -> codes
        for r in tables.coded_actors(store) if store is not None else rows:
            key = actor_key(r["name"])
            self.exact[key].append((r["code"], r["source"]))
            if r["type"] == "PERSON" and r["code"]:
                for part in part_keys(key):
                    self.parts[part].add(r["code"])

    def code(self, name: str | None) -> str | None:
        key = actor_key(name)
        if not key:
            return None
        exact = self.exact.get(key, [])
        codes = {c for c, _ in exact if c}
        if codes or any(s == "override" for _, s in exact):
            return codes.pop() if len(codes) == 1 else None
        codes = self.parts.get(key, set())
        return next(iter(codes)) if len(codes) == 1 else None


def read_lookup(db: str | Path) -> Lookup | None:
    """The registry of the store at ``db``, read without writing (the coder's view of it while it codes
    reports for that store); None where there is no store or it has no registry yet."""
    rows = tables.read_coded_actors(db)  # None also for a store being written: the merge fills in
    return None if rows is None else Lookup(rows=rows)


def fill_entities(entities: list[Entity], lookup: Lookup) -> list[Entity]:
    """:func:`fill_record`'s rule on a freshly coded record's actors or recipients: one with no code (the
    text gave none, the coder inferred none) takes the registry's code, ``code_from`` "registry"."""
    out = []
    for e in entities:
        if e.code is None and not e.code_from:
            code = lookup.code(e.identifier_text or e.entity_text)
            if code is not None:
                e = replace(e, code=code, code_from="registry")
        out.append(e)
    return out


def fill_record(record: dict[str, Any], lookup: Lookup) -> list[tuple[str, int, str | None]]:
    """Gives the record's uncoded named actors and recipients the registry's code (in place); returns
    (role, position, code) of every entity changed."""
    out = []
    for role in ROLES:
        for i, e in enumerate(record.get(role) or []):
            registry_made = e.get("code_from") == "registry"
            if e.get("code") is not None and not registry_made:
                continue  # the text gave it (or the coder inferred it): never replaced
            code = lookup.code(e.get("identifier_text") or e.get("entity_text"))
            if code is not None and code != e.get("code"):
                e["code"], e["code_from"] = code, "registry"
                out.append((role, i, code))
            elif code is None and registry_made:
                e["code"] = None
                e.pop("code_from")
                out.append((role, i, None))
    return out


def _fill_events(store: Store, changed: list[tuple[str, str]]) -> tuple[int, set[str]]:
    """Fills the events not merged yet (and those of the backlog), noting the name of every actor and
    recipient the text gave no code (``event_actor_keys``); then fills again the merged events that name
    an actor whose code changed. Returns the entities changed and the clusters of the merged events
    changed."""
    rows = tables.events_to_fill(store)
    keys: set[str] = set()
    for type_, name in changed:
        key = actor_key(name)
        keys.add(key)
        if type_ == "PERSON":
            keys |= part_keys(key)
    if keys:
        seen = {r["id"] for r in rows}
        rows += [r for r in tables.clustered_events_naming(store, keys) if r["id"] not in seen]
    if not rows:
        return 0, set()
    lookup = Lookup(store)
    filled, refresh = 0, set()
    names: list[tuple[str, str, int, str]] = []
    for r in rows:
        record = json.loads(r["record"])
        done = fill_record(record, lookup)
        names += [(r["id"], role, i, key) for role, i, key in _open_names(record)]
        if not done:
            continue
        filled += len(done)
        tables.save_filled_record(store, r["id"], dumps(record), done)
        if r["cluster_id"]:
            refresh.add(r["cluster_id"])
    tables.save_actor_keys(store, names)
    return filled, refresh


def _open_names(record: dict[str, Any]) -> Iterable[tuple[str, int, str]]:
    """(role, position, name key) of the actors and recipients whose code the registry decides."""
    for role in ROLES:
        for i, e in enumerate(record.get(role) or []):
            if e.get("code") is None or e.get("code_from") == "registry":
                key = actor_key(e.get("identifier_text") or e.get("entity_text"))
                if key:
                    yield role, i, key
