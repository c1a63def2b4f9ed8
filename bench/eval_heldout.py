#!/usr/bin/env python3
"""Held-out evaluation of nestor's event coding on two invented test sets (``bench/heldout/``).

* ``acled_style.jsonl`` -- 240 conflict, protest, crime and strategic-development snippets in the style of
  ACLED event notes and short news, plus non-political harm (floods, crashes, epidemics) that must not be
  coded as conflict. Gold: the PLOVER type (or ``NONE``), the main actor's sector, the country.
* ``wire.jsonl`` -- 150 wire sentences and headlines with one main event each, covering the 16 PLOVER
  types and some non-events. Gold: the type (or ``NONE``), actor and recipient codes.

The coder is loaded once (``Settings(workers=1)``; ``--rules-only`` turns the learned event-type layer
off) and every item is coded as a document of its own. The scores printed are described in
``bench/heldout/README.md``. None of these texts is in ``data/training/``: they were written separately,
to measure how the coder generalises. Nothing is asserted; this script only measures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HELDOUT = Path(__file__).resolve().parent / "heldout"
SETS = {"acled": HELDOUT / "acled_style.jsonl", "wire": HELDOUT / "wire.jsonl"}
HARM_KINDS = ("disaster", "accident")
KINDS = ("conflict", "crime", "protest", "other", "disaster", "accident")
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO"})
# the types PLOVER counts as material conflict (quad 4), for the "harm coded as any conflict" figure
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

# A prediction, reduced to what the scores need (so that tests can build them by hand):
# {"event": [TYPE, ...], "actor": [{"code": ..., "sector": ...}], "recipient": [...],
#  "country": ISO3 of event_loc or None, "realis": ..., "trigger": ..., "typed_by": ...}
Pred = dict[str, Any]
Item = dict[str, Any]


# ---------------------------------------------------------------------------------------------- loading
def load_items(path: Path) -> list[Item]:
    items: list[Item] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON ({exc})") from exc
    return items


def simplify(record: Any) -> Pred:
    """The parts of a nestor ``EventRecord`` the scores look at."""

    def ents(xs: Iterable[Any]) -> list[dict[str, str | None]]:
        return [{"code": e.code, "sector": e.sector} for e in xs]

    loc = getattr(record, "event_loc", None)
    modality = getattr(record, "modality", None) or {}
    return {
        "event": list(record.event),
        "actor": ents(record.actor),
        "recipient": ents(record.recipient),
        "country": loc.country_code if loc is not None else None,
        "realis": modality.get("realis"),
        "trigger": getattr(record, "trigger", None),
        "typed_by": getattr(record, "typed_by", None),
    }


def code_items(
    items: list[Item], code: Callable[[Item], list[Pred]], label: str, progress: bool = True
) -> dict[str, list[Pred]]:
    """``code`` applied to every item, with a progress line on stderr."""
    out: dict[str, list[Pred]] = {}
    start = time.monotonic()
    tty = sys.stderr.isatty()
    for i, item in enumerate(items, start=1):
        out[item["id"]] = code(item)
        if progress and (tty or i % 25 == 0 or i == len(items)):
            msg = f"{label}: {i}/{len(items)} coded ({time.monotonic() - start:.1f}s)"
            print(("\r" + msg) if tty else msg, end="" if tty and i < len(items) else "\n", file=sys.stderr)
    return out


def make_coder(rules_only: bool) -> Callable[[Item], list[Pred]]:
    from nestor.models import Document
    from nestor.pipeline import get_coder
    from nestor.settings import Settings

    settings = Settings(workers=1, event_model="off" if rules_only else "on")
    coder = get_coder(settings)

    def code(item: Item) -> list[Pred]:
        doc = Document(id=item["id"], text=item["text"], published=item.get("published"))
        return [simplify(r) for r in coder.code(doc)]

    return code


# ---------------------------------------------------------------------------------------------- scoring
def _share(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _types(preds: list[Pred]) -> set[str]:
    return {t for p in preds for t in p["event"]}


def _with_type(preds: list[Pred], type_: str) -> list[Pred]:
    return [p for p in preds if type_ in p["event"]]


def _codes(entities: list[dict[str, Any]]) -> set[str]:
    return {e["code"] for e in entities if e.get("code")}


def _sectors(entities: list[dict[str, Any]]) -> set[str]:
    return {e["sector"] for e in entities if e.get("sector")}


def sector_alternatives(gold: str | None) -> set[str]:
    """Gold sectors may list alternatives ("MIL|COP" for "security forces")."""
    return set(gold.split("|")) if gold else set()


def only_actual(preds: dict[str, list[Pred]]) -> dict[str, list[Pred]]:
    """Predictions restricted to records whose realis is "actual" (or unset)."""
    return {k: [p for p in v if p.get("realis") in (None, "actual")] for k, v in preds.items()}


def score_acled(items: list[Item], preds: dict[str, list[Pred]]) -> dict[str, Any]:
    events = [it for it in items if it["gold"]["type"] != "NONE"]
    hit = {it["id"]: it["gold"]["type"] in _types(preds.get(it["id"], [])) for it in events}

    by_kind: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        of_kind = [it for it in items if it["kind"] == kind]
        if not of_kind:
            continue
        ev = [it for it in of_kind if it["gold"]["type"] != "NONE"]
        row: dict[str, Any] = {"n": len(of_kind)}
        if ev:
            row["recall"] = _share(sum(hit[it["id"]] for it in ev), len(ev))
        row["no_record"] = _share(sum(not preds.get(it["id"]) for it in of_kind), len(of_kind))
        by_kind[kind] = row

    by_type: dict[str, dict[str, Any]] = {}
    for type_ in sorted({it["gold"]["type"] for it in events}):
        of_type = [it for it in events if it["gold"]["type"] == type_]
        by_type[type_] = {
            "n": len(of_type),
            "recall": _share(sum(hit[it["id"]] for it in of_type), len(of_type)),
        }

    harm = [it for it in items if it["kind"] in HARM_KINDS]
    harm_assault = [it for it in harm if "ASSAULT" in _types(preds.get(it["id"], []))]
    harm_conflict = [it for it in harm if _types(preds.get(it["id"], [])) & MATERIAL_CONFLICT]

    with_sector = [it for it in events if it["gold"].get("actor_sector")]
    joint = typed = typed_ok = 0
    for it in with_sector:
        want = sector_alternatives(it["gold"]["actor_sector"])
        recs = _with_type(preds.get(it["id"], []), it["gold"]["type"])
        ok = any(_sectors(p["actor"]) & want for p in recs)
        joint += ok
        if recs:
            typed += 1
            typed_ok += ok

    country_ok = sum(
        any(
            p.get("country") == it["gold"]["country"]
            for p in _with_type(preds.get(it["id"], []), it["gold"]["type"])
        )
        for it in events
    )

    confusions: Counter[str] = Counter()
    for it in events:
        got = _types(preds.get(it["id"], []))
        if it["gold"]["type"] not in got:
            confusions[f"{it['gold']['type']} -> {'+'.join(sorted(got)) or '(nothing)'}"] += 1

    return {
        "items": len(items),
        "event_items": len(events),
        "type_recall": _share(sum(hit.values()), len(events)),
        "recall_by_kind": by_kind,
        "recall_by_type": by_type,
        "harm_items": len(harm),
        "disasters_coded_as_conflict": _share(len(harm_assault), len(harm)),
        "disasters_any_material_conflict": _share(len(harm_conflict), len(harm)),
        "disasters_any_record": _share(sum(bool(preds.get(it["id"])) for it in harm), len(harm)),
        "sector_items": len(with_sector),
        "actor_sector_agreement": _share(joint, len(with_sector)),
        "actor_sector_given_type": _share(typed_ok, typed),
        "country_agreement": _share(country_ok, len(events)),
        "no_record": _share(sum(not preds.get(it["id"]) for it in items), len(items)),
        "no_record_on_events": _share(sum(not preds.get(it["id"]) for it in events), len(events)),
        "records_per_item": _share(sum(len(preds.get(it["id"], [])) for it in items), len(items)),
        "misses": dict(confusions.most_common()),
    }


def triple_ok(gold: dict[str, Any], preds: list[Pred]) -> bool:
    """A record of the gold type whose actor codes include the gold actor and whose recipient codes
    include the gold recipient (a null in gold matches anything)."""
    for p in _with_type(preds, gold["type"]):
        if gold.get("actor") and gold["actor"] not in _codes(p["actor"]):
            continue
        if gold.get("recipient") and gold["recipient"] not in _codes(p["recipient"]):
            continue
        return True
    return False


def triple_lenient(gold: dict[str, Any], preds: list[Pred]) -> bool:
    """As :func:`triple_ok`, but the gold actor and recipient may sit in either role of the record: a
    joint subject ("A and B signed ...") is coded as a compound actor with no recipient."""
    for p in _with_type(preds, gold["type"]):
        both = _codes(p["actor"]) | _codes(p["recipient"])
        if all(not gold.get(k) or gold[k] in both for k in ("actor", "recipient")):
            return True
    return False


def score_wire(items: list[Item], preds: dict[str, list[Pred]]) -> dict[str, Any]:
    events = [it for it in items if it["gold"]["type"] != "NONE"]
    nones = [it for it in items if it["gold"]["type"] == "NONE"]
    hit = {it["id"]: it["gold"]["type"] in _types(preds.get(it["id"], [])) for it in events}
    triple = {it["id"]: triple_ok(it["gold"], preds.get(it["id"], [])) for it in events}
    lenient = sum(triple_lenient(it["gold"], preds.get(it["id"], [])) for it in events)
    exact = sum(_types(preds.get(it["id"], [])) == {it["gold"]["type"]} for it in events)

    actor_ok = actor_n = recip_ok = recip_n = 0
    for it in events:
        recs = _with_type(preds.get(it["id"], []), it["gold"]["type"])
        if not recs:
            continue
        if it["gold"].get("actor"):
            actor_n += 1
            actor_ok += any(it["gold"]["actor"] in _codes(p["actor"]) for p in recs)
        if it["gold"].get("recipient"):
            recip_n += 1
            recip_ok += any(it["gold"]["recipient"] in _codes(p["recipient"]) for p in recs)

    by_type: dict[str, dict[str, Any]] = {}
    for type_ in sorted({it["gold"]["type"] for it in events}):
        of_type = [it for it in events if it["gold"]["type"] == type_]
        by_type[type_] = {
            "n": len(of_type),
            "recall": _share(sum(hit[it["id"]] for it in of_type), len(of_type)),
            "triple": _share(sum(triple[it["id"]] for it in of_type), len(of_type)),
        }
    by_style: dict[str, dict[str, Any]] = {}
    for style in sorted({it.get("style", "sentence") for it in events}):
        of_style = [it for it in events if it.get("style", "sentence") == style]
        by_style[style] = {
            "n": len(of_style),
            "recall": _share(sum(hit[it["id"]] for it in of_style), len(of_style)),
        }

    # how often each type is predicted on an item whose gold is something else (false alarms by type)
    spurious: Counter[str] = Counter()
    for it in items:
        for t in _types(preds.get(it["id"], [])) - {it["gold"]["type"]}:
            spurious[t] += 1
    confusions: Counter[str] = Counter()
    for it in events:
        got = _types(preds.get(it["id"], []))
        if it["gold"]["type"] not in got:
            confusions[f"{it['gold']['type']} -> {'+'.join(sorted(got)) or '(nothing)'}"] += 1

    return {
        "items": len(items),
        "event_items": len(events),
        "none_items": len(nones),
        "type_recall": _share(sum(hit.values()), len(events)),
        "triple_agreement": _share(sum(triple.values()), len(events)),
        "triple_lenient": _share(lenient, len(events)),
        "exact_type": _share(exact, len(events)),
        "actor_given_type": _share(actor_ok, actor_n),
        "recipient_given_type": _share(recip_ok, recip_n),
        "none_precision": _share(sum(not preds.get(it["id"]) for it in nones), len(nones)),
        "no_record_on_events": _share(sum(not preds.get(it["id"]) for it in events), len(events)),
        "records_per_item": _share(sum(len(preds.get(it["id"], [])) for it in items), len(items)),
        "recall_by_type": by_type,
        "recall_by_style": by_style,
        "spurious_types": dict(spurious.most_common()),
        "misses": dict(confusions.most_common()),
    }


SCORERS = {"acled": score_acled, "wire": score_wire}


# ---------------------------------------------------------------------------------------------- output
def _pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}%"


def format_text(results: dict[str, Any]) -> str:
    lines = [f"nestor held-out evaluation ({results['mode']})", ""]
    if "acled" in results:
        a = results["acled"]
        lines += [
            f"ACLED-style set: {a['items']} items, {a['event_items']} with an event, {a['harm_items']} harm",
            f"  type recall (any record of the gold type)      {_pct(a['type_recall'])}",
            f"  items with a gold actor sector                 {a['sector_items']}",
            f"  disasters/accidents coded as ASSAULT           {_pct(a['disasters_coded_as_conflict'])}",
            f"  disasters/accidents with any quad-4 record     {_pct(a['disasters_any_material_conflict'])}",
            f"  disasters/accidents with any record            {_pct(a['disasters_any_record'])}",
            f"  actor-sector agreement (type and sector)       {_pct(a['actor_sector_agreement'])}",
            f"  actor-sector agreement when the type is found  {_pct(a['actor_sector_given_type'])}",
            f"  event country agreement                        {_pct(a['country_agreement'])}",
            f"  items with no record at all                    {_pct(a['no_record'])}",
            f"  event items with no record at all              {_pct(a['no_record_on_events'])}",
            f"  records per item                               {a['records_per_item']}",
            "  by kind:      n  recall  no-record",
        ]
        for kind, row in a["recall_by_kind"].items():
            lines.append(f"    {kind:<10} {row['n']:3d}  {_pct(row.get('recall'))}  {_pct(row['no_record'])}")
        lines.append("  by type:      n  recall")
        for type_, row in a["recall_by_type"].items():
            lines.append(f"    {type_:<10} {row['n']:3d}  {_pct(row['recall'])}")
        lines.append("  most frequent misses (gold -> predicted):")
        lines += [f"    {n:3d}  {k}" for k, n in list(a["misses"].items())[:8]]
        lines.append("")
    if "wire" in results:
        w = results["wire"]
        lines += [
            f"Wire set: {w['items']} items, {w['event_items']} with an event, {w['none_items']} NONE",
            f"  type recall                                    {_pct(w['type_recall'])}",
            f"  (actor, recipient, type) agreement             {_pct(w['triple_agreement'])}",
            f"  the same, roles may be swapped or joint        {_pct(w['triple_lenient'])}",
            f"  exactly the gold type and nothing else         {_pct(w['exact_type'])}",
            f"  actor code right when the type is found        {_pct(w['actor_given_type'])}",
            f"  recipient code right when the type is found    {_pct(w['recipient_given_type'])}",
            f"  precision on NONE items (no record)            {_pct(w['none_precision'])}",
            f"  event items with no record at all              {_pct(w['no_record_on_events'])}",
            f"  records per item                               {w['records_per_item']}",
            "  by type:      n  recall  triple",
        ]
        for type_, row in w["recall_by_type"].items():
            lines.append(f"    {type_:<10} {row['n']:3d}  {_pct(row['recall'])}  {_pct(row['triple'])}")
        lines.append("  by style:     n  recall")
        for style, row in w["recall_by_style"].items():
            lines.append(f"    {style:<10} {row['n']:3d}  {_pct(row['recall'])}")
        lines.append(
            "  types predicted where gold is another type: "
            + ", ".join(f"{k} {n}" for k, n in list(w["spurious_types"].items())[:8])
        )
        lines.append("  most frequent misses (gold -> predicted):")
        lines += [f"    {n:3d}  {k}" for k, n in list(w["misses"].items())[:8]]
        lines.append("")
    lines.append(f"coding took {results['seconds']:.1f}s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Score nestor on the held-out ACLED-style and wire sets in bench/heldout/.",
        epilog="Scores are described in bench/heldout/README.md. Progress goes to stderr.",
    )
    ap.add_argument("--rules-only", action="store_true", help="turn the learned event-type layer off")
    ap.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    ap.add_argument("--set", choices=("acled", "wire", "both"), default="both", help="which set to score")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N items of each set")
    ap.add_argument("--actual-only", action="store_true", help="count only records whose realis is 'actual'")
    ap.add_argument("--dump", type=Path, default=None, help="write every item with its predictions (JSONL)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)

    names = ("acled", "wire") if args.set == "both" else (args.set,)
    data = {name: load_items(SETS[name])[: args.limit] for name in names}
    start = time.monotonic()
    if not args.quiet:
        print("loading the coder ...", file=sys.stderr)
    code = make_coder(args.rules_only)
    results: dict[str, Any] = {
        "mode": ("rules only" if args.rules_only else "rules + learned layer")
        + (", actual realis only" if args.actual_only else "")
    }
    dump: list[dict[str, Any]] = []
    for name in names:
        preds = code_items(data[name], code, name, progress=not args.quiet)
        if args.actual_only:
            preds = only_actual(preds)
        results[name] = SCORERS[name](data[name], preds)
        dump += [{"set": name, **it, "pred": preds[it["id"]]} for it in data[name]]
    results["seconds"] = round(time.monotonic() - start, 1)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in dump)
    if args.format == "json":
        print(json.dumps(results, indent=2))
    else:
        print(format_text(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
