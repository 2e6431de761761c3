"""Binary classification metrics with numpy only: balanced accuracy, ROC AUC, the best threshold.

Labels are booleans (True: the positive class, e.g. "faithful"); predictions are booleans too, and
scores are higher for the positive class.
"""
from __future__ import annotations

import numpy as np


def balanced_accuracy(labels, predictions) -> float:
    """Mean of the recall of each class (NaN when a class is missing).

    >>> balanced_accuracy([True, True, False, False], [True, False, False, False])
    0.75
    """
    y, p = _bools(labels), _bools(predictions)
    positives, negatives = y.sum(), (~y).sum()
    if positives == 0 or negatives == 0:
        return float("nan")
    return float(((p & y).sum() / positives + (~p & ~y).sum() / negatives) / 2)


def roc_auc(labels, scores) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random negative,
    ties counting one half (the Mann-Whitney statistic with average ranks). NaN when a class is missing.

    >>> roc_auc([True, False, True, False], [0.9, 0.1, 0.4, 0.4])
    0.875
    """
    y = _bools(labels)
    s = np.asarray(scores, dtype=float)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2)[inverse]  # 1-based average ranks
    return float((ranks[y].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def best_threshold(scores, labels) -> float:
    """The score threshold (``score >= t`` predicts positive) with the highest balanced accuracy;
    the lowest such score on ties. Candidates are the scores themselves.

    >>> best_threshold([0.2, 0.4, 0.6, 0.8], [False, False, True, True])
    0.6
    """
    s = np.asarray(scores, dtype=float)
    y = _bools(labels)
    candidates = np.unique(s)
    positives, negatives = np.sort(s[y]), np.sort(s[~y])
    true_positive = len(positives) - np.searchsorted(positives, candidates, side="left")
    false_positive = len(negatives) - np.searchsorted(negatives, candidates, side="left")
    ba = (true_positive / max(1, len(positives)) + 1 - false_positive / max(1, len(negatives))) / 2
    return float(candidates[int(np.argmax(np.round(ba, 12)))])  # rounded: equal ties pick the lowest


def _bools(values) -> np.ndarray:
    return np.asarray(values, dtype=bool)
