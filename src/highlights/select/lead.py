"""Lead-n: the first n sentences, the classic and strong news baseline."""
from __future__ import annotations

from collections.abc import Sequence

from ..document import Article, Highlight, Sentence
from .base import extract, sentences_of


class Lead:
    name = "lead"

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        k = min(n, len(sents))
        # Score falls with position so that scores rank the way lead ranks.
        return extract(article, sents, {i: 1.0 - i / max(len(sents), 1) for i in range(k)})
