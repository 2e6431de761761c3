#!/usr/bin/env python3
"""Ingest at scale: the 38,598 articles of ``articles.train_extra`` into a fresh stories database, highlights off.

    .venv/bin/python bench/stories.py --json bench/results/stories/ingest.json            # SQLite and PostgreSQL
    .venv/bin/python bench/stories.py --limit 5000 --only sqlite

For each database, articles/s for every 1,000 articles (reading, features, clustering and the transaction
that stores each one), the clustering step alone (features + clusterer, timed inside the same run), the
share of time in each part, and the number of stories kept, so one sees whether the cost per article stays
flat as stories accumulate.
PostgreSQL runs on a throwaway local server (``highlights.stories.pgserver``).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from highlights.read import read
from highlights.stories import ingest as ingest_module
from highlights.stories import pgserver
from highlights.stories.features import featurize
from highlights.stories.ingest import Stories
from highlights.stories.store import Store
from highlights.training.data import shared_data

DATA = shared_data() / "cnndm" / "articles.train_extra.jsonl.gz"
CHUNK = 1000


def measure(db: str, limit: int | None) -> dict:
    store = Store(db)
    ingest = Stories(store, highlights=False)
    spent = {"features": 0.0, "clusterer": 0.0}

    def timed(name, fn):
        def run(*args):
            t = time.perf_counter()
            out = fn(*args)
            spent[name] += time.perf_counter() - t
            return out
        return run

    ingest_module.featurize = timed("features", featurize)  # type: ignore[assignment]
    ingest.clusterer.add = timed("clusterer", ingest.clusterer.add)  # type: ignore[method-assign]
    chunks = []
    started = last = time.perf_counter()
    count = 0
    for item in itertools.islice(read(str(DATA)), limit):
        ingest.add(item)
        count += 1
        if count % CHUNK == 0:
            now = time.perf_counter()
            chunks.append({"articles": count, "stories": len(ingest.clusterer.stories.groups),
                           "articles_per_second": round(CHUNK / (now - last), 1)})
            last = now
    seconds = time.perf_counter() - started
    ingest_module.featurize = featurize
    steady = [c["articles_per_second"] for c in chunks[1:]] or [chunks[0]["articles_per_second"]]
    return {"db": store.dialect, "articles": count, "seconds": round(seconds, 1),
            "articles_per_second": round(count / seconds, 1),
            "steady_articles_per_second_median": sorted(steady)[len(steady) // 2],
            "first_chunk": chunks[0] if chunks else None, "last_chunk": chunks[-1] if chunks else None,
            "clustering_articles_per_second": round(count / (spent["features"] + spent["clusterer"]), 1),
            "clusterer_articles_per_second": round(count / spent["clusterer"], 1),
            "share_of_time": {"features": round(spent["features"] / seconds, 3),
                              "clusterer": round(spent["clusterer"] / seconds, 3),
                              "reading and database": round(1 - (spent["features"] + spent["clusterer"]) / seconds, 3)},
            "counts": store.counts(), "chunks": chunks}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="the first N articles (default: all)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        for kind in ("sqlite", "postgresql"):
            if args.only and kind != args.only:
                continue
            db = str(Path(tmp) / "stories.db") if kind == "sqlite" else stack.enter_context(pgserver.throwaway())
            results.append(measure(db, args.limit))
            r = results[-1]
            print(f"{r['db']}: {r['articles']} articles in {r['seconds']} s ({r['articles_per_second']}/s; steady median "
                  f"{r['steady_articles_per_second_median']}/s; first 1k {r['first_chunk']['articles_per_second']}/s, "
                  f"last 1k {r['last_chunk']['articles_per_second']}/s at {r['last_chunk']['stories']} stories; "
                  f"features + clusterer {r['clustering_articles_per_second']}/s; time {r['share_of_time']})", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"data": DATA.name, "runs": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
