"""Attribution: who, besides the outlet, says an event happened (hand-built parses; two coder checks)."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text, parse, word
from nestor.coding.attribution import find_claim
from nestor.coding.triggers import get_trigger_lexicon

LEX = get_trigger_lexicon()


def claim_of(table: str, trigger: str) -> tuple[str, str] | None:
    doc = parse(table)
    c = find_claim(doc[word(doc, trigger)], LEX)
    return None if c is None else (c.source.text, c.cue)


def test_a_trailing_x_said_attributes_the_clause() -> None:
    table = """
    Russia      1 nsubj  PROPN NNP Russia
    sent        7 ccomp  VERB  VBD send
    troops      1 dobj   NOUN  NNS troop
    to          1 dative ADP   IN  to
    Kazakhstan  3 pobj   PROPN NNP Kazakhstan
    ,           7 punct  PUNCT ,   ,
    Tokayev     7 nsubj  PROPN NNP Tokayev
    said        7 ROOT   VERB  VBD say
    .           7 punct  PUNCT .   .
    """
    assert claim_of(table, "sent") == ("Tokayev", "said")


def test_according_to() -> None:
    table = """
    According   5 prep   VERB  VBG accord
    to          0 prep   ADP   IN  to
    Tokayev     1 pobj   PROPN NNP Tokayev
    ,           5 punct  PUNCT ,   ,
    Russia      5 nsubj  PROPN NNP Russia
    sent        5 ROOT   VERB  VBD send
    troops      5 dobj   NOUN  NNS troop
    to          5 dative ADP   IN  to
    Kazakhstan  7 pobj   PROPN NNP Kazakhstan
    .           5 punct  PUNCT .   .
    """
    assert claim_of(table, "sent") == ("Tokayev", "according to")


def test_x_confirmed_that() -> None:
    table = """
    Tokayev     1 nsubj  PROPN NNP   Tokayev
    confirmed   1 ROOT   VERB  VBD   confirm
    that        4 mark   SCONJ IN    that
    Russia      4 nsubj  PROPN NNP   Russia
    sent        1 ccomp  VERB  VBD   send
    troops      4 dobj   NOUN  NNS   troop
    to          4 dative ADP   IN    to
    Kazakhstan  6 pobj   PROPN NNP   Kazakhstan
    .           1 punct  PUNCT .     .
    """
    assert claim_of(table, "sent") == ("Tokayev", "confirmed")


def test_a_parenthetical_x_said() -> None:
    table = """
    Russia      5 nsubj     PROPN NNP Russia
    ,           3 punct     PUNCT ,   ,
    Tokayev     3 nsubj     PROPN NNP Tokayev
    said        5 parataxis VERB  VBD say
    ,           3 punct     PUNCT ,   ,
    sent        5 ROOT      VERB  VBD send
    troops      5 dobj      NOUN  NNS troop
    to          5 dative    ADP   IN  to
    Kazakhstan  7 pobj      PROPN NNP Kazakhstan
    .           5 punct     PUNCT .   .
    """
    assert claim_of(table, "sent") == ("Tokayev", "said")


def test_an_event_noun_inside_the_reported_clause_is_attributed() -> None:
    table = """
    Tokayev   1 nsubj PROPN NNP Tokayev
    said      1 ROOT  VERB  VBD say
    protests  3 nsubj NOUN  NNS protest
    began     1 ccomp VERB  VBD begin
    in        3 prep  ADP   IN  in
    Almaty    4 pobj  PROPN NNP Almaty
    .         1 punct PUNCT .   .
    """
    assert claim_of(table, "protests") == ("Tokayev", "said")
    assert claim_of(table, "began") == ("Tokayev", "said")


def test_the_outlets_own_voice_has_no_claim() -> None:
    table = """
    Russia      1 nsubj PROPN NNP Russia
    sent        1 ROOT  VERB  VBD send
    troops      1 dobj  NOUN  NNS troop
    to          1 prep  ADP   IN  to
    Kazakhstan  3 pobj  PROPN NNP Kazakhstan
    .           1 punct PUNCT .   .
    """
    assert claim_of(table, "sent") is None


@pytest.mark.parametrize(
    "table",
    [
        """
        Russia      1 nsubj     PROPN NNP Russia
        sent        8 ccomp     VERB  VBD send
        troops      1 dobj      NOUN  NNS troop
        to          1 dative    ADP   IN  to
        Kazakhstan  3 pobj      PROPN NNP Kazakhstan
        ,           8 punct     PUNCT ,   ,
        it          8 nsubjpass PRON  PRP it
        was         8 auxpass   AUX   VBD be
        reported    8 ROOT      VERB  VBN report
        .           8 punct     PUNCT .   .
        """,
        """
        It          2 nsubjpass PRON  PRP it
        is          2 auxpass   AUX   VBZ be
        reported    2 ROOT      VERB  VBN report
        that        5 mark      SCONJ IN  that
        Russia      5 nsubj     PROPN NNP Russia
        sent        2 ccomp     VERB  VBD send
        troops      5 dobj      NOUN  NNS troop
        to          5 prep      ADP   IN  to
        Kazakhstan  7 pobj      PROPN NNP Kazakhstan
        .           2 punct     PUNCT .   .
        """,
    ],
    ids=["it-was-reported", "it-is-reported-that"],
)
def test_an_impersonal_report_names_no_claimant(table: str) -> None:
    assert claim_of(table, "sent") is None


@pytest.mark.xfail(
    reason="defect: a speech verb in an adverbial clause ('after Tokayev announced …') is taken as the "
    "source of the main clause",
    strict=False,
)
def test_a_speech_verb_in_an_adverbial_clause_claims_nothing_for_the_main_clause() -> None:
    table = """
    Russia      1 nsubj PROPN NNP Russia
    sent        1 ROOT  VERB  VBD send
    troops      1 dobj  NOUN  NNS troop
    to          1 prep  ADP   IN  to
    Kazakhstan  3 pobj  PROPN NNP Kazakhstan
    after       7 mark  SCONJ IN  after
    Tokayev     7 nsubj PROPN NNP Tokayev
    announced   1 advcl VERB  VBD announce
    a           9 det   DET   DT  a
    state       7 dobj  NOUN  NN  state
    of          9 prep  ADP   IN  of
    emergency  10 pobj  NOUN  NN  emergency
    .           1 punct PUNCT .   .
    """
    assert claim_of(table, "sent") is None


# ---------------------------------------------------------------------- through the coder
@pytest.mark.slow
def test_records_carry_the_claimant_entity() -> None:
    (rec,) = [
        r for r in code_text("Moscow said Ukrainian troops shelled the village.") if r.event == ["ASSAULT"]
    ]
    assert rec.attribution is not None
    assert rec.attribution["cue"] == "said"
    assert (rec.attribution["claimant"]["code"], rec.attribution["claimant"]["sector"]) == ("RUS", "GOV")
    assert [(a.code, a.sector) for a in rec.actor] == [("UKR", "MIL")]


@pytest.mark.slow
@pytest.mark.xfail(
    reason="defect: an event its claimant denies is coded as actual, attributed with cue 'denied'",
    strict=False,
)
def test_a_denied_event_is_not_asserted_as_actual() -> None:
    recs = [
        r
        for r in code_text("Moscow denied that Russian troops shelled the village.")
        if r.event == ["ASSAULT"]
    ]
    assert all(r.modality["realis"] != "actual" for r in recs)
