"""Days for the merge's date windows: stored dates read as days, and days moved without leaving the calendar.

A store may hold a report dated 0001-01-01 or 9999-12-31 (sentinel dates of real feeds, or an event date
read from such a report); ``date + timedelta`` past either end raises OverflowError, so every window the
merge computes goes through :func:`shift`, which stops at ``date.min`` / ``date.max`` instead.
"""

from __future__ import annotations

import re
from datetime import date

_FIRST, _LAST = date.min.toordinal(), date.max.toordinal()


def day_of(value: str | None) -> date | None:
    """The day a date or datetime string starts with, or None."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days`` days (back when negative), clamped to the calendar's first and last day."""
    return date.fromordinal(min(max(day.toordinal() + days, _FIRST), _LAST))


def widen(first: date, last: date, days: int) -> tuple[str, str]:
    """The ISO days ``days`` before ``first`` and after ``last``: the bounds of a window query."""
    return shift(first, -days).isoformat(), shift(last, days).isoformat()


# words that state a day: a weekday, "today", "yesterday", a day of a month ("16 March", "March 16")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DAY_WORDS = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}\b)",
    re.I,
)


def states_day(sentence: str) -> bool:
    """Whether a sentence names the day of what it tells ("on Tuesday", "16 March")."""
    return DAY_WORDS.search(sentence) is not None
