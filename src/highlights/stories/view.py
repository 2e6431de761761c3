"""What a reader sees of a story: its title and highlights (``face``), its conflicts and timeline, and the
listings of stories and topics. What is costly is computed once per version of a story and kept in the
store (``kept``). Each highlight keeps its evidence, pointing to the article as well as the span.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from ..document import Article, checked_date
from . import face
from .store import Store, StoredStory

T = TypeVar("T")


def story_highlights(story: StoredStory, n: int = 3, *, since: dt.date | None = None) -> list[dict[str, Any]]:
    """The story's ``n`` highlights, where it stands now (the title's own bullet not repeated among them,
    ``face.face``); with ``since``, every main development after that day, the title's as well
    (``face.highlights``)."""
    return face.face(story, n)[1] if since is None else face.highlights(story, n, since=since)


def story_face(store: Store, story: StoredStory, n: int = 3) -> dict[str, Any]:
    """``{"title", "highlights"}`` of ``story`` as readers see it, computed once per version of the story."""
    def compute(s: StoredStory) -> dict[str, Any]:
        said, shown = face.face(s, n)
        return {"title": said, "highlights": shown}

    return kept(store, story, f"face:{n}", compute)


def listing(store: Store, *, limit: int | None = 20, min_size: int = 1, n: int = 3, order: str = "recent",
            topic: int | None = None) -> list[dict[str, Any]]:
    """The stories (of one ``topic``, or all), latest first (``order`` "size": largest first):
    ``[{"id", "title", "articles", "first", "last", "highlights"}]``."""
    out = []
    for row in store.story_list(limit=limit, min_size=min_size, order=order, topic=topic):
        story = store.story(row.id) or row
        shown = story_face(store, story, n)
        out.append({"id": row.id, "title": shown["title"], "articles": row.size, "first": _iso(row.first),
                    "last": _iso(row.last), "topic": row.topic,
                    "highlights": [h["text"] for h in shown["highlights"]]})
    return out


def detail(store: Store, story_id: int, *, n: int = 3, since: dt.date | None = None, offset: int = 0,
           limit: int | None = None) -> dict[str, Any] | None:
    """One story: its articles (``limit`` of them from ``offset`` on; ``articles_total`` counts them all) and its
    highlights with evidence (article + span); with ``since``, only the highlights that are new after that day
    (and ``"since"`` says so). Each article's ``refused`` says why it has no highlights of its own (the
    summarizer declined it: ``{"error", "message"}``), null when it has them. Its figures that disagree are
    computed once per version of the story (``Store.view``)."""
    story = store.story(story_id)
    if story is None:
        return None
    page = story.articles[offset:None if limit is None else offset + limit]
    shown = story_face(store, story, n)
    out = {"id": story.id, "title": shown["title"], "topic": story.topic, "first": _iso(story.first),
           "last": _iso(story.last),
           "articles": [{"id": a.id, "title": a.title, "date": _iso(a.published), "source": a.source,
                         "url": a.url, "external_id": a.external_id, "score": round(a.score, 4),
                         "refused": (a.summary or {}).get("refused")}
                        for a in page],
           "articles_total": len(story.articles), "offset": offset, "limit": limit,
           "highlights": shown["highlights"] if since is None else story_highlights(story, n, since=since),
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


def topic_listing(store: Store, *, order: str = "size", min_size: int = 1, since: dt.date | None = None,
                  until: dt.date | None = None, limit: int | None = 20, stories_per_topic: int = 5
                  ) -> list[dict[str, Any]]:
    """The topics, the long-running threads of stories, largest first (``order`` "recent": latest first), as
    ``[{"id", "title", "articles", "stories", "first", "last", "top_stories", "single_stories",
    "other_stories"}]``. A topic's title is its largest story's; ``top_stories`` (``{"id", "title", "articles",
    "first", "last"}``) lists its largest stories, but a one-article story only when none is larger: the others
    are counted in ``single_stories`` so that a reader sees the threads before the one-offs, and the larger
    stories past ``stories_per_topic`` in ``other_stories``. ``min_size`` counts a topic's articles; ``since`` /
    ``until`` keep the topics with an article on or after / on or before that day (``Store.topic_list``). The
    titles are the stories' faces (``story_face``), as the stories' own pages give them."""
    out = []
    for t in store.topic_list(order=order, min_size=min_size, since=since, until=until, limit=limit,
                              stories_per_topic=stories_per_topic):
        listed_singles = sum(s.size == 1 for s in t.top)
        titles = [_title_of(store, s) for s in t.top]
        out.append({"id": t.id, "title": titles[0] if titles else None, "articles": t.size,
                    "stories": t.stories, "first": _iso(t.first), "last": _iso(t.last),
                    "top_stories": [{"id": s.id, "title": title, "articles": s.size, "first": _iso(s.first),
                                     "last": _iso(s.last)} for s, title in zip(t.top, titles)],
                    "single_stories": t.singles - listed_singles,
                    "other_stories": t.stories - t.singles - (len(t.top) - listed_singles)})
    return out


def _title_of(store: Store, row: StoredStory) -> str | None:
    """A listed story's title as its page gives it; a one-article story's is the one stored at ingest."""
    if row.size <= 1:
        return row.title
    story = store.story(row.id)
    return story_face(store, story)["title"] if story is not None else row.title
