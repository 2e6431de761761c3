"""Dates a news text gives, resolved against the day it was published: "on March 15", "Jan. 28, 2011",
"15 September", "on Tuesday", "said Tuesday", "Tuesday 's vote", "yesterday".

A month and day without a year take the year that puts them nearest the publication date; a weekday is the
latest such day on or before it, wherever it stands (wire copy's "said Tuesday" names a day as surely as
"on Tuesday"), unless it is "next Tuesday" or "every Tuesday". Times of day, ranges, vague or
edition-dependent spans ("last week", "last night") and numeric forms (3/15) are left alone: in news prose
they are rarer than they are ambiguous.

Every date here lies in the one range of dates Highlights reads (``document.checked_date``): a publication date
outside it resolves nothing (an export's 0001-01-01 is no day to count back from), and a day resolved outside it
("yesterday" of 1900-01-01) is left out.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import checked_date

_MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_MONTHS |= {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
            "nov": 11, "dec": 12}
MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))  # a month's name or its short form, as a pattern
_MONTH_DAY = re.compile(rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d{{2}})\b)?", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\b\.?(?:\s*,?\s*((?:19|20)\d{{2}})\b)?", re.I)
_WEEKDAYS = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)  # not "Mondays"
# a weekday names a day of this story unless it is a habit ("every Monday") or yet to come ("next Monday",
# "this coming Monday")
_NOT_PAST = re.compile(r"\b(?:next|every|each|coming)\s+$", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)


@dataclass(frozen=True)
class Mention:
    date: dt.date
    start: int  # the span of the text that gives it
    end: int


def mentions(text: str, published: dt.date) -> Iterator[Mention]:
    """The dates ``text`` gives, in text order, resolved against ``published``; none when ``published`` lies
    outside the range of dates (see the module's docstring)."""
    found: list[Mention] = []
    if checked_date(published) is None:
        # no day to resolve against; inside the range, the arithmetic below stays a year or less from it, far
        # from the ends of the calendar
        return iter(found)
    if any(c.isdigit() for c in text):  # the month patterns are slow, and need a digit
        for m in _MONTH_DAY.finditer(text):
            day = checked_date(_resolve(_MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3), published))
            if day is not None:
                found.append(Mention(day, m.start(), m.end()))
        for m in _DAY_MONTH.finditer(text):
            day = checked_date(_resolve(_MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3), published))
            if day is not None:
                found.append(Mention(day, m.start(), m.end()))
    for m in _WEEKDAY.finditer(text):
        if _NOT_PAST.search(text, max(0, m.start() - 8), m.start()):
            continue
        back = (published.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
        day = checked_date(published - dt.timedelta(days=back))
        if day is not None:
            found.append(Mention(day, m.start(1), m.end(1)))
    day = checked_date(published - dt.timedelta(days=1))
    if day is not None:
        found.extend(Mention(day, m.start(), m.end()) for m in _YESTERDAY.finditer(text))
    return iter(sorted(found, key=lambda x: x.start))


def _resolve(month: int, day: int, year: str | None, published: dt.date) -> dt.date | None:
    try:
        if year:
            return dt.date(int(year), month, day)
        candidates = []
        for y in (published.year - 1, published.year, published.year + 1):
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:  # February 29 in another year
                continue
        return min(candidates, key=lambda d: (abs((d - published).days), d)) if candidates else None
    except ValueError:  # "June 31", "May 2400"... not a date
        return None
