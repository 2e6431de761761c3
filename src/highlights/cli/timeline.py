"""``highlights timeline``: a story's most important dates, each with its bullets and their evidence."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from ..document import Article
from ..errors import HighlightsError, InputError
from ..settings import DATE_MAX, DATE_MIN, Settings
from .common import EXIT_OK, EXIT_SOME_FAILED, _error, _positive


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    from ..stories.timeline import DESCRIPTIONS

    t = sub.add_parser("timeline", help="a story's timeline: its key dates, each with bullets and evidence",
                       description="Make the timeline of a story in the stories database (--story ID) or of the "
                                   "dated articles in the inputs (files, folders, JSONL, Parquet, HTML): its most "
                                   "important dates, each with bullets that point into the articles, and whether "
                                   "the date is a publication date or one the text gives.")
    t.add_argument("paths", nargs="*", metavar="INPUT")
    t.add_argument("--story", type=_positive, metavar="ID", help="a story of the stories database")
    t.add_argument("--db", metavar="PATH|URL", help="the stories database (with --story; default: "
                   "$XDG_DATA_HOME/highlights/stories.db)")
    t.add_argument("-n", "--dates", type=_positive, default=10, help="dates on the timeline (default: 10)")
    t.add_argument("-k", "--per-date", type=_positive, default=2, help="bullets a date (default: 2)")
    t.add_argument("-f", "--format", default="cnn", choices=("cnn", "json", "md"), help="output format (default: cnn)")
    t.add_argument("--method", default="dated", choices=sorted(DESCRIPTIONS),
                   help="; ".join(f"{k}: {v}" for k, v in DESCRIPTIONS.items()) + " (default: dated)")
    t.add_argument("--text-field", default=defaults.text_field, help="JSONL/Parquet field with the article text")
    t.set_defaults(func=run)
    return t


def run(args: argparse.Namespace, defaults: Settings) -> int:
    from ..render.timeline import render
    from ..stories.view import timeline_of

    if bool(args.paths) == bool(args.story):
        raise InputError("give either input files or --story ID (a story of the stories database)")
    if args.story:
        timeline = _from_store(args)
        sys.stdout.write(render(timeline, args.format))
        return EXIT_OK
    from ..read import read_all

    failed = 0
    articles: list[Article] = []
    for item in read_all(args.paths, settings=defaults.with_(text_field=args.text_field)):
        if isinstance(item, HighlightsError):
            failed += 1
            _error(str(item))
        else:
            articles.append(item)
    if not articles:
        raise InputError("no article could be read from the inputs; nothing to make a timeline of")
    undated = sum(a.date is None for a in articles)
    if undated:
        # the readers leave out a date outside the range (an export's 0001-01-01): say so, or it looks lost
        print(f"highlights: {undated} of {len(articles)} article(s) have no date (or one outside {DATE_MIN}.."
              f"{DATE_MAX}) and are left out of the timeline", file=sys.stderr)
    if undated == len(articles):
        raise InputError("no article has a date; a timeline needs dated articles (a 'date' field, a date line or "
                         "the page's date)")
    timeline = timeline_of(articles, dates=args.dates, per_date=args.per_date, method=args.method)
    sys.stdout.write(render(timeline, args.format))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _from_store(args: argparse.Namespace) -> dict[str, Any]:
    from ..stories.store import Store, database_errors
    from ..stories.view import story_timeline

    with database_errors(str(args.db or "stories.db")):
        timeline = story_timeline(Store(args.db, create=False), args.story, dates=args.dates, per_date=args.per_date,
                                  method=args.method)
    if timeline is None:
        raise InputError(f"no story {args.story} in the database; `highlights stories` lists them")
    return timeline
