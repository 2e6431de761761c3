"""What the deletion model sees of a candidate subtree: its syntax, size and place (``features``) and
what the rest of the article says about its words (``context_features``)."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Highlight, Sentence
from ..settings import LEAD_SENTENCES, SELECT_WINDOW
from ..words import STOP, tokens
from ..words.idf import Idf
from .syntax import OPENERS, Candidate

if TYPE_CHECKING:
    from spacy.tokens import Span


def word_counts(text: str) -> Counter[str]:
    """How often each lowercase word occurs in the article: a cheap measure of what it is about."""
    return Counter(tokens(text))


def features(c: Candidate, sent: Span, tf: Counter[str]) -> dict[str, float]:
    """What the deletion model sees of a candidate: its syntax, size, place and content."""
    doc = sent.doc
    tok = doc[c.head]
    toks = [doc[i] for i in range(c.lo, c.hi + 1)]
    size, n = len(toks), len(sent)
    before = doc[c.lo - 1].text if c.lo > sent.start else "<s>"
    after = doc[c.hi + 1].text if c.hi + 1 < sent.end else "</s>"
    first = toks[0]
    cue = first.lower_ if first.pos_ in ("ADP", "SCONJ", "CCONJ", "ADV", "PRON") else "other"
    content = [t.lower_ for t in toks if t.lower_ not in STOP and (t.is_alpha or t.like_num)]
    weight = [math.log1p(tf.get(w, 0)) for w in content] or [0.0]
    sent_weight = sum(math.log1p(tf.get(t.lower_, 0)) for t in sent if t.lower_ not in STOP and t.is_alpha)
    f = {
        "dep=" + tok.dep_: 1.0, "headdep=" + tok.head.dep_: 1.0, "pos=" + tok.pos_: 1.0,
        "headpos=" + tok.head.pos_: 1.0, "dep+first=" + tok.dep_ + "|" + cue: 1.0,
        "size": min(size, 30) / 30, "rel": size / n, "size1": size == 1, "size2_4": 2 <= size <= 4,
        "size5_10": 5 <= size <= 10, "size11": size > 10,
        "start": (c.lo - sent.start) / n, "end": (sent.end - 1 - c.hi) / n,
        "atstart": c.lo == sent.start, "atend": c.hi >= sent.end - 2,
        "prevcomma": before in (",", "--"), "nextcomma": after in (",", "--"), "prevparen": before in OPENERS,
        "num": any(t.like_num for t in toks), "propn": sum(t.pos_ == "PROPN" for t in toks) / size,
        "quote": any(t.text in ('"', "``", "''") for t in toks), "verb": any(t.pos_ == "VERB" for t in toks),
        "before_root": c.hi < sent.root.i, "content": sum(t.lower_ not in STOP and t.is_alpha for t in toks) / size,
        "tf_mean": sum(weight) / len(weight), "tf_max": max(weight), "tf_min": min(weight),
        "tf_share": sum(weight) / (1.0 + sent_weight), "no_content": not content, "bias": 1.0,
    }
    return {k: float(v) for k, v in f.items()}


@dataclass(frozen=True)
class Context:
    """What the deletion model knows of the article around a highlight's sentence.

    ``words`` holds the word tokens (``highlights.words.tokens``) of the article's first
    ``SELECT_WINDOW`` sentences; ``chosen`` the sentence indices of all the highlights and
    ``scores`` the selector's score of each (the ranker's probability).
    """

    words: tuple[tuple[str, ...], ...]
    chosen: tuple[int, ...]
    scores: dict[int, float]

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence], highlights: Sequence[Highlight]) -> Context:
        words = tuple(tuple(tokens(text[s.start:s.end])) for s in sentences[:SELECT_WINDOW])
        chosen = tuple(h.evidence[0].sentence for h in highlights if h.evidence)
        return cls(words, chosen, {h.evidence[0].sentence: float(h.score) for h in highlights if h.evidence})

    @cached_property
    def sentence_frequency(self) -> Counter[str]:
        """In how many sentences each word occurs."""
        return Counter(w for ws in self.words for w in set(ws))

    @cached_property
    def bigram_frequency(self) -> Counter[tuple[str, str]]:
        """In how many sentences each pair of adjacent words occurs."""
        return Counter(b for ws in self.words for b in set(zip(ws, ws[1:])))

    def others(self, index: int) -> set[str]:
        """The words of the other highlights' sentences."""
        return {w for j in self.chosen if j != index and j < len(self.words) for w in self.words[j]}

    def lead(self, index: int) -> set[str]:
        """The words of the article's first sentences, this one left out."""
        return {w for j in range(min(LEAD_SENTENCES, len(self.words))) if j != index for w in self.words[j]}


def context_features(c: Candidate, sent: Span, ctx: Context, index: int, idf: Idf) -> dict[str, float]:
    """What the article says about a candidate's words: repeated by the other highlights or the
    lead, by other sentences, rare in general (``idf``: the shipped IDF table), and where its
    sentence sits and how sure the selector was of it. ``index`` is the sentence's index."""
    words = tokens(" ".join(sent.doc[i].text for i in range(c.lo, c.hi + 1)))
    content = [w for w in words if w not in STOP]
    n = max(len(content), 1)
    others, lead, df, bg = ctx.others(index), ctx.lead(index), ctx.sentence_frequency, ctx.bigram_frequency
    idfs = [idf.table.get(w, idf.unseen) for w in content] or [0.0]
    pairs = list(zip(words, words[1:]))
    length = len(ctx.words[index]) if index < len(ctx.words) else len(tokens(sent.text))
    return {
        "x_other_hl": sum(w in others for w in content) / n,
        "x_lead": sum(w in lead for w in content) / n,
        "x_df_mean": sum(max(df[w] - 1, 0) for w in content) / n,
        "x_df_any": float(any(df[w] > 1 for w in content)),
        "x_idf_mean": sum(idfs) / len(idfs), "x_idf_max": max(idfs),
        "x_bigram_rep": sum(bg[b] > 1 for b in pairs) / max(len(pairs), 1),
        "x_sent_pos": min(index, 30) / 30, "x_sent_first": float(index == 0),
        "x_sent_len": min(length, 80) / 80, "x_sent_prob": ctx.scores.get(index, 0.0),
        "x_words": min(len(words), 40) / 40, "x_n_hl": float(len(ctx.chosen)),
    }


def all_features(c: Candidate, sent: Span, tf: Counter[str], ctx: Context, index: int, idf: Idf) -> dict[str, float]:
    """``features`` and ``context_features`` together: one row of the deletion model."""
    return {**features(c, sent, tf), **context_features(c, sent, ctx, index, idf)}


