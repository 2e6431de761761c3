"""Ranker: the learned highlight selector, trained on CNN/DailyMail with the greedy ROUGE oracle.

Tree ensembles and a static embedding table, trained by ``training/ranker.py`` (``make train``) and
shipped in ``highlights/models/ranker/`` (its IDF table in ``models/idf/``):

1. a **sentence scorer**: the probability that a sentence belongs to the greedy ROUGE oracle's
   selection, the mean of five LightGBM models (each trained without one fifth of the articles),
   from ``features.SCORER_FEATURES``: 37 lexical features (``features.SENTENCE_FEATURES``), 14
   features of static MiniLM sentence vectors (``embed.py``: similarity to the document, its lead
   and the other sentences, PageRank, two learned directions) and within-document z-scores of 13
   key signals;
2. a **summary reranker** (LightGBM LambdaRank): every set of 2–4 of the best-scored sentences
   (``top`` of them, 6 in the shipped model) is a candidate summary, and the reranker orders an
   article's candidates by their expected ROUGE against the reference, from
   ``features.CANDIDATE_FEATURES`` (sizes, scores, positions, word and trigram overlap between
   its sentences). The candidate it ranks first is the summary. So the model learns how many
   sentences to take, and avoids redundant pairs, instead of taking a fixed top 3. Besides the
   candidate's own shape, it reads how many of the reference's words and bigrams the candidate can
   expect to hold (``salience.py``: two small LightGBM models give each word and bigram of the
   article its probability of appearing in the highlights).

Highlights are whole sentences in document order; each one's score is the sentence scorer's
probability. ``n`` caps the count (at most 4); at least 2 are taken when the article has two
sentences and ``n`` allows. Only the first ``settings.SELECT_WINDOW`` (50) sentences are considered.

The models are read once per process, when the registry builds the ranker (or on first use),
and shared by every ``Ranker``. Running them needs only numpy (``trees.Forest`` walks LightGBM's
text models; ``embed.py`` cuts wordpieces itself), so loading is quick and works offline from the
installed package.
"""
from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import models
from ..document import Article, Highlight, Sentence
from ..errors import ModelError
from ..models.trees import Forest
from ..settings import SELECT_WINDOW
from ..words import tokens
from ..words.idf import Idf
from . import salience
from .base import extract, sentences_of
from .embed import DIRECTIONS, Directions, Embedder, WordPieces, embedding_features
from .features import (
    CANDIDATE_FEATURES,
    MAX_SIZE,
    SCORER_FEATURES,
    SOURCE_FEATURES,
    candidates,
    scorer_features,
    sentence_features,
    source_features,
    with_source,
)

MIN_SIZE = 2  # the 2–4 highlights, when the article and n allow
RERANK_FEATURES = (*CANDIDATE_FEATURES, *salience.CANDIDATE_FEATURES)


def save_directions(path: Path, directions: Directions) -> None:
    data = {name: {"bias": bias, "weights": [float(x) for x in weights]}
            for name, (weights, bias) in directions.items()}
    path.write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")


def load_directions(path) -> Directions:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: (np.asarray(data[name]["weights"], dtype=np.float32), float(data[name]["bias"]))
            for name in DIRECTIONS}


@dataclass(frozen=True)
class RankerModel:
    idf: Idf
    embedder: Embedder
    directions: Directions
    scorers: tuple[Forest, ...]  # the sentence score is their mean probability
    ngram_models: tuple[Forest, ...]  # salience.py's, one per salience.ORDERS
    rerank: Forest
    top: int
    meta: dict
    source: bool = False  # trained with features.SOURCE_FEATURES (last in both the scorers' and the reranker's rows)

    @classmethod
    def load(cls, root: str | Path | None = None) -> RankerModel:
        """The ranker under the models folder ``root`` (default: the shipped one), checked by ``highlights.models``."""
        model = models.load("ranker", root)
        meta = model.manifest
        try:
            scorers = tuple(Forest(model.text(name)) for name in meta["training"]["sentence_files"])
            rerank = Forest(model.text("rerank.txt"))
            ngrams = tuple(Forest(model.text(f"salience_{order}.txt")) for order in salience.ORDERS)
            vocab = model.text("vocab.txt").splitlines()
            with model.path("wordpieces.npy").open("rb") as fh:
                embedder = Embedder(WordPieces(vocab), np.load(fh, allow_pickle=False))
            features = (tuple(meta["features"]["sentence"]), tuple(meta["features"]["candidate"]),
                        {int(k): tuple(v) for k, v in meta["features"]["salience"].items()})
            ranker = cls(Idf.shipped(root), embedder, load_directions(model.path("directions.json")),
                         scorers, ngrams, rerank, int(meta["training"]["top"]), meta)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the ranker model in {model.directory}: {type(exc).__name__}: {exc}; "
                             f"{models.REBUILD}") from exc
        plain = (SCORER_FEATURES, RERANK_FEATURES, salience.FEATURES)
        with_source = (SCORER_FEATURES + SOURCE_FEATURES, RERANK_FEATURES + SOURCE_FEATURES, salience.FEATURES)
        if features not in (plain, with_source) or not scorers:
            raise ModelError(f"the ranker model in {model.directory} was trained with other features; {models.REBUILD}")
        return dataclasses.replace(ranker, source=True) if features == with_source else ranker

    def scores(self, texts: Sequence[str], source: np.ndarray | None = None,
               words: Sequence[list[str]] | None = None) -> np.ndarray:
        """Each sentence's probability of being in the oracle's selection (mean of the scorers); ``words``:
        the texts' ``tokens``, when known."""
        x = scorer_features(sentence_features(texts, self.idf, words),
                            embedding_features(self.embedder(texts), self.directions),
                            source if self.source else None)
        return np.mean([scorer.predict(x) for scorer in self.scorers], axis=0)

    def salience_features(self, texts: Sequence[str], scores: np.ndarray, sets: Sequence[tuple[int, ...]],
                          words: Sequence[list[str]] | None = None) -> np.ndarray:
        """``salience.CANDIDATE_FEATURES`` of each candidate set (only their sentences' n-grams are scored)."""
        words = [tokens(t) for t in texts] if words is None else words
        held = {i for c in sets for i in c}
        tables = [salience.table(words, scores, order, self.idf, held) for order in salience.ORDERS]
        return salience.candidate_features(tables, [m.predict(t.rows) for m, t in zip(self.ngram_models, tables)], sets)


_loaded: dict[str, RankerModel] = {}
_lock = threading.Lock()


def load_model(root: str | Path | None = None) -> RankerModel:
    """The ranker model under ``root`` (default: the shipped models), read once per process and version."""
    with _lock:
        key = models.load("ranker", root).digest  # a retrained model is a new entry
        if key not in _loaded:
            _loaded[key] = RankerModel.load(root)
        return _loaded[key]


def sentence_texts(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """Each sentence's text with whitespace collapsed: what training and selection both see."""
    return [" ".join(text[s.start:s.end].split()) for s in sentences]


class Ranker:
    name = "ranker"
    most = MAX_SIZE  # highlights it writes at most, however many are asked

    def __init__(self, models_root: str | Path | None = None):
        self.models_root = models_root  # None: the shipped models
        self._model: RankerModel | None = None

    @property
    def model(self) -> RankerModel:
        if self._model is None:
            self._model = load_model(self.models_root)
        return self._model

    def load(self) -> Ranker:
        """Read the model now instead of on the first article."""
        _ = self.model
        return self

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        if not sents or n < 1:
            return []
        chosen, probs = self.choose(sentence_texts(article.text, sents), n=n, dateline=article.dateline)
        return extract(article, sents, {i: float(probs[i]) for i in chosen})

    def choose(self, texts: Sequence[str], *, n: int, dateline: str | None = None
               ) -> tuple[tuple[int, ...], np.ndarray]:
        """(chosen sentence indices in document order, every considered sentence's probability).

        ``dateline``: the article's opening boilerplate (``Article.dateline``), read by models trained
        with the source features only."""
        model = self.model
        texts = list(texts[:SELECT_WINDOW])
        if not texts or n < 1:
            return (), np.zeros(0)
        source = source_features(dateline) if model.source else None
        words = [tokens(t) for t in texts]  # once, for the features, the candidates and the n-gram tables
        probs = model.scores(texts, source, words)
        most = min(n, MAX_SIZE, len(texts))
        # the reranker also judges single sentences (it learned from sets of 1-4), where position
        # and the document's shape matter as much as the sentence's own score
        sets, rows = candidates(texts, probs, top=model.top, sizes=range(min(MIN_SIZE, most), most + 1), words=words)
        rows = with_source(np.hstack([rows, model.salience_features(texts, probs, sets, words)]), source)
        return sets[int(np.argmax(model.rerank.predict(rows)))], probs
