"""Peer summarizers from the ``sumy`` package, run through the same harness as ours.

sumy's own parser needs NLTK's Punkt models, which it downloads; we never download. Instead
each article is handed to sumy as a document built from *our* sentence splitter, so that every
method picks from exactly the same sentences and the comparison is about ranking only. Words
come from NLTK's Treebank word tokenizer (what ``nltk.word_tokenize`` runs inside a sentence;
it needs no data files), filtered as sumy filters them. sumy is set up as its documentation
shows: English Snowball stemmer and English stop words.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..document import Article, Highlight, Sentence
from ..errors import SettingsError
from ..select.base import extract, sentences_of

INSTALL_BENCH = "pip install 'highlights[bench]'"
PEERS = {
    "sumy-lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "sumy-textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
}
DESCRIPTIONS = {
    "sumy-lexrank": "sumy's LexRank (Erkan & Radev 2004) on our sentences",
    "sumy-textrank": "sumy's TextRank (Mihalcea & Tarau 2004) on our sentences",
}
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")  # the words sumy keeps from a sentence


class _Words:
    """The word half of a sumy tokenizer: sentences are already split, so no Punkt is needed."""

    def __init__(self):
        from nltk.tokenize import NLTKWordTokenizer
        self._tokenizer = NLTKWordTokenizer()

    @property
    def language(self) -> str:
        return "english"

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenizer.tokenize(sentence) if _WORD.match(w))

    def to_sentences(self, paragraph: str):
        raise NotImplementedError("sentences come from highlights.sentences.split")


class SumyPeer:
    """A sumy summarizer behind our ``Summarizer`` interface (highlights in document order)."""

    def __init__(self, name: str):
        if name not in PEERS:
            raise SettingsError(f"unknown peer {name!r}; choose one of {', '.join(PEERS)}")
        self.name = name
        try:
            import importlib

            from sumy.nlp.stemmers import Stemmer
            from sumy.utils import get_stop_words
            module, cls = PEERS[name]
            summarizer = getattr(importlib.import_module(module), cls)(Stemmer("english"))
            summarizer.stop_words = get_stop_words("english")
            self._dom = importlib.import_module("sumy.models.dom")
            self._words = _Words()
        except ImportError:
            raise SettingsError(f"method {name!r} needs sumy: {INSTALL_BENCH}") from None
        self._summarizer = summarizer

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        dom = self._dom
        objects = [dom.Sentence(" ".join(article.text[s.start:s.end].split()), self._words) for s in sents]
        if not objects:
            return []
        document = dom.ObjectDocumentModel([dom.Paragraph(objects)])
        picked = {id(s) for s in self._summarizer(document, n)}
        return extract(article, sents, {i: 1.0 for i, s in enumerate(objects) if id(s) in picked})
