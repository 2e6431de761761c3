"""The one interface every summarizer implements, and the helpers they share."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..document import Article, Evidence, Highlight, Sentence
from ..sentences import split


class Summarizer(Protocol):
    """``summarizer(article, n=3)`` → up to ``n`` highlights in document order, each with evidence.

    ``sentences`` may be passed when the caller has already split the article.
    """

    name: str

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]: ...


def sentences_of(article: Article, sentences: Sequence[Sentence] | None) -> Sequence[Sentence]:
    return split(article.text) if sentences is None else sentences


def extract(article: Article, sentences: Sequence[Sentence], chosen: dict[int, float]) -> list[Highlight]:
    """Whole-sentence highlights for ``chosen`` (sentence index → score), in document order."""
    out = []
    for i in sorted(chosen):
        s = sentences[i]
        text = " ".join(article.text[s.start:s.end].split())
        out.append(Highlight(text=text, score=float(chosen[i]), evidence=(Evidence(s.index, s.start, s.end),)))
    return out
