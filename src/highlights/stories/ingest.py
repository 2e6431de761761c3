"""Ingest: each new article is summarized (optional), placed in a story and stored, in arrival order.

``Stories(store)`` rebuilds the clusterer from the database (the most recent ``LIVE`` stories and topics),
so a second ingest run continues where the first stopped, and the same files ingested again change nothing.
Each batch is written under the database's writer lock; when another writer (an ingest run, a service
process) added articles in between, the clusterer is rebuilt first, so every decision sees them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..document import Article, checked_date
from ..errors import HighlightsError
from ..pipeline import Pipeline
from ..processes import batches as chunks
from ..sentences import split
from ..settings import Settings
from .cluster import Clusterer, ClusterSettings
from .face import headline, shortened
from .features import featurize
from .prepare import Prepared, is_refusal, refused_summary
from .store import Store, Writing, content_hash, stories, topics

LIVE = 20_000  # groups per level brought back from the database: memory stays flat however long the stream
BATCH = 64  # articles per transaction: a crash loses at most these (a rerun ingests them again), never half of one
# written in the same transaction as a batch's articles, given what became of each (``follow`` marks its items stored)
OnWrite = Callable[[sa.Connection, "list[Ingested | HighlightsError]"], None]


@dataclass(frozen=True)
class Ingested:
    article: int  # the article's id in the store
    story: int
    topic: int
    new_article: bool  # False: the same text was stored before (nothing changed)
    new_story: bool
    refused: HighlightsError | None = None  # why a new article was stored without highlights (the summarizer declined it)


class Stories:
    """The writer side: ``add(article)`` for each article of a stream."""

    def __init__(self, store: Store, *, settings: Settings | None = None, highlights: bool = True,
                 cluster: ClusterSettings | None = None):
        self.store = store
        self.pipeline = Pipeline(settings or Settings()) if highlights else None
        self.clusterer = Clusterer(cluster)
        self._restore()

    def _restore(self) -> None:
        """The clusterer again from the store: its ``LIVE`` latest topics and stories."""
        self._known = self.store.last_article()
        live = {table.name: sorted(self.store.groups(table), key=lambda gr: gr[0].seen)[-LIVE:] for table in (topics, stories)}
        self.clusterer = Clusterer.restore(
            self.clusterer.settings, topics=[g for g, _ in live[topics.name]],
            stories=[(g, int(row["topic_id"])) for g, row in live[stories.name]],
            next_topic=self.store.max_id(topics) + 1, next_story=self.store.max_id(stories) + 1)

    def add(self, article: Article, *, summary: dict[str, Any] | None = None, on_write: OnWrite | None = None
            ) -> Ingested:
        """Store ``article`` in its story (one transaction); an article already stored (the same text) is left
        as it is. ``summary``: its JSON contract when it was summarized elsewhere (the service's workers).
        An article the summarizer declines is stored without highlights (``Ingested.refused`` says why); one
        that cannot be used at all (an empty text) is raised as its ``HighlightsError``."""
        (result,) = self.add_all([article if summary is None else Prepared(article, summary=summary)],
                                 on_write=on_write)
        if isinstance(result, HighlightsError):
            raise result
        return result

    def add_all(self, items: Iterable[Article | Prepared | HighlightsError], *,
                batch: int = BATCH, on_write: OnWrite | None = None) -> Iterator[Ingested | HighlightsError]:
        """``add`` each article (or each one ``prepare`` made ready), ``batch`` to a transaction; an unreadable
        article (or an empty one) is yielded as its error and the others go on. An article the summarizer
        declines (``prepare.is_refusal``) is stored and placed all the same, its summary saying why.
        ``on_write(conn, results)`` runs in each batch's transaction, so what it writes is kept only with them."""
        for chunk in chunks(items, batch):
            with self.store.writer():
                if self.store.last_article() != self._known:
                    self._restore()  # another writer added articles: decide on what it stored too
                try:
                    with self.store.writing() as w:
                        ready = [item if isinstance(item, (Prepared, HighlightsError)) else Prepared(item)
                                 for item in chunk]
                        digests = [content_hash(r.article.text) if isinstance(r, Prepared) else "" for r in ready]
                        w.look_up([d for d in digests if d])  # one query for the batch, not one an article
                        results = [r if isinstance(r, HighlightsError) else self._add(r, d, w)
                                   for r, d in zip(ready, digests)]
                        if on_write is not None:
                            on_write(w.conn, results)
                except BaseException:
                    self._restore()  # what was rolled back must be forgotten too
                    raise
                added = [r.article for r in results if isinstance(r, Ingested) and r.new_article]
                self._known = max([self._known, *added])
            yield from results

    def _add(self, ready: Prepared, digest: str, w: Writing) -> Ingested | HighlightsError:
        article, summary, refused = ready.article, ready.summary, ready.refused
        known = w.find(digest)
        if known is not None:
            story_id, topic_id = self.store.placement(known, w.conn)
            return Ingested(known, story_id, topic_id, False, False)
        if summary is None and self.pipeline is not None:
            try:
                summary = self.pipeline(article).to_dict()
            except HighlightsError as exc:
                if not is_refusal(exc, article):
                    return exc
                summary, refused = refused_summary(article, exc, self.pipeline), exc
        c = self.clusterer
        placed = c.add(ready.features if ready.features is not None else featurize(article))
        story, topic = c.stories.groups[placed.story], c.topics.groups[placed.topic]
        article_id = w.add(digest=digest, article=_columns(article), summary=summary, story=story, topic=topic,
                           story_title=_title(article, summary) if placed.new_story else None, new_story=placed.new_story,
                           new_topic=placed.new_topic, score=placed.score, merged=placed.merged,
                           merged_topics=placed.merged_topics)
        return Ingested(article_id, placed.story, placed.topic, True, placed.new_story, refused)


def _columns(a: Article) -> dict[str, Any]:
    """The article's row. Its date is checked again: the readers leave a date outside the range out, but an
    ``Article`` made by a caller may carry one, and a stored story would be dated by it."""
    url = a.source if a.source and a.source.startswith(("http://", "https://")) else None
    return {"external_id": a.id, "source": a.source, "url": url, "title": a.title,
            "published": checked_date(a.date) if isinstance(a.date, dt.date) else None, "text": a.text}


def _title(a: Article, summary: dict[str, Any] | None) -> str:
    """A new story's title until its face is computed (``face.title``): its first article's headline, else
    that article's first highlight, else its first sentence, shortened; never a dateline's first words."""
    if a.title and a.title.strip():
        return headline(a.title)
    bullets = (summary or {}).get("highlights") or []
    if bullets:
        return shortened(bullets[0]["text"])
    head = a.text[:600]  # the first sentences; split no further (ingest without highlights is meant to be fast)
    first = next((head[s.start:s.end] for s in split(head) if len(head[s.start:s.end].split()) >= 5), head)
    return shortened(first)
