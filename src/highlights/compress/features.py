"""What the deletion model sees of each token of a parsed sentence: one row of numbers per token.

The row describes the token and its place in the dependency tree: its fine tag and dependency label,
its head's and grandparent's, its neighbours' tags (one-hot columns over the parser's own label
sets), its depth, subtree size and distance to its head, punctuation and brackets around it, and how
often people keep the word and its head's word (``Vocabulary``: keep rates learned from the human
compressions). Everything comes from the sentence alone, so a model trained on single compressed
sentences (Google's corpus) runs the same way on a sentence of an article.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..document import Highlight, Sentence
from ..settings import LEAD_SENTENCES
from ..words import NEGATION, QUANTITY, tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc

TAGS = ("$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "HYPH", "IN", "JJ",
        "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS",
        "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "XX", "_SP",
        "``", "<none>")
DEPS = ("ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass", "case", "cc",
        "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj", "expl", "intj", "mark",
        "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd", "parataxis", "pcomp", "pobj",
        "poss", "preconj", "predet", "prep", "prt", "punct", "quantmod", "relcl", "xcomp", "<none>")
# (name, label set, how to reach the token whose label it is)
ONE_HOT = (("tag", TAGS), ("dep", DEPS), ("head_tag", TAGS), ("head_dep", DEPS), ("grand_dep", DEPS),
           ("prev_tag", TAGS), ("next_tag", TAGS), ("child_dep", DEPS))
NUMERIC = ("position", "index", "length", "depth", "subtree", "subtree_share", "children", "head_distance",
           "is_root", "head_is_root", "before_head", "in_brackets", "in_quotes", "prev_comma", "next_comma",
           "punct", "number", "title", "upper", "chars", "keep_rate", "keep_seen", "head_keep_rate",
           "wide_rate", "wide_count", "prev_wide_rate", "next_wide_rate", "head_wide_rate",
           "subtree_number", "subtree_verb", "subtree_starts", "subtree_ends", "commas", "root_distance",
           "before_root", "negation", "quantity", "sentence_start", "sentence_end", "left_edge", "right_edge",
           "news", "article_count", "in_lead", "in_others", "sentence_index")
_TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
_DEP_INDEX = {d: i for i, d in enumerate(DEPS)}


def names() -> tuple[str, ...]:
    """Every column's name, in order."""
    out = [f"{name}={label}" for name, labels in ONE_HOT for label in labels]
    return (*out, *NUMERIC)


NAMES = names()
_OFFSETS = {}
_at = 0
for _name, _labels in ONE_HOT:
    _OFFSETS[_name] = _at
    _at += len(_labels)
_NUMERIC_AT = {name: _at + j for j, name in enumerate(NUMERIC)}


@dataclass(frozen=True)
class Vocabulary:
    """How often people keep each lowercase word: ``rates`` from the gold compressions (smoothed
    shares), ``wide`` from the 200k lossy training pairs (word -> (smoothed share, log count); their
    words are lowercase with any token holding a digit written "##")."""

    rates: Mapping[str, float] = field(default_factory=dict)
    prior: float = 0.44
    wide: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def rate(self, word: str) -> tuple[float, bool]:
        r = self.rates.get(word)
        return (self.prior, False) if r is None else (r, True)

    def wide_rate(self, word: str) -> tuple[float, float]:
        return self.wide.get(wide_form(word), (self.prior, 0.0))


def wide_form(word: str) -> str:
    """A lowercase word as the lossy pairs write it: "##" for anything with a digit."""
    return "##" if any(c.isdigit() for c in word) else word


@dataclass(frozen=True)
class Context:
    """The article around a sentence, for the columns that tell a highlight's cut from a corpus one:
    how often each word occurs in the article (``counts``, lowercase ``highlights.words.tokens``), the
    words of its first sentences (``lead``) and of the other highlights (``others``), and the
    sentence's index. Without a context (Google's single sentences) those columns are zero and the
    ``news`` column says so, so one model learns both kinds of compression."""

    counts: Mapping[str, int]
    lead: frozenset[str]
    others: frozenset[str]
    index: int


def contexts(text: str, sentences: Sequence[Sentence], highlights: Sequence[Highlight]) -> dict[int, Context]:
    """The ``Context`` of each of an article's highlights that has evidence, by its position in
    ``highlights``: what the compressor gives the model at run time and the trainer at training time."""
    counts = Counter(tokens(text))
    lead = frozenset(w for s in sentences[:LEAD_SENTENCES] for w in tokens(text[s.start:s.end]))
    chosen = [set(tokens(h.text)) for h in highlights]
    return {i: Context(counts, lead, frozenset(w for j, ws in enumerate(chosen) if j != i for w in ws),
                       h.evidence[0].sentence) for i, h in enumerate(highlights) if h.evidence}


def matrix(doc: Doc, vocabulary: Vocabulary, context: Context | None = None) -> np.ndarray:
    """One row of ``NAMES`` per token of ``doc`` (a parsed sentence or several); ``context``: the
    article it comes from, when it is one of a story's highlights. One pass over the tokens, then
    whole columns at a time."""
    n = len(doc)
    X = np.zeros((n, len(NAMES)), dtype=np.float64)
    if not n:
        return X
    toks = [(t.head.i, t.tag_, t.dep_, t.lower_, t.text, t.left_edge.i, t.right_edge.i, t.n_lefts + t.n_rights,
             t.is_punct, t.like_num, t.is_title, t.is_upper) for t in doc]
    heads = [x[0] for x in toks]
    none_tag, none_dep = len(TAGS) - 1, len(DEPS) - 1
    tags = [_TAG_INDEX.get(x[1], none_tag) for x in toks]
    deps = [_DEP_INDEX.get(x[2], none_dep) for x in toks]
    words = [x[3] for x in toks]
    texts = [x[4] for x in toks]
    lo = np.array([x[5] for x in toks])
    hi = np.array([x[6] for x in toks])
    depth = [0] * n
    for i in range(n):  # heads point anywhere, so walk up (trees are shallow; capped for safety)
        j, d = i, 0
        while heads[j] != j and d < n:
            j, d = heads[j], d + 1
        depth[i] = d
    brackets = quotes = 0
    inside_b, inside_q = [0] * n, [0] * n
    for i, t in enumerate(texts):
        if t in ("(", "[", "-LRB-"):
            brackets += 1
        inside_b[i] = int(brackets > 0)
        if t in (")", "]", "-RRB-") and brackets:
            brackets -= 1
        if t in ('"', "``", "''", "\u201c", "\u201d"):
            quotes ^= 1
        inside_q[i] = quotes
    wide = np.array([vocabulary.wide_rate(w) for w in words], dtype=np.float64).reshape(n, 2)
    rates = [vocabulary.rate(w) for w in words]
    number = [x[9] or x[1] == "CD" for x in toks]
    verb = [x[1].startswith("VB") for x in toks]
    idx = np.arange(n)
    h = np.array(heads)
    is_root = h == idx
    prefix_num = np.concatenate([[0], np.cumsum(number)])
    prefix_verb = np.concatenate([[0], np.cumsum(verb)])
    o = _OFFSETS
    tag_arr, dep_arr = np.array(tags), np.array(deps)
    X[idx, o["tag"] + tag_arr] = 1
    X[idx, o["dep"] + dep_arr] = 1
    X[idx, o["head_tag"] + np.where(is_root, none_tag, tag_arr[h])] = 1
    X[idx, o["head_dep"] + np.where(is_root, none_dep, dep_arr[h])] = 1
    X[idx, o["grand_dep"] + np.where(is_root | (h[h] == h), none_dep, dep_arr[h[h]])] = 1
    X[idx, o["prev_tag"] + np.concatenate([[none_tag], tag_arr[:-1]])] = 1
    X[idx, o["next_tag"] + np.concatenate([tag_arr[1:], [none_tag]])] = 1
    children = ~is_root
    X[h[children], o["child_dep"] + dep_arr[children]] = 1
    root = int(np.argmax(is_root)) if is_root.any() else 0
    comma = np.array([t == "," for t in texts])
    size = hi - lo + 1
    columns = {
        "position": idx / n, "index": np.minimum(idx, 60), "length": min(n, 120), "depth": depth,
        "subtree": size, "subtree_share": size / n, "children": [x[7] for x in toks],
        "head_distance": np.clip(h - idx, -30, 30), "is_root": is_root,
        "head_is_root": ~is_root & (h[h] == h), "before_head": idx < h,
        "in_brackets": inside_b, "in_quotes": inside_q,
        "prev_comma": np.concatenate([[False], comma[:-1]]), "next_comma": np.concatenate([comma[1:], [False]]),
        "punct": [x[8] for x in toks], "number": number, "title": [x[10] for x in toks],
        "upper": [x[11] and len(x[4]) > 1 for x in toks], "chars": [min(len(t), 20) for t in texts],
        "keep_rate": [r for r, _ in rates], "keep_seen": [s for _, s in rates],
        "head_keep_rate": np.where(is_root, 1.0, np.array([r for r, _ in rates])[h]),
        "wide_rate": wide[:, 0], "wide_count": wide[:, 1], "head_wide_rate": wide[h, 0],
        "prev_wide_rate": np.concatenate([[-1.0], wide[:-1, 0]]), "next_wide_rate": np.concatenate([wide[1:, 0], [-1.0]]),
        "subtree_number": prefix_num[hi + 1] - prefix_num[lo] > 0,
        "subtree_verb": prefix_verb[hi + 1] - prefix_verb[lo] > 0,
        "subtree_starts": lo == idx, "subtree_ends": hi == idx, "commas": min(int(comma.sum()), 10),
        "root_distance": np.clip(idx - root, -60, 60), "before_root": idx < root,
        "negation": [w in NEGATION for w in words], "quantity": [w in QUANTITY for w in words],
        "sentence_start": idx == 0, "sentence_end": idx == n - 1, "left_edge": lo / n, "right_edge": hi / n,
    }
    if context is not None:
        columns.update(news=1.0, article_count=np.log1p([context.counts.get(w, 0) for w in words]),
                       in_lead=[w in context.lead for w in words], in_others=[w in context.others for w in words],
                       sentence_index=min(context.index, 30))
    a = _NUMERIC_AT
    for name, value in columns.items():
        X[:, a[name]] = np.asarray(value, dtype=np.float64)
    return X


def stack(docs: Sequence[Doc], vocabulary: Vocabulary, contexts: Sequence[Context | None] | None = None
          ) -> np.ndarray:
    """The rows of several docs, one after another."""
    parts = [matrix(d, vocabulary, c) for d, c in zip(docs, contexts or [None] * len(docs))]
    return np.vstack(parts) if parts else np.zeros((0, len(NAMES)))


STACKED = ("p", "p_head", "p_grand", "p_prev", "p_next", "p_subtree_mean", "p_children_min", "p_children_max",
           "p_sentence_mean", "p_rank", "p_above_mean", "p_subtree_low")
LOW = 0.4  # "low" probability, for the share of a subtree a first pass would drop


def stacked(doc: Doc, p: np.ndarray) -> np.ndarray:
    """What a second pass sees of the first pass's keep probabilities ``p``: each token's own, its
    head's, grandparent's, neighbours', children's and subtree's, and where it ranks in the sentence.
    Lets the second pass keep or drop whole phrases together."""
    n = len(doc)
    out = np.zeros((n, len(STACKED)), dtype=np.float64)
    if not n:
        return out
    mean = float(p.mean())
    rank = p.argsort().argsort() / max(n - 1, 1)
    low = np.concatenate([[0], np.cumsum(p < LOW)])
    total = np.concatenate([[0.0], np.cumsum(p)])
    for t in doc:
        i, h = t.i, t.head.i
        g = doc[h].head.i
        lo, hi = t.left_edge.i, t.right_edge.i
        kids = [p[c.i] for c in t.children] or [-1.0]
        size = hi - lo + 1
        out[i] = (p[i], p[h] if h != i else -1.0, p[g] if h != i and g != h else -1.0, p[i - 1] if i else -1.0,
                  p[i + 1] if i + 1 < n else -1.0, (total[hi + 1] - total[lo]) / size, min(kids), max(kids), mean,
                  rank[i], p[i] - mean, (low[hi + 1] - low[lo]) / size)
    return out
