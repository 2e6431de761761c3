"""``highlights eval clustering``: how well the online story clusterer groups a labelled stream.

The input is JSON Lines with ``text`` (or ``sentences``, a list), optional ``title``, ``date`` and ``id``,
and a gold label (``--label-field``). Articles arrive in file order, or in date order when every one has a
date (a stream), and each is decided when it arrives. Both levels are scored (the
clusterer's stories and the topics above them); the headline figures are the stories' for a label field
named ``event``, else the topics'.

B-cubed precision and recall (Bagga & Baldwin 1998; the mean over articles of the share of its cluster
with its label, and of its label in its cluster) and pairwise F1 (over pairs of articles put together)
are the measures of Miranda et al. 2018.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Article, checked_date, date_problem
from ..errors import FormatError
from ..read.ptb import restore
from ..stories.cluster import Clusterer, ClusterSettings
from ..stories.features import featurize
from .corpus import collect


@dataclass(frozen=True)
class Labelled:
    article: Article
    label: str


def load(path: str | Path, label_field: str) -> tuple[list[Labelled], list[str]]:
    """The labelled articles of ``path`` in arrival order (date order when every row has a date), and a
    message naming the line of each bad row, which is left out of the stream."""

    def parse(row: dict, where: str) -> Labelled:
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            sentences = row.get("sentences")
            if not isinstance(sentences, list) or not sentences:
                raise FormatError("needs a 'text' string or a 'sentences' list", source=where)
            text = "\n".join(str(s) for s in sentences)
        text = restore(text)  # as ingest reads it: tokenized text's PTB marks restored
        if label_field not in row:
            raise FormatError(f"has no label field {label_field!r} (fields: {', '.join(sorted(row))}); "
                              "choose it with --label-field", source=where)
        date = None
        if isinstance(row.get("date"), str) and row["date"].strip():
            try:
                date = checked_date(dt.date.fromisoformat(row["date"][:10]))  # an export's 0001-01-01: none
            except ValueError as exc:
                raise FormatError(f"field 'date' {row['date']!r} {date_problem(row['date'][:10], exc)}",
                                  source=where) from None
        title = row.get("title") if isinstance(row.get("title"), str) else None
        number = where.rsplit(":", 1)[1]
        article = Article(id=str(row.get("id", number)), text=text, title=title, date=date, source=where)
        return Labelled(article, str(row[label_field]))

    out, skipped = collect(str(path), parse)
    if all(x.article.date is not None for x in out):
        out.sort(key=lambda x: x.article.date)  # type: ignore[arg-type, return-value]  # a stream, in date order
    return out, skipped


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1.

    >>> [round(x, 3) for x in bcubed([1, 1, 2, 2], ["a", "a", "a", "b"])]
    [0.75, 0.667, 0.706]
    """
    both = Counter(zip(predicted, gold))
    size_p, size_g = Counter(predicted), Counter(gold)
    n = len(predicted)
    precision = sum(c * c / size_p[p] for (p, _), c in both.items()) / n
    recall = sum(c * c / size_g[g] for (_, g), c in both.items()) / n
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pairwise_f1(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """F1 over the pairs of articles a clustering puts together.

    >>> round(pairwise_f1([1, 1, 2, 2], ["a", "a", "a", "b"]), 3)
    0.4
    """
    pairs = lambda counts: sum(c * (c - 1) // 2 for c in counts.values())  # noqa: E731
    together = pairs(Counter(zip(predicted, gold)))
    p_pairs, g_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    precision = together / p_pairs if p_pairs else 1.0
    recall = together / g_pairs if g_pairs else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def scores(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, Any]:
    """The clusters made and their B-cubed and pairwise scores against ``gold``."""
    p, r, f1 = bcubed(predicted, gold)
    return {"clusters": len(set(predicted)), "bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4),
            "bcubed_f1": round(f1, 4), "pairwise_f1": round(pairwise_f1(predicted, gold), 4)}


def evaluate(items: Sequence[Labelled], *, label_field: str, settings: ClusterSettings | None = None,
             level: str | None = None) -> dict:
    """Cluster ``items`` online and score both levels (``levels``: stories and the topics above them) against
    their labels; the top-level scores are the ``level``'s (by default ``story`` for an ``event`` label, else
    ``topic``)."""
    level = level or ("story" if label_field == "event" else "topic")
    clusterer = Clusterer(settings)
    features = [featurize(x.article) for x in items]  # before the clock: articles/s is the clusterer's own rate
    started = time.perf_counter()
    assigned = [clusterer.add(f) for f in features]
    seconds = time.perf_counter() - started
    gold = [x.label for x in items]
    stories = [clusterer.story_of(a.story) for a in assigned]
    levels = {"story": scores(stories, gold), "topic": scores([clusterer.topic(a.story) for a in assigned], gold)}
    singles = Counter(stories)
    return {"n": len(items), "labels": len(set(gold)), "level": level, **levels[level], "levels": levels,
            "stories_per_article": round(levels["story"]["clusters"] / max(1, len(items)), 4),
            "single_article_stories": sum(1 for c in singles.values() if c == 1),
            "articles_per_second": round(len(items) / max(seconds, 1e-9), 1)}
