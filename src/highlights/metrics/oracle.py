"""The greedy extractive ROUGE oracle: the upper bound for any sentence-picking method.

Starting from nothing, it adds the article sentence (from ``highlights.sentences.split``) that
most raises ROUGE-1 F1 + ROUGE-2 F1 against the reference, and stops when no sentence raises it
(Nallapati et al. 2017; Liu & Lapata 2019 label their training data this way). It reads the
reference, so it is a method of the evaluation harness, never a summarizer a user can run.

The objective is computed exactly as the metric computes it: the same stemmed tokens, clipped
n-gram counts, and the selection joined in document order, so that the bigram across two chosen
neighbouring sentences counts as it does when the result is scored. Each candidate is scored
incrementally from the counts of the selection so far, which keeps the oracle fast enough to
run on every dev article.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Article, Highlight, Sentence
from ..select.base import extract, sentences_of
from .rouge import Rouge, as_lines


def f1(overlap: int, predicted: int, reference: int) -> float:
    """ROUGE's F1 from clipped overlap and n-gram counts (0 when either side is empty).

    >>> f1(2, 4, 4), f1(0, 3, 5), f1(1, 0, 5)
    (0.5, 0.0, 0.0)
    """
    if overlap == 0 or predicted == 0 or reference == 0:
        return 0.0
    precision, recall = overlap / predicted, overlap / reference
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class _Candidate:
    tokens: tuple[str, ...]
    unigrams: Counter
    bigrams: Counter


class Oracle:
    """``oracle(article, reference=[...])`` → the greedy R1+R2 oracle's sentences as highlights.

    ``max_sentences`` caps the selection (``None``: stop only when no sentence helps).
    """

    name = "oracle"

    def __init__(self, *, max_sentences: int | None = None, rouge: Rouge | None = None):
        self.max_sentences = max_sentences
        self._rouge = rouge

    @property
    def rouge(self) -> Rouge:
        if self._rouge is None:
            self._rouge = Rouge()
        return self._rouge

    def __call__(self, article: Article, *, reference: Sequence[str],
                 sentences: Sequence[Sentence] | None = None) -> list[Highlight]:
        sents = sentences_of(article, sentences)
        texts = [article.text[s.start:s.end] for s in sents]
        chosen = self.select(texts, reference=reference)
        return extract(article, sents, chosen)

    def select(self, sentences: Sequence[str], *, reference: Sequence[str]) -> dict[int, float]:
        """Index → gain in R1+R2 F1 (0–2 scale) of each chosen sentence, in the order of choice."""
        tokenize = self.rouge.tokenize
        ref = tokenize(as_lines(reference))
        ref1, ref2 = Counter(ref), Counter(zip(ref, ref[1:]))
        n1, n2 = len(ref), max(len(ref) - 1, 0)
        if not n1:
            return {}
        cands: dict[int, _Candidate] = {}
        for i, text in enumerate(sentences):
            toks = tuple(tokenize(text))
            if toks:
                # Only n-grams the reference has can add overlap; the lengths keep the rest counted.
                uni = Counter(t for t in toks if t in ref1)
                bi = Counter(g for g in zip(toks, toks[1:]) if g in ref2)
                cands[i] = _Candidate(toks, uni, bi)

        chosen: dict[int, float] = {}
        order: list[int] = []  # chosen indices in document order
        have1: Counter = Counter()
        have2: Counter = Counter()
        over1 = over2 = length = 0
        best_value = 0.0
        limit = self.max_sentences if self.max_sentences is not None else len(cands)
        while len(chosen) < limit:
            best = None
            for i, c in cands.items():
                if i in chosen:
                    continue
                delta2 = _bigram_delta(c, order, cands, i)
                o1 = over1 + _gain(have1, c.unigrams, ref1)
                o2 = over2 + _gain(have2, delta2, ref2)
                new_len = length + len(c.tokens)
                value = f1(o1, new_len, n1) + f1(o2, new_len - 1, n2)
                if value > best_value + 1e-12 and (best is None or value > best[0]):
                    best = (value, i, o1, o2, delta2)
            if best is None:
                break
            value, i, over1, over2, delta2 = best
            c = cands[i]
            have1.update(c.unigrams)
            for g, k in delta2.items():
                have2[g] += k
            length += len(c.tokens)
            chosen[i] = value - best_value
            best_value = value
            bisect.insort(order, i)
        return chosen


def _bigram_delta(c: _Candidate, order: list[int], cands: dict[int, _Candidate], i: int) -> Counter:
    """How the selection's bigram counts change when sentence ``i`` joins it in document order."""
    pos = bisect.bisect(order, i)
    prev = cands[order[pos - 1]].tokens[-1] if pos > 0 else None
    nxt = cands[order[pos]].tokens[0] if pos < len(order) else None
    delta = Counter(c.bigrams)
    if prev is not None:
        delta[(prev, c.tokens[0])] += 1
    if nxt is not None:
        delta[(c.tokens[-1], nxt)] += 1
    if prev is not None and nxt is not None:
        delta[(prev, nxt)] -= 1
    return delta


def _gain(have: Counter, delta: Counter, ref: Counter) -> int:
    """Change in clipped overlap when ``delta`` is added to the counts ``have``."""
    gain = 0
    for g, k in delta.items():
        r = ref.get(g, 0)
        if r:
            h = have.get(g, 0)
            gain += min(h + k, r) - min(h, r)
    return gain
