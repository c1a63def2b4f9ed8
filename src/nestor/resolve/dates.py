"""Date expressions in a sentence ("on Monday", "January 5", "two days ago") to :class:`ResolvedDate`.

``resolve_date(expr, published, tense)`` reads the words of one date expression (a spaCy DATE entity,
say) against the publication date of the report. Fast regular-expression rules cover the forms news
uses most; dateparser is the fallback for the rest. A result never claims more precision than the
words give:

* explicit dates keep what they say: "5 January 2022" is a day, "January 2022" a month, "in 2012" a year;
* a day and month without a year take the year that puts them closest to the publication date
  ("December 30" in a paper of 2022-01-03 is 2021-12-30; "January 2" in one of 2021-12-30 is 2022-01-02);
  a month alone is the latest such month up to publication in the past tense ("in May" in a January
  paper is last May), the next one from it in the future tense (month precision);
* a weekday is the nearest such day *on or before* the publication date in the past tense and *on or
  after* it in the future tense. The publication day itself counts in both: wire copy dated Monday
  says "on Monday" for that same Monday ("the president said on Monday");
  "last Monday" is always strictly before, "next Monday" strictly after;
* "today", "tonight", "this morning" are the publication date; "yesterday" and "last night" the day
  before; "two days ago" is exact (day precision);
* "the previous day", "the next day" count from ``published``; a caller with a better anchor (the date
  of the event just told) passes that as ``published``;
* vague phrases ("a few days ago", "recently", "last week", "earlier this month") give only the month
  of their best estimate ("a few days ago" = three days back), "last year" and "this year" only a year;
* durations and ages ("30 years", "three decades", "for a long time", "thirty-year") are not dates: None.

Without a publication date only absolute dates (with a year) resolve. Results are cached per
(expression, publication date, tense), so calling this for every DATE entity of a corpus is cheap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
from functools import lru_cache
from typing import Any

from ..models import ResolvedDate

__all__ = ["parse_published", "resolve_date"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27,
    "twenty-eighth": 28, "twenty-ninth": 29, "thirty-first": 31,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[0-9]|20|21)\d\d)"
_NUM = r"(?P<num>\d{1,3}|" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + r")"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight|midday|noon|at dawn|at night))?"

# Words stripped from the front of an expression: "on Monday", "since 2012", "as of January 5".
_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|from|until|till|through|during|before|after|as of|as early as|"
    r"starting|beginning|back in|the|of|around|about|circa|c\.)\s+)+"
)
_POSSESSIVE = re.compile(r"['\u2019]s?\b")

# Durations, ages and spans: never a date.
_DURATION = re.compile(
    r"^(?:(?:for|over|during|within|in|the|past|last|next|nearly|almost|about|some|more than|less than|"
    r"at least|up to|another|a further)\s+)*"
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|many|few|a few|some|couple of|"
    r"a couple of|dozens of|hundreds of)\s*[- ]?"
    r"(?:years?|decades?|centuries|century|months?|weeks?|days?|hours?|minutes?|nights?)"
    r"(?:[- ]old|[- ]long)?$"
)
_DURATION_WORDS = re.compile(
    r"\b(?:long time|a while|years old|year-old|decades|time of|ages|forever|lifetime|"
    r"\w+-(?:year|month|week|day|hour)s?(?:-old|-long)?)\b"
)
_DECADE = re.compile(r"^(?:the\s+)?(?:early|mid|late\s+)?'?\d{2,4}s$")

_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:[t ].*)?$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})$")
_MONTH_DAY_YEAR = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:\s*[-\u2013]\s*\d{{1,2}})?(?:,?\s+{_YEAR})?{_PART_OF_DAY}$"
)
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}(?:\s*[-\u2013]\s*\d{{1,2}})?\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+{_YEAR})?{_PART_OF_DAY}$"
)
_MONTH_YEAR = re.compile(
    rf"^(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of|end of|beginning of|"
    rf"start of|middle of)[- ]?\s*)?{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?$"
)
_YEAR_ONLY = re.compile(
    rf"^(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of|end of|beginning of|"
    rf"the year|the summer of|the spring of|the autumn of|the fall of|the winter of|summer|spring|autumn|"
    rf"fall|winter)[- ]?\s*)?{_YEAR}$"
)
_WEEKDAY_ONLY = re.compile(
    rf"^(?P<rel>last|this|next|this past|this coming|past|coming)?\s*{_WEEKDAY}{_PART_OF_DAY}$"
)
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_AGO = re.compile(
    rf"^(?:just\s+|only\s+|some\s+|about\s+|nearly\s+)?{_NUM}\s+{_UNIT}\s+(?:ago|earlier|before|back)$"
)
_AHEAD = re.compile(rf"^(?:in\s+)?{_NUM}\s+{_UNIT}\s+(?:from now|later|hence)$")

# Fixed phrases: (days from the anchor, precision). Vague ones give the month of the estimate.
_PHRASES: dict[str, tuple[int, str]] = {}
for _words, _offset, _prec in (
    (
        "today|tonight|this morning|this afternoon|this evening|earlier today|later today|today's|"
        "the same day|that day|on the same day|this day|now",
        0,
        "day",
    ),
    (
        "yesterday|last night|yesterday morning|yesterday afternoon|yesterday evening|late yesterday|"
        "earlier yesterday|overnight|the previous day|the day before|a day earlier|one day earlier|"
        "the previous night|the night before|a day before|the eve",
        -1,
        "day",
    ),
    ("the day before yesterday|two days earlier", -2, "day"),
    (
        "tomorrow|tomorrow morning|tomorrow evening|the next day|the following day|a day later|"
        "the day after|one day later|the next morning|the following morning",
        1,
        "day",
    ),
    ("the day after tomorrow|two days later", 2, "day"),
    (
        "a few days ago|several days ago|a few days earlier|several days earlier|days ago|days earlier|"
        "the other day|recently|just recently|in recent days|a couple of days ago|a couple days ago|"
        "few days ago|some days ago|lately|over the weekend|this weekend|the weekend|last weekend|"
        "earlier this week",
        -3,
        "month",
    ),
    ("this week|the same week|that week", 0, "month"),
    (
        "last week|the previous week|a week ago|a week earlier|one week ago|the week before|"
        "late last week|early last week|earlier last week",
        -7,
        "month",
    ),
    ("next week|the following week|the next week|a week later|later this week", 7, "month"),
    ("a few weeks ago|several weeks ago|weeks ago|recent weeks|in recent weeks", -21, "month"),
):
    for _w in _words.split("|"):
        _PHRASES[_LEADING.sub("", _w)] = (_offset, _prec)

# Month- and year-relative phrases: (months from the anchor, precision).
_MONTH_PHRASES = {
    "this month": (0, "month"), "earlier this month": (0, "month"), "later this month": (0, "month"),
    "the same month": (0, "month"), "that month": (0, "month"), "early this month": (0, "month"),
    "last month": (-1, "month"), "the previous month": (-1, "month"), "a month ago": (-1, "month"),
    "late last month": (-1, "month"), "early last month": (-1, "month"), "earlier last month": (-1, "month"),
    "one month ago": (-1, "month"), "a month earlier": (-1, "month"),
    "next month": (1, "month"), "the following month": (1, "month"), "the next month": (1, "month"),
    "a month later": (1, "month"),
    "this year": (0, "year"), "earlier this year": (0, "year"), "later this year": (0, "year"),
    "the same year": (0, "year"), "that year": (0, "year"), "early this year": (0, "year"),
    "last year": (-12, "year"), "the previous year": (-12, "year"), "a year ago": (-12, "year"),
    "late last year": (-12, "year"), "early last year": (-12, "year"), "one year ago": (-12, "year"),
    "a year earlier": (-12, "year"), "the year before": (-12, "year"), "the end of last year": (-12, "year"),
    "the beginning of last year": (-12, "year"), "the start of the year": (0, "year"),
    "the beginning of the year": (0, "year"), "the start of this year": (0, "year"),
    "the end of last month": (-1, "month"), "the beginning of the month": (0, "month"),
    "the start of the month": (0, "month"), "the beginning of this month": (0, "month"),
    "next year": (12, "year"), "the following year": (12, "year"), "a year later": (12, "year"),
}  # fmt: skip
_MONTH_PHRASES = {_LEADING.sub("", k): v for k, v in _MONTH_PHRASES.items()}

_DATEISH = re.compile(
    r"\d|\b(?:"
    + "|".join(_MONTHS)
    + "|"
    + "|".join(_WEEKDAYS)
    + r"|ago|last|next|yesterday|tomorrow|today|tonight|week|month|year|earlier|later|previous|following)\b"
)


def _clean(expr: str) -> str:
    s = " ".join(expr.replace("\u2019", "'").split()).lower()
    s = s.strip(' ,.;:!?"()[]')
    s = _POSSESSIVE.sub("", s)
    s = _LEADING.sub("", s)
    return s.strip(" ,.;:")


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _day(d: dt.date, text: str) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day", text)


def _month(d: dt.date, text: str) -> ResolvedDate:
    return ResolvedDate(f"{d.year:04d}-{d.month:02d}", "month", text)


def _year(year: int, text: str) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}", "year", text)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= year <= 9999):
        return None
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)


def _closest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    options = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(y, month, day)) is not None
    ]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - published).days), d > published))


def _month_in_tense(month: int, published: dt.date, tense: str) -> dt.date:
    """A month named alone: the latest such month up to publication (past), the next from it (future)."""
    if tense == "future":
        return dt.date(published.year + (month < published.month), month, 1)
    return dt.date(published.year - (month > published.month), month, 1)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _SMALL_NUMBERS.get(word)


def _weekday_date(weekday: int, rel: str | None, published: dt.date, tense: str) -> dt.date:
    back = (published.weekday() - weekday) % 7  # days back to the latest such day on/before published
    ahead = (weekday - published.weekday()) % 7
    if rel == "last" or rel == "past" or rel == "this past":
        return published - dt.timedelta(days=back or 7)
    if rel == "next" or rel == "coming" or rel == "this coming":
        return published + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def _rules(s: str, text: str, published: dt.date | None, tense: str) -> ResolvedDate | None | bool:
    """The fast rules. Returns a date, None for "not a date", or False for "no rule applies"."""
    if _DURATION.match(s) or _DECADE.match(s):
        return None

    if m := _ISO.match(s):
        d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        return _day(d, text) if d else None
    if m := _NUMERIC.match(s):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        year = year + 2000 if year < 100 else year
        month, day = (b, a) if a > 12 or "." in s else (a, b)  # 05.01.2022 is day-first; 1/5/2022 US
        d = _safe_date(year, month, day)
        return _day(d, text) if d else None

    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        if m := pattern.match(s):
            month, day = _MONTHS[m["month"]], int(m["day"])
            if m["year"]:
                d = _safe_date(int(m["year"]), month, day)
            elif published is not None:
                d = _closest_year(month, day, published)
            else:
                return None
            return _day(d, text) if d else None

    if m := _MONTH_YEAR.match(s):
        if s == "may" and "May" not in text:
            return None  # lowercase "may" is the verb
        month = _MONTHS[m["month"]]
        if m["year"]:
            return _month(dt.date(int(m["year"]), month, 1), text)
        if published is None:
            return None
        return _month(_month_in_tense(month, published, tense), text)

    if m := _YEAR_ONLY.match(s):
        return _year(int(m["year"]), text)

    if published is None:
        return False

    if s in _PHRASES:
        offset, precision = _PHRASES[s]
        d = published + dt.timedelta(days=offset)
        return _day(d, text) if precision == "day" else _month(d, text)
    if s in _MONTH_PHRASES:
        months, precision = _MONTH_PHRASES[s]
        d = _shift_months(published, months)
        return _month(d, text) if precision == "month" else _year(d.year, text)

    if m := _WEEKDAY_ONLY.match(s):
        return _day(_weekday_date(_WEEKDAYS[m["weekday"]], m["rel"], published, tense), text)

    for pattern, sign in ((_AGO, -1), (_AHEAD, 1)):
        if m := pattern.match(s):
            n = _count(m["num"])
            if n is None or n > 10000:
                return None
            unit = m["unit"].rstrip("s")
            if unit == "day":
                return _day(published + dt.timedelta(days=sign * n), text)
            if unit == "week":
                return _month(published + dt.timedelta(weeks=sign * n), text)
            if unit == "month":
                return _month(_shift_months(published, sign * n), text)
            year = published.year + sign * n
            return _year(year, text) if 1 <= year <= 9999 else None
    return False


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"])


def _fallback(s: str, text: str, published: dt.date | None) -> ResolvedDate | None:
    """dateparser, for the forms the rules do not know; only on words that look like a date."""
    if not _DATEISH.search(s) or _DURATION_WORDS.search(s):
        return None
    has_year = re.search(r"\b(?:1[0-9]|20|21)\d\d\b", s) is not None
    if published is None and not has_year:
        return None
    base = dt.datetime.combine(published or dt.date.today(), dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        data = _date_parser().get_date_data(s, settings=settings)
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError, IndexError, RecursionError):
        return None
    when = data.date_obj if data else None
    if when is None or not (1000 <= when.year <= 2200):
        return None
    period = data.period or "day"
    if period == "year":
        return _year(when.year, text)
    if period in ("month", "week"):
        return _month(when.date(), text)
    if not re.search(r"\d|" + "|".join(_WEEKDAYS) + "|yesterday|tomorrow|today|ago", s):
        return _month(when.date(), text)  # nothing in the words names the day
    return _day(when.date(), text)


@lru_cache(maxsize=65536)
def _resolve(expr: str, published: dt.date | None, tense: str) -> ResolvedDate | None:
    s = _clean(expr)
    if not s or len(s) > 80:
        return None
    try:
        hit = _rules(s, expr, published, tense)
    except (OverflowError, ValueError):  # arithmetic past the calendar's ends
        return None
    if hit is not False:
        return hit  # type: ignore[return-value]
    if _DURATION_WORDS.search(s):
        return None
    return _fallback(s, expr, published)


def resolve_date(expr: str, published: dt.date | None, tense: str = "past") -> ResolvedDate | None:
    """The date an expression names, read against the publication date; None if it names none.

    ``tense`` is "past" (the default) or "future": it decides which way a bare weekday points.
    """
    if not isinstance(expr, str):
        return None
    if isinstance(published, dt.datetime):
        published = published.date()
    return _resolve(expr, published, "future" if tense == "future" else "past")


_PUBLISHED_FORMATS = ("%Y%m%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%Y-%m", "%Y/%m/%d")


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from metadata: ISO dates and datetimes, RFC 2822, "7 January 2022", …"""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", s):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if re.match(r"^[A-Za-z]{3},? \d", s):
        try:
            return email.utils.parsedate_to_datetime(s).date()
        except (TypeError, ValueError, IndexError):
            pass
    for fmt in _PUBLISHED_FORMATS:
        try:
            return dt.datetime.strptime(s.replace(",", ""), fmt).date()
        except ValueError:
            continue
    hit = resolve_date(s, None)
    if hit is not None and hit.precision == "day":
        return dt.date.fromisoformat(hit.value)
    return None
