"""Following feeds: one round fetches each feed that changed, reads each new item's page and places it in its story.

A round, as ``highlights follow`` and the service's poller run it:

1. take the database's lease (one follower at a time; a lease whose process has died is taken over);
2. fetch each feed conditionally (its ETag / Last-Modified): a 304 costs nothing; a changed feed's unseen items
   are noted as pending, with its new validators, in one transaction; an OPML list adds the feeds it names;
3. read each pending item: its page (or, when the page cannot be had, the feed's own text of it when that is long
   enough to summarize), summarized and placed in its story; the item is marked stored in the article's own
   transaction, so a run killed at any point stores no item twice and loses none (the next run reads what was
   still pending).

Requests to one host are spaced by ``FollowSettings.delay`` (the fetcher waits its turn) and the items are taken
host by host in turn, so one slow site does not hold up the others' waits. A fetch that fails for a reason that may
pass (a timeout, 429, a 5xx) is tried again after a backoff, or after the server's Retry-After; a Retry-After too
long to wait in the round moves that feed to a later round. An item that failed that way is tried again in the
next rounds, ``subscriptions.ITEM_ATTEMPTS`` in all; one that cannot work (404, a PDF, robots.txt) is not.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa

from ..document import Article
from ..errors import FetchError, FollowerBusyError, HighlightsError, InputError
from ..read import feeds as feed_reader
from ..read import from_text, from_url
from ..read.fetch import FEED_ACCEPT, FEED_TYPES, Fetcher, Limits, is_url
from .ingest import Ingested, OnWrite
from .prepare import reason as without_source  # the message, the input it names left out
from .store import Store
from .subscriptions import FeedRow, PendingItem, Subscriptions, holder, now

log = logging.getLogger("highlights.follow")
T = TypeVar("T")

# how articles are summarized and placed: each one's result, in order, ``on_write`` running in the transaction that
# stores them (with their results, errors included, in order): ``Stories.add_all`` of ``prepare`` in the CLI
StoreAll = Callable[[Iterator[Article], OnWrite], Iterator["Ingested | HighlightsError"]]
# one article at a time: the service's workers, then its desk
Place = Callable[[Article, OnWrite], Ingested]
# failures of an item's page that no later round will mend
FINAL = ("http_status", "content_type", "too_large", "robots", "blocked_address", "scheme", "too_many_redirects")


@dataclass(frozen=True)
class FollowSettings:
    """How politely and how persistently a round fetches."""

    delay: float = 1.0  # seconds between the starts of two requests to one host
    retries: int = 2  # further tries of a fetch that failed for a reason that may pass
    backoff: float = 2.0  # seconds before the first retry; doubled for each next one
    max_wait: float = 60.0  # the longest wait in a round; a feed asking for more (Retry-After) is left to a later round
    fallback_words: int = 60  # the feed's text stands for a page that cannot be had when it has this many words
    lease: float = 300.0  # seconds the lease is held past the follower's last sign of life


@dataclass
class Round:
    """What one round did: its feeds and its items (new articles, and stories new or updated by them)."""

    feeds: int = 0  # polled this round
    changed: int = 0
    not_modified: int = 0
    later: int = 0  # feeds left to a later round (a Retry-After, or not due yet)
    feeds_failed: Counter[str] = field(default_factory=Counter)  # by reason
    new: int = 0  # articles stored
    known: int = 0  # items whose article was stored already (the same page or text from another item or feed)
    new_stories: int = 0
    updated_stories: int = 0
    from_feed: int = 0  # articles read from the feed's text, their page could not be had
    declined: int = 0  # articles stored without highlights (the summarizer declined them: ``Ingested.refused``)
    failed: Counter[str] = field(default_factory=Counter)  # items, by reason
    seconds: float = 0.0

    def line(self) -> str:
        """The round in one line, as ``highlights follow`` prints it."""
        feeds = f"{self.feeds} feed(s): {self.changed} changed, {self.not_modified} not modified"
        if self.feeds_failed:
            feeds += f", {sum(self.feeds_failed.values())} failed ({_by_reason(self.feeds_failed)})"
        if self.later:
            feeds += f", {self.later} left for later"
        items = (f"{self.new} new article(s) ({self.new_stories} new stories, {self.updated_stories} updated)"
                 + (f", {self.from_feed} from the feed's text" if self.from_feed else "")
                 + (f", {self.declined} without highlights" if self.declined else "")
                 + (f", {self.known} already stored" if self.known else ""))
        failed = f"; {sum(self.failed.values())} item(s) failed ({_by_reason(self.failed)})" if self.failed else ""
        return f"{feeds}; {items}{failed}; {self.seconds:.1f} s"

    def to_dict(self) -> dict[str, object]:
        return {"feeds": self.feeds, "changed": self.changed, "not_modified": self.not_modified, "later": self.later,
                "feeds_failed": dict(self.feeds_failed), "new": self.new, "known": self.known,
                "new_stories": self.new_stories, "updated_stories": self.updated_stories, "from_feed": self.from_feed,
                "declined": self.declined, "failed": dict(self.failed), "seconds": round(self.seconds, 3)}


def _by_reason(counts: Counter[str]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in counts.most_common())


def one_at_a_time(place: Place) -> StoreAll:
    """A ``StoreAll`` from a ``Place`` that stores one article (or raises its ``HighlightsError``)."""
    def store_all(articles: Iterator[Article], on_write: OnWrite) -> Iterator[Ingested | HighlightsError]:
        for article in articles:
            try:
                yield place(article, on_write)
            except HighlightsError as exc:
                on_write(None, [exc])  # type: ignore[arg-type]  # (nothing to write: the error keeps the count)
                yield exc
    return store_all


class Follower:
    """Rounds over the feeds a stories database follows. ``store_all`` summarizes and stores the new articles;
    ``limits`` the fetcher's (``allow_private``: False in the service); ``sleep`` is replaced in tests."""

    def __init__(self, store: Store, store_all: StoreAll, *, limits: Limits = Limits(),
                 settings: FollowSettings = FollowSettings(), owner: str | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.subscriptions = Subscriptions(store)
        self.store_all = store_all
        self.settings = settings
        self.limits = replace(limits, delay=settings.delay)
        self.owner = owner or holder()
        self.sleep = sleep
        self._renewed = float("-inf")  # when the lease was last taken or renewed (time.monotonic)

    def subscribe(self, sources: Iterable[str]) -> list[FeedRow]:
        """Follow each source: a feed's URL (an OPML list's URL adds its feeds when it is fetched), or an OPML
        file, whose feeds are added now. The feeds added, in order."""
        added: list[FeedRow] = []
        for source in sources:
            urls = [source] if is_url(source) else _opml_file(source)
            for url in urls:
                row, new = self.subscriptions.subscribe(url)
                if new:
                    added.append(row)
        return added

    def round(self) -> Round:
        """One round over every feed that is due; raises ``FollowerBusyError`` when another follower holds the lease."""
        started = time.monotonic()
        self._hold(force=True)
        result = Round()
        try:
            with Fetcher(self.limits) as fetcher:
                counts: dict[int, Counter[str]] = {}
                for feed in self._due(result):
                    self._poll(fetcher, feed, result)
                    counts.setdefault(feed.id, Counter())
                    self._hold()
                pending = _by_host(self.subscriptions.pending([f.id for f in self.subscriptions.feeds()]),
                                   lambda i: i.link or "")
                for item, outcome in self._read(fetcher, pending, result):
                    counts.setdefault(item.feed_id, Counter())[outcome] += 1
                for feed_id, c in counts.items():
                    self.subscriptions.round_done(feed_id, new=c["new"], failed=c["failed"])
        finally:
            result.seconds = time.monotonic() - started
        return result

    def release(self) -> None:
        self.subscriptions.release(self.owner)

    # ------------------------------------------------------------------ feeds

    def _hold(self, *, force: bool = False) -> None:
        """Take the lease (``force``), or renew it once a tenth of it has passed: a write for every feed and item
        would cost more than the reading it guards."""
        if not force and time.monotonic() - self._renewed < self.settings.lease / 10:
            return
        other = self.subscriptions.take_lease(seconds=self.settings.lease, owner=self.owner)
        if other is None:
            self._renewed = time.monotonic()
        else:
            raise FollowerBusyError(f"another follower ({other}) is reading this database's feeds; let it finish, or "
                                    "stop it (a follower that died is taken over when its lease ends)")

    def _due(self, result: Round) -> Iterator[FeedRow]:
        """The feeds to poll now, host by host in turn; feeds an OPML list adds in this round come after."""
        seen: set[int] = set()
        while True:
            moment = now()
            todo = [f for f in self.subscriptions.feeds() if f.id not in seen]
            if not todo:
                return
            for feed in todo:
                seen.add(feed.id)
            due = [f for f in todo if f.next_at is None or f.next_at <= moment]
            result.later += len(todo) - len(due)
            yield from _by_host(due, lambda f: f.url)

    def _poll(self, fetcher: Fetcher, feed: FeedRow, result: Round) -> None:
        result.feeds += 1
        try:
            page = self._retrying(lambda: fetcher.fetch(feed.url, types=FEED_TYPES, accept=FEED_ACCEPT,
                                                        etag=feed.etag, last_modified=feed.last_modified))
            parsed = None if page.not_modified else feed_reader.parse(page.text, url=page.url)
        except FetchError as exc:  # (a feed that cannot be parsed is a FetchError too: "malformed")
            later = exc.retry_after if exc.retry_after is not None and exc.retry_after > self.settings.max_wait else None
            result.feeds_failed[exc.reason] += 1
            log.warning("%s", exc)
            self.subscriptions.checked(feed.id, status="failed", error=exc.reason, message=without_source(exc),
                                       next_at=now() + dt.timedelta(seconds=later) if later else None)
            return
        if parsed is None:
            result.not_modified += 1
            self.subscriptions.checked(feed.id, status="not_modified")
            return
        result.changed += 1
        if parsed.kind == "opml":
            for url in parsed.feeds:
                self.subscriptions.subscribe(url)
        self.subscriptions.checked(feed.id, status="changed", etag=page.etag, last_modified=page.last_modified,
                                   title=parsed.title, items=list(parsed.items))

    # ------------------------------------------------------------------ items

    def _read(self, fetcher: Fetcher, pending: Iterable[PendingItem], result: Round
              ) -> Iterator[tuple[PendingItem, str]]:
        """Read, summarize and store the items: each with "new", "known" or "failed". The pages are fetched as
        ``store_all`` asks for articles; each item is marked stored in its article's transaction."""
        subs = self.subscriptions
        sent: list[tuple[PendingItem, bool]] = []  # the items whose article went to ``store_all``, in order
        marked = 0

        def articles() -> Iterator[Article]:
            for item in pending:
                self._hold()
                if item.link:
                    stored = subs.stored_link(item.link)
                    if stored is not None:
                        subs.stored(item, stored)
                        result.known += 1
                        settled.append((item, "known"))
                        continue
                try:
                    article, from_feed = self._article(fetcher, item)
                except HighlightsError as exc:
                    reason = exc.reason if isinstance(exc, FetchError) else exc.code
                    subs.failed(item, error=reason, message=without_source(exc),
                                final=not (isinstance(exc, FetchError) and exc.transient))
                    result.failed[reason] += 1
                    log.warning("%s", exc)
                    settled.append((item, "failed"))
                    continue
                sent.append((item, from_feed))
                yield article

        def mark(conn: sa.Connection, results: list[Ingested | HighlightsError]) -> None:
            nonlocal marked
            for placed in results:
                item, _ = sent[marked]
                marked += 1
                if isinstance(placed, Ingested):
                    Subscriptions.mark_stored(conn, item, placed.article)

        settled: list[tuple[PendingItem, str]] = []  # items done without ``store_all`` (known, unreadable)
        done = 0
        for placed in self.store_all(articles(), mark):
            yield from settled
            settled.clear()
            item, from_feed = sent[done]
            done += 1
            if isinstance(placed, HighlightsError):
                subs.failed(item, error=placed.code, message=without_source(placed), final=True)
                result.failed[placed.code] += 1
                log.warning("%s", placed)
                yield item, "failed"
            elif not placed.new_article:
                result.known += 1
                yield item, "known"
            else:
                result.new += 1
                result.from_feed += from_feed
                result.declined += placed.refused is not None
                result.new_stories += placed.new_story
                result.updated_stories += not placed.new_story
                yield item, "new"
        yield from settled

    def _article(self, fetcher: Fetcher, item: PendingItem) -> tuple[Article, bool]:
        """The item's article: its page, else the feed's text of it when that is long enough; and whether it came
        from the feed."""
        page_error: HighlightsError | None = None
        if item.link:
            link = item.link
            try:
                article = self._retrying(lambda: from_url(link, fetcher=fetcher))
                return _completed(article, item), False
            except HighlightsError as exc:
                page_error = exc
        if len(item.text.split()) >= self.settings.fallback_words:
            article = from_text(item.text, id=item.link or item.key, source=item.link or item.key, input_format="text")
            return _completed(article, item), True
        if page_error is not None:
            raise page_error
        raise InputError("the item has no link and too little text of its own to summarize", source=item.key)

    def _retrying(self, fetch: Callable[[], T]) -> T:
        """``fetch()``, tried again after a backoff (or the server's Retry-After) when it failed for a reason that
        may pass; a wait longer than ``max_wait`` is not made (the failure is raised)."""
        for attempt in range(self.settings.retries + 1):
            try:
                return fetch()
            except FetchError as exc:
                if not exc.transient or attempt == self.settings.retries:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else self.settings.backoff * 2 ** attempt
                if wait > self.settings.max_wait:
                    raise
                self.sleep(wait)
        raise AssertionError("unreachable")


def _completed(article: Article, item: PendingItem) -> Article:
    """The article with what the feed says of it where its page says nothing: its title and date."""
    more: dict[str, object] = {}
    if not article.title and item.title:
        more["title"] = item.title
    if article.date is None and item.published is not None:
        more["date"] = item.published
    return replace(article, **more) if more else article  # type: ignore[arg-type]


def _by_host(things: Iterable[T], url: Callable[[T], str]) -> Iterator[T]:
    """``things`` taken one host at a time in turn (each host's own order kept), so that the wait between two
    requests to one host passes while the others are read."""
    queues: dict[str, deque[T]] = {}
    for thing in things:
        queues.setdefault(urlsplit(url(thing)).netloc.lower(), deque()).append(thing)
    while queues:
        for host in list(queues):
            yield queues[host].popleft()
            if not queues[host]:
                del queues[host]


def _opml_file(path: str) -> list[str]:
    """The feed URLs of an OPML file given on the command line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); give a feed's URL or an OPML file", source=path) from None
    if not feed_reader.is_opml(data):
        raise InputError("is not an OPML list of feeds; a feed is followed by its URL (http:// or https://)",
                         source=path)
    return feed_reader.opml(data, url=Path(path).resolve().as_uri())
