#!/usr/bin/env python3
"""Extractive sanity check of the verifier: our own highlights should be supported.

    .venv/bin/python bench/verify_lead.py                 # lead, 3 highlights per article
    .venv/bin/python bench/verify_lead.py --method centrality

Every distinct article of the three faithfulness sets (FRANK, SummEval, QAGS; CNN/DM) is summarized
with ``--method`` and each highlight verified against its article; unsupported highlights are listed.
Highlights copied from the article should all pass: any that fail are false alarms.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
import time
from pathlib import Path

from highlights.training.data import shared_data

ROOT = Path(__file__).resolve().parents[1]
DATA = shared_data() / "faithfulness"
FILES = ("frank_cnndm.dev.jsonl.gz", "summeval.dev.jsonl.gz", "qags_cnndm.dev.jsonl.gz")


def main(argv: list[str] | None = None) -> int:
    import highlights
    from highlights.verify import verify

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--method", default="lead")
    ap.add_argument("-n", "--count", type=int, default=3)
    args = ap.parse_args(argv)
    articles: dict[str, str] = {}
    for name in FILES:
        with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["article"]
                articles.setdefault(text, text)
    kinds: collections.Counter = collections.Counter()
    total = unsupported = 0
    start = time.perf_counter()
    for text in articles:
        for h in highlights.summarize(text, method=args.method, n=args.count).highlights:
            v = verify(text, h.text)
            total += 1
            kinds.update(p.kind for p in v.problems)
            if not v.supported:
                unsupported += 1
                print(f"unsupported {v.score:.2f}: {h.text[:120]!r} {[p.kind for p in v.problems]}")
    seconds = time.perf_counter() - start
    print(f"{len(articles)} articles, {total} {args.method} highlights: {unsupported} unsupported; "
          f"problems reported: {dict(sorted(kinds.items()))}; {total / seconds:.0f} highlights/s "
          "(summarizing included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
