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


def test_a_stative_participle_after_a_copula_takes_the_copula_subject() -> None:
    doc = parse(
        """
        Oslo      1 nsubj PROPN NNP Oslo
        is        7 ccomp AUX   VBZ be
        opposed   1 acomp ADJ   JJ  opposed
        to        2 prep  ADP   IN  to
        the       5 det   DET   DT  the
        levy      3 pobj  NOUN  NN  levy
        officials 7 nsubj NOUN  NNS official
        said      7 ROOT  VERB  VBD say
        .         7 punct PUNCT .   .
        """
    )
    assert texts(subject_of(doc[2])) == ["Oslo"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Hungary is opposed to Austrian mediation in the dispute, a government spokesman said.", "REJECT"),
        ("The finance minister said Ghana is committed to opening its markets to Togo.", "AGREE"),
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


# ---------------------------------------------------------------------- orders
def first(text: str) -> tuple[str, str | None]:
    recs = code_text(text)
    return (recs[0].event[0], recs[0].mode[0] if recs[0].mode else None) if recs else ("", None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "coded"),
    [
        # an authority's order is the act it orders
        ("A court in Lahore ordered the arrest of two opposition lawmakers.", ("COERCE", "arrest")),
        ("The president of Peru ordered troops to the southern border on Tuesday.", ("MOBILIZE", "troops")),
        ("Sri Lanka's government ordered the release of 40 Tamil detainees.", ("RETREAT", "release")),
        # an order that makes others act against their will coerces them
        ("The Tanzanian government ordered the weekly newspaper Mawio to stop printing.", ("COERCE", None)),
        ("The military junta ordered foreign reporters to leave the country.", ("COERCE", "deport")),
        # an order by a body with no power to enforce it stays a request
        ("The UN Security Council ordered Iraq to destroy its missiles.", ("REQUEST", "change")),
    ],
)
def test_an_authority_order_is_the_act_it_orders(text: str, coded: tuple[str, str | None]) -> None:
    assert first(text) == coded


# ---------------------------------------------------------------------- reasons
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police in Karachi imposed a curfew on the old city following the killing of a cleric.", ["COERCE"]),
        (
            "Transport unions in Bogota called a general strike in protest of last week's jailing of two"
            " union leaders.",
            ["PROTEST"],
        ),
        ("Bus drivers in Nairobi staged a strike in protest of the arrest of their leader.", ["PROTEST"]),
    ],
)
def test_the_happening_an_act_answers_is_its_reason_not_a_record(text: str, expected: list[str]) -> None:
    assert types(text) == expected


# ---------------------------------------------------------------------- purposes
OPENED_TO_ALLOW = """
Hungary   1 nsubj PROPN NNP Hungary
opened    1 ROOT  VERB  VBD open
the       3 det   DET   DT  the
border    1 dobj  NOUN  NN  border
to        5 aux   PART  TO  to
allow     1 advcl VERB  VB  allow
convoys   5 dobj  NOUN  NNS convoy
through   5 advmod ADV  RB  through
.         1 punct PUNCT .   .
"""

PLANS_TO_ALLOW = """
Hungary   1 nsubj PROPN NNP Hungary
plans     1 ROOT  VERB  VBZ plan
to        3 aux   PART  TO  to
allow     1 xcomp VERB  VB  allow
convoys   3 dobj  NOUN  NNS convoy
through   3 advmod ADV  RB  through
.         1 punct PUNCT .   .
"""


def test_cooperation_that_is_the_purpose_of_an_act_is_no_promise() -> None:
    coded = conventions(OPENED_TO_ALLOW, "allow", "RETREAT", "0863")
    assert (coded.type, coded.realis) == ("RETREAT", "planned")


def test_planned_cooperation_is_still_a_promise() -> None:
    coded = conventions(PLANS_TO_ALLOW, "allow", "RETREAT", "0863")
    assert coded.type == "AGREE"


# ---------------------------------------------------------------------- one happening, one record
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "triggers"),
    [
        # a subordinate clause whose pronoun subject is the same doers retells the happening
        (
            "Three Somali gunmen killed 14 worshippers in Mogadishu on Friday when they opened fire inside"
            " a mosque.",
            ["killed"],
        ),
        (
            "Two Chechen suicide bombers killed 12 people in Grozny on Sunday when they blew themselves up"
            " at a checkpoint.",
            ["killed"],
        ),
        # one with a subject of its own tells another happening
        (
            "Rebels attacked Goma on Monday while the army shelled their positions near Rutshuru.",
            ["attacked", "shelled"],
        ),
    ],
)
def test_a_subordinate_clause_by_the_same_doers_is_the_same_happening(text: str, triggers: list[str]) -> None:
    assert [r.trigger for r in code_text(text) if r.event == ["ASSAULT"]] == triggers


PREPARED_TO_STORM = """
Troops    1 nsubj PROPN NNS troop
prepared  1 ROOT  VERB  VBD prepare
to        3 aux   PART  TO  to
storm     1 xcomp VERB  VB  storm
the       5 det   DET   DT  the
town      3 dobj  NOUN  NN  town
.         1 punct PUNCT .   .
"""


def test_readying_force_is_a_mobilization_that_happened() -> None:
    coded = conventions(PREPARED_TO_STORM, "storm", "ASSAULT", "190")
    assert (coded.type, coded.realis) == ("MOBILIZE", "actual")


def test_planning_force_is_still_a_threat() -> None:
    coded = conventions(PREPARED_TO_STORM.replace("VBD prepare", "VBP plan"), "storm", "ASSAULT", "190")
    assert coded.type == "THREATEN"


@pytest.mark.slow
def test_an_attack_launched_that_kills_is_one_record_with_its_toll() -> None:
    recs = code_text("Rebels launched an attack on an army base in Borno on Sunday, killing five soldiers.")
    assaults = [r for r in recs if r.event == ["ASSAULT"]]
    assert len(assaults) == 1, [(r.trigger, r.event) for r in recs]
    assert assaults[0].size is not None and assaults[0].size.get("dead") == 5, assaults[0].size


MAY_HALT_IF = """
Brussels  2 nsubj PROPN NNP Brussels
may       2 aux   AUX   MD  may
halt      2 ROOT  VERB  VB  halt
aid       2 dobj  NOUN  NN  aid
if        6 mark  SCONJ IN  if
talks     6 nsubj NOUN  NNS talk
fail      2 advcl VERB  VBP fail
.         2 punct PUNCT .   .
"""

IF_KYIV_ATTACKS = """
If        2 mark  SCONJ IN  if
Kyiv      2 nsubj PROPN NNP Kyiv
attacks   6 advcl VERB  VBZ attack
,         6 punct PUNCT ,   ,
Moscow    6 nsubj PROPN NNP Moscow
will      6 aux   AUX   MD  will
respond   6 ROOT  VERB  VB  respond
.         6 punct PUNCT .   .
"""


def test_force_held_out_with_a_modal_under_a_condition_is_a_threat() -> None:
    assert conventions(MAY_HALT_IF, "halt", "SANCTION", "162").type == "THREATEN"


def test_the_condition_itself_is_no_threat() -> None:
    assert conventions(IF_KYIV_ATTACKS, "attacks", "ASSAULT", "190").type == "ASSAULT"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "conceded"),
    [
        ("The Kazakh government allowed police to conduct body searches of citizens.", False),
        ("Sudan allowed UN peacekeepers to enter Darfur on Monday.", True),
    ],
)
def test_leave_given_to_ones_own_forces_is_no_concession(text: str, conceded: bool) -> None:
    assert ("CONCEDE" in types(text)) is conceded
