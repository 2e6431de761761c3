"""What the deletion model sees of each token of a parsed sentence: one row of numbers per token.

The row describes the token and its place in the dependency tree: its fine tag and dependency label,
its head's and grandparent's, its neighbours' tags (one-hot columns over the parser's own label
sets), its depth, subtree size and distance to its head, punctuation and brackets around it, and how
often people keep the word and its head's word (``Vocabulary``: keep rates learned from the human
compressions). Everything comes from the sentence alone, so a model trained on single compressed
sentences (Google's corpus) runs the same way on a sentence of an article.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..words import NEGATION, QUANTITY

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


def matrix(doc: Doc, vocabulary: Vocabulary, context: Context | None = None) -> np.ndarray:
    """One row of ``NAMES`` per token of ``doc`` (a parsed sentence or several); ``context``: the
    article it comes from, when it is one of a story's highlights."""
    n = len(doc)
    X = np.zeros((n, len(NAMES)), dtype=np.float64)
    if not n:
        return X
    heads = [t.head.i for t in doc]
    tags = [_TAG_INDEX.get(t.tag_, len(TAGS) - 1) for t in doc]
    deps = [_DEP_INDEX.get(t.dep_, len(DEPS) - 1) for t in doc]
    none_tag, none_dep = len(TAGS) - 1, len(DEPS) - 1
    depth = [0] * n
    for i in range(n):  # heads point anywhere, so walk up (trees are shallow; capped for safety)
        j, d = i, 0
        while heads[j] != j and d < n:
            j, d = heads[j], d + 1
        depth[i] = d
    brackets = quotes = 0
    inside_b, inside_q = [0] * n, [0] * n
    for i, t in enumerate(doc):
        if t.text in ("(", "[", "-LRB-"):
            brackets += 1
        inside_b[i] = int(brackets > 0)
        if t.text in (")", "]", "-RRB-") and brackets:
            brackets -= 1
        if t.text in ('"', "``", "''", "\u201c", "\u201d"):
            quotes ^= 1
        inside_q[i] = quotes
    commas = sum(t.text == "," for t in doc)
    words = [t.lower_ for t in doc]
    wide = [vocabulary.wide_rate(w) for w in words]
    number = [t.like_num or t.tag_ == "CD" for t in doc]
    verb = [t.tag_.startswith("VB") for t in doc]
    rows = np.arange(n)
    prefix_num = np.concatenate([[0], np.cumsum(number)])
    prefix_verb = np.concatenate([[0], np.cumsum(verb)])
    o = _OFFSETS
    X[rows, o["tag"] + np.array(tags)] = 1
    X[rows, o["dep"] + np.array(deps)] = 1
    X[rows, o["head_tag"] + np.array([tags[h] if h != i else none_tag for i, h in enumerate(heads)])] = 1
    X[rows, o["head_dep"] + np.array([deps[h] if h != i else none_dep for i, h in enumerate(heads)])] = 1
    X[rows, o["grand_dep"] + np.array([deps[heads[h]] if h != i and heads[h] != h else none_dep
                                        for i, h in enumerate(heads)])] = 1
    X[rows, o["prev_tag"] + np.array([tags[i - 1] if i else none_tag for i in range(n)])] = 1
    X[rows, o["next_tag"] + np.array([tags[i + 1] if i + 1 < n else none_tag for i in range(n)])] = 1
    for t in doc:
        for c in t.children:
            X[t.i, o["child_dep"] + deps[c.i]] = 1
    root = next((t.i for t in doc if t.head.i == t.i), 0)
    a = _NUMERIC_AT
    for i, t in enumerate(doc):
        lo, hi = t.left_edge.i, t.right_edge.i
        keep, seen = vocabulary.rate(words[i])
        head_keep, _ = vocabulary.rate(words[heads[i]]) if heads[i] != i else (1.0, True)
        values = {
            "position": i / n, "index": min(i, 60), "length": min(n, 120), "depth": depth[i],
            "subtree": hi - lo + 1, "subtree_share": (hi - lo + 1) / n, "children": t.n_lefts + t.n_rights,
            "head_distance": max(-30, min(30, heads[i] - i)), "is_root": heads[i] == i,
            "head_is_root": heads[i] != i and heads[heads[i]] == heads[i], "before_head": i < heads[i],
            "in_brackets": inside_b[i], "in_quotes": inside_q[i],
            "prev_comma": i > 0 and doc[i - 1].text == ",", "next_comma": i + 1 < n and doc[i + 1].text == ",",
            "punct": t.is_punct, "number": number[i], "title": t.is_title, "upper": t.is_upper and len(t) > 1,
            "chars": min(len(t), 20), "keep_rate": keep, "keep_seen": seen, "head_keep_rate": head_keep,
            "wide_rate": wide[i][0], "wide_count": wide[i][1], "head_wide_rate": wide[heads[i]][0],
            "prev_wide_rate": wide[i - 1][0] if i else -1.0, "next_wide_rate": wide[i + 1][0] if i + 1 < n else -1.0,
            "subtree_number": prefix_num[hi + 1] - prefix_num[lo] > 0,
            "subtree_verb": prefix_verb[hi + 1] - prefix_verb[lo] > 0,
            "subtree_starts": lo == i, "subtree_ends": hi == i, "commas": min(commas, 10),
            "root_distance": max(-60, min(60, i - root)), "before_root": i < root,
            "negation": words[i] in NEGATION, "quantity": words[i] in QUANTITY,
            "sentence_start": i == 0, "sentence_end": i == n - 1, "left_edge": lo / n, "right_edge": hi / n,
        }
        if context is not None:
            w = words[i]
            values.update(news=1.0, article_count=np.log1p(context.counts.get(w, 0)), in_lead=w in context.lead,
                          in_others=w in context.others, sentence_index=min(context.index, 30))
        for name, value in values.items():
            X[i, a[name]] = float(value)
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
