"""ASGI middleware: the hosts answered for and the API key (both before the body), the body's size and time
limits, the security headers."""
from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import UNAUTHORIZED, matches
from .codes import ApiError
from .config import host_allowed, host_name
from .responses import send_error

# The page loads nothing from elsewhere and runs no inline code: article text can never become markup.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class BodyLimit:
    """413 for a body over ``max_bytes``, 408 for one that has not arrived within ``timeout`` seconds.

    A body announced as too large is refused at once when the client waits for permission (``Expect:
    100-continue``); otherwise the rest of it is read and dropped first (up to ``DRAIN_FACTOR`` times the
    limit, within the time limit), so that the client, still sending, reads the 413 instead of a reset
    connection.
    """

    DRAIN_FACTOR = 4

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 10.0):
        self.app, self.max_bytes, self.timeout = app, max_bytes, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        deadline = asyncio.get_running_loop().time() + self.timeout
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            if b"100-continue" not in headers.get(b"expect", b"").lower():
                await self._drain(receive, deadline, int(length))
            await self._refuse(scope, send, int(length))
            return
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                await self._too_slow(scope, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._drain(receive, deadline, None)
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

    async def _drain(self, receive: Receive, deadline: float, length: int | None) -> None:
        """Read and drop the rest of a refused body, within the time and size caps."""
        cap = self.DRAIN_FACTOR * self.max_bytes
        if length is not None and length > cap:
            return
        read = 0
        loop = asyncio.get_running_loop()
        while read <= cap:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                return
            if message["type"] != "http.request":
                return
            read += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _refuse(self, scope: Scope, send: Send, length: int | None) -> None:
        size = f" ({length:,} bytes)" if length is not None else ""
        await send_error(scope, send, ApiError.of("too_large", f"the request body{size} is larger than the limit "
                                                  f"of {self.max_bytes:,} bytes (HIGHLIGHTS_MAX_BODY_BYTES)",
                                                  headers={"Connection": "close"}))

    async def _too_slow(self, scope: Scope, send: Send) -> None:
        await send_error(scope, send, ApiError.of("body_timeout", "the request body did not arrive within "
                                                  f"{self.timeout:g} s (HIGHLIGHTS_BODY_TIMEOUT)",
                                                  headers={"Connection": "close"}))


class ApiKeyGate:
    """401 for a ``/v1/`` request without the right API key, before a byte of its body is read."""

    def __init__(self, app: ASGIApp, expected: str):
        self.app, self.want = app, expected.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith("/v1/") and not self._allowed(scope):
            await send_error(scope, send, ApiError.of("unauthorized", UNAUTHORIZED,
                                                      headers={"WWW-Authenticate": "Bearer", "Connection": "close"}))
            return
        await self.app(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        headers = dict(scope.get("headers") or ())
        given = [headers[b"x-api-key"]] if b"x-api-key" in headers else []
        auth = headers.get(b"authorization", b"")
        if auth[:7].lower() == b"bearer ":
            given.append(auth[7:].strip())
        return matches(given, self.want)


class HostGate:
    """421 for a request whose ``Host`` is not one of ``hosts`` (``ServiceSettings.hosts``), before its body is read.

    A page on another site that points its own name at this machine (DNS rebinding) makes the browser send that
    name in ``Host``, so an open service on loopback is not reachable that way.
    """

    def __init__(self, app: ASGIApp, hosts: tuple[str, ...]):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1")
            if not host_allowed(host_name(given), self.hosts):
                await send_error(scope, send, ApiError.of(
                    "host_not_allowed", f"this service does not answer requests for the host {given[:100]!r}; "
                    "the server's HIGHLIGHTS_ALLOWED_HOSTS lists the hosts it answers for",
                    headers={"Connection": "close"}))
                return
        await self.app(scope, receive, send)


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
