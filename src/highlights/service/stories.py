"""The stories database behind ``POST /v1/articles`` and ``GET /v1/articles/{id}``: the same store and
clusterer as ``highlights ingest``, opened on first use. The reads that cost a story's articles (a story,
its timeline, the listing) run in the worker pool instead (``work.Work.read``).

The article is read and summarized in a worker process like any other request (``dispatcher``); what is
left here is cheap (features, the clusterer, one transaction) and runs in a thread, one article at a
time per server process. Several server processes, or an ingest run beside the service, take turns
through the database's writer lock, and each sees what the others stored (``stories.ingest``).
Every call here blocks: the routes run it off the event loop.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..document import Article
from ..errors import HighlightsError
from .codes import ApiError

if TYPE_CHECKING:  # the store and SQLAlchemy load on the first request that needs them
    from ..stories.ingest import Ingested, OnWrite, Stories
    from ..stories.store import Store

T = TypeVar("T")


class StoryDesk:
    """The stories routes' one way into the store: opened on first use, writes one at a time per process."""

    def __init__(self, db: str | None):
        self.db = db  # a SQLite path or a postgresql:// URL; None: the user's data dir, as the CLI
        self._store: Store | None = None
        self._stories: Stories | None = None
        self._open = threading.Lock()
        self._write = threading.Lock()  # the clusterer is one per process and not thread-safe

    def store(self) -> Store:
        with self._open:
            if self._store is None:
                from ..stories.store import Store

                db = self.db
                self._store = self.guard(lambda: Store(db))
            return self._store

    def add(self, summary: dict[str, Any], *, external_id: str | None, url: str | None) -> dict[str, Any]:
        """Place a summarized article in its story and store both; what was decided, with the summary."""
        date = dt.date.fromisoformat(summary["date"]) if summary.get("date") else None
        article = Article(id=external_id or "", text=summary["text"], title=summary.get("title"), date=date,
                          dateline=summary.get("dateline"), source=url)
        placed = self.place(article, summary)
        return {"article": placed.article, "story": placed.story, "topic": placed.topic,
                "new_article": placed.new_article, "new_story": placed.new_story, "summary": summary}

    def place(self, article: Article, summary: dict[str, Any], on_write: OnWrite | None = None) -> Ingested:
        """Store ``article`` with its ``summary`` in its story (``Stories.add``: ``on_write`` runs in its
        transaction); a database that cannot be used is a 503."""
        from ..stories.ingest import Stories

        store = self.store()
        with self._write:
            if self._stories is None:
                self._stories = self.guard(lambda: Stories(store, highlights=False))
            stories = self._stories
            return self.guard(lambda: stories.add(article, summary=summary, on_write=on_write))

    def article(self, article_id: int) -> dict[str, Any]:
        from ..stories.view import stored_article

        store = self.store()
        found = self.guard(lambda: stored_article(store, article_id))
        if found is None:
            raise ApiError.of("not_found", f"article_id: no article {article_id} in the stories database; "
                           "a story's `articles` name them", field="article_id")
        return found

    def guard(self, fn: Callable[[], T]) -> T:
        """Run ``fn``; a database that cannot be opened or used is a 503 that says so, not a 500."""
        from ..stories.store import database_errors

        try:
            with database_errors(str(self.db or "stories.db")):
                return fn()
        except HighlightsError as exc:
            raise ApiError.store_unavailable(exc) from None
