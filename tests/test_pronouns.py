"""Pronouns in reported speech: the subject of a reported clause ("X said it/they/she …", "X was quoted as
saying he …") is the speaker of the same sentence when it agrees in number and kind; an actor named as
the subject of a clause between the two is the closer antecedent."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text, coder
from nestor.models import Entity

pytestmark = pytest.mark.slow


def resolve(text: str, word: str) -> list[Entity]:
    """The entities the resolver gives the first token ``word`` (case-insensitive) of ``text``."""
    c = coder()
    doc = c.nlp(text)
    ctx = c.actors.prepare(doc)
    tok = next(t for t in doc if t.lower_ == word.lower())
    return c.actors.resolve(tok, ctx)


def codes(entities: list[Entity]) -> list[tuple[str | None, str | None]]:
    return [(e.code, e.sector) for e in entities]


# ---------------------------------------------------------------------- speakers of every kind
@pytest.mark.parametrize(
    ("text", "pronoun", "want"),
    [
        # an organisation, by a common noun
        ("The teachers' union in Kenya announced that it had called off the strike.", "it", [("KEN", "LAB")]),
        ("The Philippine coast guard said it had rescued 30 fishermen.", "it", [("PHL", "COP")]),
        # a country
        ("Iran said it would retaliate against any attack.", "it", [("IRN", "GOV")]),
        # a group by a plural noun
        ("Syrian opposition groups said they would boycott the talks.", "they", [("SYR", "OPP")]),
        ("The rebels claimed they had seized the town.", "they", [(None, "REB")]),
        ("Police in Lagos said they had arrested 40 people.", "they", [(None, "COP")]),
        # an official by title, not by name
        ("Norway's prime minister said he would resign.", "he", [("NOR", "GOV")]),
        ("The Chilean president said he would visit Argentina next week.", "he", [("CHL", "GOV")]),
    ],
)
def test_a_reported_subject_pronoun_is_the_speaker(
    text: str, pronoun: str, want: list[tuple[str | None, str | None]]
) -> None:
    ents = resolve(text, pronoun)
    assert codes(ents) == want
    assert ents[0].entity_text.lower() == pronoun


def test_she_is_a_speaker_named_only_by_office() -> None:
    (e,) = resolve("The prime minister said she had met the envoy.", "she")
    assert (e.sector, e.office) == ("GOV", "prime minister")


def test_quoted_as_saying() -> None:
    ents = resolve(
        "The Indonesian foreign minister was quoted by the agency as saying she would travel to Manila.",
        "she",
    )
    assert codes(ents) == [("IDN", "GOV")]
    assert codes(
        resolve("Ghana's foreign minister was quoted as saying he would be ready to meet the rebels.", "he")
    ) == [("GHA", "GOV")]


def test_a_relative_speaker() -> None:
    text = "The Nigerian army, which said it had killed 20 militants, denied the report."
    assert codes(resolve(text, "it")) == [("NGA", "MIL")]


def test_they_for_a_coordination_is_all_of_it() -> None:
    text = "Peru and Chile have restored their diplomatic ties, officials said."
    assert codes(resolve(text, "their")) == [("PER", "GOV"), ("CHL", "GOV")]


# ---------------------------------------------------------------------- agreement
def test_it_is_not_a_person_speaker() -> None:
    assert resolve("The Bolivian president said it was a mistake.", "it") == []


def test_he_is_not_a_group_speaker() -> None:
    assert resolve("Thai farmers said he had cheated them.", "he") == []


# ---------------------------------------------------------------------- a closer antecedent
def test_a_subject_between_speaker_and_pronoun_is_closer() -> None:
    text = "Kenya said Uganda's army had crossed the border before it withdrew."
    assert codes(resolve(text, "it")) == [("UGA", "MIL")]


def test_a_closer_owner_for_its() -> None:
    text = "Kenya said Uganda's army had crossed the border before its troops withdrew."
    assert codes(resolve(text, "troops")) == [("UGA", "MIL")]


def test_a_closer_subject_that_disagrees_leaves_the_speaker() -> None:
    text = "Kenya said the rebels had crossed the border before it withdrew."
    assert codes(resolve(text, "it")) == [("KEN", "GOV")]


# ---------------------------------------------------------------------- in event records
def test_records_take_the_speaker_for_the_pronoun() -> None:
    recs = code_text("Peru's interior minister said she had expelled two Bolivian diplomats.")
    (rec,) = [r for r in recs if r.event == ["SANCTION"]]
    assert [(a.code, a.sector) for a in rec.actor] == [("PER", "GOV")]


def test_records_take_the_closer_antecedent() -> None:
    recs = code_text("Kenya said Uganda's army had crossed the border before it withdrew.")
    (rec,) = [r for r in recs if r.event == ["RETREAT"]]
    assert [(a.code, a.sector) for a in rec.actor] == [("UGA", "MIL")]


@pytest.mark.slow
def test_he_after_an_office_noun_is_that_official() -> None:
    recs = code_text("The interior minister said he had ordered the arrest of 30 protesters.")
    assert any(a.sector == "GOV" for r in recs for a in r.actor), [(r.event, r.actor) for r in recs]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Nigeria Union of Teachers announced it has called off a strike.", "NGA"),
        ("The Kenya National Union of Nurses said on Friday it had called off a two-week strike.", "KEN"),
    ],
)
def test_it_agrees_with_a_body_whose_name_ends_in_a_sector_word(text: str, code: str) -> None:
    actors = [(a.code, a.sector) for r in code_text(text) for a in r.actor]
    assert (code, "LAB") in actors, actors
