"""The JSON the service answers with: one response class, and the body of every error.

Shared by the routes, the error handlers and the middleware, so that each answer, 200 or not,
is encoded the same way; ``send_error`` answers from middleware, where no handler runs.
"""
from __future__ import annotations

import json
import math
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import Message, Scope, Send

from .codes import ApiError


class Json(JSONResponse):
    """Strict, compact UTF-8 JSON; never fails on a NaN score or a stray surrogate."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except ValueError:
            return json.dumps(_finite(content), ensure_ascii=True, allow_nan=False,
                              separators=(",", ":")).encode("ascii")


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float made ``None`` (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def error_response(status: int, error: str, message: str, *, fields: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> Json:
    """The error contract: ``{"error": code, "message": one line, "fields": [...]}`` (fields if any)."""
    body: dict[str, Any] = {"error": error, "message": message}
    if fields is not None:
        body["fields"] = fields
    return Json(body, status_code=status, headers=headers)


async def send_error(scope: Scope, send: Send, error: ApiError) -> None:
    """Send ``error`` in the error contract from middleware (before the app and its exception handlers run, or after
    the app failed), without reading the request's body."""
    response = error_response(error.status, error.error, error.message, headers=error.headers)
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    """The ``receive`` of a request answered from middleware: its body is not read."""
    return {"type": "http.disconnect"}
