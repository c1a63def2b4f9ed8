"""Discrepancies as the terminal and CSV show them: the values that differ first, then what they count,
then who says what (outlet, claimant, date). JSONL keeps each discrepancy whole, with every figure's
evidence (outlet, claimant, date, sentence)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..export import Column

COLUMNS = (
    Column("differ", "values that differ", 34),
    Column("what", "what", 34),
    Column("says", "who says what (claimant, date)"),
    Column("kind", "kind", 6),
)


def figure_value(f: dict[str, Any]) -> str:
    """A figure as a number, with the qualifier the report gives ("at least 6", "4,404")."""
    qualifier = f.get("qualifier") or ""
    return f"{qualifier} {f['value']:,}".strip() if isinstance(f.get("value"), int) else str(f.get("written"))


def differing_values(d: dict[str, Any]) -> str:
    """The distinct values, most reported first ("at least six ×2 ≠ Four ≠ Eight ≠ seven")."""
    counts: Counter[str] = Counter()
    figures = d.get("figures")
    if figures:
        counts.update(figure_value(f) for f in figures)
    else:
        counts.update(str(v) for v in (d.get("values") or {}).values())
    parts = [f"{v} ×{n}" if n > 1 else v for v, n in counts.most_common()]
    return " ≠ ".join(parts)


def who_says_what(d: dict[str, Any]) -> str:
    figures = d.get("figures")
    if figures:
        cells = []
        for f in figures:
            about = ", ".join(x for x in (f.get("claimant"), f.get("date")) if x)
            outlet = f["outlet"] + (f" via {f['derived_from']}" if f.get("derived_from") else "")
            cells.append(f"{outlet}: {f['written']}" + (f" ({about})" if about else ""))
        return " | ".join(cells)
    values = d.get("values") or {}
    return " | ".join(f"{o}: {values.get(doc)}" for doc, o in zip(d["documents"], d["outlets"], strict=True))


def table_rows(discrepancies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per discrepancy for the table and CSV: number discrepancies first, most reports first."""
    order = {"number": 0, "date": 1, "role": 2, "list": 3}
    rows = sorted(discrepancies, key=lambda d: (order.get(d["kind"], 9), -len(d["documents"]), d["what"]))
    out = []
    for d in rows:
        says = who_says_what(d)
        out.append({**d, "differ": differing_values(d), "says": says, "values": says})
    return out
