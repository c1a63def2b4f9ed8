"""Property tests: whatever bytes a file holds, reading it never raises; only Documents with text and
InputErrors come out. Valid records keep their text exactly."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nestor.errors import InputError
from nestor.ingest import iter_documents
from nestor.ingest.records import normalise_published
from nestor.models import Document
from nestor.settings import Settings

SETTINGS = Settings(max_doc_chars=5000)
PROFILE = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.text(min_size=0, max_size=60)
# text a CSV or JSONL file can hold (a raw NUL byte is refused)
clean = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
field_names = st.sampled_from(
    ["id", "text", "title", "url", "published", "date", "publication", "body", "Text", "x"]
)
records = st.dictionaries(field_names, json_values, max_size=6)


@st.composite
def noisy(draw: st.DrawFn, valid: st.SearchStrategy[bytes]) -> bytes:
    """Valid content, arbitrary bytes, or valid content with arbitrary bytes spliced in."""
    kind = draw(st.sampled_from(["valid", "random", "spliced"]))
    if kind == "random":
        return draw(st.binary(max_size=400))
    data = draw(valid)
    if kind == "spliced" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    return data


def jsonl_bytes(items: list[object]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in items).encode("utf-8", "surrogatepass")


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


jsonl_content = st.lists(st.one_of(records, json_values), max_size=5).map(jsonl_bytes)
json_content = st.one_of(records, st.lists(st.one_of(records, json_values), max_size=4), json_values).map(
    lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")
)
csv_content = st.lists(st.lists(texts, min_size=1, max_size=4), max_size=5).map(
    lambda rows: csv_bytes([["id", "text", "title"][: len(rows[0])] if rows else ["text"], *rows])
)
text_content = texts.map(lambda t: t.encode("utf-8", "surrogatepass"))
html_content = st.lists(texts, max_size=4).map(
    lambda ps: (
        "<html><head><title>t</title><script>x()</script></head><body>"
        + "".join(f"<p>{p}</p>" for p in ps)
        + "</body></html>"
    ).encode("utf-8", "surrogatepass")
)

CONTENT = {
    ".jsonl": jsonl_content,
    ".json": json_content,
    ".csv": csv_content,
    ".txt": text_content,
    ".html": html_content,
}


def check(items: list[object], source: str) -> None:
    for item in items:
        assert isinstance(item, Document | InputError), item
        assert item.source == source
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
            assert isinstance(item.id, str) and item.id
            assert len(item.text) <= SETTINGS.max_doc_chars
            item.text.encode("utf-8")  # storable
        else:
            assert str(item).startswith(source)


@pytest.mark.parametrize("ext", sorted(CONTENT))
def test_any_bytes_never_raise(ext: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("prop")
    path = folder / f"input{ext}"

    @PROFILE
    @given(data=noisy(CONTENT[ext]))
    def run(data: bytes) -> None:
        path.write_bytes(data)
        check(list(iter_documents([str(path)], SETTINGS)), str(path))

    run()


@PROFILE
@given(data=noisy(st.one_of(jsonl_content, json_content, text_content)))
def test_any_stdin_never_raises(data: bytes) -> None:
    check(list(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(data))), "-")


@PROFILE
@given(
    items=st.lists(
        st.tuples(st.text(clean, min_size=1, max_size=8), st.text(clean, max_size=60).filter(str.strip)),
        min_size=1,
        max_size=5,
    )
)
def test_jsonl_and_csv_keep_text_and_ids(
    items: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    as_jsonl = folder / "a.jsonl"
    as_jsonl.write_bytes(jsonl_bytes([{"id": i, "text": t} for i, t in items]))
    as_csv = folder / "a.csv"
    as_csv.write_bytes(csv_bytes([["id", "text"], *[[i, t] for i, t in items]]))
    for path in (as_jsonl, as_csv):
        docs = list(iter_documents([str(path)], SETTINGS))
        assert all(isinstance(d, Document) for d in docs), docs
        expected = [(i.strip() or d.id, t) for (i, t), d in zip(items, docs, strict=True)]
        assert [(d.id, d.text) for d in docs] == expected


@PROFILE
@given(value=st.one_of(st.none(), st.text(max_size=40)))
def test_published_never_raises(value: str | None) -> None:
    out = normalise_published(value)
    assert out is None or isinstance(out, str)
