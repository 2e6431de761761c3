"""The HTTP service: the JSON API (described by OpenAPI) and the web page, as one FastAPI app.

    uvicorn --factory highlights.service.app:create_app      # or: highlights serve

``create_app(settings)`` builds the summarizers once, at start-up. Every answer other than
200 is JSON of one shape (``{"error": code, "message": one line, "fields": [...]}``) and no
input makes the service answer 500.
"""
from __future__ import annotations

import contextlib
import hmac
import json
import math
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..settings import Settings
from .config import ServiceSettings
from .engine import ApiError, Engine, log
from .schemas import (ArticleIn, BatchIn, BatchOut, ErrorOut, HealthOut, MethodsOut, SummaryOut)

STATIC = Path(__file__).parent / "static"
# The page loads nothing from elsewhere and runs no inline code: article text can never become markup.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid_request", 503: "unavailable"}

DESCRIPTION = """\
Story highlights for news articles: three or four short bullets, each with its **evidence**,
the span of the article it comes from (`text[start:end]`, offsets in Unicode code points).

Send a story as `text` (plain, the seed form or a CNN `.story` file) or as an `html` page.
The answer is the JSON contract of `highlights summarize --format json`; new fields may be added.
Errors are JSON: `{"error": code, "message": one line, "fields": [{"field", "message", "type"}]}`.
"""


def create_app(settings: Settings | None = None, service: ServiceSettings | None = None) -> FastAPI:
    """The app; both settings default to the ``HIGHLIGHTS_*`` environment variables."""
    settings = settings if settings is not None else Settings.from_env()
    service = service if service is not None else ServiceSettings.from_env()
    engine = Engine(settings, service)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        engine.close()

    app = FastAPI(title="Highlights", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.add_middleware(BodyLimit, max_bytes=service.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    _handlers(app)

    auth = [Depends(_api_key_check(service.api_key))] if service.api_key else []
    errors = {
        **({401: {"model": ErrorOut, "description": "no API key, or a wrong one"}} if auth else {}),
        400: {"model": ErrorOut, "description": "the body could not be read"},
        413: {"model": ErrorOut, "description": f"the body is larger than {service.max_body_bytes:,} bytes"},
        422: {"model": ErrorOut, "description": "bad JSON, a bad field, or an empty story; `fields` names it"},
        503: {"model": ErrorOut, "description": f"the time limit ({service.timeout:g} s) ran out, or the "
                                                "method is not available"},
    }

    @app.post("/v1/highlights", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
              summary="Highlights for one story", responses={200: {"model": SummaryOut}, **errors})
    async def highlights(article: ArticleIn) -> Json:
        return Json(await engine.call(engine.summarize, article))

    @app.post("/v1/highlights/batch", response_class=Json, response_model=None, dependencies=auth,
              tags=["highlights"], summary=f"Highlights for up to {service.max_batch} stories",
              description="One result per article, in order. An article that cannot be summarized (empty, "
                          "unreadable, too long) gets an error object in its place and the others are still "
                          "answered; a bad request as a whole gets 422.",
              responses={200: {"model": BatchOut}, **errors})
    async def highlights_batch(batch: BatchIn) -> Json:
        return Json(await engine.call(engine.summarize_batch, batch))

    @app.get("/v1/methods", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
             summary="The summarizers, the default and the limits",
             responses={200: {"model": MethodsOut}, **{k: v for k, v in errors.items() if k == 401}})
    async def methods() -> Json:
        return Json(engine.methods())

    @app.get("/healthz", response_class=Json, response_model=None, tags=["service"], summary="Liveness",
             responses={200: {"model": HealthOut}})
    async def healthz() -> Json:
        return Json({"status": "ok", "version": __version__})

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _describe_limits(app, methods=list(engine.summarizers), max_batch=service.max_batch)
    return app


def _describe_limits(app: FastAPI, *, methods: list[str], max_batch: int) -> None:
    """Put what is known only at start-up into the spec: the methods this server has, the batch size."""
    make = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = make()
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("ArticleIn", "BatchIn"):
                prop = schemas.get(name, {}).get("properties", {}).get("method")
                if prop is not None:
                    prop.pop("anyOf", None)
                    prop.pop("maxLength", None)
                    prop["anyOf"] = [{"type": "string", "enum": methods}, {"type": "null"}]
            articles = schemas.get("BatchIn", {}).get("properties", {}).get("articles")
            if articles is not None:
                articles["maxItems"] = max_batch
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi


class Json(JSONResponse):
    """Strict, compact UTF-8 JSON; never fails on a NaN score or a stray surrogate."""

    def render(self, content) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except ValueError:
            return json.dumps(_finite(content), ensure_ascii=True, allow_nan=False,
                              separators=(",", ":")).encode("ascii")


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _error(status: int, error: str, message: str, *, fields: list[dict] | None = None,
           headers: dict[str, str] | None = None) -> Json:
    body = {"error": error, "message": message}
    if fields is not None:
        body["fields"] = fields
    return Json(body, status_code=status, headers=headers)


# -- errors ----------------------------------------------------------------------------------

def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Json:
        fields = None
        if exc.field:
            message = exc.message.removeprefix(f"{exc.field}: ")
            fields = [{"field": exc.field, "message": message, "type": exc.error}]
        return _error(exc.status, exc.error, exc.message, fields=fields, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Json:
        fields = [_field_error(e, request) for e in exc.errors()]
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
        if len(fields) > 3:
            message += f"; and {len(fields) - 3} more"
        return _error(422, "invalid_request", message, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Json:
        detail = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404:
            detail = f"no such page or endpoint: {request.url.path} (the API is under /v1, see /docs)"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        elif exc.status_code == 400:
            detail = "the request body could not be read as JSON; send a JSON object"
        return _error(exc.status_code, CODES.get(exc.status_code, "error"), detail,
                      headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Json:  # a bug: logged, and answered in JSON
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, "internal_error", "an internal error occurred; it has been logged")


def _field_error(e: dict, request: Request) -> dict:
    loc = tuple(e.get("loc", ()))
    kind = e.get("type", "invalid")
    if loc[:1] == ("body",):
        loc = loc[1:]
    if kind == "json_invalid":
        pos = loc[0] if loc and isinstance(loc[0], int) else None
        where = f" at character {pos}" if pos is not None else ""
        reason = (e.get("ctx") or {}).get("error", "")
        return {"field": "body", "message": f"invalid JSON{where}" + (f": {reason}" if reason else ""),
                "type": kind}
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else ("." if field else "") + str(part)
    field = field or "body"
    msg = str(e.get("msg", "invalid"))
    if kind == "missing":
        msg = "required" if field != "body" else "required: send a JSON object"
    elif kind == "extra_forbidden":
        msg = "unknown field"
    elif kind in ("model_attributes_type", "dict_type", "model_type") and field == "body":
        ctype = request.headers.get("content-type", "")
        msg = "expected a JSON object" + ("" if "json" in ctype else " sent as Content-Type: application/json")
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return {"field": field, "message": msg, "type": kind}


def _api_key_check(expected: str):
    header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the service's API key")
    bearer = HTTPBearer(auto_error=False, description="the service's API key as a bearer token")
    want = expected.encode("utf-8")

    async def check(key: str | None = Security(header),
                    token: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
        for given in (key, token.credentials if token else None):
            if given is not None and hmac.compare_digest(given.encode("utf-8"), want):
                return
        raise ApiError(401, "unauthorized", "this service needs an API key: send it in the X-API-Key header "
                       "or as Authorization: Bearer KEY", headers={"WWW-Authenticate": "Bearer"})

    return check


# -- middleware ------------------------------------------------------------------------------

class BodyLimit:
    """413 for a body over ``max_bytes``: at once from Content-Length, else while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            await self._refuse(scope, send, int(length))
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, send, None)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send, length: int | None) -> None:
        size = f" ({length:,} bytes)" if length is not None else ""
        response = _error(413, "too_large", f"the request body{size} is larger than the limit of "
                          f"{self.max_bytes:,} bytes (HIGHLIGHTS_MAX_BODY_BYTES)", headers={"Connection": "close"})
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


class SecurityHeaders:
    """``nosniff`` on every answer; a strict Content-Security-Policy on pages."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                ctype = dict(headers).get(b"content-type", b"")
                if ctype.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
