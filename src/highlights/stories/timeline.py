"""A story's timeline: its most important dates, each with a bullet or two that point into its articles.

``dated`` (the default): a day counts once for each article published on it and twice for each later
article that names it ("on January 25", "said Tuesday": ``figures.dates``), since a day that later reports
look back to is one the story turned on. Each article's votes are weighted by how much it is about the story
(the TF-IDF cosine of its words with the centroid of all the story's articles, scaled so the mean weight is
1): a story's articles, gathered by keyword or clustering, include roundups and pages about other things,
whose days are not the story's. A day may be up to a year before the first article (coverage may begin
after the event it looks back to; older days are history, not the story). The top days are kept; each gets
the sentences most central among those published that day (the first five of each article) and those that
name it, TF-IDF-weighted over the story's own articles, none repeating another. A bullet keeps its article
and span; an entry says whether its date is a publication date or one the text gave.

``published_dates``, the baseline: the days most articles were published on, with their lead sentences.

Both leave out the articles without a date, and those whose date lies outside the range of dates Highlights
reads (``document.checked_date``: a story stored with an export's 0001-01-01 still has a timeline): every day
on a timeline lies inside it.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Article, checked_date
from ..figures.dates import mentions
from ..sentences import split
from ..words import STOP, tokens

PUBLISHED_WEIGHT = 1.0  # a day's score: for each article published on it (times the article's relevance)
MENTION_WEIGHT = 2.0  # and for each later article that names it (likewise)
LEAD = 5  # sentences of an article that stand for its publication day
SAME = 0.5  # two sentences sharing this share of their content words say the same thing
LOOKBACK = 365  # days before its first article that a story's timeline may start (its reports look back)

@dataclass(frozen=True)
class Bullet:
    text: str
    article: str  # the article's id
    start: int  # the span of the article's text it comes from
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "evidence": [{"article": self.article, "start": self.start, "end": self.end}]}


@dataclass(frozen=True)
class Entry:
    date: dt.date
    bullets: tuple[Bullet, ...]
    date_source: str = "published"  # "published": the articles' date; "text": a date the text gives

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "date_source": self.date_source,
                "bullets": [b.to_dict() for b in self.bullets]}


def published_dates(articles: Sequence[Article], *, dates: int, per_date: int) -> list[Entry]:
    """The ``dates`` days most articles were published on (the earlier first among equals), in date order,
    each with the lead sentences of that day's articles, one an article in input order, up to ``per_date``."""
    counts = Counter(day for a in articles if (day := checked_date(a.date)) is not None)
    chosen = sorted(d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:dates])
    entries = []
    for day in chosen:
        bullets: list[Bullet] = []
        for a in articles:
            if a.date != day or len(bullets) >= per_date:
                continue
            first = next(iter(split(a.text)), None)
            if first is not None:
                bullets.append(Bullet(a.text[first.start:first.end], a.id, first.start, first.end))
        entries.append(Entry(day, tuple(bullets)))
    return entries


@dataclass(frozen=True)
class _Candidate:
    article: Article
    start: int
    end: int
    position: int  # the sentence's place in its article
    named: bool  # it names the day (rather than being published on it)


def dated(articles: Sequence[Article], *, dates: int, per_date: int) -> list[Entry]:
    """The ``dates`` days that the articles were published on or look back to most, each with its
    ``per_date`` most central sentences (see the module's docstring)."""
    dated_articles = [a for a in articles if checked_date(a.date) is not None]
    if not dated_articles:
        return []
    first = min(a.date for a in dated_articles if a.date is not None)
    candidates: dict[dt.date, list[_Candidate]] = defaultdict(list)
    df: Counter[str] = Counter()  # sentences that hold a word, for the bullets' TF-IDF
    words: list[Counter[str]] = []  # each article's content words, for its relevance
    named: list[set[dt.date]] = []  # the earlier days each article names
    for a in dated_articles:
        published = a.date
        assert published is not None
        counts: Counter[str] = Counter()
        days: set[dt.date] = set()
        for i, sentence in enumerate(split(a.text)):
            text = a.text[sentence.start:sentence.end]
            content = [t for t in tokens(text) if t not in STOP]
            counts.update(content)
            df.update(set(content))
            if i < LEAD:
                candidates[published].append(_Candidate(a, sentence.start, sentence.end, i, False))
            for m in mentions(text, published):
                # a day long before the story's first article, or after this one, is not one this story places
                if first - dt.timedelta(days=LOOKBACK) <= m.date < published:
                    days.add(m.date)
                    candidates[m.date].append(_Candidate(a, sentence.start, sentence.end, i, True))
        words.append(counts)
        named.append(days)
    score: dict[dt.date, float] = defaultdict(float)
    for a, weight, days in zip(dated_articles, _relevance(words), named):
        assert a.date is not None
        score[a.date] += PUBLISHED_WEIGHT * weight
        for day in days:
            score[day] += MENTION_WEIGHT * weight
    chosen = sorted(d for d, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:dates])
    idf = _idf(df, len(dated_articles))
    return [Entry(day, _central(candidates[day], idf, per_date),
                  "published" if any(a.date == day for a in dated_articles) else "text") for day in chosen]


def _relevance(words: list[Counter[str]]) -> list[float]:
    """How much each article is about the story, relative to the others (their mean is 1): the TF-IDF cosine of
    its words with the centroid of all the articles. A story's articles, gathered by keyword or by clustering,
    include some about something else (a news roundup, a page on another story that names this one), and their
    days should not count as fully as the story's own."""
    idf = _idf(Counter(t for counts in words for t in counts), len(words))
    vectors = []
    for counts in words:
        v = _tfidf(counts, idf)
        length = _length(v)
        vectors.append({t: w / length for t, w in v.items()})
    centroid: Counter[str] = Counter()
    for v in vectors:
        centroid.update(v)
    norm = _length(centroid)
    cosines = [sum(w * centroid[t] for t, w in v.items()) / norm for v in vectors]
    mean = sum(cosines) / len(cosines)
    return [c / mean if mean > 0 else 1.0 for c in cosines]


def _central(candidates: list[_Candidate], idf: dict[str, float], n: int) -> tuple[Bullet, ...]:
    """The ``n`` candidates nearest the centroid of them all (TF-IDF cosine; naming the day counts a little),
    skipping fragments, run-ons and repeats."""
    vectors = [_tfidf(Counter(t for t in tokens(c.article.text[c.start:c.end]) if t not in STOP), idf)
               for c in candidates]
    centroid: Counter[str] = Counter()
    for v in vectors:
        centroid.update(v)
    norm = _length(centroid)

    def closeness(j: int) -> float:
        v = vectors[j]
        return sum(w * centroid[t] for t, w in v.items()) / (_length(v) * norm) + (0.1 if candidates[j].named else 0.0)

    out: list[Bullet] = []
    kept: list[set[str]] = []
    for j in sorted(range(len(candidates)), key=lambda j: (-closeness(j), j)):
        c, words = candidates[j], set(vectors[j])
        text = c.article.text[c.start:c.end]
        if len(words) < 5 or len(text.split()) > 60:
            continue
        if any(len(words & other) > SAME * min(len(words), len(other)) for other in kept):
            continue
        kept.append(words)
        out.append(Bullet(" ".join(text.split()), c.article.id, c.start, c.end))
        if len(out) >= n:
            break
    return tuple(out)


def _idf(df: Counter[str], documents: int) -> dict[str, float]:
    return {t: math.log(documents / (1 + n) + 1) for t, n in df.items()}


def _tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Log-scaled term frequency times IDF (a word the IDF has not seen counts as 1)."""
    return {t: (1 + math.log(k)) * idf.get(t, 1.0) for t, k in counts.items()}


def _length(v: Mapping[str, float]) -> float:
    """The vector's Euclidean length, or 1 for an empty vector (nothing to divide by zero)."""
    return math.sqrt(sum(w * w for w in v.values())) or 1.0


Method = Callable[..., list[Entry]]
METHODS: dict[str, Method] = {"dated": dated, "published-dates": published_dates}
DESCRIPTIONS = {"dated": "the days most published on and looked back to, each with its most central sentences",
                "published-dates": "baseline: the days most articles were published on, with their articles' "
                                   "lead sentences"}


def as_dict(entries: Sequence[Entry], *, story: int | None, title: str | None, method: str,
            articles: int) -> dict[str, Any]:
    """A timeline as ``highlights timeline --format json`` and the API give it (``render.timeline`` prints it)."""
    return {"story": story, "title": title, "method": method, "articles": articles,
            "dates": [e.to_dict() for e in entries]}
