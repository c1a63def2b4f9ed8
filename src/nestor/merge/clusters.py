"""Event clusters: the records of different reports (or of one report that repeats itself) that describe
the same real event.

Two records can describe the same event only when nothing in them contradicts it: the same PLOVER type,
the same realis (a plan is not its execution), dates within a window and no two different days the
texts themselves state, no contradicting actor, recipient or
named person, and no contradicting place. Beyond that they need positive evidence: a shared actor or
recipient, or closely similar sentences; sharing only a sentence shape is not enough.

Clustering is complete-link (a record joins a cluster only when it is compatible with every member), so
chains of near-misses never merge two events. Blocking keeps the cost near-linear: a record is only
compared with open clusters of its block (type, realis, the country it is about) whose dates are within
the window of its own.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from ..resolve.toponyms import haversine_km
from .days import shift

SIMILAR_TEXT = 70.0  # token-set similarity of two sentences that counts as evidence on its own
COPIED_TEXT = 95.0  # similarity of two sentences of one independent source that makes them one copied
MAX_CHECKED_MEMBERS = 12  # complete-link checks against at most this many members of a big cluster
# days apart that two days stated in the texts make two events (one day apart is the usual slip of a
# report written after midnight or in another time zone)
STATED_DAYS_APART = 2
UNKNOWN = "-"  # the block of records that name no country
NEAR_KM = 50.0  # places this close do not contradict one event (a city and its outskirts)
# two sentences of one report this similar may tell one event (its lead, retold) on two stated days
RETOLD_TEXT = SIMILAR_TEXT


@dataclass(slots=True)
class EventItem:
    """What clustering needs of one event record."""

    id: str
    document_id: str
    etype: str
    realis: str
    start: date | None
    end: date | None
    actors: frozenset[str]  # country / non-state codes
    recipients: frozenset[str]
    persons: frozenset[str]  # canonical names of named actor persons
    recipient_persons: frozenset[str]
    place_country: str | None
    place_id: int | None  # geonameid of a city-level place
    text: str
    place_point: tuple[float, float] | None = None  # (lat, lon) of that place
    root: str = ""  # the report's independent source
    stated: bool = False  # the text states the event's day (not the report's publication day)
    names: frozenset[str] = frozenset()  # the names its sentence spells (see .names)
    cluster: str | None = None

    @property
    def block(self) -> tuple[str, str, str]:
        about = next(iter(sorted(self.actors)), None) or next(iter(sorted(self.recipients)), None)
        return (self.etype, self.realis, about or self.place_country or UNKNOWN)


@dataclass(slots=True)
class Cluster:
    id: str
    members: list[EventItem] = field(default_factory=list)
    last: date | None = None
    changed: bool = False

    def add(self, item: EventItem) -> None:
        self.members.append(item)
        item.cluster = self.id
        if item.end is not None and (self.last is None or item.end > self.last):
            self.last = item.end
        self.changed = True


def cluster_id(first_event: str) -> str:
    return "c-" + hashlib.sha1(first_event.encode("utf-8")).hexdigest()[:12]


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and a.isdisjoint(b)


def compatible(a: EventItem, b: EventItem, window: int) -> bool:
    """Nothing in the two records contradicts their being one event."""
    if a.etype != b.etype or a.realis != b.realis:
        return False
    if a.start is not None and b.start is not None and a.end is not None and b.end is not None:
        gap = max((a.start - b.end).days, (b.start - a.end).days, 0)
        if gap > window:
            return False
    if copied(a, b):
        return True  # one sentence, copied: however the two reports' coding read its actors
    if _stated_apart(a, b) and not (a.persons & b.persons or a.recipient_persons & b.recipient_persons):
        # the texts name different days: tear gas on Tuesday is not the shooting on Thursday (unless one
        # named person's arrest is told with two days: that is a date the reports disagree on)
        return False
    if _disjoint(a.actors, b.actors) or _disjoint(a.persons, b.persons):
        return False
    if _disjoint(a.recipients, b.recipients) or _disjoint(a.recipient_persons, b.recipient_persons):
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return not (a.place_id and b.place_id and a.place_id != b.place_id and not _near(a, b))


def _near(a: EventItem, b: EventItem) -> bool:
    """Two places close enough to be one event's ("a highway outside Dhaka" and Gazipur, its suburb)."""
    if a.place_point is None or b.place_point is None:
        return False
    return haversine_km(*a.place_point, *b.place_point) <= NEAR_KM


def _stated_apart(a: EventItem, b: EventItem) -> bool:
    """The texts state days too far apart for one event: two days or more, or two days one report states
    in unlike sentences (a report that tells the shooting on Wednesday and the arrests on Thursday makes
    no slip; one that retells its lead in like words may)."""
    if not (a.stated and b.stated and a.start and b.start):
        return False
    days = abs((a.start - b.start).days)
    if days >= STATED_DAYS_APART:
        return True
    return (
        days > 0
        and a.document_id == b.document_id
        and fuzz.token_set_ratio(a.text, b.text, processor=default_process) < RETOLD_TEXT
    )


def copied(a: EventItem, b: EventItem) -> bool:
    """The same sentence in two reports of one independent source (a reprint and its original)."""
    return (
        a.document_id != b.document_id
        and a.root == b.root
        and bool(a.text)
        and fuzz.ratio(a.text, b.text) >= COPIED_TEXT
    )


def _domestic(a: EventItem) -> bool:
    """Every party is of one country: the country alone says little about which event it is."""
    codes = a.actors | a.recipients | ({a.place_country} if a.place_country else set())
    return len(codes) <= 1


def evidence(a: EventItem, b: EventItem) -> float:
    """How strongly two compatible records point to one event (0 = no positive evidence).

    Shared actor and recipient countries count for international events; within one country (a
    government arresting its own citizens) only a shared named person, the same city or a similar
    sentence does: two arrests in Kazakhstan on one day are not one arrest."""
    score = 0.0
    if a.persons & b.persons:
        score += 1.0
    if a.recipient_persons & b.recipient_persons:
        score += 0.75
    if not (_domestic(a) and _domestic(b)):
        if a.actors & b.actors:
            score += 1.0
        if a.recipients & b.recipients:
            score += 0.5
    if a.place_id and a.place_id == b.place_id:
        score += 0.5
    elif a.names & b.names and a.stated and b.stated:
        score += 0.5  # one named place or site ("Las Bambas") on one stated day
    # case and punctuation folded: a headline's "Federal government approves" is the body's "federal ..."
    similar = fuzz.token_set_ratio(a.text, b.text, processor=default_process)
    if similar >= SIMILAR_TEXT:
        score += similar / 100
    return score


def _needs_actor(a: EventItem, b: EventItem) -> bool:
    """Records that name actors must share one; the sentence alone then does not suffice."""
    return bool((a.actors or a.persons) and (b.actors or b.persons))


def assign(items: Iterable[EventItem], clusters: list[Cluster], window: int) -> list[Cluster]:
    """Puts each item (in date order) into the best compatible cluster of its block, else a new one.
    ``clusters`` are the open clusters that may receive items (their members loaded); new clusters are
    appended. Returns the clusters that changed."""
    blocks: dict[tuple[str, str, str], list[Cluster]] = defaultdict(list)
    for c in clusters:
        if c.members:
            blocks[c.members[0].block].append(c)
    abouts: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, realis) -> blocks' countries
    for etype, realis, about in blocks:
        abouts[(etype, realis)].add(about)
    # (type, realis, independent source) -> its clusters: a reprint's sentence meets its original's
    # whatever country the two reports' coding gave it
    by_root: dict[tuple[str, str, str], dict[str, Cluster]] = defaultdict(dict)
    for c in clusters:
        for m in c.members:
            by_root[(m.etype, m.realis, m.root)][c.id] = c
    for item in sorted(items, key=lambda i: (i.start or date.min, i.document_id, i.id)):
        open_ = blocks[item.block]
        abouts[item.block[:2]].add(item.block[2])
        best: tuple[float, Cluster] | None = None
        near = _candidates(item, blocks, abouts)
        seen = {c.id for c in near}
        near += [c for cid, c in by_root[(item.etype, item.realis, item.root)].items() if cid not in seen]
        for c in near:
            if item.start is not None and c.last is not None and shift(c.last, window) < item.start:
                continue
            checked = c.members[:MAX_CHECKED_MEMBERS]
            if not all(compatible(item, m, window) for m in checked):
                continue
            score = max(evidence(item, m) for m in checked)
            shares_actor = any(
                item.actors & m.actors or item.persons & m.persons for m in checked if _needs_actor(item, m)
            )
            if any(_needs_actor(item, m) for m in checked) and not shares_actor:
                if not any(copied(item, m) for m in checked):
                    continue
            if score > 0 and (best is None or score > best[0]):
                best = (score, c)
        if best is not None:
            best[1].add(item)
            by_root[(item.etype, item.realis, item.root)][best[1].id] = best[1]
            continue
        c = Cluster(cluster_id(item.id))
        c.add(item)
        open_.append(c)
        clusters.append(c)
        by_root[(item.etype, item.realis, item.root)][c.id] = c
    return [c for c in clusters if c.changed]


def _candidates(
    item: EventItem,
    blocks: dict[tuple[str, str, str], list[Cluster]],
    abouts: dict[tuple[str, str], set[str]],
) -> list[Cluster]:
    """The open clusters an item may join: those of its block, and, as a record that names no country
    ("riot police fired tear gas") may be any country's, those of every block of its type and realis for
    it, and those of no country for a record that names one."""
    etype, realis, about = item.block
    if about == UNKNOWN:
        return [c for a in sorted(abouts[(etype, realis)]) for c in blocks[(etype, realis, a)]]
    return [*blocks[item.block], *blocks.get((etype, realis, UNKNOWN), [])]


@dataclass(frozen=True, slots=True)
class PlanRule:
    plan: str
    executions: frozenset[str]
    relation: str
    actor_from: str  # "actor": the planner acts; "recipient": the one asked acts


def links(
    clusters: list[Cluster], rules: dict[str, PlanRule], horizon_days: int
) -> list[tuple[str, str, str]]:
    """(plan cluster, execution cluster, relation) for plans and requests and the later actual events that
    carry them out or answer them."""
    by_type: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        if c.members and c.members[0].realis == "actual":
            by_type[c.members[0].etype].append(c)
    # per type, (first member's start, position) sorted: only executions starting within the horizon after
    # the plan can carry it out (see _carries_out), so each plan looks at those alone, in list order
    starts = {
        t: sorted((c.members[0].start, i) for i, c in enumerate(cs) if c.members[0].start is not None)
        for t, cs in by_type.items()
    }
    out: list[tuple[str, str, str]] = []
    for plan in clusters:
        if not plan.members:
            continue
        p = plan.members[0]
        rule = rules.get(p.etype)
        targets: list[tuple[str, str, str]] = []  # (type, relation, actor_from)
        if p.realis == "planned":
            targets.append((p.etype, "carried_out_by", "actor"))
        if rule is not None and p.realis in ("actual", "planned"):
            targets.extend((t, rule.relation, rule.actor_from) for t in rule.executions)
        if p.start is None:
            continue  # _carries_out needs the plan's date
        for etype, relation, actor_from in targets:
            pool, index = by_type.get(etype, []), starts.get(etype, [])
            lo = bisect_left(index, (p.start,))
            hi = bisect_left(index, (shift(p.start, horizon_days + 1),))
            for ex in (pool[i] for i in sorted(i for _start, i in index[lo:hi])):
                if ex.id == plan.id:
                    continue
                if _carries_out(plan, ex, actor_from, horizon_days):
                    out.append((plan.id, ex.id, relation))
    return out


def _carries_out(plan: Cluster, ex: Cluster, actor_from: str, horizon_days: int) -> bool:
    p = plan.members[0]
    e = ex.members[0]
    if p.start is None or e.start is None or not (p.start <= e.start <= shift(p.start, horizon_days)):
        return False
    planners = set().union(*(m.recipients if actor_from == "recipient" else m.actors for m in plan.members))
    doers = set().union(*(m.actors for m in ex.members))
    if not planners or planners.isdisjoint(doers):
        return False
    if actor_from == "recipient":
        asked_for = set().union(*(m.actors for m in plan.members))
        helped = set().union(*(m.recipients for m in ex.members))
        return not asked_for or not helped or not asked_for.isdisjoint(helped)
    targets = set().union(*(m.recipients for m in plan.members)) - planners
    reached = set().union(*(m.recipients for m in ex.members))
    return not targets or not reached or not targets.isdisjoint(reached)
