"""The endpoints: the JSON API under ``/v1``, liveness and readiness, the metrics and the two pages.

``add_routes(...)`` is called once by ``create_app``: the routes close over the app's ``Dispatcher``, and
what they document (the batch size, the body limit, the time limit, the 401) comes from its settings.
They are added to the app itself, not through an ``APIRouter``, so ``app.routes`` lists them as before.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.params import Depends
from fastapi.responses import FileResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from ..settings import ARTICLES_LISTED, MAX_COUNT, MIN_COUNT
from ..version import __version__
from .codes import ApiError
from .config import ServiceSettings
from .dispatch import Dispatcher
from .feeds import Poller, subscriptions
from .observe import note
from .responses import Json
from .schemas import (
    ArticleIn,
    BatchIn,
    BatchOut,
    ErrorOut,
    FeedIn,
    FeedListOut,
    FeedOut,
    HealthOut,
    IngestedOut,
    MethodsOut,
    ReadyOut,
    StoredArticleOut,
    StoryArticleIn,
    StoryListOut,
    StoryOut,
    SummaryOut,
    TimelineOut,
    TopicListOut,
)
from .stories import StoryDesk

STATIC = Path(__file__).parent / "static"


ID = 2**31 - 1  # the largest id a database column holds


def add_routes(app: FastAPI, dispatcher: Dispatcher, desk: StoryDesk, service: ServiceSettings, *,
               auth: Sequence[Depends] = (), poller: Poller | None = None) -> None:
    """Add the routes to ``app``; ``auth`` holds the API-key dependency of ``/v1/*`` (empty without a key)."""
    errors: dict[int | str, dict[str, Any]] = {
        **({401: {"model": ErrorOut, "description": "no API key, or a wrong one"}} if auth else {}),
        400: {"model": ErrorOut, "description": "the body could not be read"},
        413: {"model": ErrorOut, "description": f"the body is larger than {service.max_body_bytes:,} bytes"},
        422: {"model": ErrorOut, "description": "bad JSON, a bad field, or an empty story; `fields` names it"},
        408: {"model": ErrorOut, "description": f"the body did not arrive within {service.body_timeout:g} s"},
        503: {"model": ErrorOut, "description": f"the time limit ({service.timeout:g} s) ran out (the work was "
                                                "stopped), the queue is full, the method is not available, or "
                                                "the language model (`writer` llm) did not answer; "
                                                "`Retry-After` says when to try again"},
    }

    @app.post("/v1/highlights", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
              summary="Highlights for one story", responses={200: {"model": SummaryOut}, **errors})
    async def highlights(article: ArticleIn, request: Request) -> Json:
        return Json(await dispatcher.summarize(article, on_done=lambda info: log_article(request, info)))

    @app.post("/v1/highlights/batch", response_class=Json, response_model=None, dependencies=auth,
              tags=["highlights"], summary=f"Highlights for up to {service.max_batch} stories",
              description="One result per article, in order. An article that cannot be summarized (empty, "
                          "unreadable, too long) gets an error object in its place and the others are still "
                          "answered; a bad request as a whole gets 422.",
              responses={200: {"model": BatchOut}, **errors})
    async def highlights_batch(batch: BatchIn, request: Request) -> Json:
        answer = await dispatcher.summarize_batch(batch, on_done=lambda info: log_article(request, info))
        note(request.scope, articles=len(batch.articles), failed=answer["failed"])
        return Json(answer)

    store: dict[int | str, dict[str, Any]] = {
        503: {"model": ErrorOut, "description": "the stories database cannot be used (HIGHLIGHTS_DB)"},
        **{k: v for k, v in errors.items() if k in (401, 422)}}

    @app.post("/v1/articles", response_class=Json, response_model=None, dependencies=auth, tags=["stories"],
              status_code=201, summary="Add an article to the stories database",
              description="The article is summarized (as by /v1/highlights), placed in the story it continues "
                          "(or starts one) and stored. The same text sent again is stored once: the answer "
                          "is then 200 with `new_article` false and the placement it has.",
              responses={201: {"model": IngestedOut}, 200: {"model": IngestedOut}, **errors, **store})
    async def add_article(article: StoryArticleIn, request: Request) -> Json:
        summary = await dispatcher.summarize(article, on_done=lambda info: log_article(request, info))
        answer = await run_in_threadpool(desk.add, summary, external_id=article.id, url=article.url)
        note(request.scope, story=answer["story"], new_article=answer["new_article"])
        return Json(answer, status_code=201 if answer["new_article"] else 200)

    @app.get("/v1/stories", response_class=Json, response_model=None, dependencies=auth, tags=["stories"],
             summary="The stories, latest first", description="As `highlights stories --format json`.",
             responses={200: {"model": list[StoryListOut]}, **store})
    async def list_stories(limit: int = Query(20, ge=1, le=1000, description="stories to list"),
                           min_size: int = Query(1, ge=1, le=ID, description="only stories with at least this "
                                                 "many articles"),
                           min_articles: int | None = Query(None, ge=1, le=ID, description="the same as "
                                                            "`min_size`, as /v1/topics names it (with both, "
                                                            "the larger holds)"),
                           order: Literal["recent", "size"] = Query("recent", description="`recent`: the latest "
                                                                    "first, then the largest; `size`: the largest "
                                                                    "first, then the latest"),
                           topic: int | None = Query(None, ge=1, le=ID, description="only the stories of this "
                                                     "topic (GET /v1/topics)"),
                           count: int = Query(3, ge=MIN_COUNT, le=MAX_COUNT, description="highlights per story")
                           ) -> Json:
        return Json(await dispatcher.read("stories", limit=limit, min_size=max(min_size, min_articles or 1), n=count,
                                          order=order, topic=topic))

    @app.get("/v1/topics", response_class=Json, response_model=None, dependencies=auth, tags=["stories"],
             summary="The topics: long-running threads of stories, largest first, each with its stories",
             description="As `highlights stories --by topic --format json`. A topic lists its largest stories "
                         "(a one-article story only when none is larger; the others are counted in "
                         "`single_stories`), each opened by GET /v1/stories/{id}.",
             responses={200: {"model": list[TopicListOut]}, **store})
    async def list_topics(order: Literal["size", "recent"] = Query("size", description="`size`: the most "
                                                                   "articles first, then the latest; `recent`: "
                                                                   "the latest article first, then the most"),
                          min_articles: int = Query(1, ge=1, le=ID, description="only topics with at least this "
                                                    "many articles"),
                          since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                                    json_schema_extra={"format": "date"},
                                                    description="only topics with an article on or after this "
                                                    "day (YYYY-MM-DD)"),
                          until: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                                    json_schema_extra={"format": "date"},
                                                    description="only topics with an article on or before this "
                                                    "day (YYYY-MM-DD)"),
                          limit: int = Query(20, ge=1, le=1000, description="topics to list"),
                          stories: int = Query(5, ge=1, le=100, description="stories listed per topic")) -> Json:
        start = _iso_day(since, field="query.since") if since is not None else None
        end = _iso_day(until, field="query.until") if until is not None else None
        if start is not None and end is not None and end < start:
            return Json([])  # a window that ends before it starts holds no topic (the schema cannot say so)
        return Json(await dispatcher.read("topics", order=order, min_size=min_articles, since=start, until=end,
                                          limit=limit, stories_per_topic=stories))

    @app.get("/v1/stories/{story_id}", response_class=Json, response_model=None, dependencies=auth,
             tags=["stories"], summary="One story: its articles and its highlights with evidence",
             description="As `highlights story ID --format json`: each highlight's evidence names the article "
                         "and the span of its text (GET /v1/articles/{id}).",
             responses={200: {"model": StoryOut}, 404: {"model": ErrorOut, "description": "no such story"}, **store})
    async def one_story(story_id: int = PathParam(ge=1, le=ID),
                        count: int = Query(4, ge=MIN_COUNT, le=MAX_COUNT, description="highlights"),
                        since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"},
                                                  description="what is new: only highlights of articles published "
                                                  "after this day (YYYY-MM-DD) that repeat none of those published "
                                                  "up to it"),
                        offset: int = Query(0, ge=0, le=ID, description="the story's articles from this one on"),
                        limit: int = Query(ARTICLES_LISTED, ge=1, le=1000, description="articles listed "
                                           "(`articles_total` counts them all)")) -> Json:
        day = _iso_day(since, field="since") if since is not None else None
        return Json(await dispatcher.read("story", story_id=story_id, n=count, since=day, offset=offset, limit=limit))

    @app.get("/v1/stories/{story_id}/timeline", response_class=Json, response_model=None, dependencies=auth,
             tags=["stories"], summary="A story's timeline: its key dates, each with bullets and evidence",
             description="As `highlights timeline --story ID --format json`: each date says whether articles were "
                         "published on it or the text names it; each bullet's evidence names the article and span.",
             responses={200: {"model": TimelineOut}, 404: {"model": ErrorOut, "description": "no such story"},
                        **store})
    async def story_timeline(story_id: int = PathParam(ge=1, le=ID),
                             dates: int = Query(10, ge=1, le=100, description="dates on the timeline"),
                             per_date: int = Query(2, ge=1, le=10, description="bullets a date")) -> Json:
        return Json(await dispatcher.read("timeline", story_id=story_id, dates=dates, per_date=per_date))

    @app.get("/v1/feeds", response_class=Json, response_model=None, dependencies=auth, tags=["feeds"],
             summary="The feeds followed, each with its last round", description="As `highlights feeds --format json`.",
             responses={200: {"model": FeedListOut}, **store})
    async def list_feeds() -> Json:
        rows = await run_in_threadpool(lambda: desk.guard(lambda: subscriptions(desk).feeds()))
        return Json({"feeds": [r.to_dict() for r in rows], "every": service.follow_every})

    @app.post("/v1/feeds", response_class=Json, response_model=None, dependencies=auth, tags=["feeds"],
              status_code=201, summary="Follow a feed",
              description="Adds an RSS or Atom feed (or an OPML list, whose feeds are added when it is read) to the "
                          "feeds the server polls every HIGHLIGHTS_FOLLOW_EVERY seconds; each new item's page is "
                          "fetched (public addresses only, unless HIGHLIGHTS_FETCH_PRIVATE), summarized and placed "
                          "in its story. 201: added; 200: it was followed already.",
              responses={201: {"model": FeedOut}, 200: {"model": FeedOut}, **errors, **store})
    async def add_feed(feed: FeedIn) -> Json:
        url = feed.url  # (an http(s) address: the schema checked)
        row, added = await run_in_threadpool(lambda: desk.guard(lambda: subscriptions(desk).subscribe(url)))
        if added and poller is not None:
            await run_in_threadpool(poller.soon)
        return Json(row.to_dict(), status_code=201 if added else 200)

    @app.delete("/v1/feeds/{feed_id}", response_class=Json, response_model=None, dependencies=auth, tags=["feeds"],
                summary="Stop following a feed", description="Its articles stay in their stories.",
                responses={200: {"model": FeedOut}, 404: {"model": ErrorOut, "description": "no such feed"}, **store})
    async def remove_feed(feed_id: int = PathParam(ge=1, le=ID)) -> Json:
        gone = await run_in_threadpool(lambda: desk.guard(lambda: subscriptions(desk).remove(feed_id)))
        if gone is None:
            raise ApiError.of("not_found", f"feed_id: no feed {feed_id} is followed (GET /v1/feeds lists them)",
                              field="feed_id")
        return Json(gone.to_dict())

    @app.get("/v1/articles/{article_id}", response_class=Json, response_model=None, dependencies=auth,
             tags=["stories"], summary="One stored article: its text, its story and its highlights",
             responses={200: {"model": StoredArticleOut}, 404: {"model": ErrorOut, "description": "no such article"},
                        **store})
    async def one_article(article_id: int = PathParam(ge=1, le=ID)) -> Json:
        return Json(await run_in_threadpool(lambda: desk.article(article_id)))

    @app.get("/v1/methods", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
             summary="The summarizers, the default and the limits",
             responses={200: {"model": MethodsOut}, **{k: v for k, v in errors.items() if k == 401}})
    async def methods() -> Json:
        return Json(dispatcher.methods())

    @app.get("/healthz", response_class=Json, response_model=None, tags=["service"], summary="Liveness",
             responses={200: {"model": HealthOut}})
    async def healthz() -> Json:
        return Json({"status": "ok", "version": __version__})

    @app.get("/readyz", response_class=Json, response_model=None, tags=["service"], summary="Readiness",
             description="200 when a request sent now would be worked on; 503 while the models load, or while "
                         "every worker is busy and the queue is full (a load balancer should send elsewhere).",
             responses={200: {"model": ReadyOut}, 503: {"model": ReadyOut}})
    async def readyz() -> Json:
        ready, why = dispatcher.readiness()
        return Json({"status": "ready" if ready else "not_ready", "reason": why,
                     "queue": dispatcher.pool.waiting, "busy": dispatcher.pool.busy}, status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        m = app.state.metrics
        m.queue.set(dispatcher.pool.waiting)
        m.busy.set(dispatcher.pool.busy)
        return Response(generate_latest(m.registry), media_type=CONTENT_TYPE_LATEST)

    def log_article(request: Request, info: dict[str, Any]) -> None:
        stages = info.get("stages") or {}
        for stage, seconds in stages.items():
            app.state.metrics.stages.labels(stage).observe(seconds)
        note(request.scope, **{k: v for k, v in info.items() if k != "stages"},
             stages={k: round(v, 4) for k, v in stages.items()})

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/stories", include_in_schema=False)
    async def stories_page() -> FileResponse:
        return FileResponse(STATIC / "stories.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")


def _iso_day(value: str, *, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError.of("invalid_request", f"{field}: {value!r} is not a real date (YYYY-MM-DD)",
                          field=field) from None


def describe_limits(app: FastAPI, *, methods: Callable[[], list[str]], max_batch: int) -> None:
    """Put what is known only at start-up into the spec: the methods this server has, the batch size."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = make()
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("ArticleIn", "BatchIn", "StoryArticleIn"):
                prop = schemas.get(name, {}).get("properties", {}).get("method")
                if prop is not None:
                    prop.pop("anyOf", None)
                    prop.pop("maxLength", None)
                    prop["anyOf"] = [{"type": "string", "enum": methods()}, {"type": "null"}]
            articles = schemas.get("BatchIn", {}).get("properties", {}).get("articles")
            if articles is not None:
                articles["maxItems"] = max_batch
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
