#!/usr/bin/env python3
"""The ranker's and Lead-3's dev ROUGE by source (CNN, Daily Mail), and training files of a chosen source mix.

    .venv/bin/python bench/ranker_sources.py score --models /tmp/m [--dev FILE] [--json out.json]
    .venv/bin/python bench/ranker_sources.py mix --out /tmp/mix.jsonl.gz --extra 7500 [--cnn-share 0.10]

Which source an article comes from: ``highlights.evaluate.corpus.news_source`` (the opening's CNN or place
dateline), as ``highlights eval rouge`` splits its scores (dev: 161 CNN stories of the test split's 165).
``articles.train_extra`` keeps the CNN/DailyMail training split's order, CNN first: its rows 0–22,360
are CNN, the 16,237 after are Daily Mail.

``score`` runs both methods with ``training/ranker.py``'s ``dev_runs`` (the trainer's dev protocol: 3
highlights, the corpus loader, paper ROUGE) and splits the per-article scores by source. ``mix`` writes
``articles.train`` followed by ``--extra`` rows of ``articles.train_extra`` (seeded): a uniform sample, or
``--cnn-share`` of them drawn from its CNN block and the rest from its Daily Mail block.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

import numpy as np

EXTRA_LAST_CNN = 22360  # the last CNN row of articles.train_extra (CNN/DailyMail training order)


def score(models: str, dev: str) -> dict:
    from highlights.evaluate.corpus import news_source
    from highlights.training.ranker import dev_runs

    items, runs = dev_runs(dev, models)
    cnn = np.array([news_source(item.article.text) == "cnn" for item in items])
    result: dict = {}
    for name, (scores, _) in runs.items():
        for part, mask in (("all", np.ones(len(cnn), dtype=bool)), ("cnn", cnn), ("dailymail", ~cnn)):
            mean = scores[mask].mean(axis=0)
            result.setdefault(name, {})[part] = {"articles": int(mask.sum()), "rouge1": round(float(mean[0]), 2),
                                                 "rouge2": round(float(mean[1]), 2),
                                                 "rougeLsum": round(float(mean[2]), 2)}
    return result


def mix(data: Path, out: Path, extra: int, cnn_share: float | None, seed: int) -> dict:
    with gzip.open(data / "articles.train_extra.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = fh.readlines()
    cnn = list(range(EXTRA_LAST_CNN + 1))
    dm = list(range(EXTRA_LAST_CNN + 1, len(rows)))
    rng = random.Random(seed)
    if cnn_share is None:  # a uniform sample: the extra's own mix
        picked = sorted(rng.sample(range(len(rows)), min(extra, len(rows))))
        n_cnn = sum(j <= EXTRA_LAST_CNN for j in picked)
    else:
        n_cnn = round(extra * cnn_share)
        picked = sorted(rng.sample(cnn, min(n_cnn, len(cnn)))) + sorted(rng.sample(dm, min(extra - n_cnn, len(dm))))
    written = 0
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        with gzip.open(data / "articles.train.jsonl.gz", "rt", encoding="utf-8") as train:
            for line in train:
                fh.write(line)
                written += 1
        for j in picked:
            fh.write(rows[j])
    return {"train": written, "extra_cnn": min(n_cnn, len(cnn)), "extra_dailymail": len(picked) - min(n_cnn, len(cnn))}


def main() -> int:
    from highlights.training.data import shared_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score")
    s.add_argument("--models", required=True, help="models folder (its ranker/ and idf/)")
    s.add_argument("--dev", default=str(shared_data() / "cnndm" / "articles.dev.jsonl.gz"))
    s.add_argument("--json", type=Path)
    m = sub.add_parser("mix")
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--extra", type=int, default=7500, help="rows of articles.train_extra to add")
    m.add_argument("--cnn-share", type=float, default=None,
                   help="share of them from its CNN block (default: a uniform sample, the extra's own mix)")
    m.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.command == "score":
        result = score(args.models, args.dev)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    else:
        result = mix(shared_data() / "cnndm", args.out, args.extra, args.cnn_share, args.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
