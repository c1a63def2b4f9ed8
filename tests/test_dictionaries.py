"""User actor dictionaries (PETRARCH/Phoenix and CSV): the readers, their errors, dated codes, the
lexicon overlay, the coder using them, the coder cache key and ``nestor ingest --actors``."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import Result

from conftest import FakeCoder, clear_nestor_env, cli_invoker
from nestor import ingest_run, pipeline
from nestor.coding.coder import EventCoder
from nestor.models import Document, EventRecord
from nestor.resolve.dictionaries import (
    DatedCode,
    DictionaryError,
    UserActor,
    UserLexicon,
    cameo_roles,
    cameo_to_plover,
    date_user_actors,
    display_name,
    load_dictionary,
    read_dictionary,
    user_lexicon,
)
from nestor.resolve.lexicon import PLOVER_SECTORS, ActorLexicon
from nestor.settings import SETTINGS, Settings, load_settings

DATA = Path(__file__).resolve().parent / "data" / "dictionaries"
PETRARCH = DATA / "leaders.txt"
CSV = DATA / "leaders.csv"
LULA_CODES = (
    DatedCode("BRA", "GOV", dt.date(2003, 1, 1), dt.date(2010, 12, 31)),
    DatedCode("BRA", "ELI", dt.date(2011, 1, 1), dt.date(2022, 12, 31)),
    DatedCode("BRA", "GOV", dt.date(2023, 1, 1), None),
)


def actor(path: Path, name: str) -> UserActor:
    return next(a for a in read_dictionary(path).actors if a.name == name)


# -- readers ---------------------------------------------------------------------------------------


def test_petrarch_reader_reads_names_synonyms_and_dated_codes() -> None:
    d = read_dictionary(PETRARCH)
    assert d.format == "petrarch"
    assert d.warnings == ()
    assert [a.name for a in d.actors] == [
        "Lula da Silva",
        "Marta Quillon",
        "Orvane Peace Institute",
        "Hezbollah",
    ]
    lula = d.actors[0]
    assert lula.spellings == ("Lula da Silva", "LUIZ INACIO LULA DA SILVA", "LULA")
    assert lula.codes == LULA_CODES
    assert lula.where == f"{PETRARCH}:4"
    # codes on the name's own line, a comment after them, and CAMEO roles read as PLOVER sectors
    assert actor(PETRARCH, "Marta Quillon").codes == (DatedCode("CHL", "OPP"),)
    assert actor(PETRARCH, "Orvane Peace Institute").codes == (DatedCode("NGO", "SOC"),)  # NGOHRI
    assert actor(PETRARCH, "Hezbollah").codes == (DatedCode("LBN", "PTY"),)


def test_csv_reader_makes_one_actor_of_the_rows_of_one_name() -> None:
    d = read_dictionary(CSV)
    assert d.format == "csv"
    lula = d.actors[0]
    assert lula.name == "Lula da Silva"
    assert lula.spellings == ("Lula da Silva", "Luiz Inacio Lula da Silva", "Lula")
    assert lula.codes == LULA_CODES
    assert lula.where == f"{CSV}:3"  # the header and a comment line come first


def test_csv_and_petrarch_read_the_same_data_the_same() -> None:
    petrarch, csv = read_dictionary(PETRARCH), read_dictionary(CSV)

    def folded(spellings: tuple[str, ...]) -> list[str]:
        return [s.lower() for s in spellings]

    assert [(a.name, folded(a.spellings), a.codes) for a in petrarch.actors] == [
        (a.name, folded(a.spellings), a.codes) for a in csv.actors
    ]


def test_a_csv_file_is_known_by_its_header_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(CSV.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_dictionary(path).format == "csv"


def test_what_nestor_does_not_support_is_read_past_with_warnings() -> None:
    path = DATA / "unsupported.txt"
    d = read_dictionary(path)
    assert d.warnings == (
        f"{path}:2: {{ }} block ignored (not supported)",
        f"{path}:4: 'IVAR_TENNOCK' does not end in '_': prefix matching is not supported; "
        "matched as whole words",
        f"{path}:6: CAMEO code group XQZ (in ISLMILXQZ) gives no PLOVER sector; ignored",
        f"{path}:7: {{ }} block ignored (not supported)",
    )
    (ivar,) = d.actors
    assert ivar.name == "Ivar Tennock"
    assert ivar.codes == (
        DatedCode("ISL", "GOV"),  # RAD, an attribute, is skipped without a warning
        DatedCode("ISL", "MIL", dt.date(1999, 1, 1), dt.date(2004, 12, 31)),  # YYYYMMDD dates
    )


@pytest.mark.parametrize(
    ("name", "line", "why"),
    [
        ("bad_code.txt", 4, "'BRA-GOV' is not a CAMEO actor code"),
        ("bad_date.txt", 2, "'031301' is not a date (YYMMDD or YYYYMMDD)"),
        ("orphan_synonym.txt", 3, "synonym 'LULA_' before any name"),
        ("no_code.txt", 2, "'MARTA_QUILLON_' has no [CODE]"),
        ("bad_line.txt", 2, "'Marta Quillon is an opposition leader' is not a name (NAME_)"),
        ("bad_sector.csv", 3, "sector 'PRESIDENT' is not a PLOVER sector"),
        ("bad_dates.csv", 3, "the period ends (2011-01-01) before it starts (2022-12-31)"),
        ("bad_columns.csv", 2, "4 columns, expected 6"),
    ],
)
def test_malformed_lines_are_errors_naming_file_and_line(name: str, line: int, why: str) -> None:
    path = DATA / name
    with pytest.raises(DictionaryError) as caught:
        read_dictionary(path)
    assert (caught.value.source, caught.value.line) == (str(path), line)
    assert str(caught.value).startswith(f"{path}:{line}: {why}")


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        ("NAME_ [USAGOV >2301]\n", 1, "'>2301' is not a date restriction"),
        ("NAME_ [USAGOV 100101-090101]\n", 1, "100101-090101: the period ends before it starts"),
        ("NAME_ [USAGOV\n", 1, "unbalanced brackets"),
        ("NAME_\n[---]\n", 2, "'---' codes neither a country nor a sector"),
        ("# x\n[USAGOV]\nNAME_\n", 2, "code 'USAGOV' before any name"),
        ("NAME_ [USAGOV]\n{ never closed\n", 2, "{ block never closed"),
    ],
)
def test_more_petrarch_errors(tmp_path: Path, text: str, line: int, why: str) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        DictionaryError, match=rf"^{path}:{line}: " + why.replace("(", r"\(").replace("[", r"\[")
    ):
        read_dictionary(path)


def test_csv_without_its_header_or_a_country_and_sector(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("name,country\nLula,BRA\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=rf"^{path}:1: the header row must be name,aliases,country"):
        read_dictionary(path)
    path.write_text("name,aliases,country,sector,from,to\nLula,,,,2003-01-01,\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=rf"^{path}:2: neither country nor sector"):
        read_dictionary(path)
    path.write_text("name,aliases,country,sector,from,to\nLula,,BRA,GOV,2003-13-01,\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=rf"^{path}:2: from '2003-13-01' is not a date"):
        read_dictionary(path)


def test_a_missing_file_is_a_dictionary_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(DictionaryError, match=rf"^{path}: cannot read the actor dictionary"):
        read_dictionary(path)


def test_petrarch_dates_two_and_four_digit_years(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(
        "A_ [USAGOV <300630]\nB_ [USAGOV >310101]\nC_ [USAGOV 19450101-20450101]\n", encoding="utf-8"
    )
    a, b, c = read_dictionary(path).actors
    assert a.codes == (DatedCode("USA", "GOV", None, dt.date(2030, 6, 30)),)
    assert b.codes == (DatedCode("USA", "GOV", dt.date(1931, 1, 1), None),)
    assert c.codes == (DatedCode("USA", "GOV", dt.date(1945, 1, 1), dt.date(2045, 1, 1)),)


def test_display_names_from_capitals() -> None:
    assert display_name("LULA DA SILVA") == "Lula da Silva"
    assert display_name("BASHAR AL-ASSAD") == "Bashar al-Assad"
    assert display_name("NATO") == "NATO"
    assert display_name("PKK FIGHTERS") == "PKK Fighters"
    assert display_name("Marta Quillon") == "Marta Quillon"  # written in mixed case: kept


# -- CAMEO roles -----------------------------------------------------------------------------------


def test_cameo_roles_map_to_nestor_sectors() -> None:
    roles = cameo_roles()
    assert {s for s in roles.values() if s} <= PLOVER_SECTORS
    assert roles["MED"] == "JRN"  # CAMEO's media; nestor's MED is health
    assert roles["HLH"] == "MED"
    assert roles["GOV"] == "GOV" and roles["INS"] == "REB" and roles["MOD"] is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("BRAGOV", ("BRA", "GOV")),
        ("BRA", ("BRA", None)),
        ("---GOV", (None, "GOV")),
        ("IGOUNO", ("UNO", None)),
        ("IGOEEC", ("EUR", None)),
        ("NGOHRI", ("NGO", "SOC")),
        ("SYRREBRAD", ("SYR", "REB")),
        ("USARADMIL", ("USA", "MIL")),
        ("RUSMEDGOV", ("RUS", "JRN")),
    ],
)
def test_cameo_codes_to_country_and_sector(code: str, expected: tuple[str | None, str | None]) -> None:
    unknown: list[str] = []
    assert cameo_to_plover(code, unknown.append) == expected
    assert unknown == []


def test_unknown_cameo_groups_are_told() -> None:
    unknown: list[str] = []
    assert cameo_to_plover("IMGMUSALQ", unknown.append) == ("IMG", None)
    assert unknown == ["MUS", "ALQ"]


# -- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2002-12-31", None),  # before every period, and no undated code
        ("2003-01-01", "GOV"),  # the first day of a period
        ("2007-06-15", "GOV"),
        ("2010-12-31", "GOV"),  # the last day of a period
        ("2011-01-01", "ELI"),
        ("2015-03-01", "ELI"),
        ("2023-01-01", "GOV"),  # from 2023 on, open-ended
        ("2090-01-01", "GOV"),
    ],
)
def test_dated_codes_before_within_after_and_open_ends(day: str, expected: str | None) -> None:
    lula = actor(PETRARCH, "Lula da Silva")
    code = lula.code_on(dt.date.fromisoformat(day))
    assert (code.sector if code else None) == expected


def test_an_open_start_and_the_undated_code_as_fallback() -> None:
    until = UserActor("A", ("A",), (DatedCode("USA", "GOV", None, dt.date(2000, 1, 1)),), "x:1")
    assert until.code_on(dt.date(1900, 1, 1)) == until.codes[0]
    assert until.code_on(dt.date(2000, 1, 2)) is None
    ivar = read_dictionary(DATA / "unsupported.txt").actors[0]
    assert ivar.code_on(dt.date(2000, 5, 1)).sector == "MIL"  # a period covering the date comes first
    assert ivar.code_on(dt.date(2010, 5, 1)).sector == "GOV"  # else the undated code
    assert ivar.code_on(None).sector == "GOV"


def test_the_default_code_without_a_date_is_the_latest_period() -> None:
    assert actor(PETRARCH, "Lula da Silva").code_on(None) == LULA_CODES[2]


# -- the lexicon overlay ---------------------------------------------------------------------------


@lru_cache(maxsize=2)
def overlay(path: Path = PETRARCH) -> UserLexicon:
    lexicon = user_lexicon(ActorLexicon.load(), str(path))
    assert isinstance(lexicon, UserLexicon)
    return lexicon


def match(words: str, start: int = 0) -> tuple[int, list[tuple[str, str | None, str | None, str | None]]]:
    n, entries = overlay().longest_match(words.split(), start)
    return n, [(e.kind, e.code, e.sector, e.org_kind) for e in entries]


def test_without_a_path_the_lexicon_is_nestors_own() -> None:
    assert user_lexicon(ActorLexicon.load(), "") is ActorLexicon.load()


def test_user_names_are_consulted_first() -> None:
    assert match("Lula said") == (1, [("org", "BRA", "GOV", "user")])
    assert match("Luiz Inácio Lula da Silva said") == (5, [("org", "BRA", "GOV", "user")])
    assert match("the Orvane Peace Institute said") == (4, [("org", "NGO", "SOC", "user")])
    # a name nestor knows: the user's entry outranks nestor's (LBN REB)
    assert match("Hezbollah said") == (1, [("org", "LBN", "PTY", "user")])
    assert ActorLexicon.load().longest_match(["Hezbollah"], 0)[1][0].sector == "REB"
    # a longer name of nestor's still wins: "Kataib Hezbollah" is not Hezbollah
    assert match("Kataib Hezbollah said")[1][0][1:3] == ("IRQ", "PRM")
    # nestor's own names go on as before
    assert match("Russia said") == (1, [("country", "RUS", None, None)])


def test_user_names_need_their_first_word_capitalised() -> None:
    assert match("quillon said") == (0, [])
    assert match("Quillon said") == (1, [("org", "CHL", "OPP", "user")])
    assert match("Marta quillon said") == (2, [("org", "CHL", "OPP", "user")])
    assert overlay().lookup("Marta Quillon")[0].canonical == "Marta Quillon"
    assert overlay().country_name("BRA") == "Brazil"


def test_the_overlay_pickles_with_its_dictionary() -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(overlay()))
    assert isinstance(copy, UserLexicon)
    assert copy.longest_match(["Quillon"], 0)[1][0].code == "CHL"


# -- the coder -------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def user_coder(path: Path) -> EventCoder:
    from coder_fixtures import coder

    return EventCoder(coder().nlp, Settings(workers=1, actors=str(path)))


def actors_of(
    records: list[EventRecord], role: str = "actor"
) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.code, e.sector, e.identifier_text) for r in records for e in getattr(r, role)]


def code_with(path: Path | None, text: str, published: str = "2015-03-01") -> list[EventRecord]:
    from coder_fixtures import coder

    chosen = coder() if path is None else user_coder(path)
    return chosen.code(Document(id="t", text=text, published=published))


def accusations(records: list[EventRecord]) -> list[EventRecord]:
    """The ACCUSE records (what the accused is said to have done is a record of its own)."""
    return [r for r in records if r.event == ["ACCUSE"]]


@pytest.mark.slow
def test_the_coder_codes_a_name_nestor_does_not_know() -> None:
    text = "Marta Quillon accused Hezbollah of attacking protesters."
    assert actors_of(accusations(code_with(None, text))) == [(None, None, "Marta Quillon")]
    assert actors_of(accusations(code_with(PETRARCH, text))) == [("CHL", "OPP", "Marta Quillon")]


@pytest.mark.slow
def test_the_coder_prefers_the_users_code_for_a_name_nestor_knows() -> None:
    text = "Marta Quillon accused Hezbollah of attacking protesters."
    assert actors_of(accusations(code_with(None, text)), "recipient") == [("LBN", "REB", "Hezbollah")]
    assert actors_of(accusations(code_with(PETRARCH, text)), "recipient") == [("LBN", "PTY", "Hezbollah")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2005-03-01", ("BRA", "GOV", "Lula da Silva")),
        ("2015-03-01", ("BRA", "ELI", "Lula da Silva")),
        ("2024-03-01", ("BRA", "GOV", "Lula da Silva")),
        ("1995-03-01", (None, None, "Lula da Silva")),  # no code covers 1995: the name codes nothing
    ],
)
def test_the_coder_honours_dates_against_the_report(published: str, expected: tuple) -> None:
    records = code_with(PETRARCH, "Lula criticized the government of Peru.", published)
    assert actors_of(records) == [expected]


@pytest.mark.slow
def test_the_coder_honours_dates_against_the_event() -> None:
    # reported in 2015 (ELI), about 2009 (GOV)
    records = code_with(PETRARCH, "In 2009, Lula met Chinese President Hu Jintao in Beijing.")
    assert [r.date for r in records] == ["2009"]
    assert actors_of(records) == [("BRA", "GOV", "Lula da Silva")]


@pytest.mark.slow
def test_the_users_name_beats_the_owner_the_phrase_names() -> None:
    records = code_with(PETRARCH, "Former Brazilian President Luiz Inácio Lula da Silva met Marta Quillon.")
    assert actors_of(records) == [("BRA", "ELI", "Lula da Silva")]
    assert actors_of(records, "recipient") == [("CHL", "OPP", "Marta Quillon")]


@pytest.mark.slow
def test_csv_and_petrarch_code_the_same() -> None:
    for text, published in [
        ("Lula criticized the government of Peru.", "2005-03-01"),
        ("Lula criticized the government of Peru.", "2015-03-01"),
        ("The Orvane Peace Institute condemned the arrest of journalists in Minsk.", "2020-03-01"),
        ("Marta Quillon accused Hezbollah of attacking protesters.", "2020-03-01"),
    ]:
        one = [r.to_dict() for r in code_with(PETRARCH, text, published)]
        other = [r.to_dict() for r in code_with(CSV, text, published)]
        assert one == other
        assert one and all(a["code"] for r in one for a in r["actor"])


@pytest.mark.slow
def test_name_mentions_are_dated_by_the_report() -> None:
    coded = user_coder(PETRARCH).code_many(
        [Document(id="t", text="Lula criticized the government of Peru.", published="2015-03-01")]
    )[0]
    lula = [m for m in coded.mentions if m.name == "Lula da Silva"]
    assert [(m.type, m.code, m.sector) for m in lula] == [("ORG", "BRA", "ELI")]


def test_dating_leaves_documents_alone_without_a_dictionary() -> None:
    from nestor.models import CodedDocument

    coded = CodedDocument(Document(id="t", text="x"), [])
    assert date_user_actors(coded, ActorLexicon.load(), None) is coded


# -- settings and the coder cache ------------------------------------------------------------------


def test_the_setting_and_its_environment_variable() -> None:
    assert Settings().actors == ""
    assert "actors" in {s.name for s in SETTINGS}
    assert load_settings(env={"NESTOR_ACTORS": str(CSV)}).actors == str(CSV)
    assert load_settings(env={"NESTOR_ACTORS": str(CSV)}, actors=str(PETRARCH)).actors == str(PETRARCH)


def test_the_dictionary_is_part_of_the_coder_cache_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built: list[str] = []

    def fake_coder(nlp: object, settings: Settings) -> object:
        built.append(settings.actors)
        return object()

    monkeypatch.setattr(pipeline, "EventCoder", fake_coder)
    monkeypatch.setattr(pipeline, "build_nlp", lambda model: None)
    monkeypatch.setattr(pipeline, "_CODER", None)
    monkeypatch.setattr(pipeline, "_CODER_KEY", None)
    path = tmp_path / "actors.txt"
    path.write_text(PETRARCH.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text(CSV.read_text(encoding="utf-8"), encoding="utf-8")

    first = pipeline.get_coder(Settings(workers=1))
    assert pipeline.get_coder(Settings(workers=1)) is first
    with_path = pipeline.get_coder(Settings(workers=1, actors=str(path)))
    assert with_path is not first
    assert pipeline.get_coder(Settings(workers=1, actors=str(path))) is with_path
    assert pipeline.get_coder(Settings(workers=1, actors=str(other))) is not with_path
    assert built == ["", str(path), str(other)]
    # an edited dictionary is a new one
    pipeline.get_coder(Settings(workers=1, actors=str(path)))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    pipeline.get_coder(Settings(workers=1, actors=str(path)))
    assert built == ["", str(path), str(other), str(path), str(path)]


def test_load_dictionary_reads_a_file_once_per_version(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text("QUILLON_ [CHLOPP]\n", encoding="utf-8")
    first = load_dictionary(str(path))
    assert load_dictionary(str(path)) is first
    path.write_text("QUILLON_ [CHLGOV]\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_dictionary(str(path)).actors[0].codes == (DatedCode("CHL", "GOV"),)


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_nestor_env(monkeypatch)


@pytest.fixture
def nestor() -> Callable[..., Result]:
    return cli_invoker()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCoder]:
    coder = FakeCoder()
    monkeypatch.setattr(ingest_run, "default_coder", lambda: coder)
    yield coder


def reports(tmp_path: Path) -> Path:
    path = tmp_path / "reports.jsonl"
    rows = [
        {"id": "old", "text": "Lula criticized the government of Peru.", "published": "2005-03-01"},
        {"id": "new", "text": "Lula criticized the government of Peru.", "published": "2015-03-01"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_malformed_dictionary_stops_before_coding(
    nestor: Callable[..., Result], fake: FakeCoder, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    bad = DATA / "bad_code.txt"
    result = nestor("ingest", str(reports(tmp_path)), "--db", str(db), "--actors", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"nestor: error: {bad}:4: 'BRA-GOV' is not a CAMEO actor code")
    assert "Traceback" not in result.stderr
    assert fake.coded == []
    assert not db.exists()
    # the same from the environment, and for a file that is not there
    result = nestor(
        "ingest", str(reports(tmp_path)), "--db", str(db), env={"NESTOR_ACTORS": str(tmp_path / "no")}
    )
    assert result.exit_code == 1
    assert f"nestor: error: {tmp_path / 'no'}: cannot read the actor dictionary" in result.stderr
    assert fake.coded == []


def test_cli_tells_what_the_dictionary_reader_ignored(
    nestor: Callable[..., Result], fake: FakeCoder, tmp_path: Path
) -> None:
    path = DATA / "unsupported.txt"
    result = nestor(
        "ingest", str(reports(tmp_path)), "--db", str(tmp_path / "s.db"), "--actors", str(path), "--no-merge"
    )
    assert result.exit_code == 0, result.stderr
    assert f"nestor: warning: {path}:2: {{ }} block ignored (not supported)" in result.stderr
    assert fake.coded == ["old", "new"]


@pytest.mark.slow
def test_cli_ingest_with_actors_end_to_end(nestor: Callable[..., Result], tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    result = nestor(
        "ingest",
        str(reports(tmp_path)),
        "--db",
        db,
        "--workers",
        "1",
        "--no-merge",
        "--actors",
        str(PETRARCH),
    )
    assert result.exit_code == 0, result.stderr
    events = nestor("events", "--db", db, "--format", "jsonl")
    assert events.exit_code == 0
    coded = {
        r["cite_info"]["citation"]: [(a["code"], a["sector"], a["identifier_text"]) for a in r["actor"]]
        for r in map(json.loads, events.stdout.splitlines())
    }
    assert coded == {"old": [("BRA", "GOV", "Lula da Silva")], "new": [("BRA", "ELI", "Lula da Silva")]}
