"""The coder with the learned event-type layer on (the shipped model and the production pipeline):
unknown actors, natural hazards, one record per happening, events only the model finds, the
``typed_by`` and ``confidence`` fields, and headlines. Sentences written for these tests.

The model may be rebuilt: no test pins a probability, only which side of a threshold it falls on where
that is the behaviour under test.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from coder_fixtures import code_text, coder
from nestor.coding.coder import EventCoder
from nestor.learn.typer import MODEL_STEM, MODELS
from nestor.models import Document, EventRecord
from nestor.settings import Settings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (MODELS / f"{MODEL_STEM}.types.npz").is_file(),
        reason=f"no shipped model: {MODELS / (MODEL_STEM + '.types.npz')} is absent (make model)",
    ),
]

TYPED_BY = {"lexicon", "lexicon+model", "model", "model-override"}
ARMED_NON_STATE = {"UAF", "REB"}  # unidentified armed force, rebels


def of_type(records: list[EventRecord], etype: str) -> list[EventRecord]:
    return [r for r in records if r.event == [etype]]


def show(records: list[EventRecord]) -> list[tuple]:
    return [(r.event, r.trigger, r.typed_by, r.confidence) for r in records]


def candidates(text: str, rules_only: bool = False) -> list:
    sent = next(coder().nlp(text).sents)
    return (rules_only_coder() if rules_only else coder()).finder.find(sent)


@lru_cache(maxsize=1)
def rules_only_coder() -> EventCoder:
    """The coder with the learned layer off, on the same (already loaded) pipeline."""
    return EventCoder(coder().nlp, Settings(workers=1, event_model="off"))


# ---------------------------------------------------------------------- unknown actors
def test_gunmen_are_kept_as_an_unknown_armed_actor() -> None:
    text = "Gunmen killed dozens of villagers in overnight raids, officials said on Monday."
    recs = of_type(code_text(text), "ASSAULT")
    assert recs, "no ASSAULT record"
    actors = [a for r in recs for a in r.actor]
    gunmen = [a for a in actors if a.sector in ARMED_NON_STATE]
    assert gunmen, [(a.code, a.sector, a.entity_text) for a in actors]
    for a in gunmen:
        # no country in the sentence: the code stays null, or a filled code says where it came from
        assert (a.code is None and a.code_from is None) or (a.code is not None and a.code_from is not None)


@pytest.mark.xfail(
    reason="defect: 'lob' is in neither the trigger lexicon nor WordNet's synonyms of a trigger, so only "
    "the model can type 'lobbed'; whether it clears model_confidence changes from one training to the next",
    strict=False,
)
def test_a_grenade_lobbed_at_a_police_post_is_an_assault() -> None:
    recs = code_text("A grenade was lobbed at a police post in the town on Sunday night.")
    assert of_type(recs, "ASSAULT"), show(recs)


# ---------------------------------------------------------------------- natural hazards
@pytest.mark.parametrize(
    ("text", "has_killing_verb"),
    [
        ("Floods killed 40 people in the district on Monday.", True),
        ("A tsunami killed three people on the island on Saturday.", True),
        ("Twelve people died when a bus plunged into a river.", False),  # no ASSAULT candidate at all
    ],
)
def test_deaths_from_hazards_are_no_assault(text: str, has_killing_verb: bool) -> None:
    recs = code_text(text)
    assert not of_type(recs, "ASSAULT"), show(recs)
    # where 'killed' is a lexicon candidate, the rules alone (the hazard rule) drop it as well: it is
    # not a missed trigger, and not left to the model
    found = [c.token.lower_ for c in candidates(text, rules_only=True)]
    assert ("killed" in found) is has_killing_verb, found
    assert not of_type(rules_only_coder().code(Document(id="t", text=text)), "ASSAULT")


# ---------------------------------------------------------------------- one event, one record
def test_an_air_strike_that_kills_is_one_assault_with_its_toll() -> None:
    text = "Government aircraft struck a market in the city on Monday, killing 12 people."
    found = {c.token.text for c in candidates(text)}
    assert {"struck", "killing"} <= found  # two triggers of the one happening
    recs = of_type(code_text(text), "ASSAULT")
    assert len(recs) == 1, show(recs)
    assert recs[0].size is not None and recs[0].size.get("dead") == 12, recs[0].size


# ---------------------------------------------------------------------- the model's own events
def test_a_verb_outside_the_lexicon_is_typed_by_the_model() -> None:
    text = "Rebels recaptured the town on Tuesday."
    assert coder().lex.match_verb(next(t for t in coder().nlp(text) if t.text == "recaptured")) is None
    recs = code_text(text)
    (rec,) = [r for r in recs if r.trigger == "recaptured"]
    assert rec.event == ["ASSAULT"] and rec.typed_by == "model"
    assert rec.confidence is not None and rec.confidence >= coder().settings.model_confidence
    rules = rules_only_coder().code(Document(id="t", text=text))
    assert not [r for r in rules if r.trigger == "recaptured"]


def test_a_lexicon_verb_the_model_agrees_with() -> None:
    recs = code_text("The army deployed soldiers in the capital on Tuesday.")
    (rec,) = of_type(recs, "MOBILIZE")
    assert rec.typed_by == "lexicon+model" and 0.0 <= rec.confidence <= 1.0


def test_rebels_recapturing_a_town_is_an_assault() -> None:
    recs = code_text("Rebels recaptured the town on Tuesday.")
    assert of_type(recs, "ASSAULT"), show(recs)


def test_summoning_an_ambassador_is_an_accusation() -> None:
    recs = code_text("Kenya summoned the Ugandan ambassador on Tuesday over the border dispute.")
    assert of_type(recs, "ACCUSE"), show(recs)


# ---------------------------------------------------------------------- typed_by and confidence
SENTENCES = [
    "Gunmen killed dozens of villagers in overnight raids, officials said on Monday.",
    "Government aircraft struck a market in the city on Monday, killing 12 people.",
    "Rebels recaptured the town on Tuesday.",
    "The army deployed soldiers in the capital on Tuesday.",
    "Police detained dozens of protesters outside the parliament in Nairobi on Tuesday.",
    "The European Union suspended aid to the junta on Thursday.",
    "The foreign ministers of Peru and Chile met in Lima to discuss the border.",
    "Rioters looted shops in the capital on Friday.",
]


def test_every_record_says_how_it_was_typed_and_how_sure_the_model_is() -> None:
    recs = [r for text in SENTENCES for r in code_text(text)]
    assert len(recs) >= len(SENTENCES) - 1
    for r in recs:
        assert r.typed_by in TYPED_BY, (r.trigger, r.typed_by)
        assert r.confidence is not None and 0.0 <= r.confidence <= 1.0, (r.trigger, r.confidence)
        d = r.to_dict()
        assert d["typed_by"] == r.typed_by and d["confidence"] == r.confidence
    assert "model" in {r.typed_by for r in recs}


def test_with_the_model_off_every_record_is_the_lexicons() -> None:
    rules = rules_only_coder()
    assert rules.finder.typer is None
    recs = [r for text in SENTENCES for r in rules.code(Document(id="t", text=text))]
    assert recs
    for r in recs:
        assert r.typed_by == "lexicon" and r.confidence is None, (r.trigger, r.typed_by, r.confidence)


def test_get_coder_honours_event_model_off() -> None:
    from nestor.pipeline import get_coder

    assert get_coder(Settings(workers=1)).finder.typer is not None  # the default coder, now cached
    assert get_coder(Settings(workers=1, event_model="off")).finder.typer is None


# ---------------------------------------------------------------------- headlines
def test_a_headline_the_body_repeats_yields_the_bodys_record_only() -> None:
    text = (
        "Warplanes strike market, killing 12\n"
        "Government aircraft struck a market in the city on Monday, killing 12 people. "
        "Officials condemned the raid."
    )
    recs = of_type(code_text(text), "ASSAULT")
    assert len(recs) == 1, show(recs)
    assert recs[0].text_info["sequence"] > 1  # from the body, not the headline


def test_a_headline_event_the_body_does_not_tell_is_kept() -> None:
    text = (
        "Police arrest opposition leader\n"
        "Rebels attacked an army base in the north of the country on Sunday, the military said."
    )
    recs = code_text(text)
    (arrest,) = of_type(recs, "COERCE")
    assert arrest.text_info["sequence"] == 1
    assert of_type(recs, "ASSAULT")


@pytest.mark.parametrize(
    "text",
    [
        "A minibus collided with a fuel tanker outside the provincial capital on Friday, killing 17 people.",
        "A ferry capsized on the river near the market town, killing at least 40 passengers.",
        "A copper mine collapsed in the north of the country, trapping and killing 55 miners.",
        "Three people were killed by the cyclone that hit the coast on Sunday, the government said.",
        "Lightning strikes killed nine herders in the hills on Saturday.",
    ],
)
def test_accidents_and_named_hazards_are_no_assault(text: str) -> None:
    recs = code_text(text)
    assert not of_type(recs, "ASSAULT"), show(recs)


def test_a_crowd_that_rallies_is_a_civilian_protest() -> None:
    recs = of_type(code_text("Thousands rallied in Nairobi against the new tax on Saturday."), "PROTEST")
    assert recs and recs[0].actor[0].sector == "CVL", show(recs)


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the town after the flood.",
        "Police beat protesters in the capital amid the coronavirus pandemic.",
        "Three civilians were killed by artillery fire near the front line.",
        "Soldiers killed three villagers during the drought.",
        "Gunmen killed four people after the fall of the government.",
        "A car bomb exploded near a checkpoint, killing five soldiers.",
    ],
)
def test_violence_at_the_time_of_a_hazard_is_still_an_assault(text: str) -> None:
    assert of_type(code_text(text), "ASSAULT"), show(code_text(text))


def test_two_attacks_with_their_own_subjects_are_two_records() -> None:
    text = "Rebels attacked the base in the north and the army attacked the rebel camp in the south."
    assert len(of_type(code_text(text), "ASSAULT")) == 2


def test_a_headline_of_another_happening_is_kept() -> None:
    text = "Police kill 3 protesters in the capital\nSoldiers killed two rebels in the east on Monday."
    assert len(of_type(code_text(text), "ASSAULT")) == 2
