"""What the story clusterer compares: an article's title and lead as TF-IDF terms, a static MiniLM
vector, the names it mentions, and its date.

Cheap by design (no parser, no transformer): the IDF table and the wordpiece vectors are the ones the
ranker ships, so an article costs well under a millisecond once its text is read.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..document import Article, checked_date
from ..select.embed import Embedder
from ..sentences import split
from ..words import MONTHS, STOP, WEEKDAYS, tokens
from ..words.idf import Idf

LEAD = 8  # sentences after the title that describe the event; later ones drift to background
TERMS = 60  # the heaviest terms of an article that it is compared by
HEAD_CHARS = 3000  # the lead lies in the first few thousand characters; the rest is never split
# A run of capitalised words: a name ("Tara Reid", "Gulf of Aden" gives "Gulf", "Aden").
_NAME = re.compile(r"\b[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*")
_NOT_NAMES = STOP | MONTHS | WEEKDAYS | frozenset({"cnn", "ap", "reuters", "http", "www", "com", "html", "said", "mr",
                                                   "mrs", "ms", "dr"})


@dataclass(frozen=True)
class Features:
    terms: dict[str, float]  # unit-length TF-IDF of the title and lead (its ``TERMS`` heaviest terms)
    vector: np.ndarray  # unit-length static embedding of the same text
    names: frozenset[str]  # lowercase names (capitalised runs) in the title and lead; empty for lowercase text
    date: dt.date | None  # None too when outside the range of dates (``document.checked_date``)


def featurize(article: Article, *, idf: Idf | None = None, embedder: Embedder | None = None) -> Features:
    """The features of one article (its title, then its first ``LEAD`` sentences)."""
    idf = idf or Idf.shipped()
    embedder = embedder or Embedder.shipped()
    head = article.text[:HEAD_CHARS]
    lead = [head[s.start:s.end] for s in split(head)[:LEAD]]
    parts = ([article.title] if article.title else []) + lead
    text = " ".join(parts)
    counts = Counter(t for t in tokens(text) if len(t) > 2 and t not in STOP and not t.isdigit())
    weights = {t: (1.0 + math.log(c)) * idf.table.get(t, idf.unseen) for t, c in counts.items()}
    # the heaviest terms carry the cosine; keeping only them bounds the cost of every comparison
    weights = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS])
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    names = set()
    for part in parts:
        for m in _NAME.finditer(part):
            name = " ".join(m.group().lower().split())  # "Hosni\nMubarak" is "hosni mubarak"
            if name not in _NOT_NAMES and len(name) > 2:
                names.add(name)
    return Features(terms={t: w / norm for t, w in sorted(weights.items())}, vector=embedder([text])[0],
                    names=frozenset(names), date=checked_date(article.date))
