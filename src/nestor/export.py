"""Writing events, documents and log lines as JSONL, CSV or a table for the terminal.

* ``jsonl``: one JSON object per line; for events, exactly the stored output-contract record.
* ``csv``: one flat row per item; an event's lists (types, actors ...) are joined with ``;`` and its
  entities' codes, sectors and texts stay aligned position by position (an unknown sector is empty).
* ``table``: fixed-width columns that fit the terminal, long cells cut with ``…``, and a count footer.
"""

from __future__ import annotations

import csv
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from .export_schema import COLUMN_NAMES, EVENT_COLUMNS
from .store.rows import dumps

FORMATS = ("table", "jsonl", "csv")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    max_width: int | None = None  # None: this column takes the width left over (the sentence, a title)
    align: str = "<"
    keep_end: bool = False  # cut a long cell at its start (file paths: the name and line matter most)


# -- events ----------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = COLUMN_NAMES  # see nestor.export_schema and docs/export-schema.md

EVENT_TABLE: tuple[Column, ...] = (
    Column("date", "date", 10),
    Column("event", "event", 18),
    Column("actor", "actor", 18),
    Column("recipient", "recipient", 18),
    Column("realis", "realis", 8),
    Column("claimant", "said by", 12),
    Column("document_id", "document", 22),
    Column("text", "sentence"),
)


def _join(values: Iterable[Any]) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def flatten_event(record: dict[str, Any]) -> dict[str, Any]:
    """An event record as one flat row (the CSV columns, plus ``actor``/``recipient``/``claimant`` labels)."""
    row: dict[str, Any] = {}
    for column in EVENT_COLUMNS:
        value = column.get(record)
        row[column.name] = _join(value) if column.type.startswith("list") else value
    # labels for the table: "KAZ GOV; RUS"
    claimant = (record.get("attribution") or {}).get("claimant") or {}
    row["actor"] = "; ".join(_entity_label(e) for e in record.get("actor") or [])
    row["recipient"] = "; ".join(_entity_label(e) for e in record.get("recipient") or [])
    row["claimant"] = _entity_label(claimant) if claimant else None
    return row


def _entity_label(entity: dict[str, Any]) -> str:
    parts = [entity.get("code"), entity.get("sector")]
    label = " ".join(p for p in parts if p)
    return label or str(entity.get("identifier_text") or entity.get("entity_text") or "?")


def write_events(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    total: int | None = None,
    width: int | None = None,
) -> int:
    """Writes event records in ``fmt``; returns how many. ``total`` (all matches, when the output is a
    page of them) goes into the table's footer."""
    if fmt == "jsonl":
        n = 0
        for record in records:
            out.write(dumps(record) + "\n")
            n += 1
        return n
    rows = (flatten_event(r) for r in records)
    if fmt == "csv":
        return write_csv(rows, CSV_COLUMNS, out)
    return write_table(rows, EVENT_TABLE, out, noun="event", total=total, width=width)


# -- any rows --------------------------------------------------------------------------------------


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    columns: Sequence[Column],
    noun: str,
    width: int | None = None,
) -> int:
    """Writes plain rows (documents, log lines): JSONL of the whole row, or CSV/table of ``columns``."""
    if fmt == "jsonl":
        n = 0
        for row in rows:
            out.write(dumps(row) + "\n")
            n += 1
        return n
    if fmt == "csv":
        return write_csv(rows, [c.key for c in columns], out)
    return write_table(rows, columns, out, noun=noun, width=width)


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


# -- the terminal table ----------------------------------------------------------------------------


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (wide CJK characters count two, combining marks none)."""
    return sum(_char_width(ch) for ch in text)


def truncate(text: str, width: int, keep_end: bool = False) -> str:
    """``text`` cut to ``width`` terminal columns, ending in ``…`` when cut (starting with it when
    ``keep_end``)."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in reversed(text) if keep_end else text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "…" + "".join(reversed(out)) if keep_end else "".join(out) + "…"


def _pad(text: str, width: int, align: str) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if align == ">" else text + gap


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())  # one line: newlines and runs of spaces become one space


def write_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    out: TextIO,
    noun: str,
    total: int | None = None,
    width: int | None = None,
) -> int:
    """Writes ``rows`` as a fixed-width table ``width`` columns wide (the terminal's by default)."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[_cell(row.get(c.key)) for c in columns] for row in rows]
    widths = []
    for i, c in enumerate(columns):
        natural = max([display_width(c.header), *(display_width(r[i]) for r in cells)])
        widths.append(min(natural, c.max_width) if c.max_width else natural)
    excess = sum(widths) + 2 * (len(columns) - 1) - width
    for i, c in enumerate(columns):
        if excess > 0 and c.max_width is None:
            floor = max(display_width(c.header), 12)
            cut = min(excess, max(0, widths[i] - floor))
            widths[i] -= cut
            excess -= cut

    def line(values: Sequence[str]) -> str:
        parts = [
            _pad(truncate(v, w, c.keep_end), w, c.align)
            for v, w, c in zip(values, widths, columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    n = len(cells)
    if n:
        out.write(line([c.header for c in columns]) + "\n")
        out.write(line(["-" * w for w in widths]) + "\n")
        for r in cells:
            out.write(line(r) + "\n")
    many = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    plural = noun if n == 1 and (total is None or total == 1) else many
    if total is not None and total != n:
        out.write(f"{n} of {total} {plural}\n")
    else:
        out.write(f"{n} {plural}\n")
    return n
