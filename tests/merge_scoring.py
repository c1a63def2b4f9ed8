"""Scores the merge step on a cases file shaped like ``shared/gold/seed-cases.json``.

Every figure is a share in 0..1 (``false_merges`` a count):

* ``clusters``: gold clusters whose members (a report id and words of its sentence) are all coded into one
  event cluster;
* ``false_merges``: pairs that must stay apart (members of different gold clusters, ``not_same_event``)
  whose records share a cluster;
* ``discrepancies``: gold discrepancies surfaced (a discrepancy over the same reports whose values hold
  most of each report's gold value);
* ``derivations``: reports whose ``derived_from`` names the gold source (or a report of that outlet);
* ``originals``: reports that must derive from nothing (an original is never its reprint's copy);
* ``unsourced``: gold unsourced claims found as unsourced claims of their report;
* ``entities``: gold alias groups held by one entity; ``entity_conflicts`` entities holding two groups;
* ``stories_f1`` (where the gold lists ``stories``): pairwise F1 of reports sharing a story, over the gold's
  reports (two reports pair when some story holds both);
* ``stray_figures`` (a count, where the gold lists them): figures (a report and words of the figure's
  sentence) that must be in no discrepancy but are listed in one.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from nestor.merge import views
from nestor.merge.figures import NUMBER_WORDS
from nestor.store import Store


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _clusters_of(store: Store, doc: str, words: str) -> set[str]:
    want = _norm(words)
    return {
        r["cluster_id"]
        for r in store.query(
            "SELECT e.text, m.cluster_id FROM events e JOIN cluster_members m ON m.event_id = e.id "
            "WHERE e.document_id = ?",
            (doc,),
        )
        if want in _norm(r["text"] or "")
    }


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def _contains_most(value: str, gold: str) -> bool:
    """Most of the gold value's words (longer than three letters, a number word or holding a digit: "12",
    "two") are in it."""
    got = {w.strip(" ,.;") for w in _norm(value).split()}
    want = [
        w
        for w in (w.strip(" ,.;") for w in _norm(gold).split())
        if len(w) > 3 or any(c.isdigit() for c in w) or w in NUMBER_WORDS
    ]
    return bool(want) and sum(w in got for w in want) / len(want) >= 0.8


def _names_source(sources: dict[str, dict[str, Any]], doc: str, source: str) -> bool:
    """Whether the report derives from ``source``: it names that outlet, or a report of it (a copy found
    by its text names the report it copies)."""
    derived = (sources.get(doc) or {}).get("derived_from") or ""
    return _norm(derived) == _norm(source) or _norm(
        (sources.get(derived) or {}).get("outlet") or ""
    ) == _norm(source)


def _pairs(groups: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


def _story_f1(store: Store, gold_stories: list[list[str]]) -> float:
    if not gold_stories:
        return 1.0
    docs = {d for s in gold_stories for d in s}
    want = _pairs([set(s) for s in gold_stories])
    got = _pairs([set(s["documents"]) & docs for s in views.stories(store)])
    hits = len(want & got)
    if not hits:
        return 0.0
    precision, recall = hits / len(got), hits / len(want)
    return 2 * precision * recall / (precision + recall)


def _strays(discs: list[dict[str, Any]], strays: list[dict[str, str]]) -> int:
    return sum(
        1
        for g in strays
        if any(
            f["document"] == g["doc"] and _norm(g["text"]) in _norm(f.get("sentence") or "")
            for d in discs
            for f in d.get("figures", [])
        )
    )


def score_cases(store: Store, cases: dict[str, Any]) -> dict[str, Any]:
    gold_clusters = cases.get("clusters", [])
    found = 0
    member_sets: list[list[set[str]]] = []
    for c in gold_clusters:
        sets = [_clusters_of(store, doc, words) for doc, words in c["members"]]
        member_sets.append(sets)
        if all(sets) and set.intersection(*sets):
            found += 1
    apart = [(a, b) for (i, si), (j, sj) in combinations(enumerate(member_sets), 2) for a in si for b in sj]
    for (da, wa), (db, wb) in cases.get("not_same_event", []):
        apart.append((_clusters_of(store, da, wa), _clusters_of(store, db, wb)))
    false_merges = sum(1 for a, b in apart if a & b)

    discs = views.discrepancies(store)
    disc_hits = 0
    for g in cases.get("discrepancies", []):
        gold_docs = set(g["reports"])
        for d in discs:
            if gold_docs <= set(d["documents"]) and all(
                _contains_most(str(d["values"].get(doc, "")), text) for doc, text in g["reports"].items()
            ):
                disc_hits += 1
                break

    sources = views.document_sources(store)
    originals = cases.get("originals", [])
    kept_original = sum(1 for doc in originals if not (sources.get(doc) or {}).get("derived_from"))
    der_hits = sum(1 for g in cases.get("derived_from", []) if _names_source(sources, g["doc"], g["source"]))

    unsourced = views.claims(store, unsourced=True)
    claim_hits = sum(
        1
        for g in cases.get("unsourced_claims", [])
        if any(c["document"] == g["doc"] and _norm(g["text"]) in _norm(c["text"]) for c in unsourced)
    )

    ents = views.entities(store)
    alias_sets = [{_norm(a) for a in e["aliases"]} for e in ents]
    groups = [{_norm(a) for a in g["aliases"]} for g in cases.get("entities", [])]
    ent_hits = sum(1 for g in groups if any(g <= s for s in alias_sets))
    conflicts = sum(1 for s in alias_sets if sum(1 for g in groups if len(g & s) > 0) > 1)
    return {
        "stories_f1": _story_f1(store, cases.get("stories", [])),
        "stray_figures": _strays(discs, cases.get("stray_figures", [])),
        "clusters": _share(found, len(gold_clusters)),
        "false_merges": false_merges,
        "discrepancies": _share(disc_hits, len(cases.get("discrepancies", []))),
        "derivations": _share(der_hits, len(cases.get("derived_from", []))),
        "originals": _share(kept_original, len(originals)),
        "unsourced": _share(claim_hits, len(cases.get("unsourced_claims", []))),
        "entities": _share(ent_hits, len(groups)),
        "entity_conflicts": conflicts,
    }
