"""Ingest: each new article is summarized (optional), placed in a story and stored, in arrival order.

``Stories(store)`` rebuilds the clusterer from the database (the most recent ``LIVE`` stories and topics),
so a second ingest run continues where the first stopped, and the same files ingested again change nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import HighlightsError
from ..model import Article
from ..pipeline import Pipeline
from ..settings import Settings
from .cluster import Clusterer, ClusterSettings
from .features import featurize
from .store import Store, content_hash, stories, topics

LIVE = 20_000  # groups per level brought back from the database: memory stays flat however long the stream


@dataclass(frozen=True)
class Ingested:
    article: int  # the article's id in the store
    story: int
    topic: int
    new_article: bool  # False: the same text was stored before (nothing changed)
    new_story: bool


class Stories:
    """The writer side: ``add(article)`` for each article of a stream."""

    def __init__(self, store: Store, *, settings: Settings | None = None, highlights: bool = True,
                 cluster: ClusterSettings | None = None):
        self.store = store
        self.pipeline = Pipeline(settings or Settings()) if highlights else None
        self.clusterer = Clusterer(cluster)
        self._restore()

    def _restore(self) -> None:
        c = self.clusterer
        for level, table in ((c.topics, topics), (c.stories, stories)):
            rows = sorted(self.store.groups(table), key=lambda gr: gr[0].seen)[-LIVE:]
            for g, row in rows:
                level.groups[g.id] = g
                level.reindex(g)
                if table is stories:
                    c.topic_of[g.id] = int(row["topic_id"])
                c.seen = max(c.seen, g.seen)
            level.next_id = max(level.next_id, self.store.max_id(table) + 1)

    def add(self, article: Article) -> Ingested:
        """Store ``article`` in its story; an article already stored (same text) is left as it is."""
        digest = content_hash(article.text)
        known = self.store.find(digest)
        if known is not None:
            story_id, topic_id = self.store.placement(known)
            return Ingested(known, story_id, topic_id, False, False)
        summary = self.pipeline(article).to_dict() if self.pipeline is not None else None
        c = self.clusterer
        placed = c.add(featurize(article))
        story, topic = c.stories.groups[placed.story], c.topics.groups[placed.topic]
        article_id = self.store.add(
            digest=digest, article=_columns(article), summary=summary, story=story, topic=topic,
            story_title=_title(article), new_story=placed.new_story, score=placed.score, merged=placed.merged,
            merged_topics=placed.merged_topics)
        return Ingested(article_id, placed.story, placed.topic, True, placed.new_story)

    def add_all(self, items: Iterable[Article | HighlightsError]) -> Iterator[Ingested | HighlightsError]:
        """``add`` each article; an unreadable one (or one the pipeline refuses) is yielded as its error."""
        for item in items:
            if isinstance(item, HighlightsError):
                yield item
                continue
            try:
                yield self.add(item)
            except HighlightsError as exc:
                yield exc


def _columns(a: Article) -> dict[str, Any]:
    url = a.source if a.source and a.source.startswith(("http://", "https://")) else None
    return {"external_id": a.id, "source": a.source, "url": url, "title": a.title,
            "published": a.date if isinstance(a.date, dt.date) else None, "text": a.text}


def _title(a: Article) -> str:
    """A new story's title: its first article's title, else the start of its first sentence."""
    if a.title:
        return a.title
    first = " ".join(a.text.split()[:16])
    return first + ("…" if len(a.text.split()) > 16 else "")


