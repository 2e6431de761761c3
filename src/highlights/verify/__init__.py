"""Is a highlight supported by its article? A fast, explainable check, offline on a CPU.

    from highlights.verify import verify
    v = verify(article_text, "12,000 people attended the rally")
    v.supported, v.score, [(p.kind, p.start, p.end, p.detail) for p in v.problems]
    v.to_dict()   # {"supported": False, "score": 0.33, "problems": [{"type": "number", ...}]}

How: the article is indexed once (words, stems, bigrams, sentences, numbers; regex only, cached
for the last 64 articles); the highlight is parsed with spaCy's small English model. Each highlight
sentence copied word for word from the article is taken as supported (only attribution is checked).
Other sentences are checked for numbers (in any form: "10,000", "ten thousand", "three quarters" =
"75%", currencies), weekdays and months, named entities, and negation flips against the closest
article sentence; these are *hard* problems, each of which vetoes "supported". Attribution dropped
("police said") and word pairs that never meet in the article (``relation``) are reported but do not
veto. The score is a logistic regression over three features (``score.py``); a highlight is
supported when the score reaches ``score.threshold()`` and there is no hard problem.

On FRANK (CNN/DM) this separates faithful from unfaithful system summaries with balanced accuracy
0.70 and ROC AUC 0.76 (cross-validated); see BENCHMARKS.md. It is a screen, not a proof: a
paraphrase can be flagged, and an error that keeps the article's words can pass.
"""
from __future__ import annotations

from dataclasses import replace

from .. import nlp
from ..document import HARD, KINDS, SOFT, Article, Problem, Verification
from ..errors import EmptyInputError, InputError
from ..words import stem, words
from . import checks, conflict
from . import score as scoring
from .index import ArticleIndex, index_article, recase, repair, to_source
from .verdicts import WHOLE_SENTENCE, conflict_verdict, copied_verdict, deletion_verdict

__all__ = ["verify", "judged", "analyse", "copied_verdict", "conflict_verdict", "deletion_verdict", "Verification", "Problem",
           "HARD", "SOFT", "KINDS", "index_article", "ArticleIndex", "FEATURES"]

# Every feature ``analyse`` measures; the score uses ``score.FEATURES``, the rest are for analysis.
FEATURES = ("novel_unigram", "novel_bigram", "min_sent_cov", "max_sent_novel_bigram", "bad_numbers",
            "bad_entities", "bad_arc_ratio", "negation", "attribution", "hard_problems")
MAX_HIGHLIGHT_CHARS = 20_000  # a summary of a few sentences fits; the parse of longer text gets slow
# The parse needs the tokenizer, tok2vec, parser (arcs and sentences) and NER; the rest is skipped.
_UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer")


def verify(article: str | Article, highlight: str, *, judge: bool = False,
           evidence: tuple[str, ...] = ()) -> Verification:
    """Check ``highlight`` (one or more sentences) against ``article`` (its text, or an ``Article``).

    With ``judge``, the learned judge (``verify.judge``) reads it too, against ``evidence`` (sentences)
    when given: the verdict is supported only when the rules and the judge both say so, and its score is
    the judge's P(supported), which ranks highlights by how well they are supported.

    Raises ``EmptyInputError`` when the article or the highlight holds no text, ``InputError`` when
    the highlight is longer than ``MAX_HIGHLIGHT_CHARS``, and
    ``nlp.ModelMissingError`` when spaCy's English model is not installed.

    >>> story = "Police said 10,000 people attended the rally in Paris on Friday. It was peaceful."
    >>> verify(story, "Police said 10,000 people attended the rally in Paris on Friday.").supported
    True
    >>> [p.kind for p in verify(story, "Ten thousand people attended the rally in Paris.").problems]
    ['attribution']
    >>> v = verify(story, "12,000 people attended the rally in Paris.")
    >>> v.supported, [(p.kind, p.start, p.end) for p in v.problems if p.hard]
    (False, [('number', 0, 6)])
    """
    found = conflict.problems(article, highlight) if isinstance(highlight, str) else None
    if found is not None:
        return conflict_verdict(found)
    index = _indexed(article, highlight)
    if _whole_sentence(highlight, index):
        verdict = copied_verdict()  # as the pipeline judges its own whole-sentence bullets
    else:
        features, problems = _analysed(highlight, index)
        hard = sum(p.hard for p in problems)
        value = scoring.score(features, hard)
        verdict = Verification(supported=scoring.supported(value, hard), score=value, problems=problems,
                               features=features)
    return judged(verdict, article, highlight, evidence) if judge else verdict


def judged(verdict: Verification, article: str | Article, claim: str, evidence: tuple[str, ...] = ()) -> Verification:
    """``verdict`` with the learned judge's opinion of ``claim``: its score becomes the judge's, and it is
    supported only when the judge agrees (a veto, like a hard problem; the rules' problems are kept)."""
    from .judge import assess

    text = article.text if isinstance(article, Article) else article
    opinion = assess(text, claim, evidence)
    problems = verdict.problems
    if not opinion.supported:
        problems = (*problems, Problem("judge", 0, len(claim), f"the judge finds it unsupported by its evidence "
                                       f"(P(supported) = {opinion.score:.2f})"))
    return replace(verdict, supported=verdict.supported and opinion.supported, score=opinion.score,
                   problems=problems, judge=opinion)


def analyse(article: str | Article, highlight: str) -> tuple[dict[str, float], tuple[Problem, ...]]:
    """The features (``FEATURES``) and problems of ``highlight``, problems in order of position."""
    index = _indexed(article, highlight)
    if _whole_sentence(highlight, index):
        # One article sentence, word for word: nothing can be unsupported or unattributed, and
        # skipping the parse keeps extractive output (most of what we write) cheap to check.
        return dict(WHOLE_SENTENCE), ()
    return _analysed(highlight, index)


def _indexed(article: str | Article, highlight: str) -> ArticleIndex:
    """The article's index, once the inputs are checked (``verify``'s errors)."""
    text = article.text if isinstance(article, Article) else article
    if not isinstance(text, str) or not isinstance(highlight, str):
        raise TypeError("verify() takes the article (str or Article) and the highlight (str)")
    if not text.strip():
        raise EmptyInputError("the article is empty; there is nothing to verify the highlight against")
    if not highlight.strip():
        raise EmptyInputError("the highlight is empty; pass the text of one highlight")
    if len(highlight) > MAX_HIGHLIGHT_CHARS:
        raise InputError(f"the highlight is {len(highlight):,} characters long; verify takes highlights of up to "
                         f"{MAX_HIGHLIGHT_CHARS:,} (a sentence or a few), so pass them one at a time")
    return index_article(text)


def _analysed(highlight: str, index: ArticleIndex) -> tuple[dict[str, float], tuple[Problem, ...]]:
    """``analyse`` of a highlight that is not one whole article sentence: the parse and every check."""
    # The highlight gets the article's repairs ("235, 000" -> "235,000") and its casing; problems found
    # in that text are mapped back to offsets into the highlight as given (``_to_highlight``).
    repaired, breaks = repair(highlight)
    doc = nlp.parse(recase(repaired, index), disable=_UNUSED_COMPONENTS)
    problems: list[Problem] = []
    content_all = content_novel = bigrams_all = bigrams_novel = arcs_all = arcs_bad = 0
    coverages: list[float] = []
    novel_shares: list[float] = []
    for sentence in doc.sents:
        sent, offset = sentence.text, sentence.start_char
        span = (offset, offset + len(sent))
        ws = words(sent)
        content = checks.content_tokens(sent)
        content_all += len(content)
        content_stems = {stem(w) for w, _, _ in content}
        best, coverage = checks.closest_sentence(content_stems, index)
        if checks.copied_from_article(sent, index):  # copied word for word: only attribution can fail
            problems += checks.check_attribution(ws, best, coverage, index, span)
            coverages.append(1.0)
            bigrams_all += max(0, len(ws) - 1)
            novel_shares.append(0.0)
            continue
        content_novel += sum(stem(w) not in index.stems for w, _, _ in content)
        pairs = list(zip(ws, ws[1:]))
        novel = sum(p not in index.bigrams for p in pairs)
        bigrams_all += len(pairs)
        bigrams_novel += novel
        novel_shares.append(novel / max(1, len(pairs)))
        coverages.append(coverage)
        problems += checks.check_numbers(sent, offset, index)
        problems += checks.check_dates(sent, offset, index)
        problems += checks.check_negation(ws, best, coverage, index, span)
        problems += checks.check_attribution(ws, best, coverage, index, span)
        arcs, relations = checks.arc_support(sentence, index)
        arcs_all += arcs
        arcs_bad += len(relations)
        problems += relations
    numbers_at = {(p.start, p.end) for p in problems if p.kind == "number"}
    problems += [p for p in checks.check_entities(doc, index) if (p.start, p.end) not in numbers_at]
    features = {
        "novel_unigram": content_novel / max(1, content_all),
        "novel_bigram": bigrams_novel / max(1, bigrams_all),
        "min_sent_cov": min(coverages) if coverages else 1.0,
        "max_sent_novel_bigram": max(novel_shares) if novel_shares else 0.0,
        "bad_numbers": sum(p.kind in ("number", "number_unit", "date") for p in problems),
        "bad_entities": sum(p.kind == "entity" for p in problems),
        "bad_arc_ratio": arcs_bad / max(1, arcs_all),
        "negation": sum(p.kind == "negation" for p in problems),
        "attribution": sum(p.kind == "attribution" for p in problems),
        "hard_problems": sum(p.hard for p in problems),
    }
    if breaks:
        problems = [_to_highlight(p, breaks) for p in problems]
    return features, tuple(sorted(problems, key=lambda p: (p.start, p.end)))


def _whole_sentence(highlight: str, index: ArticleIndex) -> bool:
    ws = tuple(words(repair(highlight)[0]))
    return len(ws) >= 4 and ws in index.sentence_words


def _to_highlight(problem: Problem, breaks: list[int]) -> Problem:
    return replace(problem, start=to_source(breaks, problem.start), end=to_source(breaks, problem.end - 1) + 1)
