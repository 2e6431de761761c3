#!/usr/bin/env python3
"""A ranker model's selections on a corpus, as a systems file that `highlights eval rouge --systems` reads.

    .venv/bin/python bench/ranker_outputs.py --models DIR --system "ranker (#17)" \\
        --data ../shared/data/cnndm/articles.dev.jsonl.gz --out bench/results/ranker_17.dev.jsonl.gz

So two ranker models (the shipped one and an earlier or candidate one, each a models folder with its
``ranker/`` and ``idf/``) are compared on the same articles with the harness's intervals and paired test:
``highlights eval rouge --data DEV --method ranker --systems FILE`` tests the system against the shipped
ranker. Selection runs as `eval rouge`'s ``ranker`` does: 3 highlights, among the sentences that can stand
alone, no compression.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from highlights.errors import EmptyInputError
from highlights.evaluate.corpus import load
from highlights.pipeline import Pipeline
from highlights.select.ranker import Ranker
from highlights.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, required=True, help="models folder with ranker/ and idf/")
    parser.add_argument("--system", required=True, help="the name the rows carry")
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines (.gz when the name ends so)")
    parser.add_argument("-n", "--count", type=int, default=3)
    args = parser.parse_args()
    pipeline = Pipeline(Settings(method="ranker", compress=False, verify=False),
                        summarizer=Ranker(args.models).load())
    dataset = load(args.data)
    opener = gzip.open if args.out.suffix == ".gz" else open
    with opener(args.out, "wt", encoding="utf-8") as fh:
        for item in dataset.items:
            try:
                lines = [h.text for h in pipeline(item.article, n=args.count).highlights]
            except EmptyInputError:
                lines = []
            fh.write(json.dumps({"id": item.id, "system": args.system, "summary": "\n".join(lines)}) + "\n")
    print(f"{len(dataset.items)} articles, {len(dataset.skipped)} skipped: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
