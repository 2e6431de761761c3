#!/usr/bin/env python3
"""Where the ranker's time goes, article by article, in one warm process (start-up excluded).

    .venv/bin/python bench/ranker_parts.py                     # original_text.train, the cased path
    .venv/bin/python bench/ranker_parts.py --data FILE --json bench/results/ranker/parts.json

Runs ``Pipeline(method="ranker", compress=False, verify=False).run_paths`` (what ``highlights summarize
FILE --no-compress --no-verify`` runs) over the corpus, with the selector's steps wrapped in timers:
lexical and embedding features, the tree models (by model), candidate enumeration, n-gram tables,
the standalone checks' parse (spaCy's load included, once per process) and the conflicts' claims. The
parts do not add up to the total: splitting, reading, the cheap screening rules and the rest are left
over. Timers cost a few microseconds a call.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import highlights.pipeline as pipeline_module
import highlights.select.embed as embed
import highlights.select.ranker as ranker
import highlights.select.salience as salience
from highlights.models.trees import Forest
from highlights.pipeline import Pipeline
from highlights.settings import Settings
from highlights.training.data import shared_data

spent: Counter = Counter()


def timed(owner, name: str, label: str) -> None:
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(shared_data() / "cnndm" / "original_text.train.jsonl.gz"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pipeline = Pipeline(Settings(method="ranker", compress=False, verify=False))
    model = ranker.load_model()
    names = {id(f): f"trees: sentence scorer {k}" for k, f in enumerate(model.scorers)}
    names[id(model.rerank)] = "trees: reranker"
    names.update({id(f): f"trees: {order}-gram salience" for order, f in zip(salience.ORDERS, model.ngram_models)})
    predict = Forest.predict

    def forest_predict(self, X):
        start = time.perf_counter()
        try:
            return predict(self, X)
        finally:
            spent[names.get(id(self), "trees: other")] += time.perf_counter() - start

    Forest.predict = forest_predict  # type: ignore[method-assign]
    timed(ranker, "sentence_features", "lexical features")
    timed(ranker, "embedding_features", "embedding features")
    timed(embed.Embedder, "__call__", "wordpiece embedding")
    timed(ranker, "candidates", "candidates")
    timed(salience, "table", "n-gram tables")
    timed(salience, "candidate_features", "coverage features")
    timed(Pipeline, "faults", "standalone checks' parse (spaCy load included)")
    timed(pipeline_module, "claims", "conflicts' claims")
    start = time.perf_counter()
    results = list(pipeline.run_paths([args.data]))
    total = time.perf_counter() - start
    articles = sum(1 for r in results if not isinstance(r, Exception))
    print(f"{articles} articles in {total:.2f} s ({articles / total:.0f} articles/s, start-up excluded)")
    print("| part | seconds | ms per article |\n|---|---:|---:|")
    for label, seconds in spent.most_common():
        print(f"| {label} | {seconds:.2f} | {1000 * seconds / max(articles, 1):.1f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"data": args.data, "articles": articles, "seconds": round(total, 3),
                                         "parts": {k: round(v, 3) for k, v in spent.most_common()}}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
