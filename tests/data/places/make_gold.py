"""Turns corpus.txt (documents with [surface|spec] place marks) into gold.jsonl.

Run from the repository root: ``.venv/bin/python tests/data/places/make_gold.py``. Each spec names the
place the writer meant (see corpus.txt's header); this script only looks up its GeoNames id, level and
point in the gazetteer, and fails naming corpus.txt:line when a spec matches nothing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from nestor.resolve.gazetteer import GeoIndex, GeoRecord, get_index

HERE = Path(__file__).parent
MARK = re.compile(r"\[([^|\]]+)\|([^\]]+)\]")
SPEC = re.compile(r"^(?P<name>[^@]*)@(?P<cc>[A-Z]{2})(?:\.(?P<code>[A-Z0-9]+))?(?::(?P<level>\w+))?$")


def resolve_spec(index: GeoIndex, surface: str, spec: str) -> GeoRecord | None:
    if spec == "gn:-1":
        return None
    if spec.startswith("gn:"):
        rec = index.by_geonameid(int(spec[3:]))
        if rec is None:
            raise ValueError(f"no GeoNames id {spec}")
        return rec
    if re.fullmatch(r"[A-Z]{2}", spec):
        rec = next((c for c in index.countries() if c.cc2 == spec), None)
    elif re.fullmatch(r"[A-Z]{2}\.[A-Z0-9]+", spec):
        rec = index.admin1(spec)
    else:
        m = SPEC.match(spec)
        if m is None:
            raise ValueError(f"bad spec {spec!r}")
        rec = index.find(m["name"] or surface, m["cc"], m["code"], m["level"] or "place")
    if rec is None:
        raise ValueError(f"nothing matches {spec!r} for {surface!r}")
    return rec


def documents(path: Path) -> list[tuple[str, int, list[str]]]:
    docs: list[tuple[str, int, list[str]]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("=== "):
            docs.append((line[4:].strip(), n + 1, []))
        elif docs:
            docs[-1][2].append(line)
    return docs


def main(argv: list[str] | None = None) -> int:
    """``make_gold.py [CORPUS [OUT]]``: corpus.txt -> gold.jsonl by default (heldout.txt -> heldout.jsonl)."""
    args = sys.argv[1:] if argv is None else argv
    source = HERE / (args[0] if args else "corpus.txt")
    target = HERE / (args[1] if len(args) > 1 else "gold.jsonl")
    index = get_index()
    out = []
    errors = []
    for doc_id, first_line, lines in documents(source):
        text_parts: list[str] = []
        gold = []
        pos = 0
        for k, line in enumerate(lines):
            last = 0
            for m in MARK.finditer(line):
                text_parts.append(line[last : m.start()])
                pos += m.start() - last
                surface, spec = m.group(1), m.group(2)
                try:
                    rec = resolve_spec(index, surface, spec)
                except ValueError as exc:
                    errors.append(f"{source.name}:{first_line + k}: {exc}")
                    rec = None
                gold.append(
                    {
                        "start": pos,
                        "end": pos + len(surface),
                        "text": surface,
                        "spec": spec,
                        "key": rec.key if rec else None,
                        "geonameid": rec.geonameid if rec else None,
                        "name": rec.name if rec else None,
                        "country_code": rec.cc3 if rec else None,
                        "lat": rec.lat if rec else None,
                        "lon": rec.lon if rec else None,
                        "precision": rec.precision if rec else None,
                    }
                )
                text_parts.append(surface)
                pos += len(surface)
                last = m.end()
            text_parts.append(line[last:] + "\n")
            pos += len(line) - last + 1
        text = "".join(text_parts).strip("\n") + "\n"
        for g in gold:
            assert text[g["start"] : g["end"]] == g["text"], (doc_id, g)
        out.append({"id": doc_id, "text": text, "places": gold})
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    with target.open("w", encoding="utf-8") as fh:
        for d in out:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(out)} documents, {sum(len(d['places']) for d in out)} place mentions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
