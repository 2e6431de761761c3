#!/usr/bin/env python3
"""Figures that disagree, on real text: the seed, and FA-KES's 804 Syrian-war articles (15 outlets).

    .venv/bin/python bench/conflicts.py --json bench/results/stories/conflicts.json

Counts the quantity claims found, the conflicts flagged within an article, and those flagged across the
articles of one day and place (FA-KES's `date` and `location`, standing in for a story), and lists every
flagged conflict with the sentences behind it, to be read and judged (BENCHMARKS.md records the verdicts).
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

from highlights.document import Article
from highlights.figures import claims, conflicts
from highlights.read import read
from highlights.training.data import shared_data

DATA = shared_data()


def context(article: Article, start: int, end: int) -> str:
    return " ".join(article.text[max(0, start - 160):end + 80].split())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    (seed,) = list(read(str(DATA / "seed" / "000_05a49977c339561e.txt")))
    out: dict = {"seed": [c.bullet() for c in conflicts(claims(seed))]}
    articles = []
    with gzip.open(DATA / "conflicts" / "fa_kes.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            m, d, y = r["date"].split("/")
            articles.append((r["location"], Article(id=r["id"], text=r["text"], title=r["title"],
                                                    date=dt.date(int(y), int(m), int(d)))))
    started = time.perf_counter()
    found = {a.id: claims(a) for _, a in articles}
    seconds = time.perf_counter() - started
    by_id = {a.id: a for _, a in articles}
    within = [(aid, k) for aid, cs in found.items() for k in conflicts(cs)]
    groups: dict = collections.defaultdict(list)
    for place, a in articles:
        groups[(a.date, place)].append(a.id)
    across = []
    for ids in groups.values():
        if len(ids) > 1:
            across += [k for k in conflicts([c for i in ids for c in found[i]]) if len({c.article for c in k.claims}) > 1]
    out["fa_kes"] = {
        "articles": len(articles), "claims": sum(map(len, found.values())), "seconds": round(seconds, 2),
        "day_place_groups": sum(len(ids) > 1 for ids in groups.values()),
        "within_article": [{"article": aid, "bullet": k.bullet(),
                            "context": [context(by_id[aid], c.start, c.end) for c in k.claims]} for aid, k in within],
        "across_articles": [{"bullet": k.bullet(), "context": [f"{c.article}: " + context(by_id[c.article], c.start, c.end)
                                                              for c in k.claims]} for k in across]}
    print(f"seed: {out['seed']}", file=sys.stderr)
    f = out["fa_kes"]
    print(f"FA-KES: {f['claims']} claims in {f['articles']} articles ({f['seconds']} s); {len(f['within_article'])} "
          f"conflicts within an article, {len(f['across_articles'])} across the articles of one day and place "
          f"({f['day_place_groups']} such groups)", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
