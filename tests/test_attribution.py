"""Attribution: who, besides the outlet, says an event happened (hand-built parses; coder checks on short
invented reports). The attribution test set and its figures are in test_attribution_set.py."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text, parse, word
from nestor.coding.attribution import Claim, contested_modality, find_claim
from nestor.coding.triggers import get_trigger_lexicon
from nestor.models import EventRecord

LEX = get_trigger_lexicon()


def claim_of(table: str, trigger: str) -> tuple[str, str] | None:
    c = full_claim(table, trigger)
    return None if c is None else (c.source.text, c.cue)


def full_claim(table: str, trigger: str) -> Claim | None:
    doc = parse(table)
    return find_claim(doc[word(doc, trigger)], LEX)


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
def test_a_denied_event_is_not_asserted_as_actual() -> None:
    recs = [
        r
        for r in code_text("Moscow denied that Russian troops shelled the village.")
        if r.event == ["ASSAULT"]
    ]
    assert recs
    assert all(r.modality["realis"] != "actual" for r in recs)
    (rec,) = recs
    # the denier's version, kept in PLOVER's four realis values; "contested" is what a fact-checker filters on
    assert rec.modality == {"realis": "negated", "cue": "denied", "contested": True}
    assert rec.attribution is not None and rec.attribution["cue"] == "denied"
    assert rec.attribution["claimant"]["code"] == "RUS"


# ---------------------------------------------------------------------- the walk up to the verb of saying
def test_the_walk_passes_copular_and_adjectival_links() -> None:
    table = """
    She       1 nsubj PRON  PRP She
    said      1 ROOT  VERB  VBD say
    she       3 nsubj PRON  PRP she
    was       1 ccomp AUX   VBD be
    ashamed   3 acomp ADJ   JJ  ashamed
    that      8 mark  SCONJ IN  that
    police    8 nsubj NOUN  NNS police
    had       8 aux   AUX   VBD have
    beaten    4 ccomp VERB  VBN beat
    students  8 dobj  NOUN  NNS student
    .         1 punct PUNCT .   .
    """
    assert claim_of(table, "beaten") == ("She", "said")


def test_a_trailing_speech_verb_the_parser_coordinates_is_a_tag() -> None:
    table = """
    Security   1 compound NOUN  NN  security
    forces     2 nsubj    NOUN  NNS force
    killed     2 ROOT     VERB  VBD kill
    five       4 nummod   NUM   CD  five
    militants  2 dobj     NOUN  NNS militant
    ,          2 punct    PUNCT ,   ,
    an         7 det      DET   DT  an
    officer    8 nsubj    NOUN  NN  officer
    told       2 conj     VERB  VBD tell
    reporters  8 dobj     NOUN  NNS reporter
    .          8 punct    PUNCT .   .
    """
    assert claim_of(table, "killed") == ("officer", "told")


def test_a_coordinated_statement_after_and_is_not_a_tag() -> None:
    table = """
    Soldiers    1 nsubj PROPN NNS soldier
    shot        1 ROOT  VERB  VBD shoot
    protesters  1 dobj  NOUN  NNS protester
    and         1 cc    CCONJ CC  and
    the         5 det   DET   DT  the
    government  6 nsubj NOUN  NN  government
    said        1 conj  VERB  VBD say
    nothing     6 dobj  PRON  NN  nothing
    .           6 punct PUNCT .   .
    """
    assert claim_of(table, "shot") is None


def test_an_accusation_attributes_what_it_accuses_of() -> None:
    table = """
    The         1 det   DET  DT   the
    opposition  2 nsubj NOUN NN   opposition
    accused     2 ROOT  VERB VBD  accuse
    police      2 dobj  NOUN NNS  police
    of          2 prep  ADP  IN   of
    beating     4 pcomp VERB VBG  beat
    its         7 poss  PRON PRP$ its
    supporters  5 dobj  NOUN NNS  supporter
    .           2 punct PUNCT .   .
    """
    assert claim_of(table, "beating") == ("opposition", "accused")


def test_rejected_claims_that_is_a_denial() -> None:
    table = """
    The         1 det   DET   DT   the
    government  2 nsubj NOUN  NN   government
    rejected    2 ROOT  VERB  VBD  reject
    claims      2 dobj  NOUN  NNS  claim
    that        8 mark  SCONJ IN   that
    its         6 poss  PRON  PRP$ its
    forces      8 nsubj NOUN  NNS  force
    had         8 aux   AUX   VBD  have
    bombed      3 acl   VERB  VBN  bomb
    a          10 det   DET   DT   a
    market      8 dobj  NOUN  NN   market
    .           2 punct PUNCT .    .
    """
    c = full_claim(table, "bombed")
    assert c is not None and (c.source.text, c.cue, c.denied) == ("government", "rejected", True)


def test_denied_with_a_gerund() -> None:
    table = """
    Police     1 nsubj NOUN  NNS police
    denied     1 ROOT  VERB  VBD deny
    beating    1 xcomp VERB  VBG beat
    the        4 det   DET   DT  the
    detainees  2 dobj  NOUN  NNS detainee
    .          1 punct PUNCT .   .
    """
    c = full_claim(table, "beating")
    assert c is not None and (c.source.text, c.cue, c.denied) == ("Police", "denied", True)


def test_said_in_a_statement_that() -> None:
    table = """
    The        1 det   DET   DT  the
    ministry   2 nsubj NOUN  NN  ministry
    said       2 ROOT  VERB  VBD say
    in         2 prep  ADP   IN  in
    a          5 det   DET   DT  a
    statement  3 pobj  NOUN  NN  statement
    that       9 mark  SCONJ IN  that
    troops     9 nsubj NOUN  NNS troop
    had        9 aux   AUX   VBD have
    looted     5 acl   VERB  VBN loot
    hospitals  9 dobj  NOUN  NNS hospital
    .          2 punct PUNCT .   .
    """
    assert claim_of(table, "looted") == ("ministry", "said")


def test_a_clause_across_a_semicolon_is_not_what_the_verb_says() -> None:
    table = """
    The         1 det    DET   DT  the
    president   2 nsubj  NOUN  NN  president
    said        2 ROOT   VERB  VBD say
    the         4 det    DET   DT  the
    talks       6 nsubj  NOUN  NNS talk
    would       6 aux    AUX   MD  would
    resume     10 ccomp  VERB  VB  resume
    ;          10 punct  PUNCT :   ;
    meanwhile  10 advmod ADV   RB  meanwhile
    police     10 nsubj  NOUN  NNS police
    arrested    2 ccomp  VERB  VBD arrest
    30         12 nummod NUM   CD  30
    protesters 10 dobj   NOUN  NNS protester
    .           2 punct  PUNCT .   .
    """
    assert claim_of(table, "arrested") is None


def test_only_a_denial_changes_the_modality() -> None:
    doc = parse(
        """
        Moscow  1 nsubj PROPN NNP Moscow
        denied  1 ROOT  VERB  VBD deny
        .       1 punct PUNCT .   .
        """
    )
    actual = {"realis": "actual", "cue": None}
    assert contested_modality(actual, None) == actual
    assert contested_modality(actual, Claim(doc[0], "said")) == actual
    denied = Claim(doc[0], "denied", denied=True)
    assert contested_modality(actual, denied) == {"realis": "negated", "cue": "denied", "contested": True}
    planned = {"realis": "planned", "cue": "will"}
    assert contested_modality(planned, denied) == {**planned, "contested": True}


# ---------------------------------------------------------------------- claimants, quotations, self-reports
def the_record(text: str, trigger: str) -> EventRecord:
    recs = [r for r in code_text(text) if trigger in (r.trigger or "").split()]
    assert recs, [(r.event, r.trigger) for r in code_text(text)]
    return recs[0]


def claimant(text: str, trigger: str) -> dict | None:
    a = the_record(text, trigger).attribution
    return None if a is None else a["claimant"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "entity_text", "code", "sector"),
    [
        (
            "Witnesses said soldiers opened fire on protesters in Khartoum.",
            "opened",
            "Witnesses",
            None,
            "CVL",
        ),
        ("Medics said Israeli strikes killed 14 people in Rafah.", "killed", "Medics", None, "MED"),
        ("Analysts noted that the army had shelled the town of Idlib.", "shelled", "Analysts", None, None),
        (
            "Sources in the Malian army said jihadists had ambushed a patrol near Mopti.",
            "ambushed",
            "Sources in the Malian army",
            "MLI",
            "MIL",
        ),
        (
            "According to a UN report, militias killed 40 villagers in Ituri province.",
            "killed",
            "a UN report",
            "UNO",
            None,
        ),
        (
            "A statement from the army said troops had killed 20 insurgents near Menaka.",
            "killed",
            "A statement from the army",
            None,
            "MIL",
        ),
        (
            "A small local outlet, the Bamenda Post, reported that soldiers attacked the village of Bali.",
            "attacked",
            "Bamenda Post",
            None,
            "JRN",
        ),
    ],
)
def test_claimants_that_are_no_country_coded_actor_are_kept(
    text: str, trigger: str, entity_text: str, code: str | None, sector: str | None
) -> None:
    c = claimant(text, trigger)
    assert c is not None
    assert (c["entity_text"], c["code"], c["sector"]) == (entity_text, code, sector)


@pytest.mark.slow
def test_a_named_outlet_is_a_claimant() -> None:
    c = claimant("Reuters reported that Ethiopian troops attacked the town of Shire.", "attacked")
    assert c is not None and (c["entity_text"], c["sector"]) == ("Reuters", "JRN")


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "NAIROBI, Kenya (AP) — Kenyan police arrested 14 opposition supporters outside parliament.",
        "By Jane Doe\nKenyan police arrested 14 opposition supporters outside parliament.",
        "Kenyan police arrested 14 opposition supporters outside parliament. (Reporting by Li Wei; "
        "editing by Tom Grant)",
    ],
    ids=["dateline", "byline", "credit-line"],
)
def test_datelines_and_bylines_are_never_claimants(text: str) -> None:
    assert the_record(text, "arrested").attribution is None


@pytest.mark.slow
def test_a_dateline_does_not_hide_the_real_claimant() -> None:
    c = claimant(
        "BAMAKO, Mali (AP) — Jihadists attacked a convoy near Gao, the army said on Sunday.", "attacked"
    )
    assert c is not None and c["entity_text"] == "army"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "speaker"),
    [
        (
            '"Gunmen stormed the school at dawn. They took dozens of girls," the headmaster said.',
            "stormed",
            "the headmaster",
        ),
        (
            'The governor said: "Our forces held the line. The rebels had shelled the hospital first."',
            "shelled",
            "governor",
        ),
        (
            '"The town has been under siege for weeks," said Dr. Omar Saleh. "Yesterday the army shelled the '
            'bakery."',
            "shelled",
            "Omar Saleh",
        ),
    ],
    ids=["tag-after", "tag-before", "continued"],
)
def test_an_event_inside_an_open_quotation_is_the_speakers(text: str, trigger: str, speaker: str) -> None:
    c = claimant(text, trigger)
    assert c is not None and speaker in c["entity_text"]


@pytest.mark.slow
def test_a_paragraph_of_quotes_goes_on_into_the_next_paragraph() -> None:
    text = (
        '"Soldiers arrested my brother in Mopti before dawn. Nobody knows where he is.\n\n'
        '"Then they shot at the men who ran," said Ibrahim Keita, a farmer from Mopti.'
    )
    c = claimant(text, "arrested")
    assert c is not None and "Keita" in c["entity_text"]


@pytest.mark.slow
def test_the_speaker_reporting_his_own_past_act_is_his_claim() -> None:
    rec = the_record(
        "The Israeli military said it had struck a Hezbollah weapons depot in southern Lebanon.", "struck"
    )
    assert rec.attribution is not None and rec.attribution["cue"] == "said"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ('"I appeal to all sides to stop the fighting in Sudan," the pope said on Sunday.', "appeal"),
        (
            '"We demand the immediate release of our colleagues," the union leader told reporters in Harare.',
            "demand",
        ),
    ],
)
def test_the_speakers_present_verbal_act_stays_his_event(text: str, trigger: str) -> None:
    assert the_record(text, trigger).attribution is None


@pytest.mark.slow
def test_an_event_inside_an_attributed_clause_is_coded() -> None:
    rec = the_record("She said she was ashamed that police had beaten students in Tehran.", "beaten")
    assert rec.event == ["ASSAULT"]
    assert [(a.code, a.sector) for a in rec.actor] == [("IRN", "COP")]
    assert rec.attribution is not None and rec.attribution["claimant"]["entity_text"] == "She"


@pytest.mark.slow
def test_witnesses_make_a_sourced_claim() -> None:
    from coder_fixtures import coder
    from nestor.models import Document

    (coded,) = coder().code_many(
        [Document(id="w", text="Witnesses said soldiers opened fire on protesters in Khartoum.")]
    )
    (claim,) = coded.claims
    assert claim.sourced and claim.claimant is not None and claim.claimant.entity_text == "Witnesses"


# ---------------------------------------------------------------------- review: datelines, bylines, denials
def _claimants(text: str) -> list[tuple[str, str | None]]:
    out = []
    for r in code_text(text):
        claimant = (r.attribution or {}).get("claimant") or {}
        out.append((r.event[0], claimant.get("entity_text")))
    return out


@pytest.mark.slow
def test_a_dateline_does_not_hide_the_speaker_of_the_lead() -> None:
    got = _claimants("LAGOS (Reuters) - Nigeria's interior minister said police arrested 30 protesters.")
    assert got and all(c is not None and "minister" in c for _, c in got), got


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The talks collapsed; by Friday, Ruto said, the army had shelled the town.",
        "By noon, Ruto said, police had arrested 30 protesters.",
    ],
)
def test_a_time_phrase_with_by_is_no_byline(text: str) -> None:
    got = _claimants(text)
    assert got and all(c == "Ruto" for _, c in got), got


@pytest.mark.slow
def test_an_undenied_event_is_not_contested() -> None:
    for r in code_text("Russia did not deny that its troops shelled the village."):
        assert not r.modality.get("contested"), r.modality


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The Northern Liberation Front (NLF) — at war for years — said it shelled a base.",
        "Northern Liberation Front (NLF) — the group said it shelled a base.",
    ],
)
def test_an_organisation_and_its_acronym_opening_a_line_is_no_dateline(text: str) -> None:
    from coder_fixtures import coder
    from nestor.resolve.actors import _dateline_tokens

    assert _dateline_tokens(coder().nlp(text)) == set()


@pytest.mark.slow
def test_a_wire_dateline_is_still_one() -> None:
    from coder_fixtures import coder
    from nestor.resolve.actors import _dateline_tokens

    doc = coder().nlp("NAIROBI (Reuters) - Police arrested 30 protesters on Monday.")
    assert 0 in _dateline_tokens(doc)


@pytest.mark.slow
def test_a_speech_verb_before_a_quotation_that_does_not_introduce_it_is_no_tag() -> None:
    # the minister's verb governs his own clause; the chant is the protesters'
    text = 'After the minister said the talks had failed, protesters chanted "Police beat our children".'
    c = claimant(text, "beat")
    assert c is not None and c["entity_text"] == "protesters"
    # a verb that introduces the quotation still tags it
    text = 'The police chief told reporters: "Officers arrested nine looters in the market."'
    c = claimant(text, "arrested")
    assert c is not None and "chief" in c["entity_text"]


# ---------------------------------------------------------------------- claimants that refer back
def attribution_of(text: str, trigger: str) -> dict | None:
    recs = [r for r in code_text(text) if trigger in (r.trigger or "").split()]
    assert recs, [(r.event, r.trigger) for r in code_text(text)]
    return recs[0].attribution


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        # "it" for the body named as the claimant of the sentence before ("according to …")
        (
            "LIMA — Police fired tear gas at protesters outside Congress on Tuesday, according to Peru's "
            "interior ministry. It said officers had arrested 40 people near the building.",
            "arrested",
            "PER",
        ),
        # "it" for the subject of the sentence before, a body that gives an account
        (
            "Nigeria's army gave its own account of the raid on Monday. It said troops had killed 12 "
            "militants near Maiduguri.",
            "killed",
            "NGA",
        ),
        # a capitalised body is no person: "it", not "he"
        (
            "Tajikistan's State Committee for National Security gave a different account. It said Kyrgyz "
            "servicemen had fired on Tajik citizens near the village of Khoja Alo.",
            "fired",
            "TJK",
        ),
        # a definite document taken up from the sentence before, owned by who issued it
        (
            "The Colombian army issued a statement late on Friday. The statement said rebels had attacked "
            "a police post in Cauca.",
            "attacked",
            "COL",
        ),
    ],
)
def test_a_claimant_that_refers_back_takes_the_speaker_named_before(
    text: str, trigger: str, code: str
) -> None:
    att = attribution_of(text, trigger)
    assert att is not None, "stored in the outlet's own voice"
    assert att["claimant"]["code"] == code
    assert "kind" not in att


@pytest.mark.slow
def test_they_takes_the_plural_speakers_named_before() -> None:
    text = (
        "Two rights groups published a joint report on Wednesday about the war in Tigray. They said soldiers "
        "had beaten detainees in Mekelle."
    )
    att = attribution_of(text, "beaten")
    assert att is not None and att["claimant"]["entity_text"] == "They"
    assert "rights groups" in (att["claimant"]["identifier_text"] or "")


@pytest.mark.slow
def test_an_unresolved_claimant_pronoun_still_attributes_the_event() -> None:
    att = attribution_of(
        "It said gunmen had kidnapped 20 passengers on the highway near Kaduna.", "kidnapped"
    )
    assert att is not None, "stored in the outlet's own voice"
    assert att["kind"] == "unresolved reference"
    assert att["claimant"]["entity_text"] == "It" and att["claimant"]["code"] is None


def test_an_expletive_it_names_no_speaker() -> None:
    # "it is reported that …": a passive verb of saying, no one named
    table = """
    It          2 nsubjpass PRON  PRP It
    is          2 auxpass   AUX   VBZ be
    reported    2 ROOT      VERB  VBN report
    that        6 mark      SCONJ IN  that
    soldiers    6 nsubj     NOUN  NNS soldier
    burned      2 ccomp     VERB  VBD burn
    the         7 det       DET   DT  the
    village     6 dobj      NOUN  NN  village
    .           2 punct     PUNCT .   .
    """
    assert claim_of(table, "burned") is None


def test_an_active_it_said_names_a_speaker() -> None:
    table = """
    It          1 nsubj  PRON  PRP It
    said        1 ROOT   VERB  VBD say
    troops      3 nsubj  NOUN  NNS troop
    shelled     1 ccomp  VERB  VBD shell
    the         5 det    DET   DT  the
    village     3 dobj   NOUN  NN  village
    .           1 punct  PUNCT .   .
    """
    assert claim_of(table, "shelled") == ("It", "said")


@pytest.mark.slow
def test_a_claimant_pronoun_skips_the_people_named_inside_the_quotation() -> None:
    text = (
        'Maria Lopez waited outside the morgue in Tijuana. "Gunmen shot my brother on Sunday. My father '
        'saw everything," she said.'
    )
    att = attribution_of(text, "shot")
    assert att is not None
    assert "Lopez" in (att["claimant"]["identifier_text"] or ""), att
