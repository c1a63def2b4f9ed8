"""Input hygiene: unknown fields are named with the field they most likely mean, numeric dates are read
under a stated rule or refused with file:line, future dates warn, and a record without text lists the
fields it has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FakeCoder
from nestor import Chronicle
from nestor.ingest.records import suggest

FUTURE = "2199-06-01"


def write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(tmp_path: Path, path: Path, **config: str) -> tuple[Chronicle, list[str], list[str]]:
    warnings: list[str] = []
    errors: list[str] = []
    chronicle = Chronicle(tmp_path / "h.db", config, code=FakeCoder())
    chronicle.ingest(
        path,
        merge=False,
        on_warning=lambda w: warnings.append(str(w)),
        on_error=lambda e: errors.append(str(e)),
    )
    return chronicle, warnings, errors


@pytest.mark.parametrize(
    ("field", "meant"),
    [
        ("date_published", "published"),
        ("published_at", "published"),
        ("Headline_Text", "title"),
        ("txt", "text"),
    ],
)
def test_did_you_mean(field: str, meant: str) -> None:
    assert suggest(field) == meant


def test_unknown_fields_are_told_once_per_file_with_a_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        {"id": "1", "text": "Miners protest in Jharia.", "date_published": "2023-05-02", "author": "A"},
        {"id": "2", "text": "Miners protest again.", "date_published": "2023-05-03", "author": "B"},
    )
    chronicle, warnings, errors = ingest(tmp_path, path)
    assert errors == [] and len(warnings) == 1
    assert warnings[0].startswith(
        f"{path}:1: unknown fields 'date_published' (did you mean 'published'?), 'author'"
    )
    assert len(chronicle.documents()) == 2


def test_numeric_dates_need_a_stated_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.jsonl", {"id": "1", "text": "Farmers protest in Lahore.", "published": "05/03/2024"}
    )
    chronicle, warnings, _ = ingest(tmp_path, path)
    assert warnings == [
        f"{path}:1: published date '05/03/2024' is not a date nestor reads unambiguously: stored without "
        "a date; give ISO dates (2024-03-05), or --dayfirst / --monthfirst (setting date_order) for "
        "D/M/Y or M/D/Y"
    ]
    assert chronicle.document("1")["published"] is None  # type: ignore[index]
    for order, day in (("dmy", "2024-03-05"), ("mdy", "2024-05-03")):
        folder = tmp_path / order
        folder.mkdir()
        chronicle, warnings, _ = ingest(folder, path, date_order=order)
        assert warnings == [] and chronicle.document("1")["published"] == day  # type: ignore[index]


@pytest.mark.parametrize("written", ["2022-13-45", "2023-02-29", "2022-00", "2022-04-31T10:00:00Z"])
def test_an_iso_shaped_date_that_names_no_real_day_is_stored_undated(tmp_path: Path, written: str) -> None:
    path = write(tmp_path / "x.jsonl", {"id": "1", "text": "Nurses strike in Accra.", "published": written})
    chronicle, warnings, _ = ingest(tmp_path, path)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:1: published date {written!r} is not a date")
    assert chronicle.document("1")["published"] is None  # type: ignore[index]


def test_a_future_date_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "f.jsonl", {"id": "1", "text": "Dockers protest in Durban.", "published": FUTURE})
    chronicle, warnings, _ = ingest(tmp_path, path)
    assert warnings == [
        f"{path}:1: published date '{FUTURE}' is after today; kept (check the feed's clock or year)"
    ]
    assert chronicle.document("1")["published"] == FUTURE  # type: ignore[index]


def test_no_text_lists_the_fields_seen(tmp_path: Path) -> None:
    path = write(
        tmp_path / "n.jsonl", {"id": "1", "article_txt": "Nurses protest.", "published": "2023-01-01"}
    )
    _, _, errors = ingest(tmp_path, path)
    assert errors == [
        f"{path}:1: no 'text' field ('article_txt': did you mean 'text'?); every record needs its report "
        "text (fields seen: 'id', 'article_txt', 'published')"
    ]


def test_the_cli_takes_dayfirst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import clear_nestor_env, cli_invoker
    from nestor import ingest_run

    clear_nestor_env(monkeypatch)
    monkeypatch.setattr(ingest_run, "default_coder", lambda: FakeCoder())
    path = write(
        tmp_path / "d.jsonl", {"id": "1", "text": "Farmers protest in Lahore.", "published": "05/03/2024"}
    )
    result = cli_invoker()("ingest", str(path), "--db", str(tmp_path / "c.db"), "--dayfirst")
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert Chronicle(tmp_path / "c.db").document("1")["published"] == "2024-03-05"  # type: ignore[index]


def test_progress_knows_the_total_percent_and_eta(tmp_path: Path) -> None:
    import io

    from nestor.progress import ProgressLine, clock, progress_text

    seen: list[tuple[int | None, float | None]] = []
    records = [{"id": str(i), "text": f"Crowds protest in town {i}."} for i in range(4)]
    Chronicle(tmp_path / "p.db", code=FakeCoder()).ingest(
        records, merge=False, progress=lambda r: seen.append((r.total, r.percent))
    )
    assert {t for t, _ in seen} == {4} and seen[-1][1] == 100.0
    assert clock(65) == "1:05" and clock(7329) == "2:02:09"
    path = write(tmp_path / "r.jsonl", *records)
    out = io.StringIO()
    line = ProgressLine(True, out, tty=False)
    Chronicle(tmp_path / "q.db", code=FakeCoder()).ingest(path, merge=False, progress=line)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("nestor: 1 read, 0 coded") and first.endswith("; 0/4 (0%)")
    report = type("R", (), {"read": 4, "coded": 2, "events": 2, "rate": 1.0, "total": 4, "percent": 50.0})()
    report.done, report.eta = 2, 30.0  # type: ignore[attr-defined]
    assert progress_text(report).endswith("; 2/4 (50%), ETA 0:30")  # type: ignore[arg-type]
