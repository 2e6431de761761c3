"""The verifier's score: a logistic regression over three features, and the threshold for "supported".

The features (computed by ``highlights.verify.analyse``):

- ``novel_bigram``: share of the highlight's word bigrams that never occur in the article;
- ``min_sent_cov``: over the highlight's sentences, the smallest share of a sentence's content
  stems found together in one article sentence;
- ``bad_arc_ratio``: share of content-word dependency arcs whose two words never meet in the
  article (within one sentence of each other).

The weights, means, deviations, intercept and threshold are a model like the others
(``models/verifier/score.json``, loaded and checked by ``highlights.models``), fitted by

    .venv/bin/python -m highlights.training.verifier --models src/highlights/models   # `make train`

on all 375 FRANK CNN/DM validation summaries (faithful iff ``human.Factuality == 1.0``), features
standardised, scikit-learn ``LogisticRegression(C=1)``; the threshold is the one that maximises
balanced accuracy on those rows. The same script's grouped 5-fold cross-validation gives the
figures in BENCHMARKS.md.

Each hard problem (number, currency, date, entity, negation) halves the score and vetoes "supported".
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .. import models
from ..errors import ModelError

FEATURES = ("novel_bigram", "min_sent_cov", "bad_arc_ratio")
HARD_PENALTY = 0.5  # the score is multiplied by this once per hard problem
FILE = "score.json"


@dataclass(frozen=True)
class ScoreModel:
    """The fitted logistic regression and the threshold for "supported"."""

    weights: Mapping[str, float]
    means: Mapping[str, float]
    stds: Mapping[str, float]
    intercept: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """The probability that the highlight is faithful (no veto, no penalty)."""
        z = self.intercept
        for name in FEATURES:
            z += self.weights[name] * (features[name] - self.means[name]) / (self.stds[name] or 1.0)
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": dict(self.weights), "means": dict(self.means),
                "stds": dict(self.stds), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, raw: Mapping) -> ScoreModel:
        if tuple(raw["features"]) != FEATURES:
            raise ValueError(f"fitted on features {raw['features']}, the code computes {list(FEATURES)}")
        return cls({k: float(v) for k, v in raw["weights"].items()}, {k: float(v) for k, v in raw["means"].items()},
                   {k: float(v) for k, v in raw["stds"].items()}, float(raw["intercept"]), float(raw["threshold"]))


@functools.cache
def shipped() -> ScoreModel:
    """The shipped score model, checked by ``highlights.models``; read once per process."""
    model = models.load("verifier")
    try:
        return ScoreModel.from_dict(json.loads(model.text(FILE)))
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{model.path(FILE)}: not a verifier score model ({exc}); {models.REBUILD}") from None


def threshold() -> float:
    """The score at which a highlight without hard problems is supported."""
    return shipped().threshold


def probability(features: Mapping[str, float]) -> float:
    """The logistic model's probability that the highlight is faithful (no veto, no penalty)."""
    return shipped().probability(features)


def score(features: Mapping[str, float], hard_problems: int) -> float:
    """``probability`` halved once per hard problem: in [0, 1], higher is better supported."""
    return probability(features) * HARD_PENALTY ** hard_problems


def supported(score_: float, hard_problems: int) -> bool:
    return score_ >= threshold() and hard_problems == 0
