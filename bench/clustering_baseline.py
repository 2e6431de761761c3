#!/usr/bin/env python3
"""The offline baseline beside the online clusterer: TF-IDF, cosine, average-link agglomerative clustering
over all documents at once, at the distance thresholds best for ECB+ events (0.8) and for WikiRef220 (0.95).

    .venv/bin/python bench/clustering_baseline.py --json bench/results/stories/baseline.json

Each set is read as ``highlights eval clustering`` reads it (title and text, or the sentences), and
scored with the same B-cubed F1 (``highlights.evaluate.clustering.bcubed``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from highlights.evaluate.clustering import bcubed, load
from highlights.training.data import shared_data

DATA = shared_data()
SETS = [("WikiRef220", "clustering/wikiref220.jsonl.gz", "topic"), ("ECB+ events", "clustering/ecbplus.jsonl.gz", "event"),
        ("ECB+ topics", "clustering/ecbplus.jsonl.gz", "topic"), ("T17 stream", "stories/t17.articles.jsonl.gz", "topic")]
THRESHOLDS = (0.8, 0.95)


def main(argv=None) -> int:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    for name, path, label in SETS:
        items, _ = load(DATA / path, label)
        texts = [f"{x.article.title or ''}\n{x.article.text}" for x in items]
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
        gold = [x.label for x in items]
        row = {"set": name, "n": len(items)}
        for t in THRESHOLDS:
            model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=t)
            predicted = model.fit_predict(matrix)
            row[f"bcubed_f1@{t}"] = round(bcubed(list(predicted), gold)[2], 4)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
