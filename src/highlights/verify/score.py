"""The verifier's score: a logistic regression over three features, and the threshold for "supported".

The features (computed by ``highlights.verify.analyse``):

- ``novel_bigram``: share of the highlight's word bigrams that never occur in the article;
- ``min_sent_cov``: over the highlight's sentences, the smallest share of a sentence's content
  stems found together in one article sentence;
- ``bad_arc_ratio``: share of content-word dependency arcs whose two words never meet in the
  article (within one sentence of each other).

The constants were fitted on all 375 FRANK CNN/DM validation summaries (faithful iff
``human.Factuality == 1.0``), features standardised, scikit-learn ``LogisticRegression(C=1)``; the
threshold is the one that maximises balanced accuracy on those rows. They come from

    .venv/bin/python bench/fit_verifier.py          # (--check: fail if they differ from these)

with spaCy 3.8 and en_core_web_sm 3.8.0. The same script's grouped 5-fold cross-validation (all five
systems' summaries of an article in one fold, five fold assignments) gives balanced accuracy
0.702 ± 0.007 and ROC AUC 0.762 ± 0.006 with the hard-problem veto; see BENCHMARKS.md.

History: ported from the research prototype (scratch/verify), whose fit on the same rows was
-0.4083 / 0.6813 / -0.3107, intercept 0.3161, threshold 0.61 (CV 0.700 / 0.761; its threshold was
rounded to 2 decimals, now to 4 decimals downwards). The package also
repairs split numbers ("100, 000") in the highlight, as the prototype did only in the article; that
changed one FRANK row's features and these constants in the third decimal.

Each hard problem (number, currency, date, entity, negation) halves the score and vetoes "supported".
"""
from __future__ import annotations

import math
from collections.abc import Mapping

FEATURES = ("novel_bigram", "min_sent_cov", "bad_arc_ratio")
WEIGHTS = {"novel_bigram": -0.4161, "min_sent_cov": 0.6806, "bad_arc_ratio": -0.3068}
MEANS = {"novel_bigram": 0.094, "min_sent_cov": 0.8255, "bad_arc_ratio": 0.0447}
STDS = {"novel_bigram": 0.1108, "min_sent_cov": 0.1792, "bad_arc_ratio": 0.1115}
INTERCEPT = 0.316
THRESHOLD = 0.6089
HARD_PENALTY = 0.5  # the score is multiplied by this once per hard problem


def probability(features: Mapping[str, float]) -> float:
    """The logistic model's probability that the highlight is faithful (no veto, no penalty)."""
    z = INTERCEPT
    for name in FEATURES:
        z += WEIGHTS[name] * (features[name] - MEANS[name]) / (STDS[name] or 1.0)
    return 1.0 / (1.0 + math.exp(-z))


def score(features: Mapping[str, float], hard_problems: int) -> float:
    """``probability`` halved once per hard problem: in [0, 1], higher is better supported."""
    return probability(features) * HARD_PENALTY ** hard_problems


def supported(score_: float, hard_problems: int) -> bool:
    return score_ >= THRESHOLD and hard_problems == 0
