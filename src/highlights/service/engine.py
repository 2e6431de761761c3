"""The work behind the API, without HTTP: request → Article → Summary, within the service's limits.

One ``Pipeline`` per method is built and warmed up once, when the ``Engine`` is made (at start-up); a
method that fails to load is reported as unavailable instead of stopping the service. The
work runs in a small thread pool so that a request that runs past the time limit can be
answered (503) while the thread finishes on its own; since a busy thread keeps its place in
the pool, slow requests hold up new ones instead of piling up work.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import EmptyInputError, HighlightsError, LanguageError, TooLongError
from ..model import Article
from ..pipeline import Pipeline
from ..read import detect, from_text
from ..select import DESCRIPTIONS, SUMMARIZERS
from ..settings import MAX_COUNT, MIN_COUNT, Settings
from .config import ServiceSettings
from .schemas import ArticleIn, BatchIn

log = logging.getLogger("highlights.service")
T = TypeVar("T")


class ApiError(Exception):
    """An answer other than 200: HTTP status, short code, one readable line, the field at fault."""

    def __init__(self, status: int, error: str, message: str, *, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field, self.headers = status, error, message, field, headers


class Engine:
    def __init__(self, settings: Settings, service: ServiceSettings):
        self.settings, self.service = settings, service
        # trafilatura logs unreadable pages as errors; here they are answered with a 422 instead.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        self.pipelines: dict[str, Pipeline] = {}
        self.unavailable: dict[str, str] = {}
        for name in SUMMARIZERS:
            try:  # one pipeline per method, its models loaded now rather than on the first request
                self.pipelines[name] = Pipeline(settings.with_(method=name, max_sentences=service.max_sentences)
                                                ).warm_up()
            except Exception as exc:  # noqa: BLE001 - a broken method must not stop the others
                log.warning("method %s is unavailable: %s: %s", name, type(exc).__name__, exc)
                self.unavailable[name] = f"it failed to load ({type(exc).__name__}: {exc})"
        if settings.method not in self.pipelines:
            log.error("the default method %r is unavailable; requests must name another", settings.method)
        try:  # HTML reading imports trafilatura, which is slow to import: do it before the first request
            from_text("<html><body><p>Warm-up.</p></body></html>", input_format="html")
        except HighlightsError:
            pass
        self.pool: concurrent.futures.ThreadPoolExecutor | None = None

    # -- the time limit ----------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args) -> T:
        """``fn(*args)`` in the pool, or 503 when it has not finished within the time limit."""
        if self.pool is None:  # made here, and again after a shutdown, as an app may be started more than once
            self.pool = concurrent.futures.ThreadPoolExecutor(self.service.threads, thread_name_prefix="highlights")
        future = self.pool.submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.service.timeout)
        except TimeoutError:
            future.cancel()  # if it is still queued it never starts; a running one finishes unobserved
            raise ApiError(503, "timeout", f"the request did not finish within the time limit of "
                           f"{self.service.timeout:g} s (HIGHLIGHTS_TIMEOUT); try again, or send a shorter "
                           "article, fewer articles or use the lead method", headers={"Retry-After": "5"}) from None

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    # -- requests ----------------------------------------------------------------------------

    def methods(self) -> dict:
        return {
            "default": self.settings.method,
            "methods": [{"name": name, "description": DESCRIPTIONS.get(name, ""),
                         "available": name in self.pipelines, "reason": self.unavailable.get(name)}
                        for name in SUMMARIZERS],
            "limits": {"count_min": MIN_COUNT, "count_max": MAX_COUNT, "count_default": self.settings.count,
                       "max_batch": self.service.max_batch, "max_body_bytes": self.service.max_body_bytes,
                       "max_sentences": self.service.max_sentences, "timeout_s": self.service.timeout},
            "auth": self.service.api_key is not None,
        }

    def summarize(self, item: ArticleIn, *, where: str = "", default_id: str = "text",
                  method: str | None = None, count: int | None = None) -> dict:
        """The JSON contract for one request article; ``where`` prefixes field names (``articles[2].``)."""
        pipeline, field = self._check(item, where=where, method=method)
        try:
            article = self._article(item, field=field, default_id=default_id)
            summary = pipeline(article, n=item.count or count or self.settings.count)
        except TooLongError as exc:
            raise ApiError(422, "too_long", _message(exc, field), field=field) from None
        except EmptyInputError as exc:
            raise ApiError(422, "empty_input", _message(exc, field), field=field) from None
        except LanguageError as exc:
            raise ApiError(422, "unsupported_language", _message(exc, field), field=field) from None
        except HighlightsError as exc:
            raise ApiError(422, "invalid_input", _message(exc, field), field=field) from None
        return summary.to_dict()

    def summarize_batch(self, batch: BatchIn) -> dict:
        """One result per article. A bad request (a field the spec rules out) is refused as a whole;
        an article whose content cannot be summarized (an HTML page without article text, too many
        sentences) gets an error object in its place."""
        if len(batch.articles) > self.service.max_batch:
            raise ApiError(422, "invalid_request", f"articles: at most {self.service.max_batch} articles per "
                           f"request (HIGHLIGHTS_MAX_BATCH), got {len(batch.articles)}", field="articles")
        if batch.method is not None:
            self._pipeline(batch.method, field="method")
        for i, item in enumerate(batch.articles):
            self._check(item, where=f"articles[{i}].", method=batch.method)
        results = []
        for i, item in enumerate(batch.articles):
            try:
                results.append(self.summarize(item, where=f"articles[{i}].", default_id=str(i),
                                              method=batch.method, count=batch.count))
            except ApiError as exc:
                if exc.status != 422:
                    raise
                results.append({"index": i, "id": item.id, "error": exc.error, "message": exc.message,
                                "field": exc.field})
        failed = sum(1 for r in results if "error" in r)
        return {"results": results, "ok": len(results) - failed, "failed": failed}

    def _check(self, item: ArticleIn, *, where: str, method: str | None) -> tuple[Pipeline, str]:
        """The pipeline and the content field of a request article, or the 422/503 that refuses it."""
        if item.method is not None:
            pipeline = self._pipeline(item.method, field=where + "method")
        else:
            pipeline = self._pipeline(method or self.settings.method, field="method")
        if item.text is not None and item.html is not None:
            raise ApiError(422, "invalid_request", f"{where}html: send either text or html, not both",
                           field=where + "html")
        if item.text is None and item.html is None:
            raise ApiError(422, "invalid_request", f"{where}text: missing; send the story as text or html",
                           field=where + "text")
        field = where + ("html" if item.html is not None else "text")
        content = item.html if item.html is not None else item.text or ""
        if not content.strip():
            raise ApiError(422, "empty_input", f"{field}: is empty or holds only whitespace; nothing to "
                           "summarize", field=field)
        return pipeline, field

    def _pipeline(self, method: str, *, field: str) -> Pipeline:
        if method in self.pipelines:
            return self.pipelines[method]
        if method in self.unavailable:
            raise ApiError(503, "method_unavailable", f"{field}: {method!r} is unavailable on this server: "
                           f"{self.unavailable[method]}; choose another (GET /v1/methods)", field=field)
        choices = ", ".join(self.pipelines) or "none"
        raise ApiError(422, "invalid_request", f"{field}: unknown method {method!r}; choose one of {choices}",
                       field=field)

    def _article(self, item: ArticleIn, *, field: str, default_id: str) -> Article:
        if item.html is not None:
            article = from_text(item.html, id=item.id or default_id, input_format="html", source=field)
        else:
            # HTML pasted into ``text`` is read as the page it is (``detect`` knows how pages start); a
            # story is never JSON Lines, whatever its first line looks like.
            text = item.text or ""  # _check has refused a request with neither
            fmt = detect.by_content(text)
            article = from_text(text, id=item.id or default_id, source=field,
                                input_format="text" if fmt == "jsonl" else fmt)
        changes: dict[str, Any] = {k: v for k, v in (("title", item.title), ("date", item.date)) if v is not None}
        return dataclasses.replace(article, **changes) if changes else article


def _message(exc: HighlightsError, field: str) -> str:
    text = str(exc)
    return text if exc.source else f"{field}: {text}"
