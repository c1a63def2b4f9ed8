"""The team's two coder metrics, implemented here from their definitions (the docstrings of
``shared/eval/score_events.py`` and ``shared/eval/score_gsr.py``), so the golden tests can score records
in-process.

Seed reports (:func:`score_seeds`)
    A prediction belongs to a gold event when it comes from the same document and its sentence contains
    the gold text. It matches on *type* when its first event type is the gold type or one of the gold's
    alternatives, and *fully* when, besides, every country code the gold gives for actor and recipient is
    among the prediction's (sector too where the gold gives one). Over the core gold events:
    ``recall_type``, ``recall_full``; the date and realis of the best match (a full match before a type
    match) give ``date_acc`` (over golds with a date; a partial gold date is a prefix, a full one allows
    ``date_window_days``, default 1) and ``realis_acc`` (over type matches; "asserted" and "reported"
    mean actual). ``precision_annotated``: of the predictions that sit in any gold sentence, the share
    that type-match a gold event there; ``f1_full`` combines it with ``recall_full``.
    ``wrongly_asserted``: predictions coded as actual, of a listed type, in a sentence the gold says does
    not assert it.

PLOVER gold-standard records (:func:`score_gsr`)
    One gold event per sentence; old labels map to new ones (DEMAND→REQUEST, DISAPPROVE→ACCUSE,
    FIGHT→ASSAULT, INVESTIGATE→ACCUSE). ``type_recall``: sentences where some prediction has the gold
    type first; ``full_recall``: and for one of them the gold source codes are among its actor codes and
    the gold target codes among its recipient codes (UNO and EUR count as IGO, which the gold predates;
    for reciprocal SRC/TAR markup, all gold codes among actor and recipient together). ``macro_f1``:
    per gold type, precision = sentences hit / predictions of that type in these sentences, recall =
    sentences hit / gold sentences; F1s averaged over the gold types. Unlike the shared script, a record
    whose ``textInfo`` is a plain string (one in the file) is read as its markup instead of crashing.

Both functions take predictions as the JSON dicts the export writes (``EventRecord.to_dict()``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
GSR_CODE_ALIASES = {"UNO": "IGO", "EUR": "IGO"}
STATUS_REALIS = {"asserted": "actual", "reported": "actual"}


# ---------------------------------------------------------------------- reading predictions
def _as_list(value: Any) -> list[Any]:
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


def citation(pred: Mapping[str, Any]) -> str:
    cite = pred.get("cite_info") or {}
    return str(cite.get("citation") or pred.get("doc_id") or cite.get("doc_id") or "")


def sentence(pred: Mapping[str, Any]) -> str:
    text = pred.get("text")
    if isinstance(text, list):
        text = " ".join(text)
    return text or ""


def first_type(pred: Mapping[str, Any]) -> str | None:
    types = _as_list(pred.get("event"))
    return types[0] if types else None


def realis(pred: Mapping[str, Any]) -> str:
    modality = pred.get("modality")
    value = modality.get("realis") if isinstance(modality, dict) else None
    return value or pred.get("realis") or "actual"


# ---------------------------------------------------------------------- seed reports
def _entities_cover(gold: Any, pred: Any) -> bool:
    """Every gold entity's code (and sector, where the gold gives one) is among the predicted ones."""
    predicted = [(str(e.get("code", "")).upper(), str(e.get("sector", "")).upper()) for e in _as_list(pred)]
    for g in _as_list(gold):
        if "sector" in g:
            if (g["code"], g["sector"]) not in predicted:
                return False
        elif g["code"] not in {code for code, _ in predicted}:
            return False
    return True


def _date_right(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool | None:
    """None when the gold has no date; else whether the prediction's date agrees with it."""
    want, got = gold.get("date"), pred.get("date")
    if not want:
        return None
    if not got:
        return False
    if len(want) < 10:
        return str(got).startswith(want)
    try:
        days = abs((dt.date.fromisoformat(want) - dt.date.fromisoformat(str(got)[:10])).days)
    except ValueError:
        return False
    return days <= gold.get("date_window_days", 1)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def score_seeds(
    gold: list[Mapping[str, Any]], cases: Mapping[str, Any], preds: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    preds = list(preds)
    doc_preds: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(preds):
        doc_preds[citation(p)].append(i)

    def in_sentence(doc: str, text: str) -> list[int]:
        return [i for i in doc_preds.get(doc, []) if text in sentence(preds[i])]

    def type_of(g: Mapping[str, Any]) -> set[str]:
        return {g["event"], *g.get("event_alt", [])}

    in_gold: set[int] = set()
    n_core = type_hits = full_hits = dated = date_hits = realis_hits = 0
    for g in gold:
        here = in_sentence(g["doc"], g["text"])
        in_gold.update(here)
        if not g["core"]:
            continue
        n_core += 1
        typed = [i for i in here if first_type(preds[i]) in type_of(g)]
        full = [
            i
            for i in typed
            if _entities_cover(g.get("actor"), preds[i].get("actor"))
            and _entities_cover(g.get("recipient"), preds[i].get("recipient"))
        ]
        if not typed:
            continue
        type_hits += 1
        full_hits += bool(full)
        best = preds[(full or typed)[0]]
        right = _date_right(g, best)
        if right is not None:
            dated += 1
            date_hits += right
        realis_hits += realis(best) == STATUS_REALIS.get(g["status"], g["status"])

    correct = sum(
        any(
            g["doc"] == citation(preds[i])
            and g["text"] in sentence(preds[i])
            and first_type(preds[i]) in type_of(g)
            for g in gold
        )
        for i in in_gold
    )
    wrongly_asserted = sum(
        1
        for case in cases.get("not_asserted", [])
        for i in in_sentence(case["doc"], case["text"])
        if realis(preds[i]) == "actual" and first_type(preds[i]) in case["types"]
    )
    recall_type = _ratio(type_hits, n_core)
    recall_full = _ratio(full_hits, n_core)
    precision = _ratio(correct, len(in_gold))
    f1 = _ratio(2 * precision * recall_full, precision + recall_full)
    return {
        "events_predicted": len(preds),
        "core_gold": n_core,
        "recall_type": round(recall_type, 3),
        "recall_full": round(recall_full, 3),
        "precision_annotated": round(precision, 3),
        "f1_full": round(f1, 3),
        "date_acc": round(_ratio(date_hits, dated), 3),
        "realis_acc": round(realis_hits / max(1, type_hits), 3),
        "wrongly_asserted": wrongly_asserted,
    }


# ---------------------------------------------------------------------- PLOVER gold-standard records
def gsr_items(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The event records of the GSR file (its DOCUMENT header left out). The file has one id on two
    different sentences: as in ``score_gsr.py``, the second copy's id gets ``-b``."""
    out: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    for r in records:
        if r.get("event") in (None, "DOCUMENT"):
            continue
        if r["id"] in seen:
            r = {**r, "id": f"{r['id']}-b"}
        seen.add(r["id"])
        out.append(r)
    return out


def _codes(entities: Any, aliases: Mapping[str, str] | None = None) -> set[str]:
    out = set()
    for e in _as_list(entities):
        if isinstance(e, dict) and e.get("code"):
            code = str(e["code"]).upper()[:3]
            out.add((aliases or {}).get(code, code))
    return out


def _markup(record: Mapping[str, Any]) -> str:
    info = record.get("textInfo")
    if isinstance(info, dict):
        return str(info.get("markup", ""))
    return info if isinstance(info, str) else ""


def _f1(p: float, r: float) -> float:
    return _ratio(2 * p * r, p + r)


def score_gsr(records: Iterable[Mapping[str, Any]], preds: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    preds = list(preds)
    by_sentence: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in preds:
        by_sentence[str((p.get("cite_info") or {}).get("citation"))].append(p)
    gold_n: Counter[str] = Counter()
    gold_hit: Counter[str] = Counter()
    predicted: Counter[str | None] = Counter()
    n = hits = full = 0
    for r in gsr_items(records):
        want = OLD_LABELS.get(r["event"], r["event"])
        n += 1
        gold_n[want] += 1
        events = by_sentence.get(r["id"], [])
        predicted.update(first_type(e) for e in events)
        matching = [e for e in events if first_type(e) == want]
        if not matching:
            continue
        hits += 1
        gold_hit[want] += 1
        source = _codes(r.get("source"))
        target = _codes(r["target"]) if isinstance(r.get("target"), list) else set()
        reciprocal = "SRC/TAR" in _markup(r)
        for e in matching:
            actor = _codes(e.get("actor"), GSR_CODE_ALIASES)
            recipient = _codes(e.get("recipient"), GSR_CODE_ALIASES)
            if (source <= actor and target <= recipient) or (
                reciprocal and source | target <= actor | recipient
            ):
                full += 1
                break
    f1s = [_f1(_ratio(gold_hit[t], predicted[t]), gold_hit[t] / gold_n[t]) for t in gold_n]
    return {
        "sentences": n,
        "type_recall": round(_ratio(hits, n), 3),
        "full_recall": round(_ratio(full, n), 3),
        "macro_f1": round(_ratio(sum(f1s), len(f1s)), 3),
        "events": len(preds),
    }
