"""Hostile inputs for the readers: stray NUL bytes, byte-order marks, named pipes, sockets, broken and
looping symbolic links, empty files, and a bounded fuzz over every format.

Reading only: no spaCy model is loaded, so the whole module runs in seconds.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import json
import os
import random
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nestor import ingest_run
from nestor.cli import cli
from nestor.errors import DecodeError, EmptyTextError, InputError, OversizeError, ParseError
from nestor.ingest import iter_documents
from nestor.ingest.streams import open_binary
from nestor.models import Document
from nestor.settings import Settings

SETTINGS = Settings()
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and signals")
EMPTY = "empty file, no records"
UNICODE_BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def read(*paths: str | Path, settings: Settings = SETTINGS, stdin: io.IOBase | None = None) -> list:
    return list(iter_documents([str(p) for p in paths], settings, stdin=stdin))


def split(items: list) -> tuple[list[Document], list[InputError]]:
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items), items
    return docs, errors


def put(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def record(doc_id: str, text: str) -> str:
    return json.dumps({"id": doc_id, "text": text}, ensure_ascii=False)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fails the test with TimeoutError when the body runs longer than ``seconds`` (a blocked open too)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not POSIX
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- (a) a NUL byte refuses its own record, not the file ------------------------------------------


@pytest.mark.parametrize("bad_line", [1, 2, 3])
@pytest.mark.parametrize("nuls", [b"\x00", b"\x00" * 4096])
def test_nul_bytes_refuse_only_their_jsonl_line(tmp_path: Path, bad_line: int, nuls: bytes) -> None:
    lines = [record(f"r{n}", f"Report {n}.").encode() for n in (1, 2, 3)]
    lines[bad_line - 1] = lines[bad_line - 1][:10] + nuls + lines[bad_line - 1][10:]
    path = put(tmp_path / "docs.jsonl", b"\n".join(lines) + b"\n")
    docs, errors = split(read(path))
    assert [d.line for d in docs] == [n for n in (1, 2, 3) if n != bad_line]
    (err,) = errors
    assert (type(err), err.source, err.line) == (DecodeError, str(path), bad_line)
    assert str(err).startswith(f"{path}:{bad_line}: ") and "NUL" in err.message


@pytest.mark.parametrize("name", ["docs.csv", "docs.tsv"])
def test_nul_byte_refuses_only_its_csv_row(tmp_path: Path, name: str) -> None:
    sep = "\t" if name.endswith(".tsv") else ","
    rows = ["id", "text"], ["r1", "First."], ["r2", "Sec\0ond."], ["r3", "Third."]
    path = put(tmp_path / name, "".join(sep.join(row) + "\n" for row in rows))
    docs, errors = split(read(path))
    assert [(d.id, d.line) for d in docs] == [("r1", 2), ("r3", 4)]
    (err,) = errors
    assert (type(err), err.line) == (DecodeError, 3)
    assert str(err).startswith(f"{path}:3: ")


def test_a_line_of_nuls_before_the_csv_header(tmp_path: Path) -> None:
    path = put(tmp_path / "docs.csv", b"\x00\x00\nid,text\nr1,Kept.\n")
    docs, errors = split(read(path))
    assert [(d.id, d.line) for d in docs] == [("r1", 3)]
    assert [(type(e), e.line) for e in errors] == [(DecodeError, 1)]


@pytest.mark.parametrize("name", ["blob.jsonl", "blob.csv"])
def test_binary_files_are_still_one_error(tmp_path: Path, name: str) -> None:
    noise = random.Random(7).randbytes(200_000)
    for data in (noise, b"SQLite format 3\x00\x10\x00\x01\x01" + noise[:5000]):
        path = put(tmp_path / name, data)
        (err,) = read(path)
        assert (type(err), err.line) == (DecodeError, None)
        assert "binary" in err.message


@pytest.mark.parametrize("name", ["wide.jsonl", "wide.csv", "wide.txt"])
def test_utf16_without_a_bom_is_one_error_with_a_hint(tmp_path: Path, name: str) -> None:
    text = "id,text\nr1,Troops crossed the border.\n" if "csv" in name else record("r1", "Troops.") + "\n"
    path = put(tmp_path / name, (text * 5).encode("utf-16-le"))
    (err,) = read(path)
    assert (type(err), err.line) == (DecodeError, None)
    assert "UTF-16" in err.message and "byte-order mark" in err.message


# --- (b) BOM-marked UTF-16 and UTF-32 for every format --------------------------------------------

TEXT = "Protesters gathered in Zürich — 東京 too."


def content_for(name: str) -> str:
    name = name.removesuffix(".gz")
    if name.endswith(".jsonl"):
        return record("a", "First.") + "\r\n\n" + record("b", TEXT) + "\r\n"
    if name.endswith(".json"):
        return json.dumps([{"id": "a", "text": "First."}, {"id": "b", "text": TEXT}], ensure_ascii=False)
    sep = "\t" if name.endswith(".tsv") else ","
    return f"id{sep}text\r\na{sep}First.\r\n\r\nb{sep}{TEXT}\r\n"


@pytest.mark.parametrize("encoding", sorted(UNICODE_BOMS))
@pytest.mark.parametrize("name", ["d.jsonl", "d.csv", "d.tsv", "d.json", "d.jsonl.gz"])
def test_bom_marked_unicode_is_read_by_every_format(tmp_path: Path, encoding: str, name: str) -> None:
    data = UNICODE_BOMS[encoding] + content_for(name).encode(encoding)
    path = put(tmp_path / name, gzip.compress(data) if name.endswith(".gz") else data)
    docs, errors = split(read(path))
    assert errors == []
    assert [(d.id, d.text) for d in docs] == [("a", "First."), ("b", TEXT)]
    lines = [None, None] if name.endswith(".json") else [1, 3] if "jsonl" in name else [2, 4]
    assert [d.line for d in docs] == lines


@pytest.mark.parametrize("encoding", sorted(UNICODE_BOMS))
def test_a_broken_character_in_utf16_refuses_only_its_line(tmp_path: Path, encoding: str) -> None:
    good = [record(f"r{n}", f"Report {n}.") for n in (1, 2, 3)]
    broken = '{"id": "r2", "text": "Rep\ud800ort"}'.encode(encoding, "surrogatepass")
    data = UNICODE_BOMS[encoding] + b"".join(
        broken + "\n".encode(encoding) if n == 2 else (line + "\n").encode(encoding)
        for n, line in enumerate(good, 1)
    )
    path = put(tmp_path / "d.jsonl", data[:-1])  # and the last character cut in half
    docs, errors = split(read(path))
    assert [d.line for d in docs] == [1]
    assert [(type(e), e.line) for e in errors] == [(DecodeError, 2), (DecodeError, 3)]
    assert encoding[:6].upper() in errors[0].message


def test_utf16_jsonl_on_standard_input_is_read_as_jsonl() -> None:
    data = codecs.BOM_UTF16_LE + (record("s1", "one") + "\n" + record("s2", "two") + "\n").encode("utf-16-le")
    docs, errors = split(read("-", stdin=io.BytesIO(data)))
    assert errors == []
    assert [(d.id, d.line) for d in docs] == [("s1", 1), ("s2", 2)]


def test_boms_at_the_start_of_concatenated_jsonl_files(tmp_path: Path) -> None:
    part = codecs.BOM_UTF8 + (record("x", "One.") + "\n").encode()
    path = put(tmp_path / "cat.jsonl", part + part.replace(b'"x"', b'"y"'))
    docs, errors = split(read(path))
    assert errors == []
    assert [(d.id, d.line) for d in docs] == [("x", 1), ("y", 2)]


# --- (c) named pipes, sockets and devices ---------------------------------------------------------


@POSIX
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    after = put(tmp_path / "after.txt", "Read after the pipe.")
    with time_limit(5):
        items = read(fifo, after)
    err, doc = items
    assert (type(err), err.source, err.line) == (InputError, str(fifo), None)
    assert "named pipe" in err.message and "'-'" in err.message
    assert isinstance(doc, Document) and doc.id == "after"
    with time_limit(5), pytest.raises(OSError, match="named pipe"):  # a file swapped for a pipe late
        open_binary(str(fifo), compressed=False)


@POSIX
def test_a_device_is_refused(tmp_path: Path) -> None:
    if not os.path.exists(os.devnull):  # pragma: no cover
        pytest.skip("no null device")
    link = tmp_path / "null.jsonl"
    link.symlink_to(os.devnull)
    err = read(link)[0]
    assert (type(err), err.source) == (InputError, str(link))
    assert "character device" in err.message


@POSIX
def test_pipes_and_sockets_in_a_folder_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    put(folder / "a.txt", "First report.")
    os.mkfifo(folder / "b.jsonl")
    os.mkfifo(folder / "not-an-input")  # no input extension: skipped like any other file
    put(folder / "d.txt", "Last report.")
    listener = socket.socket(socket.AF_UNIX)
    try:
        try:
            listener.bind(str(folder / "c.csv"))
        except OSError:  # pragma: no cover - path too long for a socket
            pytest.skip("cannot make a socket here")
        with time_limit(5):
            docs, errors = split(read(folder))
    finally:
        listener.close()
    assert [d.id for d in docs] == ["a", "d"]
    assert [(e.source, type(e)) for e in errors] == [
        (str(folder / "b.jsonl"), InputError),
        (str(folder / "c.csv"), InputError),
    ]
    assert "named pipe" in errors[0].message and "socket" in errors[1].message


# --- (d) broken and looping symbolic links --------------------------------------------------------


@POSIX
def test_broken_symbolic_links_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    put(folder / "a.txt", "First report.")
    (folder / "b.jsonl").symlink_to("gone.jsonl")
    (folder / "archive").symlink_to("/nonexistent/archive")  # might have been a folder of reports
    (folder / "notes.md").symlink_to("nowhere.md")  # not an input either way
    put(folder / "c.txt", "Last report.")
    docs, errors = split(read(folder))
    assert [d.id for d in docs] == ["a", "c"]
    assert [(e.source, e.message) for e in errors] == [
        (str(folder / "archive"), "broken symbolic link → /nonexistent/archive"),
        (str(folder / "b.jsonl"), "broken symbolic link → gone.jsonl"),
    ]
    (err,) = read(folder / "b.jsonl")
    assert (err.source, err.message) == (str(folder / "b.jsonl"), "broken symbolic link → gone.jsonl")


@POSIX
def test_symbolic_link_loops_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    put(folder / "a.txt", "A report.")
    (folder / "loop.jsonl").symlink_to("loop.jsonl")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a folder cycle: followed once
    with time_limit(5):
        docs, errors = split(read(folder))
    assert [d.source for d in docs] == [str(folder / "a.txt")]
    (err,) = errors
    assert err.source == str(folder / "loop.jsonl")
    assert "symbolic links" in err.message


# --- (e) an empty file is a failed input, whatever its format -------------------------------------

EMPTY_NAMES = ["e.jsonl", "e.ndjson", "e.csv", "e.tsv", "e.json", "e.txt", "e.html", "e.jsonl.gz"]


@pytest.mark.parametrize("name", EMPTY_NAMES)
@pytest.mark.parametrize("content", [b"", b"\n  \r\n\t\n", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE])
def test_empty_files_fail_alike(tmp_path: Path, name: str, content: bytes) -> None:
    path = put(tmp_path / name, gzip.compress(content) if name.endswith(".gz") else content)
    (err,) = read(path)
    assert (type(err), err.code, err.source, err.line) == (EmptyTextError, "empty", str(path), None)
    assert err.message == EMPTY


@pytest.mark.parametrize("name", ["e.jsonl", "e.csv", "e.tsv", "e.json", "e.txt", "e.html"])
def test_an_empty_file_exits_1_for_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_coder: Callable[..., object], name: str
) -> None:
    monkeypatch.setattr(ingest_run, "default_coder", lambda: fake_coder)
    path = put(tmp_path / name, "")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert f"{path}: {EMPTY}" in result.stderr


# --- other hostile content ------------------------------------------------------------------------


def test_a_csv_field_of_ten_megabytes(tmp_path: Path) -> None:
    text = "word " * 2_000_000
    path = put(tmp_path / "big.csv", f'id,text\nbig,"{text}"\nsmall,after\n')
    docs, errors = split(read(path, settings=Settings(max_doc_chars=len(text))))
    assert errors == []
    assert [(d.id, len(d.text)) for d in docs] == [("big", len(text)), ("small", 5)]


def test_a_long_line_in_compressed_jsonl_is_one_error(tmp_path: Path) -> None:
    long_line = b'{"text": "' + b"x" * 3_000_000 + b'"}\n'
    data = (record("a", "Before.") + "\n").encode() + long_line + (record("c", "After.") + "\n").encode()
    path = put(tmp_path / "d.jsonl.gz", gzip.compress(data))
    docs, errors = split(read(path, settings=Settings(max_file_bytes=1_000_000)))
    assert [(d.id, d.line) for d in docs] == [("a", 1), ("c", 3)]
    assert [(type(e), e.line) for e in errors] == [(OversizeError, 2)]


def test_invalid_utf8_in_the_middle_of_a_csv(tmp_path: Path) -> None:
    path = put(tmp_path / "mixed.csv", b'id,text\nr1,fine\nr2,Pr\xe9sident\nr3,"multi\nline \xff"\nr4,fine\n')
    docs, errors = split(read(path))
    assert [(d.id, d.line) for d in docs] == [("r1", 2), ("r4", 6)]
    assert [(type(e), e.line) for e in errors] == [(DecodeError, 3), (DecodeError, 5)]


class Trickle(io.RawIOBase):
    """A pipe that gives its data a few KiB at a time."""

    def __init__(self, data: bytes, piece: int = 4096) -> None:
        self._data = memoryview(data)
        self._piece = piece

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        size = min(len(buffer), self._piece, len(self._data))
        buffer[:size] = self._data[:size]
        self._data = self._data[size:]
        return size


def test_blank_start_of_standard_input_is_looked_at_once() -> None:
    data = b" " * 8_000_000 + record("s", "After the blanks.").encode() + b"\n"
    with time_limit(5):  # looking at the whole start again for each piece took 9 s
        (doc,) = read("-", stdin=io.BufferedReader(Trickle(data), 4096))
    assert (doc.id, doc.line) == ("s", 1)


@POSIX
def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    try:
        for name, content in ((b"caf\xe9.txt", b"A report."), (b"b\xff.jsonl", b"")):
            with open(os.path.join(folder, name), "wb") as out:
                out.write(content)
    except OSError:  # pragma: no cover - a file system that only takes UTF-8 names
        pytest.skip("cannot make a file whose name is not UTF-8")
    docs, errors = split(read(os.fsdecode(folder)))
    shown = str(tmp_path / "in")
    assert [(d.id, d.source) for d in docs] == [("caf\\xe9", f"{shown}/caf\\xe9.txt")]
    assert [(e.source, e.message) for e in errors] == [(f"{shown}/b\\xff.jsonl", EMPTY)]


# --- bounded fuzz ---------------------------------------------------------------------------------


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


BOMS = [codecs.BOM_UTF8, *UNICODE_BOMS.values()]
ENCODINGS = ["utf-8", "cp1252", "latin-1", "utf-16-le", "utf-16-be", "shift_jis", "koi8-r"]
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


def sample_text(name: str, texts: list[str]) -> str:
    """Well-formed content of the format ``name`` holding ``texts``."""
    if ".jsonl" in name:
        return "".join(record(str(n), t) + "\n" for n, t in enumerate(texts))
    if ".json" in name:
        return json.dumps([{"id": str(n), "text": t} for n, t in enumerate(texts)], ensure_ascii=False)
    if ".csv" in name or ".tsv" in name:
        sep = "\t" if ".tsv" in name else ","
        return "id" + sep + "text\n" + "".join(f'{n}{sep}"{t}"\n' for n, t in enumerate(texts))
    if ".html" in name:
        return "<html><body>" + "".join(f"<p>{t}</p>" for t in texts) + "</body></html>"
    return "\n".join(texts)


@st.composite
def hostile(draw: st.DrawFn, name: str) -> bytes:
    """Bytes for a file called ``name``: random, BOM-led, NUL-laced, cut short or of mixed encodings."""
    texts = draw(st.lists(words, max_size=4))
    good = sample_text(name, texts)
    kind = draw(st.sampled_from(["random", "bom", "nul", "truncated", "mixed", "spliced"]))
    if kind == "random":
        data = draw(st.binary(max_size=300))
    elif kind == "bom":
        encoding = draw(st.sampled_from(["utf-8", *UNICODE_BOMS]))
        body = good.encode(encoding, "replace") if draw(st.booleans()) else draw(st.binary(max_size=60))
        data = draw(st.sampled_from(BOMS)) + body
    elif kind == "nul":
        data = bytearray(good.encode())
        for at in draw(st.lists(st.integers(0, len(data)), min_size=1, max_size=5)):
            data[at:at] = b"\x00"
        data = bytes(data)
    elif kind == "truncated":
        data = good.encode()[: draw(st.integers(0, len(good.encode())))]
    elif kind == "mixed":
        lines = good.splitlines(keepends=True) or [good]
        data = b"".join(line.encode(draw(st.sampled_from(ENCODINGS)), "replace") for line in lines)
    else:
        data = good.encode()
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    if name.endswith(".gz"):
        packed = gzip.compress(data)
        return packed[: draw(st.integers(0, len(packed)))] if draw(st.booleans()) else packed
    return data


def check(items: list[object], source: str) -> None:
    """Only Documents with text and InputErrors that name the source (and line) come out."""
    for item in items:
        assert type(item) is Document or isinstance(item, InputError), item
        assert item.source == source
        if isinstance(item, Document):
            assert item.text.strip() and item.id
            item.text.encode("utf-8")
        else:
            assert isinstance(item.code, str) and item.code  # decode, parse, empty, oversize, input ...
            assert item.line is None or item.line >= 1
            where = source if item.line is None else f"{source}:{item.line}"
            assert str(item).startswith(f"{where}: ")


FORMATS = ["f.jsonl", "f.csv", "f.tsv", "f.json", "f.txt", "f.html", "f.jsonl.gz"]


@pytest.mark.parametrize("name", FORMATS)
def test_fuzz_any_file_reads_without_raising(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name

    @fuzz(20)
    @given(data=hostile(name))
    def run(data: bytes) -> None:
        path.write_bytes(data)
        with time_limit(10):
            check(read(path, settings=Settings(max_doc_chars=5000)), str(path))

    run()


def bad_lines(name: str, enc: str) -> list[str | bytes]:
    """Lines that are each one refused record in a file of format ``name`` in the encoding ``enc``:
    text (encoded with the file) or bytes (already encoded, wrongly)."""
    if name.endswith(".jsonl"):
        lines: list[str | bytes] = [
            '{"id": "x", "text": "N\0L"}',
            '{"id": "x", "text": "cut',
            "[1, 2]",
            '{"id": "x", "text": "  "}',
            '{"id": "x", "text": "lone \\udc80"}',
        ]
        broken = '{"text": "r\ud800aw"}'
    else:
        lines = ["x,N\0L", "x,too,many", "x,", "just one field"]
        broken = "x,r\ud800aw"
    if enc == "utf-8":
        lines.append(broken.replace("\ud800", "Pr\xe9sident").encode("cp1252"))  # another encoding
    else:
        lines.append(broken.encode(enc, "surrogatepass"))  # half a surrogate pair
    return lines


@st.composite
def mixed_file(draw: st.DrawFn) -> tuple[str, str, list[str | bytes], list[bool]]:
    """A file name, its encoding, its lines (text, or bytes already encoded) and which lines are good."""
    name = draw(st.sampled_from(["m.jsonl", "m.csv", "m.tsv"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", *UNICODE_BOMS]))
    refused = bad_lines(name, "utf-8" if encoding.startswith("utf-8") else encoding)
    lines: list[str | bytes] = [] if name.endswith(".jsonl") else ["id,text"]
    good = [False] * len(lines)
    for n in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(refused)))
            good.append(False)
        else:
            text = "ok " + draw(words).replace('"', "'").replace(",", ";")
            lines.append(record(f"g{n}", text) if name.endswith(".jsonl") else f'g{n},"{text}"')
            good.append(True)
    return name, encoding, lines, good


@fuzz(60)
@given(case=mixed_file())
def test_fuzz_good_records_around_bad_ones_are_read(
    case: tuple[str, str, list[str | bytes], list[bool]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    name, encoding, lines, good = case
    enc = "utf-8" if encoding.startswith("utf-8") else encoding
    sep = "\t" if name.endswith(".tsv") else ","
    newline = "\n".encode(enc)
    body = b"".join(
        (line.replace(",", sep).encode(enc) if isinstance(line, str) else line) + newline for line in lines
    )
    head = codecs.BOM_UTF8 if encoding == "utf-8-sig" else UNICODE_BOMS.get(encoding, b"")
    path = tmp_path_factory.mktemp("mixed") / name
    path.write_bytes(head + body)
    with time_limit(10):
        docs, errors = split(read(path))
    check([*docs, *errors], str(path))
    expected = [n for n, ok in enumerate(good, 1) if ok]
    assert [d.line for d in docs] == expected
    is_csv = not name.endswith(".jsonl")
    refused = [n for n, ok in enumerate(good, 1) if not ok and not (is_csv and n == 1)]
    assert sorted(e.line for e in errors) == refused
    assert all(isinstance(e, DecodeError | ParseError | EmptyTextError) for e in errors)
