"""PLOVER's coding conventions (announced cooperation is AGREE, announced force is THREATEN, a refusal is
REJECT …), on Realis values and on hand-built parses."""

from __future__ import annotations

import pytest

from coder_fixtures import parse, word
from nestor.coding.conventions import Coded, apply_conventions
from nestor.coding.ontology import get_ontology
from nestor.coding.realis import Realis, realis_of
from nestor.coding.triggers import get_trigger_lexicon

LEX = get_trigger_lexicon()
ONTO = get_ontology()

WILL = Realis("planned", "will", future=True)
PLANS = Realis("planned", "plans")
ACTUAL = Realis("actual", None)
WILL_NOT = Realis("negated", "not", future=True)
DID_NOT = Realis("negated", "not")
UNLESS = Realis("possible", "unless", future=True, condition="unless")
IF_WILL = Realis("possible", "If", future=True, condition="if")
MAY = Realis("possible", "may")


def convene(cameo: str, r: Realis) -> Coded:
    """Conventions applied to the type and mode the CAMEO table gives ``cameo``."""
    entry = ONTO.entry(cameo)
    return apply_conventions(entry.type, cameo, entry.mode, r, LEX, ONTO)


@pytest.mark.parametrize(
    ("cameo", "realis", "expected"),
    [
        ("073", WILL, "0333"),  # "will send aid" -> intent to provide humanitarian aid
        ("074", WILL, "0334"),  # "will send peacekeepers" -> intent to provide peacekeepers
        ("074", PLANS, "0334"),  # "plans to send peacekeepers"
        ("070", WILL, "033"),  # "will provide assistance"
        ("042", WILL, "036"),  # "will visit" -> intent to meet
        ("0841", WILL, "0353"),  # "will release the prisoners"
    ],
)
def test_announced_cooperation_is_agree_with_the_intent_sub_code(
    cameo: str, realis: Realis, expected: str
) -> None:
    coded = convene(cameo, realis)
    assert coded == Coded("AGREE", expected, None, realis.realis, realis.cue)


def test_an_announced_withdrawal_is_concede() -> None:
    coded = convene("0872", WILL)  # "will withdraw its troops"
    assert (coded.type, coded.realis, coded.cue) == ("CONCEDE", "planned", "will")
    assert coded.mode is None


@pytest.mark.xfail(
    reason="defect: an announced withdrawal becomes CONCEDE but keeps CAMEO 0872 (an actual RETREAT); "
    "the intent code (0356) would agree with the type",
    strict=False,
)
def test_an_announced_withdrawal_gets_a_cameo_code_of_its_type() -> None:
    coded = convene("0872", WILL)
    assert ONTO.entry(coded.cameo).type == "CONCEDE"


def test_an_announced_resignation_stays_retreat() -> None:
    # verbs.tsv: "resign" is CAMEO 0831 with type=RETREAT mode=resign; announcing it is the concession
    coded = apply_conventions("RETREAT", "0831", "resign", WILL, LEX, ONTO)
    assert (coded.type, coded.cameo, coded.mode, coded.realis) == ("RETREAT", "0831", "resign", "planned")


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("190", "138"),  # "will attack" -> threaten with military force
        ("173", "132"),  # "will arrest" -> threaten with administrative sanctions
        ("1723", "1323"),  # "will impose a curfew"
        ("1724", "1324"),  # "will impose martial law"
    ],
)
def test_announced_force_or_coercion_is_threaten(cameo: str, expected: str) -> None:
    coded = convene(cameo, WILL)
    assert (coded.type, coded.cameo, coded.realis, coded.cue) == ("THREATEN", expected, "planned", "will")
    assert coded.mode == ONTO.entry(expected).mode


def test_a_conditional_future_use_of_force_is_threaten() -> None:
    # "If Tokayev asks, Russia will send troops"
    coded = convene("154", IF_WILL)
    assert coded.type == "THREATEN"
    assert coded.realis == "possible"


def test_will_not_allow_is_a_refusal_that_happened() -> None:
    coded = convene("0862", WILL_NOT)  # "will not allow inspectors"
    assert (coded.type, coded.cameo, coded.realis, coded.cue) == ("REJECT", "1245", "actual", "not")


def test_will_not_agree_is_a_rejection() -> None:
    coded = convene("030", WILL_NOT)
    assert (coded.type, coded.realis) == ("REJECT", "actual")
    assert ONTO.entry(coded.cameo).type == "REJECT"


def test_a_past_negation_stays_a_negated_event() -> None:
    # "did not allow inspectors" reports that something did not happen; it is not a refusal statement
    coded = convene("0862", DID_NOT)
    assert (coded.type, coded.realis) == ("RETREAT", "negated")


def test_unless_with_a_withdrawal_is_a_threat_to_halt_involvement() -> None:
    # "will withdraw its force unless…"
    coded = convene("0872", UNLESS)
    assert (coded.type, coded.cameo) == ("THREATEN", "136")
    assert coded.realis == "possible"


def test_unless_with_a_boycott_is_a_threat() -> None:
    coded = convene("143", UNLESS)  # "will boycott the elections unless…"
    assert coded.type == "THREATEN"
    assert coded.cameo.startswith("13")


@pytest.mark.parametrize("cameo", ["074", "154", "190", "0872", "040"])
def test_actual_and_merely_possible_events_keep_their_type(cameo: str) -> None:
    entry = ONTO.entry(cameo)
    for r in (ACTUAL, MAY):
        coded = convene(cameo, r)
        assert (coded.type, coded.cameo, coded.realis) == (entry.type, cameo, r.realis)


def test_agree_and_threaten_are_not_converted_again() -> None:
    assert convene("0334", WILL).type == "AGREE"
    assert convene("138", UNLESS).type == "THREATEN"


@pytest.mark.parametrize("realis", [WILL, PLANS, WILL_NOT, UNLESS, IF_WILL], ids=lambda r: r.cue)
def test_every_conversion_gives_a_cameo_code_of_the_new_type(realis: Realis) -> None:
    for cameo, entry in ONTO.cameo.items():
        coded = convene(cameo, realis)
        assert coded.type in ONTO.types
        if coded.type != entry.type and coded.type != "CONCEDE":  # CONCEDE: see the xfail above
            assert ONTO.entry(coded.cameo).type == coded.type, (cameo, coded)


# ---------------------------------------------------------------------- from the parse
def coded_from(table: str, trigger: str) -> Coded:
    doc = parse(table)
    tok = doc[word(doc, trigger)]
    match = LEX.match_verb(tok)
    assert match is not None
    entry = ONTO.entry(match.rule.cameo)
    return apply_conventions(entry.type, match.rule.cameo, entry.mode, realis_of(tok, LEX), LEX, ONTO)


def test_parsed_will_not_allow_inspectors_is_reject() -> None:
    coded = coded_from(
        """
        Russia      3 nsubj PROPN NNP Russia
        will        3 aux   AUX   MD  will
        not         3 neg   PART  RB  not
        allow       3 ROOT  VERB  VB  allow
        inspectors  3 dobj  NOUN  NNS inspector
        .           3 punct PUNCT .   .
        """,
        "allow",
    )
    assert (coded.type, coded.realis, coded.cue) == ("REJECT", "actual", "not")


def test_parsed_withdrawal_unless_is_threaten() -> None:
    coded = coded_from(
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
    assert (coded.type, coded.cameo, coded.cue) == ("THREATEN", "136", "unless")


def test_parsed_planned_withdrawal_is_concede() -> None:
    coded = coded_from(
        """
        Russia      2 nsubj PROPN NNP  Russia
        will        2 aux   AUX   MD   will
        withdraw    2 ROOT  VERB  VB   withdraw
        its         4 poss  PRON  PRP$ its
        troops      2 dobj  NOUN  NNS  troop
        from        2 prep  ADP   IN   from
        Kazakhstan  5 pobj  PROPN NNP  Kazakhstan
        .           2 punct PUNCT .    .
        """,
        "withdraw",
    )
    assert (coded.type, coded.realis) == ("CONCEDE", "planned")


def test_parsed_planned_attack_is_threaten() -> None:
    coded = coded_from(
        """
        Russia   2 nsubj PROPN NNP Russia
        will     2 aux   AUX   MD  will
        attack   2 ROOT  VERB  VB  attack
        Ukraine  2 dobj  PROPN NNP Ukraine
        .        2 punct PUNCT .   .
        """,
        "attack",
    )
    assert (coded.type, coded.cameo, coded.realis) == ("THREATEN", "138", "planned")
