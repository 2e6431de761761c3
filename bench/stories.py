#!/usr/bin/env python3
"""Ingest at scale: the 38,598 articles of ``articles.train_extra`` into a fresh stories database, highlights off.

    .venv/bin/python bench/stories.py --json bench/results/stories/ingest.json            # SQLite and PostgreSQL
    .venv/bin/python bench/stories.py --limit 5000 --only sqlite

As ``highlights ingest --no-highlights`` runs: ``--workers`` processes read each article's features while the
main process places and stores them. For each database, articles/s for every 1,000 articles (the whole
ingest: reading, features, clustering, the transactions), the clusterer alone (timed inside the same run),
and the number of stories kept, so one sees whether the cost per article stays flat as stories accumulate.
PostgreSQL runs on a throwaway local server (``highlights.highlights_testing.pgserver``).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from highlights.read import read
from highlights.stories.ingest import BATCH, Stories
from highlights.stories.prepare import prepare
from highlights.stories.store import Store
from highlights.training.data import shared_data
from highlights_testing import pgserver

DATA = shared_data() / "cnndm" / "articles.train_extra.jsonl.gz"
CHUNK = 1000


def measure(db: str, limit: int | None, workers: int) -> dict:
    store = Store(db)
    ingest = Stories(store, highlights=False)
    spent = {"clusterer": 0.0}
    add = ingest.clusterer.add

    def timed(features):
        t = time.perf_counter()
        out = add(features)
        spent["clusterer"] += time.perf_counter() - t
        return out

    chunks = []
    started = last = time.perf_counter()
    count = 0
    items = prepare(itertools.islice(read(str(DATA)), limit), highlights=False, workers=workers)
    for _ in ingest.add_all(items):
        if count == 0:
            ingest.clusterer.add = timed  # type: ignore[method-assign]  # (the first batch is placed already)
        count += 1
        if count % CHUNK == 0:
            now = time.perf_counter()
            chunks.append({"articles": count, "stories": len(ingest.clusterer.stories.groups),
                           "articles_per_second": round(CHUNK / (now - last), 1)})
            last = now
    seconds = time.perf_counter() - started
    steady = [c["articles_per_second"] for c in chunks[1:]] or [chunks[0]["articles_per_second"]]
    return {"db": store.dialect, "workers": workers, "articles": count, "seconds": round(seconds, 1),
            "articles_per_second": round(count / seconds, 1),
            "steady_articles_per_second_median": sorted(steady)[len(steady) // 2],
            "steady_articles_per_second_min": min(steady),
            "first_chunk": chunks[0] if chunks else None, "last_chunk": chunks[-1] if chunks else None,
            "clusterer_articles_per_second": round((count - BATCH) / spent["clusterer"], 1),
            "share_of_main_process": {"clusterer": round(spent["clusterer"] / seconds, 3),
                                      "database, waiting for features": round(1 - spent["clusterer"] / seconds, 3)},
            "counts": store.counts(), "chunks": chunks}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="the first N articles (default: all)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1) - 1),
                        help="processes preparing features, as `highlights ingest --no-highlights` (default: "
                             "the CPUs less one)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        for kind in ("sqlite", "postgresql"):
            if args.only and kind != args.only:
                continue
            db = str(Path(tmp) / "stories.db") if kind == "sqlite" else stack.enter_context(pgserver.throwaway())
            results.append(measure(db, args.limit, args.workers))
            r = results[-1]
            print(f"{r['db']}: {r['articles']} articles in {r['seconds']} s ({r['articles_per_second']}/s; steady median "
                  f"{r['steady_articles_per_second_median']}/s; first 1k {r['first_chunk']['articles_per_second']}/s, "
                  f"last 1k {r['last_chunk']['articles_per_second']}/s at {r['last_chunk']['stories']} stories; "
                  f"slowest 1k {r['steady_articles_per_second_min']}/s; clusterer alone "
                  f"{r['clusterer_articles_per_second']}/s; main process {r['share_of_main_process']})", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"data": DATA.name, "runs": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
