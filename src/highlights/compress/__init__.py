"""Compression: turn a selected sentence into a short highlight, by deleting what people delete.

Each highlight's sentence is parsed (``nlp.tagged``: tagger and dependency parser only). A token-level
model (``model``; trained by ``training/compressor.py`` on Google's human compressions and on the
ranker's highlights of CNN/DailyMail articles, told apart by the article context the highlights
have) gives each token the probability it is kept; ``syntax.plan`` walks the dependency tree from
the root and drops each clause, aside or adjunct whose head falls under the threshold, unless the
deletion check forbids it. The threshold comes from a *rate*, the share of tokens to keep:
Google's annotators keep about 45%, the pipeline keeps ``settings.COMPRESS_RATE``.

The deletion check (``safety.changes``) vetoes any cut that would change a figure, a negation or
hedge, a quotation, an attribution, a contrast, a name, a required argument or a restriction; only
clauses, asides and adjuncts are ever candidates (``syntax.CUT_DEPS``). Each compressed highlight
records the check's findings on its own deletion (``Highlight.deletion``: none, by construction) and
the pipeline's verdict is the check's. Parentheticals always go. A leading "He"/"She" is replaced by
the person it refers to when the preceding sentences name exactly one.

Evidence stays the whole source sentence (and the sentence that names the person, when a pronoun
was replaced); ``Highlight.spans`` lists the pieces of the article the bullet was built from, so
``text[start:end]`` of each is a piece of the article.

Work is linear in sentence length: only the selected sentences of at least ``MIN_WORDS`` words are
parsed, in one batch, and the model's forests run once per article; a sentence longer than
``MAX_TOKENS`` tokens is left whole without being parsed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import Article, Evidence, Highlight, Problem, Sentence
from ..nlp import CACHE_SIZE
from ..nlp import tagged as parse
from ..select.standalone import FINITE_TAGS, SUBJECT_PRONOUNS, complete, connective_end, connective_words, dangling
from ..select.standalone import referent as resolve
from ..settings import COMPRESS_RATE
from .deletion import DeletionModel
from .features import Context, contexts
from .safety import changes
from .syntax import kept_runs, parentheticals, plan, render

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_TOKENS = 120  # longer "sentences" are lists or run-ons the parser gets wrong: left whole
MIN_WORDS = 10  # shorter sentences are short enough already (only a leading "He"/"She" is resolved)
# sentences parsed in one call by ``parse_ahead``: spaCy's cost per call shared by a few articles (an article's picks
# alone: 7.4-8.0 ms an article; 12 a call: 5.2-6.0; 24: 4.8-5.9 for twice the memory over one at a time, 10 MiB)
AHEAD = 12


class Compressor:
    """Shortens whole-sentence highlights; settings are fixed at construction.

    ``rate`` is the share of tokens the model should keep (the knob: 0.44 is Google's gold, the
    default reads best as a highlight); ``threshold`` sets the keep probability under which a phrase
    goes directly instead. ``check=False`` is the model alone, without the rules and the deletion
    check, for measuring it against the corpus; the pipeline never turns it off.
    """

    name = "compress"

    def __init__(self, *, rate: float = COMPRESS_RATE, check: bool = True, threshold: float | None = None,
                 model: DeletionModel | None = None, models_root: str | Path | None = None):
        self.rate = rate
        self.check = check
        self._threshold = threshold  # set: used as is, the rate ignored
        self.models_root = models_root  # None: the shipped models
        self._model = model

    @cached_property
    def model(self) -> DeletionModel:
        return self._model if self._model is not None else DeletionModel.load(self.models_root)

    def threshold(self, *, news: bool) -> float:
        """The keep probability under which a phrase goes: for a story's highlights (``news``) or for
        single sentences."""
        if self._threshold is not None:
            return self._threshold
        return self.model.threshold(self.rate, check=self.check, news=news)

    def drops(self, doc: Doc, context: Context | None = None, keep: Sequence[float] | None = None) -> set[int]:
        """The token indices to drop from one parsed sentence (a whole doc), one of an article's
        highlights when ``context`` is given; ``keep``: the model's probabilities, when already known."""
        if keep is None:
            keep = self.model.keep_probabilities(doc, context).tolist()
        return plan(doc[:], keep, self.threshold(news=context is not None), check=self.check)

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: Sequence[Highlight]
                 ) -> list[Highlight]:
        """The highlights, each compressed from its (single) evidence sentence."""
        out = list(highlights)
        todo = self._to_parse(article, highlights)
        if not todo:
            return out
        around = contexts(article.text, sentences, highlights)
        docs = parse([text for _, text in todo])
        jobs = [(i, doc) for (i, _), doc in zip(todo, docs) if len(doc) <= MAX_TOKENS]
        cut = [(i, doc) for i, doc in jobs if self._cuttable(doc)]
        probabilities = dict(zip((i for i, _ in cut),
                                 self.model.keep_probabilities_of([d for _, d in cut], [around[i] for i, _ in cut])))
        for i, doc in jobs:
            keep = probabilities.get(i)
            out[i] = self.compress_one(article, sentences, out[i], doc, around[i],
                                       None if keep is None else keep.tolist())
        return out

    def parse_ahead(self, work: Iterable[tuple[Article, Sequence[Highlight]]]) -> None:
        """Parse now, ``AHEAD`` at a time, the sentences that ``__call__`` will parse for the highlights of
        several articles: most of a few sentences' parse is spaCy's cost per call, which a batch pays once,
        and ``nlp.tagged`` keeps the parses (its last ``CACHE_SIZE``) for ``__call__`` to find."""
        texts = [text for article, highlights in work for _, text in self._to_parse(article, highlights)]
        for start in range(0, min(len(texts), CACHE_SIZE), AHEAD):  # beyond the cache, __call__ parses them
            parse(texts[start:start + AHEAD])

    def _to_parse(self, article: Article, highlights: Sequence[Highlight]) -> list[tuple[int, str]]:
        """(position, evidence sentence) of each highlight ``__call__`` parses: one evidence sentence, worth it."""
        return [(i, article.text[h.evidence[0].start:h.evidence[0].end]) for i, h in enumerate(highlights)
                if len(h.evidence) == 1 and self._wanted(h.text)]

    @staticmethod
    def _cuttable(doc: Doc) -> bool:
        return sum(not t.is_punct for t in doc) >= MIN_WORDS

    @staticmethod
    def _wanted(text: str) -> bool:
        """Whether a sentence is worth parsing: long enough to cut, or opening with "He"/"She"; never
        one so long the parse would be the cost (counted without splitting the whole text)."""
        words = text.split(maxsplit=MAX_TOKENS)
        if not words or len(words) > MAX_TOKENS:
            return False
        return len(words) >= MIN_WORDS or words[0].lower() in SUBJECT_PRONOUNS

    @staticmethod
    def _stands_alone(doc: Doc, runs: Sequence[tuple[int, int]]) -> bool:
        """Whether a cut keeps what made the sentence a bullet: a finite verb and enough words
        (``standalone.complete``), its subject before the verb, and no opening the whole sentence did not
        have that leans on the sentences before (a pronoun, a connective, a possessive whose owner the
        cut left out: ``standalone.dangling``). A sentence whose parse has no verb at its root is
        misparsed (or no sentence): it is not cut at all."""
        kept = {i for a, b in runs for i in range(a, b + 1)}
        if len(kept) == len(doc):
            return True
        if not any(t.dep_ == "ROOT" and (t.tag_.startswith("VB") or t.tag_ == "MD") for t in doc):
            return False
        if complete(doc) and not complete(doc, kept.__contains__):
            return False
        words = [t for t in doc if t.i in kept and not t.is_punct and not t.is_space]
        if words and words[0].tag_ in FINITE_TAGS and not doc.text.rstrip().endswith("?"):
            return False  # "Is a monumental day for ...": the subject went
        whole = [t.text for t in doc if not t.is_punct and not t.is_space]
        whole = whole[connective_words(whole):]  # the opening connective is dropped whatever the cut
        return (not dangling([t.text for t in words], doc, resolvable=True, keep=kept.__contains__)
                or dangling(whole, doc, resolvable=True))

    def compress_one(self, article: Article, sentences: Sequence[Sentence], h: Highlight, doc: Doc,
                     context: Context | None = None, keep: Sequence[float] | None = None) -> Highlight:
        sent = doc[:]
        drop = self.drops(doc, context, keep) if self._cuttable(doc) else parentheticals(sent)
        lead = connective_end(doc.text)  # "But", "However,": an editor drops them (as ``standalone.trim`` does)
        drop |= {t.i for t in doc if t.idx < lead}
        runs = kept_runs(sent, drop)
        if not runs or (self.check and not self._stands_alone(doc, runs)):
            return h
        ev = h.evidence[0]
        base = ev.start
        spans = tuple((base + doc[a].idx, base + doc[b].idx + len(doc[b].text)) for a, b in runs)
        evidence = h.evidence
        text = render(sent, runs)
        referent = resolve(article, sentences, ev.sentence, sent[0]) if runs[0][0] == sent.start else None
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
        # brackets are asides by construction; every other cut is the check's to judge
        dropped = {i for i in range(len(doc)) if not any(a <= i <= b for a, b in runs)} - parentheticals(sent)
        found = tuple(Problem("deletion", 0, 0, f"{c.kind}: {c.detail}", base + doc[c.token].idx,
                              base + doc[c.token].idx + len(doc[c.token].text)) for c in changes(sent, dropped))
        return replace(h, text=text, evidence=evidence, spans=spans, deletion=found)
