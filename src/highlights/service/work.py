"""The work behind the API: one request article → the JSON contract, or the refusal; and the stories reads.

It runs inside a worker process (``workers``): one ``Pipeline`` per method, built and warmed up when
the worker starts; a method that fails to load is reported as unavailable instead of stopping the
service. A read of the stories database (a story, its timeline, the listing) runs here too, under the
same deadline and queue as an article: a big story costs a worker, never the server process. Answers
cross the process boundary as plain tuples: ``("ok", result, info)`` or ``("error", status, code, message,
field)``. A library error is refused as the service's one table
says (``errors.ApiError.from_error``): its class's code, at that code's status.
"""
from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from typing import Any

from ..document import Article, given_date
from ..errors import HighlightsError
from ..pipeline import Pipeline
from ..read import detect, from_text, from_url
from ..select import SUMMARIZERS
from ..settings import Settings
from .codes import ApiError  # the one table of codes (without FastAPI: the workers need none of it)

log = logging.getLogger("highlights.service")
READER_NICENESS = 10  # how much lower a reader's CPU priority is than an article worker's (``os.nice``)


class Work:
    """The pipelines of one worker process, and its jobs: ``summarize`` and ``read``."""

    def __init__(self, settings: Settings, max_sentences: int, *, lane: str = "summarize"):
        self.settings = settings
        self.stores: dict[str | None, Any] = {}  # the stories databases this worker has opened (``read``)
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # unreadable pages get a 422 instead
        self.pipelines: dict[str, Pipeline] = {}
        self.methods: list[str] = list(SUMMARIZERS)
        self.unavailable: dict[str, str] = {}
        if lane == "reads":
            # a reader of the stories database: no pipeline to build; and it yields the CPU to the articles'
            # workers, so that readers of a big story make summaries no slower than the cores allow
            os.nice(READER_NICENESS)
            return
        for name in SUMMARIZERS:
            try:  # one pipeline per method, its models loaded now rather than on the first request
                self.pipelines[name] = Pipeline(settings.with_(method=name, max_sentences=max_sentences)).warm_up()
            except Exception as exc:  # noqa: BLE001 - a broken method must not stop the others
                log.warning("method %s is unavailable: %s: %s", name, type(exc).__name__, exc)
                self.unavailable[name] = f"it failed to load ({type(exc).__name__}: {exc})"
        try:  # HTML reading imports trafilatura, which is slow to import: do it before the first request
            from_text("<html><body><p>Warm-up.</p></body></html>", input_format="html")
        except HighlightsError:
            pass

    def run(self, name: str, *args: Any, **kwargs: Any) -> tuple:
        jobs: dict[str, Callable[..., tuple[Any, dict]]] = {"summarize": self.summarize, "read": self.read}
        if name not in jobs:
            return ("error", 500, "internal", f"unknown job {name!r}", None)
        try:
            return ("ok", *jobs[name](*args, **kwargs))
        except Refusal as exc:
            return ("error", *exc.args)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the worker down; the caller answers 500
            log.exception("the pipeline failed")
            return ("error", 500, "internal", f"the pipeline failed ({type(exc).__name__}); please report it", None)

    def summarize(self, item: dict, *, field: str, method: str, count: int) -> tuple[dict, dict]:
        """The JSON contract for one article, and what the log line says of it: ``item`` holds ``text``
        or ``html`` (``field`` names which, with its place in a batch), and ``id``, ``title``, ``date``."""
        pipeline = self.pipelines[method]
        try:
            article = self.article(item, field=field, settings=self.settings)
            summary = pipeline(article, n=count)
            return summary.to_dict(), {"method": method, "chars": len(article.text),
                                       "sentences": len(summary.sentences), "stages": dict(summary.timings)}
        except HighlightsError as exc:
            answer = ApiError.from_error(exc, field=field)
            raise Refusal(answer.status, answer.error, answer.message, answer.field) from None

    def read(self, db: str | None, what: str, **params: Any) -> tuple[Any, dict]:
        """A read of the stories database ``db``: ``what`` is "story" (``view.detail``), "timeline"
        (``view.story_timeline``), "stories" (``view.listing``) or "topics" (``view.topic_listing``), with their
        ``params``; None from the view is a 404 naming the story."""
        from ..stories.store import Store, database_errors
        from ..stories.view import detail, listing, story_timeline, topic_listing

        try:
            with database_errors(str(db or "stories.db")):
                if db not in self.stores:
                    self.stores[db] = Store(db)
                store = self.stores[db]
                views: dict[str, Callable[..., Any]] = {"story": detail, "timeline": story_timeline, "stories": listing,
                                                        "topics": topic_listing}
                found = views[what](store, **params)
        except HighlightsError as exc:  # as the stories desk answers it (a worker's answer carries no headers)
            answer = ApiError.store_unavailable(exc)
            raise Refusal(answer.status, answer.error, answer.message, None) from None
        if found is None:
            story = params.get("story_id")
            raise Refusal(404, "not_found", f"story_id: no story {story}; GET /v1/stories lists them", "story_id")
        return found, {"read": what}

    @staticmethod
    def article(item: dict, *, field: str, settings: Settings = Settings()) -> Article:
        if item.get("url") is not None:
            article = from_url(item["url"], settings=settings, allow_private=bool(item.get("fetch_private")),
                               deadline=item.get("fetch_timeout"))
            article = dataclasses.replace(article, id=item["id"])
        elif item.get("html") is not None:
            article = from_text(item["html"], id=item["id"], input_format="html", source=field)
        else:
            # HTML pasted into ``text`` is read as the page it is (``detect`` knows how pages start); a
            # story is never JSON Lines, whatever its first line looks like.
            text = item.get("text") or ""
            fmt = detect.by_content(text)
            article = from_text(text, id=item["id"], source=field, input_format="text" if fmt == "jsonl" else fmt)
        changes: dict[str, Any] = {"title": item["title"]} if item.get("title") is not None else {}
        date, noted = given_date(item.get("date"))  # an export's "no date": missing (the input's own stands), noted
        if date is not None:
            changes["date"] = date
        if noted:
            changes["notes"] = (*article.notes, *noted)
        return dataclasses.replace(article, **changes) if changes else article


class Refusal(Exception):
    """(status, code, message, field): an answer other than 200, made in the worker."""
