"""``nestor.Coder`` codes text without a store, and the ``nestor_events`` spaCy component sets
``doc._.events`` in a pipeline the user builds."""

from __future__ import annotations

import importlib

import pytest
import spacy

import nestor

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def coder() -> nestor.Coder:
    return nestor.Coder()


def test_code_a_text(coder: nestor.Coder) -> None:
    events = coder.code(
        "Riot police detained 40 striking miners in Karaganda on Tuesday.", published="2023-04-12"
    )
    assert [e.event for e in events] == [["COERCE"]]
    assert events[0].date == "2023-04-11" and events[0].size == {"arrested": 40}
    assert events[0].to_dict()["cite_info"]["published"] == "2023-04-12"


def test_code_a_parsed_doc(coder: nestor.Coder) -> None:
    doc = coder.nlp("Brazil sent troops to the border with Venezuela.")
    assert [e.event for e in coder.code_doc(doc)] == [["MOBILIZE"]]
    assert coder.code_many(["Nothing happened.", "Brazil sent troops to the border."])[0] == []


def test_the_spacy_component_in_your_own_pipeline() -> None:
    nlp = importlib.import_module(nestor.Settings().model).load()  # a pipeline the user loads
    nlp.add_pipe("nestor_events")  # found through the spacy_factories entry point
    doc = nlp("Farmers blocked the highway outside Lyon on Monday. Police arrested twelve of them.")
    assert [e.event for e in doc._.events] == [["PROTEST"], ["COERCE"]]
    assert "nestor_events" in spacy.registry.factories
