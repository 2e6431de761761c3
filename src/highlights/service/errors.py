"""The error contract: every answer other than 200 is JSON (``{"error": code, "message", "fields"}``), never a 500 page.

Every code the service answers with, and its HTTP status, is in one table, ``STATUS`` (``codes``): the codes of the
library's errors (``highlights.errors``, each class's ``code``) and the service's own. ``ApiError`` is
an answer other than 200, raised by the dispatcher, the API-key check and the routes (and made by the
middleware and the workers, which send it on themselves); the handlers below turn it, a validation
error (naming the field at fault) and Starlette's HTTP errors (404, 405, a body that is not JSON) into
JSON of the contract. Anything else is a bug, answered (500 ``internal_error``) and logged by
``observe.Observe``, which sees every answer: a handler of ``Exception`` would run outside it.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .codes import CODES, STATUS, ApiError
from .responses import Json, error_response

__all__ = ["ApiError", "CODES", "STATUS", "add_handlers"]


def add_handlers(app: FastAPI) -> None:
    """Register the handlers below on ``app``."""
    app.exception_handler(ApiError)(api_error)
    app.exception_handler(RequestValidationError)(invalid)
    app.exception_handler(StarletteHTTPException)(http_error)


async def api_error(request: Request, exc: ApiError) -> Json:
    """An ``ApiError`` as it is; its field, if any, in ``fields``."""
    fields = None
    if exc.field:
        message = exc.message.removeprefix(f"{exc.field}: ")
        fields = [{"field": exc.field, "message": message, "type": exc.error}]
    return error_response(exc.status, exc.error, exc.message, fields=fields, headers=exc.headers)


async def invalid(request: Request, exc: RequestValidationError) -> Json:
    """422 naming every bad field; the message names the first three."""
    fields = [_field_error(e, request) for e in exc.errors()]
    message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
    if len(fields) > 3:
        message += f"; and {len(fields) - 3} more"
    return error_response(STATUS["invalid_request"], "invalid_request", message, fields=fields)


async def http_error(request: Request, exc: StarletteHTTPException) -> Json:
    """Starlette's HTTP errors with a code and a line that says what to do instead."""
    detail = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
    headers = getattr(exc, "headers", None)
    if exc.status_code == 404:
        detail = f"no such page or endpoint: {request.url.path} (the API is under /v1, see /docs)"
    elif exc.status_code == 405:
        allowed = _allowed(request)
        detail = f"{request.method} is not allowed on {request.url.path}" + (
            f"; it answers {', '.join(allowed)}" if allowed else "")
        if allowed:
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
    elif exc.status_code == 400:
        detail = "the request body could not be read as JSON; send a JSON object"
    return error_response(exc.status_code, CODES.get(exc.status_code, "error"), detail, headers=headers)


def _allowed(request: Request) -> list[str]:
    """Every method some route answers at the request's path (Starlette's 405 names only its first route's)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    return sorted(methods)


def _field_error(e: dict[str, Any], request: Request) -> dict[str, Any]:
    """One pydantic error as ``{"field": "articles[2].text", "message", "type"}``, in plain words."""
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
