"""The figures of a story's reports, read from every sentence, with where each stands and who gives it.

Each figure (:mod:`.figures`) of each sentence of each report becomes a :class:`FigureRow`: its report
and outlet (and what the report derives from), its claimant (the source of the claim the sentence is,
"according to ...", else the outlet), its sentence and event cluster, and the date of the event it
counts when the text states one: the stated day of its sentence's event cluster, else of its own event, a
weekday it names (the one nearest the figure when it names two: "the toll from Thursday's shooting rose
on Saturday to seven"), or a past month or year ("In April 2021 fighting killed more than 50").
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..store import Store, story_rows
from .days import day_of, shift, states_day
from .figures import CUMULATIVE, read_figures

# a sentence ends at . ! ? followed by a space, a line break or the end (not inside "3.6" or "2.5m")
SENTENCE = re.compile(r"(?:[^\n.!?]|[.!?]+(?![\"”’)]*(?:\s|$)))*(?:[.!?]+[\"”’)]*|\n|$)")
ACCORDING = re.compile(r"\baccording to (?:the |a |an )?([^,.;:]{2,60})", re.I)
MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
YEAR = re.compile(r"(?:\b(?P<month>[A-Z][a-z]+)\s+)?\b(?P<year>(?:19|20)\d\d)\b")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
SAID_ON = re.compile(
    r"\b(?:said|says|told|announced|added|reported|stated)(?: \w+)?(?: late| early)? on $", re.I
)


# words of a running tally, which counts more than the event told before it (the perfect: "18 officers
# have lost their lives", "more than 12,000 have been forced from their homes")
TALLY = re.compile(
    r"\b(?:since|so far|in all|in total|total|toll|tally|overall|to date|altogether|have|has)\b", re.I
)
FOLLOW_SENTENCES = 2  # how far after a dated event an undated count may stand and be that event's


@dataclass(slots=True)
class FigureRow:
    """One figure one report gives, with where it stands and who says it."""

    story: str
    document: str
    outlet: str
    published: str | None
    kind: str
    value: int
    written: str
    qualifier: str
    group: str
    place: str
    event_date: str | None  # the date of the event it counts, when the text states one
    claimant: str | None  # who the report says gives it; None: the outlet itself
    sentence: str
    cluster: str | None
    derived_from: str | None

    @property
    def day(self) -> str:
        return self.event_date or (self.published or "")[:10]


def sentences(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) of a report's text: split at sentence ends and line breaks."""
    pos = 0
    while pos < len(text):
        m = SENTENCE.match(text, pos)
        end = m.end() if m and m.end() > pos else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            yield pos + lead, pos + len(chunk.rstrip()), chunk.strip()
        pos = end


def story_figures(store: Store, story_ids: list[str]) -> dict[str, list[FigureRow]]:
    """story id -> every figure its reports give, in publication order."""
    docs = story_rows.story_reports(store, story_ids)
    claims: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for r in story_rows.story_claim_spans(store, story_ids):
        claims[r["document_id"]].append((r["start"] or 0, r["end"] or 0, _claimant_name(r["claimant"])))
    events: dict[str, list[tuple[int, int, str | None, str | None]]] = defaultdict(list)
    cluster_days: dict[str, Counter[str]] = defaultdict(Counter)
    for r in story_rows.story_event_dates(store, story_ids):
        explicit = _explicit(r["date"], r["date_precision"], r["published"], r["text"] or "")
        events[r["document_id"]].append((r["sent_start"] or 0, r["sent_end"] or 0, r["cluster_id"], explicit))
        if explicit and r["cluster_id"] and r["date_precision"] == "day":
            cluster_days[r["cluster_id"]][explicit] += 1
    out: dict[str, list[FigureRow]] = defaultdict(list)
    for d in docs:
        seen: set[tuple[str, str, str, int]] = set()
        lead: tuple[int, str] | None = None  # (sentence number, day) of the last event with a stated day
        for n, (start, end, sent) in enumerate(sentences(d["text"])):
            mine = [(c, x) for a, b, c, x in events[d["id"]] if a < end and b > start]
            cluster = next((c for c, _ in mine if c), None)
            own = next((x for _, x in mine if x), None)
            shared = cluster_days[cluster].most_common(1)[0][0] if cluster and cluster_days[cluster] else None
            all_named = _weekdays(sent, d["published"])
            told = shared or own or (all_named[0][1] if mine and len(all_named) == 1 else None)
            figs = read_figures(sent)
            # an undated count right after a dated event is that event's ("police opened fire on Thursday
            # ... Thirty people were wounded"), unless it says it is a running tally ("since", "so far")
            follows = lead[1] if lead and n - lead[0] <= FOLLOW_SENTENCES and not TALLY.search(sent) else None
            if told:
                lead = (n, told)
            if not figs:
                continue
            claimant = next((c for a, b, c in claims[d["id"]] if a < end and b > start and c), None)
            if claimant is None:
                m = ACCORDING.search(sent)
                claimant = m.group(1).strip() if m else None
            # no event told in the sentence ("Floods have killed 23 people after the rivers burst their
            # banks on Tuesday", "the agency on Thursday revised the toll down to 27"): its running counts
            # are tallies of the day, not counts of a dated event, unless a day names one ("Thursday's")
            tally = not mine and not any(_possessive_day(sent, pos) for pos, _ in all_named)
            for f in figs:
                named = [] if tally and f.kind in CUMULATIVE else all_named
                if len({day for _, day in named}) > 1:  # "the toll from Thursday's shooting" on Saturday
                    event_date: str | None = min(named, key=lambda n: abs(n[0] - f.start))[1]
                else:
                    event_date = (
                        shared or own or (named[0][1] if named else None) or _past_year(sent, d["published"])
                    )
                if event_date is None and f.kind in CUMULATIVE and not named:
                    event_date = follows
                key = (f.kind, f.group, f.place, f.value)
                if key in seen:
                    continue
                seen.add(key)
                out[d["story_id"]].append(
                    FigureRow(
                        d["story_id"],
                        d["id"],
                        d["publication"] or d["id"],
                        d["published"],
                        f.kind,
                        f.value,
                        f.written,
                        f.qualifier,
                        f.group,
                        f.place,
                        event_date,
                        claimant,
                        sent,
                        cluster,
                        d["derived_from"],
                    )  # fmt: skip
                )
    return dict(out)


def _explicit(value: str | None, precision: str | None, published: str | None, text: str) -> str | None:
    """An event date the text states: a day other than the publication's, or a month or year that does
    not hold the publication day (a past event: "in December 2011")."""
    pub = (published or "")[:10]
    if not value or not pub:
        return value  # an undated report: any date its coder found, the text states ("in December 2011")
    if precision == "day":
        return value if value != pub or states_day(text) else None
    return None if pub.startswith(value) else value


def _possessive_day(sentence: str, pos: int) -> bool:
    """Whether the weekday at ``pos`` names an event ("Thursday's shooting")."""
    return bool(re.match(r"[A-Za-z]+['’]s\b", sentence[pos:]))


def _weekdays(sentence: str, published: str | None) -> list[tuple[int, str]]:
    """(position, day) of each weekday the sentence names ("in Thursday's shooting"): the last such day on
    or before the report's; a weekday a statement was made on ("said on Friday") names no event."""
    pub = day_of(published)
    out: list[tuple[int, str]] = []
    if pub is None:
        return out
    for m in WEEKDAY.finditer(sentence):
        if SAID_ON.search(sentence[: m.start()]):
            continue  # the day something was said
        back = (pub.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        out.append((m.start(), shift(pub, -back).isoformat()))
    return out


def _past_year(sentence: str, published: str | None) -> str | None:
    """The month or year of a past event a sentence names ("In April 2021 fighting ... killed 50")."""
    year = (published or "")[:4]
    for m in YEAR.finditer(sentence):
        if year and m.group("year") != year and m.group("year") < year:
            month = MONTHS.get((m.group("month") or "").lower())
            return f"{m.group('year')}-{month:02d}" if month else m.group("year")
    return None


def _claimant_name(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        e = json.loads(raw)
    except ValueError:
        return None
    return (e.get("entity_text") or e.get("identifier_text")) if isinstance(e, dict) else None
