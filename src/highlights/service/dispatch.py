"""The front of the work: request → checks that cost nothing → a worker process (``workers``) → answer.

What can be refused without reading the story closely is refused here, before any work is queued:
an unknown or unavailable method, a missing or empty story, too many sentences by a count of its
stops (``rough_sentences``), a full queue (503 with ``Retry-After``). The story itself is read and
summarized in a worker process, which is killed at the request's deadline (``HIGHLIGHTS_TIMEOUT``),
so a request never costs more than that. A batch runs its articles side by side, each answered on
its own: one slow or bad article gets an error object in its place and never costs the others.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from ..errors import SettingsError
from ..select import DESCRIPTIONS, SUMMARIZERS
from ..select.registry import check_method
from ..settings import MAX_COUNT, MIN_COUNT, Settings
from .codes import ApiError
from .config import ServiceSettings
from .schemas import ArticleIn, BatchIn, StoryArticleIn
from .workers import WORK, Overloaded, TimedOut, WorkerDied, WorkerPool

log = logging.getLogger("highlights.service")
READERS = 1  # worker processes for reads of the stories database (a lane apart from the articles')

# A cheap count of a story's sentences: its stops followed by a space, and its line breaks. Splitting
# finds about as many (fewer where a stop ends an abbreviation), so twice the limit by this count is
# surely over it; nearer the limit the worker's exact count decides.
_STOPS = re.compile(r"[.!?]+(?=\s)|\n")


def rough_sentences(text: str) -> int:
    return len(_STOPS.findall(text)) + 1


class Dispatcher:
    def __init__(self, settings: Settings, service: ServiceSettings, *, work: str = WORK):
        self.settings, self.service = settings, service
        self.pool = WorkerPool(settings, concurrency=service.threads, queue=service.queue,
                               max_sentences=service.max_sentences, work=work)
        # reads of the stories database have a lane of their own, with its own worker and queue, so that readers
        # of a big story never make an article wait for a worker
        self.reads = WorkerPool(settings, concurrency=READERS, queue=service.queue, max_sentences=service.max_sentences,
                                work=work, lane="reads")

    def start(self) -> None:
        """Start the workers, each with its models loaded, and the readers (blocking: at start-up)."""
        self.pool.start()
        self.reads.start()
        unavailable = self.pool.unavailable
        for name, reason in unavailable.items():
            log.warning("method %s is unavailable: %s", name, reason)
        if self.settings.method in unavailable:
            log.error("the default method %r is unavailable; requests must name another", self.settings.method)

    def close(self) -> None:
        self.pool.close()
        self.reads.close()

    @property
    def names(self) -> list[str]:
        return self.pool.methods or list(SUMMARIZERS)

    @property
    def available(self) -> list[str]:
        return [name for name in self.names if name not in self.pool.unavailable]

    def readiness(self) -> tuple[bool, str]:
        """Whether a request sent now would be worked on: the workers are up and the queue has room."""
        if not self.pool.started:
            return False, "starting: the models are loading"
        if self.pool.full:
            return False, "busy: every worker is working and the queue is full"
        return True, "ready"

    # -- requests ----------------------------------------------------------------------------

    def methods(self) -> dict:
        return {
            "default": self.settings.method,
            "methods": [{"name": name, "description": DESCRIPTIONS.get(name, ""),
                         "available": name not in self.pool.unavailable, "reason": self.pool.unavailable.get(name)}
                        for name in self.names],
            "limits": {"count_min": MIN_COUNT, "count_max": MAX_COUNT, "count_default": self.settings.count,
                       "max_batch": self.service.max_batch, "max_body_bytes": self.service.max_body_bytes,
                       "max_sentences": self.service.max_sentences, "timeout_s": self.service.timeout,
                       "queue": self.service.queue, "concurrency": self.service.threads},
            "auth": self.service.api_key is not None,
        }

    async def summarize(self, item: ArticleIn, *, on_done: Callable[[dict], None] | None = None) -> dict:
        """The JSON contract for one article, within the time limit."""
        await self.pool.ensure_started()  # at start-up normally; never on the request's time
        deadline = time.monotonic() + self.service.timeout
        job = self.check(item, where="", method=None, count=None, default_id="text")
        return await self.work(job, deadline=deadline, on_done=on_done)

    async def summarize_batch(self, batch: BatchIn, *, on_done: Callable[[dict], None] | None = None) -> dict:
        """One result per article. A bad request (a field the spec rules out) is refused as a whole;
        an article that cannot be summarized (an HTML page without article text, too many sentences,
        the time limit) gets an error object in its place, and the others are answered."""
        await self.pool.ensure_started()
        deadline = time.monotonic() + self.service.timeout
        if len(batch.articles) > self.service.max_batch:
            raise ApiError.of("invalid_request", f"articles: at most {self.service.max_batch} articles per "
                              f"request (HIGHLIGHTS_MAX_BATCH), got {len(batch.articles)}", field="articles")
        if batch.method is not None:
            self.method(batch.method, field="method")
        jobs: list[dict | ApiError] = []
        for i, item in enumerate(batch.articles):
            try:
                jobs.append(self.check(item, where=f"articles[{i}].", method=batch.method, count=batch.count,
                                       default_id=str(i)))
            except ApiError as exc:
                if exc.status != 422 or exc.error == "invalid_request":
                    raise
                jobs.append(exc)
        if self.pool.full:
            raise self.overloaded()

        async def one(job: dict | ApiError) -> dict | ApiError:
            if isinstance(job, ApiError):
                return job
            try:
                return await self.work(job, deadline=deadline, wait=True, on_done=on_done)
            except ApiError as exc:
                return exc

        answers = await asyncio.gather(*(one(job) for job in jobs))
        results = []
        for i, (item, answer) in enumerate(zip(batch.articles, answers)):
            if isinstance(answer, ApiError):
                results.append({"index": i, "id": item.id, "error": answer.error, "message": answer.message,
                                "field": answer.field})
            else:
                results.append(answer)
        failed = sum(1 for r in results if "error" in r)
        return {"results": results, "ok": len(results) - failed, "failed": failed}

    async def work(self, job: dict, *, deadline: float, wait: bool = False,
                   on_done: Callable[[dict], None] | None = None) -> dict:
        """Run one checked article in a worker. ``wait``: a batch's article waits for a worker even
        when the queue is full (its request took one place already); ``on_done`` gets what the worker
        says of the article for the log (method, size, stage timings)."""
        item = job["item"]
        if item.get("url") is not None:  # the fetch gives up before the deadline kills the worker, to say why
            item = {**item, "fetch_timeout": max(0.1, 0.8 * (deadline - time.monotonic()))}
        return await self._run("summarize", item, field=job["field"], method=job["method"], count=job["count"],
                               deadline=deadline, wait=wait, on_done=on_done, what=job["field"],
                               hint="try again, or send a shorter article or fewer articles, or use the lead method")

    async def read(self, what: str, **params: Any) -> Any:
        """A read of the stories database (``Work.read``: "story", "timeline", "stories", "topics") in a worker, under
        the same time limit and queue as an article."""
        await self.reads.ensure_started()
        deadline = time.monotonic() + self.service.timeout
        return await self._run("read", self.service.db, what, **params, pool=self.reads, deadline=deadline, what=what,
                               hint="try again later, or ask for fewer articles (limit)")

    async def _run(self, job: str, *args: object, deadline: float, wait: bool = False, pool: WorkerPool | None = None,
                   on_done: Callable[[dict], None] | None = None, what: str, hint: str, **kwargs: Any) -> Any:
        """``Work.run(job, *args, **kwargs)`` in a worker of ``pool`` (the articles' by default), its refusals and
        the pool's as ``ApiError``s."""
        article = job == "summarize"  # an article's refusals name its field; a read's name no field
        try:
            answer = await (pool or self.pool).run(job, *args, deadline=deadline, wait=wait, **kwargs)
        except Overloaded:
            raise self.overloaded() from None
        except TimedOut:
            raise ApiError.of("timeout", f"{what}: not finished within the time limit of {self.service.timeout:g} s "
                              f"(HIGHLIGHTS_TIMEOUT), and stopped; {hint}", field=what if article else None,
                              headers={"Retry-After": "5"}) from None
        except WorkerDied:
            raise ApiError.of("worker_died", f"{what}: the work stopped without an answer (out of memory?)"
                              + ("; try a shorter article" if article else ""),
                              field=what if article else None, headers={"Retry-After": "5"}) from None
        if answer[0] == "ok":
            _, result, info = answer
            if on_done is not None:
                on_done(info)
            return result
        _, _, error, message, field = answer  # the worker's status is the table's for its code
        raise ApiError.of(error, message, field=field)

    def overloaded(self) -> ApiError:
        return ApiError.of("overloaded", f"every worker is busy and {self.service.queue} requests are waiting "
                           "(HIGHLIGHTS_QUEUE); try again in a moment", headers={"Retry-After": "2"})

    def check(self, item: ArticleIn, *, where: str, method: str | None, count: int | None, default_id: str) -> dict:
        """The job for one request article, or the 422/503 that refuses it without reading the story."""
        name = self.method(item.method, field=where + "method") if item.method is not None else \
            self.method(method or self.settings.method, field="method")
        if item.text is not None and item.html is not None:
            raise ApiError.of("invalid_request", f"{where}html: send either text or html, not both",
                              field=where + "html")
        stored = isinstance(item, StoryArticleIn)  # there `url` is the address stored with the article, never fetched
        fetch = item.url if item.text is None and item.html is None and not stored else None
        if item.url is not None and fetch is None and not stored:
            raise ApiError.of("invalid_request", f"{where}url: send one of text, html or url, not several",
                              field=where + "url")
        if item.text is None and item.html is None and fetch is None:
            raise ApiError.of("invalid_request", f"{where}text: missing; send the story as text, html or url",
                              field=where + "text")
        field = where + ("url" if fetch is not None else "html" if item.html is not None else "text")
        content = fetch if fetch is not None else item.html if item.html is not None else item.text or ""
        if not content.strip():
            raise ApiError.of("empty_input", f"{field}: is empty or holds only whitespace; nothing to "
                              "summarize", field=field)
        limit = self.service.max_sentences
        rough = rough_sentences(content) if item.html is None and fetch is None else 0
        if rough > 2 * limit:
            raise ApiError.of("too_long", f"{field}: has more than {limit:,} sentences (about "
                              f"{rough:,}); at most {limit:,} are summarized "
                              "(HIGHLIGHTS_MAX_SENTENCES)", field=field)
        found = {"url": fetch, "fetch_private": self.service.fetch_private} if fetch is not None else {}
        return {"item": {"text": item.text, "html": item.html, "id": item.id or default_id, "title": item.title,
                         "date": item.date, **found},
                "field": field, "method": name, "count": item.count or count or self.settings.count}

    def method(self, method: str, *, field: str) -> str:
        if method in self.pool.unavailable:
            raise ApiError.of("method_unavailable", f"{field}: {method!r} is unavailable on this server: "
                              f"{self.pool.unavailable[method]}; choose another (GET /v1/methods)", field=field)
        try:  # the one check of a method's name, against the methods this server has
            return check_method(method, self.available)
        except SettingsError as exc:
            raise ApiError.of("invalid_request", f"{field}: {exc}", field=field) from None
