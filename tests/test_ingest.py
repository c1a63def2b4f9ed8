"""The input readers: every format, every kind of bad input, folders and standard input."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tracemalloc
from itertools import islice
from pathlib import Path

import pytest

from nestor.errors import DecodeError, EmptyTextError, InputError, OversizeError, ParseError
from nestor.ingest import SUPPORTED_EXTENSIONS, iter_documents
from nestor.ingest.records import UnknownFields, normalise_published
from nestor.models import Document, content_id
from nestor.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "seed-documents.jsonl"
SETTINGS = Settings()


def read(*paths: str | Path, settings: Settings = SETTINGS, stdin: io.IOBase | None = None) -> list:
    return list(iter_documents([str(p) for p in paths], settings, stdin=stdin))


def split(items: list) -> tuple[list[Document], list[InputError]]:
    """Documents and errors; a document told with unknown fields counts as its document."""
    items = [i.document if isinstance(i, UnknownFields) else i for i in items]
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def only_error(items: list, kind: type[InputError]) -> InputError:
    assert len(items) == 1, items
    assert type(items[0]) is kind, items[0]
    return items[0]


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_fields_aliases_and_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "docs.jsonl",
        jsonl(
            {
                "id": "a1",
                "text": "  Troops crossed the border.\r\nOfficials said so.  ",
                "title": " Border ",
                "url": "https://example.org/a1",
                "published": "2024-03-05T10:00:00Z",
                "publication": "Example News",
                "language": "en",
                "extra": [1, 2],
            },
        )
        + "\n   \n"
        + jsonl(
            {
                "doc_id": 7,
                "body": "Second report.",
                "date": "Tue, 05 Mar 2024 10:00:00 GMT",
                "outlet": "Wire",
            },
            {"document_id": "c3", "content": "Third.", "publication_date": "March 5, 2024", "source": "S"},
            {"Text": "Fourth.", "ID": "d4", "headline": "H", "link": "u", "lang": "fr"},
        ),
    )
    docs, errors = split(read(path))
    assert errors == []
    a, b, c, d = docs
    assert a == Document(
        id="a1",
        text="  Troops crossed the border.\r\nOfficials said so.  ",  # exactly as given
        title="Border",
        url="https://example.org/a1",
        published="2024-03-05",
        publication="Example News",
        language="en",
        source=str(path),
        line=1,
    )
    assert (b.id, b.text, b.published, b.publication, b.line) == (
        "7",
        "Second report.",
        "2024-03-05",
        "Wire",
        4,
    )
    assert (c.id, c.published, c.publication, c.line) == ("c3", "2024-03-05", "S", 5)
    assert (d.id, d.text, d.title, d.url, d.language) == ("d4", "Fourth.", "H", "u", "fr")


def test_jsonl_canonical_name_wins_over_alias(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"text": "canonical", "body": "alias", "date": "2020-01-01"}))
    (doc,) = read(path)
    assert doc.text == "canonical"
    assert doc.published == "2020-01-01"


def test_jsonl_id_from_content_hash_and_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.ndjson",
        jsonl(
            {"text": "no id"},
            {"id": "", "text": "blank id"},
            {"id": 3.0, "text": "x"},
            {"id": 2.5, "text": "y"},
        ),
    )
    docs, errors = split(read(path))
    assert errors == []
    assert [d.id for d in docs] == [content_id("no id"), content_id("blank id"), "3", "2.5"]


def test_jsonl_bad_lines_are_reported_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": "First."}),
        '{"id": "x", "text": "broken" "missing comma"}',
        "[1, 2]",
        json.dumps({"id": "e1"}),
        json.dumps({"id": "e2", "text": ""}),
        json.dumps({"id": "e3", "text": " \n\t "}),
        json.dumps({"id": "t1", "text": ["a", "list"]}),
        json.dumps({"id": True, "text": "bool id"}),
        json.dumps({"id": "m1", "text": "x", "title": {"nested": 1}}),
        '{"id": "s1", "text": "lone \\ud800 surrogate"}',
        json.dumps({"id": "ok2", "text": "Last."}),
    ]
    path = write(tmp_path / "mixed.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    docs, errors = split(items)
    assert [(d.id, d.line) for d in docs] == [("ok1", 1), ("ok2", 11)]
    got = [(type(e), e.source, e.line) for e in errors]
    assert got == [
        (ParseError, str(path), 2),
        (ParseError, str(path), 3),
        (EmptyTextError, str(path), 4),
        (EmptyTextError, str(path), 5),
        (EmptyTextError, str(path), 6),
        (ParseError, str(path), 7),
        (ParseError, str(path), 8),
        (ParseError, str(path), 9),
        (DecodeError, str(path), 10),
    ]
    assert str(errors[0]) == f"{path}:2: not valid JSON (Expecting ',' delimiter at column 30)"
    assert "expected a JSON object, got a list" in errors[1].message
    assert "no 'text' field" in errors[2].message
    assert "'text' is empty" in errors[3].message
    assert "must be a string, got a list" in errors[5].message
    assert "'id'" in errors[6].message
    assert "'title'" in errors[7].message
    assert "surrogate" in errors[8].message


def test_jsonl_pretty_printed_object_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "pretty.jsonl", json.dumps({"text": "x"}, indent=2))
    errors = split(read(path))[1]
    assert errors[0].line == 1
    assert "one line" in errors[0].message


def test_jsonl_undecodable_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "latin.jsonl",
        b'{"text": "fine"}\n{"text": "caf\xe9"}\n{"text": "also fine"}\n',
    )
    docs, errors = split(read(path))
    assert [d.line for d in docs] == [1, 3]
    err = only_error(errors, DecodeError)
    assert (err.source, err.line) == (str(path), 2)
    assert "not valid UTF-8 (byte 0xe9 at column 14)" in err.message
    assert "caf" not in "".join(d.text for d in docs)  # never guessed as latin-1


def test_jsonl_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bom.jsonl", b'\xef\xbb\xbf{"id": "b", "text": "with BOM"}\r\n{"text": "two"}\r\n'
    )
    docs, errors = split(read(path))
    assert errors == []
    assert [(d.id, d.text, d.line) for d in docs] == [("b", "with BOM", 1), (content_id("two"), "two", 2)]


def test_jsonl_binary_file_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path / "image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    err = only_error(read(path), DecodeError)
    assert (err.source, err.line) == (str(path), None)
    assert "binary" in err.message


def test_jsonl_gzip_under_plain_name_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "docs.jsonl", gzip.compress(jsonl({"text": "x"}).encode()))
    err = only_error(read(path), DecodeError)
    assert ".gz" in err.message


def test_jsonl_gz(tmp_path: Path) -> None:
    path = write(
        tmp_path / "docs.jsonl.gz", gzip.compress(jsonl({"id": "z", "text": "zipped"}, {"x": 1}).encode())
    )
    docs, errors = split(read(path))
    assert [(d.id, d.text, d.line, d.source) for d in docs] == [("z", "zipped", 1, str(path))]
    assert [(type(e), e.line) for e in errors] == [(EmptyTextError, 2)]


def test_broken_gzip_is_a_decode_error(tmp_path: Path) -> None:
    data = gzip.compress(jsonl(*({"text": f"report {i}"} for i in range(2000))).encode())
    path = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    docs, errors = split(read(path))
    assert docs  # what could be read came out
    err = errors[-1]
    assert type(err) is DecodeError and "gzip" in err.message and err.line is not None


def test_document_longer_than_max_doc_chars(tmp_path: Path) -> None:
    path = write(
        tmp_path / "long.jsonl", jsonl({"id": "long", "text": "x" * 101}, {"id": "short", "text": "y"})
    )
    docs, errors = split(read(path, settings=Settings(max_doc_chars=100)))
    assert [d.id for d in docs] == ["short"]
    err = only_error(errors, OversizeError)
    assert (err.source, err.line) == (str(path), 1)
    assert "101 characters" in err.message and "max_doc_chars" in err.message


def test_file_larger_than_max_file_bytes_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "big.jsonl", jsonl({"text": "x" * 200}))

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr("nestor.ingest.open_binary", no_open)
    err = only_error(read(path, settings=Settings(max_file_bytes=100)), OversizeError)
    assert (err.source, err.line) == (str(path), None)
    assert "max_file_bytes" in err.message


def test_oversize_decompressed_content(tmp_path: Path) -> None:
    path = write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * 10_000))
    err = only_error(read(path, settings=Settings(max_file_bytes=1000)), OversizeError)
    assert "decompressed" in err.message


def test_jsonl_streams_a_large_file(tmp_path: Path) -> None:
    line = json.dumps({"text": "Soldiers fired on protesters. " * 30}) + "\n"
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        for _ in range(8000):
            f.write(line)
    size = path.stat().st_size
    assert size > 7_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_documents([str(path)], SETTINGS))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 8000
    assert peak < size / 5


class EndlessJsonl(io.RawIOBase):
    """A stream that never ends: reading it all would never return."""

    def __init__(self) -> None:
        self.n = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        self.n += 1
        data = (json.dumps({"id": str(self.n), "text": f"report {self.n}"}) + "\n").encode()
        buffer[: len(data)] = data
        return len(data)


def test_stdin_jsonl_streams() -> None:
    stream = io.BufferedReader(EndlessJsonl())
    docs = list(islice(iter_documents(["-"], SETTINGS, stdin=stream), 3))
    assert [(d.id, d.source, d.line) for d in docs] == [("1", "-", 1), ("2", "-", 2), ("3", "-", 3)]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),  # the outlet's own day, not UTC's
        ("2024-03-05 10:00", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 +0000", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("Mar 5, 2024", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("2024-03", "2024-03"),  # not a day: kept
        ("05/03/2024", "05/03/2024"),  # ambiguous: kept
        ("last Tuesday", "last Tuesday"),
        ("2024-02-30", "2024-02-30"),  # no such day: kept
        (None, None),
    ],
)
def test_published_normalisation(given: str | None, expected: str | None) -> None:
    assert normalise_published(given) == expected


def test_published_number_and_blank(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.jsonl", jsonl({"text": "a", "published": 20240305}, {"text": "b", "published": " "})
    )
    assert [d.published for d in read(path)] == ["2024-03-05", None]


def test_duplicate_ids_are_all_yielded(tmp_path: Path) -> None:
    path = write(tmp_path / "dup.jsonl", jsonl({"id": "same", "text": "one"}, {"id": "same", "text": "two"}))
    assert [d.text for d in read(path)] == ["one", "two"]


# --- .json -----------------------------------------------------------------------------------


def test_json_object_and_list(tmp_path: Path) -> None:
    one = write(
        tmp_path / "one.json", json.dumps({"id": "j1", "text": "Single.", "date": "2023-12-31"}, indent=2)
    )
    many = write(
        tmp_path / "many.json",
        json.dumps(
            [{"id": "j2", "text": "First."}, "not an object", {"id": "j3"}, {"id": 4, "text": "Last."}]
        ),
    )
    docs, errors = split(read(one, many))
    assert [(d.id, d.source, d.line, d.published) for d in docs] == [
        ("j1", str(one), None, "2023-12-31"),
        ("j2", str(many), None, None),
        ("4", str(many), None, None),
    ]
    assert [(type(e), e.source) for e in errors] == [(ParseError, str(many)), (EmptyTextError, str(many))]
    assert errors[0].message.startswith("item 2: expected a JSON object, got a string")
    assert errors[1].message.startswith("item 3: ")


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", '[\n  {"text": "a"},\n  {"text": "b",}\n]\n')
    err = only_error(read(path), ParseError)
    assert (err.source, err.line) == (str(path), 3)
    assert "not valid JSON" in err.message and "column" in err.message


def test_json_with_jsonl_content_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "lines.json", jsonl({"text": "a"}, {"text": "b"}))
    err = only_error(read(path), ParseError)
    assert err.line == 2 and ".jsonl" in err.message


@pytest.mark.parametrize(
    ("content", "kind", "words"),
    [
        ("", EmptyTextError, "empty"),
        ("  \n", EmptyTextError, "empty"),
        ("42", ParseError, "got a number"),
        ('"text"', ParseError, "got a string"),
        ("[" * 100_000 + "]" * 100_000, ParseError, "nested"),
        (b'{"text": "\xff"}', DecodeError, "UTF-8"),
    ],
)
def test_json_bad_files(tmp_path: Path, content: str | bytes, kind: type[InputError], words: str) -> None:
    path = write(tmp_path / "bad.json", content)
    err = only_error(read(path), kind)
    assert err.source == str(path)
    assert words in err.message


# --- CSV -------------------------------------------------------------------------------------


def test_csv_rows_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "docs.csv",
        "id,text,title,published,Source\r\n"
        'c1,"Police fired tear gas.\nProtesters fled, witnesses said.",Tear gas,2024-01-02,Wire\r\n'
        "\r\n"
        "c2,Talks resumed in Geneva.,,05 Jan 2024,\r\n"
        ',"  Spaces kept  ",,,\r\n',
    )
    docs, errors = split(read(path))
    assert errors == []
    assert [(d.id, d.text, d.title, d.published, d.publication, d.line) for d in docs] == [
        (
            "c1",
            "Police fired tear gas.\nProtesters fled, witnesses said.",
            "Tear gas",
            "2024-01-02",
            "Wire",
            2,
        ),
        ("c2", "Talks resumed in Geneva.", None, "2024-01-05", None, 5),
        (content_id("  Spaces kept  "), "  Spaces kept  ", None, None, None, 6),
    ]
    assert all(d.source == str(path) for d in docs)


def test_csv_bad_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        b"id,text\n"
        b"r1,good\n"
        b"r2,too,many\n"
        b"r3\n"
        b"r4,caf\xe9\n"
        b'r5,"bad "quote" here"\n'
        b"r6,\n"
        b'r7,"multi\nline, fine"\n'
        b"r8,good again\n",
    )
    docs, errors = split(read(path))
    assert [(d.id, d.line) for d in docs] == [("r1", 2), ("r7", 8), ("r8", 10)]
    assert [(type(e), e.source, e.line) for e in errors] == [
        (ParseError, str(path), 3),
        (ParseError, str(path), 4),
        (DecodeError, str(path), 5),
        (ParseError, str(path), 6),
        (EmptyTextError, str(path), 7),
    ]
    assert "3 fields where the header (line 1) has 2" in errors[0].message
    assert "1 fields" in errors[1].message
    assert "UTF-8" in errors[2].message


def test_csv_unterminated_quote_at_the_end(tmp_path: Path) -> None:
    path = write(tmp_path / "open.csv", 'id,text\n1,He said "hi" today\n2,"unterminated\n3,more\n')
    docs, errors = split(read(path))
    assert [(d.id, d.text) for d in docs] == [("1", 'He said "hi" today')]
    err = only_error(errors, ParseError)
    assert (err.source, err.line) == (str(path), 3)
    assert "quotes" in err.message


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "notext.csv", "id,headline\n1,x\n2,y\n")
    err = only_error(read(path), ParseError)
    assert (err.source, err.line) == (str(path), 1)
    assert "no 'text' column" in err.message and "id, headline" in err.message


def test_csv_semicolons_bom_aliases_and_tsv(tmp_path: Path) -> None:
    semi = write(
        tmp_path / "excel.csv", "\ufeffID;Body;Date\n1;Ceasefire agreed, both sides say;2022-02-24\n"
    )
    tsv = write(tmp_path / "tab.tsv", "id\ttext\n2\tA, b; c\n")
    docs, errors = split(read(semi, tsv))
    assert errors == []
    assert [(d.id, d.text, d.published, d.line) for d in docs] == [
        ("1", "Ceasefire agreed, both sides say", "2022-02-24", 2),
        ("2", "A, b; c", None, 2),
    ]


def test_csv_long_field(tmp_path: Path) -> None:
    text = "word " * 60_000  # beyond the csv module's default field limit of 128 KiB
    path = write(tmp_path / "long.csv", f'id,text\nlong,"{text}"\n')
    (doc,) = read(path)
    assert doc.text == text


def test_csv_empty_and_binary(tmp_path: Path) -> None:
    err = only_error(read(write(tmp_path / "empty.csv", "")), EmptyTextError)
    assert (err.line, err.message) == (None, "empty file, no records")
    assert read(write(tmp_path / "header-only.csv", "id,text\n")) == []
    err = only_error(read(write(tmp_path / "bin.csv", b"id,text\n\x00\x01\x02")), DecodeError)
    assert err.line is None and "binary" in err.message


def test_csv_gz(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv.gz", gzip.compress(b"id,text\ng1,zipped row\n"))
    assert [(d.id, d.text, d.line) for d in read(path)] == [("g1", "zipped row", 2)]


# --- .txt ------------------------------------------------------------------------------------


def test_txt_one_report(tmp_path: Path) -> None:
    path = write(tmp_path / "2024-03-05 kyiv.report.txt", "  Shelling hit Kyiv.\r\nTwo people died.\r\n")
    (doc,) = read(path)
    assert doc == Document(
        id="2024-03-05 kyiv.report",
        text="  Shelling hit Kyiv.\nTwo people died.\n",
        source=str(path),
        line=None,
    )
    assert doc.title is None


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfMinisters met in Oslo.",
        "Ministers met in Oslo.".encode("utf-16"),  # with its BOM
        gzip.compress(b"Ministers met in Oslo."),
    ],
)
def test_txt_encodings(tmp_path: Path, data: bytes) -> None:
    name = "oslo.txt.gz" if data.startswith(b"\x1f\x8b") else "oslo.txt"
    (doc,) = read(write(tmp_path / name, data))
    assert (doc.id, doc.text) == ("oslo", "Ministers met in Oslo.")


def test_txt_not_utf8_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.txt", "Le président a rencontré son homologue à Paris.".encode("cp1252"))
    err = only_error(read(path), DecodeError)
    assert (err.source, err.line) == (str(path), 1)
    assert "not valid UTF-8" in err.message and "cp1252" in err.message


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"", EmptyTextError), (b" \r\n\t\n", EmptyTextError), (b"text\x00with NUL", DecodeError)],
)
def test_txt_bad_files(tmp_path: Path, data: bytes, kind: type[InputError]) -> None:
    path = write(tmp_path / "bad.txt", data)
    err = only_error(read(path), kind)
    assert (err.source, err.line) == (str(path), None)


def test_txt_longer_than_max_doc_chars(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", "é" * 60)  # 120 bytes, 60 characters
    assert split(read(path, settings=Settings(max_doc_chars=60)))[0]
    only_error(read(path, settings=Settings(max_doc_chars=59)), OversizeError)


# --- HTML ------------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    path = DATA / "protest-minsk.html"
    (doc,) = read(path)
    assert doc.id == "protest-minsk"
    assert doc.source == str(path) and doc.line is None
    assert doc.title == "Police detain protesters in Minsk"
    assert doc.url == "https://news.example.org/world/2024/03/05/minsk-protest"
    assert doc.published == "2024-03-05"
    assert doc.publication == "The Example Times"
    assert doc.language == "en"
    assert "Police in Minsk detained at least 40 people on Sunday" in doc.text
    assert "The opposition called for further rallies next weekend." in doc.text
    for boilerplate in (
        "TRACKING",
        "ARTICLE-INLINE-SCRIPT",
        "cookies",
        "Subscribe",
        "Copyright",
        "READER-COMMENT",
    ):
        assert boilerplate not in doc.text
    assert "\r" not in doc.text


def test_html_without_metadata_fragment_and_charset(tmp_path: Path) -> None:
    frag = write(tmp_path / "frag.htm", "<p>The army withdrew from the town on Friday, residents said.</p>")
    cyr = write(
        tmp_path / "ru.html",
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
        "<body><article><p>Президент провёл переговоры в Москве.</p></article></body></html>".encode(
            "cp1251"
        ),
    )
    a, b = read(frag, cyr)
    assert (a.id, a.text, a.title, a.published) == (
        "frag",
        "The army withdrew from the town on Friday, residents said.",
        None,
        None,
    )
    assert (b.id, b.text) == ("ru", "Президент провёл переговоры в Москве.")


def test_html_date_is_not_taken_from_the_article_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "nodate.html",
        "<html><body><article><p>The treaty signed on 3 March 2021 was suspended, the minister said.</p>"
        "</article></body></html>",
    )
    (doc,) = read(path)
    assert doc.published is None


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (
            "<html><head><title>Nothing here</title><script>var a = 1;</script></head><body></body></html>",
            EmptyTextError,
        ),
        ("", EmptyTextError),
        (b"<html>\x00\x01\x02</html>", DecodeError),
    ],
)
def test_html_bad_pages(tmp_path: Path, content: str | bytes, kind: type[InputError]) -> None:
    path = write(tmp_path / "bad.html", content)
    err = only_error(read(path), kind)
    assert (err.source, err.line) == (str(path), None)


# --- paths and folders -----------------------------------------------------------------------


def test_folder_with_mixed_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.jsonl", jsonl({"id": "b1", "text": "from jsonl"}, {"id": "b2", "text": "again"}))
    write(root / "a.txt", "from txt")
    write(root / "sub" / "c.csv", "id,text\nc1,from csv\n")
    write(root / "sub" / "deeper" / "d.json", json.dumps({"id": "d1", "text": "from json"}))
    write(root / "sub" / "e.html", (DATA / "protest-minsk.html").read_bytes())
    write(root / "sub" / "notes.md", "# not read")
    write(root / "README", "not read")
    write(root / ".hidden.txt", "not read")
    write(root / ".git" / "x.txt", "not read")
    write(root / "z-bad.jsonl", "{oops\n")
    items = read(root)
    docs, errors = split(items)
    assert [(d.id, Path(d.source).relative_to(root).as_posix()) for d in docs] == [
        ("a", "a.txt"),
        ("b1", "b.jsonl"),
        ("b2", "b.jsonl"),
        ("c1", "sub/c.csv"),
        ("d1", "sub/deeper/d.json"),
        ("e", "sub/e.html"),
    ]
    assert all(d.source.startswith(str(root)) for d in docs)
    err = only_error(errors, ParseError)
    assert (err.source, err.line) == (str(root / "z-bad.jsonl"), 1)


def test_paths_in_order_and_missing_path(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "A.")
    b = write(tmp_path / "b.txt", "B.")
    items = read(b, tmp_path / "missing.jsonl", a)
    assert [getattr(i, "id", None) for i in items] == ["b", None, "a"]
    err = items[1]
    assert type(err) is InputError
    assert (err.source, err.line) == (str(tmp_path / "missing.jsonl"), None)
    assert "no such file" in err.message


def test_explicit_file_of_unknown_type(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.md", "Some text")
    err = only_error(read(path), InputError)
    assert err.source == str(path)
    assert ".md" in err.message and ".jsonl" in err.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "x")
    folder = tmp_path / "locked"
    write(folder / "in.txt", "x")
    path.chmod(0)
    folder.chmod(0)
    try:
        items = read(path, tmp_path)
    finally:
        path.chmod(0o644)
        folder.chmod(0o755)
    assert all(type(i) is InputError for i in items)
    assert {i.source for i in items} == {str(path), str(folder)}
    assert all("cannot read" in i.message for i in items)


def test_read_failures_are_input_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "in" / "a.txt", "x")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nestor.ingest.open_binary", denied)
    err = only_error(read(path), InputError)
    assert (err.source, err.message) == (str(path), "cannot read: Permission denied")
    monkeypatch.setattr("nestor.ingest.paths.os.scandir", denied)
    err = only_error(read(tmp_path / "in"), InputError)
    assert (err.source, err.message) == (str(tmp_path / "in"), "cannot read folder: Permission denied")


def test_line_longer_than_the_limit_on_stdin() -> None:
    data = b'{"text": "a"}\n{"text": "' + b"x" * 300 + b'"}\n{"text": "c"}\n'
    docs, errors = split(read("-", stdin=io.BytesIO(data), settings=Settings(max_file_bytes=100)))
    assert [(d.text, d.line) for d in docs] == [("a", 1), ("c", 3)]
    assert [(type(e), e.line) for e in errors] == [(OversizeError, 2)]


def test_a_single_string_is_one_path(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "One.")
    assert [d.id for d in iter_documents(str(path), SETTINGS)] == ["one"]  # type: ignore[arg-type]


def test_supported_extensions() -> None:
    assert {".jsonl", ".ndjson", ".json", ".csv", ".txt", ".html", ".htm"} <= set(SUPPORTED_EXTENSIONS)


# --- standard input --------------------------------------------------------------------------


def test_stdin_jsonl_json_and_text() -> None:
    lines = b'\n  {"id": "s1", "text": "one"}\n{"text": "two"}\nnot json\n'
    docs, errors = split(read("-", stdin=io.BytesIO(lines)))
    assert [(d.id, d.source, d.line) for d in docs] == [("s1", "-", 2), (content_id("two"), "-", 3)]
    assert [(type(e), e.source, e.line) for e in errors] == [(ParseError, "-", 4)]

    docs = read("-", stdin=io.BytesIO(b' [{"id": "l1", "text": "a"},\n {"text": "b"}]'))
    assert [(d.id, d.source, d.line) for d in docs] == [("l1", "-", None), (content_id("b"), "-", None)]

    text = "\r\nA plain report\r\nfrom a pipe.\r\n"
    (doc,) = read("-", stdin=io.BytesIO(text.encode()))
    assert doc == Document(
        id=content_id("\nA plain report\nfrom a pipe.\n"), text="\nA plain report\nfrom a pipe.\n", source="-"
    )


def test_stdin_empty_binary_and_text_stream() -> None:
    err = only_error(read("-", stdin=io.BytesIO(b" \n ")), EmptyTextError)
    assert (err.source, err.line) == ("-", None)
    only_error(read("-", stdin=io.BytesIO(b"\x00\x01")), DecodeError)
    (doc,) = read("-", stdin=io.StringIO('{"id": "t", "text": "from a text stream"}\n'))
    assert doc.id == "t"


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b'{"id": "sys", "text": "from sys.stdin"}\n'))
    monkeypatch.setattr(sys, "stdin", fake)
    assert [d.id for d in iter_documents(["-"], SETTINGS)] == ["sys"]


def test_stdin_plain_text_over_the_limit() -> None:
    err = only_error(
        read("-", stdin=io.BytesIO(b"x" * 500), settings=Settings(max_file_bytes=100)), OversizeError
    )
    assert err.source == "-"


def test_mixed_files_and_stdin(tmp_path: Path) -> None:
    path = write(tmp_path / "f.txt", "File.")
    items = read(path, "-", stdin=io.BytesIO(b"Piped."))
    assert [(d.id, d.source) for d in items] == [("f", str(path)), (content_id("Piped."), "-")]


# --- shared data -----------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared/gold/seed-documents.jsonl is not here")
def test_seed_documents() -> None:
    expected = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs, errors = split(read(SEED))
    assert errors == []
    assert len(docs) == 5
    assert [d.id for d in docs] == [r["id"] for r in expected]
    for doc, record in zip(docs, expected, strict=True):
        assert doc.text == record["text"]
        assert doc.source == str(SEED)
