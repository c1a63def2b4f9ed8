#!/usr/bin/env python3
"""Time and peak memory of coding one long document, at several lengths (default 100k, 400k, 1M characters).

Coding should grow linearly with a document's length: the seconds per 100,000 characters should stay
about flat from one size to the next. A per-sentence step that rebuilds something the size of the whole
document (``Doc.text``, ``Span.ents``) makes them grow with the length instead.

The text is the sample reports (``samples/kazakhstan-2022/*.jsonl``) joined by blank lines and repeated
until the size is reached, cut at the last whitespace before it. Each size is coded in a fresh child
process, so that its peak memory is its own: the coder is loaded first (not timed), then
``nestor.pipeline.code_documents([document], settings)`` runs with one worker. A size that takes longer
than ``--timeout`` seconds is stopped and reported as such. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kazakhstan-2022"
DEFAULT_SIZES = "100000,400000,1000000"


def build_text(size: int) -> str:
    """``size`` characters (or a little fewer: the text ends on a whole word) of sample reports."""
    texts: list[str] = []
    for path in sorted(SAMPLES.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"].strip() for line in fh if line.strip())
    if not texts:
        raise SystemExit(f"bench: no sample reports in {SAMPLES}")
    parts: list[str] = []
    length = 0
    while length < size:
        for text in texts:
            parts.append(text)
            length += len(text) + 2
    joined = "\n\n".join(parts)
    cut = joined.rfind(" ", 0, size + 1)
    return joined[: cut if cut > 0 else size].rstrip()


def _rss_mib() -> float:
    """Peak resident memory of this process so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    unit = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit, 1)


def code_one(size: int, model: str) -> dict[str, Any]:
    """Runs in the child: codes one document of ``size`` characters."""
    from nestor.models import Document
    from nestor.pipeline import code_documents, get_coder
    from nestor.settings import load_settings

    settings = load_settings(model=model, workers=1)
    text = build_text(size)
    t0 = time.perf_counter()
    get_coder(settings)
    load_s = time.perf_counter() - t0
    base = _rss_mib()
    t0 = time.perf_counter()
    (coded,) = code_documents([Document(id=f"long-{size}", text=text)], settings)
    seconds = time.perf_counter() - t0
    return {
        "chars": len(text),
        "seconds": seconds,
        "model_load_s": load_s,
        "events": len(coded.records),
        "claims": len(coded.claims),
        "mentions": len(coded.mentions),
        "base_rss_mib": base,
        "peak_rss_mib": _rss_mib(),
    }


def run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(size), "--model", args.model]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"size": size, "error": f"stopped after {args.timeout:g} s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"size": size, "error": f"exit code {proc.returncode} (its messages are above)"}
    result = {"size": size, **json.loads(lines[-1])}
    result["s_per_100k"] = result["seconds"] / result["chars"] * 100_000
    return result


def report(results: list[dict[str, Any]], fmt: str, model: str) -> None:
    if fmt == "json":
        print(json.dumps({"model": model, "sizes": results}, indent=2))
        return
    print(f"nestor long-document benchmark: one document per size, one worker, model {model}")
    print()
    head = (
        f"{'chars':>10}{'seconds':>10}{'s/100k':>9}{'events':>8}{'claims':>8}"
        f"{'base RSS':>11}{'peak RSS':>11}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        if "error" in r:
            print(f"{r['size']:>10,}  {r['error']}")
            continue
        print(
            f"{r['chars']:>10,}{r['seconds']:>10.1f}{r['s_per_100k']:>9.2f}{r['events']:>8}{r['claims']:>8}"
            f"{r['base_rss_mib']:>8.0f}MiB{r['peak_rss_mib']:>8.0f}MiB"
        )
    print()
    print(
        "s/100k = seconds per 100,000 characters (flat across sizes: linear). base RSS = ru_maxrss after "
        "loading the model; peak RSS = ru_maxrss at the end (both of the child process)."
    )


def default_model() -> str:
    try:
        from nestor.settings import load_settings
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))
        from nestor.settings import load_settings
    return load_settings().model


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Time and peak memory of coding one long document per size.")
    p.add_argument("--sizes", default=DEFAULT_SIZES, help=f"characters, comma-separated ({DEFAULT_SIZES})")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per size (default 900)")
    p.add_argument("--model", default=None, help="spaCy pipeline package (default: nestor's setting)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.model = args.model or default_model()
    try:
        args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes must be whole numbers separated by commas")
    if not args.size_list or min(args.size_list) < 1:
        p.error("--sizes must be at least 1 each")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        print(json.dumps(code_one(args.child, args.model)))
        return 0
    results = [run_size(size, args) for size in args.size_list]
    report(results, args.format, args.model)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
