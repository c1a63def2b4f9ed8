#!/usr/bin/env python3
"""Time and peak memory of nestor's merge step (``nestor.merge.merge_store``) on a synthetic stream of
event records, at several sizes, plus the incremental case and the clustering's pairwise quality.

The corpus is generated, deterministically from ``--seed``: a few hundred crises (a country, a partner,
named persons and cities, a stretch of days within one year), each with many real events (PLOVER type,
realis, actor and recipient, a date, a place, a sentence); every real event is reported 1-8 times by
reports from ~40 outlets, with the variation real reports show (a date a day off, another realis, an
unknown recipient, a reworded sentence, a bare surname or a variant spelling of a name, wire credits).
Each report carries five event records, a few sentences of text and its name mentions, and is written
with ``Store.write_document`` into a temporary SQLite file (setup, timed apart from the merge).

Measured, each merge in a fresh child process so that its memory figure is its own:

* ``full``: one global merge of a store holding N records, for each size of ``--sizes``;
* ``incremental`` (at ``--events``): merge after 90% of the reports (in publication order), ingest the
  last 10%, merge again: the second merge is the incremental one.

Known truth (which real event each record reports) gives the pairwise precision and recall of the event
clusters. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
try:
    import nestor  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(REPO / "src"))

from nestor.models import Document, Entity, EventRecord, NameMention, Place  # noqa: E402

RECORDS_PER_DOC = 5
OUTLETS = 40
YEAR_START = date(2023, 1, 1)
DAYS = 365
CODED_DATE = "2026-11-01T00:00:00Z"
INCREMENT = 0.10  # share of the reports (the latest) ingested after the first merge

TYPES = {  # PLOVER type -> (quad code, CAMEO root, verb phrase)
    "AGREE": (1, "03", "agreed to a ceasefire with"),
    "CONSULT": (1, "04", "held talks with"),
    "SUPPORT": (1, "05", "voiced support for"),
    "CONCEDE": (1, "08", "made concessions to"),
    "COOPERATE": (2, "06", "signed a cooperation deal with"),
    "AID": (2, "07", "sent humanitarian aid to"),
    "RETREAT": (2, "08", "withdrew troops from positions facing"),
    "REQUEST": (3, "02", "asked for assistance from"),
    "ACCUSE": (3, "11", "accused"),
    "REJECT": (3, "12", "rejected the demands of"),
    "THREATEN": (3, "13", "threatened sanctions against"),
    "PROTEST": (4, "14", "protested against"),
    "SANCTION": (4, "16", "imposed sanctions on"),
    "MOBILIZE": (4, "15", "deployed troops near"),
    "COERCE": (4, "17", "arrested members of"),
    "ASSAULT": (4, "19", "attacked"),
}
TYPE_WEIGHTS = [6, 9, 6, 2, 4, 5, 2, 4, 8, 4, 4, 12, 4, 6, 7, 17]
COUNTRIES = (
    "AFG ARM AZE BEL BGD BLR BRA CAN CHN COL DEU EGY ESP ETH FRA GBR GEO GRC IDN IND IRN IRQ ISR ITA JOR "
    "JPN KAZ KEN KGZ KOR LBN LBY MAR MEX MLI MMR NGA NER PAK PER PHL POL PSE QAT RUS SAU SDN SOM SRB SYR "
    "TJK TUN TUR UKR USA UZB VEN YEM ZAF ZWE"
).split()
SECTORS = ("GOV", "MIL", "COP", "OPP", "CVL", "REB", "MED", "BUS")
SECTOR_WORDS = {
    "GOV": "the government of",
    "MIL": "the armed forces of",
    "COP": "police in",
    "OPP": "opposition parties in",
    "CVL": "protesters in",
    "REB": "rebels in",
    "MED": "journalists in",
    "BUS": "companies in",
}
OFFICES = ("President", "Prime Minister", "Foreign Minister", "Defence Minister", "General", "Governor")
SYLLABLES = (
    "ka ra mi to sa na lo be di ve ta ko ri am el zh ul an or is et un ba ga de fi ho ja ly mo"
).split()
WIRES = ("Reuters", "AFP", "TASS", "AP")
REALIS = (("actual", 85), ("planned", 10), ("possible", 5))
OTHER_REALIS = {"actual": "planned", "planned": "actual", "possible": "actual"}
TEMPLATES = (
    "{actor} {verb} {recipient} in {place} on {day}.",
    "On {day}, {actor} {verb} {recipient} in {place}, officials said.",
    "In {place}, {actor} {verb} {recipient}, according to local sources.",
    "{actor} reportedly {verb} {recipient} near {place} on {day}.",
)
FILLER = (
    "The situation in {country} remained tense, observers said.",
    "Officials in {country} did not respond to a request for comment.",
    "The {org} called for restraint from all sides.",
    "Analysts said the crisis could spread beyond {country}.",
    "Residents of {place} described long queues at checkpoints.",
    "The {org} is expected to meet again next week.",
)


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- corpus


@dataclass(slots=True)
class Person:
    name: str  # full name
    code: str
    sector: str
    office: str


@dataclass(slots=True)
class City:
    name: str
    code: str
    geonameid: int
    lat: float
    lon: float
    admin1: str


@dataclass(slots=True)
class Crisis:
    index: int
    country: str
    partner: str
    start: int  # day of the year
    length: int
    persons: list[Person]
    cities: list[City]
    org: str


@dataclass(slots=True)
class RealEvent:
    id: int
    crisis: Crisis
    etype: str
    realis: str
    day: int
    actor: tuple[str, str, Person | None]  # code, sector, person
    recipient: tuple[str, str]
    city: City
    size: int | None
    template: int


@dataclass(slots=True)
class Slot:
    """One report of a real event: what goes into one event record."""

    event: RealEvent
    day: int  # the date this report gives
    realis: str
    recipient_known: bool
    template: int
    name_variant: int  # 0 full name, 1 surname only, 2 spelling variant


@dataclass(slots=True)
class Corpus:
    documents: list[tuple[Document, list[EventRecord], list[NameMention]]] = field(default_factory=list)
    truth: dict[str, int] = field(default_factory=dict)  # record id -> real event id
    real_events: int = 0
    crises: int = 0


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _variant(name: str) -> str:
    """A transliteration variant of a person's given name ("Zhomart" -> "Jomart")."""
    given, _, surname = name.rpartition(" ")
    for a, b in (("zh", "j"), ("Zh", "J"), ("k", "q"), ("y", "i"), ("a", "o")):
        if a in given:
            return given.replace(a, b, 1) + " " + surname
    return given + "h " + surname


def _day_iso(day: int) -> str:
    return (YEAR_START + timedelta(days=day)).isoformat()


def _crises(rng: random.Random, n: int, days: int = DAYS) -> list[Crisis]:
    out = []
    geo = 1_000_000
    for i in range(n):
        country = rng.choice(COUNTRIES)
        partner = rng.choice([c for c in COUNTRIES if c != country])
        persons = []
        for code in (country, country, country, partner, partner)[: rng.randint(3, 5)]:
            name = f"{_word(rng, rng.randint(2, 3))} {_word(rng, rng.randint(2, 3))}"
            persons.append(Person(name, code, rng.choice(("GOV", "MIL", "OPP")), rng.choice(OFFICES)))
        cities = []
        for _ in range(rng.randint(2, 4)):
            geo += 1
            cities.append(
                City(
                    _word(rng, rng.randint(2, 3)),
                    country,
                    geo,
                    round(rng.uniform(-40, 60), 4),
                    round(rng.uniform(-20, 120), 4),
                    f"{country}.{rng.randint(1, 20):02d}",
                )
            )
        length = rng.randint(5, 40)
        org = f"{_word(rng, 2)} {rng.choice(('Council', 'Union', 'Committee', 'Front', 'Alliance'))}"
        start = rng.randint(0, max(0, days - length))
        out.append(Crisis(i, country, partner, start, length, persons, cities, org))
    return out


def _real_event(rng: random.Random, eid: int, crisis: Crisis) -> RealEvent:
    etype = rng.choices(list(TYPES), TYPE_WEIGHTS)[0]
    realis = rng.choices([r for r, _ in REALIS], [w for _, w in REALIS])[0]
    a_code, r_code = (
        (crisis.country, crisis.partner) if rng.random() < 0.6 else (crisis.partner, crisis.country)
    )
    if rng.random() < 0.3:  # domestic: protesters against the government, police against the opposition
        a_code = r_code = crisis.country
    persons = [p for p in crisis.persons if p.code == a_code]
    person = rng.choice(persons) if persons and rng.random() < 0.4 else None
    a_sector = person.sector if person else rng.choice(SECTORS)
    r_sector = rng.choice([s for s in SECTORS if s != a_sector])
    size = rng.choice((None, None, rng.randint(2, 400)))
    return RealEvent(
        eid,
        crisis,
        etype,
        realis,
        crisis.start + rng.randrange(crisis.length),
        (a_code, a_sector, person),
        (r_code, r_sector),
        rng.choice(crisis.cities),
        size,
        rng.randrange(len(TEMPLATES)),
    )


def _reports(rng: random.Random) -> int:
    """How many reports describe one real event: 1-8, most events reported a few times."""
    return rng.choices(range(1, 9), [22, 20, 17, 13, 10, 8, 6, 4])[0]


def _entity_text(code: str, sector: str) -> str:
    return f"{SECTOR_WORDS[sector]} {code}"


def _sentence(slot: Slot, mentions: list[tuple[str, str, str, str, str | None, str | None]]) -> str:
    """The record's sentence; ``mentions`` gets (surface text, type, name, code, sector, office)."""
    ev = slot.event
    a_code, a_sector, person = ev.actor
    if person is not None:
        surface = person.name
        if slot.name_variant == 1:
            surface = person.name.split()[-1]
        elif slot.name_variant == 2:
            surface = _variant(person.name)
        actor = f"{person.office} {surface} of {a_code}"
        name = surface if slot.name_variant == 2 else person.name
        mentions.append((surface, "PERSON", name, person.code, person.sector, f"{person.office} of {a_code}"))
    else:
        actor = _entity_text(a_code, a_sector).capitalize()
    recipient = _entity_text(*ev.recipient) if slot.recipient_known else "unidentified groups"
    verb = TYPES[ev.etype][2]
    if slot.realis == "planned":
        verb = "plans to have " + verb
    elif slot.realis == "possible":
        verb = "may have " + verb
    if ev.size and ev.etype in ("ASSAULT", "PROTEST", "COERCE", "MOBILIZE"):
        recipient += f", leaving {ev.size} people affected"
    mentions.append((ev.city.name, "PLACE", ev.city.name, ev.city.code, None, None))
    return TEMPLATES[slot.template].format(
        actor=actor, verb=verb, recipient=recipient, place=ev.city.name, day=_day_iso(slot.day)
    )


def _record(doc: Document, seq: int, start: int, sentence: str, slot: Slot) -> EventRecord:
    ev = slot.event
    a_code, a_sector, person = ev.actor
    actor = Entity(
        a_code,
        a_sector,
        _entity_text(a_code, a_sector) if person is None else person.name.split()[-1],
        None if person is None else person.name,
        None if person is None else person.office,
    )
    recipient = [Entity(ev.recipient[0], ev.recipient[1], _entity_text(*ev.recipient))]
    if not slot.recipient_known:
        recipient = [Entity(None, None, "unidentified groups")]
    quad, cameo, _verb = TYPES[ev.etype]
    c = ev.city
    return EventRecord(
        id=f"{doc.id}:{seq}",
        date=_day_iso(slot.day),
        date_precision="day",
        event=[ev.etype],
        mode=[],
        context=[],
        actor=[actor],
        recipient=recipient,
        quad_code=quad,
        event_scale=-5.0 if quad == 4 else 2.0,
        cameo=cameo,
        text=sentence,
        text_info={"sequence": seq, "start": start, "end": start + len(sentence)},
        cite_info=doc.cite_info(),
        modality={"realis": slot.realis, "cue": None},
        attribution=None,
        coder="bench_merge synthetic",
        coded_date=CODED_DATE,
        event_loc=Place(c.name, c.code, c.lat, c.lon, c.geonameid, c.admin1),
        size={"affected": ev.size} if ev.size else None,
        trigger=TYPES[ev.etype][2].split()[0],
    )


def generate(n_records: int, seed: int, days: int = DAYS) -> Corpus:
    """``n_records`` records over ``days`` days (the density is their ratio)."""
    """``n_records`` event records (exactly) in documents of five, deterministic for a seed."""
    rng = random.Random(seed)
    crises = _crises(rng, max(20, n_records // 300), days)
    outlets = [
        f"{_word(rng, 2)} {rng.choice(('Times', 'Post', 'News', 'Herald', 'Daily'))}"
        for _ in range(OUTLETS - 4)
    ]
    outlets += list(WIRES)
    slots: dict[int, list[Slot]] = {c.index: [] for c in crises}
    made = eid = 0
    while made < n_records:
        crisis = rng.choice(crises)
        ev = _real_event(rng, eid, crisis)
        eid += 1
        for _ in range(min(_reports(rng), n_records - made)):
            shift = rng.choice((-1, 1)) if rng.random() < 0.12 else 0
            realis = OTHER_REALIS[ev.realis] if rng.random() < 0.04 else ev.realis
            slot = Slot(
                ev,
                min(max(ev.day + shift, 0), days - 1),
                realis,
                rng.random() >= 0.1,
                ev.template if rng.random() < 0.6 else rng.randrange(len(TEMPLATES)),
                rng.choices((0, 1, 2), (80, 12, 8))[0],
            )
            slots[crisis.index].append(slot)
            made += 1
    corpus = Corpus(real_events=eid, crises=len(crises))
    pending: list[tuple[int, Crisis, list[Slot]]] = []
    for crisis in crises:
        # reports of a crisis, in the order of what they report; five events to a report
        mine = sorted(slots[crisis.index], key=lambda s: (s.event.day, s.event.id))
        for i in range(0, len(mine), RECORDS_PER_DOC):
            chunk = mine[i : i + RECORDS_PER_DOC]
            published = min(days - 1, max(s.day for s in chunk) + rng.choice((0, 0, 1, 1, 2)))
            pending.append((published, crisis, chunk))
    pending.sort(key=lambda p: (p[0], p[1].index))
    for n, (published, crisis, chunk) in enumerate(pending):
        corpus.documents.append(_document(rng, n, published, crisis, chunk, outlets, corpus))
    return corpus


def _document(
    rng: random.Random,
    n: int,
    published: int,
    crisis: Crisis,
    chunk: list[Slot],
    outlets: list[str],
    corpus: Corpus,
) -> tuple[Document, list[EventRecord], list[NameMention]]:
    outlet = rng.choice(outlets)
    doc_id = f"bench-{n:06d}"
    place = chunk[0].event.city.name
    title = f"{crisis.country}: {TYPES[chunk[0].event.etype][2].split()[0]} in {place}"
    lead = ""
    if outlet in WIRES:
        lead = f"{place} ({outlet}) - "
    elif rng.random() < 0.08:
        lead = f"Based on materials from {rng.choice(WIRES)}. "
    # sentences first, to know the offsets
    parts: list[tuple[str, list[tuple[str, str, str, str, str | None, str | None]], Slot | None]] = []
    for slot in chunk:
        m: list[tuple[str, str, str, str, str | None, str | None]] = []
        parts.append((_sentence(slot, m), m, slot))
    for _ in range(rng.randint(1, 2)):
        filler = rng.choice(FILLER).format(country=crisis.country, org=crisis.org, place=place)
        m = [(crisis.org, "ORG", crisis.org, crisis.country, "GOV", None)] if crisis.org in filler else []
        if place in filler:
            c = chunk[0].event.city
            m.append((c.name, "PLACE", c.name, c.code, None, None))
        parts.insert(rng.randint(1, len(parts)), (filler, m, None))
    text = lead
    offsets = []
    for sentence, _m, _slot in parts:
        offsets.append(len(text))
        text += sentence + " "
    text = text.rstrip()
    doc = Document(
        id=doc_id,
        text=text,
        title=title,
        url=f"https://example.org/{doc_id}",
        published=_day_iso(published),
        publication=outlet,
        language="en",
        source="bench",
    )
    records: list[EventRecord] = []
    mentions: list[NameMention] = []
    seq_of = {id(p): i for i, p in enumerate(parts)}
    for part, start in zip(parts, offsets, strict=True):
        sentence, ms, slot = part
        seq = seq_of[id(part)]
        for surface, type_, name, code, sector, office in ms:
            at = sentence.find(surface)
            if at < 0:
                continue
            mentions.append(
                NameMention(
                    seq, start + at, start + at + len(surface), surface, type_, name, code, sector, office
                )
            )
        if slot is not None:
            rec = _record(doc, len(records), start, sentence, slot)
            records.append(rec)
            corpus.truth[rec.id] = slot.event.id
    return doc, records, mentions


def write_documents(
    path: Path, docs: list[tuple[Document, list[EventRecord], list[NameMention]]], label: str
) -> float:
    from nestor.store import Store

    t0 = time.perf_counter()
    with Store.open(path) as store:
        for i, (doc, records, mentions) in enumerate(docs, 1):
            store.write_document(doc, records, mentions=mentions)
            if i % 2000 == 0:
                say(f"  {label}: wrote {i:,}/{len(docs):,} reports")
    return time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------- merging


def _peak_rss_mib() -> float:
    unit = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit, 1)


def phase_merge(db: str) -> dict[str, Any]:
    """One merge of the store at ``db``, in this (fresh) process."""
    from nestor.merge import embedding, merge_store
    from nestor.settings import load_settings
    from nestor.store import Store

    settings = load_settings(env={})
    embedding.embed(["warm up"])  # the embedding model loads before the clock
    base_rss = _peak_rss_mib()
    marks: list[tuple[str, float]] = []

    def progress(msg: str) -> None:
        marks.append((msg, time.perf_counter()))
        say(f"  [{time.perf_counter() - t0:7.1f}s] {msg}")

    with Store.open(db, create=False) as store:
        t0 = time.perf_counter()
        rep = merge_store(store, settings, progress)
        seconds = time.perf_counter() - t0
    stages: dict[str, float] = {}
    ends = [t for _m, t in marks[1:]] + [t0 + seconds]
    for (msg, t), end in zip(marks, ends, strict=True):
        key = "reports" if msg.endswith("stories") else msg.removeprefix("merge: ").replace(" ", "_")
        stages[key] = round(end - t, 3)
    return {
        "seconds": seconds,
        "stages": stages,
        "report": {k: v for k, v in rep.as_dict().items() if k != "stages"},
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base_rss,
    }


def spawn_merge(db: Path, profile: Path | None = None) -> dict[str, Any]:
    cmd = [sys.executable]
    if profile is not None:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += [str(Path(__file__).resolve()), "--phase", "merge", "--db", str(db)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": f"merge exited with {proc.returncode} (its messages are above)"}
    return json.loads(lines[-1])


def quality(db: Path, truth: dict[str, int]) -> dict[str, Any]:
    """Pairwise precision / recall of the event clusters against the real events."""
    from collections import Counter

    from nestor.store import Store

    with Store.open(db, create=False) as store:
        assigned = {
            r["event_id"]: r["cluster_id"]
            for r in store.query("SELECT event_id, cluster_id FROM cluster_members")
        }

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    ids = [i for i in truth if i in assigned]
    in_cluster = pairs(Counter(assigned[i] for i in ids))
    in_event = pairs(Counter(truth[i] for i in ids))
    both = pairs(Counter((assigned[i], truth[i]) for i in ids))
    return {
        "records": len(truth),
        "clustered": len(ids),
        "clusters": len({assigned[i] for i in ids}),
        "real_events": len({truth[i] for i in ids}),
        "pairs_same_cluster": in_cluster,
        "pairs_same_event": in_event,
        "precision": both / in_cluster if in_cluster else 1.0,
        "recall": both / in_event if in_event else 1.0,
    }


# ---------------------------------------------------------------------------------------------- driver


def run_size(
    n: int, seed: int, tmp: Path, incremental: bool, profile: Path | None, density: int | None = None
) -> dict[str, Any]:
    days = max(30, n // density) if density else DAYS
    say(f"size {n:,}: generating the corpus (seed {seed}, {days} days)")
    t0 = time.perf_counter()
    corpus = generate(n, seed, days)
    gen_s = time.perf_counter() - t0
    docs = corpus.documents
    cut = int(len(docs) * (1 - INCREMENT))
    full_db = tmp / f"full-{n}.db"
    say(f"size {n:,}: writing {len(docs):,} reports with {n:,} records ({corpus.real_events:,} real events)")
    write_s = write_documents(full_db, docs[:cut], "store")
    inc_db = tmp / f"incremental-{n}.db"
    if incremental:
        shutil.copyfile(full_db, inc_db)  # the store is closed (WAL checkpointed): a plain copy is a copy
    write_s += write_documents(full_db, docs[cut:], "store")
    res: dict[str, Any] = {
        "records": n,
        "documents": len(docs),
        "real_events": corpus.real_events,
        "crises": corpus.crises,
        "days": days,
        "generate_s": gen_s,
        "write_s": write_s,
        "store_mib": round(full_db.stat().st_size / 2**20, 1),
    }
    say(f"size {n:,}: full merge")
    res["full"] = spawn_merge(full_db, profile)
    if "error" not in res["full"]:
        res["quality"] = quality(full_db, corpus.truth)
    full_db.unlink(missing_ok=True)
    if incremental:
        say(f"size {n:,}: merge after {cut:,} of {len(docs):,} reports")
        first = spawn_merge(inc_db)
        write_documents(inc_db, docs[cut:], "store")
        say(f"size {n:,}: incremental merge of the last {len(docs) - cut:,} reports")
        second = spawn_merge(inc_db)
        res["incremental"] = {
            "reports_first": cut,
            "reports_added": len(docs) - cut,
            "first": first,
            "second": second,
        }
        if "error" not in second:
            res["incremental"]["quality"] = quality(inc_db, corpus.truth)
        inc_db.unlink(missing_ok=True)
    return res


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark nestor's merge step on a synthetic stream of event records.",
        epilog="Each merge runs in a fresh child process; memory is its ru_maxrss. See bench/README.md.",
    )
    p.add_argument(
        "--events", type=int, default=100_000, help="records of the largest run and the incremental case"
    )
    p.add_argument(
        "--sizes",
        default="25000,50000,100000",
        help="comma-separated record counts to run a full merge at (--events is always included)",
    )
    p.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    p.add_argument(
        "--density",
        type=int,
        help="records per day: each size spans size/density days (a fixed density; default: every size "
        "spans one year)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument("--no-incremental", action="store_true", help="skip the 90%% + 10%% incremental case")
    p.add_argument("--profile", type=Path, help="cProfile the full merge at --events into this file")
    p.add_argument("--phase", choices=("merge",), help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    try:
        sizes = {int(s) for s in args.sizes.split(",") if s.strip()}
    except ValueError:
        p.error("--sizes must be comma-separated integers")
    args.size_list = sorted({s for s in sizes if s <= args.events} | {args.events})
    if min(args.size_list) < RECORDS_PER_DOC:
        p.error(f"sizes must be at least {RECORDS_PER_DOC}")
    return args


def report(res: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(res, indent=2))
        return
    print(f"nestor merge benchmark: seed {res['seed']}, {res['python']}")
    print()
    head = (
        f"{'records':>8}{'reports':>8}{'write s':>9}{'merge s':>9}{'s/1k rec':>9}{'reports s':>10}"
        f"{'clusters s':>11}{'discr s':>9}{'peak RSS':>10}{'base':>7}{'prec':>7}{'recall':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in res["sizes"]:
        f = r["full"]
        if "error" in f:
            print(f"{r['records']:>8,}  failed: {f['error']}")
            continue
        st, q = f["stages"], r.get("quality", {})
        print(
            f"{r['records']:>8,}{r['documents']:>8,}{r['write_s']:>9.1f}{f['seconds']:>9.1f}"
            f"{1000 * f['seconds'] / r['records']:>9.3f}{st.get('reports', 0):>10.1f}"
            f"{st.get('event_clusters', 0):>11.1f}{st.get('discrepancies', 0):>9.1f}"
            f"{f['peak_rss_mib']:>7.0f}MiB{f['base_rss_mib']:>4.0f}Mi"
            f"{q.get('precision', 0):>7.3f}{q.get('recall', 0):>7.3f}"
        )
    inc = res.get("incremental")
    if inc:
        print()
        first, second = inc["first"], inc["second"]
        if "error" in first or "error" in second:
            print(f"incremental: failed: {first.get('error') or second.get('error')}")
        else:
            full = next(r["full"] for r in res["sizes"] if r["records"] == res["events"])
            ratio = second["seconds"] / full["seconds"] if "seconds" in full else float("nan")
            q = inc.get("quality", {})
            print(
                f"incremental at {res['events']:,} records: merge of the first "
                f"{inc['reports_first']:,} reports "
                f"{first['seconds']:.1f}s; then +{inc['reports_added']:,} reports merged in "
                f"{second['seconds']:.1f}s ({ratio:.0%} of the full merge), peak RSS "
                f"{second['peak_rss_mib']:.0f}MiB; stages {second['stages']}; "
                f"precision {q.get('precision', 0):.3f}, recall {q.get('recall', 0):.3f}"
            )
    big = next((r for r in res["sizes"] if r["records"] == res["events"] and "quality" in r), None)
    if big:
        q = big["quality"]
        print()
        print(
            f"clusters at {res['events']:,}: {q['clusters']:,} for {q['real_events']:,} real events; "
            f"pairs in one cluster {q['pairs_same_cluster']:,}, in one real event {q['pairs_same_event']:,}"
        )
    print()
    print(
        "merge s = one merge_store on the whole store; reports s / clusters s / discr s = its stages "
        "(sources, entities, stories / event clusters and plan links / discrepancies); peak RSS = ru_maxrss "
        "of the merging child process, base = after imports and the embedding model, before the merge; "
        "prec / recall = pairwise, records in one cluster vs records of one real event."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        print(json.dumps(phase_merge(args.db)))
        return 0
    res: dict[str, Any] = {
        "seed": args.seed,
        "events": args.events,
        "python": sys.version.split()[0],
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="nestor-bench-merge-") as tmp:
        for n in args.size_list:
            big = n == args.events
            res["sizes"].append(
                run_size(
                    n,
                    args.seed,
                    Path(tmp),
                    big and not args.no_incremental,
                    args.profile if big else None,
                    args.density,
                )
            )
            if big:
                res["incremental"] = res["sizes"][-1].pop("incremental", None)
    report(res, args.format)
    failed = any("error" in r["full"] for r in res["sizes"])
    inc = res.get("incremental") or {}
    failed = failed or any("error" in inc.get(k, {}) for k in ("first", "second"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
