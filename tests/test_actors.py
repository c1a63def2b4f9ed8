"""Actor resolution on short texts with the production model: persons and their registry, capitals and
institutions for governments, demonyms, organisations, sector nouns, pronouns in reported speech."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text, coder
from nestor.models import Entity, EventRecord

pytestmark = pytest.mark.slow


def resolve(text: str, head: str, nth: int = 0) -> list[Entity]:
    """The entities the resolver gives the argument headed by the ``nth`` token ``head`` of ``text``."""
    c = coder()
    doc = c.nlp(text)
    ctx = c.actors.prepare(doc)
    tok = [t for t in doc if t.text == head][nth]
    return c.actors.resolve(tok, ctx)


def codes(entities: list[Entity]) -> list[tuple[str | None, str | None]]:
    return [(e.code, e.sector) for e in entities]


def one(records: list[EventRecord], etype: str) -> EventRecord:
    found = [r for r in records if r.event == [etype]]
    assert len(found) == 1, [(r.event, r.trigger) for r in records]
    return found[0]


# ---------------------------------------------------------------------- persons
TOKAYEV = (
    "Kazakh President Kassym-Jomart Tokayev met Putin in Moscow. "
    "Tokayev said the CSTO would send peacekeepers to Kazakhstan."
)


def test_a_surname_resolves_to_the_person_introduced_with_his_office() -> None:
    ents = resolve(TOKAYEV, "Tokayev", nth=1)
    assert codes(ents) == [("KAZ", "GOV")]
    assert ents[0].entity_text == "Tokayev"


def test_the_claimant_of_a_later_sentence_is_the_registered_person() -> None:
    rec = one(code_text(TOKAYEV), "AGREE")
    assert rec.attribution is not None
    claimant = rec.attribution["claimant"]
    assert (claimant["code"], claimant["sector"]) == ("KAZ", "GOV")


def test_the_registry_keeps_the_full_name() -> None:
    text = "President Kassym-Jomart Tokayev of Kazakhstan met Putin. Tokayev asked the CSTO for help."
    rec = one(code_text(text), "REQUEST")
    (actor,) = rec.actor
    assert (actor.code, actor.sector, actor.entity_text) == ("KAZ", "GOV", "Tokayev")
    assert actor.identifier_text == "Kassym-Jomart Tokayev"


def test_a_hyphenated_first_name_is_kept_whole() -> None:
    (ent,) = resolve(TOKAYEV, "Tokayev", nth=1)
    assert ent.identifier_text == "Kassym-Jomart Tokayev"


def test_an_official_of_a_national_security_council_belongs_to_its_country() -> None:
    text = (
        "State Secretary of the Security Council of Belarus Alexander Volfovich said the CSTO "
        "peacekeepers will return from Kazakhstan."
    )
    assert codes(resolve(text, "Volfovich")) == [("BLR", "GOV")]


COUNTERPART = "Putin met his Belarusian counterpart Alexander Lukashenko in Moscow."


def test_a_counterpart_takes_the_country_of_its_demonym() -> None:
    rec = one(code_text(COUNTERPART), "CONSULT")
    assert [(r.code, r.sector) for r in rec.recipient] == [("BLR", "GOV")]


def test_a_counterpart_keeps_the_persons_name() -> None:
    rec = one(code_text(COUNTERPART), "CONSULT")
    assert [r.identifier_text for r in rec.recipient] == ["Alexander Lukashenko"]


# ---------------------------------------------------------------------- states, capitals, institutions
def test_a_capital_that_speaks_is_its_government() -> None:
    assert codes(resolve("Moscow said Ukrainian troops shelled the village.", "Moscow")) == [("RUS", "GOV")]
    rec = one(code_text("Moscow said Ukrainian troops shelled the village."), "ASSAULT")
    assert rec.attribution is not None
    assert (rec.attribution["claimant"]["code"], rec.attribution["claimant"]["sector"]) == ("RUS", "GOV")


def test_the_kremlin_is_the_russian_government() -> None:
    rec = one(code_text("The Kremlin threatened to impose sanctions on Ukraine."), "THREATEN")
    assert codes(rec.actor) == [("RUS", "GOV")]
    assert codes(rec.recipient) == [("UKR", "GOV")]


def test_coordinated_demonyms_give_one_entity_per_country() -> None:
    ents = resolve("Russian and Chinese troops attacked the rebels in Syria.", "troops")
    assert codes(ents) == [("RUS", "MIL"), ("CHN", "MIL")]
    rec = one(code_text("Russian and Chinese troops attacked the rebels in Syria."), "ASSAULT")
    assert codes(rec.actor) == [("RUS", "MIL"), ("CHN", "MIL")]
    assert codes(rec.recipient) == [("SYR", "REB")]


def test_an_organisation_acronym_gets_its_code_and_canonical_name() -> None:
    rec = one(code_text("The CSTO sent peacekeepers to Kazakhstan."), "AID")
    (actor,) = rec.actor
    assert (actor.code, actor.identifier_text) == ("IGO", "Collective Security Treaty Organization")
    assert codes(rec.recipient) == [("KAZ", "GOV")]


def test_police_take_the_country_of_the_place() -> None:
    rec = one(code_text("Police arrested dozens of protesters in Almaty."), "COERCE")
    assert codes(rec.actor) == [("KAZ", "COP")]
    assert codes(rec.recipient) == [("KAZ", "CVL")]


# ---------------------------------------------------------------------- pronouns
@pytest.mark.parametrize(
    ("text", "etype"),
    [("Iran said it would attack Israel.", "THREATEN"), ("Iran said it would send aid to Syria.", "AGREE")],
)
def test_a_pronoun_in_reported_speech_is_the_speaker(text: str, etype: str) -> None:
    rec = one(code_text(text), etype)
    (actor,) = rec.actor
    assert (actor.code, actor.entity_text) == ("IRN", "it")
    assert rec.modality["realis"] == "planned"


def test_a_person_pronoun_follows_the_last_named_subject() -> None:
    text = "Kazakhstan's President Kassym-Jomart Tokayev arrived in Moscow. He asked the CSTO for help."
    rec = one(code_text(text), "REQUEST")
    (actor,) = rec.actor
    assert (actor.code, actor.sector, actor.entity_text) == ("KAZ", "GOV", "He")
    assert actor.identifier_text == "Kassym-Jomart Tokayev"


# ---------------------------------------------------------------------- defects fixed
def test_its_troops_belong_to_the_antecedent() -> None:
    rec = one(code_text("Russia said its troops attacked rebels in Syria."), "ASSAULT")
    assert codes(rec.actor) == [("RUS", "MIL")]


def test_the_recipient_is_not_listed_twice() -> None:
    rec = one(code_text("Russia sent troops to Kazakhstan on Monday."), "MOBILIZE")
    assert codes(rec.recipient) == [("KAZ", "GOV")]


def test_the_speaker_is_not_the_place_of_the_event() -> None:
    rec = one(code_text("Moscow said rebels shelled the village."), "ASSAULT")
    assert rec.event_loc is None or rec.event_loc.name != "Moscow"
    assert "RUS" not in {e.code for e in (*rec.actor, *rec.recipient)}


def test_the_actor_is_not_its_own_recipient() -> None:
    rec = one(code_text("Iran promised to release the prisoners."), "AGREE")
    assert codes(rec.recipient) != [("IRN", None)]


def test_one_edit_apart() -> None:
    from nestor.resolve.actors import _one_edit

    assert _one_edit("ethiopia", "ethopia") and _one_edit("qatar", "quatar")
    assert _one_edit("venezuela", "venezeula") and _one_edit("gambia", "zambia")
    assert not _one_edit("kenya", "kenya") and not _one_edit("afghanistan", "afganstan")
