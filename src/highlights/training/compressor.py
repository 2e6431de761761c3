"""Train the compression model: which subtrees of a highlight can go (``make train``).

The ranker picks up to three highlights from each training article, as it does at run time (the
default count). Each candidate subtree of each highlight (``compress.syntax.candidates``) is scored by what
dropping it does to the ROUGE-2 F1 of the whole set of highlights against all the reference bullets
(the measure the evaluation reports). Training runs in two stages, both from the training files
alone, so the same files always give the same model:

1. **alone**: each candidate dropped by itself (parentheticals, which always go, first); a first
   model learns from these labels;
2. **in the plan**: the first model, at the default threshold, plans each highlight's deletions as
   the run-time greedy loop does; a candidate the plan drops is scored by what putting it back
   costs, one it keeps by what dropping it on top gains. Each candidate then gives two examples,
   one per label, so the final model learns both the isolated effect and the effect where it is
   actually used.

Each model is a LightGBM classifier over ``compress.features.all_features``: is the change positive? Each
example is weighted by its size, so the probability passes 0.5 where the expected ROUGE-2 change
does. The final trees go to ``compress/deletion.txt`` under ``--models``, with a manifest (feature names,
the SHA-256 of the training files, the IDF and ranker models it used). Seeded and deterministic;
train split only.

    python -m highlights.training.compressor --models src/highlights/models      # what `make train` runs
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import models
from ..compress import PARSE_ONLY, Compressor
from ..compress.features import Context, all_features, word_counts
from ..compress.model import FOREST_FILE, DeletionModel
from ..compress.syntax import candidates, dropped_tokens, parentheticals
from ..model import Article
from ..sentences import split
from ..settings import COMPRESS_THRESHOLD
from ..words.idf import Idf
from .data import read_rows, run, sha256, shared_data

SOURCES = (("articles.train.jsonl.gz", "highlights_tok_lower"), ("original_text.train.jsonl.gz", "highlights"))
WORD_LISTS = ["stop", "negation", "attribution", "hedge", "contrast", "quantity"]  # features, never-cut lists, safety
COUNT = 3  # highlights per training article: the default count, as at run time
POLICY_THRESHOLD = COMPRESS_THRESHOLD  # stage 1's model plans where the run-time default cuts
PARAMS: dict[str, Any] = dict(n_estimators=300, learning_rate=0.05, num_leaves=31, min_child_samples=40, subsample=0.8,
              subsample_freq=1, colsample_bytree=0.8, verbose=-1)


@lru_cache(maxsize=1)
def _tokenizer():
    from rouge_score_rs.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@cache
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


def article_examples(text: str, bullets: Sequence[str], ranker, nlp, idf, policy: Compressor | None
                     ) -> tuple[list[dict], list[float], list[float]]:
    """Features and ROUGE-2 changes (F1 x 100) of every candidate in the ranker's highlights of one
    article: dropped alone, and (with a ``policy``) against the policy's plan (else that list is empty)."""
    sentences = split(text)
    highlights = ranker(Article(id="", text=text), n=COUNT, sentences=sentences)
    if not highlights:
        return [], [], []
    ref = [w for b in bullets for w in rouge_tokens(b)]
    reference, size = Counter(zip(ref, ref[1:])), len(ref) - 1
    ctx, tf = Context.of(text, sentences, highlights), word_counts(text)
    docs = list(nlp.pipe((text[h.evidence[0].start:h.evidence[0].end] for h in highlights), disable=PARSE_ONLY))
    sents = [d[:] for d in docs]
    drops = [parentheticals(s) for s in sents]
    parts = [kept(s, d) for s, d in zip(sents, drops)]
    plans = [policy.plan(s, tf, ctx, h.evidence[0].sentence) if policy else set()
             for s, h in zip(sents, highlights)]

    def score(k: int, drop: set[int], base: list[list[str]]) -> float:
        return rouge2([w for j, p in enumerate(base) for w in (kept(sents[k], drop) if j == k else p)],
                      reference, size)

    planned = [kept(s, d) for s, d in zip(sents, plans)]
    before, after = rouge2([w for p in parts for w in p], reference, size), rouge2(
        [w for p in planned for w in p], reference, size)
    X, alone, in_plan = [], [], []
    for k, (sent, h) in enumerate(zip(sents, highlights)):
        for c in candidates(sent):
            new = dropped_tokens(c, sent) - drops[k]
            if not new:
                continue
            X.append(all_features(c, sent, tf, ctx, h.evidence[0].sentence, idf))
            alone.append(100 * (score(k, drops[k] | new, parts) - before))
            if policy is None:
                continue
            if new <= plans[k]:  # the policy drops it: what does keeping it cost?
                in_plan.append(100 * (after - score(k, plans[k] - new, planned)))
            else:  # the policy keeps it: what would dropping it on top gain?
                in_plan.append(100 * (score(k, plans[k] | new, planned) - after))
    return X, alone, in_plan


_STATE: dict = {}


def _init(policy: DeletionModel | None, root: Path) -> None:
    from ..select.ranker import Ranker

    compressor = Compressor(models_root=root, model=policy)
    _STATE["ranker"], _STATE["nlp"], _STATE["idf"] = Ranker(root).load(), compressor.nlp, Idf.shipped(root)
    _STATE["policy"] = Compressor(threshold=POLICY_THRESHOLD, model=policy, models_root=root) if policy else None


Examples = tuple[list[dict], list[float], list[float]]


def _work(rows: list[tuple[str, list[str]]]) -> Examples:
    X, alone, in_plan = [], [], []
    for text, bullets in rows:
        Xi, ai, pi = article_examples(text, bullets, _STATE["ranker"], _STATE["nlp"], _STATE["idf"],
                                      _STATE["policy"])
        X += Xi
        alone += ai
        in_plan += pi
    return X, alone, in_plan


def examples(rows: list[tuple[str, list[str]]], workers: int, policy: DeletionModel | None, root: Path) -> Examples:
    """Every training example of these articles: features, alone labels, in-plan labels (with a policy)."""
    chunks = [rows[i:i + 50] for i in range(0, len(rows), 50)]
    with get_context("fork").Pool(workers, initializer=_init, initargs=(policy, root)) as pool:
        parts = pool.map(_work, chunks, chunksize=1)
    return ([x for p in parts for x in p[0]], [g for p in parts for g in p[1]], [g for p in parts for g in p[2]])


def fit(X: list[dict], gains: list[float], seed: int):
    """(LightGBM classifier of ``gains > 0`` weighted by ``|gains|``, its feature names)."""
    import lightgbm as lgb
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sort=True)
    matrix = vec.fit_transform(X).astype(np.float32)
    g = np.array(gains)
    model = lgb.LGBMClassifier(random_state=seed, **PARAMS).fit(
        matrix, (g > 0).astype(int), sample_weight=np.abs(g) + 1e-3)
    return model, [str(n) for n in vec.get_feature_names_out()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.compressor",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_data() / "cnndm",
                        help="folder with the CNN/DailyMail train files (default: %(default)s)")
    parser.add_argument("--models", type=Path, required=True,
                        help="models folder: reads idf/ and ranker/ there, writes compress/ there")
    parser.add_argument("--limit", type=int, default=None, help="articles from each training file (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    import numpy as np

    from ..models.trees import Forest

    started = time.time()
    rows, files = [], {}
    for name, field in SOURCES:
        path = args.data / name
        if not path.exists():
            print(f"error: {path} is missing; pass --data with the CNN/DailyMail folder", file=sys.stderr)
            return 2
        files[name] = sha256(path)
        rows += read_rows(path, field, limit=args.limit)
    parents = {"idf": models.load("idf", args.models), "ranker": models.load("ranker", args.models)}
    X, alone, _ = examples(rows, args.workers, None, args.models)
    first, names = fit(X, alone, args.seed)
    policy = DeletionModel(Forest(first.booster_.model_to_string()), tuple(names))
    print(f"stage 1 (alone): {len(alone)} examples, {time.time() - started:.0f}s", file=sys.stderr)
    X, alone, in_plan = examples(rows, args.workers, policy, args.models)
    gains = alone + in_plan
    model, names = fit(X + X, gains, args.seed)
    g = np.array(gains)
    out = args.models / "compress"
    out.mkdir(parents=True, exist_ok=True)
    (out / FOREST_FILE).write_text(model.booster_.model_to_string(), encoding="utf-8")
    import lightgbm

    models.write(
        out, "compress", files=[FOREST_FILE], words=WORD_LISTS, built_from=parents, data=files, features=names,
        about="LightGBM classifier: P(dropping this subtree raises the highlights' ROUGE-2), alone or in the "
              f"run-time plan, examples weighted by the size of the change; trees in {FOREST_FILE}",
        training={"articles_per_file": args.limit, "seed": args.seed, "count": COUNT,
                  "labels": "dropped alone + against the plan of a first model trained on the alone labels "
                            f"(threshold {POLICY_THRESHOLD})",
                  "examples": len(gains), "positive_share": round(float((g > 0).mean()), 4), "params": PARAMS},
        versions={"lightgbm": lightgbm.__version__, "numpy": np.__version__})
    print(f"wrote {out}: {len(names)} features, {len(gains)} examples in {time.time() - started:.0f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "compressor"))
