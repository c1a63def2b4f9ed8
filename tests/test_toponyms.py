"""The admin-level gazetteer and the toponym resolver: behaviour on news sentences, the scores on nestor's
own place-mention sets (floors pinned), and ``nestor places`` / ``GET /api/places``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import cli_invoker
from nestor.models import Document, NameMention
from nestor.resolve.gazetteer import GeoIndex, get_index
from nestor.resolve.gazetteer_build import default_path
from nestor.resolve.place_eval import load_gold, score, toponym_predictor
from nestor.resolve.place_names import data_dir as _data_dir
from nestor.resolve.place_names import read_unit_words, region_variants, unit_words
from nestor.resolve.toponyms import PlaceMention, ToponymResolver, get_resolver, haversine_km
from nestor.store import Store
from nestor.web.app import create_app

DATA = Path(__file__).parent / "data" / "places"


@pytest.fixture(scope="module")
def resolver() -> ToponymResolver:
    return get_resolver()


def found(resolver: ToponymResolver, text: str) -> dict[str, PlaceMention]:
    return {m.text: m for m in resolver.resolve(text)}


def where(m: PlaceMention) -> tuple[str, str | None, str | None, str]:
    r = m.record
    assert r is not None
    return (r.name, r.admin1_name, r.cc3, r.precision)


# ---------------------------------------------------------------------- the gazetteer


def test_the_gazetteer_has_every_level(resolver: ToponymResolver) -> None:
    ix = resolver.index
    levels = {
        r.precision
        for name in ("Georgia", "Kentucky", "Lamar County", "Lexington")
        for r in ix.names(name.lower().replace(" ", ""))
    }
    assert levels == {"country", "admin1", "admin2", "place"}
    ky = ix.admin1("US.KY")
    assert ky is not None and ky.geonameid == 6254925 and ky.fclass == "A" and ky.fcode == "ADM1"
    assert 36 < ky.lat < 39 and -89 < ky.lon < -82  # the median of its towns, inside the state
    assert {r.name for r in ix.qualifiers("ky")} == {"Kentucky"}  # "Ky." only after a comma
    assert not [r for r in ix.names("ky") if r.precision == "admin1"]


def test_a_country_is_at_its_centroid_never_its_capital(resolver: ToponymResolver) -> None:
    kaz = resolver.index.country("KAZ")
    assert kaz is not None and kaz.precision == "country" and kaz.fcode == "PCLI"
    astana = max(resolver.index.names("astana"), key=lambda r: r.population)
    assert haversine_km(kaz.lat, kaz.lon, astana.lat, astana.lon) > 300
    place = kaz.to_place()
    assert (place.geo_precision, place.feature_class, place.feature) == ("country", "A", "country")


def test_a_unit_without_a_known_point_has_none(resolver: ToponymResolver) -> None:
    county = next(r for r in resolver.index.names("lamarcounty") if r.admin1 == "TX")
    assert county.key == "adm2:US.48277" and county.lat is None and county.admin1_name == "Texas"
    d = county.to_place().to_dict()
    assert d["geo_precision"] == "admin2" and d["admin2"] == "Lamar County" and d["lat"] is None


def test_the_cache_name_follows_the_data(tmp_path: Path) -> None:
    copy = tmp_path / "places"
    shutil.copytree(_data_dir(), copy)
    assert default_path(copy) == default_path()
    (copy / "ambiguous.txt").write_text("springfield\n", encoding="utf-8")
    assert default_path(copy) != default_path()  # an edited table builds a new file


def test_the_unit_words_come_from_one_table(tmp_path: Path) -> None:
    assert region_variants("Tula Oblast")[:3] == ["Tula Oblast", "Tula region", "Tula province"]
    assert region_variants("Kent County") == ["Kent County"]  # a county is no first-level unit
    assert {"county", "oblast"} <= unit_words().name and "state" not in unit_words().name
    copy = tmp_path / "places"
    shutil.copytree(_data_dir(), copy)
    with (copy / "unit_words.tsv").open("a", encoding="utf-8") as fh:
        fh.write("district\tyes\tno\n")
    assert default_path(copy) != default_path()  # the builder's region names follow the table
    assert read_unit_words(copy / "unit_words.tsv").region[-1] == "district"
    bad = tmp_path / "bad.tsv"
    bad.write_text("# word region name\noblast\tyes\tyes\nkrai\tperhaps\tyes\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:3"):
        read_unit_words(bad)


def test_the_index_is_a_small_memory_mapped_file() -> None:
    ix = get_index()
    assert ix.path.stat().st_size < 80_000_000
    assert GeoIndex(ix.path).names("almaty")  # a second reader of the same file


# ---------------------------------------------------------------------- resolution in context


def test_a_dateline_sets_the_scene(resolver: ToponymResolver) -> None:
    got = found(resolver, "AUSTIN, Texas — A man from Paris was arrested on Tuesday.")
    assert got["AUSTIN"].kind == "dateline" and where(got["AUSTIN"])[1:3] == ("Texas", "USA")
    assert where(got["Paris"]) == ("Paris", "Texas", "USA", "place")
    got = found(resolver, "LONDON, Ont. (AP) — A water main broke early Friday.")
    assert where(got["LONDON"])[1:3] == ("Ontario", "CAN") and where(got["Ont."])[3] == "admin1"
    assert where(found(resolver, "A man from Paris was arrested.")["Paris"])[2] == "FRA"


def test_a_dateline_after_a_headline_and_byline_and_other_forms(resolver: ToponymResolver) -> None:
    text = "Storm batters coast\nBy JANE DOE Associated Press\nNEW ORLEANS (AP) — Flooding hit Slidell."
    got = found(resolver, text)
    assert got["NEW ORLEANS"].kind == "dateline" and where(got["Slidell"])[1] == "Louisiana"
    assert found(resolver, "NEW DELHI: Smog closed schools.")["NEW DELHI"].kind == "dateline"
    got = found(resolver, "Lexington, Ky. — A man from Paris was arrested.")
    assert got["Lexington"].kind == "dateline" and where(got["Paris"])[1] == "Kentucky"
    assert found(resolver, "Officials said: the bridge in Paris is closed.")["Paris"].kind == "name"


@pytest.mark.parametrize(
    ("text", "name", "admin1", "country"),
    [
        ("Protesters gathered in Dublin, Ga., on Saturday.", "Dublin", "Georgia", "USA"),
        ("Flooding hit Frankfort, Ky., and Trenton, N.J., overnight.", "Trenton", "New Jersey", "USA"),
        ("A man was arrested in Paris, Texas.", "Paris", "Texas", "USA"),
        ("Crews came from Springfield, Mo., by morning.", "Springfield", "Missouri", "USA"),
        ("A fire burned in Victoria, B.C., on Monday.", "Victoria", "British Columbia", "CAN"),
    ],
)
def test_city_state_and_city_abbreviation(
    resolver: ToponymResolver, text: str, name: str, admin1: str, country: str
) -> None:
    assert where(found(resolver, text)[name]) == (name, admin1, country, "place")


def test_the_documents_other_places_pick_a_namesake(resolver: ToponymResolver) -> None:
    got = found(
        resolver, "Storms hit Kentucky on Monday. A bridge in Georgetown closed, and Lexington lost power."
    )
    assert where(got["Georgetown"])[1] == "Kentucky" and where(got["Lexington"])[1] == "Kentucky"
    got = found(resolver, "Protesters blocked roads in Beirut and Tripoli on Thursday.")
    assert where(got["Tripoli"])[2] == "LBN"
    assert where(found(resolver, "Fighting resumed near Tripoli and Misrata.")["Tripoli"])[2] == "LBY"


def test_words_around_a_name_pick_its_level(resolver: ToponymResolver) -> None:
    got = found(resolver, "The Georgia Republican said deputies in Lamar County would help.")
    assert where(got["Georgia"]) == ("Georgia", "Georgia", "USA", "admin1")
    assert where(got["Lamar County"]) == ("Lamar County", "Georgia", "USA", "admin2")
    assert where(found(resolver, "Thousands rallied in Georgia against the law.")["Georgia"])[3] == "country"
    got = found(resolver, "A wildfire spread across the Irkutsk region on Saturday.")
    assert where(got["Irkutsk region"])[3] == "admin1"


def test_divisions_named_together_are_divisions(resolver: ToponymResolver) -> None:
    got = found(resolver, "Protests spread from England to Wales, while Scotland stayed calm.")
    assert [where(got[n])[3] for n in ("England", "Wales", "Scotland")] == ["admin1"] * 3
    got = found(resolver, "Trains between Berlin and Munich stopped, and Bavaria added buses.")
    assert where(got["Berlin"])[3] == "place"  # a city first, though it is a state too


def test_demonyms_name_a_place_only_where_the_text_says_so(resolver: ToponymResolver) -> None:
    got = found(resolver, "Turkish troops pushed deeper into Syrian territory, near the Iraqi border.")
    assert "Turkish" not in got
    assert "Chinese" not in found(resolver, "Chinese coast guard ships fired water cannon.")
    assert where(got["Syrian"]) == ("Syria", None, "SYR", "country") and got["Syrian"].kind == "demonym"
    assert where(got["Iraqi"])[2] == "IRQ"


@pytest.mark.parametrize(
    "text",
    [
        "Jordan Smith scored twice on Thursday.",
        "Banks said the rules would change.",
        "Kentucky Fried Chicken opened a store.",
        "Sen. Rand Paul spoke to reporters.",
        "A barge fire on the Hudson forced the closing of the waterfront.",
        "Officials at the White House declined to comment.",
        "Police said most of the crowd had left.",
        "NATO and the UN condemned the attack, TASS reported.",
        "Hamas fired rockets, and the Council would meet.",
    ],
)
def test_names_and_words_that_are_no_places(resolver: ToponymResolver, text: str) -> None:
    assert resolver.resolve(text) == []


def test_an_article_is_no_part_of_a_name(resolver: ToponymResolver) -> None:
    assert [where(m)[0] for m in resolver.resolve("A US envoy arrived on Thursday.")] == ["United States"]


def test_a_parsers_person_names_stay_persons(resolver: ToponymResolver) -> None:
    text = "Jackson said the plan would work."
    assert resolver.resolve(text, [(0, 7, "PERSON")]) == []
    assert found(resolver, "A man was shot in Jackson, Miss., on Monday.")["Jackson"].record.admin1 == "MS"


def test_a_parsed_document_gives_its_places_to_the_coder() -> None:
    spacy = pytest.importorskip("spacy")
    from nestor.resolve.toponyms import document_places, place_at

    nlp = spacy.blank("en")
    doc = nlp("AUSTIN, Texas — Clashes broke out in Paris on Monday.")
    assert [m.text for m in document_places(doc)] == ["AUSTIN", "Texas", "Paris"]
    paris = place_at(doc[8])
    assert paris is not None and paris.admin1 == "Texas" and paris.geo_precision == "place"
    assert place_at(doc[4]) is None  # "Clashes"
    assert doc[8].text == "Paris"


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a state or county before the public body named after it is a place mention
        (
            "The Ohio Senate passed the bill, and Columbus officials cheered.",
            "Ohio",
            ("Ohio", "Ohio", "USA", "admin1"),
        ),
        (
            "BATON ROUGE, La. — The Calcasieu Parish School Board met Tuesday in Lake Charles.",
            "Calcasieu Parish",
            ("Calcasieu Parish", "Louisiana", "USA", "admin2"),
        ),
        # a dateline without its state, placed by the rest of the story, but a capital stays one
        (
            "SPRINGFIELD — Hampden County prosecutors charged two men from Chicopee and Holyoke on Friday.",
            "SPRINGFIELD",
            ("Springfield", "Massachusetts", "USA", "place"),
        ),
        (
            "WASHINGTON — Senators from Virginia and Pennsylvania met in Pittsburgh and Harrisburg.",
            "WASHINGTON",
            ("Washington", "District of Columbia", "USA", "place"),
        ),
        # continents, English names of foreign divisions, a list of counties
        ("Migrants crossed from Africa to Europe by boat.", "Africa", ("Africa", None, None, "continent")),
        ("Wildfires spread across Sardinia and Crete.", "Crete", ("Kríti", "Kríti", "GRC", "admin1")),
        (
            "Hail hit Fannin and Lamar counties in Texas.",
            "Fannin",
            ("Fannin County", "Texas", "USA", "admin2"),
        ),
        # a capital's own name over another town's alternate name; "a Galion man" is no person's name
        (
            "Islamabad rejected the claim, officials in Srinagar said.",
            "Islamabad",
            ("Islamabad", "Islamabad", "PAK", "place"),
        ),
        ("MARION, Ohio — A Galion man was hurt.", "Galion", ("Galion", "Ohio", "USA", "place")),
        # a side of a city after a preposition is still the city, even where the parser sees a person
        (
            "JACKSON, Miss. — Pipes burst in south Jackson on Sunday.",
            "Jackson",
            ("Jackson", "Mississippi", "USA", "place"),
        ),
    ],
)
def test_names_in_context(resolver: ToponymResolver, text: str, surface: str, expected: tuple) -> None:
    got = {m.text: m for m in resolver.resolve(text)}
    m = got.get(surface)
    assert m is not None and m.record is not None, [(x.text, x.key) for x in got.values()]
    assert where(m) == expected
    if surface == "Jackson":  # with a parser that calls it a person
        start = text.index("south Jackson") + 6
        persons = [(start, start + 7, "PERSON")]
        assert any(x.text == "Jackson" and x.start == start for x in resolver.resolve(text, persons))


def test_no_body_after_a_hamlet_or_an_article(resolver: ToponymResolver) -> None:
    got = {m.text for m in resolver.resolve("The White House said the University of Kansas would reopen.")}
    assert got == {"Kansas"}


# ---------------------------------------------------------------------- scores on the test sets

# Floors a few points under the scores measured when they were set (see the numbers in the issue note).
FLOORS = {
    "gold.jsonl": {"coverage": 0.96, "exact": 0.97, "country": 0.98, "within_161km": 0.88},
    "heldout.jsonl": {"coverage": 0.95, "exact": 0.92, "country": 0.96, "within_161km": 0.85},
    "heldout2.jsonl": {"coverage": 0.95, "exact": 0.95, "country": 0.95, "within_161km": 0.85},
    # written blind (before its writer read the resolver): coverage 0.950, exact 0.984, country 0.987,
    # within 161 km 0.905 then; 0.984, 0.994, 0.994, 0.905 after the fixes it led to
    "heldout3.jsonl": {"coverage": 0.95, "exact": 0.96, "country": 0.96, "within_161km": 0.86},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_on_the_place_sets(name: str) -> None:
    docs = load_gold(DATA / name)
    result = score(docs, toponym_predictor())
    got = result.as_dict()
    assert (
        got["gold"]
        >= {"gold.jsonl": 300, "heldout.jsonl": 100, "heldout2.jsonl": 60, "heldout3.jsonl": 300}[name]
    )
    for key, floor in FLOORS[name].items():
        assert got[key] >= floor, (key, got, result.errors[:20])
    assert result.seconds < 5


def test_the_gold_files_agree_with_their_texts() -> None:
    for name in FLOORS:
        for doc in load_gold(DATA / name):
            for g in doc["places"]:
                assert doc["text"][g["start"] : g["end"]] == g["text"]
                assert g["key"] is None or g["key"].split(":")[0] in ("gn", "iso", "adm1", "adm2", "name")


def test_a_bad_gold_line_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x", "places": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        load_gold(bad)


# ---------------------------------------------------------------------- nestor places, /api/places


@pytest.fixture
def place_store(tmp_path: Path) -> Path:
    path = tmp_path / "places.db"
    text = "DUBLIN, Ga. — Jackson said crowds gathered in Macon and Savannah on Saturday."
    with Store.open(str(path)) as store:
        store.write_document(
            Document(id="d1", text=text),
            [],
            mentions=[NameMention(1, 14, 21, "Jackson", "PERSON", "Jackson")],
        )
    return path


def test_nestor_places_lists_every_mention(place_store: Path) -> None:
    nestor = cli_invoker()
    result = nestor("places", "--db", str(place_store), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["DUBLIN", "Ga.", "Macon", "Savannah"]  # not the person Jackson
    macon = rows[2]
    assert (macon["document"], macon["admin1"], macon["country_code"], macon["geo_precision"]) == (
        "d1",
        "Georgia",
        "USA",
        "place",
    )
    assert macon["geonameid"] and macon["feature_class"] == "P" and macon["lat"] is not None
    table = nestor("places", "--db", str(place_store)).stdout
    assert "Savannah" in table and "4 place mentions" in table
    csv_out = nestor("places", "--db", str(place_store), "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("document,start,end,text,geonameid") and len(csv_out) == 5


def test_api_places(place_store: Path) -> None:
    with TestClient(create_app(str(place_store))) as client:
        body = client.get("/api/places", params={"document": "d1"}).json()
        assert [p["text"] for p in body["places"]] == ["DUBLIN", "Ga.", "Macon", "Savannah"]
        assert body["places"][1]["geo_precision"] == "admin1"
        assert client.get("/api/places", params={"document": "nope"}).json()["places"] == []
        assert client.get("/api/places", params={"limit": -1}).status_code == 400


# ---------------------------------------------------------------------- events


@pytest.mark.slow
def test_events_carry_the_place_resolved_in_context() -> None:
    from coder_fixtures import code_text

    records = code_text("AUSTIN, Texas — Protesters clashed with police in Paris on Tuesday.", "ev1")
    locs = [r.event_loc for r in records if r.event_loc is not None]
    assert locs and all(p.admin1 == "Texas" and p.geo_precision == "place" for p in locs)
    records = code_text("Protesters clashed with police in Kazakhstan on Tuesday.", "ev2")
    loc = next(r.event_loc for r in records if r.event_loc is not None)
    d = loc.to_dict()
    assert (d["country_code"], d["geo_precision"]) == ("KAZ", "country")
    assert abs(d["lat"] - 51.18) > 1 or abs(d["lon"] - 71.45) > 1  # not Astana


@pytest.mark.slow
def test_a_nationality_word_places_an_event_only_where_the_text_says_so() -> None:
    from coder_fixtures import code_text

    for text, country in (
        ("Israeli jets struck targets on Syrian territory on Tuesday, the army said.", "SYR"),
        ("Somali pirates seized a fishing boat in Kenyan waters overnight.", "KEN"),
    ):
        loc = next(r.event_loc for r in code_text(text, "dm") if r.event_loc is not None)
        assert (loc.country_code, loc.geo_precision) == (country, "country")
    records = code_text("Kenyan police fired tear gas at protesters on Tuesday.", "dm2")
    assert records and all(r.event_loc is None for r in records)  # whose police, not where


@pytest.mark.slow
def test_place_mentions_carry_the_geonames_id_read_in_context(tmp_path: Path) -> None:
    from coder_fixtures import coder

    text = "LEXINGTON, Ky. — Floods closed roads in Georgetown and across Kazakhstan, officials said."
    (coded,) = coder().code_many([Document(id="gn1", text=text, published="2024-03-05")])
    places = {m.text: m for m in coded.mentions if m.type == "PLACE"}
    georgetown = places["Georgetown"]
    assert (georgetown.code, georgetown.geo_precision) == ("USA", "place")
    assert georgetown.geonameid == 4292686  # Georgetown, Kentucky: the dateline's state
    assert (places["Kazakhstan"].geonameid, places["Kazakhstan"].geo_precision) == (1522867, "country")
    with Store.open(str(tmp_path / "s.db"), create=True) as store:
        store.write_document(coded.document, coded.records, mentions=coded.mentions)
        rows = {
            r["text"]: (r["geonameid"], r["geo_precision"])
            for r in store.query("SELECT text, geonameid, geo_precision FROM mentions WHERE type = 'PLACE'")
        }
    assert rows["Georgetown"] == (4292686, "place") and rows["Kazakhstan"] == (1522867, "country")


# ---------------------------------------------------------------------- any text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Paris",
                ",",
                "Texas",
                "Ky.",
                "N.J.",
                "—",
                "AUSTIN",
                "the",
                "Georgia",
                "Republican",
                "in",
                "said",
                "Lamar County",
                "Turkish",
                "soil",
                "\n",
                ".",
                "'s",
                "Jordan",
                "Smith",
                "UN",
                "A",
                "x",
                "é",
                "(AP)",
            ]
        )
        | st.text(max_size=8),
        max_size=30,
    )
)
def test_any_text_gives_consistent_mentions(words: list[str]) -> None:
    text = " ".join(words)
    for m in get_resolver().resolve(text):
        assert text[m.start : m.end] == m.text and m.record is not None
        assert m.record.precision in ("country", "admin1", "admin2", "place")
