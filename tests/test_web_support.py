"""Stores for the web tests, built once per test process (module-level caches, no conftest needed).

* :func:`seed_store` — the five seed reports coded by the real coder, merged when this nestor has the
  merge step, plus :data:`HOSTILE`: reports whose text, title, outlet and entity names carry markup
  (``<script>``, ``onerror=`` handlers, broken tags) that every page must show as text.
* :func:`synthetic_store` — small hand-made records with known dates, types and places (no model).
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from nestor.ingest_run import ingest_items
from nestor.merge import merge_store
from nestor.models import Document, Entity, EventRecord, Place
from nestor.settings import Settings
from nestor.store import Store

SEED = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seed-documents.jsonl"
XSS_SCRIPT = "<script>window.__xss = 1</script>"
XSS_IMG = '<img src=x onerror="window.__xss = 2">'
BROKEN = "<b><i>unclosed <a href='javascript:window.__xss=3'>link"
HOSTILE_ID = "hostile-<b>1</b>"

HOSTILE = (
    Document(
        id=HOSTILE_ID,
        text=(
            f"Protesters {XSS_SCRIPT} stormed the akimat in Almaty on Wednesday. "
            f"Police {XSS_IMG} arrested 20 protesters in Almaty. {BROKEN}"
        ),
        title=f"Unrest {XSS_IMG} in Almaty",
        publication=f"Wire {BROKEN}",
        published="2022-01-06",
        language="en",
    ),
)


def _entity(code: str, sector: str, name: str) -> Entity:
    return Entity(code=code, sector=sector, entity_text=name, identifier_text=name)


def synthetic_record(doc: Document, n: int, event: str, quad: int, date: str, **kw: object) -> EventRecord:
    """A hand-made record of ``doc``'s sentence ``n`` (the whole text when it has one sentence)."""
    text = str(kw.get("text", doc.text))
    start = doc.text.index(text)
    return EventRecord(
        id=f"{doc.id}:{n}",
        date=date,
        date_precision="day" if len(date) == 10 else "month",
        event=[event],
        mode=[],
        context=[],
        actor=[kw.get("actor", _entity("KAZ", "CVL", "Protesters"))],  # type: ignore[list-item]
        recipient=[kw.get("recipient", _entity("KAZ", "GOV", "Government of Kazakhstan"))],  # type: ignore[list-item]
        quad_code=quad,
        event_scale=float(kw.get("scale", -5.0)),  # type: ignore[arg-type]
        cameo="14",
        text=text,
        text_info={"sequence": n, "start": start, "end": start + len(text)},
        cite_info=doc.cite_info(),
        modality={"realis": str(kw.get("realis", "actual")), "cue": None},
        attribution=kw.get("attribution"),  # type: ignore[arg-type]
        event_loc=kw.get("loc"),  # type: ignore[arg-type]
        coder="nestor test",
        coded_date="2026-11-01T00:00:00Z",
    )


ALMATY = Place(name="Almaty", country_code="KAZ", lat=43.25, lon=76.92, geonameid=1526384)
MOSCOW = Place(name="Moscow", country_code="RUS", lat=55.75, lon=37.62, geonameid=524901)


def _hostile_records(doc: Document) -> list[EventRecord]:
    first, second = doc.text.split(". ")[:2]
    return [
        synthetic_record(doc, 0, "PROTEST", 3, "2022-01-05", text=first + ".", loc=ALMATY),
        synthetic_record(
            doc,
            1,
            "ASSAULT",
            4,
            "2022-01-06",
            text=second + ".",
            actor=_entity("KAZ", "COP", f"Police {XSS_IMG}"),
            recipient=_entity("KAZ", "CVL", f"Protesters {XSS_SCRIPT}"),
            attribution={"claimant": _entity("KAZ", "GOV", f"Ministry {BROKEN}").to_dict(), "cue": "said"},
            loc=ALMATY,
        ),
    ]


def build_synthetic(path: Path) -> Path:
    """Three reports, five events over three days, two places, one planned and one attributed event."""
    docs = {
        "s1": Document(
            id="s1",
            text="Protesters rallied in Almaty. Troops will deploy on Friday.",
            publication="Steppe Wire",
            published="2022-01-05",
        ),
        "s2": Document(
            id="s2", text="Moscow sent aid to Almaty.", publication="Volga Daily", published="2022-01-06"
        ),
        "s3": Document(
            id="s3", text="Police attacked the crowd.", publication="Steppe Wire", published="2022-01-07"
        ),
    }
    records = {
        "s1": [
            synthetic_record(
                docs["s1"], 0, "PROTEST", 3, "2022-01-05", text="Protesters rallied in Almaty.", loc=ALMATY
            ),
            synthetic_record(
                docs["s1"], 1, "MOBILIZE", 4, "2022-01-07", text="Troops will deploy on Friday.",
                realis="planned", actor=_entity("RUS", "MIL", "Russian troops"), loc=ALMATY,
            ),
        ],
        "s2": [
            synthetic_record(
                docs["s2"], 0, "AID", 2, "2022-01-06", actor=_entity("RUS", "GOV", "Government of Russia"),
                scale=5.0, loc=MOSCOW,
                attribution={"claimant": _entity("RUS", "GOV", "Kremlin").to_dict(), "cue": "said"},
            ),
        ],
        "s3": [
            synthetic_record(
                docs["s3"], 0, "ASSAULT", 4, "2022-01-07", actor=_entity("KAZ", "COP", "Police")
            ),
            synthetic_record(docs["s3"], 1, "PROTEST", 3, "2022-01", text="the crowd"),
        ],
    }  # fmt: skip
    with Store.open(path) as store:
        for key, doc in docs.items():
            store.write_document(doc, records[key])
    return path


@lru_cache(maxsize=1)
def seed_store() -> Path:
    """The seed reports and the hostile ones, coded by the real coder; built once per process."""
    import pytest

    if not SEED.is_file():
        pytest.skip(f"shared data not available: {SEED}")
    from nestor.ingest import iter_documents

    folder = Path(tempfile.mkdtemp(prefix="nestor-web-"))
    path = folder / "seed.db"
    settings = Settings(db=str(path), workers=1)
    with Store.open(path) as store:
        report = ingest_items(iter_documents([str(SEED)], settings), settings, store)
        assert report.stored == 5, report.summary()
        for doc in HOSTILE:
            store.write_document(doc, _hostile_records(doc))
        merge_store(store, settings)
    return path


@lru_cache(maxsize=1)
def synthetic_store() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="nestor-web-"))
    return build_synthetic(folder / "synthetic.db")


def test_synthetic_store_has_what_the_tests_expect() -> None:
    with Store.open(synthetic_store(), create=False) as store:
        assert store.counts()["events"] == 5
        assert store.counts()["documents"] == 3
