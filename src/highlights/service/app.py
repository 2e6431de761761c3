"""The HTTP service: the JSON API (described by OpenAPI) and the web page, as one FastAPI app.

    uvicorn --factory highlights.service.app:create_app      # or: highlights serve

``create_app(settings)`` starts the worker processes (``workers``) at start-up, each with the
summarizers loaded. Every answer other than
200 is JSON of one shape (``{"error": code, "message": one line, "fields": [...]}``) and no
input makes the service answer 500. The parts live next door: ``routes`` (the endpoints),
``errors`` (the error contract), ``middleware`` (hosts and API key gates, body limits, security headers),
``auth`` (the API key in the spec), ``stories`` (the stories database), ``feeds`` (the feeds and their rounds),
``observe`` (request ids, JSON logs, metrics), ``dispatch`` (cheap
checks, deadlines, the queue), ``workers`` (the processes), ``work`` (the pipeline in a worker).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from ..settings import Settings
from ..version import __version__
from .auth import api_key_check
from .config import ServiceSettings
from .dispatch import Dispatcher
from .errors import add_handlers
from .feeds import Poller
from .middleware import ApiKeyGate, BodyLimit, HostGate, SecurityHeaders
from .observe import Metrics, Observe
from .routes import STATIC, add_routes, describe_limits
from .stories import StoryDesk
from .workers import WORK

__all__ = ["create_app"]

log = logging.getLogger("highlights.service")

DESCRIPTION = """\
Story highlights for news articles: three or four short bullets, each with its **evidence**,
the span of the article it comes from (`text[start:end]`, offsets in Unicode code points).

Send a story as `text` (plain, the seed form or a CNN `.story` file) or as an `html` page.
The answer is the JSON contract of `highlights summarize --format json`; new fields may be added.
`POST /v1/articles` adds an article to the stories database, placed in the developing story it continues;
`GET /v1/stories` and `GET /v1/stories/{id}` read them (as `highlights stories` and `highlights story`).
Errors are JSON: `{"error": code, "message": one line, "fields": [{"field", "message", "type"}]}`.
"""


def create_app(settings: Settings | None = None, service: ServiceSettings | None = None, *,
               work: str = WORK) -> FastAPI:
    """The app. ``service`` holds every setting (it extends ``Settings``) and defaults to the ``HIGHLIGHTS_*``
    environment variables; ``settings``, when given, replaces its summarizer's part (method, count, ...), the
    defaults of each request. ``work`` names the class each worker process runs ("module:Class"; tests give one
    with deliberately slow methods)."""
    service = service if service is not None else ServiceSettings.from_env()
    settings = settings if settings is not None else service
    dispatcher = Dispatcher(settings, service, work=work)
    desk = StoryDesk(service.db)
    poller = Poller(desk, dispatcher, service)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, dispatcher.start)  # the workers load the models
        poller.start(loop)  # the feeds' rounds, in a thread (none without HIGHLIGHTS_FOLLOW_EVERY)
        yield
        await loop.run_in_executor(None, poller.stop)
        dispatcher.close()  # the worker processes; they are started again if the app is started again

    app = FastAPI(title="Highlights", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.dispatcher = dispatcher
    app.state.metrics = Metrics()
    # The last added runs first: the security headers and then the request id, log and metrics wrap everything
    # (a bug's 500 included), then the host and the key are checked (before the body), then the body's limits.
    app.add_middleware(BodyLimit, max_bytes=service.max_body_bytes, timeout=service.body_timeout)
    if service.api_key:
        app.add_middleware(ApiKeyGate, expected=service.api_key)
    if service.hosts is not None:
        app.add_middleware(HostGate, hosts=service.hosts)
    app.add_middleware(Observe, metrics=app.state.metrics)
    app.add_middleware(SecurityHeaders)
    add_handlers(app)
    if not service.api_key:
        log.warning(open_service(service.hosts))

    auth = [Depends(api_key_check(service.api_key))] if service.api_key else []
    add_routes(app, dispatcher, desk, service, auth=auth, poller=poller)
    app.state.poller = poller
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    describe_limits(app, methods=lambda: dispatcher.available, max_batch=service.max_batch)
    return app


def open_service(hosts: tuple[str, ...] | None) -> str:
    """What an app without an API key says at start-up: anyone who reaches it may use it, so for which hosts."""
    where = f"only for the hosts {', '.join(hosts)}" if hosts is not None else "for any host"
    return f"no API key (HIGHLIGHTS_API_KEY): the service is open, and answers requests {where} " \
           "(HIGHLIGHTS_ALLOWED_HOSTS)"
