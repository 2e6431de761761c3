"""Ranker: the learned highlight selector, trained on CNN/DailyMail with the greedy ROUGE oracle.

Tree ensembles and a static embedding table, trained by ``select/train.py`` (``make train``) and
shipped in ``highlights/models/ranker/``:

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
sentences and ``n`` allows. Only the first ``max_sentences`` (50) sentences are considered.

The models are read once per process, when the registry builds the ranker (or on first use),
and shared by every ``Ranker``. Running them needs only numpy (``trees.Forest`` walks LightGBM's
text models; ``embed.py`` cuts wordpieces itself), so loading is quick and works offline from the
installed package.
"""
from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import SettingsError
from ..model import Article, Highlight, Sentence
from . import salience
from .base import extract, sentences_of
from .embed import DIRECTIONS, Directions, Embedder, WordPieces, embedding_features
from .features import (CANDIDATE_FEATURES, MAX_SIZE, SCORER_FEATURES, Idf, candidates, scorer_features,
                       sentence_features, tokens)
from .trees import Forest

MIN_SIZE = 2  # the 2–4 highlights, when the article and n allow
RERANK_FEATURES = (*CANDIDATE_FEATURES, *salience.CANDIDATE_FEATURES)


def default_model_dir():
    """The model shipped inside the package (a path in an editable or a normal install)."""
    return resources.files("highlights") / "models" / "ranker"


class ModelError(SettingsError):
    """The ranker's model files are missing or do not fit this code (`make train` rebuilds them)."""


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
    max_sentences: int
    meta: dict

    @classmethod
    def load(cls, directory=None) -> "RankerModel":
        d = default_model_dir() if directory is None else Path(directory)
        try:
            meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
            with (d / "idf.json.gz").open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
                table = json.loads(fh.read().decode("utf-8"))
            scorers = tuple(Forest((d / name).read_text(encoding="utf-8"))
                            for name in meta["sentence_model"]["files"])
            rerank = Forest((d / "rerank.txt").read_text(encoding="utf-8"))
            ngrams = tuple(Forest((d / f"salience_{order}.txt").read_text(encoding="utf-8"))
                           for order in salience.ORDERS)
            vocab = (d / "vocab.txt").read_text(encoding="utf-8").splitlines()
            with (d / "wordpieces.npy").open("rb") as fh:
                embedder = Embedder(WordPieces(vocab), np.load(fh, allow_pickle=False))
            features = (tuple(meta["features"]["sentence"]), tuple(meta["features"]["candidate"]),
                        {int(k): tuple(v) for k, v in meta["features"]["salience"].items()})
            model = cls(Idf(table["idf"], float(table["unseen"])), embedder, load_directions(d / "directions.json"),
                        scorers, ngrams, rerank, int(meta["top"]), int(meta["max_sentences"]), meta)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot load the ranker model from {d}: {type(exc).__name__}: {exc}; "
                             "run `make train` to build it") from exc
        if features != (SCORER_FEATURES, RERANK_FEATURES, salience.FEATURES) or not scorers:
            raise ModelError(f"the ranker model in {d} was trained with other features; run `make train`")
        return model

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Each sentence's probability of being in the oracle's selection (mean of the scorers)."""
        x = scorer_features(sentence_features(texts, self.idf),
                            embedding_features(self.embedder(texts), self.directions))
        return np.mean([scorer.predict(x) for scorer in self.scorers], axis=0)

    def salience_features(self, texts: Sequence[str], scores: np.ndarray, sets: Sequence[tuple[int, ...]]
                          ) -> np.ndarray:
        """``salience.CANDIDATE_FEATURES`` of each candidate set (only their sentences' n-grams are scored)."""
        words = [tokens(t) for t in texts]
        held = {i for c in sets for i in c}
        tables = [salience.table(words, scores, order, self.idf, held) for order in salience.ORDERS]
        return salience.candidate_features(tables, [m.predict(t.rows) for m, t in zip(self.ngram_models, tables)], sets)


_models: dict[str, RankerModel] = {}
_lock = threading.Lock()


def load_model(directory=None) -> RankerModel:
    """The model in ``directory`` (default: the shipped one), read once per process."""
    key = str(default_model_dir() if directory is None else directory)
    with _lock:
        if key not in _models:
            _models[key] = RankerModel.load(directory)
        return _models[key]


def sentence_texts(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """Each sentence's text with whitespace collapsed: what training and selection both see."""
    return [" ".join(text[s.start:s.end].split()) for s in sentences]


class Ranker:
    name = "ranker"

    def __init__(self, model_dir=None):
        self.model_dir = model_dir
        self._model: RankerModel | None = None

    @property
    def model(self) -> RankerModel:
        if self._model is None:
            self._model = load_model(self.model_dir)
        return self._model

    def load(self) -> "Ranker":
        """Read the model now instead of on the first article."""
        _ = self.model
        return self

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        if not sents or n < 1:
            return []
        chosen, probs = self.choose(sentence_texts(article.text, sents), n=n)
        return extract(article, sents, {i: float(probs[i]) for i in chosen})

    def choose(self, texts: Sequence[str], *, n: int) -> tuple[tuple[int, ...], np.ndarray]:
        """(chosen sentence indices in document order, every considered sentence's probability)."""
        model = self.model
        texts = list(texts[:model.max_sentences])
        if not texts or n < 1:
            return (), np.zeros(0)
        probs = model.scores(texts)
        most = min(n, MAX_SIZE, len(texts))
        # the reranker also judges single sentences (it learned from sets of 1-4), where position
        # and the document's shape matter as much as the sentence's own score
        sets, rows = candidates(texts, probs, top=model.top, sizes=range(min(MIN_SIZE, most), most + 1))
        rows = np.hstack([rows, model.salience_features(texts, probs, sets)])
        return sets[int(np.argmax(model.rerank.predict(rows)))], probs
