"""Every record the coder emits keeps the output contract (shared/spec/output.md), checked against the
PLOVER tables of shared/spec/plover.md rather than the coder's own: on the seed reports, and on
arbitrary text."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder_fixtures import code_text, coded_dev, coded_seeds, coder, seed_documents, shared_file
from nestor.models import Document

pytestmark = pytest.mark.slow

REQUIRED = {
    "id": str,
    "date": (str, type(None)),
    "date_precision": (str, type(None)),
    "event": list,
    "mode": list,
    "context": list,
    "actor": list,
    "recipient": list,
    "quad_code": int,
    "event_scale": (int, float),
    "cameo": str,
    "text": str,
    "text_info": dict,
    "cite_info": dict,
    "modality": dict,
    "attribution": (dict, type(None)),
    "coder": str,
    "coded_date": str,
}
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
REALIS = {"actual", "planned", "possible", "negated"}
PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
CAMEO = re.compile(r"\d{2,4}")
CODE = re.compile(r"[A-Z]{3}")


# ---------------------------------------------------------------------- the PLOVER spec
class Spec:
    """Types (quad, base score, mode scores), contexts and sectors, read from shared/spec/plover.md."""

    def __init__(self, text: str) -> None:
        self.quad: dict[str, int] = {}
        self.base: dict[str, float] = {}
        self.modes: dict[str, dict[str, float]] = {}
        for line in text.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 5 and re.fullmatch(r"[A-Z]+", cells[0]) and cells[1].isdigit():
                name = cells[0]
                self.quad[name] = int(cells[1])
                self.base[name] = _number(cells[2])
                self.modes[name] = {}
                if cells[3] not in ("—", "-", ""):
                    for item in cells[3].split(","):
                        mode, score = item.strip().rsplit(" ", 1)
                        self.modes[name][mode] = _number(score)
        section = text.split("## Contexts", 1)[1].split("##", 1)[0]
        body = section.split("\n", 1)[1]
        self.contexts = {w.strip(" .\n") for w in body.replace("\n", " ").split(",") if w.strip(" .\n")}
        actors = text.split("## Actors", 1)[1].split("##", 1)[0]
        sector_line = actors.split("`sector`", 1)[1].split("\n- ", 1)[0]
        self.sectors = set(re.findall(r"\b[A-Z]{3}\b", sector_line))

    def score(self, etype: str, mode: str | None) -> float:
        return self.modes[etype].get(mode, self.base[etype]) if mode else self.base[etype]


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


@lru_cache(maxsize=1)
def spec() -> Spec:
    return Spec(shared_file("spec", "plover.md").read_text(encoding="utf-8"))


def test_the_spec_tables_were_read() -> None:
    s = spec()
    assert len(s.quad) == 16
    assert s.modes["CONSULT"] == {"visit": 4, "third-party": 1, "multilateral": 4, "phone": 1.5}
    assert s.base["ACCUSE"] == -3
    assert {"military", "peacekeeping", "trafficking"} <= s.contexts and len(s.contexts) == 37
    assert {"GOV", "MIL", "COP", "CVL", "REB", "UAF", "SOC"} <= s.sectors


# ---------------------------------------------------------------------- the contract
def _is_name(text: Any) -> bool:
    words = str(text or "").replace("-", " ").split()
    return bool(words) and all(w[:1].isupper() for w in words)


def entity_problems(e: Any, where: str, unknown_ok: bool = False) -> list[str]:
    """``unknown_ok``: a null code is allowed for anyone (claimants: a source may be unplaceable)."""
    if not isinstance(e, dict):
        return [f"{where}: not an object: {e!r}"]
    out = []
    for key in ("code", "sector", "entity_text", "identifier_text"):
        if key not in e:
            out.append(f"{where}: no {key}")
    code, sector = e.get("code"), e.get("sector")
    if code is None:
        # in the actor and recipient slots a null code is an actor of unknown country: a named person
        # (or body), one its head noun gives a sector ("gunmen"), or words of the text nothing places
        # ("Ibo traditional elders"); a placeholder of nestor's own ("(government)") never goes uncoded
        placeholder = str(e.get("entity_text") or "").startswith("(") and sector is None
        if not unknown_ok and not _is_name(e.get("identifier_text")) and placeholder:
            out.append(f"{where}: null code for a placeholder entity: {e}")
    elif not (isinstance(code, str) and CODE.fullmatch(code)):
        out.append(f"{where}: code {code!r} is not three uppercase letters")
    if e.get("code_from") is not None and (code is None or e["code_from"] not in ("place", "report")):
        out.append(f"{where}: code_from {e['code_from']!r} with code {code!r}")
    if sector is not None and sector not in spec().sectors:
        out.append(f"{where}: sector {sector!r} is not a PLOVER sector")
    if not isinstance(e.get("entity_text"), str) or not e.get("entity_text"):
        out.append(f"{where}: entity_text {e.get('entity_text')!r}")
    return out


def record_problems(d: dict[str, Any], document: Document) -> list[str]:
    """Every way the exported record ``d`` of ``document`` breaks the output contract."""
    s = spec()
    out = []
    for key, kind in REQUIRED.items():
        if key not in d:
            out.append(f"missing field {key}")
        elif not isinstance(d[key], kind) or isinstance(d[key], bool):
            out.append(f"{key} has type {type(d[key]).__name__}")
    if out:
        return out
    events = d["event"]
    if not events or any(t not in s.quad for t in events):
        return [f"event {events!r} is not a list of PLOVER types"]
    etype = events[0]
    if len(d["mode"]) > 1 or any(m not in s.modes[etype] for m in d["mode"]):
        out.append(f"mode {d['mode']} is not a mode of {etype}")
    if any(c not in s.contexts for c in d["context"]) or len(set(d["context"])) != len(d["context"]):
        out.append(f"context {d['context']} is not a list of distinct PLOVER contexts")
    if d["quad_code"] != s.quad[etype]:
        out.append(f"quad_code {d['quad_code']} for {etype}")
    want = s.score(etype, d["mode"][0] if d["mode"] else None)
    if abs(d["event_scale"] - want) > 1e-9:
        out.append(f"event_scale {d['event_scale']} for {etype}/{d['mode']} (spec: {want})")
    if not CAMEO.fullmatch(d["cameo"]):
        out.append(f"cameo {d['cameo']!r}")
    info = d["text_info"]
    start, end, seq = info.get("start"), info.get("end"), info.get("sequence")
    if not all(isinstance(x, int) for x in (start, end, seq)):
        out.append(f"text_info {info}")
    elif not (0 <= start <= end <= len(document.text)) or d["text"] != document.text[start:end] or seq < 1:
        out.append(f"text {d['text']!r} is not the document's text at {info}")
    elif not d["text"].strip():
        out.append("empty text")
    date, precision = d["date"], d["date_precision"]
    if date is None or precision is None:
        if date is not None or precision is not None:
            out.append(f"date {date!r} with precision {precision!r}")
    elif not DATE.fullmatch(date) or PRECISION_LENGTH.get(precision) != len(date):
        out.append(f"date {date!r} does not match its precision {precision!r}")
    else:
        try:
            dt.date.fromisoformat(date + "-01" * ((10 - len(date)) // 3))
        except ValueError:
            out.append(f"date {date!r} is not a calendar date")
    modality = d["modality"]
    if modality.get("realis") not in REALIS or not isinstance(modality.get("cue"), (str, type(None))):
        out.append(f"modality {modality}")
    if d["cite_info"].get("citation") != document.id:
        out.append(f"cite_info {d['cite_info']}")
    if not d["actor"]:
        out.append("no actor")
    for i, e in enumerate(d["actor"]):
        out.extend(entity_problems(e, f"actor[{i}]"))
    for i, e in enumerate(d["recipient"]):
        out.extend(entity_problems(e, f"recipient[{i}]"))
    attribution = d["attribution"]
    if attribution is not None:
        if set(attribution) != {"claimant", "cue"} or not isinstance(attribution["cue"], str):
            out.append(f"attribution {attribution}")
        else:
            out.extend(entity_problems(attribution["claimant"], "claimant", unknown_ok=True))
    loc = d.get("event_loc")
    if loc is not None and (
        not isinstance(loc, dict)
        or not loc.get("name")
        or not (loc.get("country_code") is None or CODE.fullmatch(loc["country_code"]))
    ):
        out.append(f"event_loc {loc}")
    return out


# ---------------------------------------------------------------------- seed reports
def test_the_seed_reports_give_records() -> None:
    coded = coded_seeds()
    assert len(coded) == len(seed_documents()) == 5
    assert all(recs for _, recs in coded)


def test_every_seed_record_keeps_the_contract() -> None:
    problems = [
        f"{document.id} [{r.trigger}] {p}"
        for document, recs in coded_seeds()
        for r in recs
        for p in record_problems(r.to_dict(), document)
    ]
    assert problems == []


def test_every_dev_record_keeps_the_contract() -> None:
    problems = [
        f"{document.id} [{r.trigger}] {p}"
        for document, recs in coded_dev()
        for r in recs
        for p in record_problems(r.to_dict(), document)
    ]
    assert problems == []


def test_claimants_named_by_office_get_the_country_actors_get() -> None:
    document = Document(id="p", text="The president said militants attacked the police in Almaty.")
    (rec,) = coder().code(document)
    assert [(a.code, a.sector) for a in rec.actor] == [("KAZ", "REB")]
    assert rec.attribution is not None and rec.attribution["claimant"]["code"] == "KAZ"


def test_record_ids_are_unique_and_stable_across_runs() -> None:
    first = [r.id for _, recs in coded_seeds() for r in recs]
    again = [r.id for c in coder().code_many(list(seed_documents())) for r in c.records]
    assert again == first
    assert len(set(first)) == len(first)


def test_the_same_text_under_another_id_gets_other_ids() -> None:
    document = seed_documents()[0]
    ids = {r.id for r in coder().code(document)}
    other = {r.id for r in coder().code(Document(id=document.id + "-copy", text=document.text))}
    assert ids and not ids & other


def test_a_protest_without_a_country_has_no_placeholder_recipient() -> None:
    document = Document(id="smith", text="John Smith protested.", published="2022-01-07")
    recs = coder().code(document)
    assert recs
    assert [p for r in recs for p in record_problems(r.to_dict(), document)] == []
    # a government of no known country is no recipient the text gives
    assert not [x for r in recs for x in r.recipient if x.code is None and x.entity_text == "(government)"]


# ---------------------------------------------------------------------- arbitrary text
FRAGMENTS = [
    "Russia sent troops to Kazakhstan.",
    "Protests began in Almaty on January 5. ",
    "“We will respond,” Tokayev said. ",
    "If Tokayev asks, Russia will send peacekeepers.",
    'He said: "Police arrested 200 people."',
    "Not a single peacekeeper would remain.",
    "<p>The CSTO agreed to send troops</p>",
    "<div class='x'>&nbsp;&amp;</div>",
    "\n\n",
    "\n \n",
    "\t",
    "  ",
    "…",
    "—",
    "\u200b",
    "'",
    "«",
    "»",
    "Kazakh President Kassym-Jomart Tokayev",
    "John Smith protested.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=25), st.sampled_from(FRAGMENTS)), max_size=10).map("".join))
def test_arbitrary_text_never_breaks_the_coder(text: str) -> None:
    document = Document(id="h", text=text, published="2022-01-07")
    for r in coder().code(document):
        d = r.to_dict()
        info = d["text_info"]
        assert 0 <= info["start"] <= info["end"] <= len(text)
        assert d["text"] == text[info["start"] : info["end"]]
        assert d["event"] and d["actor"]


def test_empty_and_blank_documents_give_no_records() -> None:
    for text in ("", " ", "\n\n\n", "\u200b"):
        assert code_text(text) == []


# ---------------------------------------------------------------------- reciprocal clashes
def _parties(text: str, trigger: str) -> list[tuple[set[str | None], set[str | None]]]:
    return [
        ({a.code for a in r.actor}, {e.code for e in r.recipient})
        for r in code_text(text)
        if r.trigger and trigger in r.trigger.split()
    ]


@pytest.mark.parametrize(
    ("text", "trigger", "one", "other"),
    [
        ("Indian and Chinese soldiers clashed in the Galwan valley on Monday.", "clashed", "IND", "CHN"),
        (
            "Eritrean and Ethiopian troops fought each other near Badme last week, a diplomat said.",
            "fought",
            "ERI",
            "ETH",
        ),
        # fire traded or exchanged as gunfire is the same clash
        ("Indian and Pakistani troops traded fire across the Line of Control.", "traded", "IND", "PAK"),
        ("Thai and Cambodian soldiers exchanged gunfire near the temple.", "exchanged", "THA", "KHM"),
        # a dateline the parser takes for the subject
        (
            "YEREVAN, Armenia — Armenian and Azerbaijani forces exchanged fire on Tuesday near the village "
            "of Sotk.",
            "exchanged",
            "ARM",
            "AZE",
        ),
    ],
)
def test_a_reciprocal_clash_is_one_record_each_way(text: str, trigger: str, one: str, other: str) -> None:
    assert sorted(_parties(text, trigger), key=str) == sorted([({one}, {other}), ({other}, {one})], key=str)


def test_the_harm_of_a_clash_folds_into_it() -> None:
    text = (
        "Armenian and Azerbaijani troops exchanged fire along the border overnight, and three soldiers were "
        "killed and five injured, officials in Yerevan said."
    )
    records = code_text(text)
    triggers = [r.trigger or "" for r in records]
    assert all(t.startswith("exchanged") for t in triggers), triggers
    assert len(records) == 2
    # the harm is told once: on the first record, not again on its mirror (sums over records count it once)
    assert [r.size for r in records] == [{"dead": 3, "injured": 5}, None], [r.size for r in records]
    assert all("reciprocal" not in str(r.to_dict()) for r in records)


def test_one_side_named_alone_is_no_reciprocal_clash() -> None:
    records = code_text("Police and protesters clashed in Nairobi on Tuesday.")
    assert len([r for r in records if r.trigger == "clashed"]) == 1
