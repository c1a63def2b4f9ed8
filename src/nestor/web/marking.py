"""A report's text cut into segments, each knowing which coded events' sentences cover it.

The dashboard draws the segments as text nodes (marked ones inside ``<mark>``), so the report is never
parsed as HTML, whatever it contains.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def segments(text: str, spans: Iterable[tuple[str, int | None, int | None]]) -> list[dict[str, Any]]:
    """``text`` cut at every span boundary: ``[{"start", "end", "text", "events": [ids]}]`` in order.

    ``spans`` are ``(event id, start, end)`` character offsets; spans without offsets, empty or outside the
    text are ignored; overlapping spans give segments covered by several events.
    """
    n = len(text)
    good = [(eid, s, e) for eid, s, e in spans if s is not None and e is not None and 0 <= s < e <= n]
    cuts = sorted({0, n, *(s for _, s, _ in good), *(e for _, _, e in good)})
    out: list[dict[str, Any]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        ids = [eid for eid, s, e in good if s <= start and end <= e]
        out.append({"start": start, "end": end, "text": text[start:end], "events": ids})
    return out
