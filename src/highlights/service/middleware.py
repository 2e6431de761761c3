"""ASGI middleware: the request body limit, and the security headers on every answer."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .responses import error_response

# The page loads nothing from elsewhere and runs no inline code: article text can never become markup.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


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
        response = error_response(413, "too_large", f"the request body{size} is larger than the limit of "
                                  f"{self.max_bytes:,} bytes (HIGHLIGHTS_MAX_BODY_BYTES)",
                                  headers={"Connection": "close"})
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    """The ``receive`` of a refused request: its body is not read."""
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
