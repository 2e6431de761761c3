"""Word-level helpers of the verifier: normalisation, tokens, a crude stemmer, sentence spans, cue words.

Everything here is the same for the article and the highlight, and nothing changes the length of a
text, so character offsets stay valid (``normalize`` maps one character to one character).
"""
from __future__ import annotations

import functools
import re

_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                              "\u2013": "-", "\u2014": "-", "\u00a0": " "})
WORD = re.compile(r"[A-Za-z]+|\d+(?:,\d{3})*(?:\.\d+)?")

STOP = frozenset("""a an the and or but if of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here there when
where why how all any both each few more most other some such only own same so than too very s t can will
just should now i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing would could might must shall
may also as until while said says say told tells one nt unk lrb rrb""".split())

NEGATION_CUES = frozenset("not no never none nobody nothing neither nor without cannot nt".split())
ATTRIBUTION_CUES = frozenset(
    "said says say saying told tells according claimed claims claim alleged allegedly reportedly reported "
    "believes believed believe thinks think suggested suggests accused insisted insists denied denies "
    "admitted warned added stated".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset("january february march april june july august september october november "
                   "december".split())  # no "may": mostly the verb

# Article sentences: broken after . ! ? (and a closing quote or bracket) before a capital or digit, at
# line breaks, and at a free-standing " . " (PTB-tokenized text). Longer runs are cut into windows.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])|\n+|\s+\.\s+(?=\S)")
_WINDOW, _OVERLAP = 60, 10  # words per window of an unsplittable run (e.g. lowercase text), and overlap


def normalize(text: str) -> str:
    """Curly quotes, dashes and no-break spaces as ASCII, one character for one.

    >>> normalize("It\u2019s \u201cfine\u201d \u2013 ok")
    'It\\'s "fine" - ok'
    """
    return text.translate(_SAME_LENGTH)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude suffix stripper, applied alike to article and highlight words.

    >>> [stem(w) for w in ("stopped", "flooding", "cities", "rallies", "homes", "1,000")]
    ['stop', 'flood', 'cit', 'rall', 'hom', '100']
    """
    w = word.lower().replace(",", "")
    for suffix in ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]  # stopped -> stopp -> stop
    return w


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each run of letters and each number ("10,000", "9.2")."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def words(text: str) -> list[str]:
    """Lowercase word tokens with thousands separators dropped ("10,000" -> "10000")."""
    return [m.group().lower().replace(",", "") for m in WORD.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; a run of more than 60 words becomes overlapping windows.

    >>> t = "Rain fell. Roads flooded.\\nSchools closed"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Rain fell.', 'Roads flooded.', 'Schools closed']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_BREAK.finditer(text):
        _windows(text, pos, m.start(), spans)
        pos = m.end()
    _windows(text, pos, len(text), spans)
    return spans


def _windows(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    toks = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    for i in range(0, len(toks), _WINDOW):
        part = toks[max(0, i - _OVERLAP): i + _WINDOW]
        out.append((part[0][0], part[-1][1]))
