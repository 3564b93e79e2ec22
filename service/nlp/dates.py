"""Resolve date expressions against the publication date: "on Wednesday", "last month", "Nov. 30".

The result is an ISO date at the precision the text gives: "2016-11-30", "2016-11" or "2016".
Common newsroom forms are handled here directly; anything else goes to dateparser.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _before(ref: date, month: int, day: int | None = None) -> date:
    """The latest date with this month (and day) on or before ``ref``: news reports the past."""
    year = ref.year if (month, day or 1) <= (ref.month, ref.day) else ref.year - 1
    return date(year, month, day or 1)


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None) -> str | None:
    """ISO value of a date expression, or None when it names no day, month or year, or names
    one that does not exist ("February 30, 2016").

    >>> resolve("on Wednesday", "2016-12-09"), resolve("last month", "2016-12-09"), resolve("Nov. 30", "2016-12-09")
    ('2016-12-07', '2016-11', '2016-11-30')
    >>> resolve("this week", "2016-12-09"), resolve("In February", "2016-12-09"), resolve("last year", "2016-12-09")
    ('2016-12', '2016-02', '2015')
    >>> resolve("earlier this month", "2016-09-06"), resolve("two years ago", "2016-09-06"), resolve("Monday afternoon", "2004-11-16")
    ('2016-09', '2014', '2004-11-15')
    """
    try:
        return _resolve(text, date.fromisoformat(published[:10]) if published else None)
    except (ValueError, OverflowError):  # no such day, or beyond year 9999
        return None


_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "several": None, "few": None}


def _week_month(day: date) -> str:
    """The month of the ISO week ``day`` is in: the month of its Thursday (ISO 8601's own rule
    for which year a week belongs to), so "last week" is a valid xsd:gYearMonth, never "2016-W49"."""
    thursday = day + timedelta(days=3 - day.weekday())
    return f"{thursday.year}-{thursday.month:02d}"


def _resolve(text: str, ref: date | None) -> str | None:
    t = re.sub(r"^(?:on|in|since|by|during|until|from|the)\s+", "", text.strip().lower()).strip(" ,.")
    t = re.sub(r"(?:'s|’s)$", "", t)
    # "Monday afternoon", "yesterday morning", "Thursday night": the day is the date.
    t = re.sub(r"^(.+?)\s+(?:morning|afternoon|evening|night)$", r"\1", t)
    if m := re.fullmatch(r"(\d{4})", t):
        return m[1]
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", t):
        if _month(m[1]):
            return date(int(m[3]), _month(m[1]), int(m[2])).isoformat()
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", t):
        if _month(m[2]):
            return date(int(m[3]), _month(m[2]), int(m[1])).isoformat()
    if m := re.fullmatch(r"([a-z]+)\.?,?\s+(\d{4})", t):
        if _month(m[1]):
            return f"{m[2]}-{_month(m[1]):02d}"
    if ref is None:
        return None
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?", t):
        if _month(m[1]):
            return _before(ref, _month(m[1]), int(m[2])).isoformat()
    if _month(t) and len(t) > 2:
        return _before(ref, _month(t)).isoformat()[:7]
    if m := re.fullmatch(r"(?:(last|this|past|next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", t):
        delta = (ref.weekday() - WEEKDAYS[m[2]]) % 7
        if m[1] == "next":
            return (ref + timedelta(days=(WEEKDAYS[m[2]] - ref.weekday()) % 7 or 7)).isoformat()
        if m[1] == "last" and delta == 0:
            delta = 7
        return (ref - timedelta(days=delta)).isoformat()
    relative = {
        "today": ref, "yesterday": ref - timedelta(days=1), "tomorrow": ref + timedelta(days=1),
    }
    if t in relative:
        return relative[t].isoformat()
    if m := re.fullmatch(r"(last|this|past|next)\s+(month|year)", t):
        if m[2] == "year":
            return str(ref.year + {"last": -1, "past": -1, "this": 0, "next": 1}[m[1]])
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[m[1]]
        y, mo = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
        return f"{y}-{mo + 1:02d}"
    if m := re.fullmatch(r"(?:earlier |later )?(this|last|next|this past)\s+week(?:end)?", t):
        return _week_month(ref + timedelta(weeks={"this": 0, "this past": 0, "last": -1, "next": 1}[m[1]]))
    if m := re.fullmatch(r"(?:earlier |later )?this\s+(month|year)", t):
        return f"{ref.year}-{ref.month:02d}" if m[1] == "month" else str(ref.year)
    if m := re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(day|week|month|year)s?\s+ago", t):
        n = int(m[1]) if m[1].isdigit() else _COUNT[m[1]]
        if m[2] == "day":
            return (ref - timedelta(days=n)).isoformat()
        if m[2] == "week":
            return _week_month(ref - timedelta(weeks=n))
        if m[2] == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return f"{y}-{mo + 1:02d}"
        return str(ref.year - n)
    if re.search(r"\d", t) and len(t) < 40:
        import dateparser  # only for the rare forms above do not cover

        parsed = dateparser.parse(text, settings={"RELATIVE_BASE": _dt(ref), "PREFER_DATES_FROM": "past",
                                                  "REQUIRE_PARTS": ["day", "month"]})
        return parsed.date().isoformat() if parsed else None
    return None


def _dt(d: date):
    from datetime import datetime

    return datetime(d.year, d.month, d.day)
