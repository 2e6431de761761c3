"""``highlights ingest``, ``stories`` and ``story``: a stream of articles grouped into developing stories."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import HighlightsError
from ..settings import ARTICLES_LISTED, Settings
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_SOME_FAILED,
    _count,
    _error,
    _not_negative,
    _positive,
    add_pipeline_options,
    pipeline_settings,
)

if TYPE_CHECKING:
    from ..stories.store import Store


def _db(s: argparse.ArgumentParser) -> None:
    s.add_argument("--db", metavar="PATH|URL", help="the stories database: a SQLite file or postgresql://… "
                   "(default: $XDG_DATA_HOME/highlights/stories.db)")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``ingest``, ``stories`` and ``story`` to ``sub``."""
    i = sub.add_parser("ingest", help="add articles to the stories database, each placed in a story",
                       description="Read the inputs (files, folders, JSONL, Parquet, HTML, or http(s) URLs of "
                                   "pages) in order and add each new article to the database, summarized and "
                                   "placed in a story. Articles already stored (the same text) are left as they "
                                   "are. To follow RSS or Atom feeds, see highlights follow.")
    i.add_argument("paths", nargs="+", metavar="INPUT", help="a file, a folder, - for stdin, or a page's URL")
    _db(i)
    i.add_argument("--highlights", action=argparse.BooleanOptionalAction, default=True,
                   help="summarize each article as it is stored (default: on; off is much faster)")
    add_pipeline_options(i, defaults)
    i.add_argument("-w", "--workers", type=_workers, default=None,
                   help="processes that read the articles' features (and highlights) while this one places and "
                        "stores them (default: this machine's CPUs, one fewer with --no-highlights; 0: all in "
                        "this process)")
    i.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    i.set_defaults(func=ingest)

    s = sub.add_parser("stories", help="list the stories in the database, latest first (or their topics)")
    _db(s)
    s.add_argument("-f", "--format", default="text", choices=("text", "json"), help="output format (default: text)")
    s.add_argument("--by", default="story", choices=("story", "topic"),
                   help="list the stories (default), or the topics, the long-running threads, each with its stories")
    s.add_argument("--order", choices=("size", "recent"), default=None,
                   help="the largest first, or the latest first (default: recent for stories, size for topics)")
    s.add_argument("--limit", type=_positive, default=20, help="stories (or topics) to list (default: 20)")
    s.add_argument("--min-size", "--min-articles", dest="min_size", type=_positive, default=1, metavar="N",
                   help="only stories (or topics) with at least this many articles")
    s.add_argument("--topic", type=_positive, metavar="ID", help="only the stories of this topic")
    s.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                   help="--by topic: only topics with an article on or after this day")
    s.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD",
                   help="--by topic: only topics with an article on or before this day")
    s.add_argument("--stories", type=_positive, default=None, metavar="N",
                   help="--by topic: stories listed per topic (default: 5)")
    s.add_argument("-n", "--count", type=_count, default=3, help="highlights per story (default: 3)")
    s.set_defaults(func=list_stories)

    one = sub.add_parser("story", help="one story: its articles and its highlights with evidence")
    one.add_argument("id", type=_positive, metavar="ID")
    _db(one)
    one.add_argument("-f", "--format", default="text", choices=("text", "json"), help="output format (default: text)")
    one.add_argument("-n", "--count", type=_count, default=4, help="highlights (default: 4)")
    one.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                     help="what is new: only highlights of later articles that repeat none published up to this day")
    one.add_argument("--offset", type=_not_negative, default=0, help="list the articles from this one on (default: 0)")
    one.add_argument("--limit", type=_positive, default=ARTICLES_LISTED,
                     help=f"list at most this many articles (default: {ARTICLES_LISTED}, as the API)")
    one.set_defaults(func=show_story)
    return one


def ingest(args: argparse.Namespace, defaults: Settings) -> int:
    """Ingest every input; exit 1 when some articles could not be read (or were empty) and were skipped, 2 when
    none could. An article stored without highlights (the summarizer declined it) is not a failure: nothing
    was lost, and it is named on stderr and counted in the last line."""
    from ..stories.store import Store, database_errors

    settings = pipeline_settings(args, defaults)
    store = Store(args.db)
    with database_errors(str(args.db or "stories.db")):
        return _ingest(args, store, settings)


# the last line's short name for each reason an article is stored without highlights (``errors`` codes)
DECLINED = {"empty_input": "no sentence can stand alone", "unsupported_language": "not English",
            "too_long": "too long"}


def _declined(exc: HighlightsError) -> str:
    return DECLINED.get(exc.code, exc.code)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {n}")
    return n


def _total(args: argparse.Namespace) -> int | None:
    """How many articles the inputs hold, for the progress bar (a first pass over them, as ``batch`` plans
    its parts); None when it cannot be known in advance (stdin, an unreadable input)."""
    from ..batch.plan import plan

    try:
        parts = plan(args.paths, batch_size=1_000_000, input_format=args.input_format)
    except HighlightsError:
        return None
    return None if parts.errors else sum(p.articles for p in parts.parts)


def _ingest(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    import os

    from ..read import read_all
    from ..stories.ingest import Ingested, Stories
    from ..stories.prepare import prepare

    new = known = failed = 0
    stories_before = store.counts()["stories"]

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    workers = args.workers
    if workers is None:  # without highlights a worker keeps up with this process: leave it a core
        workers = (os.cpu_count() or 1) - (0 if args.highlights else 1) or 1
    articles = read_all(args.paths, input_format=args.input_format, settings=settings)
    ready = prepare(articles, settings=settings, highlights=args.highlights, workers=workers, stored=store.stored)
    results = Stories(store, settings=settings, highlights=False).add_all(ready)
    if show:
        from tqdm import tqdm

        results = tqdm(results, unit="article", file=sys.stderr, leave=False, total=_total(args))
    declined: Counter[str] = Counter()
    for r in results:
        if isinstance(r, Ingested):
            new += r.new_article
            known += not r.new_article
            if r.refused is not None:
                declined[_declined(r.refused)] += 1
                print(f"highlights: stored without highlights: {r.refused}", file=sys.stderr)
        else:
            failed += 1
            _error(str(r))
    counts = store.counts()
    without = ""
    if declined:
        why = ", ".join(f"{k}: {n:,}" for k, n in declined.most_common())
        without = f"; stored {sum(declined.values()):,} without highlights ({why})"
    print(f"highlights: ingested {new:,} new article(s) ({known:,} already stored){without}; the database holds "
          f"{counts['articles']:,} articles in {counts['stories']:,} stories "
          f"({counts['stories'] - stories_before:+,})", file=sys.stderr)
    if failed and not (new or known):
        return EXIT_ERROR
    return EXIT_SOME_FAILED if failed else EXIT_OK


def list_stories(args: argparse.Namespace, defaults: Settings) -> int:
    from ..stories.store import Store, database_errors
    from ..stories.view import listing

    if args.by == "topic":
        return list_topics(args)
    if args.since is not None or args.until is not None or args.stories is not None:
        _error("--since, --until and --stories list topics: add --by topic")
        return EXIT_ERROR
    with database_errors(str(args.db or "stories.db")):
        rows = listing(Store(args.db, create=False), limit=args.limit, min_size=args.min_size, n=args.count,
                       order=args.order or "recent", topic=args.topic)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        print(f"{r['id']:>6}  {r['articles']:>4} article(s)  {_span(r['first'], r['last'])}  {r['title']}")
        for h in r["highlights"]:
            print(f"        - {h}")
    return EXIT_OK


def list_topics(args: argparse.Namespace) -> int:
    """``highlights stories --by topic``: each topic, its span and its largest stories; its one-article stories
    counted, not listed."""
    from ..stories.store import Store, database_errors
    from ..stories.view import topic_listing

    if args.since is not None and args.until is not None and args.until < args.since:
        _error(f"--until {args.until.isoformat()} is before --since {args.since.isoformat()}")
        return EXIT_ERROR
    with database_errors(str(args.db or "stories.db")):
        rows = topic_listing(Store(args.db, create=False), order=args.order or "size", min_size=args.min_size,
                             since=args.since, until=args.until, limit=args.limit,
                             stories_per_topic=args.stories or 5)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    for t in rows:
        print(f"topic {t['id']:>5}  {t['articles']:>4} article(s) in {_stories(t['stories'])}  "
              f"{_span(t['first'], t['last'])}  {t['title']}")
        for st in t["top_stories"]:
            print(f"  {st['id']:>6}  {st['articles']:>4} article(s)  {_span(st['first'], st['last'])}  {st['title']}")
        rest = [_stories(n, kind) for n, kind in ((t["other_stories"], "more"), (t["single_stories"], "single-article"))
                if n]
        if rest:
            print(f"          … and {' and '.join(rest)} (all: --topic {t['id']})")
    return EXIT_OK


def _stories(n: int, kind: str = "") -> str:
    """ "1 story", "3 more stories", "2 single-article stories"."""
    return f"{n} {kind + ' ' if kind else ''}stor{'y' if n == 1 else 'ies'}"


def _span(first: str | None, last: str | None) -> str:
    """A listing's span of dates: one day, "first – last", or undated."""
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last or '?'}"


def show_story(args: argparse.Namespace, defaults: Settings) -> int:
    from ..stories.store import Store, database_errors
    from ..stories.view import detail

    with database_errors(str(args.db or "stories.db")):
        story = detail(Store(args.db, create=False), args.id, n=args.count, since=args.since, offset=args.offset,
                       limit=args.limit)
    if story is None:
        _error(f"no story {args.id} in the database; `highlights stories` lists them")
        return EXIT_ERROR
    if args.format == "json":
        print(json.dumps(story, ensure_ascii=False))
        return EXIT_OK
    print(f"Story {story['id']}: {story['title']}")
    print(f"{story['articles_total']} article(s), {story['first'] or 'undated'} – {story['last'] or 'undated'}\n")
    if args.since is not None:
        print(f"New since {args.since.isoformat()}:" if story["highlights"] else
              f"Nothing new since {args.since.isoformat()}.")
    for h in story["highlights"]:
        print(f"- {h['text']}  [article {h['article']}{', ' + h['date'] if h['date'] else ''}]")
    if story["conflicts"]:
        print("\nFigures that disagree:")
        for c in story["conflicts"]:
            articles = ", ".join(dict.fromkeys(str(v["article"]) for v in c["values"]))
            print(f"- {c['bullet']}  [article{'s' if ',' in articles else ''} {articles}]")
    print("\nArticles:")
    for a in story["articles"]:
        refused = f"  (no highlights: {a['refused']['message']})" if a.get("refused") else ""
        print(f"  {a['id']:>6}  {a['date'] or '          '}  {a['title'] or a['external_id']}{refused}")
    more = story["articles_total"] - story["offset"] - len(story["articles"])
    if more > 0:
        print(f"  … and {more} more (--offset {story['offset'] + len(story['articles'])})")
    return EXIT_OK
