"""Figures compared across the reports of a story: every count each outlet gives, and where they disagree.

Every sentence of every report of a story is read (:mod:`.figure_rows`): in the outlet's own voice, in
claims and in attributed statements. Each figure is told apart by what it counts:

* its **kind** (dead, injured, arrested, detained, troops, participants, displaced), **group** (people in
  general, security forces, attackers ...) and **place** ("in Almaty", "on the Kyrgyz side");
* the **event** it counts: the explicit date of the event its sentence reports (its own, or that of the
  event cluster its sentence's event belongs to: "the clash on Thursday" however late a report tells it).

Figures of one quantity that count one dated event disagree when they differ. A running tally (dead,
injured, detained ... with no event date: "9,900 people have been detained since the unrest began") is
counted as of its report's day: tallies of one day that differ disagree, and so does a tally that falls
below what another outlet gave on an earlier day; a tally that only grows is not a discrepancy (the
figures table still shows each step). Troops and participants without a date count the story's one
deployment or crowd: any difference is a discrepancy.

A figure that names no place counts the place the others name, when they name one. Figures of one
dated event that reports of different stories give are compared too when their sentences share a name
(the stories split, the event did not). A discrepancy lists every figure of its quantity: outlet, value
as written, claimant, date, sentence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict
from itertools import combinations
from typing import Any

from .figure_rows import FigureRow, story_figures
from .figures import CUMULATIVE
from .names import sentence_names

__all__ = ["FigureRow", "compare", "compare_across", "figures_table", "story_figures"]

QUANTITY = ("kind", "group", "place", "event_date")
GROUP_LABELS = {"": "people", "security": "security forces", "attackers": "attackers"}


def _id(*parts: str) -> str:
    return "d-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def quantity_of(f: FigureRow) -> tuple[str, str, str, str]:
    """What a figure counts: kind, group, place and the event's date ("" for a running count)."""
    return (f.kind, f.group, f.place, f.event_date or "")


def describe(kind: str, group: str, place: str, event_date: str) -> str:
    words = kind if not group else f"{kind} ({GROUP_LABELS.get(group, group)})"
    if place:
        words += f" in {place}"
    return words + (f", event of {event_date}" if event_date else "")


def conflicts(figs: list[FigureRow], running: bool) -> list[str]:
    """Why these figures of one quantity disagree (empty: they do not)."""
    found: list[str] = []
    for a, b in combinations(sorted(figs, key=lambda f: (f.day, f.document)), 2):
        if a.document == b.document or a.value == b.value:
            continue
        if not running:
            found.append(f"{a.written} ({a.outlet}) vs {b.written} ({b.outlet})")
        elif a.day == b.day:
            found.append(f"{a.written} ({a.outlet}) vs {b.written} ({b.outlet}) on {a.day}")
        elif a.value > b.value and a.outlet != b.outlet:
            found.append(f"{a.written} ({a.outlet}, {a.day}) fell to {b.written} ({b.outlet}, {b.day})")
    return found


def by_quantities(figs: list[FigureRow]) -> dict[tuple[str, str, str, str], list[FigureRow]]:
    """Figures by what they count. A figure that names no place counts the place of the others when they
    name one place only ("two were killed" and "two were killed in Batken" count one thing), or, when they
    name several, the one of them its sentence names."""
    by_quantity: dict[tuple[str, str, str, str], list[FigureRow]] = defaultdict(list)
    places: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for f in figs:
        places[(f.kind, f.group, f.event_date or "")].add(f.place)
    for f in figs:
        named = places[(f.kind, f.group, f.event_date or "")] - {""}
        if not f.place and len(named) > 1:
            # of several places, the one its own sentence names ("Kogi state's agency revised the toll")
            named = {p for p in named if p.casefold() in f.sentence.casefold()}
        place = f.place or (next(iter(named)) if len(named) == 1 else "")
        by_quantity[(f.kind, f.group, place, f.event_date or "")].append(f)
    return _tallies_of_one_event(by_quantity)


def _tallies_of_one_event(
    by_quantity: dict[tuple[str, str, str, str], list[FigureRow]],
) -> dict[tuple[str, str, str, str], list[FigureRow]]:
    """Running tallies that follow the one dated event of their quantity tally that event: "the cyclone
    killed at least 10 on Sunday" and "the toll rose to 16" (Tuesday), "put the toll at 14" (Wednesday)
    are one tally, whose fall is a discrepancy. Only when the story has one such event and it comes no
    later than the first tally (a later event's count is no step of an earlier tally)."""
    dated: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for kind, group, place, event_date in by_quantity:
        if event_date and kind in CUMULATIVE:
            dated[(kind, group, place)].append(event_date)
    for (kind, group, place), dates in dated.items():
        running = by_quantity.get((kind, group, place, ""))
        if len(dates) != 1 or not running or dates[0] > min(f.day for f in running):
            continue
        running.extend(by_quantity.pop((kind, group, place, dates[0])))
    return by_quantity


def compare(figs: list[FigureRow]) -> list[dict[str, Any]]:
    """The discrepancies among one story's figures, one per quantity whose figures disagree."""
    by_quantity = by_quantities(figs)
    out = []
    for (kind, group, place, event_date), members in sorted(by_quantity.items()):
        if len({f.document for f in members}) < 2:
            continue
        why = conflicts(members, running=not event_date and kind in CUMULATIVE)
        if not why:
            continue
        out.append(_record(members, (kind, group, place, event_date), why))
    return out


def compare_across(by_story: dict[str, list[FigureRow]]) -> list[dict[str, Any]]:
    """Discrepancies between figures of one dated event that reports of different stories give: same
    quantity, same stated day of the event, and a name in common in their sentences (the place, the
    mine, the town): the stories split, the event did not."""
    by_quantity = by_quantities(
        [f for figs in by_story.values() for f in figs if f.event_date and len(f.event_date) == 10]
    )
    out = []
    for (kind, group, place, event_date), members in sorted(by_quantity.items()):
        if len({f.story for f in members}) < 2:
            continue
        names = [sentence_names(f.sentence) for f in members]
        linked = [
            f for i, f in enumerate(members)
            if any(names[i] & names[j] for j in range(len(members)) if members[j].story != f.story)
        ]  # fmt: skip
        if len({f.story for f in linked}) < 2:
            continue
        why = conflicts(linked, running=False)
        if why:
            rec = _record(linked, (kind, group, place, event_date), why)
            rec["id"] = _id("number", *sorted({f.story for f in linked}), kind, group, place, event_date)
            rec["stories"] = sorted({f.story for f in linked})
            out.append(rec)
    return out


def _record(members: list[FigureRow], key: tuple[str, str, str, str], why: list[str]) -> dict[str, Any]:
    members = sorted(members, key=lambda f: (f.day, f.published or "", f.document))
    values: dict[str, str] = {}
    texts: dict[str, str] = {}
    outlets: dict[str, str] = {}
    for f in members:
        said = f.written if any(c.isdigit() for c in f.written) else f"{f.written}, {f.value:,}"
        values[f.document] = f"{values[f.document]}; {said}" if f.document in values else said
        texts.setdefault(f.document, f.sentence)
        outlets[f.document] = f.outlet
    docs = sorted(values)
    clusters = {f.cluster for f in members}
    first = members[0]
    return {
        "id": _id("number", first.story, *key),
        "kind": "number",
        "what": describe(*key),
        "story": first.story,
        "event_cluster": next(iter(clusters)) if len(clusters) == 1 else None,
        "documents": docs,
        "outlets": [outlets[d] for d in docs],
        "texts": [texts[d] for d in docs],
        "values": {d: values[d] for d in docs},
        "quantity": dict(zip(QUANTITY, key, strict=True)),
        "conflicts": why,
        "figures": [figure_dict(f) for f in members],
    }


def figure_dict(f: FigureRow) -> dict[str, Any]:
    d = asdict(f)
    d["date"] = f.day
    return d


def figures_table(figs: list[FigureRow]) -> list[dict[str, Any]]:
    """A story's figures as rows, by quantity then date; each says whether its quantity is disputed."""
    disputed = {tuple(d["quantity"][k] for k in QUANTITY) for d in compare(figs)}
    rows = []
    for key, members in sorted(by_quantities(figs).items()):
        for f in sorted(members, key=lambda f: (f.day, f.document)):
            row = figure_dict(f)
            row["what"] = describe(*key)
            row["disputed"] = key in disputed
            rows.append(row)
    return rows
