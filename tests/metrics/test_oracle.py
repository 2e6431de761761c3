"""The greedy ROUGE oracle: hand-checkable picks, its stopping rule, and an objective equal to the metric's."""
from __future__ import annotations

import pytest

from highlights.document import Article
from highlights.metrics.oracle import Oracle, f1
from highlights.metrics.rouge import Rouge, as_lines
from highlights.sentences import split


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle()


def test_picks_the_sentences_that_rebuild_the_reference(oracle):
    sentences = ["the cat sat .", "dogs bark loudly .", "on the mat ."]
    chosen = oracle.select(sentences, reference=["the cat sat on the mat ."])
    assert sorted(chosen) == [0, 2]
    assert list(chosen) == [0, 2]  # both score alike alone; a tie goes to the earlier sentence


def test_stops_when_no_sentence_helps(oracle):
    # After "the storm hit", the unrelated sentence would only lower precision.
    chosen = oracle.select(["the storm hit .", "fans sang songs ."], reference=["the storm hit ."])
    assert list(chosen) == [0]
    assert chosen[0] == pytest.approx(2.0)  # R1 F1 + R2 F1, both perfect


def test_nothing_to_pick(oracle):
    assert oracle.select(["unrelated words here ."], reference=["the storm hit ."]) == {}
    assert oracle.select([], reference=["the storm hit ."]) == {}
    assert oracle.select(["the storm hit ."], reference=["..."]) == {}


def test_max_sentences_caps_the_selection():
    chosen = Oracle(max_sentences=1).select(["the cat sat .", "on the mat ."], reference=["the cat sat on the mat ."])
    assert list(chosen) == [0]


def test_returns_highlights_with_evidence_in_document_order(oracle):
    article = Article(id="x", text="( cnn ) rain fell . the cat sat . on the mat . the end came .")
    highlights = oracle(article, reference=["the cat sat on the mat ."])
    assert [h.text for h in highlights] == ["the cat sat .", "on the mat ."]
    for h in highlights:
        e = h.evidence[0]
        assert article.text[e.start:e.end] == h.text


def test_f1_edge_cases():
    assert f1(0, 0, 0) == 0.0
    assert f1(3, 3, 6) == pytest.approx(2 / 3)


def test_objective_equals_the_metric_on_real_articles(oracle, dev_sample):
    """The incremental R1+R2 objective (cross-sentence bigrams included) matches the scorer exactly."""
    rouge = Rouge()
    for row in dev_sample[:40]:
        text, reference = row["article"], row["highlights_tok_lower"]
        sentences = [text[s.start:s.end] for s in split(text)]
        chosen = oracle.select(sentences, reference=reference)
        assert chosen, row["id"]
        prediction = as_lines([sentences[i] for i in sorted(chosen)])
        s = rouge.score(reference=as_lines(reference), prediction=prediction)
        assert sum(chosen.values()) == pytest.approx((s.rouge1 + s.rouge2) / 100, abs=1e-9)


def test_each_step_is_the_best_single_addition(oracle, dev_sample):
    """Brute force on a few articles: no other sentence would have scored higher at the first step."""
    rouge = Rouge()
    for row in dev_sample[:5]:
        text, reference = row["article"], as_lines(row["highlights_tok_lower"])
        sentences = [text[s.start:s.end] for s in split(text)]
        first = next(iter(oracle.select(sentences, reference=row["highlights_tok_lower"])))
        values = [sum(rouge.score(reference=reference, prediction=s).as_tuple()[:2]) for s in sentences]
        assert values[first] == pytest.approx(max(values))
