#!/usr/bin/env python3
"""Throughput of nestor's coding pipeline against bare spaCy, on the same texts, in one run.

The corpus is the seed reports (``shared/gold/seed-documents.jsonl``) and the sentences of the PLOVER
gold-standard records (``shared/dev/plover-gsr.json``, ``DOCUMENT`` records skipped), repeated until it
holds at least ``--words`` words; without ``shared/`` it is the sample corpus in ``samples/``.

Phases, each in a fresh child process so that its memory figures are its own:

* ``bare``  -- ``nlp.pipe(texts, n_process=workers, batch_size=...)`` with the same spaCy pipeline
  (``nestor.nlp.build_nlp(settings.model)``): the floor nestor cannot beat.
* ``full``  -- ``nestor.pipeline.code_documents(docs, settings)`` with ``workers`` processes: parsing plus
  everything nestor does per document (the learned event-type layer on), without writing the store.
* ``rules`` -- the same with the learned layer off (``event_model="off"``): what the model costs.
* ``store`` -- only with ``--store``: the real CLI, ``nestor ingest CORPUS.jsonl --db TMP.db``, timed from
  the outside (process start and model loading included).

In ``bare`` and ``full`` the model is loaded before the clock starts. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "kazakhstan-2022" / "reports.jsonl"
DOC_FIELDS = ("title", "url", "published", "publication", "language")


def core_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _doc(record: dict[str, Any], id_: str) -> dict[str, Any]:
    d = {"id": id_, "text": record["text"]}
    d.update({k: record[k] for k in DOC_FIELDS if record.get(k)})
    return d


def load_base(shared: Path | None) -> tuple[list[dict[str, Any]], str]:
    """The documents before repetition, and a line saying where they came from."""
    if shared is not None:
        seeds = [_doc(r, str(r["id"])) for r in _read_jsonl(shared / "gold" / "seed-documents.jsonl")]
        gsr = [
            _doc(r, str(r["id"]))
            for r in json.loads((shared / "dev" / "plover-gsr.json").read_text(encoding="utf-8"))
            if r.get("event") != "DOCUMENT" and r.get("text")
        ]
        return seeds + gsr, f"{shared}: {len(seeds)} seed reports + {len(gsr)} PLOVER GSR sentences"
    sample = [_doc(r, str(r["id"])) for r in _read_jsonl(SAMPLE)]
    return sample, f"{SAMPLE.relative_to(REPO)}: {len(sample)} sample reports (no shared/ found)"


def build_corpus(base: list[dict[str, Any]], min_words: int) -> list[dict[str, Any]]:
    """``base`` repeated (ids made unique) until the corpus holds at least ``min_words`` words."""
    if not base:
        raise SystemExit("bench: the corpus is empty")
    out: list[dict[str, Any]] = []
    words = 0
    rep = 0
    while words < min_words:
        for d in base:
            out.append({**d, "id": f"{d['id']}~{rep}" if rep else d["id"]})
            words += len(d["text"].split())
        rep += 1
    return out


def _peak_rss_mib() -> dict[str, float]:
    """ru_maxrss of this process and of its largest waited-for descendant (KiB on Linux, bytes on macOS)."""
    unit = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
    return {
        "self_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit, 1),
        "largest_child_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * unit, 1),
    }


# ---------------------------------------------------------------- phases (each runs in its own process)


def phase_bare(docs: list[dict[str, Any]], model: str, workers: int, batch_size: int) -> dict[str, Any]:
    from nestor.nlp import build_nlp

    t0 = time.perf_counter()
    nlp = build_nlp(model)
    load_s = time.perf_counter() - t0
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers, batch_size=batch_size))
    return {"seconds": time.perf_counter() - t0, "model_load_s": load_s, "tokens": tokens}


def phase_full(
    docs: list[dict[str, Any]], model: str, workers: int, batch_size: int, event_model: str = "on"
) -> dict[str, Any]:
    from nestor.models import Document
    from nestor.pipeline import code_documents, get_coder
    from nestor.settings import load_settings

    settings = load_settings(model=model, workers=workers, batch_size=batch_size, event_model=event_model)
    t0 = time.perf_counter()
    get_coder(settings)  # load before the clock; forked workers inherit it
    load_s = time.perf_counter() - t0
    documents = [Document(**d) for d in docs]
    t0 = time.perf_counter()
    done = events = 0
    for coded in code_documents(documents, settings):
        done += 1
        events += len(coded.records)
    return {
        "seconds": time.perf_counter() - t0,
        "model_load_s": load_s,
        "documents_out": done,
        "events": events,
    }


def phase_store(corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, Any]:
    exe = Path(sys.executable).with_name("nestor")
    cmd = [
        str(exe) if exe.exists() else "nestor",
        "ingest",
        str(corpus),
        "--db",
        str(corpus.with_suffix(".db")),
    ]
    env = {
        **os.environ,
        "NESTOR_MODEL": model,
        "NESTOR_WORKERS": str(workers),
        "NESTOR_BATCH_SIZE": str(batch_size),
    }
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    result: dict[str, Any] = {"seconds": time.perf_counter() - t0, "exit_code": proc.returncode}
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout or "no output").strip().splitlines()
        result["error"] = lines[-1][-300:]
    return result


PHASES = {
    "bare": "bare nlp.pipe",
    "full": "full code_documents",
    "rules": "full, learned layer off",
    "store": "nestor ingest (CLI+store)",
}


def run_phase(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    if args.phase == "store":
        result = phase_store(corpus, args.model, args.workers, args.batch_size)
    else:
        docs = list(_read_jsonl(corpus))
        if args.phase == "bare":
            result = phase_bare(docs, args.model, args.workers, args.batch_size)
        else:
            on = "off" if args.phase == "rules" else "on"
            result = phase_full(docs, args.model, args.workers, args.batch_size, on)
    result["peak_rss"] = _peak_rss_mib()
    print(json.dumps(result))


def spawn_phase(name: str, corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        name,
        "--corpus",
        str(corpus),
        "--model",
        args.model,
        "--workers",
        str(args.workers),
        "--batch-size",
        str(args.batch_size),
    ]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": f"phase {name} exited with {proc.returncode} (its messages are above)"}
    return json.loads(lines[-1])


# ---------------------------------------------------------------- driver


def default_settings() -> tuple[str, int]:
    try:
        from nestor.settings import load_settings
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))
        from nestor.settings import load_settings
    s = load_settings()
    return s.model, s.batch_size


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    model, batch_size = default_settings()
    p = argparse.ArgumentParser(
        description="Benchmark nestor's full coding pipeline against bare spaCy nlp.pipe on the same texts.",
        epilog="Memory is ru_maxrss: the peak of the phase's main process, and of its largest single "
        "worker (RUSAGE_CHILDREN is a maximum over children, not a sum). See bench/README.md.",
    )
    p.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the shared/ folder (default: ../shared beside the repo; sample corpus if absent)",
    )
    p.add_argument("--words", type=int, default=60_000, help="repeat the texts to at least this many words")
    p.add_argument(
        "--workers",
        type=int,
        default=core_count(),
        help="processes for both phases (default: the cores this process may use)",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=batch_size,
        help="documents per batch, for nlp.pipe and for nestor's workers (default: nestor's setting)",
    )
    p.add_argument("--model", default=model, help="spaCy pipeline package (default: nestor's setting)")
    p.add_argument(
        "--store",
        action="store_true",
        help="also time `nestor ingest` into a temporary SQLite store (store writes included)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--phase", choices=tuple(PHASES), help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.workers < 1 or args.batch_size < 1 or args.words < 1:
        p.error("--workers, --batch-size and --words must be at least 1")
    return args


def resolve_shared(arg: Path | None) -> Path | None:
    if arg is not None:
        if not (arg / "dev" / "plover-gsr.json").is_file():
            raise SystemExit(f"bench: {arg} has no dev/plover-gsr.json")
        return arg
    default = REPO.parent / "shared"
    return default if (default / "dev" / "plover-gsr.json").is_file() else None


def report(res: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(res, indent=2))
        return
    c = res["corpus"]
    print(
        f"nestor coding benchmark: {res['workers']} worker(s) on {res['cores']} core(s), "
        f"model {res['model']}, batch size {res['batch_size']}"
    )
    print(f"corpus: {c['source']}; x{c['repeats']} = {c['documents']:,} documents, {c['words']:,} words")
    print()
    head = (
        f"{'phase':<28}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'events':>8}{'RSS main':>11}"
        f"{'RSS worker':>12}"
    )
    print(head)
    print("-" * len(head))
    for name, r in res["phases"].items():
        if "error" in r:
            print(f"{PHASES[name]:<28} failed: {r['error']}")
            continue
        rss = r["peak_rss"]
        print(
            f"{PHASES[name]:<28}{r['seconds']:>9.2f}{r['articles_per_s']:>12.1f}{r['words_per_s']:>10.0f}"
            f"{r.get('events', ''):>8}{rss['self_mib']:>8.0f}MiB{rss['largest_child_mib']:>9.0f}MiB"
        )
    ratio = res.get("ratio_full_over_bare")
    if ratio:
        print()
        print(f"full/bare: {ratio['seconds']:.2f}x the time ({ratio['words_per_s']:.2f}x the throughput)")
    print()
    print(
        "RSS main = ru_maxrss of the phase's own process (RUSAGE_SELF); RSS worker = ru_maxrss of its "
        "largest single child process (RUSAGE_CHILDREN, a maximum, not a sum). Model loading is "
        "outside the timed part of bare and full."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        run_phase(args)
        return 0
    shared = resolve_shared(args.shared)
    base, source = load_base(shared)
    docs = build_corpus(base, args.words)
    words = sum(len(d["text"].split()) for d in docs)
    res: dict[str, Any] = {
        "cores": core_count(),
        "workers": args.workers,
        "batch_size": args.batch_size,
        "model": args.model,
        "corpus": {
            "source": source,
            "repeats": -(-len(docs) // len(base)),
            "documents": len(docs),
            "words": words,
        },
        "phases": {},
    }
    with tempfile.TemporaryDirectory(prefix="nestor-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        for name in ("bare", "full", "rules", "store") if args.store else ("bare", "full", "rules"):
            r = spawn_phase(name, corpus, args)
            if "seconds" in r and r.get("exit_code", 0) == 0:
                r["articles_per_s"] = len(docs) / r["seconds"]
                r["words_per_s"] = words / r["seconds"]
            elif "error" not in r:
                r["error"] = f"exit code {r.get('exit_code')}"
            res["phases"][name] = r
    bare, full = res["phases"]["bare"], res["phases"]["full"]
    if "error" not in bare and "error" not in full:
        res["ratio_full_over_bare"] = {
            "seconds": full["seconds"] / bare["seconds"],
            "words_per_s": full["words_per_s"] / bare["words_per_s"],
        }
    report(res, args.format)
    return 1 if any("error" in r for r in res["phases"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
