"""Numbers in text: digits, words and fractions, with their currency or percent unit.

"10,000", "10000", "ten thousand" and "10k" are all 10000; "three quarters" is 0.75 and matches
"75%"; "$5m" is 5,000,000 with unit "$". ``values`` gives every reading a number can be matched
by, so that "5 million" in a highlight matches "$5m" in the article and "75%" matches "three quarters".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "bn": 1e9, "k": 1e3, "mn": 1e6}
# "third" is left out: it is mostly an ordinal ("the third time"), "thirds" a fraction.
_FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "thirds": 1 / 3,
              "dozen": 12, "dozens": 12}
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | (frozenset(_SCALES) - {"m", "k", "mn", "bn"}) \
    | frozenset(_FRACTIONS)
CURRENCIES = frozenset("$£€")

_ALTERNATIVES = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<cur>[$£€])?\s?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s?(?P<scale>million|billion|trillion|thousand|hundred|m|bn|mn|k)\b)?\s?(?P<pct>%|per ?cent|percent)?"
    r"|(?P<words>\b(?:(?:a|an|and|" + _ALTERNATIVES + r")[\s-]+)*(?:" + _ALTERNATIVES + r")\b(?!-?finals?\b))"
    r"(?:\s?(?P<wpct>per ?cent|percent))?", re.IGNORECASE)
_LEADING_AND = re.compile(r"(?:and[\s-]+)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a text: its value, its span, and its unit ('', '$', '£', '€' or '%')."""

    value: float
    start: int
    end: int
    unit: str = ""


def is_number_word(word: str) -> bool:
    return word[0].isdigit() or word.lower() in NUMBER_WORDS


def words_to_value(text: str) -> float | None:
    """The value of a number written in words, or None when there is no number word.

    >>> [words_to_value(t) for t in ("ten thousand", "three quarters", "a dozen", "twenty-five", "and")]
    [10000.0, 0.75, 12.0, 25.0, None]
    """
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w]
    total, current, fraction, seen = 0.0, 0.0, None, False
    for i, w in enumerate(words):
        if w in ("a", "an", "and"):
            following = words[i + 1] if i + 1 < len(words) else ""
            if w != "and" and current == 0 and (following in _SCALES or following in _FRACTIONS):
                current = 1.0  # "a dozen", "a hundred", "a half"
            continue
        seen = True
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0.0
        elif w in ("dozen", "dozens"):
            current = (current or 1) * 12
        elif w in _FRACTIONS:
            fraction = (current or 1) * _FRACTIONS[w]
            current = 0.0
    if not seen:
        return None
    return fraction + total if fraction is not None else total + current


def extract(text: str) -> list[Number]:
    """The numbers of ``text`` in order. A lone "one"/"a" is skipped (mostly a pronoun or article).

    >>> [(n.value, n.unit) for n in extract("Ten thousand people; 10,000 or 10000; $5m; 75% and three quarters")]
    [(10000.0, ''), (10000.0, ''), (10000.0, ''), (5000000.0, '$'), (75.0, '%'), (0.75, '')]
    """
    out: list[Number] = []
    value: float | None
    for m in _NUMBER.finditer(text):
        if m.group("num"):
            value = float(m.group("num").replace(",", ""))
            if m.group("scale"):
                value *= _SCALES[m.group("scale").lower()]
            unit = m.group("cur") or ("%" if m.group("pct") else "")
            end = m.start() + len(m.group().rstrip())  # the pattern may have taken a trailing space
            out.append(Number(value, m.start() if m.group("cur") else m.start("num"), end, unit))
        elif m.group("words"):
            words = m.group("words")
            lead = _LEADING_AND.match(words)  # "10,000 and three quarters": the "and" is not part of it
            start = m.start("words") + (lead.end() if lead else 0)
            words = words[lead.end():] if lead else words
            if words.lower().strip() in ("one", "a", "an", ""):
                continue
            value = words_to_value(words)
            if value is None or value == 1:
                continue
            out.append(Number(value, start, m.start() + len(m.group().rstrip()), "%" if m.group("wpct") else ""))
    return out


def values(numbers: list[Number]) -> set[float]:
    """Every value a highlight's number may be matched by: as written, a percent as a fraction (and
    back), and millions or thousands without their scale ("£5m" also matches "5")."""
    out: set[float] = set()
    for n in numbers:
        out.add(round(n.value, 4))
        if n.unit == "%":
            out.add(round(n.value / 100, 4))  # 75% == three quarters
        elif 0 < n.value < 1:
            out.add(round(n.value * 100, 4))
        for scale in (1e3, 1e6, 1e9):
            if n.value >= scale and n.value % scale == 0:
                out.add(round(n.value / scale, 4))
    return out
