"""Seeded bootstrap intervals and the paired permutation test."""
from __future__ import annotations

import numpy as np
import pytest

from highlights.evaluate.stats import bootstrap_interval, paired_permutation


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = np.random.default_rng(1).normal(40, 10, size=(500, 3))
    a = bootstrap_interval(values, samples=300, seed=7)
    b = bootstrap_interval(values, samples=300, seed=7)
    c = bootstrap_interval(values, samples=300, seed=8)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    mean = values.mean(axis=0)
    assert np.all(a[0] < mean) and np.all(mean < a[1])
    # Normal theory: the half-width is about 1.96 * 10 / sqrt(500) = 0.88.
    assert np.allclose((a[1] - a[0]) / 2, 0.88, atol=0.15)


def test_bootstrap_of_constant_scores_has_no_width():
    lo, hi = bootstrap_interval(np.full((10, 3), 5.0), samples=50, seed=0)
    assert np.all(lo == 5.0) and np.all(hi == 5.0)


def test_bootstrap_agrees_with_rouge_score_rs_aggregator():
    """Same percentile bootstrap as rouge-score's BootstrapAggregator, up to resampling noise."""
    from rouge_score_rs import BootstrapAggregator, Score
    values = np.random.default_rng(3).uniform(0, 1, size=(400, 1))
    aggregator = BootstrapAggregator(n_samples=2000)
    for v in values[:, 0]:
        aggregator.add_scores({"rouge1": Score(v, v, v)})
    np.random.seed(0)
    theirs = aggregator.aggregate()["rouge1"]
    lo, hi = bootstrap_interval(values, samples=2000, seed=0)
    assert lo[0] == pytest.approx(theirs.low.fmeasure, abs=0.01)
    assert hi[0] == pytest.approx(theirs.high.fmeasure, abs=0.01)


def test_paired_test_of_identical_methods():
    a = np.random.default_rng(0).uniform(0, 50, size=100)
    diff, p = paired_permutation(a, a.copy(), samples=200, seed=0)
    assert diff[0] == 0.0 and p[0] == 1.0


def test_paired_test_finds_a_consistent_small_gain():
    rng = np.random.default_rng(0)
    a = rng.uniform(20, 60, size=300)
    b = a - 0.5 + rng.normal(0, 0.5, size=300)  # a beats b by 0.5 on average, with noise
    diff, p = paired_permutation(a, b, samples=999, seed=0)
    assert diff[0] == pytest.approx(0.5, abs=0.1)
    assert p[0] == pytest.approx(1 / 1000)  # no random sign pattern comes close


def test_paired_test_of_noise_is_not_significant():
    rng = np.random.default_rng(5)
    a, b = rng.normal(0, 1, size=200), rng.normal(0, 1, size=200)
    _, p = paired_permutation(a, b, samples=500, seed=0)
    assert p[0] > 0.05


def test_no_scores_is_an_error():
    with pytest.raises(ValueError):
        bootstrap_interval(np.zeros((0, 3)), samples=10, seed=0)
