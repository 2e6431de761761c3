"""The service's own settings: request limits, the time limit and the optional API key.

The summarizer defaults (method, count, ...) stay in ``highlights.Settings``; these are only
about serving. ``from_env`` reads ``HIGHLIGHTS_*`` variables, so a deployment (or each
``--workers`` process) configures the service without code.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import SettingsError

# name, environment variable, converter
_ENV = (
    ("max_body_bytes", "HIGHLIGHTS_MAX_BODY_BYTES", int),
    ("max_batch", "HIGHLIGHTS_MAX_BATCH", int),
    ("max_sentences", "HIGHLIGHTS_MAX_SENTENCES", int),
    ("timeout", "HIGHLIGHTS_TIMEOUT", float),
    ("threads", "HIGHLIGHTS_THREADS", int),
    ("queue", "HIGHLIGHTS_QUEUE", int),
    ("body_timeout", "HIGHLIGHTS_BODY_TIMEOUT", float),
    ("api_key", "HIGHLIGHTS_API_KEY", str),
    ("db", "HIGHLIGHTS_DB", str),
)


@dataclass(frozen=True)
class ServiceSettings:
    """Limits of the HTTP service.

    ``max_body_bytes``: larger request bodies get 413 (5 MB, as the CLI's ``--max-bytes``).
    ``max_batch``: articles per ``/v1/highlights/batch`` request.
    ``max_sentences``: longer articles get 422; it bounds the work (and the memory of the
    graph-based methods) one request can ask for. News stories have tens of sentences.
    ``timeout``: seconds a request may take, waiting included, before it gets 503; its work is then
    stopped (the worker process is killed and replaced).
    ``threads``: articles summarized at the same time by one server process, each in its own worker
    process (``HIGHLIGHTS_THREADS``, the name it has always had).
    ``queue``: requests that may wait for a worker; more get 503 with ``Retry-After`` at once.
    ``body_timeout``: seconds the whole request body may take to arrive, else 408.
    ``api_key``: when set, ``/v1/*`` needs it in ``X-API-Key`` or ``Authorization: Bearer``; it is
    checked before the body is read.
    ``db``: the stories database of ``/v1/articles`` and ``/v1/stories`` (a SQLite path or a
    ``postgresql://`` URL, as ``--db``); unset, the CLI's default file in the user's data dir.
    """

    max_body_bytes: int = 5_000_000
    max_batch: int = 32
    max_sentences: int = 5_000
    timeout: float = 10.0
    threads: int = 2
    queue: int = 16
    body_timeout: float = 10.0
    api_key: str | None = None
    db: str | None = None

    def __post_init__(self):
        if self.body_timeout <= 0:
            raise SettingsError(f"body_timeout must be a positive number of seconds, got {self.body_timeout}")
        for name in ("max_body_bytes", "max_batch", "max_sentences", "threads", "queue"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be positive, got {getattr(self, name)}")
        if not self.timeout > 0:
            raise SettingsError(f"timeout must be a positive number of seconds, got {self.timeout}")
        if self.api_key is not None and not self.api_key.strip():
            raise SettingsError("the API key must not be empty; unset HIGHLIGHTS_API_KEY to turn keys off")

    def with_(self, **changes) -> ServiceSettings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        env = os.environ if environ is None else environ
        kw: dict[str, Any] = {}
        for name, var, conv in _ENV:
            raw = env.get(var)
            if raw is None or (conv is str and raw == ""):
                continue
            try:
                kw[name] = conv(raw)
            except ValueError:
                raise SettingsError(f"{var}={raw!r} is not a valid {conv.__name__}") from None
        return cls(**kw)
