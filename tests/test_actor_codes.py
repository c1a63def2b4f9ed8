"""Actor and recipient country codes: general cues that tie a party to its country, each shown on
invented sentences from several regions (coded end to end by the production coder)."""

from __future__ import annotations

import pytest

from coder_fixtures import code_text

pytestmark = pytest.mark.slow


def codes(text: str, etype: str) -> tuple[set[str | None], set[str | None]]:
    recs = [r for r in code_text(text) if r.event[0] == etype]
    assert recs, [(r.event, r.actor, r.recipient) for r in code_text(text)]
    return {a.code for a in recs[0].actor}, {r.code for r in recs[0].recipient}


@pytest.mark.parametrize(
    ("text", "etype", "not_code"),
    [
        # a stance toward a country ("anti-X", "pro-X") makes no one a member of it
        ("An anti-Russian blogger was shot dead by gunmen in Kyiv on Monday.", "ASSAULT", "RUS"),
        ("Gunmen killed a pro-Iranian cleric in Basra on Sunday.", "ASSAULT", "IRN"),
    ],
)
def test_a_stance_prefix_gives_no_country(text: str, etype: str, not_code: str) -> None:
    actors, recipients = codes(text, etype)
    assert not_code not in actors | recipients


def test_coordinated_nationalities_before_a_noun_each_give_a_recipient() -> None:
    _, recipients = codes("Nigerian soldiers arrested dozens of Cameroonian and Chadian fishermen.", "COERCE")
    assert {"CMR", "TCD"} <= recipients
    _, recipients = codes(
        "The Red Cross said US and French troops must protect civilians in the north.", "REQUEST"
    )
    assert {"USA", "FRA"} <= recipients


def test_a_people_of_one_country_living_in_another_is_coded_where_it_lives() -> None:
    actors, _ = codes(
        "The Hungarians of northern Serbia demanded autonomy from the government in Belgrade.", "REQUEST"
    )
    assert actors == {"SRB"}


@pytest.mark.parametrize(
    ("text", "etype", "code"),
    [
        ("Rebels in Mozambique attacked a convoy near the coast on Friday.", "ASSAULT", "MOZ"),
        ("Protesters in Chile blocked roads on Tuesday.", "PROTEST", "CHL"),
    ],
)
def test_a_group_placed_in_a_country_belongs_to_it(text: str, etype: str, code: str) -> None:
    actors, _ = codes(text, etype)
    assert actors == {code}


def test_the_body_owning_a_thing_outranks_a_sector_word_beside_it() -> None:
    _, recipients = codes("Villagers demanded a UN military presence to protect them.", "REQUEST")
    assert recipients == {"UNO"}


def test_the_beneficiaries_of_an_amount_are_recipients() -> None:
    _, recipients = codes("Japan agreed to provide 50 million dollars of aid for Nepal and Bhutan.", "AGREE")
    assert recipients == {"NPL", "BTN"}


@pytest.mark.parametrize(
    ("text", "etype", "actor", "recipient"),
    [
        (
            "Thousands of students marched in Caracas in defiance of the Venezuelan government.",
            "PROTEST",
            "VEN",
            "VEN",
        ),
        (
            "The interior minister refused to resign despite pressure from the Ghanaian parliament.",
            "REJECT",
            "GHA",
            "GHA",
        ),
        (
            "Farmers blocked highways in Lahore in protest against Indian water projects.",
            "PROTEST",
            "PAK",
            "IND",
        ),
    ],
)
def test_the_party_an_act_defies_is_its_recipient(text: str, etype: str, actor: str, recipient: str) -> None:
    actors, recipients = codes(text, etype)
    assert actor in actors
    assert recipient in recipients


def test_a_domestic_body_named_after_its_country_leaves_the_actor_his_country() -> None:
    actors, recipients = codes(
        "Vice-President John Mwangi declined to resign despite pressure by the Kenya Ethics Commission.",
        "REJECT",
    )
    assert actors == {"KEN"}
    assert recipients == {"KEN"}


# ---------------------------------------------------------------------- recipients beyond the object
@pytest.mark.parametrize(
    ("text", "etype", "recipient"),
    [
        # a thing in the recipient slot: whom it is for ("refused entry to", "a camp for")
        ("The Sudanese government refused entry to Eritrean refugees on Monday.", "REJECT", "ERI"),
        ("A rebel group said its fighters had attacked a camp for Sudanese refugees in eastern Chad.",
         "ASSAULT", "SDN"),
        # people acted on are recipients themselves ("expelled observers of the OAS")
        ("Venezuela expelled observers of the Organization of American States on Friday.", "SANCTION", "IGO"),
        # a place acted on gives its country ("shelled the regional capital Gondar")
        ("Ethiopian rebels shelled the regional capital Gondar overnight, killing six people, aid workers "
         "in Nairobi said.", "ASSAULT", "ETH"),
        # a demand's addressee where the demanded clause hangs deeper than the frame
        ("Hungary demanded that its Slovak partners stop deporting Roma families.", "REQUEST", "SVK"),
    ],
)  # fmt: skip
def test_a_recipient_the_slot_holds_only_indirectly(text: str, etype: str, recipient: str) -> None:
    _, recipients = codes(text, etype)
    assert recipient in recipients


def test_the_accused_is_the_recipient_of_a_complaint_not_its_addressee() -> None:
    for text, accused in [
        ("Ghana complained to the African Union on Thursday over Togolese border incursions.", "TGO"),
        ("Chile lodged a complaint with the United Nations over Bolivian troop movements.", "BOL"),
    ]:
        _, recipients = codes(text, "ACCUSE")
        assert recipients == {accused}, text


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Farmers in Lagos marched to show their anger at Chinese fishing fleets.", "CHN"),
        ("Protesters in Manila burned flags during rallies against abuses by American soldiers.", "USA"),
    ],
)
def test_whom_a_protest_is_against_is_found_in_its_purpose_and_phrases(text: str, recipient: str) -> None:
    actors, recipients = codes(text, "PROTEST")
    assert recipients == {recipient} and recipient not in actors


def test_x_led_forces_belong_to_who_leads_them() -> None:
    actors, _ = codes("Nigerian-led troops attacked rebel positions near Freetown on Sunday.", "ASSAULT")
    assert actors == {"NGA"}


def test_a_nationality_is_no_place_and_the_tellers_place_is_a_last_resort() -> None:
    # "Kenyan policemen" says whose, "the Somali town of Beledweyne" where: unknown attackers are placed
    # there, not in Kenya
    actors, recipients = codes(
        "Two Kenyan policemen were killed by a roadside bomb outside the Somali town of Beledweyne.",
        "ASSAULT",
    )
    assert actors == {"SOM"} and recipients == {"KEN"}
    # "aid workers in Nairobi said": where the tellers are, not where the raid was (used only where the
    # sentence names no other place)
    (rec,) = [
        r
        for r in code_text(
            "Gunmen killed six villagers in a raid on the town of Gulu, aid workers in Nairobi said."
        )
        if r.event[0] == "ASSAULT"
    ]
    assert {a.code for a in rec.actor} == {"UGA"} and {r.code for r in rec.recipient} == {"UGA"}


def test_people_acted_on_through_a_purpose_clause_or_a_bare_number() -> None:
    text = "Colombian police fired tear gas to disperse striking teachers in Bogota on Monday."
    _, recipients = codes(text, "ASSAULT")
    assert recipients == {"COL"}
    rec = code_text("Colombian police arrested 14 in Bogota on Monday.")[0]
    assert rec.event == ["COERCE"]
    assert [(r.entity_text, r.code, r.sector) for r in rec.recipient] == [("14", "COL", "CVL")]


def test_a_country_name_one_letter_off_is_still_that_country() -> None:
    actors, _ = codes("Ecudor's president rejected a fresh offer from Peru for talks.", "REJECT")
    assert actors == {"ECU"}


@pytest.mark.parametrize(
    ("text", "etype", "recipient"),
    [
        # "in Potosi department": the place the event is in; "in March" is a month, no place
        ("Bolivia eased restrictions on Tuesday in Potosi department, the scene of riots in March.",
         "CONCEDE", "BOL"),
        # "at Makerere University": the name, not a namesake town "University" elsewhere
        ("Ugandan police prevented a march by students at Makerere University near the parliament in "
         "Kampala.", "COERCE", "UGA"),
        # whom a protest is against, through "joining … in demanding …"
        ("Villagers blocked the highway on Friday, joining thousands of farmers in demanding compensation "
         "from the Chinese mining company.", "PROTEST", "CHN"),
    ],
)  # fmt: skip
def test_the_place_and_the_party_a_sentence_gives_further_away(text: str, etype: str, recipient: str) -> None:
    _, recipients = codes(text, etype)
    assert recipients == {recipient}


def test_a_capitals_namesake_in_the_country_the_sentence_names_is_that_place() -> None:
    # the sentence names Lebanon (and Syria), not Libya: its Tripoli is Lebanon's
    actors, recipients = codes(
        "Syrian mediators left Tripoli as rival militias shelled each other in the north Lebanese port.",
        "ASSAULT",
    )
    assert actors == {"LBN"} and "LBY" not in recipients
    # where Libya is named, Tripoli stays its capital
    actors, _ = codes("Gunmen attacked a hotel in Tripoli, the Libyan capital, on Monday.", "ASSAULT")
    assert actors == {"LBY"}


def test_whom_a_complaint_says_does_wrong_is_its_recipient() -> None:
    for text in (
        "Zambian police are beating detainees in Lusaka, a rights group complained on Friday.",
        "The opposition complained that Zambian police had beaten its supporters in Lusaka.",
    ):
        recs = [r for r in code_text(text) if r.event[0] == "ACCUSE"]
        assert recs and [(r.code, r.sector) for r in recs[0].recipient] == [("ZMB", "COP")], text


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("Dr Amina Yusuf, the health minister, met striking nurses in Kano on Monday.", "health minister"),
        ("Mrs Elena Petrova, the foreign minister, met union leaders in Chisinau.", "foreign minister"),
    ],
)
def test_a_courtesy_title_is_no_part_of_an_office(text: str, office: str) -> None:
    offices = {a.office for r in code_text(text) for a in r.actor}
    assert offices == {office}, offices
