#!/usr/bin/env python3
"""How long a timeline of a big story takes: the first N Timeline17 articles (all topics, in file order) as one
story, 10 dates of 2 bullets, one process.

    .venv/bin/python bench/timeline_speed.py --articles 700
"""
from __future__ import annotations

import argparse
import sys
import time

from highlights.evaluate.timeline import load_articles
from highlights.stories.timeline import dated
from highlights.training.data import shared_data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=700)
    args = parser.parse_args(argv)
    by_topic, _ = load_articles(str(shared_data() / "stories" / "t17.articles.jsonl.gz"))
    articles = [a for topic in by_topic.values() for a in topic][: args.articles]
    words = sum(len(a.text.split()) for a in articles)
    started = time.perf_counter()
    entries = dated(articles, dates=10, per_date=2)
    seconds = time.perf_counter() - started
    print(f"{len(articles)} articles ({words:,} words): {len(entries)} dates in {seconds:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
