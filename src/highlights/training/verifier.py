"""Fit the verifier's score (``models/verifier``, read by ``highlights.verify.score``) on FRANK dev,
and cross-validate it.

    .venv/bin/python -m highlights.training.verifier --models src/highlights/models   # what `make train` runs
    .venv/bin/python -m highlights.training.verifier --check     # exit 1 when the shipped model differs from a refit
    .venv/bin/python -m highlights.training.verifier --json bench/results/faithfulness/fit.json

Protocol (the research prototype's): faithful iff ``human.Factuality == 1.0``; features from
``highlights.verify.analyse``, standardised; scikit-learn ``LogisticRegression(C=1)``; the threshold
maximises balanced accuracy on the rows it is fitted on (rounded down to 4 decimals). Cross-validation: 5 folds
grouped by article
(all five systems' summaries of an article in the same fold), repeated for 5 shuffles of the articles
(seeds 0-4); the model and threshold are fitted on 4 folds and applied to the 5th; the hard-problem
veto (score halved per hard problem, "unsupported" whatever the score) is applied as ``verify`` does.
Reported: mean ± sd over the 5 shuffles of balanced accuracy and ROC AUC (numpy implementations in
``highlights.evaluate.classification``). The constants are then fitted on all rows.

Needs scikit-learn (the ``bench`` extra).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import models
from .data import run, sha256, shared_data

FRANK = "faithfulness/frank_cnndm.dev.jsonl.gz"
WORD_LISTS = ["stop", "negation", "attribution", "weekdays", "months"]  # what the features and checks read


def features(rows) -> tuple[np.ndarray, list[str]]:
    from highlights.verify import FEATURES, analyse

    table = [analyse(r.article, r.summary)[0] for r in rows]
    return np.array([[f[k] for k in FEATURES] for f in table], dtype=float), list(FEATURES)


def fit(X: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    from highlights.evaluate.classification import best_threshold

    mu, sd = X.mean(0), X.std(0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=1000).fit((X - mu) / sd, y)
    return (model, mu, sd), best_threshold(model.predict_proba((X - mu) / sd)[:, 1], y)


def predict(fitted, X: np.ndarray) -> np.ndarray:
    model, mu, sd = fitted
    return model.predict_proba((X - mu) / sd)[:, 1]


def grouped_folds(groups: list[str], k: int, seed: int) -> np.ndarray:
    keys = sorted(set(groups))
    random.Random(seed).shuffle(keys)
    fold_of = {g: i % k for i, g in enumerate(keys)}
    return np.array([fold_of[g] for g in groups])


def cross_validate(X, y, hard, groups, *, folds: int, seed: int, veto: bool):
    """Out-of-fold scores and verdicts for one shuffle of the articles."""
    from highlights.verify.score import HARD_PENALTY

    fold = grouped_folds(groups, folds, seed)
    scores, verdicts = np.zeros(len(y)), np.zeros(len(y), dtype=bool)
    for f in range(folds):
        train, test = fold != f, fold == f
        fitted, threshold = fit(X[train], y[train])
        scores[test] = predict(fitted, X[test])
        verdicts[test] = scores[test] >= threshold
    if veto:
        scores, verdicts = scores * HARD_PENALTY ** hard, verdicts & (hard == 0)
    return scores, verdicts


def main(argv: Sequence[str] | None = None) -> int:
    from highlights.evaluate import faithfulness
    from highlights.evaluate.classification import balanced_accuracy, roc_auc
    from highlights.verify import score

    ap = argparse.ArgumentParser(prog="python -m highlights.training.verifier", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(shared_data() / FRANK), help="FRANK dev rows (default: %(default)s)")
    ap.add_argument("--models", type=Path, default=None, help="models folder to write verifier/ into")
    ap.add_argument("--features", default=",".join(score.FEATURES), help="features of the model (default: %(default)s)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5, help="shuffles of the articles (seeds 0..N-1)")
    ap.add_argument("--check", action="store_true", help="exit 1 when the shipped model differs from the refit")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    args = ap.parse_args(argv)

    rows, skipped = faithfulness.load(args.data)
    if skipped or any(r.layout != "frank" for r in rows):
        print(f"expected FRANK rows only; {len(skipped)} skipped", file=sys.stderr)
        return 2
    start = time.perf_counter()
    X_all, names = features(rows)
    seconds = time.perf_counter() - start
    chosen = [c.strip() for c in args.features.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in names]
    if unknown:
        print(f"unknown feature(s) {unknown}; choose from {names}", file=sys.stderr)
        return 2
    X = X_all[:, [names.index(c) for c in chosen]]
    hard = X_all[:, names.index("hard_problems")]
    y = np.array([r.faithful for r in rows])
    groups = [r.group or r.article for r in rows]
    print(f"{len(rows)} FRANK rows ({int(y.sum())} faithful), {len(set(groups))} articles; "
          f"features in {seconds:.1f} s ({len(rows) / seconds:.0f} summaries/s)")

    results: dict = {"n": len(rows), "features": chosen, "cv": {}}
    for veto in (False, True):
        bas, aucs = [], []
        for seed in range(args.seeds):
            s, p = cross_validate(X, y, hard, groups, folds=args.folds, seed=seed, veto=veto)
            bas.append(balanced_accuracy(y, p))
            aucs.append(roc_auc(y, s))
        name = "with_veto" if veto else "without_veto"
        results["cv"][name] = {"balanced_accuracy": [round(float(np.mean(bas)), 4), round(float(np.std(bas)), 4)],
                               "roc_auc": [round(float(np.mean(aucs)), 4), round(float(np.std(aucs)), 4)]}
        print(f"CV {args.folds}-fold grouped x {args.seeds} seeds, {name.replace('_', ' ')}: "
              f"balanced accuracy {np.mean(bas):.3f} ± {np.std(bas):.3f}, ROC AUC {np.mean(aucs):.3f} ± {np.std(aucs):.3f}")

    s, p = cross_validate(X, y, hard, groups, folds=args.folds, seed=0, veto=True)
    results["cv_per_error_type_seed0"] = {}
    print("CV (seed 0, with veto): share flagged unsupported")
    for kind in faithfulness.FRANK_ERROR_TYPES:
        mask = np.array([kind in r.errors for r in rows])
        results["cv_per_error_type_seed0"][kind] = {"n": int(mask.sum()), "flagged": round(float((~p[mask]).mean()), 4)}
        print(f"  {kind:7s} n={mask.sum():3d} flagged={(~p[mask]).mean():.2f}")
    print(f"  faithful n={y.sum():3d} flagged (false-positive rate)={(~p[y]).mean():.2f}")
    results["cv_false_positive_rate_seed0"] = round(float((~p[y]).mean()), 4)

    (model, mu, sd), threshold = fit(X, y)
    fitted = score.ScoreModel(
        weights={f: round(float(w), 4) for f, w in zip(chosen, model.coef_[0])},
        means={f: round(float(m), 4) for f, m in zip(chosen, mu)},
        stds={f: round(float(v), 4) for f, v in zip(chosen, sd)},
        intercept=round(float(model.intercept_[0]), 4),
        # rounded down, so the rows at the threshold stay supported
        threshold=math.floor(float(threshold) * 1e4) / 1e4)
    results["constants"] = fitted.to_dict()
    print(f"\nFitted on all {len(rows)} rows: {json.dumps(fitted.to_dict())}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    if args.models is not None:
        if tuple(chosen) != score.FEATURES:
            print(f"the score model must use {score.FEATURES}; --features is for ablations only", file=sys.stderr)
            return 2
        import sklearn

        out = args.models / "verifier"
        out.mkdir(parents=True, exist_ok=True)
        (out / score.FILE).write_text(json.dumps(fitted.to_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        models.write(out, "verifier", files=[score.FILE], words=WORD_LISTS,
                     data={Path(args.data).name: sha256(args.data)}, features=list(chosen),
                     about="The verifier's score: logistic regression over standardised features and the "
                           "balanced-accuracy threshold, fitted on FRANK CNN/DM dev (highlights.verify.score).",
                     training={"rows": len(rows), "faithful": int(y.sum()), "cv": results["cv"],
                               "label": "human.Factuality == 1.0", "model": "LogisticRegression(C=1)"},
                     versions={"scikit-learn": sklearn.__version__, "numpy": np.__version__})
        print(f"wrote {out}", file=sys.stderr)
    if args.check:
        if tuple(chosen) != score.FEATURES or score.shipped() != fitted:
            print("the shipped verifier score differs from the refit", file=sys.stderr)
            return 1
        print("the shipped verifier score matches the refit", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "verifier"))
