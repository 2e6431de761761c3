"""The learned selector: its shipped model, its output contract, and the numpy tree walker."""
from __future__ import annotations

import gzip
import hashlib
import json
import os

import numpy as np
import pytest

from highlights import models
from highlights.document import Article
from highlights.errors import ModelError
from highlights.models.trees import Forest, ModelFormatError, compact
from highlights.select import get, salience
from highlights.select.embed import EMBEDDING_FEATURES, embedding_features
from highlights.select.features import (
    CANDIDATE_FEATURES,
    SCORER_FEATURES,
    candidates,
    scorer_features,
    sentence_features,
)
from highlights.select.ranker import RERANK_FEATURES, Ranker, RankerModel, load_model, sentence_texts
from highlights.sentences import split
from highlights.settings import SELECT_WINDOW
from highlights.words import tokens

from ..conftest import DEV, SHARED

STORY = Article(id="quake", text=(
    "(CNN)A magnitude 7.8 earthquake struck the coast of Chile on Monday, killing at least 12 people "
    "and leaving thousands homeless, officials said. "
    "The weather in the capital was mild and sunny for most of the week. "
    "Rescue teams searched collapsed buildings in the port city of Valparaiso for survivors of the earthquake. "
    "A local football match was postponed. "
    "The earthquake damaged roads, bridges and power lines along 300 kilometers of the coast, the interior "
    "ministry said. "
    "\"We felt the ground roll for almost a minute,\" said one resident. "
    "Chile sits on the Pacific Ring of Fire and has strong building codes."
))
# The same story as the CNN/DailyMail evaluation data writes it: PTB-tokenized and lowercased.
STORY_TOKENIZED = Article(id="quake-tok", text=(
    "( cnn ) a magnitude 7.8 earthquake struck the coast of chile on monday , killing at least 12 people "
    "and leaving thousands homeless , officials said . "
    "the weather in the capital was mild and sunny for most of the week . "
    "rescue teams searched collapsed buildings in the port city of valparaiso for survivors of the earthquake . "
    "a local football match was postponed . "
    "the earthquake damaged roads , bridges and power lines along 300 kilometers of the coast , the interior "
    "ministry said . "
    "`` we felt the ground roll for almost a minute , '' said one resident . "
    "chile sits on the pacific ring of fire and has strong building codes ."
))


def check_contract(article: Article, hs, *, n: int) -> None:
    sents = split(article.text)
    assert min(2, n, len(sents)) <= len(hs) <= min(n, 4, len(sents))
    firsts = [h.evidence[0].sentence for h in hs]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    for h in hs:
        (ev,) = h.evidence
        s = sents[ev.sentence]
        assert (ev.start, ev.end) == (s.start, s.end)
        assert h.text == " ".join(article.text[ev.start:ev.end].split())
        assert isinstance(h.score, float) and 0.0 < h.score < 1.0


def test_the_shipped_model_loads_offline_from_the_package():
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    d = models.default_root() / "ranker"
    assert d.parts[-3:] == ("highlights", "models", "ranker")
    names = {p.name for p in d.iterdir()}
    assert {"rerank.txt", "manifest.json", "wordpieces.npy", "vocab.txt", "directions.json",
            "salience_1.txt", "salience_2.txt"} <= names
    assert sum(p.stat().st_size for p in d.iterdir()) < 25 * 2**20
    model = load_model()
    assert model is load_model()  # read once per process
    files = models.load("ranker").manifest["training"]["sentence_files"]
    assert len(model.scorers) == len(files) >= 1 and set(files) <= names
    assert all(s.feature_names == list(SCORER_FEATURES) for s in model.scorers)
    assert model.embedder.table.shape == (len(model.embedder.pieces.vocab), 256)
    assert model.rerank.feature_names == list(RERANK_FEATURES)
    assert [m.feature_names for m in model.ngram_models] == [list(salience.FEATURES[o]) for o in salience.ORDERS]
    assert len(model.idf.table) > 10_000 and 2 <= model.top <= 10


def test_the_manifest_records_the_training_data_the_idf_model_and_how_the_model_was_made():
    manifest = models.load("ranker").manifest
    assert list(manifest["data"]) == ["articles.train.jsonl.gz", "articles.train_extra.jsonl.gz"]
    assert manifest["built_from"] == {"idf": models.load("idf").digest}
    assert set(manifest["words"]) == {"stop", "attribution", "first_person", "weekdays", "relative_days"}
    training = manifest["training"]
    assert training["seed"] == 1 and training["max_sentences"] == SELECT_WINDOW and manifest["versions"]["lightgbm"]
    assert manifest["features"] == {"sentence": list(SCORER_FEATURES), "candidate": list(RERANK_FEATURES),
                                    "salience": {str(o): list(salience.FEATURES[o]) for o in salience.ORDERS}}
    ranker, lead = (training["dev"]["articles.dev (tokenized lowercase)"][k] for k in ("ranker", "lead"))
    assert ranker["rouge1"] > lead["rouge1"]
    for name, digest in manifest["data"].items():
        train = SHARED / "cnndm" / name
        if train.exists():
            assert hashlib.sha256(train.read_bytes()).hexdigest() == digest
    assert training["cnn_share"] == 0.1 and 0 < training["cnn_articles"] < training["articles"]


@pytest.mark.parametrize("article", [STORY, STORY_TOKENIZED], ids=["cased", "tokenized"])
@pytest.mark.parametrize("n", [2, 3, 4, 10])
def test_two_to_four_whole_sentences_in_document_order(article, n):
    check_contract(article, get("ranker")(article, n=n), n=n)


def test_output_is_deterministic():
    first = get("ranker")(STORY, n=3)
    assert first == get("ranker")(STORY, n=3) == Ranker()(STORY, n=3)
    fresh = RankerModel.load()  # a second reading of the files chooses the same with the same scores
    texts = sentence_texts(STORY.text, split(STORY.text))
    chosen, probs = Ranker().choose(texts, n=3)
    assert tuple(h.evidence[0].sentence for h in first) == chosen
    assert np.array_equal(fresh.scores(texts), probs)


def test_cased_and_tokenized_forms_get_the_same_choice_and_nearly_the_same_features():
    cased = sentence_texts(STORY.text, split(STORY.text))
    tok = sentence_texts(STORY_TOKENIZED.text, split(STORY_TOKENIZED.text))
    assert [tokens(s) for s in cased] == [tokens(s) for s in tok]
    model = load_model()
    a, b = sentence_features(cased, model.idf), sentence_features(tok, model.idf)
    assert np.allclose(a, b, atol=1e-5)
    # the wordpieces differ only where PTB spells a quote or bracket, so the vectors nearly agree
    cos = (model.embedder(cased) * model.embedder(tok)).sum(axis=1)
    assert cos.min() > 0.98
    assert Ranker().choose(cased, n=3)[0] == Ranker().choose(tok, n=3)[0]


def test_short_and_empty_articles():
    one = Article(id="one", text="Only one sentence here.")
    assert [h.text for h in get("ranker")(one, n=3)] == ["Only one sentence here."]
    two = Article(id="two", text="Rain fell on Monday. Roads flooded.")
    assert [h.text for h in get("ranker")(two, n=3)] == ["Rain fell on Monday.", "Roads flooded."]
    assert len(get("ranker")(STORY, n=1)) == 1
    assert get("ranker")(Article(id="x", text="(CNN)"), n=3) == []
    assert get("ranker")(Article(id="y", text=""), n=3) == []


@pytest.mark.skipif(not DEV.exists(), reason="dev data not present")
def test_dev_articles_in_both_forms():
    with gzip.open(DEV, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(120), fh)]
    cased = [r for r in rows if r.get("article_original")][:5]
    assert cased
    for r in rows[:15]:
        a = Article(id=r["id"], text=r["article"])
        check_contract(a, get("ranker")(a, n=3), n=3)
    for r in cased:
        a = Article(id=r["id"], text=r["article_original"])
        check_contract(a, get("ranker")(a, n=3), n=3)


def test_candidates_are_the_sets_of_the_top_sentences():
    texts = ["a b c d.", "e f g.", "a b c h.", "x y z.", "q r s."]
    sets, rows = candidates(texts, np.array([0.9, 0.5, 0.8, 0.1, 0.2]), top=3, sizes=[2, 3])
    assert sets == [(0, 1), (0, 2), (1, 2), (0, 1, 2)]
    assert rows.shape == (4, len(CANDIDATE_FEATURES))
    col = CANDIDATE_FEATURES.index
    assert rows[1, col("shared_trigrams")] == 1 and rows[0, col("shared_trigrams")] == 0  # "a b c"
    assert list(rows[:, col("size")]) == [2, 2, 2, 3]


def test_a_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="make train"):
        Ranker(tmp_path)(STORY, n=3)


def test_a_model_with_a_damaged_table_is_a_model_error(tmp_path):
    import shutil

    for name in ("idf", "ranker"):
        shutil.copytree(models.default_root() / name, tmp_path / name)
    (tmp_path / "ranker" / "vocab.txt").write_text("[UNK]\nonly\n", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt or changed"):
        RankerModel.load(tmp_path)


def test_scorer_features_add_within_document_z_scores():
    lexical = np.arange(12, dtype=np.float32).reshape(3, 4).repeat(10, axis=1)[:, :37]
    embedded = np.zeros((3, len(EMBEDDING_FEATURES)), dtype=np.float32)
    x = scorer_features(lexical, embedded)
    assert x.shape == (3, len(SCORER_FEATURES))
    z = x[:, SCORER_FEATURES.index("z_n_tok")]
    assert np.allclose(z, [-1.2247, 0.0, 1.2247], atol=1e-3)  # (x - mean) / std of 3 evenly spaced values
    assert np.allclose(x[:, SCORER_FEATURES.index("z_e_pagerank")], 0.0)  # constant column: 0, not NaN
    assert scorer_features(lexical[:0], embedded[:0]).shape == (0, len(SCORER_FEATURES))


# ------------------------------------------------------------------------------ the tree walker

def test_forest_agrees_with_lightgbm_on_the_shipped_models():
    lgb = pytest.importorskip("lightgbm")
    d = models.default_root() / "ranker"
    model = load_model()
    texts = sentence_texts(STORY.text, split(STORY.text))
    X = scorer_features(sentence_features(texts, model.idf),
                        embedding_features(model.embedder(texts), model.directions))
    assert X.shape == (len(texts), len(SCORER_FEATURES))
    for name, scorer in zip(models.load("ranker").manifest["training"]["sentence_files"], model.scorers):
        booster = lgb.Booster(model_file=str(d / name))
        assert np.allclose(scorer.predict(X), booster.predict(X, num_threads=1), rtol=0, atol=1e-12)
    scores = model.scores(texts)
    sets, C = candidates(texts, scores, top=model.top, sizes=[1, 2, 3, 4])
    words = [tokens(t) for t in texts]
    for order, forest in zip(salience.ORDERS, model.ngram_models):
        rows = salience.table(words, scores, order, model.idf).rows
        booster = lgb.Booster(model_file=str(d / f"salience_{order}.txt"))
        assert np.allclose(forest.predict(rows), booster.predict(rows, num_threads=1), rtol=0, atol=1e-12)
    C = np.hstack([C, model.salience_features(texts, scores, sets)])
    assert C.shape == (len(sets), len(RERANK_FEATURES))
    booster = lgb.Booster(model_file=str(d / "rerank.txt"))
    assert np.allclose(model.rerank.predict(C), booster.predict(C, num_threads=1), rtol=0, atol=1e-12)


@pytest.mark.parametrize("objective", ["binary", "regression"])
def test_forest_agrees_with_lightgbm_with_missing_values_and_zeros(objective):
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4))
    X[rng.random(X.shape) < 0.15] = np.nan
    X[:, 2] = np.where(rng.random(400) < 0.3, 0.0, X[:, 2])
    y = (np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 2]) > 0).astype(float)
    params = dict(objective=objective, num_leaves=7, min_data_in_leaf=5, verbose=-1, num_threads=1,
                  deterministic=True, seed=0, zero_as_missing=objective == "regression")
    booster = lgb.train(params, lgb.Dataset(X, y), 20)
    forest = Forest(booster.model_to_string())
    Xt = rng.normal(size=(50, 4))
    Xt[rng.random(Xt.shape) < 0.2] = np.nan
    Xt[::5, 2] = 0.0
    assert np.allclose(forest.predict(Xt), booster.predict(Xt), rtol=0, atol=1e-12)


def test_deep_trees_and_their_compact_text_agree_with_lightgbm():
    # leaf-wise trees deeper than eight levels: the walker stops moving pairs that reached a leaf
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2000, 6))
    y = (np.sin(3 * X[:, 0]) + X[:, 1] * X[:, 2] > 0).astype(float)
    params = dict(objective="binary", num_leaves=63, min_data_in_leaf=2, verbose=-1, num_threads=1,
                  deterministic=True, seed=0)
    booster = lgb.train(params, lgb.Dataset(X, y), 30)
    text = booster.model_to_string()
    forest, small = Forest(text), Forest(compact(text))
    assert forest.depth > 8 and len(compact(text)) < len(text) / 2
    Xt = rng.normal(size=(300, 6))
    expected = booster.predict(Xt)
    assert np.allclose(forest.predict(Xt), expected, rtol=0, atol=1e-12)
    assert np.allclose(small.predict(Xt), expected, rtol=0, atol=1e-12)


def test_deep_trees_with_missing_values_agree_with_lightgbm():
    # the walk narrows to the pairs still inside a tree; missing values must be read the same on both sides
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(2000, 5))
    X[rng.random(X.shape) < 0.1] = np.nan
    y = (np.sin(3 * np.nan_to_num(X[:, 0])) + np.nan_to_num(X[:, 1]) > 0).astype(float)
    params = dict(objective="binary", num_leaves=63, min_data_in_leaf=2, verbose=-1, num_threads=1,
                  deterministic=True, seed=0)
    booster = lgb.train(params, lgb.Dataset(X, y), 30)
    forest = Forest(booster.model_to_string())
    assert forest.depth > 8 and forest.has_missing
    Xt = rng.normal(size=(300, 5))
    Xt[rng.random(Xt.shape) < 0.1] = np.nan
    assert np.allclose(forest.predict(Xt), booster.predict(Xt), rtol=0, atol=1e-12)


def test_the_walk_of_all_rows_at_once_equals_one_row_and_one_tree_at_a_time():
    forest = load_model().ngram_models[0]
    assert forest.depth > 8  # deep enough that the walk narrows on the way down
    rows = np.random.default_rng(3).normal(scale=3.0, size=(40, forest.num_features))

    def leaf(x, node):
        while node < forest.first_leaf:
            node = forest.children[2 * node + int(x[forest.feature[node]] <= forest.threshold[node])]
        return forest.value[node]

    expected = np.array([[leaf(x, root) for root in forest.roots] for x in rows]).sum(axis=1)
    assert np.array_equal(forest.raw(rows), expected)


def test_forest_refuses_what_it_cannot_run():
    with pytest.raises(ModelFormatError):
        Forest("not a model")
    with pytest.raises(ValueError, match="features"):
        load_model().scorers[0].predict(np.zeros((2, 3)))
