"""Train the deletion model: which tokens of a sentence are kept (``make train``).

One model learns two kinds of compression, told apart by a column (``news``):

- **People's**: Google's news sentence compression corpus (``compression/google.jsonl.gz``; Filippova &
  Altun 2013), the 8,000 rows of its ``train`` split (``split_kamigaito``), each a sentence with one
  keep label per token from a pure-deletion compression. Parsed as given (one spaCy token per corpus
  token, ``nlp.tagged_tokens``), no article context. Weighted ``GOOGLE_WEIGHT``.
- **An editor's, for highlights**: the ranker's ``COUNT`` highlights of CNN/DailyMail training articles
  (``NEWS_ARTICLES`` of ``articles.train`` and all of ``original_text.train``), parsed as at run time,
  with their article context (``compress.features.Context``); a token counts as kept when the
  reference bullets use it (``reference_labels``).

Word keep rates come from Google's rows (each row sees the rates of the other four fifths, so never its
own label) and from the 200k lossy training pairs (``google_train_lossy.jsonl.gz``; lowercase, digits as
"##"; pairs that overlap the evaluation rows are skipped). Training on the lossy pairs themselves was
tried and gave nothing on dev: their lowercase text parses badly.

Two stages: a first LightGBM classifier of P(keep); then, from its out-of-fold probabilities (five
folds by sentence), a second one that also sees the probabilities around each token
(``features.stacked``), which lifts Google dev F1 by about 0.02 (BENCHMARKS.md).

Calibration: the compressor runs at a range of thresholds and the manifest records the share of tokens
kept at each: on the ranker's highlights of ``NEWS_DEV_ARTICLES`` CNN/DailyMail dev articles (the
pipeline's table) and on Google's 1,000 dev sentences, with and without the rules and the deletion check.
``rate`` settings become thresholds through these tables. Seeded and deterministic.

    python -m highlights.training.compressor --models src/highlights/models      # what `make train` runs
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from .. import models
from ..compress import MAX_TOKENS, MIN_WORDS
from ..compress.deletion import FIRST_FILE, SECOND_FILE, VOCABULARY_FILE, DeletionModel
from ..compress.features import NAMES, STACKED, Context, Vocabulary, contexts, matrix, stacked
from ..models.trees import Forest, compact
from ..words import STOP, stem, tokens
from .data import read_rows, run, sha256, shared_data

WORD_LISTS = ["negation", "attribution", "hedge", "contrast", "quantity", "nonsubsective"]
# Depth is capped so that the numpy walker (models/trees.py), which steps every tree one level at a time,
# needs 8 steps instead of the 25-30 that unbounded leaf-wise trees reach: 4x faster at the same dev F1.
PARAMS: dict[str, Any] = dict(n_estimators=300, learning_rate=0.07, num_leaves=63, max_depth=8, min_child_samples=20,
                              subsample=0.8, subsample_freq=1, colsample_bytree=0.5, verbose=-1)
FOLDS = 5
SMOOTHING = 5.0  # a word's keep rate is shrunk towards the prior as if seen this many more times
MIN_COUNT = 2  # gold words seen fewer times get the prior
WIDE_MIN_COUNT = 5  # the same for the lossy pairs
NEWS = (("articles.train.jsonl.gz", "highlights_tok_lower"), ("original_text.train.jsonl.gz", "highlights"))
NEWS_DEV = ("articles.dev.jsonl.gz", "highlights_tok_lower")
COUNT = 3  # highlights per article, the default count
GOOGLE_WEIGHT = 2.0
NEWS_ARTICLES = 4000  # per training file (original_text.train has 543)
NEWS_DEV_ARTICLES = 400  # for the news calibration table only
MIN_LENGTH = MIN_WORDS  # shorter sentences are never cut
THRESHOLDS = tuple(round(float(t), 3) for t in np.arange(0.05, 0.951, 0.025))
Rows = list[tuple[list[str], list[int]]]


def read_google(path: Path) -> dict[str, Rows]:
    """(tokens, keep labels) of every row, by split."""
    out: dict[str, Rows] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.setdefault(row["split_kamigaito"], []).append((row["tokens"], row["keep_labels"]))
    return out


def wide_rates(path: Path, prior: float) -> dict[str, tuple[float, float]]:
    """word -> (smoothed keep share, log count) over the lossy pairs, skipping those that overlap the
    evaluation rows."""
    seen, kept = Counter[str](), Counter[str]()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("in_eval10k"):
                continue
            for t, k in zip(row["tokens_lc"], row["keep_labels"]):
                seen[t] += 1
                kept[t] += k
    return {w: (round((kept[w] + SMOOTHING * prior) / (n + SMOOTHING), 3), round(float(np.log(n)), 2))
            for w, n in sorted(seen.items()) if n >= WIDE_MIN_COUNT and w != "<unk>"}


def vocabulary(rows: Rows, prior: float, wide: dict[str, tuple[float, float]]) -> Vocabulary:
    """Smoothed keep rates of the (lowercase) words of ``rows``, with the lossy pairs' rates."""
    seen, kept = Counter[str](), Counter[str]()
    for sentence, labels in rows:
        for t, k in zip(sentence, labels):
            seen[t.lower()] += 1
            kept[t.lower()] += k
    return Vocabulary({w: round((kept[w] + SMOOTHING * prior) / (n + SMOOTHING), 3)
                       for w, n in sorted(seen.items()) if n >= MIN_COUNT}, prior, wide)


def _parse(sentences: list[list[str]]) -> list[bytes]:
    """The parsed docs of one chunk, serialised to cross the process boundary."""
    from ..nlp import tagged_tokens as parse_tokens

    return [d.to_bytes() for d in parse_tokens(sentences)]


def parse_all(sentences: list[list[str]], workers: int):
    """Parsed docs of tokenized sentences, over ``workers`` processes."""
    from .. import nlp

    chunks = [sentences[i:i + 500] for i in range(0, len(sentences), 500)]
    with get_context("fork").Pool(workers) as pool:
        parts = pool.map(_parse, chunks, chunksize=1)
    return [nlp.from_bytes(b) for part in parts for b in part]


def reference_labels(doc, bullets: Sequence[str]) -> list[int]:
    """1 for each token of a selected sentence that the reference bullets have: a content word they
    use, or a word of a bigram they use (stems, as ROUGE counts them). Punctuation counts as kept.

    (Labels from a greedy ROUGE-2 oracle over the plan's own cuts were tried too: at the same length
    they cost 0.7 more ROUGE-2 on dev; BENCHMARKS.md.)
    """
    ref = [stem(w) for w in tokens(" ".join(bullets))]
    unigrams, bigrams = set(ref), set(zip(ref, ref[1:]))
    forms = [stem(t.lower_) if any(c.isalnum() for c in t.text) else None for t in doc]
    out = []
    for i, w in enumerate(forms):
        if w is None:
            out.append(1)
            continue
        prev = next((forms[j] for j in range(i - 1, -1, -1) if forms[j] is not None), None)
        after = next((forms[j] for j in range(i + 1, len(forms)) if forms[j] is not None), None)
        out.append(int((w in unigrams and doc[i].lower_ not in STOP) or (prev, w) in bigrams or (w, after) in bigrams))
    return out


_STATE: dict[str, Any] = {}


def _news_init(root: Path | None) -> None:
    from ..select.ranker import Ranker

    _STATE["ranker"] = Ranker(root).load()


def _news(rows: list[tuple[str, list[str]]]) -> list[tuple[bytes, Context, list[int]]]:
    """The ranker's highlights of each article as the compressor sees them: the parsed sentence (as
    bytes, to cross the process boundary), its article context and its reference labels."""
    from ..document import Article
    from ..nlp import tagged as parse
    from ..sentences import split

    out = []
    for text, bullets in rows:
        sentences = split(text)
        highlights = _STATE["ranker"](Article(id="", text=text), n=COUNT, sentences=sentences)
        if not highlights:
            continue
        around = contexts(text, sentences, highlights)
        docs = parse(text[h.evidence[0].start:h.evidence[0].end] for h in highlights)
        for i, doc in enumerate(docs):
            if MIN_LENGTH <= len(doc) <= MAX_TOKENS:
                out.append((doc.to_bytes(), around[i], reference_labels(doc, bullets)))
    return out


def news_rows(rows: list[tuple[str, list[str]]], workers: int, root: Path | None):
    """(doc, context, labels) of the ranker's highlights of ``rows``, over ``workers`` processes."""
    from .. import nlp

    chunks = [rows[i:i + 100] for i in range(0, len(rows), 100)]
    with get_context("fork").Pool(workers, initializer=_news_init, initargs=(root,)) as pool:
        parts = pool.map(_news, chunks, chunksize=1)
    return [(nlp.from_bytes(b), c, y) for part in parts for b, c, y in part]


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int):
    import lightgbm as lgb

    return lgb.LGBMClassifier(random_state=seed, **PARAMS).fit(X, y, sample_weight=w)


def calibrate(probs: list[np.ndarray], docs, check: bool) -> list[list[float]]:
    """(threshold, mean share of tokens kept) on ``docs`` for every threshold in ``THRESHOLDS``."""
    from ..compress import syntax

    table = []
    for t in THRESHOLDS:
        shares = [1 - len(syntax.plan(d[:], p.tolist(), t, check=check)) / len(d) for d, p in zip(docs, probs)]
        table.append([t, round(float(np.mean(shares)), 4)])
    return table


def calibrations(model: DeletionModel, dev_docs, news_dev) -> dict[str, list[list[float]]]:
    """The manifest's calibration tables: the pipeline's (news highlights, checked) and Google's dev
    sentences' (checked, and the model alone)."""
    probs = [model.keep_probabilities(d) for d in dev_docs]  # as the shipped files give them
    news_probs = [model.keep_probabilities(d, c) for d, c, _ in news_dev]
    return {"news": calibrate(news_probs, [d for d, _, _ in news_dev], True),
            "sentences": calibrate(probs, dev_docs, True), "sentences_unchecked": calibrate(probs, dev_docs, False)}


def recalibrate(args: argparse.Namespace) -> int:
    """Recompute the calibration tables of the model under ``--models`` (after a change to the rules or
    the deletion check, which move the share of tokens each threshold keeps; the forests do not read
    them), exactly as a full run would."""
    model = DeletionModel.load(args.models)
    dev = read_google(args.data)["dev"][:args.limit]
    dev_docs = parse_all([t for t, _ in dev], args.workers)
    news_dev = news_rows(read_rows(args.news / NEWS_DEV[0], NEWS_DEV[1], limit=args.news_dev_articles), args.workers,
                         args.models)
    path = models.load("compress", args.models).directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["calibration"] = calibrations(model, dev_docs, news_dev)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    models.forget(args.models)
    print(f"recalibrated {path}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.compressor",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_data() / "compression" / "google.jsonl.gz",
                        help="Google's compression corpus with train and dev splits (default: %(default)s)")
    parser.add_argument("--lossy", type=Path, default=shared_data() / "compression" / "google_train_lossy.jsonl.gz",
                        help="the 200k lossy training pairs, for word keep rates (default: %(default)s)")
    parser.add_argument("--news", type=Path, default=shared_data() / "cnndm",
                        help="folder with the CNN/DailyMail train and dev files (default: %(default)s)")
    parser.add_argument("--news-articles", type=int, default=NEWS_ARTICLES,
                        help="training articles from each CNN/DailyMail file (default: %(default)s)")
    parser.add_argument("--models", type=Path, required=True,
                        help="models folder: reads ranker/ and idf/ there, writes compress/ there")
    parser.add_argument("--news-dev-articles", type=int, default=NEWS_DEV_ARTICLES,
                        help="CNN/DailyMail dev articles for the pipeline's calibration table (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None,
                        help="Google train and dev sentences to use (default: all; small runs are for tests)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recalibrate", action="store_true",
                        help="only recompute the calibration tables of the model already under --models")
    args = parser.parse_args(argv)
    if args.recalibrate:
        return recalibrate(args)
    news_files = [args.news / name for name, _ in (*NEWS, NEWS_DEV)]
    for path in (args.data, args.lossy, *news_files):
        if not path.exists():
            print(f"error: {path} is missing; pass --data, --lossy or --news", file=sys.stderr)
            return 2
    import lightgbm as lgb

    started = time.time()
    splits = read_google(args.data)
    train, dev = splits["train"][:args.limit], splits["dev"][:args.limit]
    docs = parse_all([t for t, _ in train], args.workers)
    dev_docs = parse_all([t for t, _ in dev], args.workers)
    parents = {"ranker": models.load("ranker", args.models), "idf": models.load("idf", args.models)}
    articles = [r for name, field in NEWS for r in read_rows(args.news / name, field, limit=args.news_articles)]
    news = news_rows(articles, args.workers, args.models)
    news_dev = news_rows(read_rows(args.news / NEWS_DEV[0], NEWS_DEV[1], limit=args.news_dev_articles), args.workers,
                         args.models)
    print(f"parsed {len(docs) + len(dev_docs)} sentences and {len(news) + len(news_dev)} highlights in "
          f"{time.time() - started:.0f}s", file=sys.stderr)
    y_google = [k for _, labels in train for k in labels]
    prior = round(float(np.mean(y_google)), 4)
    wide = wide_rates(args.lossy, prior)
    # one list of examples: Google's sentences (no context), then the news highlights (with theirs)
    all_docs = [*docs, *(d for d, _, _ in news)]
    contexts: list[Context | None] = [*([None] * len(docs)), *(c for _, c, _ in news)]
    y = np.array([*y_google, *(k for _, _, labels in news for k in labels)])
    folds = [i % FOLDS for i in range(len(all_docs))]
    fold = np.array([f for f, d in zip(folds, all_docs) for _ in range(len(d))])
    starts = np.cumsum([0] + [len(d) for d in all_docs])
    X = np.zeros((len(y), len(NAMES)), dtype=np.float32)
    for f in range(FOLDS):  # each Google sentence's word rates from the other folds (news: all of them)
        vocab = vocabulary([r for i, r in enumerate(train) if i % FOLDS != f], prior, wide)
        full = vocabulary(train, prior, wide)
        for i, d in enumerate(all_docs):
            if folds[i] == f:
                X[starts[i]:starts[i + 1]] = matrix(d, vocab if i < len(docs) else full, contexts[i])
    # Google's human labels weigh more than the news highlights' reference-derived ones
    w = np.where(np.arange(len(y)) < len(y_google), GOOGLE_WEIGHT, 1.0)
    first_oof = np.zeros(len(y))
    for f in range(FOLDS):  # the second stage learns from first-stage probabilities it was not fitted on
        k = fold != f
        first_oof[~k] = fit(X[k], y[k], w[k], args.seed).predict_proba(X[~k])[:, 1]
    first = fit(X, y, w, args.seed)
    S = np.vstack([stacked(d, first_oof[starts[i]:starts[i + 1]]) for i, d in enumerate(all_docs)])
    second = fit(np.hstack([X, S.astype(np.float32)]), y, w, args.seed)
    print(f"trained on {len(y)} tokens in {time.time() - started:.0f}s", file=sys.stderr)

    out = args.models / "compress"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    (out / FIRST_FILE).write_text(compact(first.booster_.model_to_string()), encoding="utf-8")
    (out / SECOND_FILE).write_text(compact(second.booster_.model_to_string()), encoding="utf-8")
    vocab = vocabulary(train, prior, wide)
    (out / VOCABULARY_FILE).write_text(json.dumps({"prior": prior, "rates": vocab.rates, "wide": vocab.wide},
                                                  sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    trained = DeletionModel(Forest((out / FIRST_FILE).read_text(encoding="utf-8")),
                            Forest((out / SECOND_FILE).read_text(encoding="utf-8")), vocab, {})
    table = {"calibration": calibrations(trained, dev_docs, news_dev)}
    models.write(
        out, "compress", files=[FIRST_FILE, SECOND_FILE, VOCABULARY_FILE], words=WORD_LISTS, built_from=parents,
        data={"google": sha256(args.data), "lossy": sha256(args.lossy),
              **{p.name: sha256(p) for p in news_files}}, features=[*NAMES, *STACKED], extra=table,
        about="two LightGBM classifiers of P(this token is kept), learned from Google's pure-deletion compressions "
              "(train split; single sentences, no context) and from the ranker's highlights of CNN/DailyMail train "
              "articles (with their article context; a token is kept when the reference bullets use it): "
              f"{FIRST_FILE} on the token's features, {SECOND_FILE} also on the first pass's probabilities around it; "
              f"word keep rates in {VOCABULARY_FILE}; calibration: (threshold, share of tokens kept) on the "
              "CNN/DailyMail dev highlights (news, checked) and on Google's dev sentences (checked, unchecked)",
        training={"sentences": len(train), "news_articles_per_file": args.news_articles, "news_highlights": len(news),
                  "tokens": int(len(y)), "seed": args.seed, "params": PARAMS, "folds": FOLDS, "smoothing": SMOOTHING,
                  "min_count": MIN_COUNT, "wide_min_count": WIDE_MIN_COUNT, "news_dev_articles": args.news_dev_articles,
                  "google_weight": GOOGLE_WEIGHT},
        versions={"lightgbm": lgb.__version__, "numpy": np.__version__})
    print(f"wrote {out} in {time.time() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "compressor"))
