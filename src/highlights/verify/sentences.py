"""The verifier's article sentences: where an article is cut for matching, offsets kept.

The words themselves (tokenizers, stemmer, cue lists) live in ``highlights.words``.
"""
from __future__ import annotations

import re

# Article sentences: broken after . ! ? (and a closing quote or bracket) before a capital or digit, at
# line breaks, and at a free-standing " . " (PTB-tokenized text). Longer runs are cut into windows.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])|\n+|\s+\.\s+(?=\S)")
_WINDOW, _OVERLAP = 60, 10  # words per window of an unsplittable run (e.g. lowercase text), and overlap


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
