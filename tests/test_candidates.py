"""Event candidates: frames with their complements, event-noun licensing, intention adjectives, deontic
reports and accusations, with their argument slots (hand-built parses; a few checks on the real parser)."""

from __future__ import annotations

import pytest

from coder_fixtures import parse, small_nlp, word
from nestor.coding.candidates import (
    DEONTIC_RULE,
    INTENT_RULE,
    Candidate,
    CandidateFinder,
    is_passive,
    subject_of,
)
from nestor.coding.ontology import get_ontology
from nestor.coding.triggers import get_trigger_lexicon

ONTO = get_ontology()
FINDER = CandidateFinder(get_trigger_lexicon(), ONTO)


def candidates(table: str) -> list[Candidate]:
    sent = next(parse(table).sents)
    cands = FINDER.find(sent)
    for c in cands:
        FINDER.fill_arguments(c)
    return cands


def only(cands: list[Candidate]) -> Candidate:
    assert len(cands) == 1, [(c.token.text, c.cameo) for c in cands]
    return cands[0]


def texts(tokens: list) -> list[str]:
    return [t.text for t in tokens]


def type_of(c: Candidate) -> str:
    return ONTO.entry(c.cameo).type


# ---------------------------------------------------------------------- frames
AGREE_TO_SEND = """
The           1 det    DET   DT  the
CSTO          2 nsubj  PROPN NNP CSTO
agreed        2 ROOT   VERB  VBD agree
to            4 aux    PART  TO  to
send          2 xcomp  VERB  VB  send
peacekeepers  4 dobj   NOUN  NNS peacekeeper
to            4 dative ADP   IN  to
Kazakhstan    6 pobj   PROPN NNP Kazakhstan
.             2 punct  PUNCT .   .
"""


def test_agreed_to_send_peacekeepers_is_one_agree_with_the_peacekeeping_code() -> None:
    c = only(candidates(AGREE_TO_SEND))  # the complement 'send' is folded in, not a second event
    assert (c.token.text, c.cameo, type_of(c)) == ("agreed", "0334", "AGREE")
    assert c.complement is not None and c.complement.token.text == "send"
    assert texts(c.actor_tok) == ["CSTO"]
    assert "Kazakhstan" in texts(c.recipient_tok)
    doc = c.token.doc
    assert word(doc, "peacekeepers") in c.theme  # what is sent is not a recipient


def test_refused_to_release_is_reject_of_release() -> None:
    c = only(
        candidates(
            """
            Iran       1 nsubj PROPN NNP Iran
            refused    1 ROOT  VERB  VBD refuse
            to         3 aux   PART  TO  to
            release    1 xcomp VERB  VB  release
            the        5 det   DET   DT  the
            prisoners  3 dobj  NOUN  NNS prisoner
            .          1 punct PUNCT .   .
            """
        )
    )
    assert (c.cameo, type_of(c)) == ("1243", "REJECT")
    assert texts(c.actor_tok) == ["Iran"]


def test_threatened_to_impose_sanctions_targets_the_sanctioned() -> None:
    c = only(
        candidates(
            """
            The         2 det      DET   DT  the
            United      2 compound PROPN NNP United
            States      3 nsubj    PROPN NNP States
            threatened  3 ROOT     VERB  VBD threaten
            to          5 aux      PART  TO  to
            impose      3 xcomp    VERB  VB  impose
            sanctions   5 dobj     NOUN  NNS sanction
            on          5 prep     ADP   IN  on
            Iran        7 pobj     PROPN NNP Iran
            .           3 punct    PUNCT .   .
            """
        )
    )
    assert (c.cameo, type_of(c)) == ("1312", "THREATEN")
    assert texts(c.actor_tok) == ["States"]
    assert texts(c.recipient_tok) == ["Iran"]
    assert word(c.token.doc, "sanctions") in c.theme


def test_vowed_to_fight_is_a_threat_not_a_promise() -> None:
    c = only(
        candidates(
            """
            The         1 det   DET   DT  the
            rebels      2 nsubj NOUN  NNS rebel
            vowed       2 ROOT  VERB  VBD vow
            to          4 aux   PART  TO  to
            fight       2 xcomp VERB  VB  fight
            the         6 det   DET   DT  the
            government  4 dobj  NOUN  NN  government
            .           2 punct PUNCT .   .
            """
        )
    )
    assert type_of(c) == "THREATEN"
    assert c.cameo == "138"
    assert texts(c.actor_tok) == ["rebels"]


def test_demanded_that_x_addresses_the_demand_to_x() -> None:
    c = only(
        candidates(
            """
            Iran       1 nsubj    PROPN NNP Iran
            demanded   1 ROOT     VERB  VBD demand
            that       6 mark     SCONJ IN  that
            the        5 det      DET   DT  the
            United     5 compound PROPN NNP United
            States     6 nsubj    PROPN NNP States
            lift       1 ccomp    VERB  VBP lift
            the        8 det      DET   DT  the
            sanctions  6 dobj     NOUN  NNS sanction
            .          1 punct    PUNCT .   .
            """
        )
    )
    assert (c.cameo, type_of(c)) == ("1054", "REQUEST")
    assert texts(c.actor_tok) == ["Iran"]
    assert "States" in texts(c.recipient_tok)
    assert "sanctions" not in texts(c.recipient_tok)


REFUSED_TO_COMMIT = """
Russia      1 nsubj PROPN NNP Russia
refused     1 ROOT  VERB  VBD refuse
to          3 aux   PART  TO  to
commit      1 xcomp VERB  VB  commit
to          3 prep  ADP   IN  to
any         6 det   DET   DT  any
assistance  4 pobj  NOUN  NN  assistance
.           1 punct PUNCT .   .
"""


def test_nested_frames_reach_the_inner_event() -> None:
    # "refused to commit to any assistance": a rejection of aid
    (c,) = [c for c in candidates(REFUSED_TO_COMMIT) if c.token.text == "refused"]
    assert (c.cameo, type_of(c)) == ("122", "REJECT")
    assert c.complement is not None and c.complement.token.text == "assistance"


def test_the_intermediate_frame_is_not_a_second_event() -> None:
    assert [c.token.text for c in candidates(REFUSED_TO_COMMIT)] == ["refused"]


def test_a_warning_without_an_event_is_no_threat() -> None:
    assert (
        candidates(
            """
            Tokayev  1 nsubj PROPN NNP Tokayev
            warned   1 ROOT  VERB  VBD warn
            of       1 prep  ADP   IN  of
            sleeper  4 amod  ADJ   JJ  sleeper
            cells    2 pobj  NOUN  NNS cell
            .        1 punct PUNCT .   .
            """
        )
        == []
    )


# ---------------------------------------------------------------------- event nouns
def test_a_light_verb_licenses_its_event_noun() -> None:
    c = only(
        candidates(
            """
            The      2 det    DET   DT  the
            two      2 nummod NUM   CD  two
            leaders  3 nsubj  NOUN  NNS leader
            held     3 ROOT   VERB  VBD hold
            talks    3 dobj   NOUN  NNS talk
            in       4 prep   ADP   IN  in
            Moscow   5 pobj   PROPN NNP Moscow
            .        3 punct  PUNCT .   .
            """
        )
    )
    assert (c.token.text, c.rule.source, type_of(c)) == ("talks", "noun", "CONSULT")
    assert texts(c.governors) == ["held"]
    assert texts(c.actor_tok) == ["leaders"]


def test_an_occurrence_verb_licenses_its_subject() -> None:
    c = only(
        candidates(
            """
            Protests  1 nsubj NOUN  NNS protest
            began     1 ROOT  VERB  VBD begin
            in        1 prep  ADP   IN  in
            Almaty    2 pobj  PROPN NNP Almaty
            .         1 punct PUNCT .   .
            """
        )
    )
    assert (c.token.text, type_of(c)) == ("Protests", "PROTEST")
    assert texts(c.governors) == ["began"]
    assert c.actor_tok == []  # who protested is the coder's business (the people of the place)


def test_an_event_noun_that_nothing_makes_happen_is_not_licensed() -> None:
    doc = parse(
        """
        He         1 nsubj PRON  PRP he
        discussed  1 ROOT  VERB  VBD discuss
        the        3 det   DET   DT  the
        protests   1 dobj  NOUN  NNS protest
        .          1 punct PUNCT .   .
        """
    )
    assert not FINDER.noun_licensed(doc[3])
    assert [c.token.text for c in FINDER.find(doc[:])] == ["discussed"]


def test_an_event_noun_as_a_modifier_is_not_licensed() -> None:
    doc = parse(
        """
        The      2 det      DET   DT  the
        protest  2 compound NOUN  NN  protest
        leaders  3 nsubj    NOUN  NNS leader
        left     3 ROOT     VERB  VBD leave
        .        3 punct    PUNCT .   .
        """
    )
    assert not FINDER.noun_licensed(doc[1])
    assert FINDER.find(doc[:]) == []


def test_an_event_noun_that_names_its_agent_is_licensed() -> None:
    doc = parse(
        """
        The     2 det      DET   DT  the
        CSTO    2 compound PROPN NNP CSTO
        summit  3 nsubj    NOUN  NN  summit
        ended   3 ROOT     VERB  VBD end
        .       3 punct    PUNCT .   .
        """
    )
    assert FINDER.noun_licensed(doc[2])


def test_an_event_noun_in_a_copular_judgement_is_not_licensed() -> None:
    doc = parse(
        """
        Talks       5 nsubj NOUN  NNS talk
        between     0 prep  ADP   IN  between
        Russia      1 pobj  PROPN NNP Russia
        and         2 cc    CCONJ CC  and
        Kazakhstan  2 conj  PROPN NNP Kazakhstan
        are         5 ROOT  AUX   VBP be
        important   5 acomp ADJ   JJ  important
        .           5 punct PUNCT .   .
        """
    )
    assert not FINDER.noun_licensed(doc[0])


# ---------------------------------------------------------------------- constructions
def test_is_willing_to_withdraw_is_an_intention() -> None:
    c = only(
        candidates(
            """
            Russia    1 nsubj PROPN NNP  Russia
            is        1 ROOT  AUX   VBZ  be
            willing   1 acomp ADJ   JJ   willing
            to        4 aux   PART  TO   to
            withdraw  2 xcomp VERB  VB   withdraw
            its       6 poss  PRON  PRP$ its
            troops    4 dobj  NOUN  NNS  troop
            .         1 punct PUNCT .    .
            """
        )
    )
    assert c.rule is INTENT_RULE
    assert (c.token.text, c.cameo, type_of(c)) == ("willing", "0356", "AGREE")
    assert texts(c.actor_tok) == ["Russia"]
    assert texts(c.governors) == ["is"]


def test_x_said_y_must_is_a_request_to_y() -> None:
    c = only(
        candidates(
            """
            Tokayev   1 nsubj PROPN NNP  Tokayev
            said      1 ROOT  VERB  VBD  say
            Russia    4 nsubj PROPN NNP  Russia
            must      4 aux   AUX   MD   must
            withdraw  1 ccomp VERB  VB   withdraw
            its       6 poss  PRON  PRP$ its
            troops    4 dobj  NOUN  NNS  troop
            .         1 punct PUNCT .    .
            """
        )
    )
    assert c.rule is DEONTIC_RULE
    assert (c.token.text, type_of(c)) == ("said", "REQUEST")
    assert c.cameo == "1056"  # demand to de-escalate militarily (the complement is a withdrawal)
    assert texts(c.actor_tok) == ["Tokayev"]
    assert texts(c.recipient_tok) == ["Russia"]


def test_x_said_we_must_is_no_request() -> None:
    assert (
        candidates(
            """
            Tokayev  1 nsubj PROPN NNP Tokayev
            said     1 ROOT  VERB  VBD say
            we       4 nsubj PRON  PRP we
            must     4 aux   AUX   MD  must
            stay     1 ccomp VERB  VB  stay
            calm     4 acomp ADJ   JJ  calm
            .        1 punct PUNCT .   .
            """
        )
        == []
    )


def test_saying_someone_is_a_terrorist_is_an_accusation() -> None:
    c = only(
        candidates(
            """
            Tokayev     1 nsubj PROPN NNP Tokayev
            said        1 ROOT  VERB  VBD say
            the         3 det   DET   DT  the
            protesters  4 nsubj NOUN  NNS protester
            were        1 ccomp AUX   VBD be
            terrorists  4 attr  NOUN  NNS terrorist
            .           1 punct PUNCT .   .
            """
        )
    )
    assert (c.token.text, c.cameo, type_of(c)) == ("said", "112", "ACCUSE")
    assert texts(c.actor_tok) == ["Tokayev"]


def test_the_accused_is_the_recipient_of_the_accusation() -> None:
    c = only(
        candidates(
            """
            Tokayev     1 nsubj PROPN NNP Tokayev
            said        1 ROOT  VERB  VBD say
            the         3 det   DET   DT  the
            protesters  4 nsubj NOUN  NNS protester
            were        1 ccomp AUX   VBD be
            terrorists  4 attr  NOUN  NNS terrorist
            .           1 punct PUNCT .   .
            """
        )
    )
    assert texts(c.recipient_tok) == ["protesters"]


def test_calling_something_a_coup_attempt_is_an_accusation() -> None:
    cands = candidates(
        """
        Tokayev  1 nsubj    PROPN NNP Tokayev
        called   1 ROOT     VERB  VBD call
        the      3 det      DET   DT  the
        unrest   1 dobj     NOUN  NN  unrest
        a        6 det      DET   DT  a
        coup     6 compound NOUN  NN  coup
        attempt  1 oprd     NOUN  NN  attempt
        .        1 punct    PUNCT .   .
        """
    )
    assert [type_of(c) for c in cands if c.token.text == "called"] == ["ACCUSE"]


# ---------------------------------------------------------------------- the real parser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "cameo", "etype"),
    [
        ("The CSTO agreed to send peacekeepers to Kazakhstan.", "agreed", "0334", "AGREE"),
        ("Iran refused to release the prisoners.", "refused", "1243", "REJECT"),
        ("The United States threatened to impose sanctions on Iran.", "threatened", "1312", "THREATEN"),
        ("The rebels vowed to fight the government.", "vowed", "138", "THREATEN"),
        ("Russia is willing to withdraw its troops.", "willing", "0356", "AGREE"),
        ("Tokayev said Russia must withdraw its troops.", "said", "1056", "REQUEST"),
    ],
)
def test_frames_on_the_small_models_parse(text: str, trigger: str, cameo: str, etype: str) -> None:
    sent = next(small_nlp()(text).sents)
    found = [(c.token.text, c.cameo, type_of(c)) for c in FINDER.find(sent)]
    assert found == [(trigger, cameo, etype)]


# ---------------------------------------------------------------------- one protest, background history
MARCHED_TO_DEMAND = """
Students     1 nsubj  NOUN  NNS student
marched      1 ROOT   VERB  VBD march
in           1 prep   ADP   IN  in
Dhaka        2 pobj   PROPN NNP Dhaka
to           5 aux    PART  TO  to
demand       1 advcl  VERB  VB  demand
reforms      5 dobj   NOUN  NNS reform
.            1 punct  PUNCT .   .
"""

WORKERS_MARCHED_AND_POLICE_DEMANDED = """
Workers      1 nsubj  NOUN  NNS worker
marched      1 ROOT   VERB  VBD march
as           5 mark   SCONJ IN  as
police       5 nsubj  NOUN  NNS police
later        5 advmod ADV   RB  later
demanded     1 advcl  VERB  VBD demand
calm         5 dobj   NOUN  NN  calm
.            1 punct  PUNCT .   .
"""


def test_what_a_protest_is_held_for_is_the_protests_not_a_second_event() -> None:
    cands = candidates(MARCHED_TO_DEMAND)
    assert [(c.token.text, type_of(c)) for c in cands] == [("marched", "PROTEST")]


def test_a_demand_with_a_subject_of_its_own_stays_an_event() -> None:
    cands = candidates(WORKERS_MARCHED_AND_POLICE_DEMANDED)
    assert [c.token.text for c in cands] == ["marched", "demanded"]


RETURNED_WEAPONS_SEIZED = """
The          1 det    DET   DT  the
rebels       2 nsubj  NOUN  NNS rebel
returned     2 ROOT   VERB  VBD return
the          4 det    DET   DT  the
weapons      2 dobj   NOUN  NNS weapon
seized       4 acl    VERB  VBN seize
from         5 prep   ADP   IN  from
peacekeepers 6 pobj   NOUN  NNS peacekeeper
.            2 punct  PUNCT .   .
"""


RAID_IN_WHICH_KILLED = """
Jets         1 nsubj  NOUN  NNS jet
bombed       1 ROOT   VERB  VBD bomb
a            3 det    DET   DT  a
market       1 dobj   NOUN  NN  market
in           9 prep   ADP   IN  in
which        4 pobj   PRON  WDT which
12           7 nummod NUM   CD  12
people       9 nsubjpass NOUN NNS people
were         9 auxpass AUX  VBD be
killed       3 relcl  VERB  VBN kill
.            1 punct  PUNCT .   .
"""


def test_an_earlier_happening_told_as_the_history_of_a_thing_is_background() -> None:
    cands = candidates(RETURNED_WEAPONS_SEIZED)
    assert [c.token.text for c in cands] == ["returned"]  # the weapons' seizure is their history


def test_a_modifying_clause_of_the_same_type_stays_for_the_merge() -> None:
    cands = candidates(RAID_IN_WHICH_KILLED)
    assert [(c.token.text, type_of(c)) for c in cands] == [("bombed", "ASSAULT"), ("killed", "ASSAULT")]


def _threat_table(mark: str) -> str:
    return f"""
Rebels       1 nsubj  NOUN  NNS rebel
threatened   1 ROOT   VERB  VBD threaten
to           3 aux    PART  TO  to
attack       1 xcomp  VERB  VB  attack
the          5 det    DET   DT  the
base         3 dobj   NOUN  NN  base
{mark:<12} 9 mark   SCONJ IN  {mark}
the          8 det    DET   DT  the
army         9 nsubj  NOUN  NN  army
withdrew     3 advcl  VERB  VBD withdraw
.            1 punct  PUNCT .   .
"""


def test_a_condition_inside_a_threat_is_the_threats_content() -> None:
    cands = candidates(_threat_table("unless"))
    assert [c.token.text for c in cands] == ["threatened"]


def test_a_clause_of_time_inside_a_threat_tells_a_happening_of_its_own() -> None:
    cands = candidates(_threat_table("as"))
    assert [c.token.text for c in cands] == ["threatened", "withdrew"]


EVACUATED_THE_WOUNDED = """
Helicopters  1 nsubj  NOUN  NNS helicopter
evacuated    1 ROOT   VERB  VBD evacuate
the          3 det    DET   DT  the
wounded      1 dobj   VERB  VBN wound
from         1 prep   ADP   IN  from
the          7 det    DET   DT  the
besieged     7 amod   VERB  VBN besiege
town         4 pobj   NOUN  NN  town
.            1 punct  PUNCT .   .
"""


def test_participles_that_describe_are_no_events_and_evacuating_the_wounded_is_aid() -> None:
    c = only(candidates(EVACUATED_THE_WOUNDED))
    assert (c.token.text, type_of(c)) == ("evacuated", "AID")


ATTACKED_TO_DISPERSE = """
Police       1 nsubj  NOUN  NNS police
attacked     1 ROOT   VERB  VBD attack
the          3 det    DET   DT  the
camp         1 dobj   NOUN  NN  camp
to           5 aux    PART  TO  to
disperse     1 advcl  VERB  VB  disperse
the          7 det    DET   DT  the
protesters   5 dobj   NOUN  NNS protester
.            1 punct  PUNCT .   .
"""


def test_what_an_act_is_done_for_is_part_of_the_act() -> None:
    cands = candidates(ATTACKED_TO_DISPERSE)
    assert [c.token.text for c in cands] == ["attacked"]


# ---------------------------------------------------------------------- reasons and patients
MARCHED_IN_PROTEST_AT_ARREST = """
Dockers      1 nsubj  NOUN  NNS docker
marched      1 ROOT   VERB  VBD march
in           1 prep   ADP   IN  in
protest      2 pobj   NOUN  NN  protest
at           3 prep   ADP   IN  at
the          6 det    DET   DT  the
arrest       4 pobj   NOUN  NN  arrest
of           6 prep   ADP   IN  of
Okafor       7 pobj   PROPN NNP Okafor
.            1 punct  PUNCT .   .
"""

ARREST_OF_OKAFOR_BEGAN = """
The          1 det    DET   DT  the
arrest       4 nsubj  NOUN  NN  arrest
of           1 prep   ADP   IN  of
Okafor       2 pobj   PROPN NNP Okafor
began        4 ROOT   VERB  VBD begin
.            4 punct  PUNCT .   .
"""

TALKS_OF_THE_COUNCIL = """
A            1 det      DET   DT  a
session      3 nsubj    NOUN  NN  session
of           1 prep     ADP   IN  of
UNESCO       2 pobj     PROPN NNP UNESCO
opened       3 ROOT     VERB  VBD open
in           3 prep     ADP   IN  in
Paris        5 pobj     PROPN NNP Paris
.            3 punct    PUNCT .   .
"""


def test_what_a_protest_is_made_in_protest_at_is_its_reason() -> None:
    cands = candidates(MARCHED_IN_PROTEST_AT_ARREST)
    assert [c.token.text for c in cands] == ["marched"]


def test_the_of_phrase_of_an_arrest_names_whom_it_is_done_to() -> None:
    c = only(candidates(ARREST_OF_OKAFOR_BEGAN))
    assert (texts(c.actor_tok), texts(c.recipient_tok)) == ([], ["Okafor"])


def test_the_of_phrase_of_a_meeting_names_who_meets() -> None:
    c = only(candidates(TALKS_OF_THE_COUNCIL))
    assert "UNESCO" in texts(c.actor_tok)


SAID_MUST_AGREE_TO = """
Rebels       1 nsubj  NOUN  NNS rebel
said         1 ROOT   VERB  VBD say
Kagame       4 nsubj  PROPN NNP Kagame
must         4 aux    AUX   MD  must
agree        1 ccomp  VERB  VB  agree
to           4 prep   ADP   IN  to
reforms      5 pobj   NOUN  NNS reform
.            1 punct  PUNCT .   .
"""


def test_a_frame_inside_a_demand_is_the_demands_content() -> None:
    c = only(candidates(SAID_MUST_AGREE_TO))
    assert (c.token.text, c.rule) == ("said", DEONTIC_RULE)


ULTIMATUM_TO_WITHDRAW = """
Peru         1 nsubj  PROPN NNP Peru
issued       1 ROOT   VERB  VBD issue
an           3 det    DET   DT  an
ultimatum    1 dobj   NOUN  NN  ultimatum
to           3 prep   ADP   IN  to
Chile        4 pobj   PROPN NNP Chile
to           7 aux    PART  TO  to
withdraw     1 advcl  VERB  VB  withdraw
troops       7 dobj   NOUN  NNS troop
.            1 punct  PUNCT .   .
"""

DEMAND_THAT_RELEASE = """
Unions       1 nsubj  NOUN  NNS union
reiterated   1 ROOT   VERB  VBD reiterate
their        3 poss   PRON  PRP$ their
demand       1 dobj   NOUN  NN  demand
that         6 mark   SCONJ IN  that
Ankara       6 nsubj  PROPN NNP Ankara
release      1 ccomp  VERB  VB  release
the          8 det    DET   DT  the
detainees    6 dobj   NOUN  NNS detainee
.            1 punct  PUNCT .   .
"""


@pytest.mark.parametrize(
    ("table", "noun"), [(ULTIMATUM_TO_WITHDRAW, "ultimatum"), (DEMAND_THAT_RELEASE, "demand")]
)
def test_what_a_demand_made_with_a_light_verb_asks_is_its_content(table: str, noun: str) -> None:
    assert [c.token.text for c in candidates(table)] == [noun]


ACCUSED_OF_ATTACKING = """
Sudan        1 nsubj  PROPN NNP Sudan
accused      1 ROOT   VERB  VBD accuse
the          3 det    DET   DT  the
rebels       1 dobj   NOUN  NNS rebel
of           1 prep   ADP   IN  of
attacking    4 pcomp  VERB  VBG attack
a            7 det    DET   DT  a
convoy       5 dobj   NOUN  NN  convoy
.            1 punct  PUNCT .   .
"""


def test_what_an_accusation_charges_is_its_content() -> None:
    assert [c.token.text for c in candidates(ACCUSED_OF_ATTACKING)] == ["accused"]


ALLOWED_LEADER_TO_HOLD = """
The          1 det    DET   DT  the
minister     2 nsubj  NOUN  NN  minister
allowed      2 ROOT   VERB  VBD allow
opposition   4 compound NOUN NN opposition
leader       7 nsubj  NOUN  NN  leader
Banda        4 appos  PROPN NNP Banda
to           7 aux    PART  TO  to
hold         2 ccomp  VERB  VB  hold
a            9 det    DET   DT  a
rally        7 dobj   NOUN  NN  rally
.            2 punct  PUNCT .   .
"""


def test_whom_a_verb_of_control_lets_act_is_its_recipient() -> None:
    allowed = [c for c in candidates(ALLOWED_LEADER_TO_HOLD) if c.token.text == "allowed"]
    assert [texts(c.recipient_tok) for c in allowed] == [["leader"]]


CALLED_ON_TO_FREE = """
Amnesty      1 nsubj  PROPN NNP Amnesty
called       1 ROOT   VERB  VBD call
on           1 prep   ADP   IN  on
Egypt        2 pobj   PROPN NNP Egypt
to           5 aux    PART  TO  to
free         1 advcl  VERB  VB  free
the          7 det    DET   DT  the
activists    5 dobj   NOUN  NNS activist
.            1 punct  PUNCT .   .
"""

MET_TO_DISCUSS_WITHDRAWING = """
Envoys       1 nsubj  NOUN  NNS envoy
met          1 ROOT   VERB  VBD meet
in           1 prep   ADP   IN  in
Doha         2 pobj   PROPN NNP Doha
to           5 aux    PART  TO  to
discuss      1 advcl  VERB  VB  discuss
withdrawing  5 xcomp  VERB  VBG withdraw
troops       6 dobj   NOUN  NNS troop
.            1 punct  PUNCT .   .
"""


def test_an_infinitive_hung_on_a_demand_is_its_content() -> None:
    c = only(candidates(CALLED_ON_TO_FREE))
    assert (c.token.text, type_of(c), c.complement.token.text if c.complement else None) == (
        "called",
        "REQUEST",
        "free",
    )


def test_what_talks_are_about_is_no_happening() -> None:
    assert [c.token.text for c in candidates(MET_TO_DISCUSS_WITHDRAWING)] == ["met", "discuss"]


# ---------------------------------------------------------------------- parser failures
MEDICS_DONATED_ROOTLESS = """
Medics       0 ROOT   NOUN  NNS medic
from         0 prep   ADP   IN  from
Oxfam        1 pobj   PROPN NNP Oxfam
donated      2 acl    VERB  VBN donate
and          3 cc     CCONJ CC  and
delivered    3 conj   VERB  VBD deliver
blankets     5 dobj   NOUN  NNS blanket
to           5 prep   ADP   IN  to
Gaza         7 pobj   PROPN NNP Gaza
.            0 punct  PUNCT .   .
"""

AID_DONATED_BY_JAPAN = """
Aid          3 nsubj  NOUN  NN  aid
donated      0 acl    VERB  VBN donate
by           1 agent  ADP   IN  by
arrived      3 ROOT   VERB  VBD arrive
.            3 punct  PUNCT .   .
"""


def test_a_main_verb_parsed_as_a_participle_on_a_noun_takes_the_root_as_subject() -> None:
    doc = parse(MEDICS_DONATED_ROOTLESS)
    donated, delivered = doc[word(doc, "donated")], doc[word(doc, "delivered")]
    assert not is_passive(donated)
    assert texts(subject_of(donated)) == ["Medics"] and texts(subject_of(delivered)) == ["Medics"]


def test_a_true_participle_on_a_noun_stays_passive() -> None:
    doc = parse(AID_DONATED_BY_JAPAN)
    assert is_passive(doc[1])


SOUGHT_TO_WITHDRAW = """
Kenya        1 nsubj  PROPN NNP Kenya
sought       1 ROOT   VERB  VBD seek
to           3 aux    PART  TO  to
withdraw     1 xcomp  VERB  VB  withdraw
its          5 poss   PRON  PRP$ its
troops       3 dobj   NOUN  NNS troop
.            1 punct  PUNCT .   .
"""

SOUGHT_TALKS = """
Kenya        1 nsubj  PROPN NNP Kenya
sought       1 ROOT   VERB  VBD seek
talks        1 dobj   NOUN  NNS talk
with         2 prep   ADP   IN  with
Somalia      3 pobj   PROPN NNP Somalia
.            1 punct  PUNCT .   .
"""


def test_trying_to_act_is_no_request() -> None:
    assert [(c.token.text, type_of(c)) for c in candidates(SOUGHT_TO_WITHDRAW)] == [("withdraw", "RETREAT")]


def test_seeking_talks_is_a_request() -> None:
    assert [(c.token.text, type_of(c)) for c in candidates(SOUGHT_TALKS)] == [("sought", "REQUEST")]


ISSUED_REMINDER_MUST = """
Kenya        1 nsubj  PROPN NNP Kenya
issued       1 ROOT   VERB  VBD issue
a            3 det    DET   DT  a
reminder     1 dobj   NOUN  NN  reminder
to           1 prep   ADP   IN  to
Somalia      4 pobj   PROPN NNP Somalia
that         9 mark   SCONJ IN  that
it           9 nsubj  PRON  PRP it
must         9 aux    AUX   MD  must
withdraw     3 acl    VERB  VB  withdraw
troops       9 dobj   NOUN  NNS troop
.            1 punct  PUNCT .   .
"""


def test_a_message_saying_someone_must_act_is_a_request() -> None:
    c = only(candidates(ISSUED_REMINDER_MUST))
    assert (c.token.text, c.rule) == ("issued", DEONTIC_RULE)
    assert "Somalia" in texts(c.recipient_tok)


BOYCOTT_UNLESS_RESIGNS = """
Umma         2 nsubj  PROPN NNP Umma
will         2 aux    AUX   MD  will
boycott      2 ROOT   VERB  VB  boycott
the          4 det    DET   DT  the
vote         2 dobj   NOUN  NN  vote
unless       8 mark   SCONJ IN  unless
the          7 det    DET   DT  the
president    8 nsubj  NOUN  NN  president
resigns      2 advcl  VERB  VBZ resign
.            2 punct  PUNCT .   .
"""


def test_what_an_unless_clause_asks_is_the_term_of_a_threat() -> None:
    assert [c.token.text for c in candidates(BOYCOTT_UNLESS_RESIGNS)] == ["boycott"]


def _warned(subject: str, actor: str, modal: str) -> str:
    return f"""
{subject:<12} 1 nsubj  NOUN  NNS {subject.lower()}
warned       1 ROOT   VERB  VBD warn
that         5 mark   SCONJ IN  that
{actor:<12} 5 nsubj  NOUN  NNS {actor.lower()}
{modal:<12} 5 aux    AUX   MD  {modal}
attack       1 ccomp  VERB  VB  attack
the          7 det    DET   DT  the
base         5 dobj   NOUN  NN  base
.            1 punct  PUNCT .   .
"""


def test_a_warning_that_others_could_act_is_a_forecast_no_threat() -> None:
    cands = candidates(_warned("Analysts", "rebels", "could"))
    assert [(c.token.text, c.rule.frame) for c in cands] == [("attack", None)]


@pytest.mark.parametrize(
    ("subject", "actor", "modal"), [("Rebels", "rebels", "could"), ("Chiefs", "police", "will")]
)
def test_a_warning_of_ones_own_or_a_certain_act_is_a_threat(subject: str, actor: str, modal: str) -> None:
    c = only(candidates(_warned(subject, actor, modal)))
    assert (c.token.text, type_of(c)) == ("warned", "THREATEN")
