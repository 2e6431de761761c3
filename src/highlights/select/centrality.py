"""Centrality: an unsupervised LexRank-style ranker (Erkan & Radev 2004) in numpy.

Sentences are TF-IDF vectors (IDF from the article's own sentences); edges join sentences
whose cosine similarity passes a threshold; PageRank on that graph scores each sentence.
The top sentences are taken greedily, skipping any too similar to one already taken.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..document import Article, Highlight, Sentence
from ..words import STOP, tokens
from .base import extract, sentences_of


class Centrality:
    name = "centrality"

    def __init__(self, *, threshold: float = 0.1, damping: float = 0.85, redundancy: float = 0.5,
                 iterations: int = 100):
        self.threshold = threshold
        self.damping = damping
        self.redundancy = redundancy
        self.iterations = iterations

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None
                 ) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        if not sents:
            return []
        bags = [[w for w in tokens(article.text[s.start:s.end]) if w not in STOP] for s in sents]
        sim = _cosine_matrix(bags)
        scores = self.rank(sim)
        chosen: dict[int, float] = {}
        for i in np.argsort(-scores, kind="stable"):
            if len(chosen) == n:
                break
            if any(sim[i, j] > self.redundancy for j in chosen):
                continue
            chosen[int(i)] = float(scores[i])
        return extract(article, sents, chosen)

    def rank(self, sim: np.ndarray) -> np.ndarray:
        """PageRank scores of the thresholded similarity graph (rows normalised, with damping)."""
        k = sim.shape[0]
        adj = (sim >= self.threshold).astype(float)
        np.fill_diagonal(adj, 0.0)
        deg = adj.sum(axis=1, keepdims=True)
        # A sentence with no neighbour links to every sentence, so the walk never gets stuck.
        trans = np.where(deg > 0, adj / np.maximum(deg, 1e-12), 1.0 / k)
        p = np.full(k, 1.0 / k)
        for _ in range(self.iterations):
            nxt = (1 - self.damping) / k + self.damping * trans.T @ p
            if np.abs(nxt - p).sum() < 1e-9:
                p = nxt
                break
            p = nxt
        return p


def _cosine_matrix(bags: list[list[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            vocab.setdefault(w, len(vocab))
    tf = np.zeros((len(bags), max(len(vocab), 1)))
    for i, bag in enumerate(bags):
        for w in bag:
            tf[i, vocab[w]] += 1
    df = (tf > 0).sum(axis=0)
    idf = np.log((1 + len(bags)) / (1 + df)) + 1
    vec = tf * idf
    norm = np.linalg.norm(vec, axis=1, keepdims=True)
    vec = vec / np.where(norm > 0, norm, 1)
    return vec @ vec.T
