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

from ..document import Article, Highlight, Problem, Sentence, Verification
from ..errors import ModelError
from ..settings import Settings
from . import guard, packaged, prompt
from .backends import INSTALL_RUNTIME, Backend, Embedded, Endpoint, WriterError, embedded

__all__ = ["Writer", "Extract", "LLMWriter", "Attempt", "WRITERS", "get", "backend_for", "WriterError", "Embedded",
           "Endpoint"]


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
        return Highlight(text=self.text, score=h.score, evidence=h.evidence, verified=shown, rewritten=True)


class LLMWriter:
    """Each bullet rewritten by ``backend`` from its source sentence, kept only when the guard passes it."""

    name = "llm"

    def __init__(self, backend: Backend, *, judge: bool = True):
        self.backend = backend
        self.judge = judge

    def __call__(self, article: Article, sentences: Sequence[Sentence], highlights: list[Highlight]
                 ) -> list[Highlight]:
        out: list[Highlight] = []
        for h in highlights:
            out.append(self.attempt(article, h, [o.text for o in out]).result(h))
        return out

    def attempt(self, article: Article, h: Highlight, earlier: Sequence[str] = ()) -> Attempt:
        """Ask the model to rewrite ``h`` and judge the answer against ``h``'s evidence sentences."""
        evidence = " ".join(article.text[e.start:e.end] for e in h.evidence)
        text = prompt.bullet(self.backend.chat(prompt.messages(source(article, h)), max_tokens=prompt.MAX_TOKENS))
        problems, verdict = guard.check(text, evidence, earlier) if text else ((), None)
        if self.judge and text and not problems and verdict is not None:
            verdict, problems = second_opinion(article, h, text, verdict)
        return Attempt(text, problems, verdict)


def second_opinion(article: Article, h: Highlight, text: str, verdict: Verification
                   ) -> tuple[Verification, tuple[Problem, ...]]:
    """The judge's reading of a rewrite the guard passed, against its evidence sentences (and the article
    sentence that best covers it, where a quote's speaker may be named): a doubt rejects the rewrite."""
    from ..verify.judge import assess

    opinion = assess(article.text, text, tuple(article.text[e.start:e.end] for e in h.evidence))
    verdict = replace(verdict, score=opinion.score, judge=opinion)
    if opinion.supported:
        return verdict, ()
    return verdict, (Problem("judge", 0, len(text), f"the judge finds it unsupported by the evidence "
                                                    f"(P = {opinion.score:.2f})"),)


def source(article: Article, h: Highlight) -> str:
    """What the model rewrites: the whole source sentence; for a bullet whose pronoun the compressor
    replaced by the person's name (two evidence sentences), the bullet as extracted, which names them."""
    if len(h.evidence) > 1:
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

