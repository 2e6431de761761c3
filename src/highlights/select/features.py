"""Features of the learned selector (``ranker``): one row per sentence, one row per candidate summary.

Both work on sentence texts as our splitter cuts them, in either form the selector meets: cased
prose ("Lobo's car, written in Urdu") and the PTB-tokenized lowercase evaluation text ("lobo 's
car , written in urdu"). Every feature is computed from ``highlights.words.tokens`` (lowercase ``[a-z0-9]+`` words, PTB
bracket tokens such as ``-lrb-`` dropped), quote and digit counts, so both forms of a sentence get
the same values, or nearly.

* Sentence features (``SENTENCE_FEATURES``): position, length, TF-IDF cosine with the document's
  centroid, its lead, its first sentence, the rest of the document and the neighbours, term
  frequency and IDF statistics, quotes, digits, reported speech, and within-document ranks.
  IDF comes from the training articles (``Idf``), with unseen words at the largest IDF.
* Scorer features (``SCORER_FEATURES``): those, the 14 embedding features of ``embed.py``, and
  the within-document z-scores of 13 key signals (``DOCREL_KEYS``), built by ``scorer_features``.
* Candidate features (``CANDIDATE_FEATURES``): for a set of 1–4 of the best-scored sentences,
  its size, length, the sentence scores and ranks it holds, where it sits in the document,
  how redundant its sentences are (word overlap, shared trigrams) and how confident the
  sentence scorer is in it.

Pure Python and numpy; nothing here reads a model file.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..settings import LEAD_SENTENCES
from ..words import ATTRIBUTION, FIRST_PERSON, RELATIVE_DAYS, STOP, WEEKDAYS, tokens
from ..words.idf import Idf
from .embed import EMBEDDING_FEATURES, rank01

_QUOTE = re.compile(r"``|''|\"|\u201c|\u201d")
_DIGIT = re.compile(r"\d")
DAYS = WEEKDAYS | RELATIVE_DAYS

SENTENCE_FEATURES = (
    "pos", "pos_rel", "pos_inv", "n_sent", "doc_len",
    "n_tok", "n_content", "n_char_log",
    "cos_centroid", "cos_lead3", "cos_first", "cos_rest", "cos_prev", "cos_next",
    "tf_mean", "tf_max", "tfidf_sum_norm", "idf_mean", "idf_max", "oov_frac",
    "n_digit", "n_quote", "starts_quote", "has_say", "first_person", "question", "exclam",
    "stop_frac", "bigram_rest", "has_day", "has_paren",
    "rank_centroid", "rank_len", "rank_tfidf", "cum_tok_before",
    "cos_centroid_minus_max", "len_over_mean",
)
# Within-document z-scores of these key signals join the scorer's input: a sentence's value against
# its own article's other sentences (a doc-relative view that absolute values give trees only poorly).
DOCREL_KEYS = ("cos_centroid", "cos_lead3", "tfidf_sum_norm", "n_tok", "idf_mean", "bigram_rest", "tf_mean",
               "e_cos_centroid", "e_cos_lead3", "e_pagerank", "e_dir", "e_dir_doc", "e_mean_sim")
SCORER_FEATURES = (*SENTENCE_FEATURES, *EMBEDDING_FEATURES, *(f"z_{k}" for k in DOCREL_KEYS))
_DOCREL_COLUMNS = [(*SENTENCE_FEATURES, *EMBEDDING_FEATURES).index(k) for k in DOCREL_KEYS]
# The story's source as its opening boilerplate tells it (``sentences.dateline``): a CNN dateline ("( cnn )",
# "WASHINGTON (CNN) --"), a Daily Mail byline ("by . name . published : ..."), or another place dateline
# ("paris , france --", mostly older CNN stories). The same for every sentence and candidate of an article;
# optional: a model whose manifest lists them gets them (``training/ranker.py --source-features``).
SOURCE_FEATURES = ("src_cnn", "src_byline", "src_place")
MAX_SIZE = 4  # the largest candidate summary, in sentences
CANDIDATE_FEATURES = (
    "size", "n_tok", "n_tok_off_55", "score_sum", "score_mean", "score_min",
    *(f"score_{j}" for j in range(MAX_SIZE)), *(f"rank_{j}" for j in range(MAX_SIZE)),
    "first_pos", "last_pos", "mean_pos", "has_first", "max_word_overlap", "shared_trigrams", "n_sent",
    *(f"score_gap_{j}" for j in range(MAX_SIZE)), "log_p_in", "log_p_out",
)


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values())) or 1.0


def _cos(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / (na * nb)


def sentence_features(sentences: Sequence[str], idf: Idf, words: Sequence[list[str]] | None = None) -> np.ndarray:
    """``len(sentences) × len(SENTENCE_FEATURES)`` float32 matrix for one document's sentences; ``words``: their
    ``tokens``, when the caller has them already (the ranker tokenizes each sentence once)."""
    table, unseen = idf.table, idf.unseen
    n = len(sentences)
    F = np.zeros((n, len(SENTENCE_FEATURES)), dtype=np.float32)
    if not n:
        return F
    toks = [tokens(s) for s in sentences] if words is None else list(words)
    content = [[t for t in ts if t not in STOP] for ts in toks]
    doc_tf = Counter(t for c in content for t in c)
    weight = {t: table.get(t, unseen) for t in doc_tf}
    vecs = [{t: k * weight[t] for t, k in Counter(c).items()} for c in content]
    norms = [_norm(v) for v in vecs]
    cent = {t: k * weight[t] for t, k in doc_tf.items()}
    ncent = _norm(cent)
    lead = {t: k * weight[t] for t, k in Counter(t for c in content[:LEAD_SENTENCES] for t in c).items()}
    nlead = _norm(lead)
    bigrams = [set(zip(ts, ts[1:])) for ts in toks]
    doc_bigrams = Counter(b for bg in bigrams for b in bg)
    doc_len = sum(len(ts) for ts in toks)
    mean_len = doc_len / n
    cum = 0
    for i in range(n):
        ts, c, v, nv, s, bg = toks[i], content[i], vecs[i], norms[i], sentences[i], bigrams[i]
        dot_cent = sum(w * cent[t] for t, w in v.items())
        # the rest of the document: the centroid without this sentence
        rest_dot = dot_cent - nv * nv if v else 0.0
        rest_norm = math.sqrt(max(ncent * ncent - 2 * dot_cent + nv * nv, 1e-9))
        idfs = [weight[t] for t in c]
        tfs = [doc_tf[t] for t in c]
        F[i] = (
            i, i / max(n - 1, 1), 1.0 / (i + 1), n, math.log1p(doc_len),
            len(ts), len(c), math.log1p(sum(map(len, ts)) + len(ts)),
            dot_cent / (nv * ncent) if v else 0.0,
            _cos(v, nv, lead, nlead) if v else 0.0,
            1.0 if i == 0 else (_cos(v, nv, vecs[0], norms[0]) if v else 0.0),
            rest_dot / (nv * rest_norm) if v else 0.0,
            _cos(v, nv, vecs[i - 1], norms[i - 1]) if (i > 0 and v) else 0.0,
            _cos(v, nv, vecs[i + 1], norms[i + 1]) if (i + 1 < n and v) else 0.0,
            sum(tfs) / len(tfs) if tfs else 0.0,
            max(tfs) if tfs else 0.0,
            dot_cent / ncent / max(len(c), 1) if v else 0.0,
            sum(idfs) / len(idfs) if idfs else 0.0,
            max(idfs) if idfs else 0.0,
            sum(1 for t in c if t not in table) / len(c) if c else 0.0,
            len(_DIGIT.findall(s)), len(_QUOTE.findall(s)),
            1.0 if _QUOTE.match(s.lstrip()) else 0.0,
            1.0 if any(t in ATTRIBUTION for t in ts) else 0.0,
            sum(1 for t in ts if t in FIRST_PERSON),
            1.0 if "?" in s else 0.0, 1.0 if "!" in s else 0.0,
            1.0 - len(c) / max(len(ts), 1),
            sum(1 for b in bg if doc_bigrams[b] > 1) / len(bg) if bg else 0.0,
            1.0 if any(t in DAYS for t in ts) else 0.0,
            1.0 if ("(" in s or "-lrb-" in s) else 0.0,
            0.0, 0.0, 0.0, cum / max(doc_len, 1),
            0.0, len(ts) / max(mean_len, 1e-9),
        )
        cum += len(ts)
    j = SENTENCE_FEATURES.index
    F[:, j("rank_centroid")] = rank01(F[:, j("cos_centroid")])
    F[:, j("rank_len")] = rank01(F[:, j("n_tok")])
    F[:, j("rank_tfidf")] = rank01(F[:, j("tfidf_sum_norm")])
    F[:, j("cos_centroid_minus_max")] = F[:, j("cos_centroid")] - F[:, j("cos_centroid")].max()
    return F


def source_features(tag: str | None) -> np.ndarray:
    """``SOURCE_FEATURES`` of an article whose opening boilerplate is ``tag`` (``sentences.dateline``'s)."""
    words = tokens(tag) if tag else []
    cnn = "cnn" in words
    byline = not cnn and words[:1] == ["by"]
    return np.array([cnn, byline, bool(words) and not cnn and not byline], dtype=np.float32)


def with_source(rows: np.ndarray, source: np.ndarray | None) -> np.ndarray:
    """``rows`` with the article's ``SOURCE_FEATURES`` appended to each one (as they are when ``source`` is None)."""
    return rows if source is None else np.hstack([rows, np.tile(source, (len(rows), 1))])


def scorer_features(lexical: np.ndarray, embedded: np.ndarray, source: np.ndarray | None = None) -> np.ndarray:
    """The sentence scorer's input (``SCORER_FEATURES``): lexical and embedding features of one
    document's sentences, then the within-document z-scores of the ``DOCREL_KEYS`` columns
    (then ``source``, the article's ``SOURCE_FEATURES``, on every row, when given)."""
    both = np.hstack([lexical, embedded]).astype(np.float32)
    keys = both[:, _DOCREL_COLUMNS]
    z = (keys - keys.mean(axis=0)) / (keys.std(axis=0) + 1e-6) if len(keys) else keys
    return with_source(np.hstack([both, z.astype(np.float32)]), source)


def _trigrams(ts: Sequence[str]) -> set:
    return set(zip(ts, ts[1:], ts[2:]))


def best(scores: np.ndarray, top: int) -> list[int]:
    """The ``top`` best-scored sentences' indices, best first (ties in document order): those candidates are
    made of."""
    return [int(i) for i in np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")[:top]]


def candidates(sentences: Sequence[str], scores: np.ndarray, *, top: int, sizes: Sequence[int],
               words: Sequence[list[str]] | None = None) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """Every set of ``sizes`` sentences among the ``top`` best-scored, and their feature rows (``words``: the
    sentences' ``tokens``, when known).

    Sets are index tuples in document order; rows follow ``CANDIDATE_FEATURES``.
    """
    n = len(sentences)
    scores = np.asarray(scores, dtype=np.float64)
    order = best(scores, top)
    toks = {i: tokens(sentences[i]) if words is None else words[i] for i in order}
    content = {i: {t for t in toks[i] if t not in STOP} for i in order}
    tri = {i: _trigrams(toks[i]) for i in order}
    rank = {i: r for r, i in enumerate(order)}
    ranked = sorted(scores.tolist(), reverse=True)
    gaps = [ranked[j] - ranked[j + 1] if j + 1 < n else 0.0 for j in range(MAX_SIZE)]
    logp = {i: math.log(min(max(scores[i], 1e-6), 1.0)) for i in order}
    log1mp = {i: math.log(min(max(1.0 - scores[i], 1e-6), 1.0)) for i in order}
    all_log1mp = sum(log1mp.values())
    sets, rows = [], []
    for k in sizes:
        for c in itertools.combinations(sorted(order), k):
            sc = sorted((float(scores[i]) for i in c), reverse=True) + [0.0] * (MAX_SIZE - k)
            rk = sorted(rank[i] for i in c) + [-1] * (MAX_SIZE - k)
            length = sum(len(toks[i]) for i in c)
            overlap, shared = 0.0, 0
            for a, b in itertools.combinations(c, 2):
                overlap = max(overlap, len(content[a] & content[b]) / (len(content[a] | content[b]) or 1))
                shared += len(tri[a] & tri[b])
            total = sum(sc)
            rows.append([k, length, abs(length - 55), total, total / k, min(scores[i] for i in c), *sc, *rk,
                         c[0], c[-1], sum(c) / k, 1.0 if c[0] == 0 else 0.0, overlap, shared, n, *gaps,
                         sum(logp[i] for i in c), all_log1mp - sum(log1mp[i] for i in c)])
            sets.append(c)
    return sets, np.array(rows, dtype=np.float32).reshape(len(rows), len(CANDIDATE_FEATURES))
