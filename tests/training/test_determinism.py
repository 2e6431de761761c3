"""Every trainer gives byte-identical model folders from the same data (small runs on the shared data).

Slow (about a minute each): `make test` skips them, CI runs them (`make test-slow`).
"""
from __future__ import annotations

import filecmp
import shutil

import pytest

from highlights import models
from highlights.training import compressor, idf, ranker, verifier

from ..conftest import SHARED, needs_shared

pytestmark = [pytest.mark.slow, needs_shared]
TRAIN = SHARED / "cnndm" / "articles.train.jsonl.gz"


def same_folders(a, b) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and "manifest.json" in names
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert not mismatch and not errors, mismatch


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """Two models folders, each trained from scratch with the same small settings: idf, ranker, compressor."""
    roots = []
    for k in range(2):
        root = tmp_path_factory.mktemp(f"models{k}")
        idf.train(TRAIN, root, workers=1, limit=300)
        ranker.train([TRAIN], root, workers=1, limit=60, seen_pieces_only=True, cnn_share=0.1, log=lambda msg: None)
        assert compressor.main(["--models", str(root), "--limit", "60", "--news-articles", "8",
                                "--news-dev-articles", "6", "--workers", "1"]) == 0
        roots.append(root)
    models.forget()
    return roots


def test_idf_is_deterministic(twice):
    same_folders(twice[0] / "idf", twice[1] / "idf")
    assert models.load("idf", twice[0]).manifest["training"]["articles"] == 300


def test_ranker_is_deterministic_and_names_its_idf(twice):
    same_folders(twice[0] / "ranker", twice[1] / "ranker")
    m = models.load("ranker", twice[0])
    assert m.manifest["built_from"] == {"idf": models.load("idf", twice[0]).digest}
    training = m.manifest["training"]
    assert training["sentence_files"] == ["sentence.txt"] and training["cnn_share"] == 0.1


def test_compressor_is_deterministic_and_names_its_parents(twice):
    same_folders(twice[0] / "compress", twice[1] / "compress")
    assert models.load("compress", twice[0]).manifest["built_from"].keys() == {"idf", "ranker"}


def test_verifier_is_deterministic(tmp_path):
    frank = SHARED / "faithfulness" / "frank_cnndm.dev.jsonl.gz"
    for k in range(2):
        assert verifier.main(["--data", str(frank), "--models", str(tmp_path / str(k)), "--seeds", "1",
                              "--folds", "2"]) == 0
    same_folders(tmp_path / "0" / "verifier", tmp_path / "1" / "verifier")
    shutil.rmtree(tmp_path)
