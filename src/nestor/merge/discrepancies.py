"""Discrepancies: where reports of the same event or the same statement disagree.

* **number**: reports of one story give different figures for one quantity (dead, injured, detained,
  troops ... of one group, place and event: :mod:`.figure_compare`), in any sentence, claims included;
* **date**: members give different explicit days for the event (a date a report only inferred from its
  publication day does not count);
* **list**: two reports of one story enumerate mostly the same places but not the same ones (the countries
  a speaker recalled, the states taking part), found from the place names of each sentence;
* **role**: two reports of one story tell an event of one type, within the date window, with actor and
  recipient swapped (one says Kyrgyz forces fired on Tajik ones, the other the reverse).

Each discrepancy lists every report's value side by side with its sentence and outlet.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from itertools import combinations
from typing import Any

from ..store import Store, story_rows
from .days import day_of
from .figure_compare import compare, compare_across, story_figures

MIN_LIST = 3  # places a sentence must name to count as a list
MIN_LIST_OVERLAP = 0.5  # Jaccard overlap of two lists that makes them lists of the same thing
# what may stand between two places of one list
LIST_GLUE = re.compile(r"[\s,;]*(?:(?:and|or|as well as|as well in|as well|plus|and also)[\s,;]*)?", re.I)


def _id(*parts: str) -> str:
    return "d-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def find(store: Store, story_ids: list[str]) -> list[dict[str, Any]]:
    outlets = {r["id"]: r["publication"] or r["id"] for r in story_rows.report_outlets(store, story_ids)}
    by_story = story_figures(store, story_ids)
    figures = [d for figs in by_story.values() for d in compare(figs)] + compare_across(by_story)
    others = (_dates, _lists, _roles)
    return [*figures, *(d for find_kind in others for d in find_kind(store, story_ids, outlets))]


def _dates(store: Store, story_ids: list[str], outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Members of one event cluster that give different explicit days for the event."""
    rows = story_rows.cluster_member_reports(store, story_ids)
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        r["rec"] = json.loads(r["record"])
        by_cluster[r["cluster"]].append(r)
    out: list[dict[str, Any]] = []
    for cid, members in by_cluster.items():
        if len({m["document_id"] for m in members}) < 2:
            continue
        story, etype = members[0]["story_id"], members[0]["event_type"]
        explicit = {
            m["document_id"]: m["rec"].get("date")
            for m in members
            if m["rec"].get("date_precision") == "day" and m["rec"].get("date") != (m["published"] or "")[:10]
        }
        if len(set(explicit.values())) > 1:
            what = f"date of the {etype} event"
            texts = _member_texts(members)
            out.append(_record("date", what, story, cid, explicit, texts, outlets, (cid, what)))
    return out


def _record(
    kind: str,
    what: str,
    story: str,
    cluster: str | None,
    values: dict[str, Any],
    texts: dict[str, str | None],
    outlets: dict[str, str],
    key: tuple[str, ...],
    **extra: Any,
) -> dict[str, Any]:
    """One discrepancy: what each report says (``values``), side by side with its sentence and outlet."""
    docs = sorted(values)
    return {
        "id": _id(kind, *key),
        "kind": kind,
        "what": what,
        "story": story,
        "event_cluster": cluster,
        "documents": docs,
        "outlets": [outlets.get(d, d) for d in docs],
        "texts": [texts.get(d) for d in docs],
        "values": {d: values[d] for d in docs},
        **extra,
    }


def _member_texts(members: list[dict[str, Any]]) -> dict[str, str | None]:
    """Each report's first sentence among a cluster's members."""
    texts: dict[str, str | None] = {}
    for m in members:
        texts.setdefault(m["document_id"], m["rec"].get("text"))
    return texts


def _lists(store: Store, story_ids: list[str], outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Sentences of different reports in one story that list mostly, but not exactly, the same places."""
    sentences: dict[tuple[str, int], dict[str, Any]] = {}
    for m in story_rows.place_mentions(store, story_ids):
        key = (m["document_id"], m["sequence"])
        empty = {"story": m["story_id"], "doc": m["document_id"], "names": [], "spans": [], "text": m["text"]}
        s = sentences.setdefault(key, empty)
        s["names"].append(m["name"])
        s["spans"].append((m["start"], m["end"]))
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sentences.values():
        lst = _longest_list(s)
        if lst is not None:
            by_story[lst["story"]].append(lst)
    pairs = (pair for lists in by_story.values() for pair in combinations(lists, 2))
    out: list[dict[str, Any]] = []
    seen: set[frozenset[str]] = set()
    for a, b in pairs:
        if a["doc"] == b["doc"]:
            continue
        sa, sb = set(a["names"]), set(b["names"])
        shared = sa & sb
        if sa == sb or len(shared) < 2 or len(shared) / len(sa | sb) < MIN_LIST_OVERLAP:
            continue
        pair = frozenset({a["doc"], b["doc"], *shared})
        if pair in seen:
            continue
        seen.add(pair)
        values = {a["doc"]: _written_list(a), b["doc"]: _written_list(b)}
        texts = {a["doc"]: _sentence_of(a), b["doc"]: _sentence_of(b)}
        only = {d: sorted(set(s["names"]) - shared) for d, s in ((a["doc"], a), (b["doc"], b))}
        what = "places listed: " + ", ".join(sorted(shared)) + " and others that differ"
        key = (*sorted(values), *sorted(shared))
        out.append(_record("list", what, a["story"], None, values, texts, outlets, key, only_in=only))
    return out


def _longest_list(s: dict[str, Any]) -> dict[str, Any] | None:
    """The sentence's longest enumeration of places ("Yugoslavia, Iraq, Syria, Ukraine, as well in
    Belarus"): mentions joined only by commas and conjunctions."""
    runs: list[list[int]] = []
    for i, (start, _end) in enumerate(s["spans"]):
        if runs and LIST_GLUE.fullmatch(s["text"][s["spans"][runs[-1][-1]][1] : start]):
            runs[-1].append(i)
        else:
            runs.append([i])
    best = max(runs, key=len)
    names = list(dict.fromkeys(s["names"][i] for i in best))
    if len(names) < MIN_LIST:
        return None
    return {**s, "names": names, "spans": [s["spans"][i] for i in best]}


def _written_list(s: dict[str, Any]) -> str:
    """The words of the sentence from its first listed place to its last ("Yugoslavia, Iraq, ... Belarus")."""
    start = min(a for a, _ in s["spans"])
    end = max(b for _, b in s["spans"])
    return s["text"][start:end]


def _sentence_of(s: dict[str, Any]) -> str:
    text = s["text"]
    start = min(a for a, _ in s["spans"])
    end = max(b for _, b in s["spans"])
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1 : right].strip()


def _roles(store: Store, story_ids: list[str], outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Events of one type in one story whose actor and recipient countries are swapped between reports."""
    rows = story_rows.actual_events_with_countries(store, story_ids)
    by_key: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["actors"] and r["recipients"] and r["actors"] != r["recipients"]:
            by_key[(r["story_id"], r["event_type"], r["actors"], r["recipients"])].append(r)
    out: list[dict[str, Any]] = []
    for (story, etype, actors, recipients), told in sorted(by_key.items()):
        if actors > recipients:
            continue  # each swapped pair once
        swapped = by_key.get((story, etype, recipients, actors), [])
        pairs = [
            (a, b)
            for a in told
            for b in swapped
            if a["document_id"] != b["document_id"] and _near(a["date_start"], b["date_start"])
        ]
        if not pairs:
            continue
        a, b = pairs[0]
        values = {r["document_id"]: f"{r['actors']} -> {r['recipients']}" for r in (a, b)}
        texts = {r["document_id"]: r["text"] for r in (a, b)}
        what = f"who did {etype} to whom: {actors} or {recipients}"
        key = (story, etype, actors, recipients)
        out.append(_record("role", what, story, None, values, texts, outlets, key))
    return out


def _near(a: str | None, b: str | None, days: int = 2) -> bool:
    """Whether two days are at most ``days`` apart (an unknown day is near any)."""
    da, db = day_of(a), day_of(b)
    return da is None or db is None or abs((da - db).days) <= days
