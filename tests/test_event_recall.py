"""Event recall mechanisms, shown on invented sentences through the production coder: who acts in
constructions the plain subject misses, stative passives, failures to agree, and protests carried out
as the purpose of another act."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text, parse
from nestor.coding.candidates import subject_of
from nestor.coding.conventions import apply_conventions
from nestor.coding.ontology import get_ontology
from nestor.coding.realis import realis_of
from nestor.coding.triggers import get_trigger_lexicon

LEX = get_trigger_lexicon()


def types(text: str) -> list[str]:
    return [r.event[0] for r in code_text(text)]


def texts(toks: list) -> list[str]:
    return [t.text for t in toks]


# ---------------------------------------------------------------------- who acts
def test_an_active_conjunct_takes_the_subject_of_a_passive_one() -> None:
    doc = parse(
        """
        Ruto      2 nsubjpass PROPN NNP Ruto
        was       2 auxpass   AUX   VBD be
        charged   2 ROOT      VERB  VBN charge
        and       2 cc        CCONJ CC  and
        will      5 aux       AUX   MD  will
        resign    2 conj      VERB  VB  resign
        .         2 punct     PUNCT .   .
        """
    )
    assert texts(subject_of(doc[5])) == ["Ruto"]


def test_an_adjunct_gerund_takes_the_subject_of_its_clause() -> None:
    doc = parse(
        """
        Farmers   1 nsubj PROPN NNS farmer
        responded 1 ROOT  VERB  VBD respond
        by        1 prep  ADP   IN  by
        blocking  2 pcomp VERB  VBG block
        roads     3 dobj  NOUN  NNS road
        .         1 punct PUNCT .   .
        """
    )
    assert texts(subject_of(doc[3])) == ["Farmers"]


def test_a_statement_does_not_act_its_issuer_does() -> None:
    doc = parse(
        """
        Hamas      1 nsubj PROPN NNP Hamas
        issued     1 ROOT  VERB  VBD issue
        a          3 det   DET   DT  a
        statement  1 dobj  NOUN  NN  statement
        demanding  3 acl   VERB  VBG demand
        talks      4 dobj  NOUN  NNS talk
        .          1 punct PUNCT .   .
        """
    )
    assert texts(subject_of(doc[4])) == ["Hamas"]


def test_a_person_in_an_object_still_acts_himself() -> None:
    doc = parse(
        """
        Police     1 nsubj PROPN NNS police
        arrested   1 ROOT  VERB  VBD arrest
        a          3 det   DET   DT  a
        man        1 dobj  NOUN  NN  man
        carrying   3 acl   VERB  VBG carry
        weapons    4 dobj  NOUN  NNS weapon
        .          1 punct PUNCT .   .
        """
    )
    assert texts(subject_of(doc[4])) == ["man"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Chile is committed to opening its ports to Bolivian trade.", "AGREE"),
        (
            "The Malaysian government issued a statement demanding that Singapore return the island.",
            "REQUEST",
        ),
        ("Peru's interior minister was censured by Congress and will resign next week.", "RETREAT"),
    ],
)
def test_the_recovered_actor_gives_the_event(text: str, etype: str) -> None:
    assert etype in types(text)


# ---------------------------------------------------------------------- conventions
def conventions(table: str, trigger: str, etype: str, cameo: str):
    doc = parse(table)
    tok = [t for t in doc if t.text == trigger][0]
    return apply_conventions(etype, cameo, None, realis_of(tok, LEX), LEX, get_ontology())


def test_failing_to_reach_agreement_is_a_rejection() -> None:
    coded = conventions(
        """
        Ghana     1 nsubj PROPN NNP Ghana
        failed    1 ROOT  VERB  VBD fail
        to        3 aux   PART  TO  to
        reach     1 xcomp VERB  VB  reach
        agreement 3 dobj  NOUN  NN  agreement
        .         1 punct PUNCT .   .
        """,
        "reach",
        "AGREE",
        "030",
    )
    assert (coded.type, coded.realis) == ("REJECT", "actual")


def test_a_protest_made_by_another_act_is_actual() -> None:
    coded = conventions(
        """
        Teachers  1 nsubj PROPN NNS teacher
        boycotted 1 ROOT  VERB  VBD boycott
        classes   1 dobj  NOUN  NNS class
        to        4 aux   PART  TO  to
        protest   1 advcl VERB  VB  protest
        cuts      4 dobj  NOUN  NNS cut
        .         1 punct PUNCT .   .
        """,
        "protest",
        "PROTEST",
        "140",
    )
    assert (coded.type, coded.realis) == ("PROTEST", "actual")


def test_an_intended_protest_stays_planned() -> None:
    coded = conventions(
        """
        Unions    1 nsubj PROPN NNS union
        plan      1 ROOT  VERB  VBP plan
        to        3 aux   PART  TO  to
        protest   1 xcomp VERB  VB  protest
        cuts      3 dobj  NOUN  NNS cut
        .         1 punct PUNCT .   .
        """,
        "protest",
        "PROTEST",
        "140",
    )
    assert coded.realis == "planned"
