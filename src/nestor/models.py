"""Plain data objects passed between stages: documents in, event records out.

Everything here is a frozen or simple dataclass of builtins, so it pickles cheaply across a process pool
or to Dask workers, and ``to_dict`` gives exactly the JSON of ``shared/spec/output.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def content_id(text: str) -> str:
    """A stable id for a document that came without one: a hash of its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One news report as read from the input."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime, as given
    publication: str | None = None  # the outlet
    language: str | None = None
    source: str | None = None  # file path (or "-") it was read from
    line: int | None = None  # line (JSONL/CSV) within ``source``

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def cite_info(self) -> dict[str, Any]:
        return {
            "citation": self.id,
            "url": self.url,
            "title": self.title,
            "publication": self.publication,
            "language": self.language,
            "published": self.published,
        }


@dataclass(slots=True)
class Entity:
    """An actor, recipient or claimant: country (or non-state code) plus sector."""

    code: str | None
    sector: str | None
    entity_text: str
    identifier_text: str | None = None
    office: str | None = None
    # where a code the text does not give came from: "place" (where the event happens) or "report"
    # (the country the report is about); None when the actor's own words give it
    code_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "code": self.code,
            "sector": self.sector,
            "entity_text": self.entity_text,
            "identifier_text": self.identifier_text,
        }
        if self.office:
            d["office"] = self.office
        if self.code_from:
            d["code_from"] = self.code_from
        return d


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place name."""

    name: str
    country_code: str | None  # ISO 3166 alpha-3
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    admin1: str | None = None
    feature: str = "city"  # city | country | region | county
    geo_precision: str | None = None  # continent | country | admin1 | admin2 | place (None: not known)
    admin2: str | None = None  # the county or district, where known
    feature_class: str | None = None  # GeoNames feature class: A (country, division), P (populated place)

    def to_dict(self) -> dict[str, Any]:
        """The output contract's location object; the admin-level fields only where known."""
        d = asdict(self)
        d.pop("feature")
        for key in ("geo_precision", "admin2", "feature_class"):
            if d[key] is None:
                d.pop(key)
        return d


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date with the precision the text supports."""

    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year
    text: str | None = None  # the words it came from; None when it is the publication date


@dataclass(slots=True)
class EventRecord:
    """One coded event: the output contract's record."""

    id: str
    date: str | None
    date_precision: str | None
    event: list[str]
    mode: list[str]
    context: list[str]
    actor: list[Entity]
    recipient: list[Entity]
    quad_code: int
    event_scale: float
    cameo: str | None
    text: str
    text_info: dict[str, int]
    cite_info: dict[str, Any]
    modality: dict[str, Any]
    attribution: dict[str, Any] | None
    coder: str
    coded_date: str
    event_loc: Place | None = None
    size: dict[str, int] | None = None
    trigger: str | None = None  # the words that carried the event (nestor's own, for review)
    # how sure the learned type model is of the type the trigger was given (before PLOVER's conventions
    # turn, say, announced cooperation into AGREE; None: coded by the rules alone), and which layer
    # decided it: lexicon | lexicon+model | model | model-override
    confidence: float | None = None
    typed_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "date_precision": self.date_precision,
            "event": list(self.event),
            "mode": list(self.mode),
            "context": list(self.context),
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [r.to_dict() for r in self.recipient],
            "quad_code": self.quad_code,
            "event_scale": self.event_scale,
            "cameo": self.cameo,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "text": self.text,
            "text_info": dict(self.text_info),
            "cite_info": dict(self.cite_info),
            "modality": dict(self.modality),
            "attribution": self.attribution,
            "size": dict(self.size) if self.size else None,
            "trigger": self.trigger,
            "confidence": self.confidence,
            "typed_by": self.typed_by,
            "coder": self.coder,
            "coded_date": self.coded_date,
        }
        d.update(self.extra)
        return d


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name a report uses for a person, an organisation or a place, with what the report resolves it to.

    ``name`` is the fullest form the report itself gives ("Kassym-Zhomart Tokayev" for a later "Tokayev",
    "Collective Security Treaty Organization" for "the CSTO", "Almaty" for "Alma-Ata"); linking names
    across reports is the merge step's work.
    """

    sequence: int
    start: int
    end: int
    text: str
    type: str  # PERSON | ORG | PLACE
    name: str
    code: str | None = None
    sector: str | None = None
    office: str | None = None
    geonameid: int | None = None  # a place's GeoNames id, as the toponym resolver reads it in context
    geo_precision: str | None = None  # a place's level: continent | country | admin1 | admin2 | place


@dataclass(frozen=True, slots=True)
class StatementClaim:
    """A sentence that states something as a claim: a named source's, or the outlet's own when it asserts
    with certainty language and names no source (``sourced`` False, ``claimant`` None: the outlet)."""

    id: str
    sequence: int
    start: int
    end: int
    text: str
    claim: str
    cue: str
    sourced: bool
    claimant: Entity | None = None


@dataclass(slots=True)
class CodedDocument:
    """What the per-document work produces: the document, its event records, the names it uses and the
    claims it reports. The store writes all of it in one transaction."""

    document: Document
    records: list[EventRecord]
    mentions: list[NameMention] = field(default_factory=list)
    claims: list[StatementClaim] = field(default_factory=list)
