"""The feeds the service follows (``/v1/feeds``) and its poller: the rounds of ``highlights follow``, run in a
thread of the server process every ``HIGHLIGHTS_FOLLOW_EVERY`` seconds.

Each new item's page is fetched here with the service's fetching rules (public addresses only, unless
``HIGHLIGHTS_FETCH_PRIVATE``), summarized by the worker processes like a request's article, and placed by the
same ``StoryDesk`` as ``POST /v1/articles``. Several server processes (``--workers``) each run a poller, but the
database's lease lets one of them poll at a time; the others find it held and wait for the next round.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..document import Article
from ..errors import HighlightsError, InputError, StoreError
from .codes import ApiError
from .schemas import ArticleIn

if TYPE_CHECKING:
    from ..stories.follow import Follower, Round
    from ..stories.ingest import Ingested, OnWrite
    from ..stories.subscriptions import Subscriptions
    from .config import ServiceSettings
    from .dispatch import Dispatcher
    from .stories import StoryDesk

log = logging.getLogger("highlights.service.feeds")
REFUSALS = ("empty_input", "unsupported_language", "too_long")  # the workers' codes for an article they decline
BUSY_TRIES, BUSY_WAIT = 10, 2.0  # every worker busy with requests: wait for one, this often, this long


class Poller:
    """The background rounds of one server process; ``start`` in the app's start-up, ``stop`` at its end."""

    def __init__(self, desk: StoryDesk, dispatcher: Dispatcher, service: ServiceSettings):
        self.desk = desk
        self.dispatcher = dispatcher
        self.service = service
        self._stop = threading.Event()
        self._wake = threading.Event()  # a feed was added: a round now, not at the next tick
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._follower: Follower | None = None
        self.last: Round | None = None  # this process's latest round (the feeds' own rows say more)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop  # (``round`` may be called without the thread: HIGHLIGHTS_FOLLOW_EVERY=0, the tests)
        if self.service.follow_every <= 0 or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="highlights-feeds", daemon=True)
        self._thread.start()

    def soon(self) -> None:
        """Start a round now (a feed was just added) rather than at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        if self._follower is not None:
            try:
                self._follower.release()
            except (HighlightsError, ApiError):
                pass

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # a bug must cost one round, not every later one (the thread would be gone)
                log.exception("feeds: the round failed")
            self._wake.wait(self.service.follow_every)
            self._wake.clear()

    def round(self) -> Round | None:
        """One round, when this process holds the lease; None when another holds it or the database is down."""
        try:
            follower = self.follower()
            if not follower.subscriptions.feeds():
                return None
            self.last = follower.round()
        except StoreError as exc:
            log.info("feeds: no round here (%s)", exc)
            return None
        except ApiError as exc:
            log.warning("feeds: the stories database cannot be used (%s)", exc.message)
            return None
        log.info("feeds: round: %s", self.last.line())
        return self.last

    def follower(self) -> Follower:
        if self._follower is None:
            from ..read.fetch import Limits
            from ..stories.follow import Follower, FollowSettings, one_at_a_time
            from ..stories.store import url_for
            from ..stories.subscriptions import holder

            url_for(self.desk.db, create=False)  # no database yet (StoreError): no feeds, and none is made here
            s = self.service
            self._follower = Follower(self.desk.store(), one_at_a_time(self.place),
                                      limits=Limits(max_bytes=s.max_bytes, allow_private=s.fetch_private),
                                      settings=FollowSettings(delay=s.follow_delay,
                                                              max_wait=min(60.0, s.follow_every or 60.0)),
                                      owner=f"{holder()}/{id(self):x}")  # a process may hold two apps (the tests)
        return self._follower

    def place(self, article: Article, on_write: OnWrite) -> Ingested:
        """Summarize ``article`` in a worker (as a request's), then place it; an article the workers decline is
        stored without highlights, with the reason, as ``ingest`` stores it."""
        from ..stories.prepare import declined

        assert self._loop is not None, "the poller was not started"
        title = (article.title or "")[:1000] or None  # (the request's limits: a page's title may be longer)
        item = ArticleIn.model_validate({"text": article.text, "title": title, "date": article.date,
                                         "id": article.id[:200] or None})
        for attempt in range(BUSY_TRIES):
            try:
                summary: dict[str, Any] = asyncio.run_coroutine_threadsafe(
                    self.dispatcher.summarize(item), self._loop).result(timeout=self.service.timeout + 30)
                # the evidence's offsets point into the text the worker read
                return self.desk.place(replace(article, text=summary["text"]), summary, on_write)
            except ApiError as exc:
                if exc.error == "overloaded" and attempt + 1 < BUSY_TRIES and not self._stop.wait(BUSY_WAIT):
                    continue  # the requests come first: try again when a worker is free
                if exc.error not in REFUSALS:
                    raise InputError(f"not summarized ({exc.error}: {exc.message})", source=article.source) from None
                s = self.service
                summary = declined(article, exc.error, exc.message, method=s.method, compressed=s.compress,
                                   writer=s.writer)
                return self.desk.place(article, summary, on_write)
        raise AssertionError("unreachable")


def subscriptions(desk: StoryDesk) -> Subscriptions:
    """The feed tables of the desk's store (opened on first use)."""
    from ..stories.subscriptions import Subscriptions

    return Subscriptions(desk.store())
