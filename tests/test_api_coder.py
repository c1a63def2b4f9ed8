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


@pytest.mark.parametrize("published", ["yesterday", "2022-13-45", "05/01/2022", "0001-01-01"])
def test_a_publication_date_that_is_no_date_is_refused(published: str) -> None:
    coder = nestor.Coder()  # the check comes before the pipeline loads
    with pytest.raises(ValueError, match=f"published '{published}'"):
        coder.code("Farmers protest in Lahore.", published=published)
    with pytest.raises(ValueError, match=f"published '{published}'"):
        coder.code_many(["Farmers protest in Lahore."], published=published)


def test_publication_dates_are_read_as_ingest_reads_them() -> None:
    from nestor.textcoder import publication_day

    assert publication_day("05/01/2022", "dmy") == "2022-01-05"
    assert publication_day("05/01/2022", "mdy") == "2022-05-01"
    assert publication_day("2022-01-05T23:30:00+06:00") == "2022-01-05"
    assert publication_day("Wed, 05 Jan 2022 10:00:00 GMT") == "2022-01-05"
    assert publication_day("2022-01") == "2022-01" and publication_day(None) is None
    with pytest.raises(ValueError, match="date_order"):
        publication_day("05/01/2022")
    dayfirst = nestor.Coder({"date_order": "dmy"})
    assert dayfirst._published("05/01/2022") == "2022-01-05"
