"""Train the compression model: which subtrees of a highlight can go (``make train``).

The ranker picks up to four highlights from each training article, as it does at run time. Each
candidate subtree of each highlight (``compress.candidates``) is scored by what dropping it alone
does to the ROUGE-2 F1 of the whole set of highlights against all the reference bullets (the
measure the evaluation reports; parentheticals, which always go, are dropped first). A LightGBM
classifier over ``compress.all_features`` learns whether that change is positive, each example
weighted by its size, so its probability passes 0.5 where the expected ROUGE-2 change does.
Its trees go to ``models/compress.txt``, the feature names and the SHA-256 of the training files
to ``models/compress.json``. Seeded and deterministic; train split only.

    python -m highlights.compress_train --workers 2
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from .compress import (FOREST_FILE, MODEL_FILE, PARSE_ONLY, Compressor, Context, all_features, candidates,
                       dropped_tokens, parentheticals, word_counts)
from .model import Article
from .sentences import split

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "cnndm"
SOURCES = (("articles.train.jsonl.gz", "highlights_tok_lower"), ("original_text.train.jsonl.gz", "highlights"))
OUT = Path(__file__).with_name("models")
COUNT = 4  # highlights per training article: the most the selector gives
PARAMS = dict(n_estimators=300, learning_rate=0.05, num_leaves=31, min_child_samples=40, subsample=0.8,
              subsample_freq=1, colsample_bytree=0.8, verbose=-1)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _tokenizer():
    from rouge_score_rs.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@lru_cache(maxsize=None)
def rouge_tokens(text: str) -> tuple[str, ...]:
    """ROUGE's tokens for a piece of text (lowercase, stemmed), as the evaluation counts them."""
    return tuple(_tokenizer().tokenize(text))


def rouge2(tokens: Sequence[str], reference: Counter, reference_bigrams: int) -> float:
    """ROUGE-2 F1 of a token sequence against the reference's bigram counts."""
    mine = Counter(zip(tokens, tokens[1:]))
    overlap = sum(min(k, reference[b]) for b, k in mine.items())
    if not overlap:
        return 0.0
    p, r = overlap / max(len(tokens) - 1, 1), overlap / max(reference_bigrams, 1)
    return 2 * p * r / (p + r)


def kept(sent, drop: set[int]) -> list[str]:
    """The ROUGE tokens of a sentence without the dropped tokens."""
    return [w for t in sent if t.i not in drop for w in rouge_tokens(t.text)]


def article_examples(text: str, bullets: Sequence[str], ranker, nlp, idf) -> tuple[list[dict], list[float]]:
    """Features and ROUGE-2 change (F1 x 100) of every candidate in the ranker's highlights of one article."""
    sentences = split(text)
    highlights = ranker(Article(id="", text=text), n=COUNT, sentences=sentences)
    if not highlights:
        return [], []
    ref = [w for b in bullets for w in rouge_tokens(b)]
    reference, size = Counter(zip(ref, ref[1:])), len(ref) - 1
    ctx, tf = Context.of(text, sentences, highlights), word_counts(text)
    docs = list(nlp.pipe((text[h.evidence[0].start:h.evidence[0].end] for h in highlights), disable=PARSE_ONLY))
    sents = [d[:] for d in docs]
    drops = [parentheticals(s) for s in sents]
    parts = [kept(s, d) for s, d in zip(sents, drops)]
    before = rouge2([w for p in parts for w in p], reference, size)
    X, gains = [], []
    for k, (sent, h) in enumerate(zip(sents, highlights)):
        for c in candidates(sent):
            new = dropped_tokens(c, sent) - drops[k]
            if not new:
                continue
            trial = [w for j, p in enumerate(parts) for w in (kept(sent, drops[k] | new) if j == k else p)]
            X.append(all_features(c, sent, tf, ctx, h.evidence[0].sentence, idf))
            gains.append(100 * (rouge2(trial, reference, size) - before))
    return X, gains


_STATE: dict = {}


def _init() -> None:
    from .select.ranker import Ranker

    compressor = Compressor()
    _STATE["ranker"], _STATE["nlp"], _STATE["idf"] = Ranker().load(), compressor.nlp, compressor.idf


def _work(rows: list[tuple[str, list[str]]]) -> tuple[list[dict], list[float]]:
    X, y = [], []
    for text, bullets in rows:
        Xi, yi = article_examples(text, bullets, _STATE["ranker"], _STATE["nlp"], _STATE["idf"])
        X += Xi
        y += yi
    return X, y


def examples(path: Path, reference_field: str, limit: int | None, workers: int) -> tuple[list[dict], list[float]]:
    """Every training example of one file (its first ``limit`` articles, or all)."""
    rows = []
    for line in gzip.open(path, "rt", encoding="utf-8"):
        row = json.loads(line)
        refs = row.get(reference_field) or row.get("highlights")
        if refs and row.get("article", "").strip():
            rows.append((row["article"], refs))
    rows = rows[:limit]
    chunks = [rows[i:i + 50] for i in range(0, len(rows), 50)]
    with get_context("fork").Pool(workers, initializer=_init) as pool:
        parts = pool.map(_work, chunks, chunksize=1)
    return [x for p in parts for x in p[0]], [g for p in parts for g in p[1]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the CNN/DailyMail train files")
    parser.add_argument("--limit", type=int, default=None, help="articles from each training file (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT, help="folder for compress.json and compress.txt")
    args = parser.parse_args(argv)

    import lightgbm as lgb
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    started = time.time()
    X, gains, files = [], [], {}
    for name, field in SOURCES:
        path = args.data / name
        if not path.exists():
            print(f"error: {path} is missing; pass --data with the CNN/DailyMail folder", file=sys.stderr)
            return 2
        files[name] = sha256(path)
        Xi, gi = examples(path, field, args.limit, args.workers)
        X += Xi
        gains += gi
    vec = DictVectorizer(sort=True)
    matrix = vec.fit_transform(X).astype(np.float32)
    g = np.array(gains)
    model = lgb.LGBMClassifier(random_state=args.seed, **PARAMS).fit(
        matrix, (g > 0).astype(int), sample_weight=np.abs(g) + 1e-3)
    names = [str(n) for n in vec.get_feature_names_out()]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / FOREST_FILE).write_text(model.booster_.model_to_string(), encoding="utf-8")
    (args.out / MODEL_FILE).write_text(json.dumps({
        "model": "LightGBM classifier: P(dropping this subtree raises the highlights' ROUGE-2), "
                 "examples weighted by the size of the change; trees in " + FOREST_FILE,
        "features": names,
        "training": {"files": files, "articles_per_file": args.limit, "seed": args.seed, "count": COUNT,
                     "examples": len(gains), "positive_share": round(float((g > 0).mean()), 4),
                     "params": PARAMS, "seconds": round(time.time() - started, 1)},
    }, indent=1, sort_keys=True) + "\n")
    print(f"wrote {args.out / FOREST_FILE}: {len(names)} features, {len(gains)} examples in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
