"""Stage 6, the writer: the bullets as extracted, or rewritten in headline style by a language model.

    from highlights import Pipeline, Settings
    pipeline = Pipeline(Settings(writer="llm"))                  # the packaged 1.5B model, run here
    pipeline = Pipeline(Settings(writer="llm", llm_url="http://localhost:8080"))   # or your own server

``extract`` (the default) keeps the selected, compressed and verified bullets. ``llm`` asks a language
model to rewrite each one's source sentence as a headline ("Film critic Richard Corliss dies at 71")
and shows the rewrite only when the guard (``guard.check``) finds everything in it backed by that
evidence and the learned judge (``verify.judge``), asked after the guard as a second opinion, agrees;
otherwise the extracted bullet stays, with a ``rewrite`` problem in its ``verified.problems``
saying what the rejected rewrite was and why. A rewritten bullet keeps its source sentences as evidence
and is marked ``rewritten``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import util
from pathlib import Path
from typing import Protocol

from ..document import Article, Evidence, Highlight, Problem, Sentence, Verification
from ..errors import ModelError
from ..settings import Settings
from ..words import normalize, words
from . import guard, packaged, prompt
from .backends import INSTALL_RUNTIME, Backend, Embedded, Endpoint, WriterError, embedded

__all__ = ["Writer", "Extract", "LLMWriter", "Attempt", "review", "around", "WRITERS", "get", "backend_for",
           "WriterError", "Embedded", "Endpoint"]


class Writer(Protocol):
    name: str

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: list[Highlight]
                 ) -> list[Highlight]: ...


class Extract:
    """The extracted bullets, as they are."""

    name = "extract"

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: list[Highlight]
                 ) -> list[Highlight]:
        return list(highlights)


@dataclass(frozen=True)
class Attempt:
    """One rewrite: the model's bullet, what the guard found wrong with it, and the verifier's verdict."""

    text: str
    problems: tuple[Problem, ...]
    verdict: Verification | None
    context: tuple[Sentence, ...] = ()  # sentences around the evidence that name who said it, evidence too
    answer: str = ""  # what the model wrote, before the guard added an attribution back

    @property
    def accepted(self) -> bool:
        return not self.problems and self.verdict is not None

    def result(self, h: Highlight) -> Highlight:
        """The rewrite in place of the extracted ``h`` when the guard passed it; else ``h``, noting why not."""
        if not self.accepted or self.verdict is None:
            return rejected(h, self.text, self.problems)
        # The guard's checks (and the judge's, when asked) are the verdict; the score is the judge's when it
        # was asked, else the rules' as measured (low for any paraphrase: word pairs the article lacks).
        shown = Verification(supported=True, score=self.verdict.score, features=self.verdict.features, how="guard",
                             judge=self.verdict.judge)
        evidence = h.evidence + tuple(Evidence(s.index, s.start, s.end) for s in self.context)
        return Highlight(text=self.text, score=h.score, evidence=tuple(sorted(evidence, key=lambda e: e.sentence)),
                         verified=shown, rewritten=True)


class LLMWriter:
    """Each bullet rewritten by ``backend`` from its source sentence, kept only when the guard passes it.

    ``examples``: show the model CNN's own bullets most like the article's (else the five written here);
    ``constrain``: hold the model to its sentence's words (a grammar, for a model run here); ``judge``: ask
    the learned judge about every rewrite the guard passes; ``retry``: ask once more, saying what to fix, when
    the rewrite was too long or a copy of its sentence; ``shortened``: give the model the extracted bullet (the
    compressor's cut) to rewrite, not its whole sentence (the guard reads the whole sentence either way)."""

    name = "llm"

    def __init__(self, backend: Backend, *, judge: bool = True, examples: bool = True, constrain: bool = True,
                 retry: bool = True, shortened: bool = True):
        self.backend = backend
        self.judge = judge
        self.examples = examples
        self.constrain = constrain
        self.retry = retry
        self.shortened = shortened

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: list[Highlight]
                 ) -> list[Highlight]:
        shown = self.shown(article, highlights)
        out: list[Highlight] = []
        for h in highlights:
            out.append(self.attempt(article, h, [o.text for o in out], sentences, shown).result(h))
        return out

    def shown(self, article: Article, highlights: Sequence[Highlight]) -> tuple[tuple[str, str], ...]:
        """The worked examples the model sees for this article's bullets."""
        if not self.examples:
            return prompt.EXAMPLES
        return prompt.examples_for([source(article, h, shortened=self.shortened) for h in highlights])

    def attempt(self, article: Article, h: Highlight, earlier: Sequence[str] = (), sentences: Sequence[Sentence] = (),
                shown: Sequence[tuple[str, str]] | None = None) -> Attempt:
        """Ask the model to rewrite ``h`` and judge the answer against ``h``'s evidence sentences (and, for
        who said it, the ``sentences`` around them)."""
        evidence = " ".join(article.text[e.start:e.end] for e in h.evidence)
        said = source(article, h, shortened=self.shortened)
        grammar = prompt.grammar(said) if self.constrain and self.backend.grammars else None
        messages = prompt.messages(said, prompt.EXAMPLES if shown is None else shown)
        text = answer = prompt.bullet(self.backend.chat(messages, max_tokens=prompt.MAX_TOKENS, grammar=grammar))
        if not text:
            return Attempt(text, (), None)
        near = around(article, h, sentences)
        context = " ".join(article.text[s.start:s.end] for s in near)
        text, problems, verdict = review(text, evidence, earlier, context, said)
        hint = prompt.hint(problems) if self.retry else None
        if hint is not None:  # once, with what to fix: a sentence copied or too long for a headline
            again = prompt.bullet(self.backend.chat(prompt.retry(messages, answer, hint), max_tokens=prompt.MAX_TOKENS,
                                                    grammar=grammar))
            if again:
                second = review(again, evidence, earlier, context, said)
                if not second[1]:
                    (text, problems, verdict), answer = second, again
        named = tuple(s for s in near if _names_from(text, article.text[s.start:s.end], evidence))
        if self.judge and not problems and verdict is not None:
            verdict, problems = second_opinion(article, h, text, verdict, named)
        return Attempt(text, problems, verdict, named, answer)


def review(text: str, evidence: str, earlier: Sequence[str] = (), context: str = "", given: str = ""
           ) -> tuple[str, tuple[Problem, ...], Verification | None]:
    """The guard's reading of the model's ``text`` (``guard.check``): the bullet to show, what is wrong with
    it and the verifier's verdict. A rewrite whose only fault is a dropped attribution gets it back, as the
    evidence gives it ("..., police say"), when that passes the guard. ``given``: what the model was asked to
    rewrite, when not the evidence itself: a near-copy of it is no rewrite either."""
    problems, verdict = guard.check(text, evidence, earlier, context)
    if given and given != evidence:
        problems = (*problems, *guard.copy(normalize(text), normalize(given)))
    if problems and all(p.kind == "attribution" and "states" in p.detail for p in problems):
        fixed = guard.with_speaker(text, evidence)
        if fixed is not None:
            again, checked = guard.check(fixed, evidence, earlier, context)
            if not again:
                return fixed, again, checked
    return text, problems, verdict


def around(article: Article, h: Highlight, sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The sentences right before and after ``h``'s evidence: where a quote's speaker is often named."""
    indices = {e.sentence for e in h.evidence}
    return tuple(s for s in sentences if s.index not in indices and any(abs(s.index - i) == 1 for i in indices))


def _names_from(text: str, sentence: str, evidence: str) -> bool:
    """Whether ``text`` names someone (a capitalised word) that ``sentence`` names and ``evidence`` does not."""
    theirs, known = set(words(sentence)), set(words(evidence))
    return any(w[:1].isupper() and w.lower() in theirs and w.lower() not in known for w in text.split())


def second_opinion(article: Article, h: Highlight, text: str, verdict: Verification,
                   context: Sequence[Sentence] = ()) -> tuple[Verification, tuple[Problem, ...]]:
    """The judge's reading of a rewrite the guard passed, against its evidence sentences and the ``context``
    sentences that name its speaker (and the article sentence that best covers it): a doubt rejects it."""
    from ..verify.judge import assess

    spans = [(e.start, e.end) for e in h.evidence] + [(s.start, s.end) for s in context]
    opinion = assess(article.text, text, tuple(article.text[a:b] for a, b in sorted(spans)))
    verdict = replace(verdict, score=opinion.score, judge=opinion)
    if opinion.supported:
        return verdict, ()
    return verdict, (Problem("judge", 0, len(text), f"the judge finds it unsupported by the evidence "
                                                    f"(P = {opinion.score:.2f})"),)


def source(article: Article, h: Highlight, *, shortened: bool = False) -> str:
    """What the model rewrites: the whole source sentence, or with ``shortened`` the bullet as extracted
    (the compressor's cut); for a bullet whose pronoun the compressor replaced by the person's name (two
    evidence sentences), always the bullet, which names them."""
    if len(h.evidence) > 1 or shortened:
        return h.text
    e = h.evidence[0]
    return article.text[e.start:e.end]


def rejected(h: Highlight, text: str, problems: Sequence[Problem]) -> Highlight:
    """The extracted bullet ``h``, its verdict noting the rewrite ``text`` that was not used, and why."""
    why = "; ".join(f"{p.kind}: {p.detail}" for p in problems)
    note = Problem("rewrite", 0, len(h.text), f"the rewrite {text!r} was not used ({why})" if text
                   else "the language model wrote nothing for this bullet")
    verdict = h.verified if h.verified is not None else Verification(supported=False, score=0.0)
    return replace(h, verified=replace(verdict, problems=(*verdict.problems, note)))


def backend_for(settings: Settings) -> Backend:
    """The settings' language model: the endpoint at ``llm_url``, or a GGUF file (``llm_model``: a path or a
    packaged model's name, the packaged default when unset) run in this process. Nothing loads yet."""
    if settings.llm_url:
        return Endpoint(settings.llm_url, model=settings.llm_model, timeout=settings.llm_timeout)
    if util.find_spec("xllamacpp") is None:
        raise ModelError(f"--writer llm needs the llama.cpp runtime: {INSTALL_RUNTIME}, or give --llm-url "
                         "of a server you run")
    name = settings.llm_model or packaged.DEFAULT
    path = packaged.path(name) if name in packaged.PACKAGED else Path(name).expanduser()
    if not path.is_file():
        raise ModelError(f"--llm-model {name!r} is neither a GGUF file nor a packaged model "
                         f"({', '.join(packaged.PACKAGED)})")
    threads = settings.llm_threads or min(8, os.cpu_count() or 1)
    return embedded(str(path.resolve()), threads)


WRITERS: dict[str, Callable[[Settings], Writer]] = {
    "extract": lambda settings: Extract(),
    "llm": lambda settings: LLMWriter(backend_for(settings)),
}


def get(settings: Settings) -> Writer:
    """The writer the settings name (``Settings`` refuses a name outside ``settings.WRITERS``, which names
    this registry's keys)."""
    return WRITERS[settings.writer](settings)

