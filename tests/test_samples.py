"""The shipped sample corpus stays well-formed, and the broken example stays broken in the intended ways."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "samples" / "kazakhstan-2022"
REPORTS = DEMO / "reports.jsonl"
BROKEN = ROOT / "samples" / "broken" / "reports-with-errors.jsonl"
REQUIRED = ("id", "title", "publication", "published", "url", "language", "text")
CREDIT = "Based on reporting by Northern Wire Service"
ORIGINAL, REPRINT = "nws-2022-01-06-csto-troops", "cdr-2022-01-06-csto-troops"


def load_reports() -> list[dict[str, Any]]:
    with REPORTS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def reports() -> list[dict[str, Any]]:
    return load_reports()


def test_every_line_is_a_report_with_the_required_fields(reports: list[dict[str, Any]]) -> None:
    assert 10 <= len(reports) <= 15
    for r in reports:
        missing = [f for f in REQUIRED if not isinstance(r.get(f), str)]
        assert not missing, f"{r.get('id')}: missing or non-string {missing}"
        assert r["language"] == "en"
        assert r["url"].startswith("https://example.org/"), r["url"]


def test_ids_are_unique(reports: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids))


def test_published_dates_are_valid_and_in_the_window(reports: list[dict[str, Any]]) -> None:
    for r in reports:
        day = dt.date.fromisoformat(r["published"])
        assert r["published"] == day.isoformat()
        assert dt.date(2022, 1, 3) <= day <= dt.date(2022, 1, 14), r["id"]


def test_texts_are_short_and_not_empty(reports: list[dict[str, Any]]) -> None:
    for r in reports:
        assert r["text"].strip(), r["id"]
        assert len(r["text"]) < 2500, r["id"]
        assert 120 <= len(r["text"].split()) <= 300, r["id"]


def test_three_outlets(reports: list[dict[str, Any]]) -> None:
    assert {r["publication"] for r in reports} == {
        "Northern Wire Service",
        "Steppe Courier",
        "Caspian Daily Review",
    }


def test_the_reprint_is_near_verbatim_and_credits_its_source(reports: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in reports}
    original, reprint = by_id[ORIGINAL], by_id[REPRINT]
    assert reprint["publication"] != original["publication"]
    assert CREDIT in reprint["text"]
    assert CREDIT not in original["text"]
    assert difflib.SequenceMatcher(None, original["text"], reprint["text"]).ratio() > 0.8
    # only the reprint carries a credit line
    assert [r["id"] for r in reports if "Based on reporting by" in r["text"]] == [REPRINT]


def test_the_extra_files_repeat_reports_of_the_corpus(reports: list[dict[str, Any]]) -> None:
    texts = {r["text"]: r for r in reports}
    ids = {r["id"] for r in reports}
    extra = sorted((DEMO / "extra").iterdir())
    assert [p.suffix for p in extra].count(".txt") == 2
    assert [p.suffix for p in extra].count(".html") == 1
    for path in extra:
        # the readers take the file name as the id: a JSONL id here would shadow the JSONL record
        assert path.stem not in ids, path.name
    for path in (DEMO / "extra").glob("*.txt"):
        assert path.read_text(encoding="utf-8").strip() in texts, path.name
    page = next((DEMO / "extra").glob("*.html")).read_text(encoding="utf-8")
    assert "<script>" in page and "<nav>" in page
    copied = [r for r in reports if f'<link rel="canonical" href="{r["url"]}">' in page]
    assert len(copied) == 1
    for paragraph in copied[0]["text"].split("\n\n"):
        assert f"<p>{paragraph}</p>" in page.replace("&amp;", "&")


def test_the_demo_folder_holds_no_broken_input() -> None:
    for path in DEMO.rglob("*.jsonl"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert json.loads(line).get("text", "").strip(), f"{path}:{n}"


def test_the_broken_example_has_one_broken_line_and_one_empty_text() -> None:
    broken, empty, good = [], [], []
    for n, line in enumerate(BROKEN.read_text(encoding="utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            broken.append(n)
            continue
        (good if record.get("text", "").strip() else empty).append(n)
    assert broken == [2]
    assert empty == [3]
    assert good == [1, 4]
