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
