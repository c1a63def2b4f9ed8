"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nestor.models import ResolvedDate
from nestor.resolve.dates import parse_published, resolve_date

FRI = dt.date(2022, 1, 7)  # a Friday
MON = dt.date(2022, 1, 3)  # a Monday

CASES = [
    # (expression, published, tense, value, precision)
    ("Monday", FRI, "past", "2022-01-03", "day"),
    ("on Tuesday", FRI, "past", "2022-01-04", "day"),
    ("Monday's", FRI, "past", "2022-01-03", "day"),
    ("Monday night", FRI, "past", "2022-01-03", "day"),
    ("on Monday", MON, "past", "2022-01-03", "day"),  # the publication day itself
    ("on Monday", MON, "future", "2022-01-03", "day"),
    ("Tuesday", FRI, "future", "2022-01-11", "day"),
    ("last Monday", MON, "past", "2021-12-27", "day"),
    ("next Friday", FRI, "future", "2022-01-14", "day"),
    ("January 5", FRI, "past", "2022-01-05", "day"),
    ("Sunday, January 2", FRI, "past", "2022-01-02", "day"),
    ("10 January", FRI, "past", "2022-01-10", "day"),
    ("the 5th of January", FRI, "past", "2022-01-05", "day"),
    ("January 5-6", FRI, "past", "2022-01-05", "day"),
    ("Jan. 5, 2022", FRI, "past", "2022-01-05", "day"),
    ("5 January 2022", None, "past", "2022-01-05", "day"),
    ("2022-01-05", None, "past", "2022-01-05", "day"),
    ("05.01.2022", None, "past", "2022-01-05", "day"),
    # year boundaries: the year that puts the day closest to publication
    ("December 30", dt.date(2022, 1, 3), "past", "2021-12-30", "day"),
    ("January 2", dt.date(2021, 12, 30), "past", "2022-01-02", "day"),
    ("December 31", dt.date(2022, 1, 1), "future", "2021-12-31", "day"),
    ("February 29", dt.date(2024, 3, 1), "past", "2024-02-29", "day"),
    ("today", FRI, "past", "2022-01-07", "day"),
    ("tonight", FRI, "past", "2022-01-07", "day"),
    ("this morning", FRI, "past", "2022-01-07", "day"),
    ("yesterday", dt.date(2022, 1, 1), "past", "2021-12-31", "day"),
    ("last night", FRI, "past", "2022-01-06", "day"),
    ("the previous day", FRI, "past", "2022-01-06", "day"),
    ("the next day", FRI, "past", "2022-01-08", "day"),
    ("two days ago", FRI, "past", "2022-01-05", "day"),
    ("3 days ago", FRI, "past", "2022-01-04", "day"),
    # vague: only the month (or year) of the estimate
    ("a few days ago", FRI, "past", "2022-01", "month"),
    ("a few days ago", dt.date(2022, 1, 2), "past", "2021-12", "month"),
    ("recently", FRI, "past", "2022-01", "month"),
    ("last week", FRI, "past", "2021-12", "month"),
    ("earlier this week", FRI, "past", "2022-01", "month"),
    ("earlier this month", FRI, "past", "2022-01", "month"),
    ("this month", FRI, "past", "2022-01", "month"),
    ("last month", FRI, "past", "2021-12", "month"),
    ("three weeks ago", FRI, "past", "2021-12", "month"),
    ("January 2022", None, "past", "2022-01", "month"),
    ("mid-January", FRI, "past", "2022-01", "month"),
    ("in May", FRI, "past", "2021-05", "month"),
    ("in May", FRI, "future", "2022-05", "month"),
    ("in 2012", None, "past", "2012", "year"),
    ("2012", FRI, "past", "2012", "year"),
    ("last year", FRI, "past", "2021", "year"),
    ("this year", FRI, "past", "2022", "year"),
    ("the end of last year", FRI, "past", "2021", "year"),
]


@pytest.mark.parametrize(("expr", "published", "tense", "value", "precision"), CASES)
def test_resolve_date(expr: str, published: dt.date | None, tense: str, value: str, precision: str) -> None:
    assert resolve_date(expr, published, tense) == ResolvedDate(value, precision, expr)


@pytest.mark.parametrize(
    "expr",
    [
        "30 years",
        "three decades",
        "for a long time",
        "the time of its independence",
        "thirty-year",
        "30-year-old",
        "several months",
        "the 1990s",
        "may",  # the verb
        "we",
        "",
        "   ",
        "February 30",
        "2022-13-45",
    ],
)
def test_not_dates(expr: str) -> None:
    assert resolve_date(expr, FRI) is None


@pytest.mark.parametrize("expr", ["Monday", "January 5", "yesterday", "a few days ago", "last year"])
def test_relative_needs_publication_date(expr: str) -> None:
    assert resolve_date(expr, None) is None


def test_dateparser_fallback_for_unusual_forms() -> None:
    hit = resolve_date("a fortnight ago", FRI)
    assert hit is None or hit.precision in {"day", "month"}
    hit = resolve_date("last Monday morning at 10am", FRI)
    assert hit is None or hit.value.startswith("2022-01")


def test_datetime_publication_and_unknown_tense() -> None:
    assert resolve_date("yesterday", dt.datetime(2022, 1, 7, 23, 59)).value == "2022-01-06"
    assert resolve_date("Monday", FRI, tense="present").value == "2022-01-03"


def test_results_are_cached() -> None:
    assert resolve_date("January 5", FRI) is resolve_date("January 5", FRI)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-07", dt.date(2022, 1, 7)),
        ("2022-01-07T10:15:00Z", dt.date(2022, 1, 7)),
        ("2022-01-07T10:15:00+06:00", dt.date(2022, 1, 7)),
        ("2022-01-07 10:15", dt.date(2022, 1, 7)),
        ("Fri, 07 Jan 2022 10:15:00 GMT", dt.date(2022, 1, 7)),
        ("7 January 2022", dt.date(2022, 1, 7)),
        ("January 7, 2022", dt.date(2022, 1, 7)),
        ("07.01.2022", dt.date(2022, 1, 7)),
        ("20220107", dt.date(2022, 1, 7)),
        ("", None),
        (None, None),
        ("not a date", None),
        ("2022", None),  # a year is not a publication day
    ],
)
def test_parse_published(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


@settings(max_examples=300, deadline=None)
@given(
    expr=st.text(max_size=60),
    published=st.one_of(st.none(), st.dates()),
    tense=st.sampled_from(["past", "future", "present"]),
)
def test_resolve_date_never_raises(expr: str, published: dt.date | None, tense: str) -> None:
    hit = resolve_date(expr, published, tense)
    assert hit is None or hit.precision in {"day", "month", "year"}


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "last",
                "next",
                "Monday",
                "January",
                "5",
                "2022",
                "ago",
                "days",
                "two",
                "the",
                "of",
                "early",
                "year",
                "week",
                "-",
                ",",
                "this",
                "31",
                "0",
                "9999",
            ]
        ),
        max_size=6,
    ),
    published=st.one_of(st.none(), st.dates()),
)
def test_resolve_date_never_raises_on_date_words(words: list[str], published: dt.date | None) -> None:
    resolve_date(" ".join(words), published)
