"""Realis (actual / planned / possible / negated) and its cue, on hand-built parses (no model needed)."""

from __future__ import annotations

import pytest

from coder_fixtures import parse, word
from nestor.coding.realis import Realis, realis_of
from nestor.coding.triggers import get_trigger_lexicon

LEX = get_trigger_lexicon()

SENT = """
Russia      1 nsubj PROPN NNP  Russia
sent        1 ROOT  VERB  VBD  send
troops      1 dobj  NOUN  NNS  troop
to          1 prep  ADP   IN   to
Kazakhstan  3 pobj  PROPN NNP  Kazakhstan
.           1 punct PUNCT .    .
"""


def realis(table: str, trigger: str, extra: list[str] | None = None) -> Realis:
    doc = parse(table)
    governors = [doc[word(doc, w)] for w in extra or ()]
    return realis_of(doc[word(doc, trigger)], LEX, governors)


def test_a_plain_past_event_is_actual_with_no_cue() -> None:
    assert realis(SENT, "sent") == Realis("actual", None, future=False, condition=None)


def test_not_negates() -> None:
    r = realis(
        """
        Russia  3 nsubj PROPN NNP Russia
        did     3 aux   AUX   VBD do
        not     3 neg   PART  RB  not
        send    3 ROOT  VERB  VB  send
        troops  3 dobj  NOUN  NNS troop
        .       3 punct PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("negated", "not")
    assert not r.future


def test_not_a_single_subject_negates() -> None:
    r = realis(
        """
        Not         3 neg   PART  RB  not
        a           3 det   DET   DT  a
        single      3 amod  ADJ   JJ  single
        country     4 nsubj NOUN  NN  country
        sent        4 ROOT  VERB  VBD send
        troops      4 dobj  NOUN  NNS troop
        to          4 prep  ADP   IN  to
        Kazakhstan  6 pobj  PROPN NNP Kazakhstan
        .           4 punct PUNCT .   .
        """,
        "sent",
    )
    assert r.realis == "negated"
    assert r.cue is not None and r.cue.lower().startswith("not")


def test_no_as_determiner_negates() -> None:
    r = realis(
        """
        No       1 det   DET   DT  no
        country  2 nsubj NOUN  NN  country
        sent     2 ROOT  VERB  VBD send
        troops   2 dobj  NOUN  NNS troop
        .        2 punct PUNCT .   .
        """,
        "sent",
    )
    assert (r.realis, r.cue) == ("negated", "No")


def test_will_makes_it_planned_and_future() -> None:
    r = realis(
        """
        Russia      2 nsubj PROPN NNP Russia
        will        2 aux   AUX   MD  will
        send        2 ROOT  VERB  VB  send
        troops      2 dobj  NOUN  NNS troop
        to          2 prep  ADP   IN  to
        Kazakhstan  4 pobj  PROPN NNP Kazakhstan
        .           2 punct PUNCT .   .
        """,
        "send",
    )
    assert r == Realis("planned", "will", future=True, condition=None)


@pytest.mark.parametrize("modal", ["may", "could", "might"])
def test_modals_make_it_possible(modal: str) -> None:
    r = realis(
        f"""
        Russia  2 nsubj PROPN NNP Russia
        {modal} 2 aux   AUX   MD  {modal}
        send    2 ROOT  VERB  VB  send
        troops  2 dobj  NOUN  NNS troop
        .       2 punct PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("possible", modal)


def test_likely_to_makes_it_possible() -> None:
    r = realis(
        """
        Russia  1 nsubj PROPN NNP Russia
        is      1 ROOT  AUX   VBZ be
        likely  1 acomp ADJ   JJ  likely
        to      4 aux   PART  TO  to
        send    2 xcomp VERB  VB  send
        troops  4 dobj  NOUN  NNS troop
        .       1 punct PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("possible", "likely")


IF_CLAUSE = """
If          2 mark  SCONJ IN  if
Tokayev     2 nsubj PROPN NNP Tokayev
asks        6 advcl VERB  VBZ ask
,           6 punct PUNCT ,   ,
Russia      6 nsubj PROPN NNP Russia
will        6 aux   AUX   MD  will
send        6 ROOT  VERB  VB  send
troops      6 dobj  NOUN  NNS troop
.           6 punct PUNCT .   .
"""


def test_an_if_clause_makes_the_main_event_possible() -> None:
    r = realis(IF_CLAUSE, "send")
    assert r == Realis("possible", "If", future=True, condition="if")


def test_the_if_clause_itself_is_possible() -> None:
    r = realis(IF_CLAUSE, "asks")
    assert (r.realis, r.condition) == ("possible", "if")


def test_unless_sets_the_condition() -> None:
    r = realis(
        """
        Russia    2 nsubj PROPN NNP  Russia
        will      2 aux   AUX   MD   will
        withdraw  2 ROOT  VERB  VB   withdraw
        its       4 poss  PRON  PRP$ its
        troops    2 dobj  NOUN  NNS  troop
        unless    8 mark  SCONJ IN   unless
        the       7 det   DET   DT   the
        talks     8 nsubj NOUN  NNS  talk
        resume    2 advcl VERB  VBP  resume
        .         2 punct PUNCT .    .
        """,
        "withdraw",
    )
    assert r.condition == "unless"
    assert r.future
    assert (r.realis, r.cue) == ("possible", "unless")


def test_plans_to_makes_the_complement_planned() -> None:
    r = realis(
        """
        Russia        1 nsubj  PROPN NNP Russia
        plans         1 ROOT   VERB  VBZ plan
        to            3 aux    PART  TO  to
        send          1 xcomp  VERB  VB  send
        peacekeepers  3 dobj   NOUN  NNS peacekeeper
        to            3 dative ADP   IN  to
        Kazakhstan    5 pobj   PROPN NNP Kazakhstan
        .             1 punct  PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("planned", "plans")


def test_expected_to_makes_the_complement_planned() -> None:
    r = realis(
        """
        Russia    2 nsubjpass PROPN NNP Russia
        is        2 auxpass   AUX   VBZ be
        expected  2 ROOT      VERB  VBN expect
        to        4 aux       PART  TO  to
        send      2 xcomp     VERB  VB  send
        troops    4 dobj      NOUN  NNS troop
        .         2 punct     PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("planned", "expected")


def test_a_purpose_clause_inherits_the_plan_above_it() -> None:
    # "plans to visit Minsk to meet Lukashenko": the meeting is planned too
    r = realis(
        """
        Putin       1 nsubj PROPN NNP Putin
        plans       1 ROOT  VERB  VBZ plan
        to          3 aux   PART  TO  to
        visit       1 xcomp VERB  VB  visit
        Minsk       3 dobj  PROPN NNP Minsk
        to          6 aux   PART  TO  to
        meet        3 advcl VERB  VB  meet
        Lukashenko  6 dobj  PROPN NNP Lukashenko
        .           1 punct PUNCT .   .
        """,
        "meet",
    )
    assert (r.realis, r.cue) == ("planned", "plans")


def test_failed_to_negates_the_complement() -> None:
    r = realis(
        """
        The        1 det   DET   DT  the
        sides      2 nsubj NOUN  NNS side
        failed     2 ROOT  VERB  VBD fail
        to         4 aux   PART  TO  to
        reach      2 xcomp VERB  VB  reach
        an         6 det   DET   DT  an
        agreement  4 dobj  NOUN  NN  agreement
        .          2 punct PUNCT .   .
        """,
        "reach",
    )
    assert (r.realis, r.cue) == ("negated", "failed")


def test_an_event_noun_takes_the_realis_of_its_light_verb() -> None:
    r = realis(
        """
        Russia      2 nsubj PROPN NNP Russia
        will        2 aux   AUX   MD  will
        hold        2 ROOT  VERB  VB  hold
        talks       2 dobj  NOUN  NNS talk
        with        3 prep  ADP   IN  with
        Kazakhstan  4 pobj  PROPN NNP Kazakhstan
        .           2 punct PUNCT .   .
        """,
        "talks",
        extra=["hold"],
    )
    assert (r.realis, r.cue, r.future) == ("planned", "will", True)


CONJOINED = """
Russia   3 nsubj  PROPN NNP Russia
did      3 aux    AUX   VBD do
not      3 neg    PART  RB  not
attack   3 ROOT   VERB  VB  attack
Ukraine  3 dobj   PROPN NNP Ukraine
but      3 cc     CCONJ CC  but
sent     3 conj   VERB  VBD send
troops   6 dobj   NOUN  NNS troop
to       6 dative ADP   IN  to
Belarus  8 pobj   PROPN NNP Belarus
.        3 punct  PUNCT .   .
"""


def test_the_negated_conjunct_is_negated() -> None:
    assert realis(CONJOINED, "attack").realis == "negated"


def test_negation_of_the_first_conjunct_does_not_reach_the_second() -> None:
    assert realis(CONJOINED, "sent").realis == "actual"


def test_going_to_makes_it_planned() -> None:
    r = realis(
        """
        Russia  2 nsubj PROPN NNP Russia
        is      2 aux   AUX   VBZ be
        going   2 ROOT  VERB  VBG go
        to      4 aux   PART  TO  to
        send    2 xcomp VERB  VB  send
        troops  4 dobj  NOUN  NNS troop
        .       2 punct PUNCT .   .
        """,
        "send",
    )
    assert (r.realis, r.cue) == ("planned", "going")


ALLOWED_POLICE_TO_SEARCH = """
Kyiv      1 nsubj PROPN NNP Kyiv
allowed   1 ROOT  VERB  VBD allow
police    4 nsubj NOUN  NNS police
to        4 aux   PART  TO  to
search    1 ccomp VERB  VB  search
homes     4 dobj  NOUN  NNS home
.         1 punct PUNCT .   .
"""


def test_what_is_allowed_is_possible_not_done() -> None:
    r = realis(ALLOWED_POLICE_TO_SEARCH, "search")
    assert (r.realis, r.cue) == ("possible", "allowed")


def test_an_infinitive_parsed_as_a_clause_reaches_its_plan_verb() -> None:
    r = realis(ALLOWED_POLICE_TO_SEARCH.replace("VBD allow", "VBZ plan"), "search")
    assert r.realis == "planned"
