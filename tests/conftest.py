"""Shared fixtures: stores, small documents, hand-built event records and a coder that needs no model."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from nestor.models import CodedDocument, Document, Entity, EventRecord
from nestor.settings import SETTINGS, Settings
from nestor.store import Store

CODED_DATE = "2026-11-01T00:00:00Z"
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_KEYWORDS = (
    ("protest", "PROTEST", 3),
    ("attack", "ASSAULT", 4),
    ("troops", "MOBILIZE", 4),
    ("aid", "AID", 2),
)


def entity(
    code: str | None, sector: str | None = None, text: str = "someone", name: str | None = None
) -> Entity:
    return Entity(code=code, sector=sector, entity_text=text, identifier_text=name)


def build_record(
    document: Document,
    sequence: int = 0,
    *,
    event: str | list[str] = "PROTEST",
    actor: list[Entity] | None = None,
    recipient: list[Entity] | None = None,
    date: str | None = "2022-01-05",
    precision: str | None = "day",
    realis: str = "actual",
    claimant: Entity | None = None,
    quad: int = 3,
    text: str | None = None,
    start: int = 0,
    event_id: str | None = None,
) -> EventRecord:
    """An event record built by hand (what the coder would give); its id is ``document id:sequence``."""
    sentence = document.text if text is None else text
    return EventRecord(
        id=event_id or f"{document.id}:{sequence}",
        date=date,
        date_precision=precision,
        event=[event] if isinstance(event, str) else list(event),
        mode=[],
        context=[],
        actor=[entity("KAZ", "CVL", "protesters", "Protesters")] if actor is None else actor,
        recipient=[entity("KAZ", "GOV", "the government", "Government of Kazakhstan")]
        if recipient is None
        else recipient,
        quad_code=quad,
        event_scale=-2.0,
        cameo="14",
        text=sentence,
        text_info={"sequence": sequence, "start": start, "end": start + len(sentence)},
        cite_info=document.cite_info(),
        modality={"realis": realis, "cue": None},
        attribution=None if claimant is None else {"claimant": claimant.to_dict(), "cue": "said"},
        coder="nestor test",
        coded_date=CODED_DATE,
    )


def records_for(document: Document) -> list[EventRecord]:
    """What the fake coder finds: one event per sentence that has a keyword (deterministic)."""
    out = []
    for m in _SENTENCE.finditer(document.text):
        sentence = m.group().strip()
        for word, event, quad in _KEYWORDS:
            if word in sentence.lower():
                start = document.text.index(sentence, m.start())
                out.append(
                    build_record(document, len(out), event=event, quad=quad, text=sentence, start=start)
                )
                break
    return out


class FakeCoder:
    """Stands in for ``pipeline.code_documents``: same interface, no model; counts what it codes."""

    def __init__(self) -> None:
        self.coded: list[str] = []

    def __call__(
        self, docs: Iterable[Document], settings: Settings
    ) -> Iterator[CodedDocument]:
        for doc in docs:
            self.coded.append(doc.id)
            yield CodedDocument(doc, records_for(doc))


def doc(id: str, text: str, **fields: Any) -> Document:
    return Document(id=id, text=text, **fields)


def clear_nestor_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No NESTOR_* setting from the environment the tests run in reaches the command under test."""
    for s in SETTINGS:
        monkeypatch.delenv("NESTOR_" + s.name.upper(), raising=False)


def cli_invoker() -> Callable[..., Result]:
    """The real ``nestor`` command run in-process: ``invoke(*args, input=..., env=...)``."""
    from nestor.cli import cli

    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def make_record() -> Callable[..., EventRecord]:
    return build_record


@pytest.fixture
def fake_coder() -> FakeCoder:
    return FakeCoder()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    with Store.open(":memory:") as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nestor.db"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(db=str(db_path), workers=1)


@pytest.fixture
def documents() -> list[Document]:
    """Three small reports: one with two events, one with one, one with none."""
    return [
        doc(
            "a",
            "Thousands protest in Almaty. Police attack the crowd near the square.",
            title="Protests in Almaty",
            publication="Northern Wire",
            published="2022-01-05",
            source="reports.jsonl",
            line=1,
        ),
        doc(
            "b",
            "Russia sends troops to Kazakhstan. The weather was cold.",
            title="Troops",
            publication="Caspian Daily",
            published="2022-01-06",
            source="reports.jsonl",
            line=2,
        ),
        doc("c", "Nothing happened today.", publication="Steppe Courier", source="reports.jsonl", line=3),
    ]
