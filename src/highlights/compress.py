"""Compression: turn a selected sentence into a short highlight, CNN style.

A sentence is parsed (spaCy); each dependency subtree that could go — appositives, relative
and adverbial clauses, prepositional and participial phrases, conjuncts, interjections — gets a
deletion probability from a small LightGBM model trained on reference highlights
(``compress_train.py``): would the *whole set of highlights* score higher ROUGE-2 against the
reference bullets without it? The model sees the subtree's syntax, size and place
(``features``) and what the rest of the article says about its words (``context_features``:
whether the other highlights or the lead repeat them, how rare they are, how likely the
selector thought the sentence was). Subtrees are dropped, most deletable first, while their
probability passes the threshold.

Some things are never dropped, whatever the model says: negation ("not", "never", "no"),
attribution ("said", "according to", "told") — a contested claim keeps its source — numbers,
contrast ("but", "instead"), words inside quotation marks, and the sentence's root. Parentheticals always go. A leading "He"/"She" is replaced by the person it
refers to when the preceding sentences name exactly one.

Evidence stays the whole source sentence (and the sentence that names the person, when a
pronoun was replaced); ``Highlight.spans`` lists the pieces of the article the bullet was
built from, so ``text[start:end]`` of each is a piece of the article.
"""
from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from .model import Article, Evidence, Highlight, Sentence
from .select.features import STOP, tokens
from .sentences import is_tokenized

if TYPE_CHECKING:
    from .select.trees import Forest

MODEL_FILE = "compress.json"
FOREST_FILE = "compress.txt"
CONTEXT_SENTENCES = 50  # the sentences the context features look at: those the ranker reads
LEAD = 3
CANDIDATE_DEPS = frozenset("appos relcl advcl prep npadvmod acl conj parataxis intj".split())
NEGATION = frozenset("not n't no never nobody nothing none neither nor without cannot".split())
ATTRIBUTION = frozenset(
    "said say says saying told tell tells according reported reports reportedly claimed claims alleged "
    "allegedly announced added stated confirmed".split()
)
# Compression needs the tagger and parser; the entity recogniser runs only to resolve pronouns.
PARSE_ONLY = ("ner", "lemmatizer")
# Contrast turns a claim around ("thought he drew his Taser, but instead shot"): never cut it off.
CONTRAST = frozenset("but instead yet although though despite however whereas rather".split())
KEEP = NEGATION | ATTRIBUTION | CONTRAST
OPENERS = frozenset({"(", "-lrb-", "["})
CLOSERS = frozenset({")", "-rrb-", "]"})
QUOTES = frozenset({'"', "``", "''", "“", "”"})
SUBJECT_PRONOUNS = frozenset({"he", "she"})
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    """A subtree that may be dropped: its head token and the token range [lo, hi] it covers."""

    head: int
    lo: int
    hi: int


def word_counts(text: str) -> Counter:
    """How often each lowercase word occurs in the article: a cheap measure of what it is about."""
    return Counter(_WORD.findall(text.lower()))


def quoted(sent) -> set[int]:
    """Tokens inside quotation marks, the marks included: direct quotes are never edited."""
    inside, depth = set(), 0
    for tok in sent:
        t = tok.text
        opens = t in ("``", "“") or (t == '"' and depth == 0)
        closes = t in ("''", "”") or (t == '"' and depth > 0)
        if opens and not closes:
            depth += 1
        if depth or t in QUOTES:
            inside.add(tok.i)
        if closes and depth:
            depth -= 1
    return inside


_TRAILING = frozenset({",", ".", ";", ":", "!", "?", ")", "''", '"', "'s", "n't", "'"})


def _splits_a_word(sent, lo: int, hi: int) -> bool:
    """Whether the subtree starts or ends inside a hyphenated or glued word ("mother-of-four")."""
    doc = sent.doc
    glued_before = lo > sent.start and not doc[lo - 1].whitespace_ and doc[lo - 1].text not in ("(", '"', "``")
    glued_after = hi + 1 < sent.end and not doc[hi].whitespace_ and doc[hi + 1].text not in _TRAILING
    return glued_before or glued_after or doc[lo].text == "-" or doc[hi].text == "-"


def candidates(sent) -> list[Candidate]:
    """Subtrees of a parsed sentence (a spaCy Span) that compression may drop."""
    protected = quoted(sent)
    out = []
    for tok in sent:
        if tok.dep_ not in CANDIDATE_DEPS or tok.i == sent.root.i:
            continue
        lo, hi = tok.left_edge.i, tok.right_edge.i
        span = range(lo, hi + 1)
        words = {sent.doc[i].lower_ for i in span}
        if words & KEEP or any(i in protected for i in span) or _splits_a_word(sent, lo, hi):
            continue
        if any(sent.doc[i].like_num or sent.doc[i].pos_ == "NUM" for i in span):
            continue  # numbers are the facts readers check first; they stay, with their units
        if tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX") and tok.i == tok.head.i + 1 and not any(
                c.dep_ in ("dobj", "attr", "acomp") for c in tok.head.children):
            continue  # the verb's own complement: "ordered from their homes", "looking into whether"
        if tok.dep_ == "prep" and tok.head.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "NOUN":
            continue  # what the subject is: "days of heavy rain pushed ..."
        if any(a.lower_ in ATTRIBUTION for a in tok.ancestors if a.i != sent.root.i):
            continue  # part of "according to the National Weather Service": the source stays whole
        out.append(Candidate(tok.i, lo, hi))
    return out


def features(c: Candidate, sent, tf: Counter) -> dict[str, float]:
    """What the deletion model sees of a candidate: its syntax, size, place and content."""
    doc = sent.doc
    tok = doc[c.head]
    toks = [doc[i] for i in range(c.lo, c.hi + 1)]
    size, n = len(toks), len(sent)
    before = doc[c.lo - 1].text if c.lo > sent.start else "<s>"
    after = doc[c.hi + 1].text if c.hi + 1 < sent.end else "</s>"
    first = toks[0]
    cue = first.lower_ if first.pos_ in ("ADP", "SCONJ", "CCONJ", "ADV", "PRON") else "other"
    content = [t.lower_ for t in toks if not t.is_stop and (t.is_alpha or t.like_num)]
    weight = [math.log1p(tf.get(w, 0)) for w in content] or [0.0]
    sent_weight = sum(math.log1p(tf.get(t.lower_, 0)) for t in sent if not t.is_stop and t.is_alpha)
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
        "before_root": c.hi < sent.root.i, "content": sum(not t.is_stop and t.is_alpha for t in toks) / size,
        "tf_mean": sum(weight) / len(weight), "tf_max": max(weight), "tf_min": min(weight),
        "tf_share": sum(weight) / (1.0 + sent_weight), "no_content": not content, "bias": 1.0,
    }
    return {k: float(v) for k, v in f.items()}


@dataclass(frozen=True)
class Context:
    """What the deletion model knows of the article around a highlight's sentence.

    ``words`` holds the word tokens (``select.features.tokens``) of the article's first
    ``CONTEXT_SENTENCES`` sentences; ``chosen`` the sentence indices of all the highlights and
    ``scores`` the selector's score of each (the ranker's probability).
    """

    words: tuple[tuple[str, ...], ...]
    chosen: tuple[int, ...]
    scores: dict[int, float]

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence], highlights: Sequence[Highlight]) -> "Context":
        words = tuple(tuple(tokens(text[s.start:s.end])) for s in sentences[:CONTEXT_SENTENCES])
        chosen = tuple(h.evidence[0].sentence for h in highlights if h.evidence)
        return cls(words, chosen, {h.evidence[0].sentence: float(h.score) for h in highlights if h.evidence})

    @cached_property
    def sentence_frequency(self) -> Counter:
        """In how many sentences each word occurs."""
        return Counter(w for ws in self.words for w in set(ws))

    @cached_property
    def bigram_frequency(self) -> Counter:
        """In how many sentences each pair of adjacent words occurs."""
        return Counter(b for ws in self.words for b in set(zip(ws, ws[1:])))

    def others(self, index: int) -> set[str]:
        """The words of the other highlights' sentences."""
        return {w for j in self.chosen if j != index and j < len(self.words) for w in self.words[j]}

    def lead(self, index: int) -> set[str]:
        """The words of the article's first sentences, this one left out."""
        return {w for j in range(min(LEAD, len(self.words))) if j != index for w in self.words[j]}


def context_features(c: Candidate, sent, ctx: Context, index: int, idf) -> dict[str, float]:
    """What the article says about a candidate's words: repeated by the other highlights or the
    lead, by other sentences, rare in general (``idf``: the ranker's table), and where its
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


def all_features(c: Candidate, sent, tf: Counter, ctx: Context, index: int, idf) -> dict[str, float]:
    """``features`` and ``context_features`` together: one row of the deletion model."""
    return {**features(c, sent, tf), **context_features(c, sent, ctx, index, idf)}


def dropped_tokens(c: Candidate, sent) -> set[int]:
    """The candidate's tokens plus the punctuation and conjunction that only it needed.

    "Lobo, 55, was shot" loses both commas with its appositive; "X, and Y" loses ", and" with
    its conjunct; "In Paris, police ..." loses the comma after an opening phrase; a phrase in the
    middle of a clause leaves the commas around it alone.
    """
    doc = sent.doc
    head = doc[c.head]
    drop = set(range(c.lo, c.hi + 1))
    sep = (",", "--", ";")
    before = c.lo - 1 if c.lo > sent.start and doc[c.lo - 1].text in sep else None
    after = c.hi + 1 if c.hi + 1 < sent.end and doc[c.hi + 1].text in sep else None
    at_end = c.hi + 1 >= sent.end or doc[c.hi + 1].is_punct and doc[c.hi + 1].text in ".!?"
    if head.dep_ == "conj":
        i = c.lo - 1
        if i >= sent.start and doc[i].dep_ in ("cc", "preconj"):
            drop.add(i)
            i -= 1
        if i >= sent.start and doc[i].text in sep:
            drop.add(i)
        return drop
    if c.lo == sent.start:
        if after is not None:
            drop.add(after)
    elif before is not None and (at_end or after is not None):
        drop.add(before)
        following = doc[after + 1] if after is not None and after + 1 < sent.end else None
        if following is not None and following.pos_ in ("AUX", "VERB"):
            drop.add(after)  # "Lobo, 55, was shot": the aside goes with both commas
    return drop


def parentheticals(sent) -> set[int]:
    """Tokens inside brackets, brackets included."""
    drop, depth = set(), 0
    for tok in sent:
        if tok.text in OPENERS:
            depth += 1
        if depth:
            drop.add(tok.i)
        if tok.text in CLOSERS and depth:
            depth -= 1
    return drop if len(drop) < len(sent) - 2 else set()


def kept_runs(sent, drop: set[int]) -> list[tuple[int, int]]:
    """Contiguous runs [first, last] of kept tokens, skipping stray leading punctuation."""
    runs: list[list[int]] = []
    for tok in sent:
        if tok.i in drop:
            continue
        if not runs and (tok.is_punct and tok.text not in ('"', "``", "'")):
            continue
        if runs and runs[-1][1] == tok.i - 1:
            runs[-1][1] = tok.i
        else:
            runs.append([tok.i, tok.i])
    return [(a, b) for a, b in runs]


def render(sent, runs: list[tuple[int, int]]) -> str:
    """The highlight text of the kept runs, with spacing and punctuation tidied."""
    doc = sent.doc
    parts = []
    for a, b in runs:
        parts.append(doc[a:b + 1].text)
    text = " ".join(p.strip() for p in parts if p.strip())
    text = re.sub(r"\s+([,.;:!?](?:\s|$))", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*(?=[.!?]?$)", "", text).strip()
    text = re.sub(r"^[,;:\-\s]+", "", text)
    if text and text[0].isalpha() and sent.text[:1].isupper():
        text = text[0].upper() + text[1:]
    return text


@dataclass(frozen=True)
class DeletionModel:
    """The trained deletion model: a LightGBM forest over named features (``select.trees.Forest``)."""

    forest: "Forest"
    names: tuple[str, ...]

    @cached_property
    def columns(self) -> dict[str, int]:
        return {name: j for j, name in enumerate(self.names)}

    @classmethod
    def load(cls) -> "DeletionModel":
        from .select.trees import Forest

        models = resources.files("highlights.models")
        meta = json.loads(models.joinpath(MODEL_FILE).read_text(encoding="utf-8"))
        return cls(Forest(models.joinpath(FOREST_FILE).read_text(encoding="utf-8")), tuple(meta["features"]))

    def matrix(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """The rows as the forest's dense input; features it was not trained with are ignored."""
        X = np.zeros((len(rows), len(self.names)), dtype=np.float64)
        for r, row in enumerate(rows):
            for name, value in row.items():
                j = self.columns.get(name)
                if j is not None:
                    X[r, j] = value
        return X

    def probabilities(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return self.forest.predict(self.matrix(rows)) if rows else np.zeros(0)


class Compressor:
    """Shortens whole-sentence highlights; settings are fixed at construction."""

    name = "compress"

    def __init__(self, *, threshold: float = 0.45, model: DeletionModel | None = None):
        # 0.5 drops a subtree when the model expects ROUGE-2 to rise; 0.45 brings bullets under 20 words
        # with dev ROUGE-2 unchanged (BENCHMARKS.md § Compression has the other thresholds).
        self.threshold = threshold
        self._model = model
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> DeletionModel:
        return self._model if self._model is not None else DeletionModel.load()

    @cached_property
    def idf(self):
        from .select.ranker import load_model

        return load_model().idf

    @cached_property
    def nlp(self):
        from .nlp import load

        return load()

    def plan(self, sent, tf: Counter, ctx: Context, index: int) -> set[int]:
        """The token indices to drop from one parsed sentence, the ``index``-th of its article."""
        drop = parentheticals(sent)
        found = candidates(sent)
        probs = self.model.probabilities([all_features(c, sent, tf, ctx, index, self.idf) for c in found])
        for p, c in sorted(zip(probs.tolist(), found), key=lambda pc: (-pc[0], pc[1].lo)):
            if p < self.threshold:
                break
            span = set(range(c.lo, c.hi + 1))
            if span <= drop or sent.root.i in span:
                continue
            new = dropped_tokens(c, sent) - drop
            if sum(1 for t in sent if not t.is_punct and t.i not in drop | new) < 4:
                continue  # too little would be left to make a claim
            drop |= new
        return drop

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: Sequence[Highlight]
                 ) -> list[Highlight]:
        """The highlights, each compressed from its (single) evidence sentence."""
        todo = [i for i, h in enumerate(highlights) if len(h.evidence) == 1]
        out = list(highlights)
        if not todo:
            return out
        tf = word_counts(article.text)
        ctx = Context.of(article.text, sentences, highlights)
        texts = [article.text[out[i].evidence[0].start:out[i].evidence[0].end] for i in todo]
        with self._lock:  # spaCy pipelines are not safe to share across threads mid-call
            docs = list(self.nlp.pipe(texts, disable=PARSE_ONLY))
        for i, doc in zip(todo, docs):
            out[i] = self.compress_one(article, sentences, out[i], doc, tf, ctx)
        return out

    def compress_one(self, article: Article, sentences: Sequence[Sentence], h: Highlight, doc, tf: Counter,
                     ctx: Context) -> Highlight:
        sent = doc[:]
        drop = self.plan(sent, tf, ctx, h.evidence[0].sentence)
        runs = kept_runs(sent, drop)
        if not runs:
            return h
        ev = h.evidence[0]
        base = ev.start
        spans = tuple((base + doc[a].idx, base + doc[b].idx + len(doc[b].text)) for a, b in runs)
        evidence = h.evidence
        text = render(sent, runs)
        referent = self.referent(article, sentences, ev.sentence, sent) if runs[0][0] == sent.start else None
        if referent is not None:
            name, (start, end), named_in = referent
            pronoun = doc[sent.start]
            text = name + text[len(pronoun.text):]
            first = (spans[0][0] + len(pronoun.text) + 1, spans[0][1])
            spans = ((start, end), *((first,) if first[1] > first[0] else ()), *spans[1:])
            s = sentences[named_in]
            evidence = (Evidence(s.index, s.start, s.end), *evidence)
        if text == h.text:
            return h
        return replace(h, text=text, evidence=evidence, spans=spans)

    def referent(self, article: Article, sentences: Sequence[Sentence], index: int, sent
                 ) -> tuple[str, tuple[int, int], int] | None:
        """The person a leading "He"/"She" stands for, when the previous sentences name exactly one:
        the name, its span in the article, and the index of the sentence that names it."""
        first = sent[0]
        if first.lower_ not in SUBJECT_PRONOUNS or not first.dep_.startswith("nsubj") or index == 0:
            return None
        if is_tokenized(article.text):
            return None  # lowercase text leaves the entity recogniser nothing to go on
        window = [s for s in sentences[max(0, index - 3):index]]
        with self._lock:
            docs = list(self.nlp.pipe(article.text[s.start:s.end] for s in window))
        people: dict[str, tuple[tuple[int, int], int]] = {}
        for s, d in zip(window, docs):
            for ent in d.ents:
                if ent.label_ == "PERSON" and len(ent) >= 2:
                    people.setdefault(ent.text, ((s.start + ent.start_char, s.start + ent.end_char), s.index))
        surnames = {name.split()[-1] for name in people}
        if len(surnames) != 1:
            return None  # nobody named, or more than one person: the referent is not clear
        name, (span, named_in) = next(iter(people.items()))
        return name, span, named_in
