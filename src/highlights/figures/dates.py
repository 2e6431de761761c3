"""Dates a news text gives, resolved against the day it was published and the sentence's own context: "on
March 15", "Jan. 28, 2011", "15 September", "on Tuesday", "said Tuesday", "last Tuesday", "yesterday", and, when
asked for, whole months ("in December").

A month and day without a year take, in this order:

1. the year the words after it give: "that year" or "the same year" (the year the context gave last), "this
   year", "last year", "next year";
2. unless the date is yet to come (below), the year of a date given in full ("Feb. 23, 2010") or of a sentence's
   opening "In 2002" earlier in the sentence or in the sentence before: "In 2002 he sold the ranch. On March
   3, he moved." is 2002-03-03. A year named in passing ("since 1968", "the 2003 SARS epidemic", "born in
   1958") is not the context of the dates around it;
3. the year that puts the date nearest the publication day, among those the tense allows: the verb nearest
   the date (to its left, else to its right in its clause) in the past ("was", "fled", "said") puts it on
   or before the publication day, in the future ("will", "is due to", "scheduled for") on or after it; the
   present, a modal or "until" say nothing, nor does a date that names an event ("the January 25
   uprising"). A past-tense "in December" in a January article is the December before; "will ... in
   March", the March to come.

A weekday is the latest such day on or before the publication day, wherever it stands (wire copy's "said
Tuesday" names a day as surely as "on Tuesday"); "last Tuesday" the latest before it; "next Tuesday", "this
coming Tuesday" and a future-tense "will meet on Tuesday" the next one (after it, or on it for the future
tense); "every Tuesday" none. A whole month ("in December", "last March", "December 2002"; only with
``months=True``) is resolved as a day is and stands as its first day. Times of day, ranges, vague or
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
from ..words import load_list

_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTHS = {name: i for i, name in enumerate(_NAMES, start=1)}
_MONTHS |= {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
            "nov": 11, "dec": 12}
MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))  # a month's name or its short form, as a pattern
_YEAR = r"((?:19|20)\d{2})\b"
_MONTH_DAY = re.compile(rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*{_YEAR})?", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\b\.?(?:\s*,?\s*{_YEAR})?", re.I)
# a whole month: a capitalized full name after a word that makes it a time ("in March", not "the march"), and
# no day after it
_WHOLE = "|".join(n.capitalize() for n in _NAMES)
_MONTH_ONLY = re.compile(rf"\b(?:(in|since|until|till|by|from|during|through|of|early|late|mid|last|this|next)"
                         rf"\s+|mid-)({_WHOLE})\b(?!\.?\s*\d{{1,2}}\b(?!\d))(?:\s*,?\s*{_YEAR})?", re.I)
_WEEKDAYS = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)  # not "Mondays"
_BEFORE_WEEKDAY = re.compile(r"\b(next|every|each|coming|last)\s+$", re.I)  # "next Monday", "every Monday"
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_THE = re.compile(r"\b(?:the|an?)\s+$", re.I)
_DIGIT = re.compile(r"\d")

# the context's years: a sentence's opening "In 2002" and a date in full are the time of what follows them
# (strong); a month's year ("in April 2009") or a year after "in" anywhere is only what "that year" refers to
_OPENING_YEAR = re.compile(rf"^\W*in\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:{_WHOLE})\s+)?{_YEAR}", re.I)
_IN_YEAR = re.compile(rf"\b(?:in|of)\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:{_WHOLE})\s+)?{_YEAR}", re.I)
_YEAR_AFTER = re.compile(r"\s*,?\s*(that|the same|this|last|next|the following|the next|the previous)\s+year\b",
                         re.I)
_YEAR_SHIFT = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1}
_THIS_YEAR = {"this": 0, "last": -1, "next": 1}

# the tense of the verb nearest a date: a few words that mark it, enough for the clauses dates stand in
_WORD = re.compile(r"[\w']+")
_CLAUSE_END = re.compile(r"[,;:()\"]|--|``|''")  # and PTB's brackets, -LRB- and -RRB-
_FUTURE = frozenset({"will", "shall", "'ll", "wo", "won't", "upcoming"})
_FUTURE_BEFORE_TO = frozenset({"due", "set", "scheduled", "slated", "expected", "planned", "plans", "plan", "hopes",
                               "intends", "aims", "going"})  # "is due to", "scheduled for"
_PAST = frozenset({
    "was", "were", "had", "did", "said", "told", "began", "came", "went", "took", "made", "gave", "got", "held",
    "left", "met", "ran", "saw", "sent", "fell", "rose", "struck", "won", "lost", "found", "became", "brought",
    "thought", "kept", "paid", "sold", "spoke", "wrote", "fled", "knew", "grew", "broke", "chose", "stood", "led",
    "felt", "heard", "fought", "sought", "bought", "caught", "shot", "threw", "withdrew", "swept", "spent", "built",
    "ago"})
# no tense a date can be read by: the present ("takes place on 8 October"), a modal ("must stay until June 24"),
# a deadline ("until 7 June") and the perfect ("has been put off until")
_PRESENT = frozenset({"is", "are", "am", "has", "have", "do", "does", "must", "can", "cannot", "ca", "should", "could",
                      "would", "might", "until", "till"}) | frozenset(
    w for w in load_list("finite") if w not in _PAST and not w.endswith("ed") and w not in _FUTURE)
_BE = frozenset({"be", "been", "being", "is", "are", "am", "'re", "'m", "to"})  # "will be held": no past
_NOT_VERBS = frozenset({"hundred", "united", "naked", "wicked", "sacred", "kindred", "rugged"})
PAST, FUTURE = "past", "future"


@dataclass(frozen=True)
class Mention:
    date: dt.date
    start: int  # the span of the text that gives it
    end: int
    month: bool = False  # a whole month ("in December", only with ``months=True``): ``date`` is its first day


def mentions(text: str, published: dt.date, *, before: str = "", months: bool = False) -> Iterator[Mention]:
    """The dates ``text`` (a sentence, or a clause of one) gives, in text order, resolved against ``published``
    and ``before``, the sentence before it; whole months too with ``months``. None when ``published`` lies
    outside the range of dates (see the module's docstring)."""
    found: list[Mention] = []
    if checked_date(published) is None:
        # no day to resolve against; inside the range, the arithmetic below stays a year or less from it, far
        # from the ends of the calendar
        return iter(found)
    context = _Context(text, before, published)
    if _DIGIT.search(text):  # the month patterns are slow, and need a digit
        for m, month, day in [*((m, m.group(1), m.group(2)) for m in _MONTH_DAY.finditer(text)),
                              *((m, m.group(2), m.group(1)) for m in _DAY_MONTH.finditer(text))]:
            resolved = checked_date(context.day(_MONTHS[month.lower()], int(day), m.group(3), m.start(), m.end()))
            if resolved is not None:
                found.append(Mention(resolved, m.start(), m.end()))
    if months:
        for m in _MONTH_ONLY.finditer(text):
            resolved = checked_date(context.day(_MONTHS[m.group(2).lower()], 1, m.group(3), m.start(2), m.end(),
                                                whole=True, word=(m.group(1) or "").lower()))
            if resolved is not None:
                found.append(Mention(resolved, m.start(2), m.end(), month=True))
    for m in _WEEKDAY.finditer(text):
        resolved = checked_date(context.weekday(_WEEKDAYS[m.group(1).lower()], m))
        if resolved is not None:
            found.append(Mention(resolved, m.start(1), m.end(1)))
    day = checked_date(published - dt.timedelta(days=1))
    if day is not None:
        found.extend(Mention(day, m.start(), m.end()) for m in _YESTERDAY.finditer(text))
    return iter(sorted(found, key=lambda x: x.start))


class _Context:
    """What a sentence and the one before it say about the year and tense of a date in it."""

    def __init__(self, text: str, before: str, published: dt.date) -> None:
        self.text, self.before, self.published = text, before, published
        self._words: list[re.Match[str]] | None = None

    def day(self, month: int, day: int, year: str | None, start: int, end: int, *, whole: bool = False,
            word: str = "") -> dt.date | None:
        """The day a month and day at ``start:end`` stand for, ``year`` the year they give, if any. A ``whole``
        month stands as its first day; ``word`` is the word before it ("last March", "this March")."""
        if year:
            return _day(int(year), month, day)
        after = _YEAR_AFTER.match(self.text, end)
        if after is not None:
            kind = after.group(1).lower()
            if kind in _THIS_YEAR:
                return _day(self.published.year + _THIS_YEAR[kind], month, day)
            anchor = self._anchor(start, strong=False)
            if anchor is not None:
                return _day(anchor + _YEAR_SHIFT[kind], month, day)
        if word == "this":
            return _day(self.published.year, month, day)
        # "the January 25 uprising", "a May 11 launch" name an event, in no tense of the sentence's
        tense = {"last": PAST, "next": FUTURE}.get(word) or (None if _THE.search(self.text, max(0, start - 5), start) else
                                                              self.tense(start, end))
        now = self.published.replace(day=1) if whole else self.published  # a month is compared as a month
        anchor = self._anchor(start, strong=True) if tense != FUTURE else None
        if anchor is not None:
            anchored = _day(anchor, month, day)
            if anchored is not None and (tense != PAST or anchored <= now):
                return anchored
        candidates = [d for y in (-1, 0, 1) if (d := _day(self.published.year + y, month, day)) is not None]
        if word in ("last", "next"):  # "last March" in March is a year ago; "next March", a year on
            candidates = [d for d in candidates if (d.year, d.month) != (now.year, now.month)]
        fitting = [d for d in candidates if _fits(d, now, tense)]
        return min(fitting or candidates, key=lambda d: (abs((d - now).days), d), default=None)

    def weekday(self, weekday: int, m: re.Match[str]) -> dt.date | None:
        """The day a weekday at ``m`` stands for, or None for a habit ("every Monday")."""
        modifier = _BEFORE_WEEKDAY.search(self.text, max(0, m.start() - 8), m.start())
        word = modifier.group(1).lower() if modifier else ""
        if word in ("every", "each"):
            return None
        back = (self.published.weekday() - weekday) % 7
        if word == "last":
            return self.published - dt.timedelta(days=back or 7)
        ahead = (weekday - self.published.weekday()) % 7
        if word in ("next", "coming"):
            return self.published + dt.timedelta(days=ahead or 7)
        if self.tense(m.start(), m.end()) == FUTURE:
            return self.published + dt.timedelta(days=ahead)
        return self.published - dt.timedelta(days=back)

    def tense(self, start: int, end: int) -> str | None:
        """PAST, FUTURE or None (present, or no verb that says) of the marker nearest the span: to its left,
        else to its right."""
        if self._words is None:
            self._words = list(_WORD.finditer(self.text))
        words = self._words
        left = [i for i, w in enumerate(words) if w.end() <= start]
        right: list[int] = []  # to its right, up to the end of its clause ("On March 3 , he said ...": no verb of its own)
        for i, w in enumerate(words):
            if w.start() >= end:
                if _CLAUSE_END.search(self.text, words[i - 1].end() if right else end, w.start()) or w.group() in (
                        "LRB", "RRB"):
                    break
                right.append(i)
        for order in (reversed(left), right):
            for i in order:
                found = self._marker(i)
                if found is not None:
                    return found or None
        return None

    def _marker(self, i: int) -> str | None:
        """The tense word ``i`` marks: PAST, FUTURE, "" (present), or None (it marks none)."""
        words = self._words
        assert words is not None
        w = words[i].group().lower()
        following = words[i + 1].group().lower() if i + 1 < len(words) else ""
        if w in _FUTURE or (w in _FUTURE_BEFORE_TO and following in ("to", "for")):
            return FUTURE
        if (w in _PAST or (len(w) > 3 and w.endswith("ed") and not w.endswith("eed") and w not in _NOT_VERBS)) and (
                not i or words[i - 1].group().lower() not in _BE):
            return PAST
        return "" if w in _PRESENT else None

    def _anchor(self, at: int, *, strong: bool) -> int | None:
        """The year the context last gave before ``at``: in the text before it, else in the sentence before;
        ``strong``: only a date in full or an opening "In 2002"."""
        for text, end in ((self.text, at), (self.before, len(self.before))):
            years = _years(text[:end], strong)
            if years:
                return years[-1]
        return None


def _years(text: str, strong: bool) -> list[int]:
    """The years ``text`` gives as the time of what it says, in text order (see ``_Context._anchor``)."""
    if not _DIGIT.search(text):
        return []
    found = [(m.start(), int(m.group(3))) for p in (_MONTH_DAY, _DAY_MONTH) for m in p.finditer(text) if m.group(3)]
    opening = _OPENING_YEAR.match(text)
    if opening is not None:
        found.append((opening.start(1), int(opening.group(1))))
    if not strong:
        found += [(m.start(1), int(m.group(1))) for m in _IN_YEAR.finditer(text)]
    return [year for _, year in sorted(found)]


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "June 31", February 29 in another year, a year out of the calendar: not a date
        return None


def _fits(day: dt.date, published: dt.date, tense: str | None) -> bool:
    return tense is None or (day <= published if tense == PAST else day >= published)
