"""The optional API key: when the service has one, ``/v1/*`` needs it in ``X-API-Key`` or as a bearer token."""
from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterable

from fastapi import Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .codes import ApiError


def api_key_check(expected: str) -> Callable[..., Awaitable[None]]:
    """A dependency that lets a request through only with ``expected`` as its key, else raises 401.

    Both ways of sending the key are declared as security schemes, so the OpenAPI spec lists them;
    the comparison takes the same time whatever the key given.
    """
    header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the service's API key")
    bearer = HTTPBearer(auto_error=False, description="the service's API key as a bearer token")
    want = expected.encode("utf-8")

    async def check(key: str | None = Security(header),
                    token: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
        given = [g.encode("utf-8") for g in (key, token.credentials if token else None) if g is not None]
        if not matches(given, want):
            raise ApiError.of("unauthorized", UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})

    return check


UNAUTHORIZED = "this service needs an API key: send it in the X-API-Key header or as Authorization: Bearer KEY"


def matches(given: Iterable[bytes], want: bytes) -> bool:
    """Whether one of the keys ``given`` is ``want``, in the same time whatever they are."""
    return any(hmac.compare_digest(g, want) for g in given)
