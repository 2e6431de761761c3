"""What the verifier knows about one article, built once and cached (no spaCy: regex words and stems).

The index is built from a lightly repaired copy of the article (curly quotes made ASCII, and
"235, 000" / "2. 4" joined, as detokenised text has them); ``to_source`` maps offsets in that copy
back to the article as given, so that sentence spans reported to the user point into the real text.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..words import STOP, normalize, spans, stem, words
from . import numbers
from .sentences import sentence_spans

CACHE_SIZE = 64  # articles; a service verifies a few bullets of the same article in a row
_SPLIT_NUMBER = re.compile(r"(\d)\s?([.,])\s(\d)")  # "235, 000" -> "235,000"; "2. 4" -> "2.4"
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][a-z]+\s+(?:of\s+|the\s+|and\s+)?){1,5}[A-Z][a-z]+")


@dataclass(frozen=True, eq=False)
class ArticleIndex:
    text_lower: str                     # the repaired article, lowercased (dates are looked up here)
    flat: str                           # " w w w " of all its words: whole-sentence lookups
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    sentences: tuple[tuple[int, int], ...]        # spans in the article as given
    sentence_words: tuple[tuple[str, ...], ...]
    sentence_stems: tuple[frozenset[str], ...]
    stem_sentences: dict[str, frozenset[int]]     # stem -> sentences it occurs in
    numbers: frozenset[float]                     # every value its numbers may be matched by
    number_units: dict[float, frozenset[str]]     # value as written -> units it is written with
    number_spans: dict[float, tuple[int, int]]    # value as written -> its first span (article as given)
    casing: dict[str, str]              # lowercase word -> its most frequent non-initial form
    acronyms: frozenset[str]            # "us" for "United States", "nhs" for "National Health Service"
    prefixes5: frozenset[str]           # first five letters of long words ("Britain" ~ "British")


def repair(text: str) -> tuple[str, list[int]]:
    """The normalised text with split numbers joined, and the breakpoints ``to_source`` needs.

    >>> t, breaks = repair("It cost \u00a32. 4m, or 235, 000 each")
    >>> t, t.index("000"), to_source(breaks, t.index("000"))
    ('It cost \u00a32.4m, or 235,000 each', 22, 24)
    """
    text = normalize(text)
    return _SPLIT_NUMBER.sub(r"\1\2\3", text), _breakpoints(text)


def _breakpoints(text: str) -> list[int]:
    breaks: list[int] = []  # for each removed space: the repaired offset of the next kept character
    removed = 0
    for m in _SPLIT_NUMBER.finditer(text):
        for a, b in ((m.end(1), m.start(2)), (m.end(2), m.start(3))):
            for original in range(a, b):
                breaks.append(original - removed)
                removed += 1
    return breaks


def to_source(breaks: list[int], offset: int) -> int:
    """An offset into the repaired text as an offset into the article as given."""
    return offset + bisect.bisect_right(breaks, offset)


@functools.lru_cache(maxsize=CACHE_SIZE)
def index_article(article: str) -> ArticleIndex:
    """The index of ``article`` (the last ``CACHE_SIZE`` articles are kept)."""
    text, breaks = repair(article)
    low = words(text)
    sents = sentence_spans(text)
    sentence_words = tuple(tuple(words(text[s:e])) for s, e in sents)
    sentence_stems = tuple(frozenset(stem(w) for w in ws) for ws in sentence_words)
    stem_sentences: dict[str, set[int]] = {}
    for i, stems in enumerate(sentence_stems):
        for s in stems:
            stem_sentences.setdefault(s, set()).add(i)
    counts: dict[str, dict[str, int]] = {}
    for start, end in sents:
        for w, _, _ in spans(text[start:end])[1:]:  # not the first word: its capital says nothing
            forms = counts.setdefault(w.lower(), {})
            forms[w] = forms.get(w, 0) + 1
    casing = {k: max(v, key=v.__getitem__) for k, v in counts.items()}
    acronyms = set()
    for m in _CAPITALISED_RUN.finditer(text):
        caps = [w for w in m.group().split() if w[0].isupper() and w not in ("The", "And", "Of")]
        for i in range(len(caps)):
            for j in range(i + 2, min(len(caps), i + 5) + 1):
                acronyms.add("".join(w[0] for w in caps[i:j]).lower())
    found = numbers.extract(text)
    # The numbers as written before the repair count too: a highlight cut at "8." of "8. 20 am" is a copy.
    unrepaired = numbers.values(numbers.extract(normalize(article))) if breaks else set()
    units: dict[float, set[str]] = {}
    first_span: dict[float, tuple[int, int]] = {}
    for n in found:
        key = round(n.value, 4)
        units.setdefault(key, set()).add(n.unit)
        first_span.setdefault(key, _source_span(breaks, n.start, n.end))
    return ArticleIndex(
        text_lower=text.lower(), flat=" " + " ".join(low) + " ", stems=frozenset(stem(w) for w in low),
        bigrams=frozenset(zip(low, low[1:])),
        sentences=tuple(_source_span(breaks, s, e) for s, e in sents),
        sentence_words=sentence_words, sentence_stems=sentence_stems,
        stem_sentences={k: frozenset(v) for k, v in stem_sentences.items()},
        numbers=frozenset(numbers.values(found) | unrepaired), number_units={k: frozenset(v) for k, v in units.items()},
        number_spans=first_span, casing=casing, acronyms=frozenset(acronyms),
        prefixes5=frozenset(w[:5] for w in low if len(w) >= 5))


def _source_span(breaks: list[int], start: int, end: int) -> tuple[int, int]:
    return to_source(breaks, start), to_source(breaks, end - 1) + 1


def recase(highlight: str, index: ArticleIndex) -> str:
    """A lowercased highlight with the article's casing restored ("paris" -> "Paris"); same length.

    Highlights with more than 15% capitalised words are returned unchanged.
    """
    found = spans(highlight)
    alpha = [w for w, _, _ in found if w[0].isalpha()]
    if not alpha or sum(w[0].isupper() for w in alpha) / len(alpha) > 0.15:
        return highlight
    chars = list(highlight)
    for w, s, e in found:
        form = index.casing.get(w.lower())
        if form and len(form) == e - s and w.lower() not in STOP:
            chars[s:e] = form
    return "".join(chars)
