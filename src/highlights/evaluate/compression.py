"""How close the compressor's deletions come to people's, and how well its deletion check finds
compressions that change the meaning (``highlights eval compression``).

Rows are JSON Lines, plain or gzipped, in the forms of ``../shared/data/compression/``:

- ``tokens`` (the sentence, tokenized) and ``keep_labels`` (1/0 per token: a human pure-deletion
  compression; a list of such lists when several people compressed the sentence, as in Clarke &
  Lapata's broadcast corpus), or a ``gold`` compression as text, aligned to the tokens;
- optionally a system's ``prediction`` (text) with human flags ``prediction_meaning_change`` and
  ``grammar_errors`` (Puzikov et al. 2021): the deletion check judges the prediction's deletion.

``split`` keeps only rows whose ``split_kamigaito`` (Google) has that value, e.g. ``dev``.

The sentences are parsed as tokenized (one parser token per corpus token) and compressed by the
deletion model at ``rate``, the share of tokens to keep; by default the corpus's own gold rate (the
mean over its rows, one number for the whole corpus), as published results on Google's corpus are
compared. ``check=False`` (the default here) measures the model alone, as the literature does;
``check=True`` the compressor as the pipeline runs it, whose rules and deletion check refuse some
cuts people make (numbers, names, required arguments). Reported (Filippova et al. 2015):

- ``f1``: token-level F1 of the kept tokens against the gold kept tokens, per sentence, averaged over
  sentences (with several gold compressions, the mean over them); rows with the same id count once;
- ``compression_ratio``: kept tokens / tokens, averaged over sentences (``_chars``: the same in
  characters); ``gold_compression_ratio`` for comparison;
- ``meaning_change_recall`` / ``_precision``: of the deletion check (``safety.changes`` with the
  model's probabilities) against the human ``prediction_meaning_change`` flags; ``grammar_error_*``
  the same against ``grammar_errors``; ``null`` when the file has no such labels.
"""
from __future__ import annotations

import ast
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import FormatError
from .corpus import collect


@dataclass(frozen=True)
class Row:
    """One sentence: its tokens, the human keep-label lists, and a judged system prediction if any."""

    id: str
    tokens: tuple[str, ...]
    gold: tuple[tuple[int, ...], ...]
    prediction: tuple[int, ...] | None = None
    meaning_change: bool | None = None
    grammar_error: bool | None = None


def align(source: Sequence[str], compressed: Sequence[str]) -> list[int]:
    """1 for each source token the compression keeps: the longest common subsequence of tokens.

    >>> align(["the", "big", "dog", "barked", "."], ["the", "dog", "barked", "."])
    [1, 0, 1, 1, 1]
    """
    n, m = len(source), len(compressed)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = (best[i + 1][j + 1] + 1 if source[i] == compressed[j]
                          else max(best[i + 1][j], best[i][j + 1]))
    kept, i, j = [0] * n, 0, 0
    while i < n and j < m:
        if source[i] == compressed[j]:
            kept[i], i, j = 1, i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _flag(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return bool(value.get("flag"))
    return value in (True, "True", "true", 1, "1")


def parse_row(row: dict[str, Any], where: str, *, split: str | None = None) -> Row | None:
    """A ``Row`` from one JSON object, or None for a row of another split; ``FormatError`` when malformed."""
    if split is not None and row.get("split_kamigaito") != split:
        return None
    tokens = row.get("tokens")
    if isinstance(tokens, str) and tokens.startswith("["):
        try:  # some annotation files store the token list as its Python repr
            tokens = ast.literal_eval(tokens)
        except (ValueError, SyntaxError):
            pass
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) and t.strip() for t in tokens):
        raise FormatError("field 'tokens' must be a non-empty list of tokens", source=where)
    labels = row.get("keep_labels")
    if labels is None and isinstance(row.get("gold"), str):
        labels = align(tokens, row["gold"].split())
    gold: list[tuple[int, ...]] = []
    if labels is not None:
        candidates = labels if isinstance(labels, list) and labels and isinstance(labels[0], list) else [labels]
        for g in candidates:
            if not isinstance(g, list) or len(g) != len(tokens) or any(v not in (0, 1) for v in g):
                raise FormatError(f"field 'keep_labels' must hold {len(tokens)} labels of 0 or 1 per compression",
                                  source=where)
            gold.append(tuple(int(v) for v in g))
    prediction = row.get("prediction")
    if prediction is not None and not isinstance(prediction, str):
        raise FormatError("field 'prediction' must be the compressed sentence as text", source=where)
    if not gold and prediction is None:
        raise FormatError("needs 'keep_labels' (or a 'gold' compression) or a judged 'prediction'", source=where)
    return Row(str(row.get("id", where)), tuple(tokens), tuple(gold),
               tuple(align(tokens, prediction.split())) if prediction is not None else None,
               _flag(row.get("prediction_meaning_change")), _flag(row.get("grammar_errors")))


def load(path: str, *, split: str | None = None, limit: int | None = None) -> tuple[list[Row], list[str]]:
    """The usable rows of ``path`` (of ``split`` only, when given) and a message per skipped row."""
    return collect(path, lambda row, where: parse_row(row, where, split=split), limit=limit)


def token_f1(kept: Sequence[int], gold: Sequence[int]) -> float:
    """F1 of the kept tokens against the gold kept tokens; 1.0 when both keep nothing.

    >>> token_f1([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    both = sum(1 for k, g in zip(kept, gold) if k and g)
    if not any(kept) and not any(gold):
        return 1.0
    if not both:
        return 0.0
    precision, recall = both / sum(kept), both / sum(gold)
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class CompressionEvaluation:
    data: str
    split: str | None
    rate: float
    threshold: float
    check: bool
    n: int
    f1: float | None
    compression_ratio: float | None
    compression_ratio_chars: float | None
    gold_compression_ratio: float | None
    seconds: float
    judged: int = 0
    meaning: tuple[int, int, int] | None = None  # (positives, flagged, flagged positives)
    grammar: tuple[int, int, int] | None = None
    skipped: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract of ``--out``: n, f1, the ratios and the meaning-change figures (null without labels)."""

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        def recall(t: tuple[int, int, int] | None) -> float | None:
            return None if t is None or not t[0] else round(t[2] / t[0], 4)

        def precision(t: tuple[int, int, int] | None) -> float | None:
            return None if t is None or not t[1] else round(t[2] / t[1], 4)

        return {"n": self.n, "f1": r(self.f1), "compression_ratio": r(self.compression_ratio),
                "compression_ratio_chars": r(self.compression_ratio_chars),
                "meaning_change_recall": recall(self.meaning), "meaning_change_precision": precision(self.meaning),
                "grammar_error_recall": recall(self.grammar), "grammar_error_precision": precision(self.grammar),
                "judged_predictions": self.judged,
                "meaning_changes": None if self.meaning is None else dict(zip(("labelled", "flagged", "found"),
                                                                             self.meaning)),
                "gold_compression_ratio": r(self.gold_compression_ratio), "data": self.data, "split": self.split,
                "rate": round(self.rate, 4), "threshold": round(self.threshold, 4), "check": self.check,
                "sentences_per_second": round(self.n / self.seconds, 1) if self.seconds and self.n else None,
                "skipped_rows": len(self.skipped)}

    def write_json(self, path: str) -> str:
        """Write ``to_dict()`` as indented JSON (folders created); returns the path."""
        from .report import write_file

        return str(write_file(path, json.dumps(self.to_dict(), indent=2) + "\n"))

    def to_markdown(self) -> str:
        d = self.to_dict()

        def cell(x: object) -> str:
            return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

        table = ("| data | split | n | kept-token F1 | compression ratio (tokens) | (characters) | gold ratio |"
                 " sentences/s |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
                 f"| {self.data} | {self.split or 'all'} | {self.n:,} | {cell(d['f1'])} | "
                 f"{cell(d['compression_ratio'])} | {cell(d['compression_ratio_chars'])} | "
                 f"{cell(d['gold_compression_ratio'])} | {cell(d['sentences_per_second'])} |\n")
        if self.judged:
            table += ("\n| judged predictions | meaning changes (labelled / flagged / found) | recall | precision |"
                      " grammar recall | grammar precision |\n|---:|---|---:|---:|---:|---:|\n"
                      f"| {self.judged} | {' / '.join(map(str, self.meaning or ()))} | "
                      f"{cell(d['meaning_change_recall'])} | {cell(d['meaning_change_precision'])} | "
                      f"{cell(d['grammar_error_recall'])} | {cell(d['grammar_error_precision'])} |\n")
        mode = "the compressor as the pipeline runs it (rules and deletion check)" if self.check else "the model alone"
        return (table + f"\nRate {self.rate:.3f} (threshold {self.threshold:.3f}), {mode}; each sentence compressed "
                "alone; F1 and ratios averaged over sentences (several gold compressions: their mean).\n")


def evaluate(path: str, *, split: str | None = None, limit: int | None = None, rate: float | None = None,
             check: bool = False, threshold: float | None = None) -> CompressionEvaluation:
    """Compress every row's sentence and compare its deletions with the human ones; judge the
    labelled predictions' deletions with the deletion check. ``rate`` None: the rows' gold rate;
    ``threshold`` overrides the rate."""
    from ..compress import Compressor
    from ..compress.safety import MEANING, judge
    from ..nlp import tagged_tokens as parse_tokens

    rows, skipped = load(path, split=split, limit=limit)
    start = time.perf_counter()
    unique = list({row.id: row for row in rows}.values())
    docs = dict(zip((r.id for r in unique), parse_tokens([r.tokens for r in unique])))
    scored = [r for r in unique if r.gold]
    gold_ratio = _mean([sum(sum(g) / len(g) for g in r.gold) / len(r.gold) for r in scored]) if scored else None
    rate = rate if rate is not None else gold_ratio if gold_ratio is not None else 0.5
    compressor = Compressor(rate=rate, check=check, threshold=threshold)
    keep: dict[str, list[float]] = {}  # a sentence's probabilities, once for its compression and its judged predictions

    def probabilities(row: Row) -> list[float]:
        if row.id not in keep:
            keep[row.id] = compressor.model.keep_probabilities(docs[row.id]).tolist()
        return keep[row.id]

    f1s, ratios, char_ratios = [], [], []
    for row in scored:
        drop = compressor.drops(docs[row.id], keep=probabilities(row))
        kept = [int(i not in drop) for i in range(len(row.tokens))]
        f1s.append(sum(token_f1(kept, g) for g in row.gold) / len(row.gold))
        ratios.append(sum(kept) / len(kept))
        char_ratios.append(sum(len(t) for t, k in zip(row.tokens, kept) if k) / sum(len(t) for t in row.tokens))
    judged = [r for r in rows if r.prediction is not None]
    meaning = grammar = None
    if judged:
        m, g = [0, 0, 0], [0, 0, 0]
        for row in judged:
            doc = docs[row.id]
            assert row.prediction is not None
            found = judge(doc[:], [i for i, k in enumerate(row.prediction) if not k], probabilities(row))
            said_meaning = any(c.kind in MEANING for c in found)
            said_grammar = any(c.kind not in MEANING for c in found)
            for counts, label, said in ((m, row.meaning_change, said_meaning), (g, row.grammar_error, said_grammar)):
                counts[0] += bool(label)
                counts[1] += said
                counts[2] += bool(label) and said
        meaning = (m[0], m[1], m[2]) if any(r.meaning_change is not None for r in judged) else None
        grammar = (g[0], g[1], g[2]) if any(r.grammar_error is not None for r in judged) else None
    seconds = time.perf_counter() - start
    return CompressionEvaluation(
        path, split, rate, compressor.threshold(news=False), check, len(scored), _mean(f1s) if f1s else None,
        _mean(ratios) if ratios else None, _mean(char_ratios) if char_ratios else None, gold_ratio, seconds,
        len(judged), meaning, grammar, tuple(skipped))


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)
