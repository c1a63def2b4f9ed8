"""``nestor.Coder``: code text into PLOVER event records, without a store.

    >>> from nestor import Coder
    >>> coder = Coder()
    >>> events = coder.code("Police detained 40 protesters in Almaty on Tuesday.", published="2022-01-05")
    >>> [e.event for e in events]
    [['COERCE']]

In your own spaCy pipeline, the component ``nestor_events`` codes every document it sees and sets
``doc._.events`` (a list of :class:`~nestor.models.EventRecord`; ``doc._.published`` set before, when
known, dates the events)::

    nlp = spacy.load("en_core_web_md")
    nlp.add_pipe("nestor_events")          # found through spaCy's entry points once nestor is installed
    doc = nlp("Protesters gathered in Almaty on Tuesday.")
    doc._.events

The component needs a pipeline with a tagger, a dependency parser and named entities (an English
``core_web`` pipeline); nestor's own pipeline adds paragraph boundaries, which yours may lack.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from .chronicle import Config, resolve_config
from .models import Document, EventRecord, content_id

if TYPE_CHECKING:
    from .coding.coder import EventCoder

COMPONENT = "nestor_events"
Event = EventRecord


class Coder:
    """Codes texts with nestor's coder. ``config`` as for :class:`~nestor.Chronicle` (Settings, a TOML
    file, a mapping, or None for the defaults); ``nlp`` a loaded spaCy pipeline to parse with instead of
    the ``model`` setting's. The pipeline is loaded on first use."""

    def __init__(self, config: Config = None, *, nlp: Language | None = None) -> None:
        self.settings = resolve_config(config)
        self._nlp = nlp
        self._engine: EventCoder | None = None

    @property
    def engine(self) -> EventCoder:
        if self._engine is None:
            if self._nlp is None:
                from .pipeline import get_coder

                self._engine = get_coder(self.settings)
            else:
                from .coding.coder import EventCoder

                self._engine = EventCoder(self._nlp, self.settings)
        return self._engine

    @property
    def nlp(self) -> Language:
        return self.engine.nlp

    def code(
        self,
        text: str,
        published: str | None = None,
        *,
        id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        publication: str | None = None,
        language: str | None = None,
    ) -> list[Event]:
        """The events of one report. ``published`` (YYYY-MM-DD) dates "on Tuesday"; the other fields go
        into each record's ``cite_info``. ``record.to_dict()`` is the JSON of the output contract.

        ``published`` is read as ``nestor ingest`` reads it: ISO dates and datetimes, RFC 2822 and
        written-out dates; a numeric ``05/01/2022`` only under the ``date_order`` setting (dmy or mdy).
        ValueError names a value that is no such date ("yesterday", "2022-13-45")."""
        published = self._published(published)
        document = _document(text, published, id, title, url, publication, language)
        return self.engine.code(document)

    def code_doc(
        self, doc: Doc, published: str | None = None, *, id: str | None = None, **cite: Any
    ) -> list[Event]:
        """The events of a document already parsed by :attr:`nlp` (or a compatible pipeline)."""
        document = _document(doc.text, self._published(published), id, **cite)
        return self.engine.code_doc(doc, document).records

    def code_many(self, texts: list[str], published: str | None = None) -> list[list[Event]]:
        """The events of several texts, parsed in one batch."""
        day = self._published(published)
        documents = [_document(t, day) for t in texts]
        return [c.records for c in self.engine.code_many(documents)]

    def _published(self, value: str | None) -> str | None:
        return publication_day(value, self.settings.date_order)


def publication_day(value: str | None, date_order: str = "ymd") -> str | None:
    """``value`` as ``YYYY-MM-DD`` (or ``YYYY``/``YYYY-MM`` as given), read by the ingest's rule
    (:func:`nestor.ingest.records.normalise_published` with ``date_order``); ValueError naming it when
    it is no date nestor reads unambiguously, or one outside the years a report can have."""
    from .ingest.records import PUBLISHED_RANGE, normalise_published, published_in_range

    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"published must be a string (YYYY-MM-DD), got {type(value).__name__}")
    day = normalise_published(value, date_order)
    if day is None or not _is_date(day):
        order = "" if date_order != "ymd" else "; for D/M/Y or M/D/Y set date_order to dmy or mdy"
        raise ValueError(
            f"published {value!r} is not a date nestor reads unambiguously: give YYYY-MM-DD{order}"
        )
    if not published_in_range(day):
        first, last = PUBLISHED_RANGE
        raise ValueError(f"published {value!r} is outside {first.isoformat()}..{last.isoformat()}")
    return day


def _is_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    parts = text.split("-")
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return False
    if any(len(p) != 2 for p in parts[1:]):
        return False
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _document(
    text: str,
    published: str | None = None,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    publication: str | None = None,
    language: str | None = None,
) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return Document(
        id=id or content_id(text),
        text=text,
        title=title,
        url=url,
        published=published,
        publication=publication,
        language=language,
    )


class EventsComponent:
    """The spaCy component: sets ``doc._.events`` with the events nestor codes from the doc."""

    def __init__(self, nlp: Language, config: dict[str, Any] | None = None) -> None:
        self.coder = Coder(config or None, nlp=nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.coder.code_doc(doc, doc._.published)
        return doc


@Language.factory(COMPONENT, default_config={"config": {}})
def make_component(nlp: Language, name: str, config: dict[str, Any]) -> EventsComponent:
    """The ``nestor_events`` factory: registered with spaCy when this module is imported, which spaCy
    does by itself through the ``spacy_factories`` entry point nestor installs."""
    for attr in ("events", "published"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return EventsComponent(nlp, config)
