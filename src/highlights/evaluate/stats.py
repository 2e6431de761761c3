"""Seeded resampling statistics over per-article scores: bootstrap intervals and a paired test.

Every function takes an explicit ``seed`` and draws from its own ``numpy`` generator, so a run is
reproducible and no global random state is touched. With the same seed, every method is
resampled with the *same* article indices (common random numbers), so intervals of different
methods are directly comparable.
"""
from __future__ import annotations

import numpy as np

_CHUNK = 200  # resamples drawn at once: bounds memory to _CHUNK × articles × types


def bootstrap_interval(values: np.ndarray, *, samples: int, seed: int, level: float = 0.95
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of the mean of each column of ``values`` (articles × types).

    >>> lo, hi = bootstrap_interval(np.array([[1.0], [1.0], [1.0]]), samples=50, seed=0)
    >>> float(lo[0]), float(hi[0])
    (1.0, 1.0)
    """
    values = _matrix(values)
    rng = np.random.default_rng(seed)
    n = values.shape[0]
    chunks = []
    for start in range(0, samples, _CHUNK):
        idx = rng.integers(0, n, size=(min(_CHUNK, samples - start), n))
        chunks.append(values[idx].mean(axis=1))
    means = np.concatenate(chunks)
    tail = (1 - level) / 2 * 100
    return np.percentile(means, tail, axis=0), np.percentile(means, 100 - tail, axis=0)


def paired_permutation(a: np.ndarray, b: np.ndarray, *, samples: int, seed: int
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``a - b`` per column and its two-sided p-value under a paired sign-flip test.

    Under the null hypothesis that the two methods are exchangeable on each article, the sign of
    each per-article difference is a coin flip; the p-value is the share of ``samples`` random
    sign assignments whose mean difference is at least as far from zero as the observed one,
    counted as (1 + hits) / (1 + samples) so it is never zero.

    >>> d, p = paired_permutation(np.array([2.0, 2.0, 2.0]), np.array([1.0, 1.0, 1.0]), samples=999, seed=0)
    >>> float(d[0]), 0.2 < float(p[0]) < 0.3   # 3 articles: 2 of the 8 sign patterns are as extreme
    (1.0, True)
    """
    diff = _matrix(a) - _matrix(b)
    observed = diff.mean(axis=0)
    rng = np.random.default_rng(seed)
    n = diff.shape[0]
    hits = np.zeros(diff.shape[1])
    for start in range(0, samples, _CHUNK):
        signs = rng.choice(np.array([-1.0, 1.0]), size=(min(_CHUNK, samples - start), n))
        flipped = np.einsum("sn,nk->sk", signs, diff) / n
        hits += (np.abs(flipped) >= np.abs(observed) - 1e-12).sum(axis=0)
    return observed, (1 + hits) / (1 + samples)


def _matrix(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    if values.shape[0] == 0:
        raise ValueError("no scores to resample")
    return values


def bootstrap_metric(metric, n: int, *, samples: int, seed: int, level: float = 0.95,
                     groups=None) -> tuple[float, float]:
    """Percentile bootstrap interval of ``metric(indices)``, a statistic of rows ``indices`` of ``n``.

    For statistics that are not means (balanced accuracy, ROC AUC). With ``groups`` (one key per
    row) whole groups are resampled, e.g. all summaries of one article together. Resamples on
    which the metric is undefined (NaN, e.g. one class only) are left out.

    >>> bootstrap_metric(lambda idx: 1.0, 5, samples=20, seed=0)
    (1.0, 1.0)
    """
    if n == 0:
        raise ValueError("no rows to resample")
    rng = np.random.default_rng(seed)
    if groups is None:
        members = [np.array([i]) for i in range(n)]
    else:
        by_key: dict = {}
        for i, key in enumerate(groups):
            by_key.setdefault(key, []).append(i)
        members = [np.array(v) for v in by_key.values()]
    values = []
    for _ in range(samples):
        picked = rng.integers(0, len(members), size=len(members))
        value = metric(np.concatenate([members[k] for k in picked]))
        if value == value:  # not NaN
            values.append(value)
    if not values:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))
