"""What a reader sees of a story: its highlights across its articles, and the listing of stories.

A story's highlights are drawn from its articles' own highlights (stored at ingest): the strongest first,
a later article's before an earlier one's on a tie, and none that repeats one already taken (half its
words or more in common). Each keeps its evidence, now pointing to the article as well as the span.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from ..document import Article, checked_date
from ..words import STOP, tokens
from .store import Store, StoredStory

T = TypeVar("T")
SAME = 0.5  # share of content words in common above which two highlights say the same thing


def story_highlights(story: StoredStory, n: int = 3, *, since: dt.date | None = None) -> list[dict[str, Any]]:
    """The story's ``n`` highlights; with ``since``, only what is new: highlights of articles published after
    that day that repeat none of the highlights of the articles published up to it, unless they carry a
    number the one they repeat does not (the death toll rose: an update is news)."""
    pool = []
    known: list[set[str]] = []  # the highlights of the articles published up to ``since``
    for order, a in enumerate(story.articles):
        for h in (a.summary or {}).get("highlights", []):
            if since is not None and (a.published is None or a.published <= since):
                known.append(_words(h["text"]))  # known by then (an undated article counts as known)
                continue
            pool.append((float(h.get("score", 0.0)), order, a, h))
    pool.sort(key=lambda x: (-x[0], -x[1]))
    chosen: list[dict[str, Any]] = []
    taken: list[set[str]] = []
    for score, _, a, h in pool:
        words = _words(h["text"])
        if any(_repeats(words, other) for other in taken):
            continue
        if any(_repeats(words, other) and not {w for w in words - other if w.isdigit()} for other in known):
            continue
        taken.append(words)
        chosen.append({"text": h["text"], "score": score, "article": a.id,
                       "date": _iso(a.published), "title": a.title,
                       "evidence": [{**e, "article": a.id} for e in h.get("evidence", [])],
                       **({"spans": h["spans"]} if h.get("spans") else {}),
                       **({"verified": h["verified"]} if "verified" in h else {})})
        if len(chosen) == n:
            break
    return chosen


def _repeats(words: set[str], other: set[str]) -> bool:
    """Whether two highlights say the same thing: half the content words of the shorter in common, or more."""
    return len(words & other) >= SAME * max(1, min(len(words), len(other)))


def listing(store: Store, *, limit: int | None = 20, min_size: int = 1, n: int = 3) -> list[dict[str, Any]]:
    """The stories, latest first: ``[{"id", "title", "articles", "first", "last", "highlights"}]``."""
    out = []
    for row in store.story_list(limit=limit, min_size=min_size):
        story = store.story(row.id) or row
        out.append({"id": row.id, "title": row.title, "articles": row.size, "first": _iso(row.first),
                    "last": _iso(row.last), "topic": row.topic,
                    "highlights": [h["text"] for h in story_highlights(story, n)]})
    return out


def detail(store: Store, story_id: int, *, n: int = 3, since: dt.date | None = None, offset: int = 0,
           limit: int | None = None) -> dict[str, Any] | None:
    """One story: its articles (``limit`` of them from ``offset`` on; ``articles_total`` counts them all) and its
    highlights with evidence (article + span); with ``since``, only the highlights that are new after that day
    (and ``"since"`` says so). Its figures that disagree are computed once per version of the story
    (``Store.view``)."""
    story = store.story(story_id)
    if story is None:
        return None
    page = story.articles[offset:None if limit is None else offset + limit]
    out = {"id": story.id, "title": story.title, "topic": story.topic, "first": _iso(story.first),
           "last": _iso(story.last),
           "articles": [{"id": a.id, "title": a.title, "date": _iso(a.published), "source": a.source,
                         "url": a.url, "external_id": a.external_id, "score": round(a.score, 4)}
                        for a in page],
           "articles_total": len(story.articles), "offset": offset, "limit": limit,
           "highlights": story_highlights(story, n, since=since),
           "conflicts": kept(store, story, "conflicts", story_conflicts)}
    if since is not None:
        out["since"] = since.isoformat()
    return out


def kept(store: Store, story: StoredStory, kind: str, compute: Callable[[StoredStory], T]) -> T:
    """``kind`` of ``story`` as the store keeps it for the story's present version, else ``compute(story)``, kept."""
    found = store.view(story, kind)
    if found is None:
        found = compute(story)
        store.keep_view(story, kind, found)
    return cast(T, found)


def story_conflicts(story: StoredStory) -> list[dict[str, Any]]:
    """Figures that disagree across the story's articles (and within each): the same count, the same day, the
    same place or group named, different sources. Each value names its article."""
    from ..figures import claims
    from ..verify.conflict import checked

    found = [c for a in _articles(story) for c in claims(a)]
    out = [c.to_dict() for c in checked(found, in_article=False)]
    for conflict in out:
        for value in conflict["values"]:
            value["article"] = int(value["article"])  # the store's id, as the highlights' evidence gives it
    return out


def story_timeline(store: Store, story_id: int, *, dates: int = 10, per_date: int = 2,
                   method: str = "dated") -> dict[str, Any] | None:
    """A stored story's timeline, as ``highlights timeline --story ID --format json`` writes it."""
    story = store.story(story_id)
    if story is None:
        return None
    return kept(store, story, f"timeline:{method}:{dates}:{per_date}",
                lambda s: timeline_of(_articles(s), dates=dates, per_date=per_date, method=method, story=s.id,
                                      title=s.title))


def timeline_of(articles: Sequence[Article], *, dates: int, per_date: int, method: str, story: int | None = None,
                title: str | None = None) -> dict[str, Any]:
    """The timeline of the dated ``articles`` (undated ones are left out) as ``highlights timeline --format
    json`` writes it."""
    from .timeline import METHODS, as_dict

    dated = [a for a in articles if checked_date(a.date) is not None]
    entries = METHODS[method](dated, dates=dates, per_date=per_date)
    return as_dict(entries, story=story, title=title, method=method, articles=len(dated))


def _articles(story: StoredStory) -> list[Article]:
    """A stored story's articles as the library reads them, each with its id in the store."""
    return [Article(id=str(a.id), text=a.text, title=a.title, date=a.published, source=a.source)
            for a in story.articles]


def _words(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in STOP}


def stored_article(store: Store, article_id: int) -> dict[str, Any] | None:
    """One stored article: its text (the evidence offsets point into it), its story now and its summary."""
    a = store.article(article_id)
    if a is None:
        return None
    return {"id": a.id, "external_id": a.external_id, "title": a.title, "date": _iso(a.published),
            "source": a.source, "url": a.url, "story": a.story, "topic": a.topic, "text": a.text,
            "summary": a.summary}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None
