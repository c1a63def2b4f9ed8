"""PLOVER and CAMEO tables: event types with quad codes and scores, modes, contexts, CAMEO→PLOVER.

The tables live in ``nestor/data/coding`` (``plover_types.tsv``, ``plover_contexts.txt``, ``cameo.tsv``);
this module reads them once and answers questions about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("nestor") / "data" / "coding"))


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a TSV data file, skipping comments, blank lines and the header row."""
    rows: list[list[str]] = []
    header_seen = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            rows.append(line.split("\t"))
    return rows


def read_words(path: Path) -> frozenset[str]:
    """The lowercase entries of a one-word-or-phrase-a-line data file, without comments and blank lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.lstrip().startswith("#"))


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: int
    base_score: float
    modes: dict[str, float]


@dataclass(frozen=True, slots=True)
class CameoEntry:
    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]


class Ontology:
    """The PLOVER types/modes/contexts and the CAMEO→PLOVER table."""

    def __init__(self, data: Path = DATA) -> None:
        self.types: dict[str, EventType] = {}
        for row in read_tsv(data / "plover_types.tsv"):
            name, quad, base = row[0], int(row[1]), float(row[2])
            modes: dict[str, float] = {}
            if len(row) > 3 and row[3]:
                for item in row[3].split("|"):
                    mode, score = item.split(":")
                    modes[mode] = float(score)
            self.types[name] = EventType(name, quad, base, modes)
        self.contexts: frozenset[str] = frozenset(
            line.strip()
            for line in (data / "plover_contexts.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
        self.cameo: dict[str, CameoEntry] = {}
        for row in read_tsv(data / "cameo.tsv"):
            row += [""] * (4 - len(row))
            code, etype, mode, ctx = row[:4]
            contexts = tuple(c for c in ctx.split("|") if c)
            self.cameo[code] = CameoEntry(code, etype, mode or None, contexts)
        self.type_codes: dict[str, str] = {t: c for t, c in read_tsv(data / "type_codes.tsv")}

    def entry(self, code: str) -> CameoEntry:
        """The CAMEO entry for ``code``, falling back to its parent codes (``1724`` → ``172`` → ``17x``)."""
        c = code
        while c:
            if c in self.cameo:
                return self.cameo[c]
            c = c[:-1]
        raise KeyError(f"unknown CAMEO code {code!r}")

    def code_for(self, event_type: str, mode: str | None = None) -> str:
        """The CAMEO code of a type (and mode, where cameo.tsv has one) for events no lexicon row names:
        the mode's most general code, else the type's default (``type_codes.tsv``)."""
        if mode:
            codes = [e.code for e in self.cameo.values() if e.type == event_type and e.mode == mode]
            if codes:
                return min(codes, key=lambda c: (len(c), c))
        return self.type_codes[event_type]

    def quad(self, event_type: str) -> int:
        return self.types[event_type].quad

    def score(self, event_type: str, mode: str | None) -> float:
        t = self.types[event_type]
        if mode and mode in t.modes:
            return t.modes[mode]
        return t.base_score

    def valid_mode(self, event_type: str, mode: str | None) -> str | None:
        if mode and mode in self.types[event_type].modes:
            return mode
        return None


@lru_cache(maxsize=1)
def get_ontology() -> Ontology:
    return Ontology()
