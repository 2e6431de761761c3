"""The ROUGE protocol: hand-checked scores, the layouts of published summaries, and identity with Google's package."""
from __future__ import annotations

import pytest

from highlights.document import Article
from highlights.metrics.rouge import Rouge, Scores, as_lines, summary_lines
from highlights.select.lead import Lead


@pytest.fixture(scope="module")
def rouge() -> Rouge:
    return Rouge()


def test_identical_texts_score_100_and_disjoint_texts_0(rouge):
    assert rouge.score(reference="the cat sat .", prediction="the cat sat .") == Scores(100.0, 100.0, 100.0)
    assert rouge.score(reference="the cat sat .", prediction="dogs bark loudly .") == Scores(0.0, 0.0, 0.0)


def test_hand_computed_partial_match(rouge):
    # Reference: 6 tokens, 5 bigrams. Prediction "the cat sat": all 3 tokens and both bigrams match.
    # R1: P 3/3, R 3/6 -> F 2/3.  R2: P 2/2, R 2/5 -> F 4/7.  LCS 3 -> like R1.
    s = rouge.score(reference="the cat sat on the mat", prediction="the cat sat")
    assert s.rouge1 == pytest.approx(200 / 3)
    assert s.rouge2 == pytest.approx(400 / 7)
    assert s.rougeLsum == pytest.approx(200 / 3)


def test_porter_stemmer_and_case_and_punctuation_are_ignored(rouge):
    s = rouge.score(reference="Runs, jumped!", prediction="running jumps")
    assert s.rouge1 == pytest.approx(100.0)


def test_references_and_predictions_are_taken_in_keyword_order(rouge):
    # Precision and recall swap with the sides; F1 does not, so check the argument names are required.
    with pytest.raises(TypeError):
        rouge.score("a", "b")  # type: ignore[misc]


def test_rougelsum_reads_one_sentence_per_line(rouge):
    reference = as_lines(["the cat sat on the mat .", "the dog ran away ."])
    on_lines = rouge.score(reference=reference, prediction=as_lines(["the dog ran away .", "the cat sat on the mat ."]))
    assert on_lines.rougeLsum == pytest.approx(100.0)  # sentence order does not matter across lines
    one_line = rouge.score(reference=reference.replace("\n", " "), prediction="the dog ran away . the cat sat on the mat .")
    assert one_line.rougeLsum < 80  # without lines it is a plain LCS: order matters


def test_as_lines_joins_texts_and_collapses_whitespace():
    assert as_lines(["  a  b ", "", "c\nd"]) == "a b\nc d"


def test_score_many_matches_score_one_by_one(rouge):
    refs, preds = ["the cat sat", "a b c d"], ["the cat", "c d e"]
    assert rouge.score_many(references=refs, predictions=preds) == [
        rouge.score(reference=r, prediction=p) for r, p in zip(refs, preds)]
    with pytest.raises(ValueError):
        rouge.score_many(references=refs, predictions=preds[:1])


def test_summary_lines_handles_the_three_published_layouts():
    # See et al.: one sentence per line.
    assert summary_lines("man died .\npolice said .") == ["man died .", "police said ."]
    # SimCLS: tokenized sentences run together on one line.
    assert summary_lines("licences scrapped . points held online . groups fear it .") == [
        "licences scrapped .", "points held online .", "groups fear it ."]
    # REALSumm: sentences joined by two spaces, sometimes with no final period.
    assert summary_lines("she says she felt ` overdressed '  she has written a book .") == [
        "she says she felt ` overdressed '", "she has written a book ."]
    # Cased prose (LLM outputs).
    assert summary_lines("Dr. Lobo was shot. She will survive.") == ["Dr. Lobo was shot.", "She will survive."]
    assert summary_lines("") == []


def _lead3(row: dict) -> str:
    article = Article(id=row["id"], text=row["article"])
    return as_lines([h.text for h in Lead()(article, n=3)])


def test_scores_are_identical_to_google_rouge_score(rouge, dev_sample):
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    google = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    references = [as_lines(r["highlights_tok_lower"]) for r in dev_sample]
    predictions = [_lead3(r) for r in dev_sample]
    ours = rouge.score_many(references=references, predictions=predictions)
    for ref, pred, mine in zip(references, predictions, ours):
        theirs = google.score(ref, pred)
        assert mine.as_tuple() == pytest.approx(
            tuple(100 * theirs[t].fmeasure for t in ("rouge1", "rouge2", "rougeLsum")), abs=1e-9)


def test_tokenize_is_the_metric_tokenizer(rouge):
    assert rouge.tokenize("The rabbis were ACCUSED, 69") == ["the", "rabbi", "were", "accus", "69"]
