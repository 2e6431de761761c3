"""Train the compression model: which subtrees of a sentence can go (``make train``).

For the first sentences of training articles, each candidate subtree is labelled 1 when dropping
it moves the sentence closer to its best-matching reference bullet — ROUGE-1 + ROUGE-2 F1 rises
and ROUGE-2 F1 does not fall — else 0. A logistic regression over ``compress.features`` learns
that; its weights, with the SHA-256 of the training files, go to ``models/compress.json``.
Seeded and deterministic; train split only.

    python -m highlights.compress_train --limit 1000
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from pathlib import Path

from .compress import Compressor, candidates, dropped_tokens, features, kept_runs, render, word_counts
from .sentences import split

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "cnndm"
SOURCES = (("articles.train.jsonl.gz", "highlights_tok_lower"), ("original_text.train.jsonl.gz", "highlights"))
OUT = Path(__file__).with_name("models") / "compress.json"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def examples(path: Path, reference_field: str, limit: int, nlp, scorer, seed: int, sentences_per_article: int = 8):
    rows = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    random.Random(seed).shuffle(rows)
    X, y = [], []
    for row in rows[:limit]:
        refs = row.get(reference_field) or row.get("highlights")
        if not refs:
            continue
        text = row["article"]
        tf = word_counts(text)
        spans = split(text)[:sentences_per_article]
        for doc in nlp.pipe(text[s.start:s.end] for s in spans):
            sent = doc[:]
            whole = sent.text
            scores = {b: scorer.score(b, whole) for b in refs}
            best = max(refs, key=lambda b: scores[b]["rouge1"].fmeasure + scores[b]["rouge2"].fmeasure)
            r1, r2 = scores[best]["rouge1"].fmeasure, scores[best]["rouge2"].fmeasure
            if r1 + r2 < 0.3:
                continue  # a sentence no bullet draws on teaches nothing about compressing
            for c in candidates(sent):
                s = scorer.score(best, render(sent, kept_runs(sent, dropped_tokens(c, sent))))
                n1, n2 = s["rouge1"].fmeasure, s["rouge2"].fmeasure
                X.append(features(c, sent, tf))
                y.append(int(n2 >= r2 - 1e-9 and n1 + n2 > r1 + r2 + 1e-9))
    return X, y


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the CNN/DailyMail train files")
    parser.add_argument("--limit", type=int, default=1000, help="articles from each training file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    from rouge_score_rs import RougeScorer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.time()
    nlp = Compressor().nlp
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    X, y, files = [], [], {}
    for name, field in SOURCES:
        path = args.data / name
        if not path.exists():
            print(f"error: {path} is missing; pass --data with the CNN/DailyMail folder", file=sys.stderr)
            return 2
        files[name] = sha256(path)
        Xi, yi = examples(path, field, args.limit, nlp, scorer, args.seed)
        X += Xi
        y += yi
    vec = DictVectorizer(sort=True)
    model = LogisticRegression(C=1.0, max_iter=5000, random_state=args.seed).fit(vec.fit_transform(X), y)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 6)
    args.out.write_text(json.dumps({
        "model": "logistic regression: P(dropping this subtree brings the sentence closer to its reference)",
        "weights": weights,
        "training": {"files": files, "articles_per_file": args.limit, "seed": args.seed,
                     "examples": len(y), "positive_share": round(sum(y) / max(len(y), 1), 4),
                     "seconds": round(time.time() - started, 1)},
    }, indent=1, sort_keys=True) + "\n")
    print(f"wrote {args.out}: {len(weights)} weights from {len(y)} examples in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
