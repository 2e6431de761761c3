"""A story's face: the title and highlights that say where the story stands now, and what is new since a day.

A story's highlights come from its articles' own highlights (stored at ingest). Each candidate is ranked by
three things a front-page editor weighs:

- **strength**: the summarizer's own score for the bullet;
- **recency**: the article's place in the story's date order (the latest article weighs 1, the first 1/n),
  so a story that ran for months is summed up by where it stands, and its start is left to the timeline;
- **support**: how many other articles of the story report the same thing (their lead holds half the
  bullet's information). A development that many reports carry is a main one; a stray sentence of one
  late article is not;
- **information**: how much the bullet says that not every report of the story says (``supported``).

The title is the headline of the article behind the first-ranked bullet when that article has one, else
that bullet itself (the writer's headline when ``--writer llm`` wrote it), shortened at a clause boundary;
never an article's first words (a dateline, a time stamp). No constant here is tuned to a data set: the
recency weight is a rank, the support a count.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..words import STOP, tokens
from ..words.idf import Idf
from .store import StoredArticle, StoredStory

SAME = 0.5  # share of content words in common above which two highlights say the same thing
SUPPORTED = 200  # candidates whose support is counted (the strongest and latest); bounds a big story's cost
LEAD_CHARS = 3000  # what of an article is read for support: its lead (the rest drifts to background)
TITLE_WORDS = 16  # a title longer than this is cut at a clause boundary, else here
# " - BBC News", " | Reuters": a site's name after a headline (a short last part after a dash or bar)
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]{1,40}$")


@dataclass(frozen=True)
class Candidate:
    """One stored highlight of one article, with what ranks it."""

    highlight: dict[str, Any]
    article: StoredArticle
    words: frozenset[str]
    strength: float
    recency: float  # in (0, 1]: the article's rank in the story's date order over the number of articles
    support: int = 0  # other articles whose lead holds half its information or more
    information: float = 0.0  # how specific its content words are in news at large (sum of their IDF)
    weight: float = 0.0  # what ranks it (``supported``)


def words(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if t not in STOP)


def repeats(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """Whether two highlights say the same thing: half the content words of the shorter in common, or more."""
    return len(a & b) >= SAME * max(1, min(len(a), len(b)))


def candidates(articles: Sequence[StoredArticle]) -> list[Candidate]:
    """Every stored highlight of ``articles``, each weighted by its article's rank in date order (articles
    without a date count as the oldest; ties keep arrival order)."""
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or dt.date.min, i))
    rank = {i: r + 1 for r, i in enumerate(order)}
    n = max(1, len(articles))
    return [Candidate(h, a, words(h["text"]), float(h.get("score", 0.0)), rank[i] / n)
            for i, a in enumerate(articles) for h in (a.summary or {}).get("highlights", [])]


def supported(pool: list[Candidate]) -> list[Candidate]:
    """``pool``'s strongest and latest ``SUPPORTED`` candidates, each with its support and information, ranked
    by weight (ties: the later article first).

    An article supports a bullet when its lead holds half the bullet's content words or more, each weighted
    by its rarity among the story's articles (log n/df): words that every report of the story has ("Haiti",
    "quake") count for nothing, and paraphrases count (the article's lead is read, not only its bullets).
    Information is how specific the bullet's words are in news at large (their IDF in the shipped table).
    The weight is strength x recency x (1 + log(1 + support)) x information / (information + the median
    information of the candidates): a bullet that says little ("People are concerned about the stability
    of Egypt") is supported by many reports, and still ranks low."""
    bags: dict[int, set[str]] = {}
    for c in pool:
        if c.article.id not in bags:  # an article's lead is read once, however many bullets it has
            bags[c.article.id] = set(words(c.article.text[:LEAD_CHARS]))
        bags[c.article.id].update(c.words)
    df = Counter(w for bag in bags.values() for w in bag)
    rarity = {w: math.log(len(bags) / k) for w, k in df.items()}
    idf = Idf.shipped()
    top = sorted(pool, key=lambda c: (-c.strength * c.recency, -c.article.id))[:SUPPORTED]
    counted = []
    for c in top:
        own = sum(rarity.get(w, 0.0) for w in c.words)
        support = 0
        if own > 0:
            support = sum(1 for i, bag in bags.items() if i != c.article.id
                          and sum(rarity.get(w, 0.0) for w in c.words & bag) >= SAME * own)
        counted.append((c, support, sum(idf.table.get(w, idf.unseen) for w in c.words)))
    middle = statistics.median([info for _, _, info in counted]) if counted else 0.0
    out = [Candidate(c.highlight, c.article, c.words, c.strength, c.recency, support, information,
                     c.strength * c.recency * (1.0 + math.log1p(support)) * information / ((information + middle) or 1.0))
           for c, support, information in counted]
    return sorted(out, key=lambda c: (-c.weight, -c.article.id))


def highlights(story: StoredStory, n: int = 3, *, since: dt.date | None = None,
               skip: str | None = None) -> list[dict[str, Any]]:
    """The story's ``n`` highlights as the JSON contract gives them; with ``since``, only what is new: the
    main developments reported by articles published after that day that repeat none of the highlights of
    the articles published up to it, unless they carry a number the one they repeat does not (the toll rose:
    an update is news). ``skip``: a highlight text already shown (as the title), not repeated."""
    if since is None:
        return _chosen(supported(candidates(story.articles)), n, skip=skip)
    later = [a for a in story.articles if a.published is not None and a.published > since]  # undated: known
    new = {a.id for a in later}
    known = [c.words for c in candidates([a for a in story.articles if a.id not in new])]
    return _chosen(supported(candidates(later)), n, known=known, skip=skip)


def face(story: StoredStory, n: int = 3) -> tuple[str | None, list[dict[str, Any]]]:
    """The story's title and its ``n`` highlights, from one ranking; a title that says its bullet in full (no
    headline used, nothing cut) is not repeated among the highlights."""
    ranked = supported(candidates(story.articles))
    said = _title(story, ranked)
    whole = ranked and said == " ".join(ranked[0].highlight["text"].split()).rstrip(".")
    return said, _chosen(ranked, n, skip=ranked[0].highlight["text"] if whole else None)


def title(story: StoredStory) -> str | None:
    """The story's title: the headline of the article behind its first-ranked highlight, else that highlight
    shortened; the stored title (its first article's) only when no article has a highlight."""
    return _title(story, supported(candidates(story.articles)))


def _title(story: StoredStory, ranked: list[Candidate]) -> str | None:
    if not ranked:
        return story.title
    first = ranked[0]
    if first.article.title and first.article.title.strip():
        return headline(first.article.title)
    return shortened(first.highlight["text"])


def _chosen(ranked: list[Candidate], n: int, *, known: Sequence[frozenset[str]] = (),
            skip: str | None = None) -> list[dict[str, Any]]:
    """The first ``n`` of ``ranked`` that repeat neither one taken before (nor ``skip``) nor one ``known``
    without a new number."""
    chosen: list[dict[str, Any]] = []
    taken: list[frozenset[str]] = [words(skip)] if skip else []
    for c in ranked:
        if any(repeats(c.words, other) for other in taken):
            continue
        if any(repeats(c.words, other) and not {w for w in c.words - other if w.isdigit()} for other in known):
            continue
        taken.append(c.words)
        chosen.append(_as_dict(c))
        if len(chosen) == n:
            break
    return chosen


def headline(text: str) -> str:
    """A page's title without the site's name after it ("Quake kills 300 - BBC News": "Quake kills 300")."""
    text = " ".join(text.split())
    cut = _SITE_SUFFIX.sub("", text)
    return cut if len(cut.split()) >= 3 else text


def shortened(text: str, limit: int = TITLE_WORDS) -> str:
    """``text`` as a title: its final full stop dropped; past ``limit`` words, cut at the first clause boundary
    (a comma, semicolon, colon or dash) after half the limit and within it ("The big winner will be the
    developing world, with the United States, Europe and Japan ...": at the first comma, not inside the
    list), else at the limit with an ellipsis."""
    text = " ".join(text.split()).rstrip(".")
    parts = text.split()
    if len(parts) <= limit:
        return text
    for i in range(limit // 2, limit + 1):
        word = parts[i - 1]
        if word.endswith((",", ";", ":")) or (i < len(parts) and parts[i] in ("-", "--", "\u2013", "\u2014")):
            return " ".join(parts[:i]).rstrip(",;:")
    return " ".join(parts[:limit]) + "\u2026"


def _as_dict(c: Candidate) -> dict[str, Any]:
    h, a = c.highlight, c.article
    return {"text": h["text"], "score": float(h.get("score", 0.0)), "article": a.id,
            "date": a.published.isoformat() if a.published else None, "title": a.title, "support": c.support,
            "evidence": [{**e, "article": a.id} for e in h.get("evidence", [])],
            **({"spans": h["spans"]} if h.get("spans") else {}),
            **({"verified": h["verified"]} if "verified" in h else {})}
