"""The actor lexicon: data files parse and agree with PLOVER and ISO 3166; lookups behave."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from nestor.resolve.lexicon import (
    NON_STATE_CODES,
    ORG_KINDS,
    PLOVER_SECTORS,
    ActorLexicon,
    LexEntry,
    _data_dir,
    _read_tsv,
)

pycountry = pytest.importorskip("pycountry")

SPEC_SECTORS = set(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK "
    "AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
UN_MEMBERS = set(
    """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA
    BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY
    HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
    LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ
    MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY
    QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD
    TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB
    ZWE
    """.split()
)
NON_ISO_CODES = {"XKX"}  # Kosovo: user-assigned, used by the EU, the IMF and event coders
FILES = {
    "countries.tsv": ("code", "name", "aliases", "adjectives", "capitals"),
    "metonyms.tsv": ("phrase", "code", "sector", "identifier_text"),
    "organizations.tsv": ("name", "aliases", "code", "sector", "kind"),
    "sectors.tsv": ("term", "sector", "kind"),
    "nonactors.tsv": ("phrase", "note"),
    "case_rules.tsv": ("phrase", "rule", "note"),
    "conflicts.tsv": ("phrase", "codes", "note"),
}


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return ActorLexicon.load()


def _iso_codes() -> set[str]:
    codes = {c.alpha_3 for c in pycountry.countries}
    codes |= {c.alpha_3 for c in pycountry.historic_countries}
    return codes


def _rows(name: str) -> list[list[str]]:
    return [cells for _, cells in _read_tsv(_data_dir() / name, FILES[name])]


def _entries(lex: ActorLexicon, text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.kind, e.code, e.sector, e.canonical) for e in lex.lookup(text)]


# ------------------------------------------------------------------ data files


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_file_parses(name: str) -> None:
    rows = _rows(name)
    assert rows, name
    for cells in rows:
        assert all("\t" not in cell for cell in cells)
        assert cells[0], f"{name}: empty first column in {cells}"


def test_every_data_file_is_known() -> None:
    on_disk = {p.name for p in Path(_data_dir()).glob("*.tsv")}
    assert on_disk == set(FILES)


def test_plover_sector_list_matches_spec() -> None:
    assert PLOVER_SECTORS == SPEC_SECTORS


def test_row_counts() -> None:
    counts = {name: len(_rows(name)) for name in FILES}
    print("\nlexicon rows:", counts)
    assert counts["countries.tsv"] >= 200
    assert counts["metonyms.tsv"] >= 60
    assert counts["organizations.tsv"] >= 300
    assert counts["sectors.tsv"] >= 200


def test_countries_cover_un_members_and_codes_are_iso() -> None:
    assert len(UN_MEMBERS) == 193
    iso = _iso_codes()
    codes = [cells[0] for cells in _rows("countries.tsv")]
    assert len(codes) == len(set(codes)), "duplicate country code"
    for code in codes:
        assert code in iso or code in NON_ISO_CODES, code
    assert UN_MEMBERS <= set(codes), sorted(UN_MEMBERS - set(codes))
    assert {"PSE", "VAT", "XKX", "TWN", "HKG", "SUN", "YUG", "CSK"} <= set(codes)


def test_all_entry_codes_and_sectors_are_valid(lex: ActorLexicon) -> None:
    iso = _iso_codes()
    for key, entries in lex.items():
        for entry in entries:
            assert entry.kind in {
                "country",
                "adjective",
                "capital",
                "metonym",
                "org",
                "sector",
                "title",
                "nonactor",
            }
            if entry.code is not None:
                assert entry.code in iso or entry.code in NON_ISO_CODES or entry.code in NON_STATE_CODES, (
                    key,
                    entry,
                )
            if entry.sector is not None:
                assert entry.sector in SPEC_SECTORS, (key, entry)
            if entry.kind == "org":
                assert entry.org_kind in ORG_KINDS


def test_org_kinds_agree_with_codes() -> None:
    for name, _aliases, code, sector, kind in _rows("organizations.tsv"):
        if kind == "uno":
            assert code == "UNO", name
        if kind == "eur":
            assert code == "EUR", name
        if kind == "igo":
            assert code in {"IGO", "NGO"}, name
        if kind == "img":
            assert code == "IMG" and sector == "REB", name
        if kind == "party":
            assert sector in {"PTY", "OPP"}, name
        if kind == "media":
            assert sector == "JRN" and code not in NON_STATE_CODES, name
        if kind == "company":
            assert sector == "BUS", name
        if kind == "armed_group":
            assert sector in {"REB", "PRM", "CRM", "MIL"}, name


def test_no_conflicting_codes_except_documented(lex: ActorLexicon) -> None:
    """Every spelling in the data matches itself, and maps to one code unless conflicts.tsv says so."""
    undocumented = []
    for spelling in lex.spellings():
        length, entries = lex.longest_match(list(spelling), 0)
        assert length == len(spelling), f"{' '.join(spelling)!r} does not match itself"
        codes = {e.code for e in entries if e.code}
        if len(codes) > 1:
            allowed = lex.conflicts.get(tuple(t.lower() for t in spelling), frozenset())
            if not codes <= allowed:
                undocumented.append((" ".join(spelling), sorted(codes)))
    assert not undocumented


def test_documented_conflicts_are_real(lex: ActorLexicon) -> None:
    keys = dict(lex.items())
    for key, codes in lex.conflicts.items():
        if key not in keys:
            continue  # a spelling variant of the listed phrase
        found = {e.code for e in keys[key] if e.code}
        assert found == codes, (key, found, codes)


def test_case_rules_name_existing_keys(lex: ActorLexicon) -> None:
    keys = dict(lex.items())
    missing = [key for key in lex.rule_keys() if key not in keys]
    # a rule phrase's hyphen/apostrophe variants need not exist, the phrase itself must
    phrases = {tuple(t.lower() for t in lex._tokens(cells[0])) for cells in _rows("case_rules.tsv")}
    assert not [key for key in missing if key in phrases]


def test_sector_terms_have_one_sector() -> None:
    seen: dict[str, str] = {}
    for terms, sector, kind in _rows("sectors.tsv"):
        if kind == "title":
            continue
        for term in terms.split("|"):
            term = term.strip().lower()
            assert seen.setdefault(term, sector) == sector, term


# ------------------------------------------------------------------ spot checks


def test_spot_checks(lex: ActorLexicon) -> None:
    assert ("adjective", "KAZ", None, "Kazakhstan") in _entries(lex, "Kazakh")
    assert ("adjective", "KAZ", None, "Kazakhstan") in _entries(lex, "Kazakhstani")
    assert ("capital", "RUS", "GOV", "Russia") in _entries(lex, "Moscow")
    assert _entries(lex, "the CSTO") == [("org", "IGO", None, "Collective Security Treaty Organization")]
    assert _entries(lex, "Collective Security Treaty Organisation")[0][1] == "IGO"
    assert ("metonym", "RUS", "GOV", "Kremlin") in _entries(lex, "Kremlin")
    assert lex.sector_of("peacekeepers") == "MIL"
    assert lex.lookup("us") == ()
    assert lex.lookup("is") == ()
    assert [e.code for e in lex.lookup("US")] == ["USA"]
    assert [e.code for e in lex.lookup("U.S.")] == ["USA"]
    assert [e.code for e in lex.lookup("IS")] == ["IMG"]
    assert lex.country_name("KAZ") == "Kazakhstan"
    assert lex.country_name("XKX") == "Kosovo"
    assert lex.country_name("QQQ") is None


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Britain", "GBR"),
        ("the United Kingdom", "GBR"),
        ("UK", "GBR"),
        ("America", "USA"),
        ("the United States", "USA"),
        ("USA", "USA"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("DR Congo", "COD"),
        ("Congo-Kinshasa", "COD"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("South Korea", "KOR"),
        ("ROK", "KOR"),
        ("the Holy See", "VAT"),
        ("Vatican", "VAT"),
        ("Belarussian", "BLR"),
        ("Byelorussian", "BLR"),
        ("Britons", "GBR"),
        ("Israelis", "ISR"),
        ("Palestinians", "PSE"),
        ("Iraqi", "IRQ"),
        ("Serbs", "SRB"),
        ("Kosovar", "XKX"),
        ("Albanian", "ALB"),
        ("Minsk", "BLR"),
        ("Astana", "KAZ"),
        ("Nur-Sultan", "KAZ"),
        ("Alma-Ata", "KAZ"),
        ("Jerusalem", "ISR"),
        ("Ramallah", "PSE"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Tehran", "IRN"),
        ("USSR", "SUN"),
        ("Soviet Union", "SUN"),
        ("Yugoslavia", "YUG"),
        ("Czechoslovakia", "CSK"),
        ("Taiwan", "TWN"),
        ("Hong Kong", "HKG"),
        ("Kosovo", "XKX"),
        ("Türkiye", "TUR"),
        ("White House", "USA"),
        ("Pentagon", "USA"),
        ("Downing Street", "GBR"),
        ("Élysée", "FRA"),
        ("Elysee", "FRA"),
        ("Quai d'Orsay", "FRA"),
        ("Knesset", "ISR"),
        ("Duma", "RUS"),
        ("Mossad", "ISR"),
        ("KGB", "SUN"),
        ("MI6", "GBR"),
        ("Shin Bet", "ISR"),
        ("IDF", "ISR"),
        ("Bundeswehr", "DEU"),
        ("Verkhovna Rada", "UKR"),
        ("Majlis", "IRN"),
        ("FSB", "RUS"),
        ("CIA", "USA"),
        ("FBI", "USA"),
        ("UN", "UNO"),
        ("United Nations", "UNO"),
        ("UNSC", "UNO"),
        ("UNHCR", "UNO"),
        ("IAEA", "UNO"),
        ("ICJ", "UNO"),
        ("EU", "EUR"),
        ("European Parliament", "EUR"),
        ("NATO", "IGO"),
        ("OSCE", "IGO"),
        ("Commonwealth of Independent States", "IGO"),
        ("CIS", "IGO"),
        ("SCO", "IGO"),
        ("AU", "IGO"),
        ("ECOWAS", "IGO"),
        ("League of Arab States", "IGO"),
        ("International Criminal Court", "IGO"),
        ("Amnesty International", "NGO"),
        ("Doctors Without Borders", "NGO"),
        ("ICRC", "NGO"),
        ("al-Qaeda", "IMG"),
        ("al Qaeda", "IMG"),
        ("Al-Qaida", "IMG"),
        ("ISIL", "IMG"),
        ("Daesh", "IMG"),
        ("Hamas", "PSE"),
        ("Fatah", "PSE"),
        ("Hezbollah", "LBN"),
        ("Taliban", "AFG"),
        ("FARC", "COL"),
        ("PKK", "TUR"),
        ("Ansar Allah", "YEM"),
        ("Boko Haram", "NGA"),
        ("al-Shabaab", "SOM"),
        ("Kosovo Liberation Army", "SRB"),
        ("Tamil Tigers", "LKA"),
        ("Lord's Resistance Army", "UGA"),
        ("Janjaweed", "SDN"),
        ("United Russia", "RUS"),
        ("BJP", "IND"),
        ("ANC", "ZAF"),
        ("Likud", "ISR"),
        ("Chinese Communist Party", "CHN"),
        ("TASS", "RUS"),
        ("Xinhua", "CHN"),
        ("Reuters", "GBR"),
        ("Associated Press", "USA"),
        ("Agence France-Presse", "FRA"),
        ("Al Jazeera", "QAT"),
        ("Kazinform", "KAZ"),
        ("BelTA", "BLR"),
        ("IRNA", "IRN"),
        ("KCNA", "PRK"),
        ("Anadolu", "TUR"),
    ],
)
def test_phrase_codes(lex: ActorLexicon, phrase: str, code: str) -> None:
    codes = [e.code for e in lex.lookup(phrase) if e.code]
    assert code in codes, (phrase, codes)
    assert len(set(codes)) == 1, (phrase, codes)


@pytest.mark.parametrize(
    ("term", "sector"),
    [
        ("government", "GOV"),
        ("authorities", "GOV"),
        ("foreign ministry", "GOV"),
        ("premier", "GOV"),
        ("spokeswoman", "GOV"),
        ("health ministry", "GOV"),
        ("lawmakers", "LEG"),
        ("mp", "LEG"),
        ("MPs", "LEG"),
        ("tribunal", "JUD"),
        ("attorney general", "JUD"),
        ("troops", "MIL"),
        ("armed forces", "MIL"),
        ("peacekeeping force", "MIL"),
        ("riot police", "COP"),
        ("border guards", "COP"),
        ("intelligence service", "SPY"),
        ("insurgents", "REB"),
        ("militia", "REB"),
        ("pro-government militia", "PRM"),
        ("gunmen", "UAF"),
        ("gang", "CRM"),
        ("looters", "CRM"),
        ("protesters", "CVL"),
        ("villagers", "CVL"),
        ("students", "EDU"),
        ("trade union", "LAB"),
        ("farmers", "AGR"),
        ("journalists", "JRN"),
        ("dissidents", "OPP"),
        ("opposition leader", "OPP"),
        ("party", "PTY"),
        ("asylum seekers", "REF"),
        ("nurses", "MED"),
        ("businessman", "BUS"),
        ("cleric", "REL"),
        ("ex-president", "ELI"),
        ("former official", "ELI"),
        ("NGO", "SOC"),
        ("human rights group", "SOC"),
        ("Gen.", "MIL"),
        ("the government", "GOV"),
    ],
)
def test_sector_of(lex: ActorLexicon, term: str, sector: str) -> None:
    assert lex.sector_of(term) == sector


def test_sector_of_unknown(lex: ActorLexicon) -> None:
    assert lex.sector_of("banana") is None
    assert lex.sector_of("") is None
    assert [e.sector for e in lex.lookup("Mr.")] == [None]


@pytest.mark.parametrize(
    "word", ["Georgia", "Jordan", "Chad", "Niger", "Turkey", "China", "Guinea", "Amnesty", "Pentagon"]
)
def test_ambiguous_words_match_only_capitalised(lex: ActorLexicon, word: str) -> None:
    assert lex.lookup(word)
    assert lex.lookup(word.lower()) == ()


def test_short_acronyms_match_only_as_written(lex: ActorLexicon) -> None:
    for acronym in ["US", "AU", "UN", "IS", "EU", "SCO", "CIS", "WHO", "LeT"]:
        assert lex.lookup(acronym), acronym
        assert lex.lookup(acronym.lower()) == (), acronym
    assert lex.lookup("Us") == ()
    assert lex.lookup("Who") == ()


# ------------------------------------------------------------------ longest_match


def test_conflicting_entries_come_in_preference_order(lex: ActorLexicon) -> None:
    assert [e.code for e in lex.lookup("SDF")] == ["SYR", "JPN"]
    assert [e.code for e in lex.lookup("Korea")] == ["KOR", "PRK"]
    assert [e.code for e in lex.lookup("Brussels")] == ["EUR", "BEL"]


def test_longest_match_prefers_longer_keys(lex: ActorLexicon) -> None:
    words = ["The", "Democratic", "Republic", "of", "the", "Congo", "said"]
    length, entries = lex.longest_match(words, 0)
    assert length == 6 and [e.code for e in entries] == ["COD"]
    words = ["South", "Sudanese", "troops"]
    assert lex.longest_match(words, 0)[0] == 2
    assert lex.longest_match(words, 0)[1][0].code == "SSD"
    words = ["the", "Collective", "Security", "Treaty", "Organization", "(", "CSTO", ")"]
    assert lex.longest_match(words, 0)[0] == 5
    assert lex.longest_match(words, 6)[1][0].canonical == "Collective Security Treaty Organization"


def test_longest_match_edges(lex: ActorLexicon) -> None:
    assert lex.longest_match([], 0) == (0, ())
    assert lex.longest_match(["Russia"], 1) == (0, ())
    assert lex.longest_match(["the"], 0) == (0, ())
    assert lex.longest_match(["let", "us", "go"], 1) == (0, ())
    assert lex.longest_match(["Russia", "'s"], 0)[0] == 1
    length, entries = lex.longest_match(["U.S.-led", "coalition"], 0)
    assert length == 1 and entries[0].code == "USA"


def test_case_rule_covers_every_capitalised_word(lex: ActorLexicon) -> None:
    assert [e.code for e in lex.lookup("Islamic State")] == ["IMG"]
    assert lex.longest_match(["an", "Islamic", "state"], 1) == (0, ())


def test_nonactor_phrases_block_country_words(lex: ActorLexicon) -> None:
    length, entries = lex.longest_match(["Latin", "America"], 0)
    assert length == 2 and [e.kind for e in entries] == ["nonactor"]
    length, entries = lex.longest_match(["the", "West", "Bank"], 0)
    assert length == 3 and entries[0].code is None


def test_tokenizer_agrees_with_spacy_split(lex: ActorLexicon) -> None:
    assert lex._tokens("Alma-Ata") == ["Alma", "-", "Ata"]
    assert lex.longest_match(["Alma", "-", "Ata"], 0)[0] == 3


def test_custom_tokenizer_is_cached_separately() -> None:
    def split(text: str) -> list[str]:
        return text.split()

    custom = ActorLexicon.load(split)
    assert custom is ActorLexicon.load(split)
    assert custom is not ActorLexicon.load()
    assert [e.code for e in custom.lookup("Collective Security Treaty Organisation")] == ["IGO"]


def test_lexicon_pickles_by_reference(lex: ActorLexicon) -> None:
    assert pickle.loads(pickle.dumps(lex)) is lex
    entry = lex.lookup("Kremlin")[0]
    assert pickle.loads(pickle.dumps(entry)) == entry


def test_entries_are_hashable_and_frozen() -> None:
    entry = LexEntry("country", "KAZ", None, "Kazakhstan")
    assert hash(entry) == hash(LexEntry("country", "KAZ", None, "Kazakhstan"))
    with pytest.raises(AttributeError):
        entry.code = "RUS"  # type: ignore[misc]


def test_longest_match_is_fast(lex: ActorLexicon) -> None:
    sentence = (
        "The Kremlin said on Tuesday that Russian peacekeepers of the Collective Security Treaty "
        "Organization would leave Kazakhstan , while the U.S. State Department and the United Nations "
        "Security Council urged protesters and riot police in Alma - Ata to show restraint ."
    ).split()
    calls = 100_000
    began = time.perf_counter()
    for i in range(calls):
        lex.longest_match(sentence, i % len(sentence))
    elapsed = time.perf_counter() - began
    print(f"\n{calls} longest_match calls: {elapsed:.3f} s ({elapsed / calls * 1e6:.2f} us/call)")
    assert elapsed < 10.0  # generous: the target is < 1 s on a normal machine
