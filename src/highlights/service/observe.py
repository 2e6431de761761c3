"""What the service tells its operators: request ids, one JSON log line a request, Prometheus metrics.

``Observe`` is ASGI middleware. Each request gets an id (the client's ``X-Request-ID`` when it is a
sane token, else a new one), returned in ``X-Request-ID``; when the answer is sent it logs one JSON
line (``highlights.access``): id, HTTP method, path, status, the error code (if any), seconds, body
bytes, and the summarizer, the article's size and the pipeline's stage timings when the work reported
them. A bug (an exception no handler answered) is answered here, with the error contract's 500, so
that it too carries the id and the security headers and gets its line; its traceback is logged once,
as one JSON line with the id (``highlights.crash``), and goes no further (the server would print it
again). The metrics (``prometheus_client``, one registry per app) count requests by route (its path
template) and status, time them, count refusals by reason and expose the queue: ``GET /metrics``.
"""
from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .codes import ApiError
from .responses import send_error

access = logging.getLogger("highlights.access")
crashes = logging.getLogger("highlights.crash")
_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
UNMATCHED = "unmatched"  # the route label of every path no route has: scans cannot grow the label set
QUIET = ("/metrics", "/healthz", "/readyz", "/static")  # polled: their successful answers are not logged
REFUSALS = (401, 408, 413, 421, 422, 429, 503)  # statuses of requests refused before any work


class Metrics:
    """The service's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("highlights_requests_total", "HTTP requests answered", ["route", "status"], registry=r)
        self.latency = Histogram("highlights_request_seconds", "time to answer a request", ["route"],
                                 buckets=BUCKETS, registry=r)
        self.stages = Histogram("highlights_stage_seconds", "time in each pipeline stage, per article", ["stage"],
                                buckets=BUCKETS, registry=r)
        self.refused = Counter("highlights_refusals_total", "requests refused before any work, by reason",
                               ["reason"], registry=r)
        self.queue = Gauge("highlights_queue_depth", "requests waiting for a worker", registry=r)
        self.busy = Gauge("highlights_workers_busy", "worker processes working on an article", registry=r)
        self.restarts = Counter("highlights_worker_restarts_total", "workers killed at a deadline or lost, and "
                                "replaced", registry=r)


def request_id(scope: Scope) -> str:
    """The request's id, set by ``Observe``."""
    return scope.get("state", {}).get("request_id", "")


def note(scope: Scope, **fields: Any) -> None:
    """Add fields to the request's log line (the article's size and method, stage timings, ...)."""
    scope.setdefault("state", {}).setdefault("log", {}).update(fields)


class Observe:
    """Request ids, the answer to a bug, the access log and the request metrics (see the module)."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1").strip()
        rid = given if _ID.fullmatch(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        route = _route(scope)  # before the app runs: the router rewrites the scope's paths as it goes
        start = time.perf_counter()
        status = 500
        size = 0
        started = False
        error = None

        async def counting() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            nonlocal status, error, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode("latin-1")))
                message = {**message, "headers": headers}
            elif status >= 400 and error is None:  # the error contract's code, for the log and the metrics
                try:
                    error = str(json.loads(message.get("body", b"") or b"{}").get("error", status))
                except (ValueError, AttributeError):
                    error = str(status)
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except Exception as exc:  # a bug: no handler answered it
            _log_crash(scope, rid, exc)
            error = "internal_error"
            if not started:  # else the answer is cut short: the server closes the connection
                await send_error(scope, sending, ApiError.of(
                    "internal_error", f"an internal error occurred; it has been logged with request id {rid}"))
        finally:
            seconds = time.perf_counter() - start
            self.metrics.requests.labels(route, str(status)).inc()
            self.metrics.latency.labels(route).observe(seconds)
            fields = state.get("log", {})
            if error is not None and status in REFUSALS:
                self.metrics.refused.labels(error).inc()
            if route not in QUIET or status >= 400:
                access.info(json.dumps({"request_id": rid, "http_method": scope.get("method"),
                                        "path": scope.get("path"), "status": status, "error": error,
                                        "seconds": round(seconds, 4), "body_bytes": size, **fields},
                                       ensure_ascii=False))


def _log_crash(scope: Scope, rid: str, exc: Exception) -> None:
    """The traceback of a bug as one JSON line with the request's id, so that it is found by the id the client got."""
    crashes.error(json.dumps({"request_id": rid, "http_method": scope.get("method"), "path": scope.get("path"),
                              "error": "internal_error", "exception": f"{type(exc).__name__}: {exc}",
                              "traceback": "".join(traceback.format_exception(exc))}, ensure_ascii=False))


def _route(scope: Scope) -> str:
    """The path template of the route the request asks for (``/v1/stories/{story_id}``, ``/static``), one label
    however many ids are asked for; ``UNMATCHED`` for a path no route has.

    Found as the app's router finds it, its routes in order (one of another method counts: a 405 is that route's),
    so that a request refused before routing (the host, the key, the body) gets its route too.
    """
    routes = getattr(getattr(scope.get("app"), "router", None), "routes", ())
    route = next((r for r in routes if r.matches(scope)[0] is not Match.NONE), None)
    return getattr(route, "path", None) or UNMATCHED
