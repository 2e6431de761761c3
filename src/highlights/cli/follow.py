"""``highlights follow`` (feeds in, stories updated round after round) and ``highlights feeds`` (what is followed)."""
from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..settings import Settings
from .common import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, _error, add_pipeline_options, pipeline_settings, show_log
from .stories import _db, _workers

if TYPE_CHECKING:
    from ..document import Article
    from ..errors import HighlightsError
    from ..stories.ingest import Ingested, OnWrite

BATCH = 8  # articles per transaction: a page fetched costs more than a transaction, so a killed run loses few
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$")


def _duration(raw: str) -> float:
    """"90", "90s", "10m", "1h" → seconds (at least 1)."""
    m = _DURATION.match(raw)
    if not m:
        raise argparse.ArgumentTypeError(f"expected a duration such as 30s, 10m or 1h, got {raw!r}")
    seconds = float(m.group(1)) * {"s": 1, "m": 60, "h": 3600}[m.group(2) or "s"]
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 second, got {raw!r}")
    return seconds


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {raw!r}") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"expected 0 to 3600 seconds, got {raw!r}")
    return value


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> None:
    f = sub.add_parser("follow", help="follow RSS/Atom feeds: each round stores their new articles in stories",
                       description="Add the feeds (URLs of RSS or Atom feeds, OPML lists by URL or file) to the "
                                   "database's feeds, then read every feed it follows, round after round: each "
                                   "new item's page is fetched, summarized and placed in its story. A feed that "
                                   "did not change costs one conditional request. The feeds and the items seen are "
                                   "kept in the database, so a stopped run resumes without reading anything twice.")
    f.add_argument("feeds", nargs="*", metavar="FEED", help="a feed's URL or an OPML list (URL or file); none: the "
                   "feeds the database follows already")
    _db(f)
    when = f.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    when.add_argument("--every", type=_duration, default=600.0, metavar="DURATION",
                      help="start a round this often, until stopped (default: 10m)")
    f.add_argument("--delay", type=_seconds, default=1.0, metavar="SECONDS",
                   help="between two requests to one site (default: 1)")
    f.add_argument("--retries", type=int, choices=range(0, 6), default=2, metavar="N",
                   help="tries again of a request that failed for a reason that may pass, 429 and 5xx "
                        "included, after a backoff or the server's Retry-After (default: 2)")
    f.add_argument("--highlights", action=argparse.BooleanOptionalAction, default=True,
                   help="summarize each article as it is stored (default: on)")
    f.add_argument("-w", "--workers", type=_workers, default=None,
                   help="processes that summarize a round's new articles while this one fetches and stores them "
                        "(default: this machine's CPUs; 0: all in this process)")
    f.add_argument("-v", "--verbose", action="store_true", help="name every page fetched")
    add_pipeline_options(f, defaults)
    f.set_defaults(func=follow)

    s = sub.add_parser("feeds", help="the feeds the stories database follows, and their last round")
    _db(s)
    s.add_argument("-f", "--format", default="text", choices=("text", "json"), help="output format (default: text)")
    s.add_argument("--remove", metavar="ID|URL", help="stop following this feed (its articles stay in their stories)")
    s.set_defaults(func=list_feeds)


def follow(args: argparse.Namespace, defaults: Settings) -> int:
    """Rounds until stopped (or one, ``--once``): exit 0 when the last round read every item it found, 1 when some
    items or feeds failed, 2 when nothing could be done (no feeds, another follower running)."""
    from ..errors import FollowerBusyError
    from ..read.fetch import Limits
    from ..stories.follow import Follower, FollowSettings
    from ..stories.ingest import Stories
    from ..stories.prepare import prepare
    from ..stories.store import Store, database_errors

    settings = pipeline_settings(args, defaults)
    if not args.verbose:
        logging.getLogger("highlights.read.fetch").setLevel(logging.WARNING)
    show_log("highlights.follow")  # a feed or an item that failed, as a line
    where = str(args.db or "stories.db")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    with database_errors(where):
        store = Store(args.db)
        stories = Stories(store, highlights=False)  # (``prepare`` summarizes, in the workers)

        def store_all(articles: Iterator[Article], mark: OnWrite) -> Iterator[Ingested | HighlightsError]:
            first = next(articles, None)  # nothing new this round: no workers started
            if first is None:
                return iter(())
            ready = prepare(itertools.chain([first], articles), settings=settings, highlights=args.highlights,
                            workers=workers)
            return stories.add_all(ready, on_write=mark, batch=BATCH)

        follower = Follower(store, store_all, limits=Limits(max_bytes=settings.max_bytes, allow_private=True),
                            settings=FollowSettings(delay=args.delay, retries=args.retries))
        for row in follower.subscribe(args.feeds):
            print(f"highlights: following {row.url} (feed {row.id})", file=sys.stderr)
        if not follower.subscriptions.feeds():
            _error("no feeds to follow; give a feed's URL (or an OPML list): highlights follow URL --db PATH")
            return EXIT_ERROR
        try:
            while True:
                started = time.monotonic()
                try:
                    result = follower.round()
                except FollowerBusyError as exc:
                    if args.once:
                        raise
                    _error(f"{exc}; no round this time")  # (it may finish, or die, before the next)
                else:
                    print(f"highlights: round at {time.strftime('%H:%M:%S')}: {result.line()}", file=sys.stderr)
                    if args.once:
                        return EXIT_SOME_FAILED if result.failed or result.feeds_failed else EXIT_OK
                time.sleep(max(0.0, args.every - (time.monotonic() - started)))
        finally:
            follower.release()


def list_feeds(args: argparse.Namespace, defaults: Settings) -> int:
    from ..stories.store import Store, database_errors
    from ..stories.subscriptions import Subscriptions

    with database_errors(str(args.db or "stories.db")):
        subs = Subscriptions(Store(args.db, create=False))
        if args.remove is not None:
            gone = subs.remove(args.remove)
            if gone is None:
                _error(f"no feed {args.remove} is followed; `highlights feeds` lists them")
                return EXIT_ERROR
            print(f"highlights: no longer following {gone.url} (feed {gone.id})", file=sys.stderr)
            return EXIT_OK
        rows = subs.feeds()
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        d = r.to_dict()
        last = d["last_round"]
        if last is None:
            state = "not read yet"
        elif last["status"] == "failed":
            state = f"failed at {last['at']} ({last['error']}: {last['message']})"
        else:
            state = f"{last['status'].replace('_', ' ')} at {last['at']}, {last['new']} new, {last['failed']} failed"
        print(f"{r.id:>5}  {r.stored:>5} of {r.items:>5} item(s) stored  {r.title or r.url}\n       {r.url}  {state}")
    return EXIT_OK
