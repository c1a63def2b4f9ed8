"""The training corpus: news-style sentences with their event triggers marked inline.

One sentence (or headline) per line; ``#`` starts a comment line. Every word or phrase that tells an
event is marked ``[words|TYPE]`` or ``[words|TYPE|mode]``; every other verb and event noun of the
sentence counts as no event (NONE). A line with no marks is a sentence with no event at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MARK = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)(?:\|([a-z-]+))?\]")


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int  # character offsets in the clean sentence
    end: int
    type: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    triggers: tuple[Trigger, ...]
    source: str  # file:line

    @property
    def has_event(self) -> bool:
        return bool(self.triggers)


class CorpusError(InputError):
    code = "bad_training_line"


def parse_line(line: str, source: str, types: frozenset[str], modes: dict[str, frozenset[str]]) -> Sentence:
    """One marked line as a clean sentence with its triggers; CorpusError names ``source`` on bad marks."""
    out: list[str] = []
    triggers: list[Trigger] = []
    pos = 0
    length = 0
    for m in MARK.finditer(line):
        chunk = line[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        words, etype, mode = m.group(1), m.group(2), m.group(3)
        if etype not in types:
            raise CorpusError(f"unknown type {etype!r} in {m.group(0)!r}", source)
        if mode is not None and mode not in modes.get(etype, frozenset()):
            raise CorpusError(f"{etype} has no mode {mode!r}", source)
        triggers.append(Trigger(length, length + len(words), etype, mode))
        out.append(words)
        length += len(words)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if any(c in text for c in "[]|"):
        raise CorpusError("a stray '[', ']' or '|' outside a well-formed mark", source)
    return Sentence(text, tuple(triggers), source)


def read_corpus(
    paths: Iterable[Path], types: frozenset[str], modes: dict[str, frozenset[str]]
) -> Iterator[Sentence]:
    """Every sentence of the given files, in file and line order."""
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, start=1):
                line = raw.strip()
                if line and not line.startswith("#"):
                    yield parse_line(line, f"{path.name}:{n}", types, modes)
