"""The part of ingest that can run side by side: each article's features and, when asked, its highlights.

Placing an article in a story and storing it must happen one article at a time, in arrival order (the
clusterer decides on what came before). Everything before that depends on the article alone, so
``prepare`` runs it in ``workers`` processes, a batch of articles at a time, and hands the results back in
input order while the main process places and stores the previous batches.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .. import processes
from ..document import Article, Summary
from ..errors import EmptyInputError, EngineError, HighlightsError, LanguageError, TooLongError
from ..pipeline import WORKER_BATCH, Pipeline
from ..processes import batches as chunks
from ..settings import Settings
from .features import Features, featurize
from .store import content_hash

CHUNK = 64  # articles a worker prepares at a time
# what the summarizer raises for an article it declines (an ``EmptyInputError`` of a text that is not empty:
# no sentence can stand alone as a highlight)
REFUSALS = (EmptyInputError, LanguageError, TooLongError)


@dataclass(frozen=True)
class Prepared:
    """An article ready to be placed: its features (None: computed when placed) and its summary (the JSON
    contract, or None when it is stored without highlights); ``refused``: why the summarizer wrote no
    highlights for it (its summary then says so, ``refused_summary``)."""

    article: Article
    features: Features | None = None
    summary: dict[str, Any] | None = None
    refused: HighlightsError | None = None


class Preparer:
    """What one process does to each article; the models load when it is built."""

    def __init__(self, settings: Settings | None, highlights: bool):
        self.pipeline = Pipeline(settings or Settings()).warm_up() if highlights else None
        featurize(Article(id="warm-up", text="Warm-up."))  # the IDF table and the vectors, loaded now

    def __call__(self, item: Article | Prepared | HighlightsError) -> Prepared | HighlightsError:
        return self.many([item])[0]

    def many(self, items: Sequence[Article | Prepared | HighlightsError]) -> list[Prepared | HighlightsError]:
        """Each item prepared, in order; the articles' highlights written ``WORKER_BATCH`` at a time
        (``Pipeline.many``: one parse for a batch)."""
        articles = [(i, item) for i, item in enumerate(items) if isinstance(item, Article)]
        summaries: dict[int, Summary | HighlightsError] = {}
        if self.pipeline is not None:
            for part in chunks(articles, WORKER_BATCH):
                summaries.update(zip((i for i, _ in part), self.pipeline.many([a for _, a in part])))
        out: list[Prepared | HighlightsError] = []
        for i, item in enumerate(items):
            if not isinstance(item, Article):
                out.append(item)  # an error, or an article stored already: nothing to do
                continue
            summary = summaries.get(i)
            if not isinstance(summary, HighlightsError):
                out.append(Prepared(item, featurize(item), summary.to_dict() if summary is not None else None))
            elif self.pipeline is not None and is_refusal(summary, item):
                out.append(Prepared(item, featurize(item), refused_summary(item, summary, self.pipeline), summary))
            else:
                out.append(summary)
        return out


def is_refusal(exc: HighlightsError, article: Article) -> bool:
    """Whether ``exc`` is the summarizer declining an article that was read fine (no sentence can stand alone,
    not English, too long): the article is still stored and placed, without highlights. An empty text, a
    broken model or a writer that is down are not refusals: that article is reported and skipped."""
    return isinstance(exc, REFUSALS) and bool(article.text.strip())


def reason(exc: HighlightsError) -> str:
    """``exc``'s message without the input it names (the stored article is that input)."""
    message = str(exc)
    lead = f"{exc.source}: " if exc.source else ""
    return message[len(lead):] if lead and message.startswith(lead) else message


def refused_summary(article: Article, exc: HighlightsError, pipeline: Pipeline) -> dict[str, Any]:
    """The stored summary of an article the summarizer declined (``contract.STORED``): the summary of no
    highlights (``Summary.to_dict``) and ``"refused": {"error": code, "message": why}`` (the code the service
    answers with)."""
    return declined(article, exc.code, reason(exc), method=pipeline.method,
                    compressed=pipeline.compressor is not None, writer=pipeline.writer.name)


def declined(article: Article, code: str, message: str, *, method: str, compressed: bool, writer: str
             ) -> dict[str, Any]:
    """``refused_summary`` from its parts (the service's poller has the workers' answer, not a pipeline)."""
    empty = Summary(article, (), (), method, compressed=compressed, writer=writer)
    return {**empty.to_dict(), "refused": {"error": code, "message": message}}


def prepare(items: Iterable[Article | HighlightsError], *, settings: Settings | None = None, highlights: bool = True,
            workers: int = 0, stored: Callable[[list[str]], set[str]] | None = None
            ) -> Iterator[Prepared | HighlightsError]:
    """Each item prepared, in input order; an unreadable or refused article as its error. ``workers=0``
    prepares in this process. ``stored``: which content hashes the database holds already (``Store.stored``);
    those articles are passed on unprepared (ingest finds them stored), so a feed ingested again each day
    is not summarized again."""
    todo: Iterable[Article | Prepared | HighlightsError] = items if stored is None else _skip_stored(items, stored)
    if workers <= 0:
        preparer = Preparer(settings, highlights)
        for item in todo:
            yield preparer(item)
        return
    # interrupted or failed: processes.pool stops the workers now, not after their batches
    with processes.pool(workers, _start, settings, highlights) as pool:
        try:
            yield from processes.in_order(pool, chunks(todo, CHUNK), _prepare, ahead=2 * workers)
        except BrokenProcessPool:
            raise EngineError("a worker process died while preparing articles, perhaps killed for lack of "
                              "memory; what was stored is kept: rerun the same command to continue (fewer "
                              "--workers use less memory)") from None


_preparer: Preparer | HighlightsError | None = None  # the worker process's own, or why it could not be built


def _start(settings: Settings | None, highlights: bool) -> None:
    global _preparer
    try:
        _preparer = Preparer(settings, highlights)
    except HighlightsError as exc:  # e.g. a damaged model file: reported with the first batch, not a traceback
        _preparer = exc


def _prepare(chunk: list[Article | Prepared | HighlightsError]) -> list[Prepared | HighlightsError]:
    if isinstance(_preparer, HighlightsError):
        raise _preparer
    assert _preparer is not None, "the worker's initializer did not run"
    return _preparer.many(chunk)


def _skip_stored(items: Iterable[Article | HighlightsError], stored: Callable[[list[str]], set[str]]
                 ) -> Iterator[Article | Prepared | HighlightsError]:
    for batch in chunks(items, CHUNK):
        digests = [content_hash(a.text) if isinstance(a, Article) else "" for a in batch]
        have = stored([d for d in digests if d])
        for item, digest in zip(batch, digests):
            yield Prepared(item) if digest in have and isinstance(item, Article) else item
