"""Word and bigram salience: the n-gram tables, their labels and the candidate features, by hand."""
from __future__ import annotations

import numpy as np
import pytest

from highlights.select import salience
from highlights.select.features import Idf

IDF = Idf({"storm": 3.0, "hit": 2.0, "the": 1.0, "coast": 2.5}, unseen=5.0)
# three sentences: "storm hit" opens the first and comes twice in the third
WORDS = [["storm", "hit", "the", "coast"], ["rain", "fell"], ["storm", "hit", "again", "storm", "hit"]]
SCORES = np.array([0.9, 0.2, 0.5])


def column(order, name):
    return salience.FEATURES[order].index(name)


def test_grams_are_adjacent_words():
    assert salience.grams(["a", "b", "c"], 2) == [("a", "b"), ("b", "c")]
    assert salience.grams(["a"], 2) == [] and salience.grams([], 1) == []


def test_bigram_table_counts_over_the_whole_article():
    t = salience.table(WORDS, SCORES, 2, IDF)
    row = t.rows[t.keys.index(("storm", "hit"))]
    assert row[column(2, "tf")] == 3  # twice in the third sentence, once in the first
    assert row[column(2, "n_sent_with")] == 2
    assert row[column(2, "first")] == 0 and row[column(2, "in_lead")] == 3
    assert row[column(2, "best_score")] == pytest.approx(0.9) and row[column(2, "first_score")] == pytest.approx(0.9)
    assert row[column(2, "idf_0")] == 3.0 and row[column(2, "stop_0")] == 0
    assert row[column(2, "tf_0")] == 3 and row[column(2, "first_1")] == 0
    rain = t.rows[t.keys.index(("rain", "fell"))]
    assert rain[column(2, "idf_0")] == 5.0  # unseen
    assert rain[column(2, "first_rel")] == pytest.approx(1 / 3)
    # a sentence's n-grams with repeats, as ROUGE counts them
    assert [t.keys[k] for k in t.ids[2]] == [("storm", "hit"), ("hit", "again"), ("again", "storm"), ("storm", "hit")]


def test_only_the_asked_sentences_get_rows_but_counts_still_span_the_article():
    t = salience.table(WORDS, SCORES, 1, IDF, only=[1])
    assert t.keys == [("rain",), ("fell",)] and set(t.ids) == {1}
    full = salience.table(WORDS, SCORES, 1, IDF)
    assert np.array_equal(t.rows[0], full.rows[full.keys.index(("rain",))])
    assert full.rows[full.keys.index(("the",)), column(1, "stop")] == 1


def test_labels_never_join_two_bullets():
    t = salience.table([["storm", "hit", "the", "coast"]], np.array([0.5]), 2, IDF)
    y = salience.labels(t, ["Storm hit", "the coast"], 2)
    assert dict(zip(t.keys, y)) == {("storm", "hit"): 1, ("hit", "the"): 0, ("the", "coast"): 1}


def test_candidate_features_count_each_distinct_ngram_once():
    tables = [salience.table(WORDS, SCORES, order, IDF) for order in salience.ORDERS]
    probabilities = [np.full(len(t.keys), 0.5) for t in tables]
    x = salience.candidate_features(tables, probabilities, [(0,), (0, 2)])
    col = salience.CANDIDATE_FEATURES.index
    # bigrams: sentence 0 has 3 distinct; sentence 2 adds 4, of which "storm hit" is not new: 5 distinct, 7 in all
    assert x[0, col("expected_2")] == pytest.approx(1.5) and x[0, col("grams_2")] == 3
    assert x[1, col("expected_2")] == pytest.approx(2.5) and x[1, col("grams_2")] == 7
    assert x[1, col("expected_per_gram_2")] == pytest.approx(2.5 / 7)
    assert x[1, col("expected_f_2")] == pytest.approx(2 * 2.5 / (7 + salience.REFERENCE_NGRAMS))
    # words: storm, hit, the, coast, again
    assert x[1, col("grams_1")] == 9 and x[1, col("expected_1")] == pytest.approx(0.5 * 5)


def test_empty_sentences_and_articles():
    t = salience.table([[], ["one"]], np.array([0.1, 0.2]), 2, IDF)
    assert t.keys == [] and t.rows.shape == (0, len(salience.FEATURES[2]))
    x = salience.candidate_features([t], [np.zeros(0)], [(0, 1)])
    assert np.all(x[0, :4] == 0)
    empty = salience.table([], np.zeros(0), 1, IDF)
    assert empty.keys == [] and empty.ids == {}
