#!/usr/bin/env python3
"""Load benchmark of ``nestor serve``: latency and throughput of ``GET /api/events`` with concurrent
clients on loopback, over a store of synthetic events.

1. Builds (or reuses, ``--db``) a store of ``--events`` synthetic events (default 100,000), written through
   ``Store.write_document`` from hand-made ``Document``/``EventRecord`` objects: ten events per report,
   dates over 2022, twelve PLOVER types, all four quad classes, every realis, a fifth attributed, actors
   and recipients from ten countries, places from six cities. No model is loaded.
2. Starts the real server (``nestor.web.server.serve``) in a child process on 127.0.0.1.
3. Warms up: each request of the mix once, one client (the "cold" figures: totals not yet cached).
4. Runs ``--clients`` threads (default 20), each with its own keep-alive connection, sending requests
   from the mix (filters, pages deep into the list, sorts) for ``--seconds`` (default 20).

Prints p50/p95/p99 latency, throughput and errors; ``--format json`` for a machine-readable line.
Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TYPES = (
    ("PROTEST", 3, -4.0), ("ASSAULT", 4, -9.0), ("MOBILIZE", 4, -6.0), ("AID", 2, 6.0), ("AGREE", 1, 4.0),
    ("REQUEST", 1, 1.0), ("ACCUSE", 3, -3.0), ("CONSULT", 1, 2.0), ("COERCE", 4, -7.0), ("THREATEN", 3, -5.0),
    ("SUPPORT", 1, 3.0), ("RETREAT", 2, 5.0),
)  # fmt: skip
COUNTRIES = ("KAZ", "RUS", "KGZ", "BLR", "ARM", "TJK", "UZB", "CHN", "USA", "IGO")
SECTORS = ("GOV", "MIL", "COP", "CVL", "REB")
CITIES = (
    ("Almaty", "KAZ", 43.25, 76.92), ("Astana", "KAZ", 51.18, 71.45), ("Moscow", "RUS", 55.75, 37.62),
    ("Bishkek", "KGZ", 42.87, 74.59), ("Minsk", "BLR", 53.9, 27.57), ("Yerevan", "ARM", 40.18, 44.51),
)  # fmt: skip
REALIS = ("actual",) * 7 + ("planned", "possible", "negated")
PER_DOC = 10

MIX: tuple[str, ...] = (
    "/api/events",
    "/api/events?offset=50",
    "/api/events?offset=5000",
    "/api/events?offset=90000",
    "/api/events?country=KAZ",
    "/api/events?country=RUS&role=actor&offset=100",
    "/api/events?type=PROTEST",
    "/api/events?type=ASSAULT,COERCE&country=KGZ",
    "/api/events?quad=4&realis=actual",
    "/api/events?realis=planned",
    "/api/events?attribution=attributed",
    "/api/events?since=2022-03-01&until=2022-03-31",
    "/api/events?day=2022-06-15",
    "/api/events?since=2022-05&type=AID&order=desc",
    "/api/events?sort=type&order=desc",
    "/api/events?actor=Government%20of%20Russia",
    "/api/events?q=Almaty&limit=20",
    "/api/events?limit=200",
    "/api/events?sort=document&offset=20000",
    "/api/events?country=CHN&quad=1&since=2022-02",
)


# -- the store -------------------------------------------------------------------------------------------


def build_store(path: Path, events: int, seed: int = 7) -> float:
    from nestor.models import Document, Entity, EventRecord, Place
    from nestor.store import Store

    rng = random.Random(seed)
    start = date(2022, 1, 1)
    t0 = time.perf_counter()
    with Store.open(path) as store:
        for d in range((events + PER_DOC - 1) // PER_DOC):
            n = min(PER_DOC, events - d * PER_DOC)
            day = start + timedelta(days=rng.randrange(365))
            sentences = [
                f"Sentence {i} of report {d}, about events in {rng.choice(CITIES)[0]}." for i in range(n)
            ]
            doc = Document(
                id=f"bench-{d:06d}",
                text=" ".join(sentences),
                title=f"Report {d}",
                published=day.isoformat(),
                publication=f"Outlet {d % 40}",
                language="en",
            )
            records, offset = [], 0
            for i, sentence in enumerate(sentences):
                kind, quad, scale = rng.choice(TYPES)
                actor, target = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
                city = rng.choice(CITIES)
                when = day - timedelta(days=rng.randrange(3))
                name = (
                    "Government of Russia" if actor == "RUS" and rng.random() < 0.5 else f"{actor} officials"
                )
                records.append(
                    EventRecord(
                        id=f"{doc.id}:{i}",
                        date=when.isoformat() if rng.random() < 0.9 else when.isoformat()[:7],
                        date_precision="day",
                        event=[kind],
                        mode=[],
                        context=[],
                        actor=[Entity(actor, rng.choice(SECTORS), name, name)],
                        recipient=[
                            Entity(target, rng.choice(SECTORS), f"{target} people", f"{target} people")
                        ],
                        quad_code=quad,
                        event_scale=scale,
                        cameo="14",
                        text=sentence,
                        text_info={"sequence": i, "start": offset, "end": offset + len(sentence)},
                        cite_info=doc.cite_info(),
                        modality={"realis": rng.choice(REALIS), "cue": None},
                        attribution={"claimant": Entity(actor, "GOV", "a spokesman").to_dict(), "cue": "said"}
                        if rng.random() < 0.2
                        else None,
                        event_loc=Place(city[0], city[1], city[2], city[3]),
                        coder="nestor bench",
                        coded_date="2026-11-01T00:00:00Z",
                    )
                )
                offset += len(sentence) + 1
            store.write_document(doc, records)
        store.optimize()  # as an ingest does after its writes
    return time.perf_counter() - t0


# -- the server and the clients --------------------------------------------------------------------------


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = f"from nestor.web.server import serve; serve({str(db)!r}, '127.0.0.1', {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/summary")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(
                f"bench: the server exited: {proc.stdout.read().decode() if proc.stdout else ''}"
            )
    proc.kill()
    raise SystemExit("bench: the server did not start within 60 s")


def timed_get(conn: http.client.HTTPConnection, url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    conn.request("GET", url)
    response = conn.getresponse()
    response.read()
    return time.perf_counter() - t0, response.status


def client(port: int, until: float, seed: int, out: list[tuple[float, int]]) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.perf_counter() < until:
        try:
            out.append(timed_get(conn, rng.choice(MIX)))
        except (OSError, http.client.HTTPException):
            out.append((0.0, 0))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = None
    if args.db and Path(args.db).exists():
        db, build_s = Path(args.db), None
    else:
        tmp = tempfile.mkdtemp(prefix="nestor-bench-api-")
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        build_s = build_store(db, args.events)
    port = args.port
    proc = start_server(db, port)
    try:
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        cold = {url: timed_get(warm, url) for url in MIX}
        total = json.loads(_get(warm, "/api/summary"))["events"]
        warm.close()
        results: list[list[tuple[float, int]]] = [[] for _ in range(args.clients)]
        until = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(target=client, args=(port, until, i, results[i])) for i in range(args.clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(10)
    samples = [r for rs in results for r in rs]
    ok = [s for s, status in samples if status == 200]
    return {
        "store_events": total,
        "store_mib": round(sum(os.path.getsize(p) for p in db.parent.glob(db.name + "*")) / 2**20, 1),
        "build_s": None if build_s is None else round(build_s, 1),
        "clients": args.clients,
        "seconds": round(wall, 1),
        "requests": len(samples),
        "errors": len(samples) - len(ok),
        "throughput_rps": round(len(ok) / wall, 1),
        "p50_ms": round(percentile(ok, 50) * 1000, 1),
        "p95_ms": round(percentile(ok, 95) * 1000, 1),
        "p99_ms": round(percentile(ok, 99) * 1000, 1),
        "mean_ms": round(statistics.fmean(ok) * 1000, 1) if ok else None,
        "cold_ms": {url: round(s * 1000, 1) for url, (s, _status) in cold.items()},
        "cold_errors": [url for url, (_s, status) in cold.items() if status != 200],
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    }


def _get(conn: http.client.HTTPConnection, url: str) -> bytes:
    conn.request("GET", url)
    return conn.getresponse().read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events in a new store")
    parser.add_argument("--db", help="use (or build) the store at this path instead of a temporary one")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the clients run")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    result = run(args)
    if args.format == "json":
        print(json.dumps(result))
        return
    print(
        f"store: {result['store_events']:,} events, {result['store_mib']} MiB "
        f"(built in {result['build_s']} s)"
    )
    print(f"{result['clients']} clients for {result['seconds']} s on {result['cpus']} CPUs, loopback")
    print(
        f"GET /api/events: {result['requests']:,} requests, {result['errors']} errors, "
        f"{result['throughput_rps']} req/s; latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms, mean {result['mean_ms']} ms"
    )
    print("first request of each kind (one client, totals not yet cached):")
    for url, ms in sorted(result["cold_ms"].items(), key=lambda kv: -kv[1]):
        print(f"  {ms:8.1f} ms  {url}")


if __name__ == "__main__":
    main()
