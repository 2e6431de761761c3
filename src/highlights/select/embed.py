"""Static sentence embeddings for the ranker: MiniLM's wordpieces, summed.

A sentence vector is the unit-normalised sum of the rows of its wordpieces in a table that
``training/distill.py`` derives from all-MiniLM-L6-v2 once, at training time (each piece embedded
alone, PCA, SIF weights). Cutting text into pieces is BERT's uncased scheme, written here:
lowercase, strip accents, split off punctuation, then greedy longest-match wordpieces against the
shipped ``vocab.txt``. Pieces are memoised per whitespace word, so an article costs about a
millisecond, against a few hundred for the transformer itself.

``embedding_features`` turns a document's sentence vectors into the ranker's 14 embedding
features (similarity to the document, its lead and the other sentences, a PageRank centrality,
and two learned "highlight-worthiness" directions).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

UNKNOWN = "[UNK]"
MAX_WORD = 100  # BERT's limit: longer words become [UNK]
# ASCII punctuation (BERT splits every one off as its own piece) and the runs between them
_ASCII_PUNCTUATION = r"!-/:-@\[-`{-~"
_ASCII_WORDS = re.compile(f"[{_ASCII_PUNCTUATION}]|[^{_ASCII_PUNCTUATION}]+")
_PTB = {"``": '"', "''": '"', "-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}"}

EMBEDDING_FEATURES = (
    "e_cos_centroid", "e_cos_lead3", "e_cos_first", "e_cos_rest", "e_max_sim", "e_mean_sim", "e_pagerank",
    "e_rank_centroid", "e_centroid_minus_max", "e_dir", "e_dir_rank", "e_dir_minus_max", "e_dir_doc",
    "e_dir_doc_rank",
)
DIRECTIONS = ("sentence", "sentence_x_doc")  # the learned directions, on S and on S * centroid


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def basic_words(word: str) -> list[str]:
    """BERT's uncased pre-tokenisation of one whitespace-free word.

    >>> basic_words("Lobo's"), basic_words("Café!"), basic_words("u.s.")
    (['lobo', "'", 's'], ['cafe', '!'], ['u', '.', 's', '.'])
    """
    if word.isascii() and word.isprintable():
        # most words: the same answer without the walk over Unicode categories (nothing to strip or drop)
        return _ASCII_WORDS.findall(word.lower())
    return _walk(word)


def _walk(word: str) -> list[str]:
    """``basic_words`` for any word, a character at a time."""
    text = unicodedata.normalize("NFD", word.lower())
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn" or ch in "\x00\ufffd" or (cat.startswith("C") and ch not in "\t\n\r"):
            continue
        if _is_punctuation(ch) or _is_cjk(ord(ch)):
            if current:
                out.append("".join(current))
                current = []
            out.append(ch)
        else:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


class WordPieces:
    """Text to wordpiece ids with a fixed vocabulary (BERT's uncased WordPiece)."""

    def __init__(self, vocab: Sequence[str]):
        self.vocab = list(vocab)
        self.ids = {piece: i for i, piece in enumerate(self.vocab)}
        self.unknown = self.ids[UNKNOWN]
        self._memo: dict[str, list[int]] = {}

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD:
            return [self.unknown]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    out.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unknown]  # no piece matches: the whole word is unknown, as in BERT
            start = end
        return out

    def word(self, word: str) -> list[int]:
        """Ids of one whitespace-delimited word (memoised; PTB bracket tokens read as brackets)."""
        ids = self._memo.get(word)
        if ids is None:
            if len(self._memo) > 500_000:  # bound the memory of a long-running service
                self._memo.clear()
            ids = [i for w in basic_words(_PTB.get(word, word)) for i in self._pieces(w)]
            self._memo[word] = ids
        return ids

    def __call__(self, text: str) -> list[int]:
        """
        >>> WordPieces(["[UNK]", "play", "##ing", "!", "the"])("The playing! xyz")
        [4, 1, 2, 3, 0]
        """
        return [i for w in text.split() for i in self.word(w)]


class Embedder:
    """Sentence vectors: unit-normalised sums of wordpiece rows of a static table."""

    def __init__(self, pieces: WordPieces, table: np.ndarray):
        if table.shape[0] != len(pieces.vocab):
            raise ValueError(f"the table has {table.shape[0]} rows for {len(pieces.vocab)} wordpieces")
        self.pieces = pieces
        self.table = np.asarray(table, dtype=np.float32)

    @classmethod
    def shipped(cls, root: str | Path | None = None) -> Embedder:
        """The ranker model's table (``models/ranker``: ``vocab.txt``, ``wordpieces.npy``), loaded once and
        checked by ``highlights.models``; for users of the vectors alone, such as story clustering."""
        from .. import models

        key = str(root)
        if key not in _shipped:
            model = models.load("ranker", root)
            with model.path("wordpieces.npy").open("rb") as fh:
                _shipped[key] = cls(WordPieces(model.text("vocab.txt").splitlines()), np.load(fh, allow_pickle=False))
        return _shipped[key]

    @property
    def dims(self) -> int:
        return int(self.table.shape[1])

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dims) unit vectors; a sentence without pieces gets zeros."""
        ids = [self.pieces(t) for t in texts]
        lengths = np.array([len(i) for i in ids], dtype=np.int64)
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        if lengths.sum():
            rows = self.table[np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))]
            nonempty = lengths > 0
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
            out[nonempty] = np.add.reduceat(rows, starts, axis=0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


_shipped: dict[str, Embedder] = {}

Directions = dict[str, tuple[np.ndarray, float]]  # name -> (weights, bias) of a linear score


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def rank01(x: np.ndarray) -> np.ndarray:
    """Each value's rank from the largest, scaled to [0, 1] (0 = largest; stable for ties)."""
    n = len(x)
    if n <= 1:
        return np.zeros(n)
    ranks = np.empty(n)
    ranks[np.argsort(-x, kind="stable")] = np.arange(n)
    return ranks / (n - 1)


def pagerank(sim: np.ndarray, damping: float = 0.85, iterations: int = 30) -> np.ndarray:
    """PageRank over the positive similarities between sentences, scaled so the mean is 1."""
    n = sim.shape[0]
    w = np.clip(sim, 0.0, None)
    np.fill_diagonal(w, 0.0)
    totals = w.sum(axis=1, keepdims=True)
    walk = np.where(totals > 0, w / np.maximum(totals, 1e-12), 1.0 / n)
    r = np.full(n, 1.0 / n)
    for _ in range(iterations):
        r = (1 - damping) / n + damping * (r @ walk)
    return r * n


def direction_inputs(vectors: np.ndarray) -> dict[str, np.ndarray]:
    """What each learned direction reads: the sentence vector, and its product with the doc centroid."""
    return {"sentence": vectors, "sentence_x_doc": vectors * _unit(vectors.mean(axis=0))}


def embedding_features(vectors: np.ndarray, directions: Directions | None) -> np.ndarray:
    """The 14 ``EMBEDDING_FEATURES`` of each sentence from the document's sentence vectors.

    Without ``directions`` (while they are being fitted) their five columns stay 0.
    """
    n = vectors.shape[0]
    f = np.zeros((n, len(EMBEDDING_FEATURES)), dtype=np.float32)
    if n == 0:
        return f
    centroid = _unit(vectors.sum(axis=0))
    sim = vectors @ vectors.T
    f[:, 0] = vectors @ centroid
    f[:, 1] = vectors @ _unit(vectors[:3].sum(axis=0))
    f[:, 2] = sim[:, 0]
    rest = vectors.sum(axis=0)[None, :] - vectors
    f[:, 3] = (rest * vectors).sum(axis=1) / np.maximum(np.linalg.norm(rest, axis=1), 1e-9)
    if n > 1:
        f[:, 4] = (sim - 2 * np.eye(n)).max(axis=1)
        f[:, 5] = (sim.sum(axis=1) - 1) / (n - 1)
        f[:, 6] = pagerank(sim)
    f[:, 7] = rank01(f[:, 0])
    f[:, 8] = f[:, 0] - f[:, 0].max()
    if directions is not None:
        inputs = direction_inputs(vectors)
        weights, bias = directions["sentence"]
        z = inputs["sentence"] @ weights + bias
        f[:, 9], f[:, 10], f[:, 11] = z, rank01(z), z - z.max()
        weights, bias = directions["sentence_x_doc"]
        z = inputs["sentence_x_doc"] @ weights + bias
        f[:, 12], f[:, 13] = z, rank01(z)
    return f
