"""The verdicts that need no analysis of the highlight's words: a whole article sentence (copied), a cut
of one sentence that the deletion check passed, and a conflict bullet checked part by part."""
from __future__ import annotations

from dataclasses import replace

from ..document import Problem, Verification
from . import score as scoring


def conflict_verdict(problems: tuple[Problem, ...]) -> Verification:
    """The verdict on a conflict bullet (``verify.conflict``): supported when every part is a claim the
    article makes (value, hedge, count and sources) and the figures differ; each part then stands as a
    copied claim."""
    if problems:
        return Verification(supported=False, score=0.0, problems=problems, features={"hard_problems": len(problems)},
                            how="parts")
    return replace(copied_verdict(), how="parts")


def deletion_verdict(problems: tuple[Problem, ...]) -> Verification:
    """The verdict on a bullet made only by deleting words from one article sentence (the compressor's):
    supported when the deletion check found nothing. Nothing is added to the sentence, so numbers,
    names, dates and negation can only change by what is cut, which is what the check judges; its
    findings come as hard ``deletion`` problems pointing at the cut words in the article."""
    if problems:
        return Verification(supported=False, score=0.0, problems=problems, features={"hard_problems": len(problems)},
                            how="deletion")
    return replace(copied_verdict(), how="deletion")


def copied_verdict() -> Verification:
    """The verdict on a highlight that is a whole article sentence, word for word (no analysis needed)."""
    value = scoring.score(WHOLE_SENTENCE, 0)
    return Verification(supported=scoring.supported(value, 0), score=value, problems=(),
                        features=dict(WHOLE_SENTENCE), how="verbatim")


# The features of a highlight that is one whole article sentence, as the full analysis finds them.
WHOLE_SENTENCE = {"novel_unigram": 0.0, "novel_bigram": 0.0, "min_sent_cov": 1.0, "max_sent_novel_bigram": 0.0,
                  "bad_numbers": 0, "bad_entities": 0, "bad_arc_ratio": 0.0, "negation": 0, "attribution": 0,
                  "hard_problems": 0}
