"""The ranker trainer's pieces that need no training run (the whole run: test_determinism.py, slow)."""
from __future__ import annotations

import numpy as np
import pytest

from highlights.training.ranker import main, source_weights


def test_weights_give_cnn_stories_the_share_asked_and_average_one():
    cnn = np.array([True, True, True, False])  # 3 CNN stories, 1 Daily Mail: CNN to carry a quarter
    w = source_weights(cnn, 0.25)
    assert np.allclose(w, [1 / 3, 1 / 3, 1 / 3, 3])
    assert w[cnn].sum() / w.sum() == pytest.approx(0.25) and w.mean() == pytest.approx(1)


@pytest.mark.parametrize("cnn", [np.array([True, True]), np.array([False, False]), np.zeros(0, dtype=bool)])
def test_one_source_alone_or_no_share_weighs_every_story_the_same(cnn):
    assert np.array_equal(source_weights(cnn, 0.1), np.ones(len(cnn)))
    assert np.array_equal(source_weights(np.array([True, False]), None), np.ones(2))


@pytest.mark.parametrize("share", ["1", "1.5", "-0.1"])
def test_a_share_outside_zero_to_one_is_refused_before_any_work(share, tmp_path, capsys):
    assert main(["--models", str(tmp_path), "--cnn-share", share]) == 2
    assert "--cnn-share" in capsys.readouterr().err and not any(tmp_path.iterdir())


def test_a_missing_training_file_is_named(tmp_path, capsys):
    missing = tmp_path / "nowhere.jsonl.gz"
    assert main(["--models", str(tmp_path), "--data", str(missing), "--dev", "", "--dev-cased", ""]) == 2
    assert str(missing) in capsys.readouterr().err
