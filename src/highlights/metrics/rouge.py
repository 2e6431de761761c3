"""The ROUGE protocol behind published CNN/DailyMail numbers, in one place.

Google's ``rouge-score`` tokenization (lowercase, ``[a-z0-9]`` tokens, Porter stemmer on tokens
longer than three characters), F1 × 100 of ``rouge1``, ``rouge2`` and ``rougeLsum``, with **one
sentence per line** on both sides. ``rougeLsum`` reads those lines as sentences, so a summary
that is not split into lines scores several points lower: every text goes through ``as_lines``
(a list of highlights or reference bullets) or ``summary_lines`` (a published system's summary,
whatever its layout) before scoring.

Scoring uses ``rouge-score-rs``, a native implementation whose scores are identical to
``rouge-score`` (tests/evaluate/test_rouge.py checks that on a dev sample) and which scores a
batch on all cores.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SettingsError
from ..sentences import split

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
INSTALL_EVAL = "pip install 'highlights[eval]'"


@dataclass(frozen=True, slots=True)
class Scores:
    """F1 × 100 of each ROUGE type for one summary (or a mean over many)."""

    rouge1: float
    rouge2: float
    rougeLsum: float

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.rouge1, self.rouge2, self.rougeLsum)


def as_lines(texts: Sequence[str]) -> str:
    """One text per line, inner whitespace (newlines included) collapsed, empty texts dropped."""
    return "\n".join(line for line in (" ".join(t.split()) for t in texts) if line)


def summary_lines(summary: str) -> list[str]:
    """The sentences of a published summary, one per item, whatever layout it was stored in.

    The CNN/DM system outputs come in three layouts: one sentence per line (See et al. 2017),
    sentences run together on one line (SimCLS: "... scrapped . information about ..."), and
    sentences joined by two spaces, sometimes without a final period (REALSumm). Lines and runs
    of two or more spaces are taken as boundaries, then each part goes through our sentence
    splitter, which handles both tokenized and cased text.

    >>> summary_lines("a man died . police said .\\nrain fell  roads flooded")
    ['a man died .', 'police said .', 'rain fell', 'roads flooded']
    """
    out: list[str] = []
    for line in summary.split("\n"):
        for part in re.split(r"\s{2,}", line):
            if not part.strip():
                continue
            sentences = [" ".join(part[s.start:s.end].split()) for s in split(part)]
            out.extend(sentences or [" ".join(part.split())])
    return out


def _package():
    try:
        import rouge_score_rs
    except ImportError:
        raise SettingsError(f"ROUGE scoring needs rouge-score-rs: {INSTALL_EVAL}") from None
    return rouge_score_rs


class Rouge:
    """Scores summaries with the protocol above; built once, reused for every pair."""

    def __init__(self):
        self._scorer = _package().RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
        self._tokenizer = None

    def score(self, *, reference: str, prediction: str) -> Scores:
        """Scores of one prediction against one reference, both already one sentence per line."""
        return _scores(self._scorer.score(reference, prediction))

    def score_many(self, *, references: Sequence[str], predictions: Sequence[str]) -> list[Scores]:
        """Scores of aligned pairs, computed natively on all cores."""
        if len(references) != len(predictions):
            raise ValueError(f"{len(references)} references but {len(predictions)} predictions")
        return [_scores(s) for s in self._scorer.score_batch(list(references), list(predictions))]

    def tokenize(self, text: str) -> list[str]:
        """The tokens ROUGE counts in ``text`` (lowercased, stemmed), e.g. for the oracle."""
        if self._tokenizer is None:
            from rouge_score_rs.tokenizers import DefaultTokenizer
            self._tokenizer = DefaultTokenizer(use_stemmer=True)
        return self._tokenizer.tokenize(text)


def _scores(raw: dict) -> Scores:
    return Scores(*(100.0 * raw[t].fmeasure for t in ROUGE_TYPES))
