"""How close the compressor's deletions come to people's (``highlights eval compression``).

Rows are JSON Lines, plain or gzipped, in the form of ``../shared/data/compression/``: ``tokens`` (the
sentence, tokenized) and ``keep_labels`` (1/0 per token: the human pure-deletion compression; a list of
such lists when several people compressed the sentence, as in Clarke & Lapata's broadcast corpus).
``split`` keeps only rows whose ``split_kamigaito`` (Google) has that value, e.g. ``dev``.

Each sentence goes through the pipeline's compressor alone, as a one-sentence article (so the
deletion model's article-context features see no other sentence). A token counts as kept when its
characters are in the compressed bullet's spans. Reported, as in the literature on Google's corpus
(Filippova et al. 2015):

- ``f1``: token-level F1 of the kept tokens against the gold kept tokens, per sentence, averaged over
  sentences (with several gold compressions, the mean over them);
- ``compression_ratio``: kept tokens / tokens, averaged over sentences (``_chars``: the same in
  characters, spaces between tokens not counted); ``gold_compression_ratio`` for comparison;
- ``meaning_change_recall`` / ``_precision``: ``null`` until the pipeline has a meaning-change check.
"""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import FormatError
from ..model import Article, Evidence, Highlight, Sentence
from .corpus import collect


@dataclass(frozen=True)
class Row:
    """One sentence: its tokens and one or more human keep-label lists."""

    id: str
    tokens: tuple[str, ...]
    gold: tuple[tuple[int, ...], ...]


def parse_row(row: dict[str, Any], where: str, *, split: str | None = None) -> Row | None:
    """A ``Row`` from one JSON object, or None for a row of another split; ``FormatError`` when malformed."""
    if split is not None and row.get("split_kamigaito") != split:
        return None
    tokens, labels = row.get("tokens"), row.get("keep_labels")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) and t.strip() for t in tokens):
        raise FormatError("field 'tokens' must be a non-empty list of tokens", source=where)
    candidates = labels if isinstance(labels, list) and labels and isinstance(labels[0], list) else [labels]
    gold: list[tuple[int, ...]] = []
    for g in candidates:
        if not isinstance(g, list) or len(g) != len(tokens) or any(v not in (0, 1) for v in g):
            raise FormatError(f"field 'keep_labels' must hold {len(tokens)} labels of 0 or 1 per compression",
                              source=where)
        gold.append(tuple(int(v) for v in g))
    return Row(str(row.get("id", where)), tuple(tokens), tuple(gold))


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


def kept_tokens(tokens: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[int]:
    """1 for each token (of ``" ".join(tokens)``) whose characters all lie in ``spans``."""
    out, start = [], 0
    for t in tokens:
        end = start + len(t)
        out.append(int(any(a <= start and end <= b for a, b in spans)))
        start = end + 1
    return out


def compress_sentence(compressor: Any, tokens: Sequence[str]) -> list[int]:
    """The compressor's keep labels for one tokenized sentence, compressed as a one-sentence article."""
    text = " ".join(tokens)
    article = Article(id="sentence", text=text)
    whole = Highlight(text=text, score=0.5, evidence=(Evidence(0, 0, len(text)),))
    (short,) = compressor(article, (Sentence(0, 0, len(text)),), [whole])
    return kept_tokens(tokens, short.spans or ((0, len(text)),))


@dataclass(frozen=True)
class CompressionEvaluation:
    data: str
    split: str | None
    threshold: float
    n: int
    f1: float
    compression_ratio: float
    compression_ratio_chars: float
    gold_compression_ratio: float
    seconds: float
    skipped: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract of ``--out``: n, f1, the ratios and the meaning-change figures (null without a check)."""
        return {"n": self.n, "f1": round(self.f1, 4), "compression_ratio": round(self.compression_ratio, 4),
                "compression_ratio_chars": round(self.compression_ratio_chars, 4),
                "meaning_change_recall": None, "meaning_change_precision": None,
                "gold_compression_ratio": round(self.gold_compression_ratio, 4), "data": self.data,
                "split": self.split, "threshold": self.threshold,
                "sentences_per_second": round(self.n / self.seconds, 1) if self.seconds else None,
                "skipped_rows": len(self.skipped)}

    def write_json(self, path: str) -> str:
        """Write ``to_dict()`` as indented JSON (folders created); returns the path."""
        from .report import write_file

        return str(write_file(path, json.dumps(self.to_dict(), indent=2) + "\n"))

    def to_markdown(self) -> str:
        return ("| data | split | n | kept-token F1 | compression ratio (tokens) | (characters) | gold ratio |"
                " sentences/s |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
                f"| {self.data} | {self.split or 'all'} | {self.n:,} | {self.f1:.3f} | {self.compression_ratio:.3f} | "
                f"{self.compression_ratio_chars:.3f} | {self.gold_compression_ratio:.3f} | "
                f"{self.n / self.seconds:.1f} |\n\nThreshold {self.threshold}; each sentence compressed alone as a "
                "one-sentence article; F1 and ratios averaged over sentences (several gold compressions: their "
                "mean).\n")


def evaluate(path: str, *, split: str | None = None, limit: int | None = None,
             threshold: float | None = None) -> CompressionEvaluation:
    """Compress every row's sentence and compare its deletions with the human ones."""
    from ..compress import Compressor
    from ..settings import Settings

    threshold = Settings().compress_threshold if threshold is None else threshold
    rows, skipped = load(path, split=split, limit=limit)
    compressor = Compressor(threshold=threshold)
    f1s, ratios, char_ratios, gold_ratios = [], [], [], []
    start = time.perf_counter()
    for row in rows:
        kept = compress_sentence(compressor, row.tokens)
        f1s.append(sum(token_f1(kept, g) for g in row.gold) / len(row.gold))
        ratios.append(sum(kept) / len(kept))
        char_ratios.append(sum(len(t) for t, k in zip(row.tokens, kept) if k) / sum(len(t) for t in row.tokens))
        gold_ratios.append(sum(sum(g) / len(g) for g in row.gold) / len(row.gold))
    seconds = time.perf_counter() - start

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs)

    return CompressionEvaluation(path, split, threshold, len(rows), mean(f1s), mean(ratios), mean(char_ratios),
                                 mean(gold_ratios), seconds, tuple(skipped))
