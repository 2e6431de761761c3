"""Word and bigram salience: how likely each of an article's words and bigrams is to appear in its highlights.

ROUGE counts the words and bigrams a summary shares with the reference, so the ranker's reranker
gets, for every candidate summary, the number of them it can expect to share: the sum, over the
distinct words (and bigrams) it covers, of each one's probability of being in the reference
(Gillick and Favre's "concepts", weighted by a learned model as in Li et al. 2013). A candidate
that repeats itself or spends its length on unlikely words scores low, whatever its sentences'
own scores.

The probability comes from a small LightGBM model per n-gram order (trained by
``training/ranker.py``: is the n-gram in the reference bullets?) over ``FEATURES[order]``: how often
and how early the article uses the n-gram and its words, their IDF, whether they are stop words or
numbers, and the best sentence score among the sentences that hold it. Counts run over the whole
article; probabilities are needed only for the n-grams of the sentences the reranker considers.

Pure Python and numpy, like ``features.py``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..settings import LEAD_SENTENCES
from ..words import STOP, tokens
from ..words.idf import Idf

ORDERS = (2, 1)  # bigrams (ROUGE-2) and words (ROUGE-1)
FEATURES = {
    1: ("tf", "n_sent_with", "first", "first_rel", "in_lead", "idf", "stop", "digit", "best_score",
        "first_score", "n_sent", "chars"),
    2: ("tf", "n_sent_with", "first", "first_rel", "in_lead", "idf_0", "idf_1", "stop_0", "stop_1", "digit",
        "tf_0", "tf_1", "first_0", "first_1", "best_score", "first_score", "n_sent", "chars"),
}
REFERENCE_NGRAMS = 45.0  # about how many bigrams (and words) a reference has: the F-measure estimate's scale
CANDIDATE_FEATURES = tuple(f"{name}_{order}" for order in ORDERS
                           for name in ("expected", "expected_per_gram", "grams", "expected_f"))

Gram = tuple[str, ...]


def grams(words: Sequence[str], order: int) -> list[Gram]:
    return list(zip(*(words[k:] for k in range(order))))


@dataclass(frozen=True)
class Table:
    """An article's n-grams of one order: the feature rows of those asked for, and each sentence's n-grams.

    ``rows[k]`` describes ``keys[k]``; ``ids[i]`` lists sentence ``i``'s n-grams as indices into
    ``keys`` (with repeats, as ROUGE counts them), for the sentences asked for only.
    """

    keys: list[Gram]
    rows: np.ndarray
    ids: dict[int, np.ndarray]


def table(words: Sequence[Sequence[str]], scores: np.ndarray, order: int, idf: Idf,
          only: Iterable[int] | None = None) -> Table:
    """The n-grams of sentences ``only`` (default: all) with features counted over every sentence."""
    if order not in FEATURES:
        raise ValueError(f"n-gram order {order} has no features; choose one of {sorted(FEATURES)}")
    n = len(words)
    lookup = idf.table.get
    unseen = idf.unseen
    word_tf: Counter = Counter()
    word_first: dict[str, int] = {}
    tf: Counter = Counter()
    lead: Counter = Counter()
    holders: Counter = Counter()
    per_sentence = [grams(ws, order) for ws in words]
    distinct = [set(gs) for gs in per_sentence]
    for i, (gs, ds) in enumerate(zip(per_sentence, distinct)):
        tf.update(gs)
        holders.update(ds)
        if i < LEAD_SENTENCES:
            lead.update(gs)
    # dict updates in C instead of a Python step per n-gram: walking backwards leaves each n-gram's
    # first sentence, and walking by rising score leaves its best sentence's score
    first: dict[Gram, int] = {}
    for i in range(n - 1, -1, -1):
        first.update(dict.fromkeys(distinct[i], i))
    if order == 2:  # a bigram's rows also describe its two words
        for ws in words:
            word_tf.update(ws)
        for i in range(n - 1, -1, -1):
            word_first.update(dict.fromkeys(words[i], i))
    best: dict[Gram, float] = {}
    for i in np.argsort(scores, kind="stable"):
        best.update(dict.fromkeys(distinct[i], float(scores[i])))
    wanted = range(n) if only is None else sorted(set(only))
    index: dict[Gram, int] = {}
    for i in wanted:
        for g in per_sentence[i]:
            index.setdefault(g, len(index))
    keys = list(index)
    rows = []
    # words are [a-z0-9]+ tokens, so "not alphabetic" means "holds a digit"
    if order == 1:
        for (w,) in keys:
            f = first[(w,)]
            g = (w,)
            rows.append([tf[g], holders[g], f, f / n, lead[g], lookup(w, unseen), w in STOP, not w.isalpha(),
                         best[g], scores[f], n, len(w)])
    else:
        for g in keys:
            a, b = g
            f = first[g]
            rows.append([tf[g], holders[g], f, f / n, lead[g], lookup(a, unseen), lookup(b, unseen), a in STOP,
                         b in STOP, not (a + b).isalpha(), word_tf[a], word_tf[b], word_first[a], word_first[b],
                         best[g], scores[f], n, len(a) + len(b)])
    ids = {i: np.array([index[g] for g in per_sentence[i]], dtype=np.intp) for i in wanted}
    return Table(keys, np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES[order])), ids)


def labels(t: Table, reference: Sequence[str], order: int) -> np.ndarray:
    """1 for each n-gram of ``t`` that some reference bullet holds (bigrams never span two bullets)."""
    held = {g for bullet in reference for g in grams(tokens(bullet), order)}
    return np.array([g in held for g in t.keys], dtype=np.float32)


def candidate_features(tables: Sequence[Table], probabilities: Sequence[np.ndarray],
                       sets: Sequence[tuple[int, ...]]) -> np.ndarray:
    """``CANDIDATE_FEATURES`` of each candidate set, from each order's table and n-gram probabilities.

    Per order: the expected number of reference n-grams the set covers (each distinct n-gram's
    probability, summed), that per n-gram of the set, the set's n-gram count, and a rough expected
    F-measure, 2 × expected / (count + ``REFERENCE_NGRAMS``).
    """
    out = np.zeros((len(sets), len(CANDIDATE_FEATURES)), dtype=np.float32)
    if not sets:
        return out
    held = sorted({i for c in sets for i in c})
    member = np.zeros((len(sets), len(held)), dtype=np.float64)  # set k holds sentence held[j]
    position = {i: j for j, i in enumerate(held)}
    for k, c in enumerate(sets):
        member[k, [position[i] for i in c]] = 1.0
    for o, (t, p) in enumerate(zip(tables, probabilities)):
        present = np.zeros((len(held), len(t.rows)), dtype=np.float64)  # sentence held[j] has n-gram g
        for j, i in enumerate(held):
            present[j, t.ids[i]] = 1.0
        count = member @ np.array([len(t.ids[i]) for i in held], dtype=np.float64)
        expected = ((member @ present) > 0) @ np.asarray(p, dtype=np.float64)
        out[:, 4 * o:4 * o + 4] = np.stack([expected, expected / np.maximum(count, 1), count,
                                            2 * expected / (count + REFERENCE_NGRAMS)], axis=1)
    return out
