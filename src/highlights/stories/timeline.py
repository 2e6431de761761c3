"""A story's timeline: its most important dates, each with a bullet or two that point into its articles.

``dated`` (the default): each article votes once for each day it is about, the day it was published on and
each earlier day it names ("on January 25", "said Tuesday", "last March 3": ``figures.dates``, which reads a
date in its sentence's context), since a day that later reports look back to is one the story turned on.
Each article's vote weighs as much as it is about the story (the TF-IDF cosine of its words with the
centroid of all the story's articles, scaled so the mean weight is 1): a story's articles, gathered by
keyword or clustering, include roundups and pages about other things, whose days are not the story's. A day
may be up to a year before the first article (coverage may begin after the event it looks back to; older
days are history, not the story). The top days are kept, as many as asked for or, left to the data, those
that count for at least as much as the mean day. Each gets the sentences most central (TF-IDF over the
story's own sentences) among those that name it and the leads of the articles published on it or a day
after (the next day's paper reports it), none repeating another and none standing for two days. A bullet
keeps its article and span; an entry says whether its date is a publication date or one the text gave.

The lead's length and the days after are the method's two tuned settings (``Tuning``); the date selection
has none. ``highlights eval timeline --loto`` chooses them on all topics but the one it scores.

``published_dates``, the baseline: the days most articles were published on, with their lead sentences.

Both leave out the articles without a date, and those whose date lies outside the range of dates Highlights
reads (``document.checked_date``: a story stored with an export's 0001-01-01 still has a timeline): every day
on a timeline lies inside it.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Article, checked_date
from ..figures.dates import mentions
from ..sentences import split
from ..words import STOP, tokens

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


def published_dates(articles: Sequence[Article], *, dates: int | None, per_date: int) -> list[Entry]:
    """The ``dates`` days most articles were published on (the earlier first among equals; None: as many as
    ``_count`` finds), in date order, each with the lead sentences of that day's articles, one an article in
    input order, up to ``per_date``."""
    counts = Counter(day for a in articles if (day := checked_date(a.date)) is not None)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = sorted(d for d, _ in ranked[:_count(counts) if dates is None else dates])
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
class Tuning:
    """The settings ``dated`` is tuned by, with the values it ships with; ``GRID`` holds those a
    leave-one-topic-out evaluation (``evaluate.timeline.loto``) chooses among, on the other topics only."""

    lead: int = 5  # an article's first sentences, which stand for the day it reports on
    late: int = 1  # days after a day that an article published then still reports on it (the next day's paper)


TUNING = Tuning()
GRID = tuple(Tuning(lead, late) for lead in (1, 3, 5, 10) for late in (0, 1, 2))


@dataclass(frozen=True)
class _Sentence:
    article: int  # its article's place in ``_Story.articles``
    start: int  # its span of the article's text
    end: int
    position: int  # its place in its article
    words: Counter[str]  # its content words
    days: frozenset[dt.date]  # the days it names, before its article's


@dataclass(frozen=True)
class _Story:
    """A story's dated articles read once: their sentences, the days those name and how much each article is
    about the story (``_relevance``), for any number of timelines of it."""

    articles: tuple[Article, ...]
    sentences: tuple[_Sentence, ...]
    relevance: tuple[float, ...]
    named: tuple[frozenset[dt.date], ...]  # the days each article names
    idf: dict[str, float]  # over sentences, for the bullets


def dated(articles: Sequence[Article], *, dates: int | None, per_date: int, tuning: Tuning = TUNING) -> list[Entry]:
    """The ``dates`` days that the articles were published on or look back to most (None: as many as the data
    shows, ``_count``), each with its ``per_date`` most central sentences (see the module's docstring)."""
    story = _read(tuple(a for a in articles if checked_date(a.date) is not None))
    if not story.articles:
        return []
    score: dict[dt.date, float] = defaultdict(float)
    for a, weight, named in zip(story.articles, story.relevance, story.named):
        assert a.date is not None
        for day in named | {a.date}:
            score[day] += weight
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = sorted(d for d, _ in ranked[:_count(score) if dates is None else dates])
    # each day's sentences: those that name it and those that lead an article published on it or up to
    # ``tuning.late`` days after, which report on it; one that does both counts twice in the day's centroid
    candidates: dict[dt.date, list[_Sentence]] = {day: [] for day in chosen}
    for s in story.sentences:
        published = story.articles[s.article].date
        assert published is not None
        for day in s.days & candidates.keys():
            candidates[day].append(s)
        if s.position < tuning.lead:
            for late in range(tuning.late + 1):
                day = published - dt.timedelta(days=late)
                if day in candidates:
                    candidates[day].append(s)
    # a sentence stands for one day only; the days with the fewest to choose from choose first
    bullets: dict[dt.date, tuple[Bullet, ...]] = {}
    used: set[tuple[int, int]] = set()
    for day in sorted(chosen, key=lambda d: len(candidates[d])):
        picked = _central(story, [s for s in candidates[day] if (s.article, s.start) not in used], per_date)
        used.update((s.article, s.start) for s in picked)
        bullets[day] = tuple(Bullet(" ".join(story.articles[s.article].text[s.start:s.end].split()),
                                    story.articles[s.article].id, s.start, s.end) for s in picked)
    published_on = {a.date for a in story.articles}
    return [Entry(day, bullets[day], "published" if day in published_on else "text") for day in chosen]


def _count(score: Mapping[dt.date, float]) -> int:
    """How many days a timeline has when the caller leaves it to the data: those that count for at least as
    much as the mean day (a story of a few busy days has a few dates; one that ran for months, more)."""
    mean = sum(score.values()) / len(score) if score else 0.0
    return sum(v >= mean for v in score.values())


@functools.lru_cache(maxsize=1)
def _read(articles: tuple[Article, ...]) -> _Story:
    """The story's sentences, with the days each names before its own article's, back to a year before the
    story's first article (coverage may begin after the event it looks back to; older days are history, not
    the story). Kept for the next call, which often asks for another timeline of the same story (another
    number of dates, an evaluation's other settings)."""
    if not articles:
        return _Story((), (), (), (), {})
    first = min(a.date for a in articles if a.date is not None)
    sentences: list[_Sentence] = []
    df: Counter[str] = Counter()  # sentences that hold a word, for the bullets' TF-IDF
    words: list[Counter[str]] = []  # each article's content words, for its relevance
    for i, a in enumerate(articles):
        published = a.date
        assert published is not None
        counts: Counter[str] = Counter()
        before = ""
        for position, sentence in enumerate(split(a.text)):
            text = a.text[sentence.start:sentence.end]
            content = Counter(t for t in tokens(text) if t not in STOP)
            counts.update(content)
            df.update(content.keys())
            days = frozenset(m.date for m in mentions(text, published, before=before)
                             if first - dt.timedelta(days=LOOKBACK) <= m.date < published)
            sentences.append(_Sentence(i, sentence.start, sentence.end, position, content, days))
            before = text
        words.append(counts)
    named = [frozenset[dt.date]()] * len(articles)
    for s in sentences:
        named[s.article] |= s.days
    return _Story(articles, tuple(sentences), tuple(_relevance(words)), tuple(named), _idf(df, len(articles)))


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


def _central(story: _Story, candidates: list[_Sentence], n: int) -> list[_Sentence]:
    """The ``n`` candidates nearest the centroid of them all (TF-IDF cosine; a candidate weighs as much as its
    article's relevance, and as often as it is listed), skipping fragments, run-ons and repeats."""
    vectors = [_tfidf(c.words, story.idf) for c in candidates]
    centroid: Counter[str] = Counter()
    for c, v in zip(candidates, vectors):
        weight = story.relevance[c.article]
        centroid.update({t: w * weight for t, w in v.items()})
    norm = _length(centroid)

    def rank(j: int) -> tuple[float, int]:
        v = vectors[j]
        return -sum(w * centroid[t] for t, w in v.items()) / (_length(v) * norm), j

    out: list[_Sentence] = []
    kept: list[set[str]] = []
    for j in sorted(range(len(candidates)), key=rank):
        c, words = candidates[j], set(vectors[j])
        if len(words) < 5 or len(story.articles[c.article].text[c.start:c.end].split()) > 60:
            continue
        if any(len(words & other) > SAME * min(len(words), len(other)) for other in kept):
            continue  # a repeat, or the same sentence listed twice
        kept.append(words)
        out.append(c)
        if len(out) >= n:
            break
    return out


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
GRIDS: dict[str, tuple[Tuning, ...]] = {"dated": GRID}  # the settings a method is tuned by (none: it has none)
DESCRIPTIONS = {"dated": "the days most published on and looked back to, each with its most central sentences",
                "published-dates": "baseline: the days most articles were published on, with their articles' "
                                   "lead sentences"}


def as_dict(entries: Sequence[Entry], *, story: int | None, title: str | None, method: str,
            articles: int) -> dict[str, Any]:
    """A timeline as ``highlights timeline --format json`` and the API give it (``render.timeline`` prints it)."""
    return {"story": story, "title": title, "method": method, "articles": articles,
            "dates": [e.to_dict() for e in entries]}
