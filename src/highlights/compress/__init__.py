"""Compression: turn a selected sentence into a short highlight, CNN style.

A sentence is parsed (spaCy); each dependency subtree that could go — appositives, relative
and adverbial clauses, prepositional and participial phrases, conjuncts, interjections — gets a
deletion probability from a small LightGBM model trained on reference highlights
(``training/compressor.py``): would the *whole set of highlights* score higher ROUGE-2 against the
reference bullets without it? The model sees the subtree's syntax, size and place
(``features``) and what the rest of the article says about its words (``context_features``:
whether the other highlights or the lead repeat them, how rare they are, how likely the
selector thought the sentence was). Subtrees are dropped, most deletable first, while their
probability passes the threshold.

Some things are never dropped, whatever the model says (``syntax.py``): negation ("not",
"never", "no"), attribution ("said", "according to", "told") — a contested claim keeps its
source — hedges ("may", "reportedly"), contrast ("but", "instead"), numbers, words inside
quotation marks, and the sentence's root; the word lists are ``highlights.words``'.
Parentheticals always go. A leading "He"/"She" is replaced by the person it refers to when the
preceding sentences name exactly one.

The package: ``syntax.py`` (candidate subtrees, what goes with them, rendering), ``features.py``
(what the deletion model sees), ``model.py`` (the model, from ``models/compress``), and here the
``Compressor`` that runs them.

Evidence stays the whole source sentence (and the sentence that names the person, when a
pronoun was replaced); ``Highlight.spans`` lists the pieces of the article the bullet was
built from, so ``text[start:end]`` of each is a piece of the article.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Article, Evidence, Highlight, Sentence
from ..sentences import is_tokenized
from ..settings import COMPRESS_THRESHOLD
from ..words.idf import Idf
from .features import Context, all_features, word_counts
from .model import DeletionModel
from .syntax import candidates, dropped_tokens, kept_runs, parentheticals, render

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# Compression needs the tagger and parser; the entity recogniser runs only to resolve pronouns.
PARSE_ONLY = ("ner", "lemmatizer")
SUBJECT_PRONOUNS = frozenset({"he", "she"})


class Compressor:
    """Shortens whole-sentence highlights; settings are fixed at construction."""

    name = "compress"

    def __init__(self, *, threshold: float = COMPRESS_THRESHOLD, model: DeletionModel | None = None,
                 models_root: str | Path | None = None):
        # 0.5 drops a subtree when the model expects ROUGE-2 to rise; the default (settings.py) is where
        # bullets come under 20 words with dev ROUGE-2 unchanged (BENCHMARKS.md § Compression).
        self.threshold = threshold
        self.models_root = models_root  # None: the shipped models
        self._model = model
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> DeletionModel:
        return self._model if self._model is not None else DeletionModel.load(self.models_root)

    @cached_property
    def idf(self) -> Idf:
        return Idf.shipped(self.models_root)

    @cached_property
    def nlp(self) -> Language:
        from ..nlp import load

        pipeline: Language = load()
        return pipeline

    def plan(self, sent: Span, tf: Counter[str], ctx: Context, index: int) -> set[int]:
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

    def compress_one(self, article: Article, sentences: Sequence[Sentence], h: Highlight, doc: Doc, tf: Counter[str],
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

    def referent(self, article: Article, sentences: Sequence[Sentence], index: int, sent: Span
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
